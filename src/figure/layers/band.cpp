#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

// Each run of points where x, y_lo and y_hi are all finite is one ring: along y_hi, and
// back along y_lo. Where the curves cross, both sides are filled (non-zero), as in
// matplotlib's fill_between.
void draw_layer(const BandLayer& band, Canvas& c, const PlotArea& area, const Metrics&) {
    const std::size_t n = std::min({band.x.size(), band.y_lo.size(), band.y_hi.size()});
    std::vector<std::vector<Point>> rings;
    std::size_t i = 0;
    auto usable = [&](std::size_t k) {
        return std::isfinite(band.x[k]) && std::isfinite(band.y_lo[k]) && std::isfinite(band.y_hi[k]);
    };
    while (i < n) {
        if (!usable(i)) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < n && usable(end)) ++end;
        if (end - i >= 2) {
            std::vector<Point>& ring = rings.emplace_back();
            ring.reserve(2 * (end - i));
            for (std::size_t k = i; k < end; ++k) ring.push_back(area.at(band.x[k], band.y_hi[k]));
            for (std::size_t k = end; k-- > i;) ring.push_back(area.at(band.x[k], band.y_lo[k]));
        }
        i = end;
    }
    if (rings.empty()) return;
    std::vector<std::span<const Point>> path(rings.begin(), rings.end());
    c.fill_path(path, {band.color, FillRule::non_zero, std::nullopt});
}

}  // namespace plotcluster::chart
