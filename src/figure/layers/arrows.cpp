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
std::vector<Point> arrow_outline(Point from, Point to, double shaft, double head_len,
                                 double head_w) {
    const double dx = to.x - from.x, dy = to.y - from.y;
    const double length = std::hypot(dx, dy);
    if (!(length > 0) || !std::isfinite(length)) return {};
    const double ux = dx / length, uy = dy / length;  // along the arrow
    const double nx = -uy, ny = ux;                   // across it
    if (length < head_len) {
        const double k = length / head_len;
        shaft *= k;
        head_w *= k;
        head_len = length;
    }
    const Point base{to.x - ux * head_len, to.y - uy * head_len};
    auto side = [&](Point p, double half) { return Point{p.x + nx * half, p.y + ny * half}; };
    if (length - head_len <= 0) return {side(base, head_w / 2), to, side(base, -head_w / 2)};
    return {side(from, shaft / 2),   side(base, shaft / 2),  side(base, head_w / 2), to,
            side(base, -head_w / 2), side(base, -shaft / 2), side(from, -shaft / 2)};
}

// The shaft's width in pixels: the layer's fraction of the axes' width, never thinner than
// a hairline so that a small figure still shows its arrows.
double shaft_px(const ArrowsLayer& a, const PlotArea& area, const Metrics& m) {
    return std::max(a.shaft * area.box.w, 0.35 * m.pt);
}

// Arrow i's head alone, `size` pixels long and wide, its tip at (x, y) pointing along
// (u, v) as the axes show that direction; nothing for a NaN or a vector of no length.
std::vector<Point> head_alone(const ArrowsLayer& a, std::size_t i, const PlotArea& area,
                              double size) {
    const Point tip = area.at(a.x[i], a.y[i]);
    const Point ahead = area.at(a.x[i] + a.u[i], a.y[i] + a.v[i]);
    const double dx = ahead.x - tip.x, dy = ahead.y - tip.y;
    const double length = std::hypot(dx, dy);
    if (!std::isfinite(length) || !(length > 0) || !std::isfinite(tip.x) || !std::isfinite(tip.y))
        return {};
    const double ux = dx / length, uy = dy / length;
    const Point base{tip.x - ux * size, tip.y - uy * size};
    const double h = size / 2;
    return {{base.x - uy * h, base.y + ux * h}, tip, {base.x + uy * h, base.y - ux * h}};
}

// The colour of an arrow of `value` in a colormapped layer (a NaN at the map's low end).
Color mapped(const ArrowsLayer& a, double value) {
    const double span = a.vmax - a.vmin;
    const double t = span > 0 ? (value - a.vmin) / span : 0.5;
    const Rgb8 rgb = a.colormap->at(std::isfinite(t) ? t : 0);
    return {rgb.r / 255.0, rgb.g / 255.0, rgb.b / 255.0, a.color.a};
}

// The reference arrow and its label in a box in the upper right corner of the axes, as a
// legend's frame looks (translucent white, light grey edge). The arrow is as long as one
// of `key.magnitude` at the layer's scale along x.
void draw_key(const ArrowsLayer& a, const ArrowKey& key, Canvas& c, const PlotArea& area,
              const Metrics& m) {
    const Rect& box = area.box;
    const double x0 = area.x.lo;
    const double length = std::abs(area.px(x0 + a.scale * key.magnitude) - area.px(x0));
    if (!std::isfinite(length) || !(length > 0)) return;
    const double font = m.tick_font;
    const TextExtents text = c.measure_text(key.label, font);
    const double pad = 0.4 * font, gap = 0.5 * font, inset = 0.5 * font;
    const double shaft = shaft_px(a, area, m);
    const double h = std::max(text.ascent + text.descent, a.head_width * shaft) + 2 * pad;
    const double w = pad + length + gap + text.width + pad;
    const Rect frame{std::round(box.right() - inset - w), std::round(box.y + inset), std::round(w),
                     std::round(h)};
    c.fill_rect(frame, {1, 1, 1, 0.8});
    c.stroke_rect({crisp(frame.x, m.line_w), crisp(frame.y, m.line_w), frame.w, frame.h},
                  {{0.8, 0.8, 0.8, 1}, m.line_w});
    const double y = frame.y + frame.h / 2;
    const Point from{frame.x + pad, y}, to{frame.x + pad + length, y};
    const std::vector<Point> outline =
        arrow_outline(from, to, shaft, a.head_length * shaft, a.head_width * shaft);
    const Color colour = a.values.empty() ? a.color : Color{0, 0, 0, a.color.a};
    if (!outline.empty()) c.fill_polygon(outline, {colour, FillRule::non_zero, std::nullopt});
    c.text(key.label, {to.x + gap, y}, {font, {0, 0, 0, 1}, HAlign::left, VAlign::center, 0});
}

}  // namespace

// All arrows of one colour in one non-zero path: where they overlap, a translucent colour
// does not add up, and no arrow cuts a hole in another. Colormapped arrows are filled one
// by one, in order.
void draw_layer(const ArrowsLayer& a, Canvas& c, const PlotArea& area, const Metrics& m) {
    const std::size_t n = std::min({a.x.size(), a.y.size(), a.u.size(), a.v.size()});
    const bool coloured = a.colormap != nullptr && a.values.size() >= n;
    // Where along the vector the anchor sits: the tail at 0, the middle at 1/2, the tip at 1.
    const double at = a.pivot == ArrowPivot::tail ? 0 : a.pivot == ArrowPivot::middle ? 0.5 : 1;
    std::vector<std::vector<Point>> outlines;
    std::vector<double> values;
    outlines.reserve(n);
    const double shaft = shaft_px(a, area, m);
    for (std::size_t i = 0; i < n; ++i) {
        if (a.head_pt > 0) {
            std::vector<Point> outline = head_alone(a, i, area, a.head_pt * m.pt);
            if (outline.empty()) continue;
            outlines.push_back(std::move(outline));
            if (coloured) values.push_back(a.values[i]);
            continue;
        }
        const double du = a.scale * a.u[i], dv = a.scale * a.v[i];
        if (!std::isfinite(a.x[i]) || !std::isfinite(a.y[i]) || !std::isfinite(du) ||
            !std::isfinite(dv))
            continue;
        const Point from = area.at(a.x[i] - at * du, a.y[i] - at * dv);
        const Point to = area.at(a.x[i] + (1 - at) * du, a.y[i] + (1 - at) * dv);
        std::vector<Point> outline =
            arrow_outline(from, to, shaft, a.head_length * shaft, a.head_width * shaft);
        if (outline.empty()) continue;
        outlines.push_back(std::move(outline));
        if (coloured) values.push_back(a.values[i]);
    }
    if (coloured) {
        for (std::size_t i = 0; i < outlines.size(); ++i)
            c.fill_polygon(outlines[i], {mapped(a, values[i]), FillRule::non_zero, std::nullopt});
    } else if (!outlines.empty()) {
        std::vector<std::span<const Point>> path(outlines.begin(), outlines.end());
        c.fill_path(path, {a.color, FillRule::non_zero, std::nullopt});
    }
    if (a.key) draw_key(a, *a.key, c, area, m);
}

}  // namespace plotcluster::chart
