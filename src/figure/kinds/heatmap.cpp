#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/core/fields.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/core/colormap.hpp"
#include "../figure_parts.hpp"
#include "cell_grid.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using cell_grid::centre_grid;
using cell_grid::axis_label;
using cell_grid::corner_grid;
enum class Origin { lower, upper };  // where row 0 goes
constexpr std::array<std::string_view, 2> origin_names = {"lower", "upper"};
constexpr std::array<std::string_view, 2> norm_names = {"linear", "log"};
// `auto` leaves the choice to the draw, which knows the image's size on the device.
enum class Interpolation { automatic, nearest, bilinear, area };
constexpr std::array<std::string_view, 4> interpolation_names = {"auto", "nearest", "bilinear", "area"};
// by_shape: equal unless that leaves the axes thin (Aspect::unless_thin); fill: `auto`.
enum class AspectChoice { by_shape, equal, fill, ratio };

struct HeatmapOptions {
    std::string colormap = "viridis";
    Origin origin = Origin::lower;
    Scale norm = Scale::linear;
    std::string bad_color = "white";  // where values are NaN/Inf (or <= 0 with a log norm)
    // Datasets placing the columns (x) and rows (y): 1-D, n centres or n + 1 edges.
    std::optional<std::string> x;
    std::optional<std::string> y;
    Interpolation interpolation = Interpolation::automatic;
    AspectChoice aspect = AspectChoice::by_shape;
    double aspect_ratio = 1;  // AspectChoice::ratio: a y data unit's length over an x unit's
    std::vector<double>
        hlines;  // reference lines in the axes' units (series_keys::reference_lines)
    std::vector<double> vlines;
};

template <fields::same_or_const<HeatmapOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("colormap", o.colormap);
    v("origin", o.origin);
    v("norm", o.norm);
    v("bad_color", o.bad_color);
    v("x", o.x);
    v("y", o.y);
    v("interpolation", o.interpolation);
    v("aspect", o.aspect);
    v("aspect_ratio", o.aspect_ratio);
    v("hlines", o.hlines);
    v("vlines", o.vlines);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<HeatmapOptions>() == fields::member_count<HeatmapOptions>(),
              "HeatmapOptions: every member must be in its field list");

// `overlay:` (config parses it, figure/compose.hpp draws it): a 2-D kind takes overlays.
constexpr std::array<std::string_view, 11> heatmap_keys = {
    "colormap", "origin", "norm",    "bad_color", "x",     "y",
    "interpolation", "aspect", "overlay", "hlines", "vlines"};

// The data's cells, row-major: rows along y, columns along x.
struct Cells {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<double> values;
};

struct Colouring {
    const Colormap* colormap;
    Range limits;
    Scale norm;
    Color bad;
    std::optional<Resampling> resampling;  // the image's; nothing: auto
};

// An image or mesh layer holding `cells`, coloured as `colour` says.
template <class L>
L coloured(Cells& cells, const Colouring& colour) {
    L layer;
    layer.rows = cells.rows;
    layer.cols = cells.cols;
    layer.values = std::move(cells.values);
    layer.colormap = colour.colormap;
    layer.vmin = colour.limits.lo;
    layer.vmax = colour.limits.hi;
    layer.norm = colour.norm;
    layer.bad_color = colour.bad;
    layer.resampling = colour.resampling;
    return layer;
}

bool regular(const AxisCoordinate& c) {
    return c.form == AxisCoordinate::Form::index || c.form == AxisCoordinate::Form::uniform;
}

// Reverses the order of the rows (or of the columns) of `cells`.
void flip(Cells& cells, bool rows) {
    auto& v = cells.values;
    if (rows) {
        for (std::size_t top = 0, bottom = cells.rows - 1; top < bottom; ++top, --bottom)
            std::swap_ranges(v.begin() + static_cast<std::ptrdiff_t>(top * cells.cols),
                             v.begin() + static_cast<std::ptrdiff_t>((top + 1) * cells.cols),
                             v.begin() + static_cast<std::ptrdiff_t>(bottom * cells.cols));
        return;
    }
    for (std::size_t r = 0; r < cells.rows; ++r) {
        auto row = v.begin() + static_cast<std::ptrdiff_t>(r * cells.cols);
        std::reverse(row, row + static_cast<std::ptrdiff_t>(cells.cols));
    }
}

