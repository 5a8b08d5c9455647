#pragma once
// Everything one plot reads: one or more series (a `group: parent` figure has one per
// member dataset), when the rule names an `x` dataset the x values, and where the cells
// of the drawn axes are (core/coordinate.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/core/coordinate.hpp"
#include "plotcluster/read/array.hpp"

namespace plotcluster {

struct SeriesData {
    std::string dataset;  // absolute path in the file
    Array values;         // already sliced as the rule asks; only axes that are not 1
    // Legend text: a group member's long_name or name; else "". Defaulted so that
    // {dataset, values} still initialises without a warning.
    std::string label{};
};

// A companion dataset as read (plan/kind_plan.hpp's CompanionKey), under its role.
struct CompanionData {
    std::string role;     // "u", "weights"
    std::string dataset;  // absolute path in the file
    Array values;         // whole, or sliced as the data is (Companion::sliced)
    std::string units{};  // its `units` attribute (Companion::units)
};

struct PlotData {
    std::vector<SeriesData> series;  // at least one
    std::optional<Array> x;
    // Every other companion the task reads (`x` is above), in the kind's order.
    std::vector<CompanionData> companions{};
    // Set when the series were reduced while they were read (figure/streamed_line.hpp):
    // the values they had that a plot cannot show, which the reduced series no longer hold.
    std::optional<std::uint64_t> reduced_ignored{};
    // The CF conventions applied to any series or x, each once in first-seen order (the
    // manifest row's `decoded`).
    std::vector<std::string> decoded{};
    // One per kept axis of the (first) series, in kept order (a heatmap's rows, then its
    // columns), for kinds that draw with them (KindPlan::draws_coordinates): the rule's
    // `x`/`y` dataset where it names one for that axis (source CoordinateSource::rule),
    // else what the file says, else indices. Empty when not read (a streamed line, a
    // kind without coordinates).
    std::vector<AxisCoordinate> coordinates{};
    // openPMD: the values' units from unitDimension ("V m^-1"), the series already scaled
    // to SI by unitSI; "" otherwise (also when the dataset has a `units` attribute).
    std::string value_units{};
    // Where the rule's slices cut the data, for a title's {slice} ("z = 0.25 m, t[3]"); ""
    // when the title has no {slice} (read/source.hpp pick_slices).
    std::string slice{};

    // The companion of `role`, or nullptr when the task reads none.
    const CompanionData* companion(std::string_view role) const {
        for (const auto& c : companions)
            if (c.role == role) return &c;
        return nullptr;
    }
};

}  // namespace plotcluster
