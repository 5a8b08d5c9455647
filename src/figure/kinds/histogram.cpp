#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
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
#include "../order_statistics.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
struct HistogramOptions {
    std::optional<std::string> color;
    double alpha = 1;
    int bins = 0;      // 0: automatic (Freedman-Diaconis)
    bool log = false;  // log count axis
    std::vector<double> hlines;  // reference lines at counts (series_keys::reference_lines)
    std::vector<double> vlines;  // and at values
};

template <fields::same_or_const<HistogramOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("color", o.color);
    v("alpha", o.alpha);
    v("bins", o.bins);
    v("log", o.log);
    v("hlines", o.hlines);
    v("vlines", o.vlines);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<HistogramOptions>() == fields::member_count<HistogramOptions>(),
              "HistogramOptions: every member must be in its field list");

constexpr std::array<std::string_view, 6> histogram_keys = {"color", "alpha",  "bins",
                                                            "log",   "hlines", "vlines"};

// Edge i of `bins` equal bins over [a, b]; from halves when (b - a) * i could overflow.
double edge(double a, double b, int i, int bins) {
    if (std::isfinite((b - a) * bins)) return a + (b - a) * i / bins;
    const double half = (b / 2 - a / 2) * i / bins;
    return std::min(a + half + half, b);  // a + half is at most the midpoint: no overflow
}

// Integer data whose range holds at most this many integers get one bin per integer, as
// a careful matplotlib user asks for with bins=np.arange(lo, hi + 2) - 0.5: bins of
// fractional width would hold 1 or 2 integers by turns and draw a comb (the automatic
// count seldom exceeds 100 either). Wider ranges are binned as any data.
constexpr double integer_bins_at_most = 100;
// Beyond 2^50 the half-integer edges are no longer exact.
constexpr double integer_edges_below = 1125899906842624.0;

// What one pass over the values learns before the bins can be chosen.
struct Tally {
    std::uint64_t count = 0;  // values the x scale shows
    std::uint64_t ignored = 0;
    Finite f;
    bool integral = true;  // every shown value an integer
    void add(std::span<const double> values, Scale scale) {
        for (const double v : values) {
            if (!figure_parts::shown(v, scale)) {
                ++ignored;
                continue;
            }
            ++count;
            f.add(v);
            integral = integral && v == std::trunc(v);
        }
    }
};

// The bins: `count` from a to b (log10 of the range on a log axis).
struct Binning {
    int count = 1;
    bool log_x = false;
    bool integer = false;  // one bin per integer, edges at k ± 0.5
    double a = 0, b = 1;
    double at(double v) const { return log_x ? std::log10(v) : v; }
    // The bin of v, or -1 outside them (explicit limits).
    std::ptrdiff_t index(double v) const {
        const double t = interval::fraction(at(v), a, b) * count;
        if (!(t >= 0 && t <= count)) return -1;
        return static_cast<std::ptrdiff_t>(std::min(static_cast<std::size_t>(t), static_cast<std::size_t>(count - 1)));
    }
};

struct Chosen {
    Range range{0, 1};
    Binning bins;
};

// The range (limits, shared, else the data's) and the bins over it: the rule's `bins`,
// else one per integer for integer data of a small range, else `automatic()`.
template <class Automatic>
Chosen choose_bins(const PlotRule& rule, const HistogramOptions& o, const Tally& t,
                   const std::optional<SharedRange>& shared, Automatic&& automatic) {
    Chosen c;
    c.range = value_range(rule, t.f, rule.xscale, shared, /*positive_log_limits=*/true);
    Binning& b = c.bins;
    if (o.bins == 0 && t.integral && rule.xscale == Scale::linear) {
        const double lo = std::ceil(c.range.lo), hi = std::floor(c.range.hi);
        if (hi >= lo && hi - lo + 1 <= integer_bins_at_most && std::abs(lo) < integer_edges_below &&
            std::abs(hi) < integer_edges_below) {
            b.integer = true;
            b.count = static_cast<int>(hi - lo) + 1;
            b.a = lo - 0.5;
            b.b = hi + 0.5;
            return c;
        }
    }
    b.count = o.bins > 0 ? o.bins : automatic();
    // Log bins where log10 tells the ends apart; a range narrower than its precision (a
    // few ulps at 1e300) is binned linearly, which it is at that scale.
    b.log_x = rule.xscale == Scale::log && std::log10(c.range.hi) > std::log10(c.range.lo);
    b.a = b.at(c.range.lo);
    b.b = b.at(c.range.hi);
    return c;
}

[[noreturn]] void nothing_to_count(const PlotRule& rule) {
    throw DatasetError(rule.xscale == Scale::log ? "no finite positive values to count on a log axis"
                                                 : "no finite values to count (all NaN or Inf)");
}

