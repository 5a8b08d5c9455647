#include "plotcluster/figure/figure.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "plotcluster/error.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "figure_parts.hpp"

namespace plotcluster {

namespace figure_parts {

bool shown(double v, Scale scale) { return std::isfinite(v) && (scale == Scale::linear || v > 0); }

Finite shown_range(const std::vector<double>& values, Scale scale) {
    Finite f;
    for (double v : values) {
        if (shown(v, scale)) f.add(v);
    }
    return f;
}

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

Color series_color(const std::optional<std::string>& color, double alpha, std::size_t i) {
    Color c = color ? parse_color(*color).value_or(cycle_color(i)) : cycle_color(i);
    c.a *= alpha;
    return c;
}

Dash cycle_dash(std::size_t i) {
    constexpr std::array<Dash, 4> dashes = {Dash::solid, Dash::dashed, Dash::dotted, Dash::dash_dot};
    return dashes[(i / 10) % dashes.size()];
}

void add_reference_lines(Panel& panel, const std::vector<double>& hlines,
                         const std::vector<double>& vlines) {
    if (hlines.empty() && vlines.empty()) return;
    ReferenceLinesLayer lines;
    lines.x = vlines;
    lines.y = hlines;
    lines.color = cycle_color(7);
    panel.layers.emplace_back(std::move(lines));
}

Figure base_figure(const PlotTask& task, const PlotRule& rule, const FigureConfig& style) {
    Figure fig;
    fig.width = style.width;
    fig.height = style.height;
    fig.dpi = style.dpi;
    fig.title = task.draw.title;
    fig.panels.emplace_back().grid = rule.grid;
    return fig;
}

std::string series_label(const SeriesData& s) {
    if (!s.label.empty()) return s.label;
    return s.dataset.substr(s.dataset.rfind('/') + 1);
}

std::vector<double> one_dimensional(Array& a, const std::string& kind, const std::string& dataset) {
    if (squeeze(a.shape).size() > 1) {
        throw DatasetError(kind + " needs 1-D data; '" + dataset + "' has shape " + shape_text(a.shape));
    }
    return std::move(a.values);
}

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

Range value_range(const PlotRule& rule, const Finite& data, Scale scale,
                  const std::optional<SharedRange>& shared, bool positive_log_limits) {
    if (!rule.limits.automatic) {
        // Bins and colours cannot start at log10 of 0 or less (-inf, NaN). A line's or
        // scatter plot's axis keeps such limits as given: the chart shows the part of it
        // a log axis can (see chart.cpp).
        if (scale == Scale::log && !(rule.limits.lo > 0) && positive_log_limits) {
            throw DatasetError("limits for a log axis must be positive");
        }
        return {rule.limits.lo, rule.limits.hi};
    }
    if (shared && !shared->empty()) return nonsingular_on(shared->lo, shared->hi, scale);
    return nonsingular_on(data.lo, data.hi, scale);
}

Axis value_axis(const PlotRule& rule, std::string label, Range r, Scale scale) {
    if (!rule.limits.automatic) return {std::move(label), r.lo, r.hi, scale};
    return padded(std::move(label), r, scale);
}

Axis x_axis(const PlotRule& rule, std::string label, const Finite& data,
            const std::optional<SharedRange>& shared) {
    const Limits x = x_limits_of(rule);
    if (!x.automatic) return {std::move(label), x.lo, x.hi, rule.xscale};
    const bool group = x.share != LimitsShare::none && shared && !shared->empty();
    const Range r = group ? nonsingular_on(shared->lo, shared->hi, rule.xscale)
                          : nonsingular_on(data.lo, data.hi, rule.xscale);
    return padded(std::move(label), r, rule.xscale);
}

void view_x_limits(Axis& x, const PlotRule& rule, const std::optional<SharedRange>& shared) {
    const Limits limits = x_limits_of(rule);
    Range r{x.lo, x.hi};
    if (!limits.automatic) {
        r = {limits.lo, limits.hi};
    } else if (limits.share != LimitsShare::none && shared && !shared->empty()) {
        r = nonsingular(shared->lo, shared->hi);
    } else {
        return;
    }
    x.lo = r.lo;  // Axis::inverted, not lo > hi, says which way it runs
    x.hi = r.hi;
}

std::optional<std::pair<double, double>> series_extent(const PlotData& data, Scale scale,
                                                       std::size_t from, std::size_t step) {
    Finite f;
    for (const auto& s : data.series) {
        const auto& values = s.values.values;
        for (std::size_t i = from; i < values.size(); i += step) {
            if (shown(values[i], scale)) f.add(values[i]);
        }
    }
    if (!f.any()) return std::nullopt;
    return std::make_pair(f.lo, f.hi);
}

std::optional<std::pair<double, double>> points_x_extent(const PlotData& data, const PlotRule& rule,
                                                         bool columns) {
    Finite f;
    const auto add = [&](double x, double y) {
        if (shown(x, rule.xscale) && shown(y, rule.yscale)) f.add(x);
    };
    for (const auto& s : data.series) {
        const auto& v = s.values.values;
        if (columns) {
            for (std::size_t k = 0; k + 1 < v.size(); k += 2) add(v[k], v[k + 1]);
        } else if (data.x) {
            const auto& x = data.x->values;
            for (std::size_t k = 0; k < v.size() && k < x.size(); ++k) add(x[k], v[k]);
        } else {
            for (std::size_t k = 0; k < v.size(); ++k) add(static_cast<double>(k), v[k]);
        }
    }
    if (!f.any()) return std::nullopt;
    return std::make_pair(f.lo, f.hi);
}

}  // namespace figure_parts

using figure_parts::smallest;
using figure_parts::biggest;


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

std::uint64_t quantile_rank(double q, std::uint64_t n) {
    return n == 0 ? 0 : static_cast<std::uint64_t>(q * (static_cast<double>(n) - 1));
}

int auto_bins(std::vector<double> v) {
    if (v.size() < 2) return 1;
    const auto quantile = [&](double q) {
        const std::uint64_t k = quantile_rank(q, v.size());
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
        return v[k];
    };
    const double q1 = quantile(0.25), q3 = quantile(0.75);
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return auto_bins(v.size(), q1, q3, *lo, *hi);
}

int auto_bins(std::uint64_t count, double q1, double q3, double lo, double hi) {
    if (count < 2) return 1;
    const auto n = static_cast<double>(count);
    const int sturges = static_cast<int>(std::ceil(std::log2(n))) + 1;
    if (!(q3 > q1) || !(hi > lo)) return std::clamp(sturges, 1, 1000);
    // Halves when the spreads overflow (data from -DBL_MAX to DBL_MAX): same ratio.
    double iqr = q3 - q1, span = hi - lo;
    if (!std::isfinite(span)) {
        iqr = q3 / 2 - q1 / 2;
        span = hi / 2 - lo / 2;
    }
    const double width = 2 * iqr / std::cbrt(n);
    // Clamped as a double: a subnormal width makes the ratio overflow an int (or inf).
    return static_cast<int>(std::clamp(std::ceil(span / width), 1.0, 1000.0));
}

namespace {
// The rule's `legend` where it gives one (a panel without labelled layers draws none).
Figure with_legend(Figure fig, const PlotRule& rule) {
    if (rule.legend) {
        for (Panel& p : fig.panels) p.legend = *rule.legend;
    }
    return fig;
}
}  // namespace

// The task's title with the slices' text at each {slice}.
std::string slice_title(const TaskDraw& draw, const std::string& slice) {
    std::string title;
    std::size_t from = 0;
    for (const auto at : draw.title_slice_at) {
        const std::size_t to = std::clamp<std::size_t>(at, from, draw.title.size());
        title.append(draw.title, from, to - from).append(slice);
        from = to;
    }
    return title.append(draw.title, from, std::string::npos);
}

Figure build_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                    const FigureConfig& style, const SharedRanges& shared) {
    if (data.series.empty()) throw DatasetError("nothing to draw");
    const std::string slice = data.slice;
    Figure fig = with_legend(plot_kind(rule).build(task, rule, std::move(data), style, shared), rule);
    if (!task.draw.title_slice_at.empty()) fig.title = slice_title(task.draw, slice);
    return fig;
}

