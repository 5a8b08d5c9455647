#include <cmath>
#include <span>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {

// A ring in pixels, without the points that have no place (NaN/Inf, or beyond a log axis).
void to_pixels(const std::vector<Point>& ring, const PlotArea& area, std::vector<Point>& out) {
    out.clear();
    out.reserve(ring.size());
    for (const Point& p : ring) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        const Point q = area.at(p.x, p.y);
        if (std::isfinite(q.x) && std::isfinite(q.y)) out.push_back(q);
    }
}

}  // namespace

// Each polygon is one even-odd path, so its inner rings are holes; open paths are
// stroked one by one.
void draw_layer(const PolygonsLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m) {
    std::optional<Stroke> outline;
    if (layer.outline) outline = Stroke{layer.outline->color, layer.outline->width_pt * m.pt};
    const bool filled = layer.closed && layer.fill.a > 0;
    if (!filled && !outline) return;
    std::vector<std::vector<Point>> rings;
    std::vector<std::span<const Point>> path;
    for (const Polygon& polygon : layer.polygons) {
        rings.resize(polygon.rings.size());
        path.clear();
        for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
            to_pixels(polygon.rings[i], area, rings[i]);
            if (rings[i].size() >= (layer.closed ? 3U : 2U)) path.emplace_back(rings[i]);
        }
        if (path.empty()) continue;
        if (layer.closed) {
            c.fill_path(path, {filled ? layer.fill : Color{0, 0, 0, 0}, FillRule::even_odd, outline});
        } else {
            for (const auto ring : path) c.polyline(ring, *outline);
        }
    }
}

}  // namespace plotcluster::chart
