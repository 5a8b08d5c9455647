#pragma once
// Everything one plot reads: one or more series (a `group: parent` figure has one per
// member dataset) and, when the rule names an `x` dataset, the x values.
#include <optional>
#include <string>
#include <vector>

#include "plotcluster/read/array.hpp"

namespace plotcluster {

struct SeriesData {
    std::string dataset;  // absolute path in the file
    Array values;         // already sliced as the rule asks; only axes that are not 1
    // Legend text: a group member's long_name or name; else "". Defaulted so that
    // {dataset, values} still initialises without a warning.
    std::string label{};
};

struct PlotData {
    std::vector<SeriesData> series;  // at least one
    std::optional<Array> x;
};

}  // namespace plotcluster
