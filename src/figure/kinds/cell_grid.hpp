#pragma once
// Private to the kinds: where the cells of a 2-D field sit when a coordinate is 2-D
// (curvilinear) or 1-D, as every cell's centre and as quad corners, and the axis labels
// they give; shared by the kinds that draw on a field's grid (heatmap, contour, quiver).
#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plotcluster/core/coordinate.hpp"
#include "plotcluster/plan/kind_plan.hpp"

namespace plotcluster::cell_grid {

// The `x:` and `y:` datasets of a field kind: the coordinates of its columns (the second
// kept axis) and of its rows (the first), as cell centres or edges.
inline std::vector<CompanionKey> axis_companions(const std::optional<std::string>& x,
                                                 const std::optional<std::string>& y) {
    std::vector<CompanionKey> keys;
    if (x) keys.push_back({"x", *x, 1});
    if (y) keys.push_back({"y", *y, 0});
    return keys;
}

// A field's default axis labels: columns along x, rows along y, or the `x:`/`y:` datasets'.
inline AxisLabels axis_labels(const std::optional<std::string>& x,
                              const std::optional<std::string>& y, const LabelSources& from) {
    return {x ? from.x : from.cols, y ? from.y : from.rows};
}

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

// Quad corners, (rows + 1) x (cols + 1), from cell centres as matplotlib's pcolormesh
// derives them for shading='nearest' (what 'auto' picks when the grid has the data's
// shape): midpoints between neighbours along the columns, the two ends half a step
// outside, then the same along the rows.
inline std::vector<double> corner_grid(const std::vector<double>& centres, std::size_t rows,
                                       std::size_t cols) {
    const auto along = [](std::span<const double> line, std::span<double> out) {
        const std::vector<double> edges = centres_to_edges(line);
        std::copy(edges.begin(), edges.end(), out.begin());
    };
    std::vector<double> wide(rows * (cols + 1));
    for (std::size_t i = 0; i < rows; ++i)
        along({centres.data() + i * cols, cols}, {wide.data() + i * (cols + 1), cols + 1});
    std::vector<double> corners((rows + 1) * (cols + 1));
    std::vector<double> column(rows), edges(rows + 1);
    for (std::size_t j = 0; j <= cols; ++j) {
        for (std::size_t i = 0; i < rows; ++i) column[i] = wide[i * (cols + 1) + j];
        along(column, edges);
        for (std::size_t i = 0; i <= rows; ++i) corners[i * (cols + 1) + j] = edges[i];
    }
    return corners;
}

}  // namespace plotcluster::cell_grid
