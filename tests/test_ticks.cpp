#include "plotcluster/figure/ticks.hpp"

#include <gtest/gtest.h>

#include <iomanip>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>
#include "support/extreme_values.hpp"

using plotcluster::format_number;
using plotcluster::format_ticks;
using plotcluster::nice_ticks;

namespace {

const std::string kMinus = "\xE2\x88\x92";  // U+2212

std::vector<std::string> labels_of(const std::vector<double>& ticks) {
    return format_ticks(ticks).labels;
}

// The step of a Wilkinson labelling is j * q * 10^z with q from Q and a small skip j.
bool is_nice_step(double step) {
    for (int j = 1; j <= 4; ++j) {
        for (double q : {1.0, 5.0, 2.0, 2.5, 4.0, 3.0}) {
            const double r = step / (j * q);
            const double p = std::pow(10.0, std::round(std::log10(r)));
            if (std::abs(r / p - 1) < 2e-3) return true;
        }
    }
    return false;
}

}  // namespace

// ---- nice_ticks: concrete ranges ----

TEST(NiceTicks, TypicalRanges) {
    EXPECT_EQ(nice_ticks(0, 1), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1}));
    EXPECT_EQ(nice_ticks(0, 10), (std::vector<double>{0, 2, 4, 6, 8, 10}));
    EXPECT_EQ(nice_ticks(0, 100), (std::vector<double>{0, 20, 40, 60, 80, 100}));
    EXPECT_EQ(nice_ticks(0, 3), (std::vector<double>{0, 0.5, 1, 1.5, 2, 2.5, 3}));
    EXPECT_EQ(nice_ticks(0, 7), (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(nice_ticks(0.3, 0.7), (std::vector<double>{0.3, 0.4, 0.5, 0.6, 0.7}));
    EXPECT_EQ(nice_ticks(2, 3), (std::vector<double>{2, 2.2, 2.4, 2.6, 2.8, 3}));
}

TEST(NiceTicks, NegativeRanges) {
    EXPECT_EQ(nice_ticks(-1, 1), (std::vector<double>{-1, -0.5, 0, 0.5, 1}));
    EXPECT_EQ(nice_ticks(-5, -1), (std::vector<double>{-5, -4, -3, -2, -1}));
}

TEST(NiceTicks, ValuesAreCleanDecimals) {
    // 0.1 + 0.2 style noise in the input does not leak into the ticks, and a tick a hair
    // outside the range (within 1e-10 of it) still counts as inside.
    const auto ticks = nice_ticks(0.1 + 0.2, 0.9);
    EXPECT_EQ(ticks, (std::vector<double>{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}));
    // Zero is exactly zero, never -0 or 1e-17.
    const auto around_zero = nice_ticks(-0.3, 0.3);
    ASSERT_NE(std::find(around_zero.begin(), around_zero.end(), 0.0), around_zero.end());
    for (double t : around_zero)
        if (t == 0) {
            EXPECT_FALSE(std::signbit(t));
        }
}

TEST(NiceTicks, TinyAndHugeScales) {
    EXPECT_EQ(nice_ticks(1e-12, 1e-11), (std::vector<double>{2e-12, 4e-12, 6e-12, 8e-12, 1e-11}));
    EXPECT_EQ(nice_ticks(0, 1e-6), (std::vector<double>{0, 2e-7, 4e-7, 6e-7, 8e-7, 1e-6}));
    EXPECT_EQ(nice_ticks(1e5, 1e6), (std::vector<double>{2e5, 4e5, 6e5, 8e5, 1e6}));

    const auto huge = nice_ticks(1e300, 5e300);
    ASSERT_EQ(huge.size(), 5u);
    EXPECT_DOUBLE_EQ(huge.front(), 1e300);
    EXPECT_DOUBLE_EQ(huge.back(), 5e300);

    // hi - lo overflows here; the ticks must still be finite and inside.
    const auto widest = nice_ticks(-1e308, 1e308);
    ASSERT_GE(widest.size(), 4u);
    for (double t : widest) EXPECT_TRUE(std::isfinite(t));
}

TEST(NiceTicks, RangeFarFromZero) {
    const auto ticks = nice_ticks(1e6, 1e6 + 1);
    EXPECT_EQ(ticks,
              (std::vector<double>{1e6, 1e6 + 0.2, 1e6 + 0.4, 1e6 + 0.6, 1e6 + 0.8, 1e6 + 1}));
}

TEST(NiceTicks, DegenerateRangeGivesItsEnds) {
    // Too narrow for its magnitude to hold evenly spaced ticks: the two ends, still labelled
    // apart.
    const double lo = 1e6, hi = 1e6 + 1e-9;
    EXPECT_EQ(nice_ticks(lo, hi), (std::vector<double>{lo, hi}));
    const auto labels = labels_of({lo, hi});
    EXPECT_NE(labels[0], labels[1]);
}

TEST(NiceTicks, CountLimitsAreHonoured) {
    for (int max_count : {2, 3, 5}) {
        const auto ticks = nice_ticks(0, 1, 6, 2, max_count);
        EXPECT_GE(ticks.size(), 2u);
        EXPECT_LE(ticks.size(), static_cast<std::size_t>(max_count));
    }
    EXPECT_GE(nice_ticks(0, 1, 3, 8, 9).size(), 8u);
}

TEST(NiceTicks, RejectsBadArguments) {
    EXPECT_THROW(nice_ticks(1, 1), std::invalid_argument);
    EXPECT_THROW(nice_ticks(2, 1), std::invalid_argument);
    EXPECT_THROW(nice_ticks(0, std::nan("")), std::invalid_argument);
    EXPECT_THROW(nice_ticks(0, INFINITY), std::invalid_argument);
    EXPECT_THROW(nice_ticks(0, 1, 1), std::invalid_argument);
    EXPECT_THROW(nice_ticks(0, 1, 6, 5, 4), std::invalid_argument);
}

// ---- format_ticks ----

TEST(FormatTicks, CommonDecimals) {
    EXPECT_EQ(labels_of({0, 0.5, 1, 1.5}), (std::vector<std::string>{"0.0", "0.5", "1.0", "1.5"}));
    EXPECT_EQ(labels_of({0, 2, 4}), (std::vector<std::string>{"0", "2", "4"}));
    EXPECT_EQ(labels_of({0, 0.25, 0.5}), (std::vector<std::string>{"0.00", "0.25", "0.50"}));
    EXPECT_EQ(labels_of({0.1 + 0.2, 0.4}), (std::vector<std::string>{"0.3", "0.4"}));
    EXPECT_EQ(format_ticks({0, 0.5, 1}).exponent, 0);
    EXPECT_TRUE(format_ticks({}).labels.empty());
    EXPECT_EQ(labels_of({1, 1, 2}), (std::vector<std::string>{"1", "1", "2"}));  // repeats
    EXPECT_EQ(labels_of({0.5}), (std::vector<std::string>{"0.5"}));
}

TEST(FormatTicks, NegativesUseUnicodeMinusAndNeverMinusZero) {
    EXPECT_EQ(labels_of(nice_ticks(-1, 1)),
              (std::vector<std::string>{kMinus + "1.0", kMinus + "0.5", "0.0", "0.5", "1.0"}));
    EXPECT_EQ(labels_of({-1e-17, 0.5, 1}), (std::vector<std::string>{"0.0", "0.5", "1.0"}));
    EXPECT_EQ(labels_of({-0.0, 1}), (std::vector<std::string>{"0", "1"}));
}

TEST(FormatTicks, ExponentOffsetForLargeValues) {
    const auto out = format_ticks(nice_ticks(1e5, 1e6));
    EXPECT_EQ(out.exponent, 6);
    EXPECT_EQ(out.labels, (std::vector<std::string>{"0.2", "0.4", "0.6", "0.8", "1.0"}));

    const auto at_1e5 = format_ticks({0, 50000, 100000});
    EXPECT_EQ(at_1e5.exponent, 5);
    EXPECT_EQ(at_1e5.labels, (std::vector<std::string>{"0.0", "0.5", "1.0"}));

    EXPECT_EQ(format_ticks({0, 50000, 99999}).exponent, 0);  // just below the threshold
}

TEST(FormatTicks, ExponentOffsetForSmallValues) {
    const auto out = format_ticks(nice_ticks(0, 1e-6));
    EXPECT_EQ(out.exponent, -6);
    EXPECT_EQ(out.labels, (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));

    const auto negative = format_ticks({-4e-6, -2e-6, 0});
    EXPECT_EQ(negative.exponent, -6);
    EXPECT_EQ(negative.labels, (std::vector<std::string>{kMinus + "4", kMinus + "2", "0"}));

    EXPECT_EQ(format_ticks({0, 1e-4}).exponent, 0);  // 1e-4 itself needs no offset
}

TEST(FormatTicks, RangeFarFromZeroKeepsLabelsApart) {
    const auto out = format_ticks(nice_ticks(1e6, 1e6 + 1));
    EXPECT_EQ(out.exponent, 6);
    EXPECT_EQ(out.labels, (std::vector<std::string>{"1.0000000", "1.0000002", "1.0000004",
                                                    "1.0000006", "1.0000008", "1.0000010"}));
}

// ---- property test ----

TEST(NiceTicks, PropertiesOverRandomRanges) {
    std::mt19937_64 rng(20240601);  // the engine is fully specified: same ranges everywhere
    auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1p-53; };
    for (int i = 0; i < 5000; ++i) {
        // Centres from 1e-15 to 1e15 (or 0), widths relative to them or absolute.
        const double centre = (uniform() < 0.2 ? 0.0 : 1.0) * (uniform() < 0.5 ? -1 : 1) *
                              std::pow(10.0, 30 * uniform() - 15);
        const double width = uniform() < 0.5
                                 ? std::pow(10.0, 30 * uniform() - 15)
                                 : std::pow(10.0, 24 * uniform() - 12) * std::abs(centre);
        const double lo = centre - width * uniform();
        const double hi = lo + width;
        if (!(lo < hi)) continue;
        SCOPED_TRACE(testing::Message() << "range [" << lo << ", " << hi << "]");

        const auto ticks = nice_ticks(lo, hi);
        const auto labels = labels_of(ticks);
        ASSERT_EQ(labels.size(), ticks.size());
        std::vector<std::string> sorted = labels;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());

        if (ticks == std::vector<double>{lo, hi}) {
            // Only when the range is too narrow for its magnitude.
            EXPECT_LT(hi - lo, 1e-10 * std::max(std::abs(lo), std::abs(hi)));
            continue;
        }
        ASSERT_GE(ticks.size(), 4u);
        ASSERT_LE(ticks.size(), 9u);
        const double tol = 1e-10 * (hi - lo);
        EXPECT_GE(ticks.front(), lo - tol);
        EXPECT_LE(ticks.back(), hi + tol);
        const double step = (ticks.back() - ticks.front()) / static_cast<double>(ticks.size() - 1);
        EXPECT_TRUE(is_nice_step(step)) << "step " << step;
        for (std::size_t k = 1; k < ticks.size(); ++k)
            EXPECT_NEAR(ticks[k] - ticks[k - 1], step, 2e-3 * step);
    }
}

