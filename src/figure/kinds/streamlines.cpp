// streamlines: the lines a 2-D vector field carries things along, as matplotlib's
// streamplot draws them. Its components come as quiver's (`u:`/`v:` companions, or a last
// axis of length 2 or 3) on the grid a heatmap of the same data draws. Seeds are taken in
// a spiral from the border inwards over a 30 × 30 mask (× `density`); from each free mask
// cell a line is integrated both ways with adaptive second-order Runge–Kutta (RK12) in
// grid units, until it leaves the grid, reaches a mask cell another line took, stalls, or
// is 4 axes-lengths long each way; lines shorter than a tenth are dropped. That is
// matplotlib's algorithm step for step, so the lines fall where its do. Each line gets an
// arrow head at the middle of its length; `color_by: magnitude` colours them.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plotcluster/core/colormap.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "../figure_parts.hpp"
#include "cell_grid.hpp"
#include "series_keys.hpp"
#include "vector_field.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using cell_grid::axis_label;
using vector_field::Field;
using vector_field::Grid;

// matplotlib's streamplot defaults: the mask's cells per unit of density, the shortest
// line kept and the longest integrated each way (in axes lengths), the step's error bound.
constexpr double mask_cells = 30;
constexpr double min_length = 0.1;
constexpr double max_length = 4;
constexpr double max_error = 0.003;

enum class ColorBy { none, magnitude };
constexpr std::array<std::string_view, 2> color_by_names = {"none", "magnitude"};

struct StreamlinesOptions {
    std::optional<std::string> u;  // unset: the matched dataset's last axis
    std::optional<std::string> v;
    std::vector<double> density{1};  // [d] or [along x, along y]
    ColorBy color_by = ColorBy::none;
    std::string colormap = "viridis";
    std::optional<std::string> color;  // unset: C0
    double alpha = 1;
    double linewidth = 1.5;
    double arrow_size = 1;  // matplotlib's arrowsize; 0: no heads
    std::optional<std::string> x;
    std::optional<std::string> y;
};

template <fields::same_or_const<StreamlinesOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("u", o.u);
    v("v", o.v);
    v("density", o.density);
    v("color_by", o.color_by);
    v("colormap", o.colormap);
    v("color", o.color);
    v("alpha", o.alpha);
    v("linewidth", o.linewidth);
    v("arrow_size", o.arrow_size);
    v("x", o.x);
    v("y", o.y);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<StreamlinesOptions>() ==
                  fields::member_count<StreamlinesOptions>(),
              "StreamlinesOptions: every member must be in its field list");

constexpr std::array<std::string_view, 11> streamlines_keys = {
    "u",     "v",         "density",    "color_by", "colormap", "color",
    "alpha", "linewidth", "arrow_size", "x",        "y"};

// ---- the field in grid units -------------------------------------------------------

// The field with the columns along x and the rows along y, in index units: u and v in
// cells per unit of time, speed in axes lengths (the grid from first to last centre) per
// unit of time. NaN where a component is.
struct GridField {
    std::size_t nx = 0;  // columns
    std::size_t ny = 0;  // rows
    std::vector<double> u, v, speed, magnitude;
};

// A coordinate's spacing around each centre (signed: a descending axis is negative), so
// that a field given in axis units per time is converted into cells per time even where
// the cells are not of one size.
std::vector<double> local_spacing(const std::vector<double>& centres) {
    const std::size_t n = centres.size();
    std::vector<double> d(n, 1);
    if (n < 2) return d;
    d[0] = centres[1] - centres[0];
    d[n - 1] = centres[n - 1] - centres[n - 2];
    for (std::size_t i = 1; i + 1 < n; ++i) d[i] = (centres[i + 1] - centres[i - 1]) / 2;
    return d;
}

