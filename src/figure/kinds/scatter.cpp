#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "plotcluster/core/canvas.hpp"  // rasterized_markers
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "../figure_parts.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using series_keys::Marker;

struct ScatterOptions {
    std::optional<std::string> x;      // x dataset: absolute path, or a sibling's name
    Marker marker = Marker::none;      // none draws "o"
    std::optional<std::string> color;  // with color_by: the colour of points without a value
    double marker_size = 6;
    double alpha = 1;
    // color_by: a dataset of one value per point, coloured through `colormap`, with a colorbar.
    std::optional<std::string> color_by{};
    std::string colormap = "viridis";
};

template <fields::same_or_const<ScatterOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("x", o.x);
    v("marker", o.marker);
    v("color", o.color);
    v("marker_size", o.marker_size);
    v("alpha", o.alpha);
    v("color_by", o.color_by);
    v("colormap", o.colormap);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<ScatterOptions>() ==
                  fields::member_count<ScatterOptions>(),
              "ScatterOptions: every member must be in its field list");

constexpr std::array<std::string_view, 7> scatter_keys = {
    "x", "marker", "color", "marker_size", "alpha", "color_by", "colormap"};

// The last part of a dataset's path: a colorbar's label.
std::string base_name(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What the points of a scatter leave out and keep, over one block of rows or all of them.
struct Tally {
    Finite xs, ys, vs;  // the drawn points' coordinates and colour values
    std::size_t shown = 0;
    std::uint64_t ignored = 0;
    // Streamed: the coordinates left in x and y, as the chart asks of them (a whole read's
    // layer holds them).
    SeenValues x_seen, y_seen;
};

// One block of points (or all of them), their x, y and with color_by their values (one
// per point) already in `s`, as the layer draws them: NaN where the axes' scales (x, y)
// cannot show them, and with color_by where the value is NaN/Inf and `color` gives no colour for
// it (x made NaN); each counted in `ignored`.
void place_points(MarkersLayer& s, std::pair<Scale, Scale> scales, const ScatterOptions& o,
                  Tally& t) {
    t.ignored += mask_unshown(s.x, scales.first) + mask_unshown(s.y, scales.second);
    for (std::size_t k = 0; k < s.x.size(); ++k) {
        if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) continue;
        if (o.color_by) {
            if (std::isfinite(s.values[k])) {
                t.vs.add(s.values[k]);
            } else if (!o.color) {
                s.x[k] = nan;
                ++t.ignored;
                continue;
            }
        }
        t.xs.add(s.x[k]);
        t.ys.add(s.y[k]);
        ++t.shown;
    }
}

// The message for a companion whose length is not the plot's points.
DatasetError colour_count(const std::string& dataset, std::uint64_t values,
                          std::uint64_t points) {
    return DatasetError("color_by dataset '" + dataset + "' has " + std::to_string(values) +
                        " values but the plot has " + std::to_string(points) + " points");
}

