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
#include "plotcluster/figure/line_decimator.hpp"
#include "../figure_parts.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using series_keys::Marker;

enum class Grouping { none, parent };  // `group: parent`: one figure per HDF5 group
constexpr std::array<std::string_view, 1> group_names = {"parent"};

struct LineOptions {
    std::optional<std::string> x;  // x dataset: absolute path, or a sibling's name
    Grouping group = Grouping::none;
    Marker marker = Marker::none;
    double linewidth = 1.5;            // points
    std::optional<std::string> color;  // validated colour spec ("C0", "#1f77b4", "red")
    double marker_size = 6;            // points, diameter
    double alpha = 1;                  // 0..1
};

template <fields::same_or_const<LineOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("x", o.x);
    v("group", o.group);
    v("marker", o.marker);
    v("linewidth", o.linewidth);
    v("color", o.color);
    v("marker_size", o.marker_size);
    v("alpha", o.alpha);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<LineOptions>() == fields::member_count<LineOptions>(),
              "LineOptions: every member must be in its field list");

constexpr std::array<std::string_view, 7> line_keys = {"x", "group", "marker", "linewidth",
                                                       "color", "marker_size", "alpha"};

// A long line without markers is reduced to what its pixels can show (see LineDecimator).
// Two columns per pixel of the figure's width (the plot area is narrower): with one, the
// points' positions inside a pixel column are lost and the band's rim shows it.
void decimate(LinesLayer& s, const Axis& x, int width) {
    const std::size_t columns = 2 * static_cast<std::size_t>(std::max(width, 1));
    if (s.marker || s.y.size() <= 4 * columns || !non_decreasing(s.x)) return;
    const bool log = x.scale == Scale::log;
    // Columns need an x range: a log axis must also have one in log10 (see padded).
    if (log && !(std::log10(x.hi) > std::log10(x.lo))) return;
    auto at = [&](double v) { return log ? std::log10(v) : v; };
    if (log) {
        for (double& v : s.x) v = std::log10(v);  // finish() replaces s.x
    }
    LineDecimator d(at(x.lo), at(x.hi), columns);
    d.add(s.x, s.y);
    d.finish(s.x, s.y);
    if (log) {
        for (double& v : s.x) v = std::pow(10.0, v);
    }
}

Figure line_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                   const FigureConfig& style, const std::optional<SharedRange>& shared,
                   const std::optional<SharedRange>& shared_x) {
    const LineOptions& o = options_as<LineOptions>(rule.options.get());
    const std::string x_dataset = companion(task.read, "x");
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    std::vector<LinesLayer> lines;
    std::optional<std::vector<double>> x;
    if (data.x) x = one_dimensional(*data.x, "the x axis", x_dataset);
    Finite xs, ys;
    for (std::size_t i = 0; i < data.series.size(); ++i) {
        auto& in = data.series[i];
        LinesLayer s;
        s.y = one_dimensional(in.values, "a line plot", in.dataset);
        if (x) {
            if (x->size() != s.y.size()) {
                throw DatasetError("x dataset '" + x_dataset + "' has " +
                                   std::to_string(x->size()) + " values but '" + in.dataset +
                                   "' has " + std::to_string(s.y.size()));
            }
            s.x = *x;
        } else {
            s.x.resize(s.y.size());
            for (std::size_t k = 0; k < s.x.size(); ++k) s.x[k] = static_cast<double>(k);
        }
        fig.ignored += mask_unshown(s.y, rule.yscale);
        fig.ignored += mask_unshown(s.x, rule.xscale);
        for (std::size_t k = 0; k < s.y.size(); ++k) {
            if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) {
                xs.add(s.x[k]);
                ys.add(s.y[k]);
            }
        }
        s.color = series_color(o.color, o.alpha, i);
        s.width_pt = o.linewidth;
        s.marker = marker_shape(o.marker);
        s.marker_pt = o.marker_size;
        s.label = series_label(in);
        lines.push_back(std::move(s));
    }
    if (!ys.any()) {
        throw DatasetError(rule.yscale == Scale::log || rule.xscale == Scale::log
                               ? "no finite positive values to plot on a log axis"
                               : "no finite values to plot (all NaN or Inf)");
    }
    panel.x = x_axis(rule, task.draw.x_label, xs, shared_x);
    const Range y = value_range(rule, ys, rule.yscale, shared);
    panel.y = value_axis(rule, task.draw.y_label, y, rule.yscale);
    fig.vmin = y.lo;
    fig.vmax = y.hi;
    if (data.reduced_ignored) fig.ignored = *data.reduced_ignored;  // not the gaps it left
    panel.legend = lines.size() > 1;
    for (auto& s : lines) {
        decimate(s, panel.x, style.width);
        panel.layers.emplace_back(std::move(s));
    }
    mark_integer_axes(panel);
    return fig;
}

class LineKind final : public PlotKind {
public:
    std::string_view name() const override { return "line"; }
    std::span<const std::string_view> keys() const override { return line_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<LineOptions>>();
        LineOptions& o = options->value;
        o.x = series_keys::x_dataset(keys);
        if (keys.choice("group", "group", group_names)) o.group = Grouping::parent;
        o.marker = series_keys::marker(keys).value_or(o.marker);
        o.linewidth = keys.number("linewidth", 0, 100).value_or(o.linewidth);
        o.color = keys.color("color");
        o.marker_size = series_keys::marker_size(keys).value_or(o.marker_size);
        o.alpha = series_keys::alpha(keys).value_or(o.alpha);
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<LineOptions>>();
    }

    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        return resolve_selection(shape, rule.slice, 1, "line plot needs 1-D data");
    }
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const auto& x = options_as<LineOptions>(rule.options.get()).x;
        if (!x) return {};
        return {{"x", *x}};
    }
    bool draws_groups(const PlotRule& rule) const override {
        return options_as<LineOptions>(rule.options.get()).group == Grouping::parent;
    }
    AxisLabels default_labels(const PlotRule& /*rule*/, const LabelSources& from) const override {
        return {from.x, from.value};
    }

    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        return series_extent(data, rule.yscale);
    }
    std::optional<std::pair<double, double>> x_extent(const PlotTask& /*task*/, const PlotRule& rule,
                                                      PlotData&& data) const override {
        return points_x_extent(data, rule);
    }
    bool x_follows_limits() const override { return true; }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        return line_figure(task, rule, std::move(data), style, shared.value, shared.x);
    }
    // Explicit x limits may zoom into the series, where a reduction over all of it would
    // leave too few points per pixel.
    bool draws_reduced_series(const PlotRule& rule) const override {
        return options_as<LineOptions>(rule.options.get()).marker == Marker::none &&
               rule.xscale == Scale::linear && x_limits_of(rule).automatic;
    }
};

}  // namespace

const PlotKind& line_kind() {
    static const LineKind kind;
    return kind;
}

}  // namespace plotcluster
