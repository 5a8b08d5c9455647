#pragma once
// Private to src/figure: the pieces every kind's figure is built from (figure.cpp), shared
// by the kinds in kinds/.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/core/shape.hpp"  // shape_text
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/array.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster::figure_parts {

constexpr double margin = 0.05;  // matplotlib's default data margins
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double biggest = std::numeric_limits<double>::max();
constexpr double smallest = std::numeric_limits<double>::denorm_min();

struct Finite {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool any() const { return lo <= hi; }
    void add(double v) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
};

// Values a scale can show: finite, and positive on a log scale.
bool shown(double v, Scale scale);
Finite shown_range(const std::vector<double>& values, Scale scale);

// The view range for data [lo, hi] with 5% margins (in log space on a log axis), kept
// finite, and positive on a log axis, at the ends of the double range.
Axis padded(std::string label, Range r, Scale scale);

// A constant gets a range around it; on a log scale a factor around it.
Range nonsingular_on(double lo, double hi, Scale scale);

std::vector<std::uint64_t> squeeze(const std::vector<std::uint64_t>& shape);

// Series `i`'s colour: the rule's `color` or the i-th of the cycle, times `alpha`.
Color series_color(const std::optional<std::string>& color, double alpha, std::size_t i);

// Series `i`'s dash: solid for the first ten (tab10's colours), then dashed, dotted and
// dash-dot for the next tens, so that line 11 is not line 1 again.
Dash cycle_dash(std::size_t i);

// Size, title and grid: what every kind's figure starts from.
Figure base_figure(const PlotTask& task, const PlotRule& rule, const FigureConfig& style);

std::string series_label(const SeriesData& s);

// 1-D values of a series, or a DatasetError naming its shape.
std::vector<double> one_dimensional(Array& a, const std::string& kind, const std::string& dataset);

// Non-finite values, and those a log axis cannot show, become NaN gaps; returns how many.
std::uint64_t mask_unshown(std::vector<double>& values, Scale scale);

// The value axis: the rule's limits, the range shared with other plots, else the data's.
// `positive_log_limits`: explicit limits on a log scale must be positive (bins and
// colours cannot start at log10 of 0 or less); a line's axis shows what it can of them.
Range value_range(const PlotRule& rule, const Finite& data, Scale scale,
                  const std::optional<SharedRange>& shared, bool positive_log_limits = false);

// Explicit limits are used as given; computed ones get margins.
Axis value_axis(const PlotRule& rule, std::string label, Range r, Scale scale);

// The x axis of a line or scatter plot (x_limits_of the rule): explicit limits as given,
// else the range shared with the group's plots or the data's, with margins.
Axis x_axis(const PlotRule& rule, std::string label, const Finite& data,
            const std::optional<SharedRange>& shared);

// A heatmap's x view (x_limits_of the rule): explicit limits, or the range shared with
// the group's plots, replace `x`'s lo and hi.
void view_x_limits(Axis& x, const PlotRule& rule, const std::optional<SharedRange>& shared);

// The range of the values each series shows on `scale`: every `step`-th one from `from`
// (value_extent of the kinds). Nothing when there are none.
std::optional<std::pair<double, double>> series_extent(const PlotData& data, Scale scale,
                                                       std::size_t from = 0, std::size_t step = 1);

// The range of x over the points a line or scatter plot shows (x and y shown on their
// scales): x from data.x, else the index; `columns`: each series is N×2 (x, y) instead.
std::optional<std::pair<double, double>> points_x_extent(const PlotData& data, const PlotRule& rule,
                                                         bool columns = false);

// `hlines` and `vlines` (series_keys.hpp): matplotlib's axhline/axvline look, 1 pt
// dashed in C7's grey, over the panel's other layers.
void add_reference_lines(Panel& panel, const std::vector<double>& hlines,
                         const std::vector<double>& vlines);

}  // namespace plotcluster::figure_parts
