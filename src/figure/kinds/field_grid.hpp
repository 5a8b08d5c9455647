#pragma once
// Private to src/figure/kinds: where the cells of a 2-D field sit, shared by the kinds that
// draw fields on their coordinates (heatmap, contour).
#include <cstddef>
#include <string>
#include <vector>

#include "plotcluster/core/coordinate.hpp"

namespace plotcluster::figure_parts {

// The axis's label: the rule's, else the coordinate's ("x [m]"), else the plan's default
// (the rule's `x`/`y` dataset's label, or "axis N").
inline std::string axis_label(bool from_rule, const std::string& planned,
                              const std::vector<AxisCoordinate>& coordinates, std::size_t k) {
    if (from_rule || k >= coordinates.size()) return planned;
    std::string label = coordinate_label(coordinates[k]);
    return label.empty() ? planned : label;
}

// The centre of every cell (rows x cols, row-major) along one coordinate: a curvilinear
// one as the file gives it (transposed when it runs columns first), a 1-D one repeated.
inline std::vector<double> centre_grid(const AxisCoordinate& c, std::size_t rows, std::size_t cols,
                                       bool along_rows) {
    std::vector<double> grid(rows * cols);
    if (c.form == AxisCoordinate::Form::curvilinear) {
        const bool transposed = c.spans.size() == 2 && c.spans[0] > c.spans[1];
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j)
                grid[i * cols + j] = transposed ? c.values[j * rows + i] : c.values[i * cols + j];
        return grid;
    }
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            grid[i * cols + j] = cell_centre(c, along_rows ? i : j);
    return grid;
}

}  // namespace plotcluster::figure_parts
