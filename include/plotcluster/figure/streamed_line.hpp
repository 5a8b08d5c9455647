#pragma once
// A 1-D line too long to read whole (10^8 values are 800 MB of doubles), reduced while it
// is read in chunks: LineDecimator keeps what the pixels can show, so memory is bounded by
// the figure's width, and line_figure draws the result like a series read whole.
#include <cstdint>
#include <span>
#include <string>

#include "plotcluster/config/config.hpp"
#include "plotcluster/figure/line_decimator.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster {

class StreamedLine {
public:
    // `length` values will come, drawn against their index; `width`: the figure's pixels.
    StreamedLine(std::uint64_t length, int width, Scale yscale);

    void add(std::span<const double> values);  // the next values, in order

    // The reduced series for line_figure: x = the kept indices, y with NaN gaps, and the
    // count of values not shown (NaN, Inf; zero or negative on a log axis).
    PlotData finish(std::string dataset) &&;

private:
    LineDecimator decimator_;
    Scale yscale_;
    std::uint64_t next_ = 0;
    std::uint64_t ignored_ = 0;
};

}  // namespace plotcluster
