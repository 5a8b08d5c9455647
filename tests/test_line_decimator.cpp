#include "plotcluster/figure/line_decimator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <span>
#include <vector>

#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/canvas/font.hpp"

namespace plotcluster {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Series {
    std::vector<double> x, y;
};

Series decimate(const std::vector<double>& y, std::size_t columns) {
    LineDecimator d(0, static_cast<double>(y.size() - 1), columns);
    for (std::size_t i = 0; i < y.size(); ++i) d.add(static_cast<double>(i), y[i]);
    Series out;
    d.finish(out.x, out.y);
    return out;
}

TEST(LineDecimator, ShortSeriesPassThrough) {
    const Series s = decimate({3, 1, 4, 1, 5}, 100);
    EXPECT_EQ(s.x, (std::vector<double>{0, 1, 2, 3, 4}));
    EXPECT_EQ(s.y, (std::vector<double>{3, 1, 4, 1, 5}));
}

TEST(LineDecimator, KeepsFirstMinMaxLastOfEachColumnInOrder) {
    // 10 points in one column: first 5, min -7 at 3, max 9 at 6, last 2.
    const Series s = decimate({5, 0, 1, -7, 2, 3, 9, 1, 0, 2}, 1);
    EXPECT_EQ(s.x, (std::vector<double>{0, 3, 6, 9}));
    EXPECT_EQ(s.y, (std::vector<double>{5, -7, 9, 2}));
}

TEST(LineDecimator, AtMostFourPointsPerColumnAndExtremesKept) {
    std::mt19937 rng(7);
    std::normal_distribution<double> noise;
    std::vector<double> y(100000);
    for (auto& v : y) v = noise(rng);
    const Series s = decimate(y, 640);
    EXPECT_LE(s.x.size(), 4u * 640u);
    EXPECT_GE(s.x.size(), 2u * 640u);
    EXPECT_EQ(*std::min_element(s.y.begin(), s.y.end()), *std::min_element(y.begin(), y.end()));
    EXPECT_EQ(*std::max_element(s.y.begin(), s.y.end()), *std::max_element(y.begin(), y.end()));
    EXPECT_TRUE(std::is_sorted(s.x.begin(), s.x.end()));
    EXPECT_EQ(s.x.front(), 0);
    EXPECT_EQ(s.x.back(), 99999);
}

TEST(LineDecimator, NonFiniteValuesBecomeOneGap) {
    const Series s = decimate({1, 2, nan, nan, 3, 4}, 100);
    ASSERT_EQ(s.y.size(), 5u);
    EXPECT_EQ(s.y[0], 1);
    EXPECT_EQ(s.y[1], 2);
    EXPECT_TRUE(std::isnan(s.y[2]));
    EXPECT_EQ(s.y[3], 3);
    EXPECT_EQ(s.y[4], 4);
    // Leading and trailing gaps draw nothing, so they leave no marker.
    const Series edges = decimate({nan, 1, 2, nan}, 100);
    EXPECT_EQ(edges.y, (std::vector<double>{1, 2}));
}

TEST(LineDecimator, CountsEveryPoint) {
    LineDecimator d(0, 1, 10);
    for (int i = 0; i < 1000; ++i) d.add(i / 999.0, i % 7);
    EXPECT_EQ(d.points_seen(), 1000u);
}

TEST(LineDecimator, NonDecreasing) {
    EXPECT_TRUE(non_decreasing({1, 1, 2, nan, 3}));
    EXPECT_FALSE(non_decreasing({1, 3, 2}));
    EXPECT_TRUE(non_decreasing({}));
}

// Adding a series at once (in chunks of any size) keeps exactly what adding it point by
// point keeps: the same points, gaps, ties (the first of equal extremes) and order.
TEST(LineDecimator, AddingRunsEqualsAddingPoints) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> value(-3, 3);  // small values: many ties
    std::uniform_int_distribution<int> odds(0, 99);
    std::vector<double> x, y;
    double at = 0;
    for (int i = 0; i < 20000; ++i) {
        at += odds(rng) < 20 ? 0.0 : 0.37;  // repeated x too
        const int o = odds(rng);
        x.push_back(o == 0 ? std::numeric_limits<double>::infinity() : at);
        y.push_back(o == 1 ? nan : o == 2 ? -0.0 : o == 3 ? 0.0 : value(rng));
    }
    for (const std::size_t columns : {std::size_t{1}, std::size_t{7}, std::size_t{640}, std::size_t{50000}}) {
        LineDecimator one(0, at, columns);
        for (std::size_t i = 0; i < x.size(); ++i) one.add(x[i], y[i]);
        Series expected;
        one.finish(expected.x, expected.y);
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{1000}, x.size()}) {
            LineDecimator runs(0, at, columns);
            for (std::size_t i = 0; i < x.size(); i += chunk) {
                const std::size_t n = std::min(chunk, x.size() - i);
                runs.add(std::span(x).subspan(i, n), std::span(y).subspan(i, n));
            }
            EXPECT_EQ(runs.points_seen(), x.size());
            Series got;
            runs.finish(got.x, got.y);
            ASSERT_EQ(got.x.size(), expected.x.size()) << columns << " columns, chunks of " << chunk;
            for (std::size_t k = 0; k < got.x.size(); ++k) {
                // Bit for bit: -0.0 and 0.0 must not swap, NaN stays NaN.
                ASSERT_EQ(std::signbit(got.y[k]), std::signbit(expected.y[k])) << k;
                ASSERT_TRUE(got.x[k] == expected.x[k] && (got.y[k] == expected.y[k] ||
                                                          (std::isnan(got.y[k]) && std::isnan(expected.y[k]))))
                    << columns << " columns, chunks of " << chunk << ", point " << k;
            }
        }
    }
}

