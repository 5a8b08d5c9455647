#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
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

// color_by: the values of the companion (one per point, as the plan checked) into the
// layer with their colorbar; points whose value is NaN/Inf are drawn in the rule's `color`
// when it gives one, else left out (x made NaN) and counted in `ignored`.
void colour_points(MarkersLayer& s, PlotData& data, const ScatterOptions& o, Figure& fig) {
    CompanionData* by = nullptr;
    for (auto& c : data.companions) {
        if (c.role == "color_by") by = &c;
    }
    if (by == nullptr) throw std::logic_error("scatter: color_by was not read");
    if (by->values.values.size() !=
        s.x.size()) {  // the plan checks this; a changed file may not fit
        throw DatasetError("color_by dataset '" + by->dataset + "' has " +
                           std::to_string(by->values.values.size()) + " values but the plot has " +
                           std::to_string(s.x.size()) + " points");
    }
    const Colormap* cmap = Colormap::find(o.colormap);
    if (cmap == nullptr) throw DatasetError("unknown colormap '" + o.colormap + "'");
    s.values = std::move(by->values.values);
    Finite vs;
    for (std::size_t k = 0; k < s.x.size(); ++k) {
        if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) continue;
        if (std::isfinite(s.values[k])) {
            vs.add(s.values[k]);
        } else if (!o.color) {
            s.x[k] = nan;
            ++fig.ignored;
        }
    }
    if (!vs.any()) {
        throw DatasetError("color_by dataset '" + by->dataset +
                           "' has no finite values at the plotted points (all NaN or Inf)");
    }
    const Range r = nonsingular_on(vs.lo, vs.hi, Scale::linear);
    if (o.color) s.bad = series_color(o.color, o.alpha, 0);
    s.colormap = cmap;
    s.vmin = r.lo;
    s.vmax = r.hi;
    // "mass [kg]", as a heatmap's colorbar carries its values' units.
    std::string label = base_name(by->dataset);
    if (!by->units.empty()) label += " [" + by->units + "]";
    fig.panels.front().colorbar = Colorbar{std::move(label), r.lo, r.hi, cmap, Scale::linear};
}

Figure scatter_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                      const FigureConfig& style, const std::optional<SharedRange>& shared,
                      const std::optional<SharedRange>& shared_x) {
    if (data.series.size() != 1) throw DatasetError("a scatter plot draws one dataset");
    const ScatterOptions& o = options_as<ScatterOptions>(rule.options.get());
    const std::string x_dataset = companion(task.read, "x");
    auto& in = data.series.front();
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
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
        const auto dims = squeeze(in.values.shape);
        if (dims.size() != 2 || dims[1] != 2) {
            throw DatasetError("a scatter plot needs an N×2 dataset (or x:); '" + in.dataset +
                               "' has shape " + shape_text(in.values.shape));
        }
        s.x.resize(dims[0]);
        s.y.resize(dims[0]);
        for (std::size_t k = 0; k < dims[0]; ++k) {
            s.x[k] = in.values.values[2 * k];
            s.y[k] = in.values.values[2 * k + 1];
        }
        std::vector<double>().swap(in.values.values);  // 16 bytes a point less to hold
    }
    fig.ignored += mask_unshown(s.x, rule.xscale) + mask_unshown(s.y, rule.yscale);
    if (o.color_by) colour_points(s, data, o, fig);
    Finite xs, ys;
    std::size_t shown = 0;
    for (std::size_t k = 0; k < s.x.size(); ++k) {
        if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) {
            xs.add(s.x[k]);
            ys.add(s.y[k]);
            ++shown;
        }
    }
    if (!xs.any()) {
        throw DatasetError(rule.xscale == Scale::log || rule.yscale == Scale::log
                               ? "no finite points with positive coordinates to plot on a log axis"
                               : "no finite points to plot");
    }
    s.color = series_color(o.color, o.alpha, 0);
    s.shape = o.marker == Marker::none ? MarkerShape::circle : *marker_shape(o.marker);
    s.size_pt = o.marker_size;
    if (shown > rasterized_markers) {
        fig.vector_notes.push_back("scatter: " + std::to_string(shown) +
                                   " points rasterized into the SVG/PDF as an image");
    }
    panel.layers.emplace_back(std::move(s));
    panel.x = x_axis(rule, task.draw.x_label, xs, shared_x);
    const Range y = value_range(rule, ys, rule.yscale, shared);
    panel.y = value_axis(rule, task.draw.y_label, y, rule.yscale);
    fig.vmin = y.lo;
    fig.vmax = y.hi;
    mark_integer_axes(panel);
    return fig;
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
        return scatter_figure(task, rule, std::move(data), style, shared.value, shared.x);
    }
};

}  // namespace

const PlotKind& scatter_kind() {
    static const ScatterKind kind;
    return kind;
}

}  // namespace plotcluster