// The figure of the points `t` tallied, `s` their layer: colours and colorbar (`by`: the
// color_by dataset and its units), axes, the note.
Figure scatter_figure(const PlotTask& task, const PlotRule& rule, const FigureConfig& style,
                      const Tally& t, MarkersLayer s, const CompanionData* by,
                      const SharedRanges& shared) {
    const ScatterOptions& o = options_as<ScatterOptions>(rule.options.get());
    Figure fig = base_figure(task, rule, style);
    fig.ignored += t.ignored;
    Panel& panel = fig.panels.front();
    if (o.color_by) {
        if (by == nullptr) throw std::logic_error("scatter: color_by was not read");
        const Colormap* cmap = Colormap::find(o.colormap);
        if (cmap == nullptr) throw DatasetError("unknown colormap '" + o.colormap + "'");
        if (!t.vs.any()) {
            throw DatasetError("color_by dataset '" + by->dataset +
                               "' has no finite values at the plotted points (all NaN or Inf)");
        }
        const Range r = nonsingular_on(t.vs.lo, t.vs.hi, Scale::linear);
        if (o.color) s.bad = series_color(o.color, o.alpha, 0);
        s.colormap = cmap;
        s.vmin = r.lo;
        s.vmax = r.hi;
        // "mass [kg]", as a heatmap's colorbar carries its values' units.
        std::string label = base_name(by->dataset);
        if (!by->units.empty()) label += " [" + by->units + "]";
        panel.colorbar = Colorbar{std::move(label), r.lo, r.hi, cmap, Scale::linear};
    }
    if (!t.xs.any()) {
        throw DatasetError(rule.xscale == Scale::log || rule.yscale == Scale::log
                               ? "no finite points with positive coordinates to plot on a log axis"
                               : "no finite points to plot");
    }
    s.color = series_color(o.color, o.alpha, 0);
    s.shape = o.marker == Marker::none ? MarkerShape::circle : *marker_shape(o.marker);
    s.size_pt = o.marker_size;
    if (t.shown > rasterized_markers) {
        fig.vector_notes.push_back("scatter: " + std::to_string(t.shown) +
                                   " points rasterized into the SVG/PDF as an image");
    }
    panel.layers.emplace_back(std::move(s));
    panel.x = x_axis(rule, task.draw.x_label, t.xs, shared.x);
    const Range y = value_range(rule, t.ys, rule.yscale, shared.value);
    panel.y = value_axis(rule, task.draw.y_label, y, rule.yscale);
    fig.vmin = y.lo;
    fig.vmax = y.hi;
    mark_integer_axes(panel);
    return fig;
}

// The shape a scatter without x draws: N×2.
void check_pairs(const std::vector<std::uint64_t>& shape, const std::string& dataset) {
    const auto dims = squeeze(shape);
    if (dims.size() != 2 || dims[1] != 2) {
        throw DatasetError("a scatter plot needs an N×2 dataset (or x:); '" + dataset +
                           "' has shape " + shape_text(shape));
    }
}

// The data read whole.
Figure whole_scatter(const PlotTask& task, const PlotRule& rule, PlotData data,
                     const FigureConfig& style, const SharedRanges& shared) {
    if (data.series.size() != 1) throw DatasetError("a scatter plot draws one dataset");
    const ScatterOptions& o = options_as<ScatterOptions>(rule.options.get());
    const std::string x_dataset = companion(task.read, "x");
    auto& in = data.series.front();
    MarkersLayer s;
    if (data.x) {
        s.x = one_dimensional(*data.x, "the x axis", x_dataset);
        s.y = one_dimensional(in.values, "a scatter plot with x", in.dataset);
        if (s.x.size() != s.y.size()) {
            throw DatasetError("x dataset '" + x_dataset + "' has " + std::to_string(s.x.size()) +
                               " values but '" + in.dataset + "' has " +
                               std::to_string(s.y.size()));
        }
    } else {
        check_pairs(in.values.shape, in.dataset);
        const std::size_t n = in.values.values.size() / 2;
        s.x.resize(n);
        s.y.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            s.x[k] = in.values.values[2 * k];
            s.y[k] = in.values.values[2 * k + 1];
        }
        std::vector<double>().swap(in.values.values);  // 16 bytes a point less to hold
    }
    const CompanionData* by = nullptr;
    for (auto& c : data.companions) {
        if (c.role != "color_by") continue;
        by = &c;
        // The plan checks this; a changed file may not fit.
        if (c.values.values.size() != s.x.size())
            throw colour_count(c.dataset, c.values.values.size(), s.x.size());
        s.values = std::move(c.values.values);
    }
    if (o.color_by && by == nullptr) throw std::logic_error("scatter: color_by was not read");
    Tally t;
    place_points(s, {rule.xscale, rule.yscale}, o, t);
    return scatter_figure(task, rule, style, t, std::move(s), by, shared);
}

// Where x and color_by are among a RowPass's columns (0: not read).
struct RowColumns {
    std::size_t x = 0;
    std::size_t by = 0;
};

RowColumns row_columns(const TaskRead& read) {
    RowColumns c;
    for (std::size_t k = 0; k < read.companions.size(); ++k) {
        if (read.companions[k].role == "x") c.x = k + 1;
        if (read.companions[k].role == "color_by") c.by = k + 1;
    }
    return c;
}