// The cells where the coordinates put them: an image with a physical extent when both
// axes are evenly spaced (flipped so that each coordinate ascends), cells of varying size
// (pcolormesh) when one is not, quads when one is 2-D. A physical y axis ascends
// upwards whatever `origin` says; origin orders index rows only.
void physical_cells(Panel& panel, Cells& cells, const AxisCoordinate& rows, const AxisCoordinate& cols,
                    bool origin_lower, const Colouring& colour) {
    const auto axis_over = [](const Extent& e) { return Axis{"", e.lo, e.hi}; };
    const bool curvilinear = rows.form == AxisCoordinate::Form::curvilinear ||
                             cols.form == AxisCoordinate::Form::curvilinear;
    if (!curvilinear && regular(rows) && regular(cols)) {
        if (cols.form == AxisCoordinate::Form::uniform && cols.step < 0) flip(cells, false);
        const bool y_physical = rows.form == AxisCoordinate::Form::uniform;
        if (y_physical && rows.step < 0) flip(cells, true);
        auto layer = coloured<ImageLayer>(cells, colour);
        const Extent x = coordinate_extent(cols), y = coordinate_extent(rows);
        layer.origin_lower = y_physical || origin_lower;
        layer.extent = ImageExtent{x.lo, x.hi, y.lo, y.hi};
        panel.x = axis_over(x);
        panel.y = axis_over(y);
        panel.y.inverted = !layer.origin_lower;
        panel.layers.emplace_back(std::move(layer));
        return;
    }
    auto mesh = coloured<MeshLayer>(cells, colour);
    if (curvilinear) {
        mesh.x_corners = corner_grid(centre_grid(cols, mesh.rows, mesh.cols, false), mesh.rows, mesh.cols);
        mesh.y_corners = corner_grid(centre_grid(rows, mesh.rows, mesh.cols, true), mesh.rows, mesh.cols);
        const auto [x_lo, x_hi] = std::minmax_element(mesh.x_corners.begin(), mesh.x_corners.end());
        const auto [y_lo, y_hi] = std::minmax_element(mesh.y_corners.begin(), mesh.y_corners.end());
        panel.x = axis_over({*x_lo, *x_hi});
        panel.y = axis_over({*y_lo, *y_hi});
    } else {
        mesh.x_edges = cell_edges(cols);
        mesh.y_edges = cell_edges(rows);
        panel.x = axis_over(coordinate_extent(cols));
        panel.y = axis_over(coordinate_extent(rows));
        // Index rows keep `origin`, as the image does.
        panel.y.inverted = !rows.physical() && !origin_lower;
    }
    panel.layers.emplace_back(std::move(mesh));
}

std::optional<Resampling> resampling_of(Interpolation i) {
    switch (i) {
        case Interpolation::nearest: return Resampling::nearest;
        case Interpolation::bilinear: return Resampling::bilinear;
        case Interpolation::area: return Resampling::area;
        case Interpolation::automatic: break;
    }
    return std::nullopt;
}

// In the axes' data units (the panel's ranges), whatever the cells are. By default equal
// units (imshow's square cells) unless that leaves the axes thin; but axes in different
// units (mm against eV, or a physical axis beside an index one) have no common unit to
// make equal, so they fill the space, as pcolormesh's default aspect does.
Aspect aspect_of(const HeatmapOptions& o, const std::vector<AxisCoordinate>& coordinates) {
    switch (o.aspect) {
        case AspectChoice::by_shape: {
            if (coordinates.size() == 2) {
                const AxisCoordinate& rows = coordinates[0];
                const AxisCoordinate& cols = coordinates[1];
                if (rows.physical() != cols.physical() || rows.units != cols.units) return {};
            }
            return {1.0, true};
        }
        case AspectChoice::equal: return {1.0, false};
        case AspectChoice::ratio: return {o.aspect_ratio, false};
        case AspectChoice::fill: break;
    }
    return {};
}

Figure heatmap_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                      const FigureConfig& style, const std::optional<SharedRange>& shared) {
    if (data.series.size() != 1) throw DatasetError("a heatmap draws one dataset");
    const HeatmapOptions& o = options_as<HeatmapOptions>(rule.options.get());
    auto& in = data.series.front();
    const auto dims = squeeze(in.values.shape);
    if (dims.size() != 2) {
        throw DatasetError("a heatmap needs 2-D data; '" + in.dataset + "' has shape " +
                           shape_text(in.values.shape));
    }
    const Colormap* cmap = Colormap::find(o.colormap);
    if (cmap == nullptr) throw DatasetError("unknown colormap '" + o.colormap + "'");
    const Finite f = shown_range(in.values.values, o.norm);
    if (!f.any()) {
        throw DatasetError(o.norm == Scale::log ? "no positive finite values for a log norm"
                                                   : "no finite values to plot (all NaN or Inf)");
    }
    const Range limits = value_range(rule, f, o.norm, shared);
    if (o.norm == Scale::log && limits.lo <= 0) {
        throw DatasetError("limits for a log norm must be positive");
    }

    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    fig.vmin = limits.lo;
    fig.vmax = limits.hi;
    for (double v : in.values.values) fig.ignored += shown(v, o.norm) ? 0 : 1;
    const Color bad = parse_color(o.bad_color).value_or(Color{1, 1, 1, 1});
    Cells cells{dims[0], dims[1], std::move(in.values.values)};
    const Colouring colour{cmap, limits, o.norm, bad, resampling_of(o.interpolation)};
    if (data.coordinates.size() == 2 && (data.coordinates[0].physical() || data.coordinates[1].physical())) {
        physical_cells(panel, cells, data.coordinates[0], data.coordinates[1], o.origin == Origin::lower, colour);
    } else {
        auto layer = coloured<ImageLayer>(cells, colour);
        layer.origin_lower = o.origin == Origin::lower;
        // Cell centres sit on integer indices, as in matplotlib's imshow.
        panel.x = {"", -0.5, static_cast<double>(layer.cols) - 0.5};
        panel.y = {"", -0.5, static_cast<double>(layer.rows) - 0.5};
        panel.y.inverted = !layer.origin_lower;
        panel.layers.emplace_back(std::move(layer));
    }
    panel.x.label = axis_label(rule.x_label.has_value(), task.draw.x_label, data.coordinates, 1);
    panel.y.label = axis_label(rule.y_label.has_value(), task.draw.y_label, data.coordinates, 0);
    panel.aspect = aspect_of(o, data.coordinates);
    std::string value_label = task.draw.value_label;
    if (!data.value_units.empty()) value_label += " [" + data.value_units + "]";
    panel.colorbar = Colorbar{value_label, limits.lo, limits.hi, cmap, o.norm};
    add_reference_lines(panel, o.hlines, o.vlines);  // over the image, which keeps its view
    return fig;
}