GridField grid_field(const Field& f, const Grid& g) {
    GridField gf;
    gf.nx = f.cols;
    gf.ny = f.rows;
    const std::vector<double> dx = local_spacing(g.x), dy = local_spacing(g.y);
    const double ax = static_cast<double>(gf.nx - 1), ay = static_cast<double>(gf.ny - 1);
    gf.u.resize(f.cells());
    gf.v.resize(f.cells());
    gf.speed.resize(f.cells());
    gf.magnitude.resize(f.cells());
    for (std::size_t i = 0; i < f.rows; ++i) {
        for (std::size_t j = 0; j < f.cols; ++j) {
            const std::size_t k = i * f.cols + j;
            gf.u[k] = f.u_at(k) / dx[j];
            gf.v[k] = f.v_at(k) / dy[i];
            gf.speed[k] = std::hypot(gf.u[k] / ax, gf.v[k] / ay);
            gf.magnitude[k] = std::hypot(f.u_at(k), f.v_at(k));
        }
    }
    return gf;
}

bool within(const GridField& gf, double xi, double yi) {
    return xi >= 0 && xi <= static_cast<double>(gf.nx - 1) && yi >= 0 &&
           yi <= static_cast<double>(gf.ny - 1);
}

// Bilinear interpolation of `a` at grid point (xi, yi), inside the grid; NaN where a
// corner is (the line stops there).
double interpolate(const GridField& gf, const std::vector<double>& a, double xi, double yi) {
    const auto x = static_cast<std::size_t>(xi), y = static_cast<std::size_t>(yi);
    const std::size_t xn = std::min(x + 1, gf.nx - 1), yn = std::min(y + 1, gf.ny - 1);
    const double xt = xi - static_cast<double>(x), yt = yi - static_cast<double>(y);
    const double a0 = a[y * gf.nx + x] * (1 - xt) + a[y * gf.nx + xn] * xt;
    const double a1 = a[yn * gf.nx + x] * (1 - xt) + a[yn * gf.nx + xn] * xt;
    return a0 * (1 - yt) + a1 * yt;
}

// ---- the mask that keeps lines apart ------------------------------------------------

class Mask {
public:
    Mask(const GridField& gf, std::size_t nx, std::size_t ny)
        : nx_(nx),
          ny_(ny),
          taken_(nx * ny, 0),
          x_grid2mask_(static_cast<double>(nx - 1) / static_cast<double>(gf.nx - 1)),
          y_grid2mask_(static_cast<double>(ny - 1) / static_cast<double>(gf.ny - 1)) {}
    std::size_t nx() const { return nx_; }
    std::size_t ny() const { return ny_; }
    bool taken(std::size_t xm, std::size_t ym) const { return taken_[ym * nx_ + xm] != 0; }
    std::pair<double, double> to_grid(std::size_t xm, std::size_t ym) const {
        return {static_cast<double>(xm) / x_grid2mask_, static_cast<double>(ym) / y_grid2mask_};
    }
    // A new line from grid point (xg, yg); false when its cell is taken.
    bool start(double xg, double yg) {
        line_.clear();
        current_.reset();
        return enter(xg, yg);
    }
    // The second direction starts from the seed's cell again.
    void restart(double xg, double yg) { current_ = cell_of(xg, yg); }
    // The line reaches (xg, yg): false when that is a cell another line (or this one,
    // earlier) took.
    bool enter(double xg, double yg) {
        const std::pair<std::size_t, std::size_t> c = cell_of(xg, yg);
        if (current_ == c) return true;
        std::uint8_t& t = taken_[c.second * nx_ + c.first];
        if (t != 0) return false;
        t = 1;
        line_.push_back(c.second * nx_ + c.first);
        current_ = c;
        return true;
    }
    void undo() {
        for (const std::size_t k : line_) taken_[k] = 0;
    }

private:
    // matplotlib's int(x + 0.5): halves round up (x >= 0 inside the grid).
    std::pair<std::size_t, std::size_t> cell_of(double xg, double yg) const {
        return {static_cast<std::size_t>(std::floor(xg * x_grid2mask_ + 0.5)),
                static_cast<std::size_t>(std::floor(yg * y_grid2mask_ + 0.5))};
    }
    std::size_t nx_, ny_;
    std::vector<std::uint8_t> taken_;
    double x_grid2mask_, y_grid2mask_;
    std::vector<std::size_t> line_;
    std::optional<std::pair<std::size_t, std::size_t>> current_;
};

