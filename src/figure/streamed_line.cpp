#include "plotcluster/figure/streamed_line.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace plotcluster {

// Two columns per pixel of the figure's width, as for a series read whole (figure.cpp).
StreamedLine::StreamedLine(std::uint64_t length, int width, Scale yscale)
    : decimator_(0, static_cast<double>(std::max<std::uint64_t>(length, 1) - 1),
                 2 * static_cast<std::size_t>(std::max(width, 1))),
      yscale_(yscale) {}

void StreamedLine::add_each(std::span<const double> values) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (const double v : values) {
        const bool shown = std::isfinite(v) && (yscale_ == Scale::linear || v > 0);
        ignored_ += !shown;
        decimator_.add(static_cast<double>(next_++), shown ? v : nan);
    }
}

// Column by column: a column's run of values goes to the decimator as just its first,
// lowest, highest and last point (in order), which is all it would keep of them; a run
// with a value the plot cannot show goes point by point. The result is the same as
// adding every point, in a fraction of the time (10^8 values: a tight min/max loop).
void StreamedLine::add(std::span<const double> values) {
    std::size_t i = 0;
    while (i < values.size()) {
        const std::size_t column = decimator_.column_of(static_cast<double>(next_));
        // The run ends where the next column starts: the first later index in another
        // column (column_of never decreases, so a binary search finds it).
        std::size_t lo = i + 1, hi = values.size();
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (decimator_.column_of(static_cast<double>(next_ + (mid - i))) == column) lo = mid + 1;
            else hi = mid;
        }
        const std::span<const double> run = values.subspan(i, lo - i);
        double nonfinite = 0, low = run[0], high = run[0];
        for (const double v : run) {
            nonfinite += v - v;  // NaN once any value is NaN or infinite
            low = v < low ? v : low;
            high = v > high ? v : high;
        }
        const bool shown = nonfinite == 0 && (yscale_ == Scale::linear || low > 0);
        if (!shown) {
            add_each(run);
        } else {
            const std::size_t at_low = static_cast<std::size_t>(std::find(run.begin(), run.end(), low) - run.begin());
            const std::size_t at_high = static_cast<std::size_t>(std::find(run.begin(), run.end(), high) - run.begin());
            std::size_t kept[4] = {0, std::min(at_low, at_high), std::max(at_low, at_high), run.size() - 1};
            for (std::size_t k = 0; k < 4; ++k) {
                if (k > 0 && kept[k] == kept[k - 1]) continue;
                decimator_.add(static_cast<double>(next_ + kept[k]), run[kept[k]]);
            }
            next_ += run.size();
        }
        i = lo;
    }
}

PlotData StreamedLine::finish(std::string dataset) && {
    std::vector<double> xs, ys;
    decimator_.finish(xs, ys);
    PlotData data;
    data.series.push_back({std::move(dataset), Array{{ys.size()}, std::move(ys)}});
    data.x = Array{{xs.size()}, std::move(xs)};
    data.reduced_ignored = ignored_;
    return data;
}

}  // namespace plotcluster