class HeatmapKind final : public PlotKind {
public:
    std::string_view name() const override { return "heatmap"; }
    std::span<const std::string_view> keys() const override { return heatmap_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<HeatmapOptions>>();
        HeatmapOptions& o = options->value;
        o.colormap = keys.colormap("colormap").value_or(o.colormap);
        if (auto i = keys.choice("origin", "origin", origin_names)) o.origin = static_cast<Origin>(*i);
        if (auto i = keys.choice("norm", "norm", norm_names)) o.norm = static_cast<Scale>(*i);
        o.bad_color = keys.color("bad_color").value_or(o.bad_color);
        o.x = series_keys::x_dataset(keys);
        o.y = keys.text("y");
        if (o.y && o.y->find_first_of("*?[") != std::string::npos) keys.fail("y", "must name one dataset, not a pattern");
        if (auto i = keys.choice("interpolation", "interpolation", interpolation_names)) {
            o.interpolation = static_cast<Interpolation>(*i);
        }
        if (const auto text = keys.text("aspect")) {
            const char first = text->front();
            if ((first >= '0' && first <= '9') || first == '.' || first == '+') {
                o.aspect = AspectChoice::ratio;
                o.aspect_ratio = *keys.number("aspect", 1e-6, 1e6);
            } else if (*text == "equal" || *text == "auto") {
                o.aspect = *text == "equal" ? AspectChoice::equal : AspectChoice::fill;
            } else {
                keys.fail("aspect", "expected equal, auto or a number > 0, got '" + *text + "'");
            }
        }
        o.hlines = series_keys::reference_lines(keys, "hlines");
        o.vlines = series_keys::reference_lines(keys, "vlines");
        for (const auto key : {"xscale", "yscale"}) {
            if (keys.has(key)) keys.fail(key, "heatmap axes are linear (indices or coordinates); use norm: log for a log colour scale");
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<HeatmapOptions>>();
    }

    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        return resolve_selection(shape, rule.slice, 2, "heatmap needs 2-D data");
    }
    // The columns' coordinate, the rows': CompanionKey::axis counts kept axes, rows first.
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const HeatmapOptions& o = options_as<HeatmapOptions>(rule.options.get());
        return cell_grid::axis_companions(o.x, o.y);
    }
    bool draws_coordinates(const PlotRule& /*rule*/) const override { return true; }
    // Columns along x, rows along y; where the file places them, build_figure labels them.
    AxisLabels default_labels(const PlotRule& rule, const LabelSources& from) const override {
        const HeatmapOptions& o = options_as<HeatmapOptions>(rule.options.get());
        return cell_grid::axis_labels(o.x, o.y, from);
    }

    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        return series_extent(data, options_as<HeatmapOptions>(rule.options.get()).norm);
    }
    // The view of x the image spans, in whatever units the figure draws it.
    std::optional<std::pair<double, double>> x_extent(const PlotTask& task, const PlotRule& rule,
                                                      PlotData&& data) const override {
        const Figure fig = heatmap_figure(task, rule, std::move(data), FigureConfig{}, std::nullopt);
        const Axis& x = fig.panels.front().x;
        return std::make_pair(std::min(x.lo, x.hi), std::max(x.lo, x.hi));
    }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        Figure fig = heatmap_figure(task, rule, std::move(data), style, shared.value);
        view_x_limits(fig.panels.front().x, rule, shared.x);
        return fig;
    }
};

}  // namespace

const PlotKind& heatmap_kind() {
    static const HeatmapKind kind;
    return kind;
}

}  // namespace plotcluster
