#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {

// The arrow from `from` to `to` (pixels) as one outline: shaft, then a head of the given
// size, both shrunk together when the arrow is shorter than its head.
std::vector<Point> arrow_outline(Point from, Point to, double shaft, double head_len, double head_w) {
    const double dx = to.x - from.x, dy = to.y - from.y;
    const double length = std::hypot(dx, dy);
    if (!(length > 0) || !std::isfinite(length)) return {};
    const double ux = dx / length, uy = dy / length;  // along the arrow
    const double nx = -uy, ny = ux;                    // across it
    if (length < head_len) {
        const double k = length / head_len;
        shaft *= k;
        head_w *= k;
        head_len = length;
    }
    const Point base{to.x - ux * head_len, to.y - uy * head_len};
    auto side = [&](Point p, double half) { return Point{p.x + nx * half, p.y + ny * half}; };
    if (length - head_len <= 0) return {side(base, head_w / 2), to, side(base, -head_w / 2)};
    return {side(from, shaft / 2),  side(base, shaft / 2), side(base, head_w / 2), to,
            side(base, -head_w / 2), side(base, -shaft / 2), side(from, -shaft / 2)};
}

}  // namespace

// All arrows in one non-zero path: where they overlap, a translucent colour does not
// add up, and no arrow cuts a hole in another.
void draw_layer(const ArrowsLayer& a, Canvas& c, const PlotArea& area, const Metrics& m) {
    const std::size_t n = std::min({a.x.size(), a.y.size(), a.u.size(), a.v.size()});
    // Where along the vector the anchor sits: the tail at 0, the middle at 1/2, the tip at 1.
    const double at = a.pivot == ArrowPivot::tail ? 0 : a.pivot == ArrowPivot::middle ? 0.5 : 1;
    std::vector<std::vector<Point>> outlines;
    outlines.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double du = a.scale * a.u[i], dv = a.scale * a.v[i];
        if (!std::isfinite(a.x[i]) || !std::isfinite(a.y[i]) || !std::isfinite(du) || !std::isfinite(dv)) continue;
        const Point from = area.at(a.x[i] - at * du, a.y[i] - at * dv);
        const Point to = area.at(a.x[i] + (1 - at) * du, a.y[i] + (1 - at) * dv);
        std::vector<Point> outline =
            arrow_outline(from, to, a.shaft_pt * m.pt, a.head_length_pt * m.pt, a.head_width_pt * m.pt);
        if (!outline.empty()) outlines.push_back(std::move(outline));
    }
    if (outlines.empty()) return;
    std::vector<std::span<const Point>> path(outlines.begin(), outlines.end());
    c.fill_path(path, {a.color, FillRule::non_zero, std::nullopt});
}

}  // namespace plotcluster::chart
