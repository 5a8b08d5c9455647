#include "figure/layers/draw_layer.hpp"
namespace plotcluster::chart {
void draw_layer(const PolygonsLayer&, Canvas&, const PlotArea&, const Metrics&) {}
void draw_layer(const ArrowsLayer&, Canvas&, const PlotArea&, const Metrics&) {}
void draw_layer(const BandLayer&, Canvas&, const PlotArea&, const Metrics&) {}
}