// ---- property test: tiny and huge magnitudes ----

namespace {

// Doubles where tick arithmetic breaks if it is not careful: subnormals, the ends of the
// normal range, ±DBL_MAX, the scaled-search threshold, and their neighbours.
std::vector<std::pair<double, double>> extreme_ranges() {
    using L = std::numeric_limits<double>;
    return plotcluster::test::extreme_ranges(
        plotcluster::test::extreme_values({0, L::denorm_min(), 2 * L::denorm_min(), 3 * L::denorm_min(),
                              1.3e-321, 2.5e-322, 1e-310, L::min(), 1e-300, 1e-280, 1e-200,
                              1e-10, 1, 1e6, 1e100, 1e300, 1e307, 1e308, L::max() / 2,
                              L::max()}),
        1);
}

}  // namespace

TEST(NiceTicks, PropertiesOverExtremeRanges) {
    const auto ranges = extreme_ranges();
    ASSERT_GT(ranges.size(), 5000u);
    double slowest = 0;
    std::size_t scaled_ok = 0;
    for (const auto& [lo, hi] : ranges) {
        SCOPED_TRACE(testing::Message() << std::setprecision(17) << "range [" << lo << ", " << hi << "]");
        for (int target : {2, 3, 6, 9}) {
            const int min_count = std::min(target, 4);  // as the chart asks
            const auto start = std::chrono::steady_clock::now();
            const auto ticks = nice_ticks(lo, hi, target, min_count, 9);
            const auto labels = format_ticks(ticks);
            slowest = std::max(slowest, std::chrono::duration<double>(
                                            std::chrono::steady_clock::now() - start).count());

            ASSERT_GE(ticks.size(), 2u);
            ASSERT_LE(ticks.size(), 9u);
            const double tol = 2e-10 * (hi / 2 - lo / 2);  // 1e-10 of a width that may overflow
            for (std::size_t k = 0; k < ticks.size(); ++k) {
                ASSERT_TRUE(std::isfinite(ticks[k]));
                ASSERT_GE(ticks[k], lo - tol);
                ASSERT_LE(ticks[k], hi + tol);
                if (k > 0) ASSERT_GT(ticks[k], ticks[k - 1]);
            }
            ASSERT_EQ(labels.labels.size(), ticks.size());
            const std::set<std::string> distinct(labels.labels.begin(), labels.labels.end());
            ASSERT_EQ(distinct.size(), ticks.size());
            for (const auto& label : labels.labels) ASSERT_LE(label.size(), 32u) << label;

            // Ranges with room for ticks get real ones, not just their ends: at least
            // 1e-9 of their magnitude wide and 1000 subnormal steps.
            const double mag = std::max(std::abs(lo), std::abs(hi));
            const double width_half = hi / 2 - lo / 2;
            if (width_half >= 0.5e-9 * mag && width_half >= 500 * std::numeric_limits<double>::denorm_min()) {
                EXPECT_GE(ticks.size(), static_cast<std::size_t>(min_count));
                if (!(hi - lo >= 1e-280 && std::isfinite(hi - lo))) ++scaled_ok;
            }
        }
    }
    EXPECT_GT(scaled_ok, 100u);  // the scaled search was reached, and gave real ticks
    std::printf("%zu extreme ranges, slowest nice_ticks + format_ticks %.3f ms\n", ranges.size(),
                slowest * 1e3);
    EXPECT_LT(slowest, 0.5);
}

