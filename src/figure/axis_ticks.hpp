#pragma once
// Ticks of an axis or a colorbar from measured labels, and how they are drawn.
#include <vector>

#include "plotcluster/figure/ticks.hpp"
#include "figure/plot_area.hpp"
#include "figure/text_fit.hpp"

namespace plotcluster::chart {

struct AxisTicks {
    std::vector<double> values;
    TickLabels labels;
    std::vector<int> powers;  // log axes: label i is 10^powers[i], drawn with a superscript
    double max_width = 0;
};

// About one tick per `spacing_px` along `length_px`, fewer when the labels need the room.
AxisTicks make_ticks(Canvas& c, const Axis& axis, double length_px, double spacing_px,
                     double font, bool horizontal);

// Ticks, tick labels, the "×10ⁿ" offset and the label under `box`.
void draw_x_axis(Canvas& c, const Axis& axis, const AxisTicks& t, const FittedText& label, const Rect& box,
                 const Metrics& m);
// Ticks and labels on the left (the y axis) or on the right (a colorbar).
void draw_y_ticks(Canvas& c, const Axis& axis, const AxisTicks& t, const Rect& box,
                  const Metrics& m, bool right);

}  // namespace plotcluster::chart