// The mask's cells from the border inwards in a spiral (matplotlib's order), so that the
// first lines cross the whole field and later ones fill the gaps.
std::vector<std::pair<std::size_t, std::size_t>> spiral(std::size_t nx, std::size_t ny) {
    std::vector<std::pair<std::size_t, std::size_t>> order;
    order.reserve(nx * ny);
    std::ptrdiff_t x = 0, y = 0;
    std::ptrdiff_t x_first = 0, y_first = 1;
    auto x_last = static_cast<std::ptrdiff_t>(nx) - 1, y_last = static_cast<std::ptrdiff_t>(ny) - 1;
    enum { right, up, left, down } dir = right;
    for (std::size_t i = 0; i < nx * ny; ++i) {
        order.emplace_back(static_cast<std::size_t>(x), static_cast<std::size_t>(y));
        switch (dir) {
            case right:
                if (++x >= x_last) --x_last, dir = up;
                break;
            case up:
                if (++y >= y_last) --y_last, dir = left;
                break;
            case left:
                if (--x <= x_first) ++x_first, dir = down;
                break;
            case down:
                if (--y <= y_first) ++y_first, dir = right;
                break;
        }
    }
    return order;
}

// ---- integration ----------------------------------------------------------------------

struct GridPoint {
    double x, y;
};

// d(grid point)/d(arclength in axes lengths) at (xi, yi), forward or backward; nothing
// outside the grid, where the field is NaN, or where it stalls.
std::optional<GridPoint> direction(const GridField& gf, double xi, double yi, double sign) {
    if (!within(gf, xi, yi)) return std::nullopt;
    const double speed = interpolate(gf, gf.speed, xi, yi);
    if (!(speed > 0) || !std::isfinite(speed)) return std::nullopt;
    const double ui = interpolate(gf, gf.u, xi, yi), vi = interpolate(gf, gf.v, xi, yi);
    if (!std::isfinite(ui) || !std::isfinite(vi)) return std::nullopt;
    return GridPoint{sign * ui / speed, sign * vi / speed};
}

// One direction from (x0, y0): the points and the length travelled.
std::pair<double, std::vector<GridPoint>> integrate_rk12(const GridField& gf, Mask& mask, double x0,
                                                         double y0, double sign) {
    const double max_ds =
        std::min({1.0 / static_cast<double>(mask.nx()), 1.0 / static_cast<double>(mask.ny()), 0.1});
    const double ax = static_cast<double>(gf.nx - 1), ay = static_cast<double>(gf.ny - 1);
    constexpr double inf = std::numeric_limits<double>::infinity();
    double ds = max_ds, total = 0, xi = x0, yi = y0;
    std::vector<GridPoint> points;
    while (true) {
        if (!within(gf, xi, yi)) break;
        // A rejected step retries from the same point, which the line keeps once.
        if (points.empty() || points.back().x != xi || points.back().y != yi)
            points.push_back({xi, yi});
        const std::optional<GridPoint> k1 = direction(gf, xi, yi, sign);
        if (!k1) break;  // NaN or stalled: stop here
        const std::optional<GridPoint> k2 = direction(gf, xi + ds * k1->x, yi + ds * k1->y, sign);
        if (!k2) {
            if (!within(gf, xi + ds * k1->x, yi + ds * k1->y)) {
                // The step leaves the grid: an Euler step to its border, for neatness.
                const double to_x = k1->x == 0 ? inf : k1->x < 0 ? xi / -k1->x : (ax - xi) / k1->x;
                const double to_y = k1->y == 0 ? inf : k1->y < 0 ? yi / -k1->y : (ay - yi) / k1->y;
                const double step = std::min(to_x, to_y);
                points.push_back({xi + k1->x * step, yi + k1->y * step});
                total += step;
            }
            break;
        }
        const double dx1 = ds * k1->x, dy1 = ds * k1->y;
        const double dx2 = ds * 0.5 * (k1->x + k2->x), dy2 = ds * 0.5 * (k1->y + k2->y);
        const double error = std::hypot((dx2 - dx1) / ax, (dy2 - dy1) / ay);
        if (error < max_error) {
            xi += dx2;
            yi += dy2;
            if (!within(gf, xi, yi) || !mask.enter(xi, yi)) break;
            if (total + ds > max_length) break;
            total += ds;
        }
        ds = error == 0 ? max_ds : std::min(max_ds, 0.85 * ds * std::sqrt(max_error / error));
    }
    return {total, std::move(points)};
}

