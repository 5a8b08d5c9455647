#pragma once
// matplotlib's legend: the labelled layers of a panel in a framed box, where the panel's
// `legend` says (config.hpp's LegendPlace): one of matplotlib's ten places in the axes,
// the one of them that covers the least data ('best', scored as matplotlib does), or
// right of the axes in room the layout reserved. The box always fits its room, so it
// never covers the title nor leaves the figure: when it does not fit, its text shrinks
// to the minimum readable size, then it takes columns, then its last row says "+N more".
#include <cstddef>
#include <vector>

#include "figure/plot_area.hpp"
#include "figure/text_fit.hpp"

namespace plotcluster::chart {

struct LegendPlan {
    double font = 0;  // pixels
    std::size_t columns = 1, rows = 0;
    std::vector<std::size_t> entries;  // per cell, column by column; the last may be `more`
    std::vector<FittedText> labels;    // per cell
    std::vector<double> column_widths;  // of the labels
    double w = 0, h = 0;
    bool empty() const { return entries.empty(); }
    static constexpr std::size_t more = static_cast<std::size_t>(-1);  // the "+N more" cell
};

// The legend of the panel's labelled layers in a room_w × room_h room; empty when it has
// none or not even one row fits.
LegendPlan plan_legend(const Panel& panel, Canvas& c, const Metrics& m, double room_w, double room_h);

// The room right of the axes an outside legend is planned in: at most this much of the
// figure's width.
inline double outside_legend_room(double figure_width) { return 0.4 * figure_width; }
// Between the axes (or their colorbar) and an outside legend: matplotlib's borderaxespad.
inline double outside_legend_gap(const Metrics& m) { return 0.5 * 10 * m.pt; }

// `outside`: the room the layout reserved right of the axes (used with LegendPlace::outside).
void draw_legend(const Panel& panel, Canvas& c, const PlotArea& area, const Metrics& m, const Rect& outside);

// Where an in-axes legend of w × h goes at `place` (not best, outside or none).
Point legend_corner(LegendPlace place, const Rect& box, double inset, double w, double h);

// matplotlib's badness of a legend box: the data vertices inside it, plus the lines that
// cross it and the bars it overlaps.
std::size_t legend_badness(const Panel& panel, const PlotArea& area, const Rect& box);

}  // namespace plotcluster::chart
