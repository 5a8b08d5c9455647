#include <cmath>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

// Across the whole box, on pixel centres as matplotlib snaps them; a value whose pixel is
// not finite (<= 0 on a log axis) is not drawn.
void draw_layer(const ReferenceLinesLayer& layer, Canvas& c, const PlotArea& area,
                const Metrics& m) {
    const Stroke stroke{layer.color, layer.width_pt * m.pt};
    const Rect& box = area.box;
    for (const double v : layer.y) {
        const double y = area.py(v);
        if (!std::isfinite(v) || !std::isfinite(y)) continue;
        const double at = crisp(y, stroke.width);
        const Point seg[2] = {{box.x, at}, {box.right(), at}};
        dashed_polyline(c, seg, stroke, layer.dash);
    }
    for (const double v : layer.x) {
        const double x = area.px(v);
        if (!std::isfinite(v) || !std::isfinite(x)) continue;
        const double at = crisp(x, stroke.width);
        const Point seg[2] = {{at, box.bottom()}, {at, box.y}};
        dashed_polyline(c, seg, stroke, layer.dash);
    }
}

}  // namespace plotcluster::chart
