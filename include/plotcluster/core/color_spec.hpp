#pragma once
// Colours as a matplotlib user writes them: "C0".."C9" (the tab10 cycle), "#rrggbb",
// "#rrggbbaa", "tab:blue", and the basic names ("red", "k", "gray", ...).
#include <cstddef>
#include <optional>
#include <string_view>

#include "plotcluster/core/canvas.hpp"

namespace plotcluster {

// The colour a spec names, or nothing when it names none.
std::optional<Color> parse_color(std::string_view spec);

// Entry i (mod 10) of matplotlib's default colour cycle, tab10.
Color cycle_color(std::size_t i);

}  // namespace plotcluster
