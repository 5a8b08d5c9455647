#pragma once
// One draw function per layer type, each in its own file beside this one. The chart
// calls them in the panel's order, inside the clip of its axes.
#include <span>

#include "plotcluster/core/canvas.hpp"
#include "plotcluster/figure/layer.hpp"
#include "figure/plot_area.hpp"

namespace plotcluster::chart {

void draw_layer(const LinesLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const MarkersLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const BarsLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const ImageLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const PolygonsLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const ArrowsLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const BandLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const MeshLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const ErrorBarsLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);
void draw_layer(const ReferenceLinesLayer& layer, Canvas& c, const PlotArea& area,
                const Metrics& m);
void draw_layer(const LabelledLinesLayer& layer, Canvas& c, const PlotArea& area, const Metrics& m);

// A polyline in the dash pattern (solid: as it is), each dash a polyline of its own so
// that every canvas draws it alike; the pattern runs on across the points.
void dashed_polyline(Canvas& c, std::span<const Point> points, const Stroke& stroke, Dash dash);

// The marker width in pixels: matplotlib's '.' is a small dot, the others take the size
// as given.
inline double marker_px(MarkerShape shape, double size_pt, const Metrics& m) {
    return size_pt * m.pt * (shape == MarkerShape::point ? 0.5 : 1.0);
}

}  // namespace plotcluster::chart