// The figure of counts in bins, the same however the values came.
Figure counts_figure(const PlotTask& task, const PlotRule& rule, const HistogramOptions& o,
                     const FigureConfig& style, const Chosen& chosen, BarsLayer bars, std::uint64_t ignored) {
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    fig.ignored = ignored;
    fig.vmin = chosen.range.lo;
    fig.vmax = chosen.range.hi;
    // No value inside explicit limits: empty bars under a count axis up to 1.
    const double top = std::max(*std::max_element(bars.counts.begin(), bars.counts.end()), 1.0);
    const Binning& b = chosen.bins;
    panel.x = padded(task.draw.x_label, b.integer ? Range{b.a, b.b} : chosen.range, rule.xscale);
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
    panel.x.integer = b.integer;  // bars centred on the integers
    add_reference_lines(panel, o.hlines, o.vlines);  // the bins and counts keep their axes
    return fig;
}

BarsLayer empty_bars(const HistogramOptions& o, const Binning& b) {
    BarsLayer bars;
    bars.color = series_color(o.color, o.alpha, 0);
    // Integers' bars stand apart, as with matplotlib's rwidth=0.8: neighbours of equal
    // height would otherwise read as one wide bar.
    if (b.integer) bars.rwidth = 0.8;
    bars.counts.assign(static_cast<std::size_t>(b.count), 0);
    bars.edges.reserve(static_cast<std::size_t>(b.count) + 1);
    for (int i = 0; i <= b.count; ++i) {
        // 10^log10(x) may round past the ends of the double range: kept inside it.
        bars.edges.push_back(b.log_x ? std::clamp(std::pow(10.0, edge(b.a, b.b, i, b.count)), smallest, biggest)
                                     : edge(b.a, b.b, i, b.count));
    }
    return bars;
}

Figure histogram_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                        const FigureConfig& style, const std::optional<SharedRange>& shared) {
    if (data.series.size() != 1) throw DatasetError("a histogram draws one dataset");
    const HistogramOptions& o = options_as<HistogramOptions>(rule.options.get());
    const std::vector<double>& all = data.series.front().values.values;
    Tally t;
    t.add(all, rule.xscale);
    if (t.count == 0) nothing_to_count(rule);
    const Chosen chosen = choose_bins(rule, o, t, shared, [&] {
        std::vector<double> values;
        values.reserve(static_cast<std::size_t>(t.count));
        for (double v : all) {
            if (shown(v, rule.xscale)) values.push_back(v);
        }
        return auto_bins(std::move(values));
    });
    BarsLayer bars = empty_bars(o, chosen.bins);
    for (double v : all) {
        if (!shown(v, rule.xscale)) continue;
        if (const std::ptrdiff_t i = chosen.bins.index(v); i >= 0) bars.counts[static_cast<std::size_t>(i)] += 1;
    }
    return counts_figure(task, rule, o, style, chosen, std::move(bars), t.ignored);
}

// The same figure from passes over values too many to hold: one to tally them, a few to
// find the quartiles when the bins are automatic (order_statistics.hpp), one to count.
Figure streamed_histogram(const PlotTask& task, const PlotRule& rule, const ValuePass& pass,
                          const FigureConfig& style, const std::optional<SharedRange>& shared) {
    const HistogramOptions& o = options_as<HistogramOptions>(rule.options.get());
    Tally t;
    pass([&](std::span<const double> values) { t.add(values, rule.xscale); });
    if (t.count == 0) nothing_to_count(rule);
    const Chosen chosen = choose_bins(rule, o, t, shared, [&] {
        if (t.count < 2) return auto_bins(t.count, 0, 0, t.f.lo, t.f.hi);
        const std::array<std::uint64_t, 2> ranks = {quantile_rank(0.25, t.count), quantile_rank(0.75, t.count)};
        const std::vector<double> q = order_statistics(pass, rule.xscale, ranks, t.count, t.f.lo, t.f.hi);
        return auto_bins(t.count, q[0], q[1], t.f.lo, t.f.hi);
    });
    BarsLayer bars = empty_bars(o, chosen.bins);
    std::uint64_t seen = 0;
    pass([&](std::span<const double> values) {
        for (const double v : values) {
            if (!shown(v, rule.xscale)) continue;
            ++seen;
            if (const std::ptrdiff_t i = chosen.bins.index(v); i >= 0) bars.counts[static_cast<std::size_t>(i)] += 1;
        }
    });
    if (seen != t.count) throw DatasetError("the values changed while they were read");
    return counts_figure(task, rule, o, style, chosen, std::move(bars), t.ignored);
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
        o.hlines = series_keys::reference_lines(keys, "hlines");
        o.vlines = series_keys::reference_lines(keys, "vlines");
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

    bool counts_values(const PlotRule& /*rule*/) const override { return true; }
    Figure build_streamed(const PlotTask& task, const PlotRule& rule, const ValuePass& pass,
                          const FigureConfig& style, const std::optional<SharedRange>& shared) const override {
        return streamed_histogram(task, rule, pass, style, shared);
    }
    std::optional<std::pair<double, double>> streamed_extent(const PlotRule& rule,
                                                             const ValuePass& pass) const override {
        Tally t;
        pass([&](std::span<const double> values) { t.add(values, rule.xscale); });
        if (!t.f.any()) return std::nullopt;
        return std::pair{t.f.lo, t.f.hi};
    }
};

}  // namespace

const PlotKind& histogram_kind() {
    static const HistogramKind kind;
    return kind;
}

}  // namespace plotcluster
