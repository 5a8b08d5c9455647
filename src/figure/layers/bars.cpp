#include <cmath>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

// From the axis floor (0, or the bottom of a log axis) to each count.
void draw_layer(const BarsLayer& bars, Canvas& c, const PlotArea& area, const Metrics&) {
    const double floor = area.y.scale == Scale::log ? area.y.lo : 0.0;
    for (std::size_t i = 0; i < bars.counts.size() && i + 1 < bars.edges.size(); ++i) {
        if (bars.counts[i] <= 0) continue;
        // Whole pixels: neighbouring bars share an edge instead of leaving a faint seam.
        double x0 = area.px(bars.edges[i]), x1 = area.px(bars.edges[i + 1]);
        if (bars.rwidth < 1) {
            const double mid = (x0 + x1) / 2, half = (x1 - x0) * bars.rwidth / 2;
            x0 = mid - half;
            x1 = mid + half;
        }
        x0 = std::round(x0);
        x1 = std::round(x1);
        const double y0 = std::round(area.py(floor));
        const double y1 = std::round(area.py(bars.counts[i]));
        c.fill_rect({x0, y1, x1 - x0, y0 - y1}, bars.color);
    }
}

}  // namespace plotcluster::chart
