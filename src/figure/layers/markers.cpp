#include <algorithm>
#include <cmath>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {

// The canvas's run of marker calls (Canvas::begin_markers), ended however the blocks end.
class MarkerRun {
public:
    MarkerRun(Canvas& c, std::size_t total) : c_(c) { c_.begin_markers(total); }
    ~MarkerRun() { c_.end_markers(); }
    MarkerRun(const MarkerRun&) = delete;
    MarkerRun& operator=(const MarkerRun&) = delete;

private:
    Canvas& c_;
};

}  // namespace

void draw_layer(const MarkersLayer& s, Canvas& c, const PlotArea& area, const Metrics& m) {
    if (s.blocks) {  // points read in blocks: one run of calls, as one call would draw them
        const MarkerRun run(c, s.block_points);
        s.blocks([&](const MarkersLayer& block) { draw_layer(block, c, area, m); });
        return;
    }
    std::vector<Point> centres;
    const std::size_t n = std::min(s.x.size(), s.y.size());
    const double size = marker_px(s.shape, s.size_pt, m);
    if (s.values.empty() || s.colormap == nullptr) {
        centres.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
                centres.push_back(area.at(s.x[i], s.y[i]));
        }
        c.markers(centres, s.shape, size, s.color);
        return;
    }
    // color_by: each point through the colormap's 256 colours (as matplotlib's), in order.
    const auto& table = s.colormap->table();
    std::vector<Color> lut(table.size());
    for (std::size_t k = 0; k < table.size(); ++k) {
        lut[k] = {table[k].r / 255.0, table[k].g / 255.0, table[k].b / 255.0, s.color.a};
    }
    const double span = s.vmax - s.vmin;
    std::vector<Color> colors;
    const std::size_t count = std::min(n, s.values.size());
    centres.reserve(count);
    colors.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double v = s.values[i];
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
        if (!std::isfinite(v)) {
            if (!s.bad) continue;
            centres.push_back(area.at(s.x[i], s.y[i]));
            colors.push_back(*s.bad);
            continue;
        }
        const double t = span > 0 ? (v - s.vmin) / span : 0.5;
        // matplotlib's Colormap.__call__: floor(t * N), the top end in the last colour.
        const double at = std::clamp(std::floor(t * static_cast<double>(lut.size())), 0.0,
                                     static_cast<double>(lut.size() - 1));
        centres.push_back(area.at(s.x[i], s.y[i]));
        colors.push_back(lut[static_cast<std::size_t>(at)]);
    }
    c.colored_markers(centres, s.shape, size, colors);
}

}  // namespace plotcluster::chart
