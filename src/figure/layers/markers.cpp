#include <algorithm>
#include <cmath>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

void draw_layer(const MarkersLayer& s, Canvas& c, const PlotArea& area, const Metrics& m) {
    std::vector<Point> centres;
    const std::size_t n = std::min(s.x.size(), s.y.size());
    centres.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) centres.push_back(area.at(s.x[i], s.y[i]));
    }
    c.markers(centres, s.shape, marker_px(s.shape, s.size_pt, m), s.color);
}

}  // namespace plotcluster::chart
