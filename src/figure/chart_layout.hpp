#pragma once
// Where a figure's panels, colorbars and their decorations go: a grid of equal axes, with
// margins and gaps from measured text. The gaps between panels are matplotlib's subplot
// spacing (wspace = hspace = 0.2 of an axes' size), widened where the labels need room.
#include <span>
#include <vector>

#include "plotcluster/figure/figure.hpp"
#include "figure/axis_ticks.hpp"
#include "figure/text_fit.hpp"

namespace plotcluster::chart {

// A panel's axes as shown (a log axis with a non-positive limit shows its positive part).
struct ShownAxes {
    Axis x;
    Axis y;
};

struct PanelLayout {
    Rect axes;
    Rect colorbar;  // the panel's own; empty without one
    Rect legend;    // the room of its legend right of the axes (legend: outside); empty without one
    AxisTicks x_ticks, y_ticks, c_ticks;
    bool offset_row = false;  // its grid row has room for the offset text ("1e9", "+1.7e9") above the axes
    FittedText title, x_label, y_label, c_label;  // as the layout made room for them
};

struct FigureLayout {
    std::vector<PanelLayout> panels;  // one per Figure::panels
    Rect shared_colorbar;             // empty without one
    AxisTicks shared_ticks;
    FittedText title, shared_label;
};

Axis colorbar_axis(const Colorbar& cb);
// The colorbar's ticks: its own (Colorbar::tick_values), its axis's, or at its bands' boundaries.
AxisTicks colorbar_ticks(Canvas& c, const Colorbar& cb, double length_px, double font,
                         bool horizontal = false);

// `shown`: one per panel. The figure's grid must hold its panels (see draw_figure).
FigureLayout layout(const Figure& fig, std::span<const ShownAxes> shown, Canvas& c, const Metrics& m);

}  // namespace plotcluster::chart
