#pragma once
// Chart logic written once against the Canvas contract: the grid of panels laid out from
// measured text (src/figure/chart_layout.cpp), each panel's axes, ticks, labels, legend and
// layers (src/figure/layers/, one draw function per layer type), titles and colorbars.
#include "plotcluster/core/canvas.hpp"
#include "plotcluster/figure/figure.hpp"

namespace plotcluster {

// Throws std::invalid_argument when the figure's grid cannot hold its panels.
void draw_figure(const Figure& figure, Canvas& canvas);

}  // namespace plotcluster