std::optional<std::pair<double, double>> value_extent(const PlotRule& rule, const PlotData& data) {
    return plot_kind(rule).value_extent(rule, data);
}

Figure build_streamed_figure(const PlotTask& task, const PlotRule& rule, const ValuePass& pass,
                             const FigureConfig& style, const std::optional<SharedRange>& shared,
                             const std::string& slice) {
    Figure fig = with_legend(plot_kind(rule).build_streamed(task, rule, pass, style, shared), rule);
    if (!task.draw.title_slice_at.empty()) fig.title = slice_title(task.draw, slice);
    return fig;
}

std::optional<std::pair<double, double>> streamed_extent(const PlotRule& rule, const ValuePass& pass) {
    return plot_kind(rule).streamed_extent(rule, pass);
}

Figure build_rows_figure(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                         const FigureConfig& style, const SharedRanges& shared,
                         const std::string& slice) {
    Figure fig = with_legend(plot_kind(rule).build_rows(task, rule, pass, style, shared), rule);
    if (!task.draw.title_slice_at.empty()) fig.title = slice_title(task.draw, slice);
    return fig;
}

PlotExtents rows_extents(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                         bool value, bool x) {
    return plot_kind(rule).rows_extents(task, rule, pass, value, x);
}

Figure PlotKind::build_rows(const PlotTask& /*task*/, const PlotRule& rule, const RowPass& /*pass*/,
                            const FigureConfig& /*style*/, const SharedRanges& /*shared*/) const {
    throw std::logic_error("kind " + std::string(kind_name(rule)) +
                           " is not built from streamed rows");
}

Figure PlotKind::build_streamed(const PlotTask& /*task*/, const PlotRule& rule, const ValuePass& /*pass*/,
                                const FigureConfig& /*style*/, const std::optional<SharedRange>& /*shared*/) const {
    throw std::logic_error("kind " + std::string(kind_name(rule)) + " is not built from streamed values");
}

std::optional<std::pair<double, double>> PlotKind::streamed_extent(const PlotRule& rule,
                                                                   const ValuePass& /*pass*/) const {
    throw std::logic_error("kind " + std::string(kind_name(rule)) + " is not built from streamed values");
}

std::optional<std::pair<double, double>> x_extent(const PlotTask& task, const PlotRule& rule,
                                                  PlotData data) {
    return plot_kind(rule).x_extent(task, rule, std::move(data));
}

}  // namespace plotcluster
