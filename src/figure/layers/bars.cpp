#include <cmath>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

// From the axis floor (0, or the bottom of a log axis) to each count.
void draw_layer(const BarsLayer& bars, Canvas& c, const PlotArea& area, const Metrics&) {
    const double floor = area.y.scale == Scale::log ? area.y.lo : 0.0;
    for (std::size_t i = 0; i < bars.counts.size() && i + 1 < bars.edges.size(); ++i) {
        if (bars.counts[i] <= 0) continue;
        // Whole pixels: neighbouring bars share an edge instead of leaving a faint seam.
        const double x0 = std::round(area.px(bars.edges[i]));
        const double x1 = std::round(area.px(bars.edges[i + 1]));
        const double y0 = std::round(area.py(floor));
        const double y1 = std::round(area.py(bars.counts[i]));
        c.fill_rect({x0, y1, x1 - x0, y0 - y1}, bars.color);
    }
}

}  // namespace plotcluster::chart
