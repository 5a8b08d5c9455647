#pragma once
// Chart logic written once against the Canvas contract: layout from measured text,
// axes, ticks, labels, lines, heatmap cells and colorbar.
#include "plotcluster/core/canvas.hpp"
#include "plotcluster/figure/figure.hpp"

namespace plotcluster {

void draw_figure(const Figure& figure, Canvas& canvas);

}  // namespace plotcluster
