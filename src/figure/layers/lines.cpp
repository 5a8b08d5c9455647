#include <algorithm>
#include <cmath>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

// Each run between gaps is one polyline; a lone point of a line without markers gets a
// dot, so it does not vanish.
void draw_layer(const LinesLayer& s, Canvas& c, const PlotArea& area, const Metrics& m) {
    std::vector<Point> run;
    std::vector<Point> marks;
    const Stroke stroke{s.color, s.width_pt * m.pt};
    const bool line = s.width_pt > 0;
    auto flush = [&] {
        if (line && run.size() >= 2) {
            c.polyline(run, stroke);
        } else if (line && run.size() == 1 && !s.marker) {
            const double r = stroke.width;
            c.fill_rect({run[0].x - r, run[0].y - r, 2 * r, 2 * r}, s.color);
        }
        run.clear();
    };
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
            flush();  // NaN/Inf leave a gap
            continue;
        }
        const Point p = area.at(s.x[i], s.y[i]);
        if (line) run.push_back(p);
        if (s.marker) marks.push_back(p);
    }
    flush();
    if (s.marker) c.markers(marks, *s.marker, marker_px(*s.marker, s.marker_pt, m), s.color);
}

}  // namespace plotcluster::chart
