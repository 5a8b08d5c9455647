#include "plotcluster/figure/figure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "plotcluster/core/shape.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/figure/line_decimator.hpp"
#include "plotcluster/figure/interval.hpp"

namespace plotcluster {

namespace {

constexpr double margin = 0.05;  // matplotlib's default data margins
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Finite {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool any() const { return lo <= hi; }
    void add(double v) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
};

// Values a scale can show: finite, and positive on a log scale.
bool shown(double v, Scale scale) { return std::isfinite(v) && (scale == Scale::linear || v > 0); }

Finite shown_range(const std::vector<double>& values, Scale scale) {
    Finite f;
    for (double v : values) {
        if (shown(v, scale)) f.add(v);
    }
    return f;
}

constexpr double biggest = std::numeric_limits<double>::max();
constexpr double smallest = std::numeric_limits<double>::denorm_min();

// The view range for data [lo, hi] with 5% margins (in log space on a log axis), kept
// finite, and positive on a log axis, at the ends of the double range.
Axis padded(std::string label, Range r, Scale scale) {
    if (scale == Scale::log) {
        const double a = std::log10(r.lo), b = std::log10(r.hi);
        const double pad = (b - a) * margin;
        // min/max: where [lo, hi] is narrower than log10's precision (a few ulps of
        // 1e300), 10^(log10 lo) may land inside it; the view still holds the data.
        return {std::move(label), std::max(std::min(std::pow(10.0, a - pad), r.lo), smallest),
                std::min(std::max(std::pow(10.0, b + pad), r.hi), biggest), scale};
    }
    // Scaled before subtracting, so ranges near ±DBL_MAX do not overflow to inf.
    const double pad = r.hi * margin - r.lo * margin;
    return {std::move(label), std::max(r.lo - pad, -biggest), std::min(r.hi + pad, biggest), scale};
}

// A constant gets a range around it; on a log scale a factor around it.
Range nonsingular_on(double lo, double hi, Scale scale) {
    const Range factor{std::max(lo / 2, smallest), std::min(hi * 2, biggest)};
    if (scale == Scale::log && !(hi > lo)) return factor;
    const Range r = nonsingular(lo, hi);
    // Widening a few subnormal steps (see nonsingular) can cross 0; a log scale widens
    // by factors instead.
    if (scale == Scale::log && !(r.lo > 0)) return factor;
    return r;
}

std::vector<std::uint64_t> squeeze(const std::vector<std::uint64_t>& shape) {
    std::vector<std::uint64_t> out;
    for (auto d : shape) {
        if (d != 1) out.push_back(d);
    }
    return out;
}

std::optional<MarkerShape> marker_shape(Marker m) {
    switch (m) {
        case Marker::none: return std::nullopt;
        case Marker::point: return MarkerShape::point;
        case Marker::circle: return MarkerShape::circle;
        case Marker::square: return MarkerShape::square;
        case Marker::triangle_up: return MarkerShape::triangle_up;
        case Marker::triangle_down: return MarkerShape::triangle_down;
        case Marker::diamond: return MarkerShape::diamond;
        case Marker::plus: return MarkerShape::plus;
        case Marker::cross: return MarkerShape::cross;
    }
    return std::nullopt;
}

Color series_color(const PlotRule& rule, std::size_t i) {
    Color c = rule.color ? parse_color(*rule.color).value_or(cycle_color(i)) : cycle_color(i);
    c.a *= rule.alpha;
    return c;
}

Figure base_figure(const PlotTask& task, const PlotRule& rule, const FigureConfig& style) {
    Figure fig;
    fig.width = style.width;
    fig.height = style.height;
    fig.dpi = style.dpi;
    fig.title = task.title;
    fig.panels.emplace_back().grid = rule.grid;
    return fig;
}

std::string series_label(const SeriesData& s) {
    if (!s.label.empty()) return s.label;
    return s.dataset.substr(s.dataset.rfind('/') + 1);
}

// 1-D values of a series, or a DatasetError naming its shape.
std::vector<double> one_dimensional(Array& a, const std::string& kind, const std::string& dataset) {
    if (squeeze(a.shape).size() > 1) {
        throw DatasetError(kind + " needs 1-D data; '" + dataset + "' has shape " + shape_text(a.shape));
    }
    return std::move(a.values);
}

// Non-finite values, and those a log axis cannot show, become NaN gaps; returns how many.
std::uint64_t mask_unshown(std::vector<double>& values, Scale scale) {
    std::uint64_t n = 0;
    for (double& v : values) {
        if (!shown(v, scale)) {
            v = nan;
            ++n;
        }
    }
    return n;
}

// The value axis: the rule's limits, the range shared with other plots, else the data's.
Range value_range(const PlotTask& task, const PlotRule& rule, const Finite& data, Scale scale,
                  const std::optional<SharedRange>& shared) {
    if (!rule.limits.automatic) {
        // Bins and colours cannot start at log10 of 0 or less (-inf, NaN). A line's or
        // scatter plot's axis keeps such limits as given: the chart shows the part of it
        // a log axis can (see chart.cpp).
        if (scale == Scale::log && !(rule.limits.lo > 0) && task.kind == PlotKind::histogram) {
            throw DatasetError("limits for a log axis must be positive");
        }
        return {rule.limits.lo, rule.limits.hi};
    }
    if (shared && !shared->empty()) return nonsingular_on(shared->lo, shared->hi, scale);
    return nonsingular_on(data.lo, data.hi, scale);
}

// Explicit limits are used as given; computed ones get margins.
Axis value_axis(const PlotRule& rule, std::string label, Range r, Scale scale) {
    if (!rule.limits.automatic) return {std::move(label), r.lo, r.hi, scale};
    return padded(std::move(label), r, scale);
}

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
                   const FigureConfig& style,
                   const std::optional<SharedRange>& shared) {
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    std::vector<LinesLayer> lines;
    std::optional<std::vector<double>> x;
    if (data.x) x = one_dimensional(*data.x, "the x axis", task.x_dataset);
    Finite xs, ys;
    for (std::size_t i = 0; i < data.series.size(); ++i) {
        auto& in = data.series[i];
        LinesLayer s;
        s.y = one_dimensional(in.values, "a line plot", in.dataset);
        if (x) {
            if (x->size() != s.y.size()) {
                throw DatasetError("x dataset '" + task.x_dataset + "' has " +
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
        s.color = series_color(rule, i);
        s.width_pt = rule.linewidth;
        s.marker = marker_shape(rule.marker);
        s.marker_pt = rule.marker_size;
        s.label = series_label(in);
        lines.push_back(std::move(s));
    }
    if (!ys.any()) {
        throw DatasetError(rule.yscale == Scale::log || rule.xscale == Scale::log
                               ? "no finite positive values to plot on a log axis"
                               : "no finite values to plot (all NaN or Inf)");
    }
    panel.x = padded(task.x_label, nonsingular_on(xs.lo, xs.hi, rule.xscale), rule.xscale);
    const Range y = value_range(task, rule, ys, rule.yscale, shared);
    panel.y = value_axis(rule, task.y_label, y, rule.yscale);
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

Figure scatter_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                      const FigureConfig& style,
                   const std::optional<SharedRange>& shared) {
    if (data.series.size() != 1) throw DatasetError("a scatter plot draws one dataset");
    auto& in = data.series.front();
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    MarkersLayer s;
    if (data.x) {
        s.x = one_dimensional(*data.x, "the x axis", task.x_dataset);
        s.y = one_dimensional(in.values, "a scatter plot with x", in.dataset);
        if (s.x.size() != s.y.size()) {
            throw DatasetError("x dataset '" + task.x_dataset + "' has " + std::to_string(s.x.size()) +
                               " values but '" + in.dataset + "' has " + std::to_string(s.y.size()));
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
    }
    fig.ignored += mask_unshown(s.x, rule.xscale) + mask_unshown(s.y, rule.yscale);
    Finite xs, ys;
    for (std::size_t k = 0; k < s.x.size(); ++k) {
        if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) {
            xs.add(s.x[k]);
            ys.add(s.y[k]);
        }
    }
    if (!xs.any()) {
        throw DatasetError(rule.xscale == Scale::log || rule.yscale == Scale::log
                               ? "no finite points with positive coordinates to plot on a log axis"
                               : "no finite points to plot");
    }
    s.color = series_color(rule, 0);
    s.shape = rule.marker == Marker::none ? MarkerShape::circle : *marker_shape(rule.marker);
    s.size_pt = rule.marker_size;
    panel.layers.emplace_back(std::move(s));
    panel.x = padded(task.x_label, nonsingular_on(xs.lo, xs.hi, rule.xscale), rule.xscale);
    const Range y = value_range(task, rule, ys, rule.yscale, shared);
    panel.y = value_axis(rule, task.y_label, y, rule.yscale);
    fig.vmin = y.lo;
    fig.vmax = y.hi;
    mark_integer_axes(panel);
    return fig;
}

// Edge i of `bins` equal bins over [a, b]; from halves when (b - a) * i could overflow.
double edge(double a, double b, int i, int bins) {
    if (std::isfinite((b - a) * bins)) return a + (b - a) * i / bins;
    const double half = (b / 2 - a / 2) * i / bins;
    return std::min(a + half + half, b);  // a + half is at most the midpoint: no overflow
}

Figure histogram_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                        const FigureConfig& style,
                   const std::optional<SharedRange>& shared) {
    if (data.series.size() != 1) throw DatasetError("a histogram draws one dataset");
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
    const Range range = value_range(task, rule, f, rule.xscale, shared);
    fig.vmin = range.lo;
    fig.vmax = range.hi;
    const int bins = rule.bins > 0 ? rule.bins : auto_bins(values);
    // Log bins where log10 tells the ends apart; a range narrower than its precision (a
    // few ulps at 1e300) is binned linearly, which it is at that scale.
    const bool log_x = rule.xscale == Scale::log && std::log10(range.hi) > std::log10(range.lo);
    auto at = [&](double v) { return log_x ? std::log10(v) : v; };
    const double a = at(range.lo), b = at(range.hi);

    BarsLayer bars;
    bars.color = series_color(rule, 0);
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
    panel.x = padded(task.x_label, range, rule.xscale);
    const bool log_y = rule.log || rule.yscale == Scale::log;
    if (log_y) {
        double low = top;
        for (double c : bars.counts) {
            if (c > 0) low = std::min(low, c);
        }
        // Bars start below the smallest count, as matplotlib's log histograms do.
        const Axis y = padded(task.y_label, nonsingular_on(low, top, Scale::log), Scale::log);
        panel.y = {task.y_label, std::min(y.lo, 0.5 * low), y.hi, Scale::log};
    } else {
        panel.y = {task.y_label, 0, top * (1 + margin), Scale::linear};
    }
    panel.layers.emplace_back(std::move(bars));
    mark_integer_axes(panel);
    return fig;
}

Figure heatmap_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                      const FigureConfig& style,
                   const std::optional<SharedRange>& shared) {
    if (data.series.size() != 1) throw DatasetError("a heatmap draws one dataset");
    auto& in = data.series.front();
    const auto dims = squeeze(in.values.shape);
    if (dims.size() != 2) {
        throw DatasetError("a heatmap needs 2-D data; '" + in.dataset + "' has shape " +
                           shape_text(in.values.shape));
    }
    const Colormap* cmap = Colormap::find(rule.colormap);
    if (cmap == nullptr) throw DatasetError("unknown colormap '" + rule.colormap + "'");
    const Finite f = shown_range(in.values.values, rule.norm);
    if (!f.any()) {
        throw DatasetError(rule.norm == Scale::log ? "no positive finite values for a log norm"
                                                   : "no finite values to plot (all NaN or Inf)");
    }
    const Range limits = value_range(task, rule, f, rule.norm, shared);
    if (rule.norm == Scale::log && limits.lo <= 0) {
        throw DatasetError("limits for a log norm must be positive");
    }

    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    fig.vmin = limits.lo;
    fig.vmax = limits.hi;
    for (double v : in.values.values) fig.ignored += shown(v, rule.norm) ? 0 : 1;
    ImageLayer layer;
    layer.rows = dims[0];
    layer.cols = dims[1];
    layer.values = std::move(in.values.values);
    layer.colormap = cmap;
    layer.vmin = limits.lo;
    layer.vmax = limits.hi;
    layer.norm = rule.norm;
    layer.origin_lower = rule.origin == Origin::lower;
    layer.bad_color = parse_color(rule.bad_color).value_or(Color{1, 1, 1, 1});
    // Cell centres sit on integer indices, as in matplotlib's imshow.
    panel.x = {task.x_label, -0.5, static_cast<double>(layer.cols) - 0.5};
    panel.y = {task.y_label, -0.5, static_cast<double>(layer.rows) - 0.5};
    panel.y.inverted = !layer.origin_lower;
    panel.equal_aspect = true;
    panel.colorbar = Colorbar{task.value_label, limits.lo, limits.hi, cmap, rule.norm};
    panel.layers.emplace_back(std::move(layer));
    return fig;
}

}  // namespace

std::optional<std::pair<double, double>> value_extent(const PlotTask& task, const PlotRule& rule,
                                                      const PlotData& data) {
    Finite f;
    auto add_all = [&](const std::vector<double>& values, Scale scale, std::size_t from,
                       std::size_t step) {
        for (std::size_t i = from; i < values.size(); i += step) {
            if (shown(values[i], scale)) f.add(values[i]);
        }
    };
    for (const auto& s : data.series) {
        switch (task.kind) {
            case PlotKind::heatmap: add_all(s.values.values, rule.norm, 0, 1); break;
            case PlotKind::histogram: add_all(s.values.values, rule.xscale, 0, 1); break;
            case PlotKind::line: add_all(s.values.values, rule.yscale, 0, 1); break;
            case PlotKind::scatter:  // y is column 1 of an N×2 dataset, or the data with x
                add_all(s.values.values, rule.yscale, data.x ? 0 : 1, data.x ? 1 : 2);
                break;
        }
    }
    if (!f.any()) return std::nullopt;
    return std::make_pair(f.lo, f.hi);
}

Range nonsingular(double lo, double hi) {
    const double scale = std::max(std::abs(lo), std::abs(hi));
    // A subnormal range keeps only a few bits: below this width its ticks would be as
    // coarse as the doubles there (4.9e-324 apart). Normal ranges never reach it.
    constexpr double narrowest = 64 * smallest;
    // hi - lo may overflow to inf for finite lo, hi; that is still a fine range.
    if (hi > lo && hi - lo > scale * 1e-12 && hi - lo > narrowest) return {lo, hi};
    // std::midpoint cannot overflow (1e308 + 1e308 would).
    const double mid = std::midpoint(lo, hi);
    // Around 0 (also a subnormal pair like [0, 4.9e-324] whose midpoint rounds to 0) the
    // range is the data's own scale, or 0.1 for zeros.
    const double size = mid == 0 ? scale : std::abs(mid);
    const double delta = size == 0 ? 0.1 : std::max(size * 0.05, narrowest / 2);
    // A constant next to ±DBL_MAX gets its range on the side that exists.
    return {std::max(mid - delta, -biggest), std::min(mid + delta, biggest)};
}

int auto_bins(std::vector<double> v) {
    if (v.size() < 2) return 1;
    const auto n = static_cast<double>(v.size());
    const auto quantile = [&](double q) {
        const auto k = static_cast<std::size_t>(q * (n - 1));
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
        return v[k];
    };
    const double q1 = quantile(0.25), q3 = quantile(0.75);
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const int sturges = static_cast<int>(std::ceil(std::log2(n))) + 1;
    if (!(q3 > q1) || !(*hi > *lo)) return std::clamp(sturges, 1, 1000);
    // Halves when the spreads overflow (data from -DBL_MAX to DBL_MAX): same ratio.
    double iqr = q3 - q1, span = *hi - *lo;
    if (!std::isfinite(span)) {
        iqr = q3 / 2 - q1 / 2;
        span = *hi / 2 - *lo / 2;
    }
    const double width = 2 * iqr / std::cbrt(n);
    // Clamped as a double: a subnormal width makes the ratio overflow an int (or inf).
    return static_cast<int>(std::clamp(std::ceil(span / width), 1.0, 1000.0));
}

Figure build_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                    const FigureConfig& style, const std::optional<SharedRange>& shared) {
    if (data.series.empty()) throw DatasetError("nothing to draw");
    switch (task.kind) {
        case PlotKind::line: return line_figure(task, rule, std::move(data), style, shared);
        case PlotKind::scatter: return scatter_figure(task, rule, std::move(data), style, shared);
        case PlotKind::histogram: return histogram_figure(task, rule, std::move(data), style, shared);
        case PlotKind::heatmap: return heatmap_figure(task, rule, std::move(data), style, shared);
    }
    throw DatasetError("unsupported plot kind");
}

}  // namespace plotcluster