// The line through seed (x0, y0), backward then forward, or nothing when it is too short.
std::optional<std::vector<GridPoint>> trajectory(const GridField& gf, Mask& mask, double x0,
                                                 double y0) {
    if (!mask.start(x0, y0)) return std::nullopt;
    auto [back, behind] = integrate_rk12(gf, mask, x0, y0, -1);
    mask.restart(x0, y0);
    auto [ahead_length, ahead] = integrate_rk12(gf, mask, x0, y0, 1);
    if (!(back + ahead_length > min_length)) {
        mask.undo();
        return std::nullopt;
    }
    std::vector<GridPoint> line(behind.rbegin(), behind.rend());
    if (!ahead.empty()) line.insert(line.end(), ahead.begin() + 1, ahead.end());
    return line;
}

std::vector<std::vector<GridPoint>> trajectories(const GridField& gf, const StreamlinesOptions& o) {
    const double dx = o.density.front(), dy = o.density.size() > 1 ? o.density[1] : dx;
    Mask mask(gf, static_cast<std::size_t>(mask_cells * dx),
              static_cast<std::size_t>(mask_cells * dy));
    std::vector<std::vector<GridPoint>> lines;
    for (const auto& [xm, ym] : spiral(mask.nx(), mask.ny())) {
        if (mask.taken(xm, ym)) continue;
        const auto [xg, yg] = mask.to_grid(xm, ym);
        if (auto line = trajectory(gf, mask, xg, yg)) lines.push_back(std::move(*line));
    }
    return lines;
}

// ---- the figure -------------------------------------------------------------------------

// A grid index (fractional) as an axis position: between the neighbouring centres.
double at_index(const std::vector<double>& centres, double i) {
    const auto k = std::min(static_cast<std::size_t>(i), centres.size() - 1);
    if (k + 1 >= centres.size()) return centres[k];
    const double t = i - static_cast<double>(k);
    return centres[k] * (1 - t) + centres[k + 1] * t;
}

Finite magnitude_range(const GridField& gf) {
    Finite r;
    for (const double m : gf.magnitude)
        if (std::isfinite(m)) r.add(m);
    return r;
}

struct Prepared {
    Field field;
    Grid grid;
    GridField grid_field;
};

Prepared prepare(Panel& panel, const PlotData& data, const StreamlinesOptions& o) {
    const Field f = vector_field::field_of(data, o.u && o.v, "streamlines");
    const Grid g = vector_field::place_grid(panel, data.coordinates, f.rows, f.cols);
    if (g.full) {
        throw DatasetError(
            "streamlines need a rectilinear grid (1-D coordinates); this field has 2-D "
            "(curvilinear) coordinates: draw it with kind: quiver");
    }
    return {f, g, grid_field(f, g)};
}