// One chunk of rows as a block of points in `s` (its vectors reused): the pairs of N×2
// data, or y with x; with color_by, their values.
void chunk_points(MarkersLayer& s, RowChunk c, RowColumns at) {
    if (at.x != 0) {
        s.x.assign(c[at.x].begin(), c[at.x].end());
        s.y.assign(c[0].begin(), c[0].end());
    } else {
        const std::size_t n = c[0].size() / 2;
        s.x.resize(n);
        s.y.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            s.x[k] = c[0][2 * k];
            s.y[k] = c[0][2 * k + 1];
        }
    }
    if (at.by != 0) s.values.assign(c[at.by].begin(), c[at.by].end());
}

// The points as passes over their rows (too many to hold): one pass for what the whole
// read learns before it draws (ranges, what is left out), then the layer runs the pass
// again each time it is drawn, placing and drawing each chunk as the whole read's layer
// draws those points, in the same order.
Figure rows_scatter(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                    const FigureConfig& style, const SharedRanges& shared) {
    const ScatterOptions& o = options_as<ScatterOptions>(rule.options.get());
    const RowColumns at = row_columns(task.read);
    if (o.x && at.x == 0) throw std::logic_error("scatter: no streamed x companion");
    if (o.color_by && at.by == 0) throw std::logic_error("scatter: color_by was not read");
    const std::uint64_t values = pass.lengths.at(0);
    if (at.x != 0 && pass.lengths.at(at.x) != values) {
        throw DatasetError("x dataset '" + companion(task.read, "x") + "' has " +
                           std::to_string(pass.lengths.at(at.x)) + " values but '" +
                           task.read.dataset + "' has " + std::to_string(values));
    }
    if (at.x == 0) {
        std::vector<std::uint64_t> shape;  // as the whole read holds it: the kept axes
        for (std::size_t a = 0; a < task.read.shape.size(); ++a) {
            const bool fixed = a < task.read.fixed.size() && task.read.fixed[a] >= 0;
            if (!fixed && task.read.shape[a] != 1) shape.push_back(task.read.shape[a]);
        }
        check_pairs(shape, task.read.dataset);
    }
    const std::uint64_t points = at.x != 0 ? values : values / 2;
    std::optional<CompanionData> by;
    if (at.by != 0) {
        const Companion& c = task.read.companions[at.by - 1];
        if (pass.lengths.at(at.by) != points)
            throw colour_count(c.dataset, pass.lengths.at(at.by), points);
        by = CompanionData{c.role, c.dataset, {}, c.units};
    }
    const std::pair scales{rule.xscale, rule.yscale};
    Tally t;
    MarkersLayer b;
    pass.run([&](RowChunk c) {
        chunk_points(b, c, at);
        place_points(b, scales, o, t);
        t.x_seen.add(b.x);
        t.y_seen.add(b.y);
    });
    MarkersLayer seen;
    seen.block_points = t.shown;
    seen.x_seen = t.x_seen;
    seen.y_seen = t.y_seen;
    Figure fig = scatter_figure(task, rule, style, t, std::move(seen), by ? &*by : nullptr, shared);
    auto& layer = std::get<MarkersLayer>(fig.panels.front().layers.back());
    // What it keeps it holds by value: the pass alone refers to the renderer's reads.
    layer.blocks = [run = pass.run, look = layer, scales, o,
                    at](const MarkersLayer::BlockDraw& draw) {
        MarkersLayer block = look;  // the style each block is drawn in
        run([&](RowChunk c) {
            chunk_points(block, c, at);
            Tally again;
            place_points(block, scales, o, again);
            draw(block);
        });
    };
    return fig;
}

