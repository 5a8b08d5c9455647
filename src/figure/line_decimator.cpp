#include "plotcluster/figure/line_decimator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace plotcluster {

LineDecimator::LineDecimator(double x_lo, double x_hi, std::size_t columns)
    : x_lo_(x_lo),
      x_hi_(x_hi),
      scale_(x_hi > x_lo ? static_cast<double>(std::max<std::size_t>(columns, 1)) / (x_hi - x_lo)
                         : 0.0),
      plain_(!(x_hi > x_lo) || (scale_ > 0 && std::isfinite(scale_))),
      last_column_(std::max<std::size_t>(columns, 1) - 1) {
    // At most four points a column, and a gap marker now and then: no regrowth.
    xs_.reserve(4 * (last_column_ + 1) + 16);
    ys_.reserve(4 * (last_column_ + 1) + 16);
}

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

void LineDecimator::add(std::span<const double> xs, std::span<const double> ys) {
    const std::size_t n = std::min(xs.size(), ys.size());
    const auto finite = [&](std::size_t k) { return std::isfinite(xs[k]) && std::isfinite(ys[k]); };
    std::size_t i = 0;
    while (i < n) {
        if (!finite(i)) {
            add(xs[i], ys[i]);
            ++i;
            continue;
        }
        // The run of finite points in one column.
        const auto column = static_cast<std::int64_t>(column_of(xs[i]));
        std::size_t end = i + 1;
        while (end < n && finite(end) && static_cast<std::int64_t>(column_of(xs[end])) == column) ++end;
        if (column == column_) {  // the column the last call ended in goes on
            for (; i < end; ++i) add(xs[i], ys[i]);
            continue;
        }
        double low = ys[i], high = ys[i];
        for (std::size_t k = i + 1; k < end; ++k) {
            low = ys[k] < low ? ys[k] : low;
            high = ys[k] > high ? ys[k] : high;
        }
        // The first point with each extreme, as add() keeps.
        const auto first_at = [&](double v) {
            return static_cast<std::size_t>(std::find(ys.begin() + static_cast<std::ptrdiff_t>(i), ys.begin() + static_cast<std::ptrdiff_t>(end), v) - ys.begin());
        };
        const auto kept = [&](std::size_t k) { return Kept{xs[k], ys[k], seen_ + (k - i)}; };
        flush();
        column_ = column;
        first_ = kept(i);
        low_ = kept(first_at(low));
        high_ = kept(first_at(high));
        last_ = kept(end - 1);
        seen_ += end - i;
        i = end;
    }
}

void LineDecimator::flush() {
    if (column_ < 0) return;
    column_ = -1;
    if (gap_pending_) {
        xs_.push_back(first_.x);
        ys_.push_back(std::numeric_limits<double>::quiet_NaN());
        gap_pending_ = false;
    }
    // In input order: the first comes first and the last last; only the lowest and the
    // highest can come either way round. A point kept twice is written once.
    const bool low_first = low_.order <= high_.order;
    const std::array<const Kept*, 4> kept = {&first_, low_first ? &low_ : &high_, low_first ? &high_ : &low_, &last_};
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i > 0 && kept[i]->order == kept[i - 1]->order) continue;
        xs_.push_back(kept[i]->x);
        ys_.push_back(kept[i]->y);
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
