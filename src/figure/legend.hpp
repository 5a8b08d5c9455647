#pragma once
// matplotlib's legend: the labelled layers of a panel in a framed box, in the corner of
// the axes that covers the fewest data points.
#include "figure/plot_area.hpp"

namespace plotcluster::chart {

void draw_legend(const Panel& panel, Canvas& c, const PlotArea& area, const Metrics& m);

}  // namespace plotcluster::chart