TEST(NiceTicks, SubnormalAndOverflowingRanges) {
    // The subnormal, with nonsingular's range around it: ticks in 10^-321.
    const auto sub = nice_ticks(1.235e-321, 1.365e-321);
    ASSERT_GE(sub.size(), 4u);
    EXPECT_EQ(format_ticks(sub).exponent, -321);
    // One subnormal step: its two ends.
    const double dm = std::numeric_limits<double>::denorm_min();
    EXPECT_EQ(nice_ticks(0, dm), (std::vector<double>{0, dm}));
    EXPECT_EQ(labels_of({0, dm}), (std::vector<std::string>{"0", "5"}));
    EXPECT_EQ(format_ticks({0, dm}).exponent, -324);
    // The whole double range: ticks at multiples of 10^308, inside it.
    const double big = std::numeric_limits<double>::max();
    const auto all = nice_ticks(-big, big);
    EXPECT_EQ(all, (std::vector<double>{-1.5e308, -1e308, -5e307, 0, 5e307, 1e308, 1.5e308}));
    const auto top = format_ticks(nice_ticks(1e308, big));
    EXPECT_EQ(top.exponent, 308);
    EXPECT_GE(top.labels.size(), 4u);
    EXPECT_GE(nice_ticks(std::numeric_limits<double>::denorm_min(), big, 3, 3).size(), 3u);
}

