#pragma once
// Reduces a long series to at most four points per pixel column (the first, lowest,
// highest and last of the column: the M4 aggregation), which rasterizes like drawing
// every point while costing O(width) to stroke. Fed point by point, so a series too large
// for memory can be streamed through it in chunks.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "plotcluster/figure/interval.hpp"

namespace plotcluster {

class LineDecimator {
public:
    // Columns split [x_lo, x_hi] evenly; use at least the plot's width in pixels.
    LineDecimator(double x_lo, double x_hi, std::size_t columns);

    // x must not decrease from one call to the next. A non-finite x or y ends the
    // current run: the output gets a NaN y there, so the line shows a gap.
    void add(double x, double y);

    // The same as add() of each point in turn, in a fraction of the time: a column's run
    // of finite points reaches add() as just its first, lowest, highest and last.
    void add(std::span<const double> xs, std::span<const double> ys);

    // The kept points in input order; call once, after the last add().
    void finish(std::vector<double>& xs, std::vector<double>& ys);

    std::uint64_t points_seen() const { return seen_; }

    // The column a point at x falls in (what add() groups by).
    std::size_t column_of(double x) const {
        // A range whose width overflows or is subnormal (scale 0 or inf) goes through
        // interval::fraction; `!(t > 0)` also catches NaN, which no cast may see.
        const double last = static_cast<double>(last_column_);
        const double t = plain_ ? (x - x_lo_) * scale_
                                : interval::fraction(x, x_lo_, x_hi_) * (last + 1);
        return !(t > 0) ? 0 : static_cast<std::size_t>(std::min(t, last));
    }

private:
    struct Kept {
        double x, y;
        std::uint64_t order;
    };
    void flush();

    double x_lo_;
    double x_hi_;
    double scale_;  // columns per x unit
    bool plain_;    // scale_ is finite and > 0: (x - x_lo_) * scale_ is the column
    std::size_t last_column_;
    std::int64_t column_ = -1;  // column of the run being aggregated; -1: none
    bool gap_pending_ = false;
    Kept first_{}, low_{}, high_{}, last_{};
    std::uint64_t seen_ = 0;
    std::vector<double> xs_, ys_;
};

// True when xs never decreases (NaN entries are skipped): decimation keeps the picture
// only for such x data; unordered x is drawn point by point.
bool non_decreasing(const std::vector<double>& xs);

}  // namespace plotcluster
