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

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
enum class Origin { lower, upper };  // where row 0 goes
constexpr std::array<std::string_view, 2> origin_names = {"lower", "upper"};
constexpr std::array<std::string_view, 2> norm_names = {"linear", "log"};

struct HeatmapOptions {
    std::string colormap = "viridis";
    Origin origin = Origin::lower;
    Scale norm = Scale::linear;
    std::string bad_color = "white";  // where values are NaN/Inf (or <= 0 with a log norm)
};

template <fields::same_or_const<HeatmapOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("colormap", o.colormap);
    v("origin", o.origin);
    v("norm", o.norm);
    v("bad_color", o.bad_color);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<HeatmapOptions>() == fields::member_count<HeatmapOptions>(),
              "HeatmapOptions: every member must be in its field list");

constexpr std::array<std::string_view, 4> heatmap_keys = {"colormap", "origin", "norm", "bad_color"};

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
    ImageLayer layer;
    layer.rows = dims[0];
    layer.cols = dims[1];
    layer.values = std::move(in.values.values);
    layer.colormap = cmap;
    layer.vmin = limits.lo;
    layer.vmax = limits.hi;
    layer.norm = o.norm;
    layer.origin_lower = o.origin == Origin::lower;
    layer.bad_color = parse_color(o.bad_color).value_or(Color{1, 1, 1, 1});
    // Cell centres sit on integer indices, as in matplotlib's imshow.
    panel.x = {task.draw.x_label, -0.5, static_cast<double>(layer.cols) - 0.5};
    panel.y = {task.draw.y_label, -0.5, static_cast<double>(layer.rows) - 0.5};
    panel.y.inverted = !layer.origin_lower;
    panel.equal_aspect = true;
    panel.colorbar = Colorbar{task.draw.value_label, limits.lo, limits.hi, cmap, o.norm};
    panel.layers.emplace_back(std::move(layer));
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
        for (const auto key : {"xscale", "yscale"}) {
            if (keys.has(key)) keys.fail(key, "heatmaps have index axes; use norm: log for a log colour scale");
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<HeatmapOptions>>();
    }

    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        return resolve_selection(shape, rule.slice, 2, "heatmap needs 2-D data");
    }
    // Columns along x, rows along y.
    AxisLabels default_labels(const PlotRule& /*rule*/, const LabelSources& from) const override {
        return {from.cols, from.rows};
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
