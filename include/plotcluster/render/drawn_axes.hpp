#pragma once
// What a figure's axes show, as the manifest records it (PlotRecord::axes).
#include <vector>

#include "plotcluster/figure/figure.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// One entry per panel, row by row: x and y label, view range and scale, and the colour
// range with its label where the panel has a colorbar or the figure a shared one.
std::vector<DrawnPanel> drawn_axes(const Figure& figure);

}  // namespace plotcluster