Figure streamlines_figure(const PlotTask& task, const PlotRule& rule, const PlotData& data,
                          const FigureConfig& style, const std::optional<SharedRange>& shared) {
    const StreamlinesOptions& o = options_as<StreamlinesOptions>(rule.options.get());
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    const Prepared p = prepare(panel, data, o);
    const GridField& gf = p.grid_field;
    for (std::size_t k = 0; k < p.field.cells(); ++k)
        fig.ignored += std::isfinite(p.field.u_at(k)) && std::isfinite(p.field.v_at(k)) ? 0 : 1;
    const std::vector<std::vector<GridPoint>> lines = trajectories(gf, o);
    if (lines.empty()) throw DatasetError("no streamlines to draw: every vector is zero or NaN");

    const Color colour = series_color(o.color, o.alpha, 0);
    const bool coloured = o.color_by == ColorBy::magnitude;
    LinesLayer strokes;
    strokes.color = colour;
    strokes.width_pt = o.linewidth;
    ArrowsLayer heads;
    heads.color = colour;
    heads.head_pt = o.arrow_size * 4 + o.linewidth;  // matplotlib's 0.4 × 10 pt, and its edge
    for (const std::vector<GridPoint>& line : lines) {
        if (!strokes.x.empty()) {
            strokes.x.push_back(nan);
            strokes.y.push_back(nan);
            if (coloured) strokes.values.push_back(nan);
        }
        std::vector<double> tx, ty, value;
        for (const GridPoint& q : line) {
            tx.push_back(at_index(p.grid.x, q.x));
            ty.push_back(at_index(p.grid.y, q.y));
            if (coloured) value.push_back(interpolate(gf, gf.magnitude, q.x, q.y));
        }
        strokes.x.insert(strokes.x.end(), tx.begin(), tx.end());
        strokes.y.insert(strokes.y.end(), ty.begin(), ty.end());
        strokes.values.insert(strokes.values.end(), value.begin(), value.end());
        if (o.arrow_size <= 0 || tx.size() < 2) continue;
        // The head at the middle of the line's length, along the segment there.
        double half = 0;
        for (std::size_t i = 1; i < tx.size(); ++i)
            half += std::hypot(tx[i] - tx[i - 1], ty[i] - ty[i - 1]);
        half /= 2;
        std::size_t n = 0;
        for (double s = 0; n + 2 < tx.size(); ++n) {
            s += std::hypot(tx[n + 1] - tx[n], ty[n + 1] - ty[n]);
            if (s >= half) break;
        }
        heads.x.push_back((tx[n] + tx[n + 1]) / 2);
        heads.y.push_back((ty[n] + ty[n + 1]) / 2);
        heads.u.push_back(tx[n + 1] - tx[n]);
        heads.v.push_back(ty[n + 1] - ty[n]);
        if (coloured) heads.values.push_back(value[n]);
    }
    if (coloured) {
        const Colormap* cmap = Colormap::find(o.colormap);
        if (cmap == nullptr) throw DatasetError("unknown colormap '" + o.colormap + "'");
        const Range limits = value_range(rule, magnitude_range(gf), Scale::linear, shared);
        fig.vmin = limits.lo;
        fig.vmax = limits.hi;
        for (auto* layer_map : {&strokes.colormap, &heads.colormap}) *layer_map = cmap;
        strokes.vmin = heads.vmin = limits.lo;
        strokes.vmax = heads.vmax = limits.hi;
        const CompanionData* u = data.companion("u");
        const std::string units = u != nullptr ? u->units : data.value_units;
        panel.colorbar = Colorbar{units.empty() ? "magnitude" : "magnitude [" + units + "]",
                                  limits.lo, limits.hi, cmap, Scale::linear};
    }
    panel.layers.emplace_back(std::move(strokes));
    if (!heads.x.empty()) panel.layers.emplace_back(std::move(heads));
    panel.x.label = axis_label(rule.x_label.has_value(), task.draw.x_label, data.coordinates, 1);
    panel.y.label = axis_label(rule.y_label.has_value(), task.draw.y_label, data.coordinates, 0);
    panel.aspect = vector_field::aspect_of(data.coordinates);
    return fig;
}

