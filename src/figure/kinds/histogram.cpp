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
#include "plotcluster/figure/interval.hpp"
#include "../figure_parts.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
struct HistogramOptions {
    std::optional<std::string> color;
    double alpha = 1;
    int bins = 0;      // 0: automatic (Freedman-Diaconis)
    bool log = false;  // log count axis
};

template <fields::same_or_const<HistogramOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("color", o.color);
    v("alpha", o.alpha);
    v("bins", o.bins);
    v("log", o.log);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<HistogramOptions>() == fields::member_count<HistogramOptions>(),
              "HistogramOptions: every member must be in its field list");

constexpr std::array<std::string_view, 4> histogram_keys = {"color", "alpha", "bins", "log"};

// Edge i of `bins` equal bins over [a, b]; from halves when (b - a) * i could overflow.
double edge(double a, double b, int i, int bins) {
    if (std::isfinite((b - a) * bins)) return a + (b - a) * i / bins;
    const double half = (b / 2 - a / 2) * i / bins;
    return std::min(a + half + half, b);  // a + half is at most the midpoint: no overflow
}

Figure histogram_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                        const FigureConfig& style, const std::optional<SharedRange>& shared) {
    if (data.series.size() != 1) throw DatasetError("a histogram draws one dataset");
    const HistogramOptions& o = options_as<HistogramOptions>(rule.options.get());
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    std::vector<double> values;
    values.reserve(data.series.front().values.values.size());
    for (double v : data.series.front().values.values) {
        if (shown(v, rule.xscale)) {
            values.push_back(v);
        } else {
            ++fig.ignored;
        }
    }
    if (values.empty()) {
        throw DatasetError(rule.xscale == Scale::log
                               ? "no finite positive values to count on a log axis"
                               : "no finite values to count (all NaN or Inf)");
    }
    Finite f;
    for (double v : values) f.add(v);
    const Range range = value_range(rule, f, rule.xscale, shared, /*positive_log_limits=*/true);
    fig.vmin = range.lo;
    fig.vmax = range.hi;
    const int bins = o.bins > 0 ? o.bins : auto_bins(values);
    // Log bins where log10 tells the ends apart; a range narrower than its precision (a
    // few ulps at 1e300) is binned linearly, which it is at that scale.
    const bool log_x = rule.xscale == Scale::log && std::log10(range.hi) > std::log10(range.lo);
    auto at = [&](double v) { return log_x ? std::log10(v) : v; };
    const double a = at(range.lo), b = at(range.hi);

    BarsLayer bars;
    bars.color = series_color(o.color, o.alpha, 0);
    bars.counts.assign(static_cast<std::size_t>(bins), 0);
    bars.edges.reserve(static_cast<std::size_t>(bins) + 1);
    for (int i = 0; i <= bins; ++i) {
        // 10^log10(x) may round past the ends of the double range: kept inside it.
        bars.edges.push_back(log_x ? std::clamp(std::pow(10.0, edge(a, b, i, bins)), smallest, biggest)
                                   : edge(a, b, i, bins));
    }
    for (double v : values) {
        const double t = interval::fraction(at(v), a, b) * bins;
        if (!(t >= 0 && t <= bins)) continue;  // outside explicit limits
        bars.counts[std::min(static_cast<std::size_t>(t), static_cast<std::size_t>(bins - 1))] += 1;
    }
    // No value inside explicit limits: empty bars under a count axis up to 1.
    const double top = std::max(*std::max_element(bars.counts.begin(), bars.counts.end()), 1.0);
    panel.x = padded(task.draw.x_label, range, rule.xscale);
    const bool log_y = o.log || rule.yscale == Scale::log;
    if (log_y) {
        double low = top;
        for (double c : bars.counts) {
            if (c > 0) low = std::min(low, c);
        }
        // Bars start below the smallest count, as matplotlib's log histograms do.
        const Axis y = padded(task.draw.y_label, nonsingular_on(low, top, Scale::log), Scale::log);
        panel.y = {task.draw.y_label, std::min(y.lo, 0.5 * low), y.hi, Scale::log};
    } else {
        panel.y = {task.draw.y_label, 0, top * (1 + margin), Scale::linear};
    }
    panel.layers.emplace_back(std::move(bars));
    mark_integer_axes(panel);
    return fig;
}

class HistogramKind final : public PlotKind {
public:
    std::string_view name() const override { return "histogram"; }
    std::span<const std::string_view> keys() const override { return histogram_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<HistogramOptions>>();
        HistogramOptions& o = options->value;
        o.color = keys.color("color");
        o.alpha = series_keys::alpha(keys).value_or(o.alpha);
        if (keys.has("bins") && !keys.is("bins", "auto")) o.bins = *keys.integer("bins", 1, 100000);
        o.log = keys.boolean("log").value_or(o.log);
        // A histogram's x axis is its values' axis, whose range `limits` already gives.
        if (keys.has("x_limits")) {
            keys.fail("x_limits", "a histogram's x range is its `limits` (auto, [lo, hi], shared or rule); "
                                  "x_limits applies to line, scatter and heatmap");
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<HistogramOptions>>();
    }

    // Any number of dimensions: every value counts.
    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        return resolve_selection(shape, rule.slice, -1, "");
    }
    AxisLabels default_labels(const PlotRule& /*rule*/, const LabelSources& from) const override {
        return {from.value, "count"};
    }

    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        return series_extent(data, rule.xscale);
    }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        return histogram_figure(task, rule, std::move(data), style, shared.value);
    }
};

}  // namespace

const PlotKind& histogram_kind() {
    static const HistogramKind kind;
    return kind;
}

}  // namespace plotcluster
