#pragma once
// Axis ticks: where they go (Wilkinson's extended algorithm) and how they are labelled.
#include <string>
#include <vector>

namespace plotcluster {

// Tick positions inside [lo, hi] (inclusive, with a tiny tolerance), between
// `min_count` and `max_count` ticks, near `target` ticks, using nice steps (1, 5, 2, 2.5,
// 4, 3 times a power of ten). lo < hi, both finite (else std::invalid_argument); any
// such range works, down to a subnormal one a few steps wide and up to -DBL_MAX..DBL_MAX,
// in bounded time. Never returns fewer than 2 ticks; they strictly increase.
std::vector<double> nice_ticks(double lo, double hi, int target = 6, int min_count = 4,
                               int max_count = 9);

struct TickLabels {
    std::vector<std::string> labels;  // one per tick, Unicode minus sign (U+2212)
    int exponent = 0;                 // labels are value / 10^exponent; 0 = no offset
};

// Labels with just enough decimals to tell the ticks apart and show them exactly
// ("0.0", "0.5", "1.0", "1.5": one decimal count for all, as matplotlib). Values >= 1e5 or < 1e-4 in magnitude
// (ignoring 0) are shown as mantissas with a common exponent, as matplotlib's
// "×10^5" offset does.
TickLabels format_ticks(const std::vector<double>& ticks);

// One number with up to `significant` digits, no trailing zeros, Unicode minus.
std::string format_number(double value, int significant = 4);

}  // namespace plotcluster
