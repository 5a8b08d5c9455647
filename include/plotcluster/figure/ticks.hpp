#pragma once
// Axis ticks: where they go (matplotlib's MaxNLocator and LogLocator) and how they are
// labelled (matplotlib's ScalarFormatter: offset and scientific multiplier).
#include <span>
#include <string>
#include <vector>

namespace plotcluster {

// Tick positions inside [lo, hi] (inclusive, with a tiny tolerance) at the multiples of a
// step from {1, 2, 2.5, 5} × 10ⁿ: matplotlib's MaxNLocator(nbins=max_bins, steps=[1, 2,
// 2.5, 5, 10]), i.e. the smallest such step that makes at most max_bins intervals, smaller
// only if that leaves fewer than two ticks inside. `integer`: steps are whole numbers once
// the range holds two integers (MaxNLocator(integer=True)). lo < hi, both finite, and
// max_bins >= 1 (else std::invalid_argument); any such range works, down to a subnormal one
// a few steps wide and up to -DBL_MAX..DBL_MAX, in bounded time. A range too narrow for its
// magnitude to hold evenly spaced ticks (e.g. [1e6, 1e6 + 1e-9]) gets its two ends. Never
// fewer than 2 ticks, at most max(max_bins + 1, 6); they strictly increase.
std::vector<double> nice_ticks(double lo, double hi, int max_bins = 9, bool integer = false);

// Contour levels as matplotlib's contour picks them: MaxNLocator(max_bins) with its own
// default steps [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10], finer than an axis's (levels: 6 over
// [0, 1.95] are 0.3 apart, where axis ticks would be 0.5). Otherwise as nice_ticks.
std::vector<double> nice_levels(double lo, double hi, int max_bins);

struct TickLabels {
    std::vector<std::string> labels;  // one per tick, Unicode minus sign (U+2212)
    int exponent = 0;                 // labels are (value - offset) / 10^exponent
    double offset = 0;                // 0: none
    // What matplotlib draws at the end of the axis: "1e9", "+1.7e9", "1e−12+1"; empty
    // when the labels are the values themselves.
    std::string offset_text;
};

// matplotlib's ScalarFormatter with its defaults (useOffset, offset_threshold 4,
// powerlimits (-5, 6), useMathText off). The offset is used when every tick in
// [lo, hi] has the same sign and it saves at least 4 digits; the exponent when the ticks
// (after the offset: the range) are >= 1e6 or < 1e-4 in magnitude. Labels share one
// decimal count: the fewest that show every tick to 1e-3 of the range's order of
// magnitude ("0.0", "0.5", "1.0"), more if needed to tell different ticks apart.
TickLabels format_ticks(const std::vector<double>& ticks, double lo, double hi);
// The view is taken to be the ticks' own range.
TickLabels format_ticks(const std::vector<double>& ticks);

// One number with up to `significant` digits, no trailing zeros, Unicode minus.
std::string format_number(double value, int significant = 4);

// True when every finite value is an integer and there is at least one: such data gets
// integer ticks (Axis::integer).
bool integer_valued(std::span<const double> values);

}  // namespace plotcluster
