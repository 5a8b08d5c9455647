#include "plotcluster/figure/streamed_line.hpp"
#include "support/rules.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "plotcluster/figure/figure.hpp"

namespace plotcluster {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<double> noisy(std::size_t n) {
    std::mt19937 rng(5);
    std::normal_distribution<double> noise;
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = std::sin(static_cast<double>(i) * 1e-4) + 0.1 * noise(rng);
    return y;
}

PlotData stream(const std::vector<double>& y, std::size_t chunk, Scale scale = Scale::linear) {
    StreamedLine line(y.size(), 800, scale);
    for (std::size_t i = 0; i < y.size(); i += chunk) {
        line.add(std::span<const double>(y).subspan(i, std::min(chunk, y.size() - i)));
    }
    return std::move(line).finish("/v");
}

PlotTask line_task() {
    PlotTask t;
    t.read.dataset = "/v";
    t.draw.kind = "line";
    return t;
}

// The same values in any chunking give the same reduced series.
TEST(StreamedLine, ChunkingDoesNotMatter) {
    const auto y = noisy(100000);
    const PlotData a = stream(y, 1), b = stream(y, 7), c = stream(y, 1 << 20);
    EXPECT_EQ(a.series[0].values.values, c.series[0].values.values);
    EXPECT_EQ(b.series[0].values.values, c.series[0].values.values);
    EXPECT_EQ(a.x->values, c.x->values);
    EXPECT_LE(c.x->values.size(), 4u * 1600u);  // bounded by the width, not the data
}

// Column runs reduced at once keep exactly what the decimator keeps of every point, gaps
// (NaN, and values a log axis cannot show) included.
TEST(StreamedLine, SameAsDecimatingEveryPoint) {
    for (const Scale scale : {Scale::linear, Scale::log}) {
        auto y = noisy(50000);
        for (auto& v : y) v += 2;  // mostly positive, for the log axis
        for (std::size_t i = 3000; i < 3040; ++i) y[i] = nan;
        y[10001] = -1;
        y[20002] = 0;
        LineDecimator every(0, static_cast<double>(y.size() - 1), 1600);
        for (std::size_t i = 0; i < y.size(); ++i) {
            const bool shown = std::isfinite(y[i]) && (scale == Scale::linear || y[i] > 0);
            every.add(static_cast<double>(i), shown ? y[i] : nan);
        }
        std::vector<double> xs, ys;
        every.finish(xs, ys);
        const PlotData d = stream(y, 4099, scale);
        EXPECT_EQ(d.x->values, xs);
        ASSERT_EQ(d.series[0].values.values.size(), ys.size());
        for (std::size_t i = 0; i < ys.size(); ++i) {
            if (std::isnan(ys[i])) EXPECT_TRUE(std::isnan(d.series[0].values.values[i])) << i;
            else EXPECT_EQ(d.series[0].values.values[i], ys[i]) << i;
        }
    }
}

// Built into a figure, a reduced line has the axes and the ignored count of the series
// read whole: the extremes are kept, and gaps are not counted as values.
TEST(StreamedLine, FigureMatchesTheWholeSeries) {
    auto y = noisy(200000);
    for (std::size_t i = 5000; i < 5100; ++i) y[i] = nan;
    y[70000] = std::numeric_limits<double>::infinity();
    const FigureConfig style;
    const PlotRule rule = test::rule_of("line");
    const Figure reduced = build_figure(line_task(), rule, stream(y, 4096), style);
    PlotData whole;
    whole.series.push_back({"/v", Array{{y.size()}, y}});
    const Figure full = build_figure(line_task(), rule, std::move(whole), style);
    EXPECT_EQ(reduced.ignored, 101u);
    EXPECT_EQ(full.ignored, 101u);
    EXPECT_DOUBLE_EQ(reduced.panels.at(0).y.lo, full.panels.at(0).y.lo);
    EXPECT_DOUBLE_EQ(reduced.panels.at(0).y.hi, full.panels.at(0).y.hi);
    EXPECT_DOUBLE_EQ(reduced.panels.at(0).x.lo, full.panels.at(0).x.lo);
    EXPECT_DOUBLE_EQ(reduced.panels.at(0).x.hi, full.panels.at(0).x.hi);
}

TEST(StreamedLine, LogAxisCountsValuesItCannotShow) {
    const std::vector<double> y = {1, 10, 0, -3, 100, nan, 1000};
    const PlotData d = stream(y, 2, Scale::log);
    EXPECT_EQ(*d.reduced_ignored, 3u);
}

}  // namespace
}  // namespace plotcluster
