#include <algorithm>
#include <cmath>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

// Each bar is its own two-point polyline (butt ends, as matplotlib's LineCollection), then
// the caps: horizontal segments centred on the bar's ends, over the bars.
void draw_layer(const ErrorBarsLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m) {
    const std::size_t n = std::min({layer.x.size(), layer.y_lo.size(), layer.y_hi.size()});
    const Stroke bar{layer.color, layer.width_pt * m.pt};
    const Stroke cap{layer.color, layer.cap_width_pt * m.pt};
    const double half = layer.cap_pt * m.pt / 2;
    const Rect& box = area.box;
    // An end a log axis cannot show lies below the axes (beyond their bottom edge).
    const double below = area.y.inverted ? box.y - bar.width : box.bottom() + bar.width;
    struct End {
        double x, y;
    };
    std::vector<End> caps;
    caps.reserve(layer.cap_pt > 0 ? 2 * n : 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(layer.x[i]) || !std::isfinite(layer.y_lo[i]) ||
            !std::isfinite(layer.y_hi[i]))
            continue;
        const double x = area.px(layer.x[i]);
        double lo = area.py(layer.y_lo[i]);
        double hi = area.py(layer.y_hi[i]);
        if (!std::isfinite(x) || (!std::isfinite(lo) && !std::isfinite(hi))) continue;
        const bool lo_shown = std::isfinite(lo), hi_shown = std::isfinite(hi);
        if (!lo_shown) lo = below;
        if (!hi_shown) hi = below;
        const Point seg[2] = {{x, lo}, {x, hi}};
        c.polyline(seg, bar);
        if (layer.cap_pt > 0) {
            if (lo_shown) caps.push_back({x, lo});
            if (hi_shown) caps.push_back({x, hi});
        }
    }
    for (const End& e : caps) {
        const Point seg[2] = {{e.x - half, e.y}, {e.x + half, e.y}};
        c.polyline(seg, cap);
    }
}

}  // namespace plotcluster::chart
