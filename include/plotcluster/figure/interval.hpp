#pragma once
// Where a value falls in a range [lo, hi], for any finite lo < hi: also when
// hi - lo overflows (-DBL_MAX to DBL_MAX) or is subnormal (1.3e-321 ± 6e-323), where
// the plain formulas give inf, NaN or a few bits of precision.
#include <algorithm>
#include <cmath>
#include <limits>

namespace plotcluster::interval {

// Farther than any plot reaches (in widths of the range), small enough that a pixel
// position computed from it stays finite.
constexpr double far = 0x1p60;

// e such that 2^-e brings the larger end to [1, 2): scaling by a power of two is exact
// (no end can overflow, and an end that underflows is too small to matter to the width).
inline int exponent(double lo, double hi) { return std::ilogb(std::max(std::abs(lo), std::abs(hi))); }

// (v - lo) / (hi - lo): 0 at lo, 1 at hi. The plain formula wherever it is finite and
// the width a normal double, so ordinary data is mapped exactly as always; else in the
// scaled range, where a value absurdly far outside (1e300 widths) is held at 2^60 widths:
// far enough to be off any plot, finite so that a line to it still leaves the plot.
inline double fraction(double v, double lo, double hi) {
    const double width = hi - lo;
    if (std::isfinite(width) && width >= std::numeric_limits<double>::min()) {
        const double f = (v - lo) / width;
        if (std::isfinite(f) || !std::isfinite(v)) return f;
    }
    const int e = exponent(lo, hi);
    const double a = std::scalbn(lo, -e), b = std::scalbn(hi, -e);
    const double f = (std::scalbn(v, -e) - a) / (b - a);
    return std::isnan(f) ? f : std::clamp(f, -far, far);
}

}  // namespace plotcluster::interval
