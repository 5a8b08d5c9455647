#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <span>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {

// A polyline in pixels with the length along it at each point.
struct Path {
    std::vector<Point> points;
    std::vector<double> along;  // along[0] = 0
    double length() const { return along.empty() ? 0 : along.back(); }

    // The point at length s along the path (clamped to its ends).
    Point at(double s) const {
        const auto k = static_cast<std::size_t>(std::upper_bound(along.begin(), along.end(), s) -
                                                along.begin());
        if (k == 0) return points.front();
        if (k >= points.size()) return points.back();
        const double span = along[k] - along[k - 1];
        const double t = span > 0 ? (s - along[k - 1]) / span : 0;
        return {points[k - 1].x + t * (points[k].x - points[k - 1].x),
                points[k - 1].y + t * (points[k].y - points[k - 1].y)};
    }
    // The part of the path from s0 to s1.
    std::vector<Point> piece(double s0, double s1) const {
        std::vector<Point> out{at(s0)};
        for (std::size_t k = 0; k < points.size(); ++k)
            if (along[k] > s0 && along[k] < s1) out.push_back(points[k]);
        out.push_back(at(s1));
        return out;
    }
};

Path to_path(const std::vector<Point>& data, const PlotArea& area) {
    Path p;
    p.points.reserve(data.size());
    for (const Point& d : data) {
        if (!std::isfinite(d.x) || !std::isfinite(d.y)) continue;
        const Point q = area.at(d.x, d.y);
        if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
        p.along.push_back(p.points.empty() ? 0
                                           : p.along.back() + std::hypot(q.x - p.points.back().x,
                                                                         q.y - p.points.back().y));
        p.points.push_back(q);
    }
    return p;
}

// Where along the path a label of width w goes: among places w / 4 apart that leave room
// for it, the one where the path is straightest over the label's width (chord over arc),
// the nearest to the middle on a tie; nothing on a path shorter than 2.5 widths.
std::optional<double> label_place(const Path& p, double w, double gap) {
    const double length = p.length();
    if (!(length >= 2.5 * w) || !(w > 0)) return std::nullopt;
    const double lo = gap, hi = length - gap;
    std::optional<double> best;
    double best_straight = -1, best_off = 0;
    for (double s = lo; s <= hi; s += w / 4) {
        const Point a = p.at(s - w / 2), b = p.at(s + w / 2);
        const double straight =
            std::floor(std::hypot(b.x - a.x, b.y - a.y) / w * 50) / 50;  // 2% steps
        const double off = std::abs(s - length / 2);
        if (straight > best_straight || (straight == best_straight && off < best_off)) {
            best = s;
            best_straight = straight;
            best_off = off;
        }
    }
    return best;
}

}  // namespace

void draw_layer(const LabelledLinesLayer& layer, Canvas& c, const PlotArea& area,
                const Metrics& m) {
    const Stroke stroke{layer.color, layer.width_pt * m.pt};
    const double size = layer.text_pt * m.pt;
    // matplotlib's clabel leaves inline_spacing (5 px at 100 dpi) beside the text.
    const double spacing = 5 * m.pt * 72.0 / 100.0;
    for (const LabelledLine& line : layer.lines) {
        const Path p = to_path(line.points, area);
        if (p.points.size() < 2) continue;
        std::optional<double> place;
        double half = 0;
        if (!line.text.empty()) {
            const double w = c.measure_text(line.text, size).width;
            half = w / 2 + spacing;
            place = label_place(p, w, half);
        }
        if (layer.width_pt > 0) {
            if (place) {
                if (*place - half > 0) c.polyline(p.piece(0, *place - half), stroke);
                if (*place + half < p.length())
                    c.polyline(p.piece(*place + half, p.length()), stroke);
            } else {
                c.polyline(p.points, stroke);
            }
        }
        if (!place) continue;
        const double w = 2 * (half - spacing);
        const Point a = p.at(*place - w / 2), b = p.at(*place + w / 2);
        // Pixels run down: counter-clockwise degrees are against y; kept within ±90°.
        double angle = -std::atan2(b.y - a.y, b.x - a.x) * 180 / std::numbers::pi;
        if (angle > 90) angle -= 180;
        if (angle <= -90) angle += 180;
        c.text(line.text, p.at(*place),
               {size, layer.text_color, HAlign::center, VAlign::center, angle});
    }
}

}  // namespace plotcluster::chart