// value_extent and x_extent of the whole read, from one pass over the rows.
PlotExtents rows_scatter_extents(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                                 bool value, bool x) {
    const RowColumns at = row_columns(task.read);
    Finite ys, xs;
    const auto add = [&](double px, double py) {
        if (!shown(py, rule.yscale)) return;
        if (value) ys.add(py);
        if (x && shown(px, rule.xscale)) xs.add(px);
    };
    pass.run([&](RowChunk c) {
        if (at.x != 0) {
            for (std::size_t k = 0; k < c[0].size() && k < c[at.x].size(); ++k)
                add(c[at.x][k], c[0][k]);
        } else {
            for (std::size_t k = 0; k + 1 < c[0].size(); k += 2) add(c[0][k], c[0][k + 1]);
        }
    });
    PlotExtents e;
    if (ys.any()) e.value = std::make_pair(ys.lo, ys.hi);
    if (xs.any()) e.x = std::make_pair(xs.lo, xs.hi);
    return e;
}

class ScatterKind final : public PlotKind {
public:
    std::string_view name() const override { return "scatter"; }
    std::span<const std::string_view> keys() const override { return scatter_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<ScatterOptions>>();
        ScatterOptions& o = options->value;
        o.x = series_keys::x_dataset(keys);
        o.marker = series_keys::marker(keys).value_or(o.marker);
        o.color = keys.color("color");
        o.marker_size = series_keys::marker_size(keys).value_or(o.marker_size);
        o.alpha = series_keys::alpha(keys).value_or(o.alpha);
        o.color_by = keys.text("color_by");
        if (o.color_by && o.color_by->find_first_of("*?[") != std::string::npos) {
            keys.fail("color_by", "must name one dataset, not a pattern");
        }
        if (auto cmap = keys.colormap("colormap")) {
            if (!o.color_by) keys.fail("colormap", "colours the points only with color_by");
            o.colormap = *cmap;
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<ScatterOptions>>();
    }

    // With `x`: 1-D y values; without: N×2 (x, y columns).
    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        if (options_as<ScatterOptions>(rule.options.get()).x) {
            return resolve_selection(shape, rule.slice, 1, "scatter plot with `x` needs 1-D data");
        }
        Selection sel = resolve_selection(shape, rule.slice, 2,
                                          "scatter plot without `x` needs N×2 data (x, y columns)");
        if (sel.error.empty() && sel.shape[1] != 2) {
            sel.error = "scatter plot without `x` needs N×2 data (x, y columns); " +
                        shape_story(shape, sel.fixed, sel.shape) + " has " +
                        std::to_string(sel.shape[1]) + " columns (or give the rule an `x` dataset)";
        }
        return sel;
    }
    // color_by: one value per point, as x (with x), else per row of the N×2 data.
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const ScatterOptions& o = options_as<ScatterOptions>(rule.options.get());
        std::vector<CompanionKey> out;
        if (o.x) out.push_back({"x", *o.x});
        if (o.color_by) {
            out.push_back({"color_by", *o.color_by, std::nullopt,
                           o.x ? CompanionFit::points : CompanionFit::rows});
        }
        return out;
    }
    AxisLabels default_labels(const PlotRule& rule, const LabelSources& from) const override {
        if (options_as<ScatterOptions>(rule.options.get()).x) return {from.x, from.value};
        return {from.value + " (column 0)", from.value + " (column 1)"};
    }

    // y is column 1 of an N×2 dataset, or the data with x.
    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        return series_extent(data, rule.yscale, data.x ? 0 : 1, data.x ? 1 : 2);
    }
    std::optional<std::pair<double, double>> x_extent(const PlotTask& /*task*/,
                                                      const PlotRule& rule,
                                                      PlotData&& data) const override {
        return points_x_extent(data, rule, !data.x);
    }
    bool x_follows_limits() const override { return true; }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        return whole_scatter(task, rule, std::move(data), style, shared);
    }
    // Too many points to hold are drawn from passes over their rows and companions.
    bool counts_rows(const PlotRule& /*rule*/) const override { return true; }
    Figure build_rows(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                      const FigureConfig& style, const SharedRanges& shared) const override {
        return rows_scatter(task, rule, pass, style, shared);
    }
    PlotExtents rows_extents(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                             bool value, bool x) const override {
        return rows_scatter_extents(task, rule, pass, value, x);
    }
};

}  // namespace

const PlotKind& scatter_kind() {
    static const ScatterKind kind;
    return kind;
}

}  // namespace plotcluster