// ---- format_number ----

TEST(FormatNumber, PlainForm) {
    EXPECT_EQ(format_number(0), "0");
    EXPECT_EQ(format_number(-0.0), "0");
    EXPECT_EQ(format_number(1.5), "1.5");
    EXPECT_EQ(format_number(-1.5), kMinus + "1.5");
    EXPECT_EQ(format_number(100), "100");
    EXPECT_EQ(format_number(-3.14159), kMinus + "3.142");
    EXPECT_EQ(format_number(1234.5678), "1235");
    EXPECT_EQ(format_number(1234.5678, 6), "1234.57");
    EXPECT_EQ(format_number(123456), "123500");  // 4 significant digits
    EXPECT_EQ(format_number(0.0001), "0.0001");
    EXPECT_EQ(format_number(0.00012344), "0.0001234");
}

TEST(FormatNumber, ScientificForm) {
    EXPECT_EQ(format_number(1.5e6), "1.5e6");
    EXPECT_EQ(format_number(999999.7), "1e6");  // rounds up into the next decade
    EXPECT_EQ(format_number(2.5e-7), "2.5e" + kMinus + "7");
    EXPECT_EQ(format_number(-2.5e-7), kMinus + "2.5e" + kMinus + "7");
    EXPECT_EQ(format_number(1e100), "1e100");
    EXPECT_EQ(format_number(1e-100), "1e" + kMinus + "100");
}

TEST(FormatNumber, NonFinite) {
    EXPECT_EQ(format_number(std::nan("")), "nan");
    EXPECT_EQ(format_number(INFINITY), "inf");
    EXPECT_EQ(format_number(-INFINITY), kMinus + "inf");
}
