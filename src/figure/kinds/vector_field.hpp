#pragma once
// Private to the kinds: a 2-D vector field as quiver and streamlines draw it, its
// components from `u:`/`v:` companions or from a last axis of length 2 or 3, on the grid
// a heatmap of the same data is placed on.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plotcluster/config/kind_syntax.hpp"
#include "plotcluster/core/coordinate.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/plan/kind_plan.hpp"
#include "plotcluster/plan/selection.hpp"
#include "plotcluster/read/plot_data.hpp"
#include "../figure_parts.hpp"
#include "cell_grid.hpp"

namespace plotcluster::vector_field {

using figure_parts::squeeze;

// The field's vectors on its grid, row-major: rows along y, columns along x; a view of
// the data read (cell k's components at u[k * step] and v[k * step]), not a copy.
struct Field {
    std::size_t rows = 0;
    std::size_t cols = 0;
    const double* u = nullptr;
    const double* v = nullptr;
    std::size_t step = 1;  // 1 for u:/v: datasets, the component count for a last axis
    std::size_t cells() const { return rows * cols; }
    double u_at(std::size_t k) const { return u[k * step]; }
    double v_at(std::size_t k) const { return v[k * step]; }
};

inline bool drawable(double u, double v) {
    return std::isfinite(u) && std::isfinite(v) && (u != 0 || v != 0);
}

// The components from the `u:`/`v:` companions (`from_uv`) or from the last axis of the
// matched data; `kind` names the plot in messages.
inline Field field_of(const PlotData& data, bool from_uv, const std::string& kind) {
    if (data.series.size() != 1) throw DatasetError("a " + kind + " plot draws one dataset");
    const SeriesData& in = data.series.front();
    const auto dims = squeeze(in.values.shape);
    Field f;
    if (from_uv) {
        if (dims.size() != 2) {
            throw DatasetError(kind + " needs a 2-D grid; '" + in.dataset + "' has shape " +
                               shape_text(in.values.shape));
        }
        f.rows = dims[0];
        f.cols = dims[1];
        for (const auto* role : {"u", "v"}) {
            const CompanionData* c = data.companion(role);
            if (c == nullptr) throw DatasetError(kind + ": the " + role + " dataset was not read");
            if (c->values.values.size() != f.rows * f.cols) {
                throw DatasetError(std::string(role) + " dataset '" + c->dataset + "' has shape " +
                                   shape_text(c->values.shape) + " but the data '" + in.dataset +
                                   "' has " + shape_text(in.values.shape) + ": " + role +
                                   " needs the data's shape");
            }
        }
        f.u = data.companion("u")->values.values.data();
        f.v = data.companion("v")->values.values.data();
        return f;
    }
    if (dims.size() != 3 || (dims[2] != 2 && dims[2] != 3)) {
        throw DatasetError(
            kind + " without u: and v: needs the components on a last axis of length 2 or 3; '" +
            in.dataset + "' has shape " + shape_text(in.values.shape) +
            ": give u: and v: datasets, or slice it to rows × columns × components");
    }
    f.rows = dims[0];
    f.cols = dims[1];
    const std::size_t k = dims[2];
    f.u = in.values.values.data();
    f.v = in.values.values.data() + 1;
    f.step = k;
    return f;
}

// Where the field's cells are, as the heatmap of the same data places them: `panel`'s
// axes set to the grid's extent, and cell (i, j)'s centre.
struct Grid {
    std::size_t cols = 0;
    // Every cell's centre (rows x cols) on a curvilinear grid; else the columns' centres
    // in x and the rows' in y.
    bool full = false;
    std::vector<double> x;
    std::vector<double> y;
    double cell_w = 1;  // a typical cell's size along x and y, in axis units
    double cell_h = 1;
    double x_at(std::size_t i, std::size_t j) const { return full ? x[i * cols + j] : x[j]; }
    double y_at(std::size_t i, std::size_t j) const { return full ? y[i * cols + j] : y[i]; }
};

inline Grid place_grid(Panel& panel, const std::vector<AxisCoordinate>& coordinates,
                       std::size_t rows, std::size_t cols) {
    Grid g;
    g.cols = cols;
    const bool physical =
        coordinates.size() >= 2 && (coordinates[0].physical() || coordinates[1].physical());
    if (!physical) {
        g.x.resize(cols);
        g.y.resize(rows);
        for (std::size_t j = 0; j < cols; ++j) g.x[j] = static_cast<double>(j);
        for (std::size_t i = 0; i < rows; ++i) g.y[i] = static_cast<double>(i);
        panel.x = {"", -0.5, static_cast<double>(cols) - 0.5};
        panel.y = {"", -0.5, static_cast<double>(rows) - 0.5};
        return g;
    }
    const AxisCoordinate& r = coordinates[0];
    const AxisCoordinate& c = coordinates[1];
    const bool curvilinear =
        r.form == AxisCoordinate::Form::curvilinear || c.form == AxisCoordinate::Form::curvilinear;
    Extent ex, ey;
    if (curvilinear) {
        g.full = true;
        g.x = cell_grid::centre_grid(c, rows, cols, false);
        g.y = cell_grid::centre_grid(r, rows, cols, true);
        const std::vector<double> xc = cell_grid::corner_grid(g.x, rows, cols);
        const std::vector<double> yc = cell_grid::corner_grid(g.y, rows, cols);
        const auto [x_lo, x_hi] = std::minmax_element(xc.begin(), xc.end());
        const auto [y_lo, y_hi] = std::minmax_element(yc.begin(), yc.end());
        ex = {*x_lo, *x_hi};
        ey = {*y_lo, *y_hi};
    } else {
        g.x.resize(cols);
        g.y.resize(rows);
        for (std::size_t j = 0; j < cols; ++j) g.x[j] = cell_centre(c, j);
        for (std::size_t i = 0; i < rows; ++i) g.y[i] = cell_centre(r, i);
        ex = coordinate_extent(c);
        ey = coordinate_extent(r);
    }
    panel.x = {"", ex.lo, ex.hi};
    panel.y = {"", ey.lo, ey.hi};
    g.cell_w = (ex.hi - ex.lo) / static_cast<double>(cols);
    g.cell_h = (ey.hi - ey.lo) / static_cast<double>(rows);
    return g;
}

// Equal units on both axes (a vector field's arrows point where they should) unless the
// axes are in different units or that leaves the axes thin, as a heatmap's default.
inline Aspect aspect_of(const std::vector<AxisCoordinate>& coordinates) {
    if (coordinates.size() >= 2) {
        const AxisCoordinate& rows = coordinates[0];
        const AxisCoordinate& cols = coordinates[1];
        if (rows.physical() != cols.physical() || rows.units != cols.units) return {};
    }
    return {1.0, true};
}

// What a vector field's rule draws of a dataset of `shape`: with u: and v: (`from_uv`) the
// matched dataset is the 2-D grid; without, a grid of vectors whose last axis holds 2 or 3
// components, which no slice may cut. `name` and `needs` word the messages ("quiver"
// "needs", "streamlines" "need").
inline Selection select_field(const std::vector<std::uint64_t>& shape,
                              const std::vector<SliceSpec>& slices, bool from_uv,
                              std::string_view name, std::string_view needs) {
    const std::string n(name), v(needs);
    if (from_uv)
        return resolve_selection(shape, slices, 2, n + " with u: and v: " + v + " a 2-D grid");
    if (shape.empty() || (shape.back() != 2 && shape.back() != 3)) {
        Selection none;
        none.error = n + " without u: and v: " + v +
                     " the vector components on a last axis of length 2 or 3; shape " +
                     shape_text(shape) + " has " +
                     (shape.empty() ? std::string("no axes")
                                    : "a last axis of " + std::to_string(shape.back())) +
                     ": give u: and v: datasets";
        return none;
    }
    Selection sel =
        resolve_selection(shape, slices, 3, n + " " + v + " rows × columns × components (2 or 3)");
    if (sel.error.empty() && sel.fixed.back() >= 0)
        sel.error = n + ": the last axis holds the vector components and cannot be sliced";
    return sel;
}

// u and v sliced as the data (when given), then the columns' and rows' coordinates as a
// heatmap's.
inline std::vector<CompanionKey> field_companions(const std::optional<std::string>& u,
                                                  const std::optional<std::string>& v,
                                                  const std::optional<std::string>& x,
                                                  const std::optional<std::string>& y) {
    std::vector<CompanionKey> keys = cell_grid::axis_companions(x, y);
    if (u && v) {
        keys.insert(keys.begin(), {{"u", *u, std::nullopt, CompanionFit::shape},
                                   {"v", *v, std::nullopt, CompanionFit::shape}});
    }
    return keys;
}

// The `u:` and `v:` keys: one dataset each (no pattern), both or neither.
inline void parse_components(const RuleKeys& keys, std::optional<std::string>& u,
                             std::optional<std::string>& v) {
    for (const auto* role : {"u", "v"}) {
        auto path = keys.text(role);
        if (path && path->find_first_of("*?[") != std::string::npos)
            keys.fail(role, "must name one dataset, not a pattern");
        (std::string_view(role) == "u" ? u : v) = std::move(path);
    }
    if (u.has_value() != v.has_value()) {
        keys.fail(u ? "u" : "v",
                  "u: and v: go together: give both component datasets, or neither to take "
                  "the components from the data's last axis");
    }
}

}  // namespace plotcluster::vector_field
