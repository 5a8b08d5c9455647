#pragma once
// Private to src/figure/kinds: the keys several kinds share (line and scatter draw series
// of points; histogram bars take a colour too), parsed and drawn the same way by each.
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/config/kind_syntax.hpp"
#include "plotcluster/core/canvas.hpp"

namespace plotcluster::series_keys {

// Marker shapes, spelled as in matplotlib: "none" "." "o" "s" "^" "v" "D" "+" "x".
enum class Marker { none, point, circle, square, triangle_up, triangle_down, diamond, plus, cross };
inline constexpr std::array<std::string_view, 9> marker_names = {"none", ".", "o", "s", "^",
                                                                 "v",    "D", "+", "x"};

inline std::optional<MarkerShape> marker_shape(Marker m) {
    switch (m) {
        case Marker::none: return std::nullopt;
        case Marker::point: return MarkerShape::point;
        case Marker::circle: return MarkerShape::circle;
        case Marker::square: return MarkerShape::square;
        case Marker::triangle_up: return MarkerShape::triangle_up;
        case Marker::triangle_down: return MarkerShape::triangle_down;
        case Marker::diamond: return MarkerShape::diamond;
        case Marker::plus: return MarkerShape::plus;
        case Marker::cross: return MarkerShape::cross;
    }
    return std::nullopt;
}

inline std::optional<Marker> marker(const RuleKeys& keys) {
    if (auto i = keys.choice("marker", "marker", marker_names)) return static_cast<Marker>(*i);
    return std::nullopt;
}

// `x`: the dataset of x values, an absolute path or a sibling's name.
inline std::optional<std::string> x_dataset(const RuleKeys& keys) {
    auto x = keys.text("x");
    if (x && x->find_first_of("*?[") != std::string::npos) {
        keys.fail("x", "must name one dataset, not a pattern");
    }
    return x;
}

inline std::optional<double> marker_size(const RuleKeys& keys) { return keys.number("marker_size", 0, 200); }
inline std::optional<double> alpha(const RuleKeys& keys) { return keys.number("alpha", 0, 1); }

// `hlines: [values]` / `vlines: [values]`: reference lines across the axes at these y / x
// values (figure_parts::add_reference_lines draws them); none when the key is absent.
inline std::vector<double> reference_lines(const RuleKeys& keys, std::string_view key) {
    constexpr double big = std::numeric_limits<double>::max();
    return keys.numbers(key, -big, big, 1, 1000).value_or(std::vector<double>{});
}

}  // namespace plotcluster::series_keys
