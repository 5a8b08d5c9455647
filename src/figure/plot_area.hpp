#pragma once
// Shared by the chart's layout and its draw functions: sizes from the dpi, and where a
// panel's data lands in device pixels.
#include <algorithm>
#include <cmath>

#include "plotcluster/core/canvas.hpp"
#include "plotcluster/figure/interval.hpp"
#include "plotcluster/figure/panel.hpp"

namespace plotcluster::chart {

inline constexpr Color black{0, 0, 0, 1};
inline constexpr Color white{1, 1, 1, 1};

// Sizes in points, after matplotlib's defaults (rcParams), converted with the figure dpi.
struct Metrics {
    double pt;  // pixels per point
    double tick_font, label_font, title_font;
    double tick_len, tick_pad, label_pad, title_pad, edge, line_w;
    double minor_len, minor_w;  // minor ticks (xtick.minor.size and width)
    explicit Metrics(double dpi)
        : pt(dpi / 72.0),
          tick_font(10 * pt),
          label_font(10 * pt),
          title_font(12 * pt),
          tick_len(3.5 * pt),
          tick_pad(3.5 * pt),
          label_pad(4 * pt),
          title_pad(6 * pt),
          edge(7 * pt),
          line_w(0.8 * pt),
          minor_len(2 * pt),
          minor_w(0.6 * pt) {}
};

// Puts a line of width w on pixel centres so that it stays crisp.
inline double crisp(double v, double w) {
    return std::lround(w) % 2 == 1 ? std::floor(v) + 0.5 : std::round(v);
}

// Where v falls on the axis: 0 at lo, 1 at hi.
inline double axis_fraction(double v, const Axis& a) {
    if (a.scale == Scale::log) {
        const double lo = std::log10(a.lo), hi = std::log10(a.hi);
        if (hi > lo) return (std::log10(v) - lo) / (hi - lo);
        // Narrower than log10's precision (a few ulps at 1e300): linear at that scale.
    }
    return interval::fraction(v, a.lo, a.hi);
}

// Data value to pixel along an axis that starts at p0 and runs len pixels (len < 0: up).
inline double to_px(double v, const Axis& a, double p0, double len) {
    if (a.inverted) {
        p0 += len;
        len = -len;
    }
    const double f = axis_fraction(v, a);
    const double px = p0 + f * len;
    // A value 1e307 widths off the axis (far outside explicit limits) overflows here;
    // held at interval::far widths it stays off the plot, and finite.
    if (!std::isfinite(px) && std::isfinite(f)) return p0 + std::clamp(f, -interval::far, interval::far) * len;
    return px;
}

// A panel's axes box and the ranges it shows (a log axis given non-positive limits is
// shown by its positive part, see chart.cpp).
struct PlotArea {
    Rect box;
    const Axis& x;
    const Axis& y;
    double px(double v) const { return to_px(v, x, box.x, box.w); }
    double py(double v) const { return to_px(v, y, box.bottom(), -box.h); }
    Point at(double vx, double vy) const { return {px(vx), py(vy)}; }
};

}  // namespace plotcluster::chart