class StreamlinesKind final : public PlotKind {
public:
    std::string_view name() const override { return "streamlines"; }
    std::span<const std::string_view> keys() const override { return streamlines_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<StreamlinesOptions>>();
        StreamlinesOptions& o = options->value;
        vector_field::parse_components(keys, o.u, o.v);
        if (auto d = keys.numbers("density", 0.1, 10, 1, 2)) o.density = std::move(*d);
        if (auto i = keys.choice("color_by", "color_by", color_by_names))
            o.color_by = static_cast<ColorBy>(*i);
        o.colormap = keys.colormap("colormap").value_or(o.colormap);
        if (keys.has("colormap") && o.color_by != ColorBy::magnitude)
            keys.fail("colormap", "colours lines only with color_by: magnitude");
        o.color = keys.color("color");
        if (o.color && o.color_by == ColorBy::magnitude)
            keys.fail("color", "does not apply with color_by: magnitude");
        o.alpha = series_keys::alpha(keys).value_or(o.alpha);
        o.linewidth = keys.number("linewidth", 0.05, 100).value_or(o.linewidth);
        o.arrow_size = keys.number("arrow_size", 0, 100).value_or(o.arrow_size);
        o.x = series_keys::x_dataset(keys);
        o.y = keys.text("y");
        if (o.y && o.y->find_first_of("*?[") != std::string::npos)
            keys.fail("y", "must name one dataset, not a pattern");
        for (const auto* key : {"xscale", "yscale"}) {
            if (keys.has(key))
                keys.fail(key, "streamline axes are linear (indices or coordinates)");
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<StreamlinesOptions>>();
    }

    // As quiver: with u: and v: the matched dataset is the 2-D grid; without, a grid of
    // vectors whose last axis holds 2 or 3 components.
    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        const StreamlinesOptions& o = options_as<StreamlinesOptions>(rule.options.get());
        return vector_field::select_field(shape, rule.slice, o.u.has_value(), "streamlines",
                                          "need");
    }
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const StreamlinesOptions& o = options_as<StreamlinesOptions>(rule.options.get());
        return vector_field::field_companions(o.u, o.v, o.x, o.y);
    }
    bool draws_coordinates(const PlotRule& /*rule*/) const override { return true; }
    AxisLabels default_labels(const PlotRule& rule, const LabelSources& from) const override {
        const StreamlinesOptions& o = options_as<StreamlinesOptions>(rule.options.get());
        return cell_grid::axis_labels(o.x, o.y, from);
    }

    // The field's magnitudes: what color_by colours.
    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        const StreamlinesOptions& o = options_as<StreamlinesOptions>(rule.options.get());
        Panel scratch;
        const Finite r = magnitude_range(prepare(scratch, data, o).grid_field);
        if (!r.any()) return std::nullopt;
        return std::make_pair(r.lo, r.hi);
    }
    std::optional<std::pair<double, double>> x_extent(const PlotTask& /*task*/,
                                                      const PlotRule& rule,
                                                      PlotData&& data) const override {
        const StreamlinesOptions& o = options_as<StreamlinesOptions>(rule.options.get());
        Panel scratch;
        prepare(scratch, data, o);
        return std::make_pair(std::min(scratch.x.lo, scratch.x.hi),
                              std::max(scratch.x.lo, scratch.x.hi));
    }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        Figure fig = streamlines_figure(task, rule, data, style, shared.value);
        view_x_limits(fig.panels.front().x, rule, shared.x);
        return fig;
    }
};

}  // namespace

const PlotKind& streamlines_kind() {
    static const StreamlinesKind kind;
    return kind;
}

}  // namespace plotcluster
