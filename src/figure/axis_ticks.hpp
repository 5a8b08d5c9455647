#pragma once
// Ticks of an axis or a colorbar from measured labels, and how they are drawn.
#include <vector>

#include "plotcluster/figure/ticks.hpp"
#include "figure/plot_area.hpp"
#include "figure/text_fit.hpp"

namespace plotcluster::chart {

struct AxisTicks {
    std::vector<double> values;  // labelled, drawn full length
    TickLabels labels;
    // Log axes: label i is 10^powers[i], or coefficients[i]×10^powers[i] when that is not 1
    // (the 2, 3, 4, 6 of an axis spanning under a decade), drawn with a superscript.
    std::vector<int> powers;
    std::vector<int> coefficients;
    std::vector<double> minor;  // log axes: 2..9 × 10ⁿ, shorter, thinner, unlabelled
    double max_width = 0;
    bool labelled = true;  // false: the tick marks alone, no labels or offset text
};

// matplotlib's tick density: at most one interval per 3 label heights along x, per 2 along
// y (Axis.get_tick_space), and at most 9; fewer when the labels need the room.
AxisTicks make_ticks(Canvas& c, const Axis& axis, double length_px, double font, bool horizontal);

// The ticks without their labels (Panel::x_labels, y_labels): drawn as tick marks only, and
// taking no room beside the axes.
AxisTicks unlabelled(AxisTicks t);

// Fewer of the ticks, every k-th with its label (the phase keeping the one nearest zero),
// where neighbouring labels would otherwise overlap on an axis `length_px` long; down to one.
void thin_to_fit(Canvas& c, AxisTicks& t, const Axis& axis, double length_px, double font,
                 bool horizontal);

// Ticks, tick labels, the offset text ("1e9", "+1.7e9") and the label under `box`.
void draw_x_axis(Canvas& c, const Axis& axis, const AxisTicks& t, const FittedText& label,
                 const Rect& box, const Metrics& m);
// Ticks and labels on the left (the y axis) or on the right (a colorbar), and the offset
// text over the top.
void draw_y_ticks(Canvas& c, const Axis& axis, const AxisTicks& t, const Rect& box,
                  const Metrics& m, bool right);

}  // namespace plotcluster::chart
