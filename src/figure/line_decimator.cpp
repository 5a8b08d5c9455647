#include "plotcluster/figure/line_decimator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace plotcluster {

LineDecimator::LineDecimator(double x_lo, double x_hi, std::size_t columns)
    : x_lo_(x_lo),
      scale_(x_hi > x_lo ? static_cast<double>(std::max<std::size_t>(columns, 1)) / (x_hi - x_lo)
                         : 0.0),
      last_column_(std::max<std::size_t>(columns, 1) - 1) {}

void LineDecimator::add(double x, double y) {
    const std::uint64_t order = seen_++;
    if (!std::isfinite(x) || !std::isfinite(y)) {
        flush();
        gap_pending_ = !xs_.empty();  // a gap before the first point draws nothing
        return;
    }
    const auto column = static_cast<std::int64_t>(column_of(x));
    if (column != column_) {
        flush();
        column_ = column;
        first_ = low_ = high_ = last_ = {x, y, order};
        return;
    }
    last_ = {x, y, order};
    if (y < low_.y) low_ = last_;
    if (y > high_.y) high_ = last_;
}

void LineDecimator::flush() {
    if (column_ < 0) return;
    column_ = -1;
    if (gap_pending_) {
        xs_.push_back(first_.x);
        ys_.push_back(std::numeric_limits<double>::quiet_NaN());
        gap_pending_ = false;
    }
    std::array<Kept, 4> kept = {first_, low_, high_, last_};
    std::sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) { return a.order < b.order; });
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i > 0 && kept[i].order == kept[i - 1].order) continue;
        xs_.push_back(kept[i].x);
        ys_.push_back(kept[i].y);
    }
}

void LineDecimator::finish(std::vector<double>& xs, std::vector<double>& ys) {
    flush();
    xs = std::move(xs_);
    ys = std::move(ys_);
    xs_.clear();
    ys_.clear();
}

bool non_decreasing(const std::vector<double>& xs) {
    double previous = -std::numeric_limits<double>::infinity();
    for (const double x : xs) {
        if (std::isnan(x)) continue;
        if (x < previous) return false;
        previous = x;
    }
    return true;
}

}  // namespace plotcluster