// Drawing the decimated series gives the same picture as drawing every point: the
// largest channel difference stays small (antialiasing of joins may differ slightly).
TEST(LineDecimator, PictureMatchesDrawingEveryPoint) {
    const FontFace face("DejaVu Sans");
    constexpr int w = 800, h = 600;
    std::mt19937 rng(11);
    std::normal_distribution<double> noise;
    std::vector<double> y(10000);
    for (std::size_t i = 0; i < y.size(); ++i) {
        y[i] = std::sin(static_cast<double>(i) * 0.003) + 0.2 * noise(rng);
    }
    auto render = [&](const std::vector<double>& xs, const std::vector<double>& ys) {
        CairoCanvas canvas(w, h, face);
        canvas.clear({1, 1, 1, 1});
        std::vector<Point> pts;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            pts.push_back({80 + xs[i] / 9999.0 * 640, 300 - ys[i] * 100});
        }
        canvas.polyline(pts, {{0.12, 0.47, 0.71, 1}, 2.08});
        const auto view = canvas.rgb();
        return std::vector<std::uint8_t>(view.data, view.data + static_cast<std::size_t>(view.stride) * h);
    };
    std::vector<double> all_x(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) all_x[i] = static_cast<double>(i);
    // Two columns per pixel, as the chart asks for.
    const Series s = decimate(y, std::size_t{2} * 640);
    const auto full = render(all_x, y);
    const auto reduced = render(s.x, s.y);
    int worst = 0;
    std::size_t differing = 0, big = 0;
    double sum = 0;
    for (std::size_t i = 0; i < full.size(); ++i) {
        const int d = std::abs(int(full[i]) - int(reduced[i]));
        worst = std::max(worst, d);
        differing += d > 0;
        big += d > 32;
        sum += d;
    }

    std::printf("decimated %zu -> %zu points; largest channel difference %d; %zu of %zu bytes "
                "differ, %zu by more than 32, mean difference where any %.1f\n",
                y.size(), s.x.size(), worst, differing, full.size(), big,
                differing ? sum / static_cast<double>(differing) : 0.0);
    // Measured: 85, 247 bytes > 32, mean 5.3 (a 2 px line through dense noise; only the
    // antialiased rim of the band differs).
    EXPECT_LE(worst, 128);
    EXPECT_LT(big, full.size() / 2000);
    EXPECT_LT(sum / static_cast<double>(std::max<std::size_t>(differing, 1)), 10.0);
}

}  // namespace
}  // namespace plotcluster
