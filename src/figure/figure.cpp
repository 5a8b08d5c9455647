#include "plotcluster/figure/figure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plotcluster/error.hpp"

namespace plotcluster {

namespace {

// matplotlib's first colour cycle entry (C0) and its default 5% data margins.
constexpr Color line_blue{0x1f / 255.0, 0x77 / 255.0, 0xb4 / 255.0, 1};
constexpr double margin = 0.05;

struct Finite {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool any() const { return lo <= hi; }
};

Finite finite_range(const std::vector<double>& values) {
    Finite f;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        if (v < f.lo) f.lo = v;
        if (v > f.hi) f.hi = v;
    }
    return f;
}

Axis padded(std::string label, Range r) {
    // Scaled before subtracting, so ranges near ±DBL_MAX do not overflow to inf.
    const double pad = r.hi * margin - r.lo * margin;
    constexpr double biggest = std::numeric_limits<double>::max();
    return {std::move(label), std::max(r.lo - pad, -biggest), std::min(r.hi + pad, biggest)};
}

std::vector<std::uint64_t> squeeze(const std::vector<std::uint64_t>& shape) {
    std::vector<std::uint64_t> out;
    for (auto d : shape)
        if (d != 1) out.push_back(d);
    return out;
}

Figure base_figure(const PlotTask& task, const FigureConfig& style) {
    Figure fig;
    fig.width = style.width;
    fig.height = style.height;
    fig.dpi = style.dpi;
    fig.title = task.title;
    return fig;
}

Figure line_figure(const PlotTask& task, Array data, const FigureConfig& style) {
    if (squeeze(data.shape).size() > 1) {
        throw DatasetError("line plots need 1-D data");
    }
    const Finite f = finite_range(data.values);
    if (!f.any()) throw DatasetError("no finite values to plot (all NaN or Inf)");
    Figure fig = base_figure(task, style);
    const std::size_t n = data.values.size();
    LineSeries series;
    series.x.resize(n);
    for (std::size_t i = 0; i < n; ++i) series.x[i] = static_cast<double>(i);
    series.y = std::move(data.values);
    series.color = line_blue;
    series.label = task.dataset;
    fig.x = padded(task.x_label, nonsingular(0, static_cast<double>(n - 1)));
    fig.y = padded(task.y_label, nonsingular(f.lo, f.hi));
    fig.lines.push_back(std::move(series));
    return fig;
}

Figure heatmap_figure(const PlotTask& task, Array data, const FigureConfig& style) {
    const auto dims = squeeze(data.shape);
    if (dims.size() != 2) throw DatasetError("heatmaps need 2-D data");
    const Colormap* cmap = Colormap::find(task.colormap);
    if (cmap == nullptr) throw DatasetError("unknown colormap '" + task.colormap + "'");
    const Finite f = finite_range(data.values);
    if (!f.any()) throw DatasetError("no finite values to plot (all NaN or Inf)");
    const Range limits = nonsingular(f.lo, f.hi);

    Figure fig = base_figure(task, style);
    HeatmapLayer layer;
    layer.rows = dims[0];
    layer.cols = dims[1];
    layer.values = std::move(data.values);
    layer.colormap = cmap;
    layer.vmin = limits.lo;
    layer.vmax = limits.hi;
    // Cell centres sit on integer indices, as in matplotlib's imshow.
    fig.x = {task.x_label, -0.5, static_cast<double>(layer.cols) - 0.5};
    fig.y = {task.y_label, -0.5, static_cast<double>(layer.rows) - 0.5};
    fig.colorbar = Colorbar{task.value_label, limits.lo, limits.hi, cmap};
    fig.heatmap = std::move(layer);
    return fig;
}

}  // namespace

Range nonsingular(double lo, double hi) {
    const double scale = std::max(std::abs(lo), std::abs(hi));
    // hi - lo may overflow to inf for finite lo, hi; that is still a fine range.
    if (hi > lo && hi - lo > scale * 1e-12) return {lo, hi};
    const double mid = 0.5 * (lo + hi);
    const double delta = mid == 0 ? 0.1 : std::abs(mid) * 0.05;
    return {mid - delta, mid + delta};
}

Figure build_figure(const PlotTask& task, const PlotRule& /*rule*/, PlotData data,
                    const FigureConfig& style) {
    if (data.series.size() != 1) throw DatasetError("several series are not drawn yet");
    Array values = std::move(data.series.front().values);
    switch (task.kind) {
        case PlotKind::line: return line_figure(task, std::move(values), style);
        case PlotKind::heatmap: return heatmap_figure(task, std::move(values), style);
        case PlotKind::scatter:
        case PlotKind::histogram:
            throw DatasetError("kind " + std::string(to_string(task.kind)) + " is not drawn yet");
    }
    throw DatasetError("unsupported plot kind");
}

}  // namespace plotcluster
