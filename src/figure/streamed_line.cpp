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

void StreamedLine::add(std::span<const double> values) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (const double v : values) {
        const bool shown = std::isfinite(v) && (yscale_ == Scale::linear || v > 0);
        ignored_ += !shown;
        decimator_.add(static_cast<double>(next_++), shown ? v : nan);
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
