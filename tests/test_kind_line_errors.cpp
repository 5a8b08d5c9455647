// `kind: line` with yerr (errors: bars | band) and hlines/vlines: what the figure holds,
// what the chart draws of it, and the messages for errors that do not suit the line.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/plan/plan.hpp"
#include "support/recording_canvas.hpp"
#include "support/kind_fixture.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
using test::rule_of;

PlotTask line_task() {
    return test::kind_task("line", "/data/run.h5", "/probe/v", {"v", "index", "v"});
}

// The line `y` with error datasets (role, values) beside it, drawn by a rule with `options`.
Figure build(const std::vector<double>& y,
             const std::vector<std::pair<std::string, std::vector<double>>>& errors,
             std::string_view options) {
    PlotData data;
    data.series.push_back({"/probe/v", Array{{y.size()}, y}});
    for (const auto& [role, values] : errors) {
        data.companions.push_back({role, "/probe/" + role, Array{{values.size()}, values}});
    }
    return build_figure(line_task(), rule_of("line", options), std::move(data), test::kind_style());
}

template <class T>
std::vector<const T*> layers_of(const Figure& f) {
    std::vector<const T*> out;
    for (const Layer& layer : f.panels.at(0).layers) {
        if (const T* l = std::get_if<T>(&layer)) out.push_back(l);
    }
    return out;
}

std::string build_error(const std::vector<double>& y,
                        const std::vector<std::pair<std::string, std::vector<double>>>& e,
                        std::string_view options) {
    try {
        build(y, e, options);
    } catch (const DatasetError& err) {
        return err.what();
    }
    return "<no error>";
}

TEST(LineErrors, SymmetricBarsInTheLinesColourOverTheLine) {
    const Figure f = build({1, 2, 3, 4}, {{"yerr", {0.5, 0.25, 0, 1}}}, "yerr: err, color: C3");
    const auto& layers = f.panels.at(0).layers;
    ASSERT_EQ(layers.size(), 2U);
    ASSERT_TRUE(std::holds_alternative<LinesLayer>(layers[0]));
    const auto* bars = std::get_if<ErrorBarsLayer>(&layers[1]);
    ASSERT_NE(bars, nullptr);
    EXPECT_EQ(bars->x, (std::vector<double>{0, 1, 2, 3}));
    EXPECT_EQ(bars->y_lo, (std::vector<double>{0.5, 1.75, 3, 3}));
    EXPECT_EQ(bars->y_hi, (std::vector<double>{1.5, 2.25, 3, 5}));
    EXPECT_EQ(bars->color, *parse_color("C3"));
    EXPECT_EQ(bars->width_pt, 1.5);
    EXPECT_EQ(bars->cap_pt, 6);  // matplotlib's capsize=3
    // y limits hold the bars: 0.5..5 with 5% margins.
    EXPECT_NEAR(f.panels[0].y.lo, 0.5 - 0.05 * 4.5, 1e-12);
    EXPECT_NEAR(f.panels[0].y.hi, 5 + 0.05 * 4.5, 1e-12);
    EXPECT_TRUE(f.panels[0].x.integer);  // the bars stand on the line's integer x
}

TEST(LineErrors, BelowAndAboveAreDistancesNotBounds) {
    const Figure f = build({10, 20}, {{"yerr[0]", {1, 2}}, {"yerr[1]", {3, 4}}}, "yerr: [lo, hi]");
    const auto bars = layers_of<ErrorBarsLayer>(f);
    ASSERT_EQ(bars.size(), 1U);
    EXPECT_EQ(bars[0]->y_lo, (std::vector<double>{9, 18}));
    EXPECT_EQ(bars[0]->y_hi, (std::vector<double>{13, 24}));
}

TEST(LineErrors, BandUnderTheLineTranslucent) {
    const Figure f =
        build({1, 2, 3}, {{"yerr", {0.5, 0.5, 0.5}}}, "yerr: err, errors: band, alpha: 0.8");
    const auto& layers = f.panels.at(0).layers;
    ASSERT_EQ(layers.size(), 2U);
    const auto* band = std::get_if<BandLayer>(&layers[0]);
    ASSERT_NE(band, nullptr);
    ASSERT_TRUE(std::holds_alternative<LinesLayer>(layers[1]));
    EXPECT_EQ(band->y_lo, (std::vector<double>{0.5, 1.5, 2.5}));
    EXPECT_EQ(band->y_hi, (std::vector<double>{1.5, 2.5, 3.5}));
    EXPECT_NEAR(band->color.a, 0.8 * 0.3, 1e-12);
    EXPECT_EQ(band->color.r, std::get<LinesLayer>(layers[1]).color.r);
    EXPECT_TRUE(layers_of<ErrorBarsLayer>(f).empty());
}

TEST(LineErrors, LongBandIsReducedToItsEnvelopePerColumn) {
    const std::size_t n = 100000;
    std::vector<double> y(n), e(n, 0.1);
    for (std::size_t k = 0; k < n; ++k) y[k] = std::sin(static_cast<double>(k) * 1e-3);
    y[n / 2] = 5;  // a spike the envelope keeps
    e[n / 4] = nan;  // a gap it keeps
    const Figure f = build(y, {{"yerr", e}}, "yerr: err, errors: band");
    const auto bands = layers_of<BandLayer>(f);
    ASSERT_EQ(bands.size(), 1U);
    const BandLayer& b = *bands[0];
    EXPECT_LE(b.x.size(), 2U * 640 + 2);  // two columns per pixel of the width, and the gap
    EXPECT_GT(b.x.size(), 1000U);
    double top = -1;
    std::size_t gaps = 0;
    for (std::size_t k = 0; k < b.x.size(); ++k) {
        if (std::isnan(b.x[k])) ++gaps;
        else top = std::max(top, b.y_hi[k]);
    }
    EXPECT_EQ(top, 5.1);
    EXPECT_EQ(gaps, 1U);
}

TEST(LineErrors, NegativeErrorIsNamedWithItsIndex) {
    EXPECT_EQ(
        build_error({1, 2, 3, 4, 5, 6}, {{"yerr", {0.1, 0.1, 0.1, 0.1, 0.1, -0.2}}}, "yerr: err"),
        "yerr must not be negative: '/probe/yerr' has -0.2 at index 5");
    EXPECT_EQ(build_error({1, 2}, {{"yerr[0]", {0, 0}}, {"yerr[1]", {-1, 0}}}, "yerr: [lo, hi]"),
              "yerr must not be negative: '/probe/yerr[1]' has -1 at index 0");
}

TEST(LineErrors, GroupOfLinesTakesNoErrors) {
    EXPECT_EQ(build_error({1, 2}, {{"yerr", {0, 0}}}, "yerr: err, group: parent"),
              "yerr goes with one line; group: parent draws a line per member of '/probe/v'");
}

TEST(LineErrors, NanErrorLeavesThatBarOut) {
    const Figure f = build({1, 2, 3}, {{"yerr", {0.5, nan, 0.5}}}, "yerr: err");
    const auto bars = layers_of<ErrorBarsLayer>(f);
    ASSERT_EQ(bars.size(), 1U);
    EXPECT_TRUE(std::isnan(bars[0]->y_lo[1]));
    EXPECT_TRUE(std::isnan(bars[0]->y_hi[1]));
    test::RecordingCanvas canvas(f.width, f.height);
    draw_figure(f, canvas);
    // Two bars and four caps of 1 pt: 6 two-point polylines of the line's colour.
    int segments = 0;
    for (const auto& call : canvas.polylines) {
        if (call.points.size() == 2 && call.stroke.color == bars[0]->color) ++segments;
    }
    EXPECT_EQ(segments, 6);
}

TEST(LineErrors, CapsAreSixPointsWideAtBothEnds) {
    const Figure f = build({1, 2}, {{"yerr", {0.5, 0.5}}}, "yerr: err, linewidth: 2");
    test::RecordingCanvas canvas(f.width, f.height);
    draw_figure(f, canvas);
    const double pt = f.dpi / 72;
    std::vector<test::PolylineCall> caps, bars;
    for (const auto& call : canvas.polylines) {
        if (call.points.size() != 2 || !(call.stroke.color == cycle_color(0))) continue;
        if (call.points[0].y == call.points[1].y) caps.push_back(call);
        if (call.points[0].x == call.points[1].x) bars.push_back(call);
    }
    ASSERT_EQ(caps.size(), 4U);
    ASSERT_EQ(bars.size(), 2U);
    EXPECT_NEAR(bars[0].stroke.width, 2 * pt, 1e-12);  // the line's width, as errorbar(linewidth=2)
    for (const auto& c : caps) {
        EXPECT_NEAR(c.points[1].x - c.points[0].x, 6 * pt, 1e-9);
        EXPECT_NEAR(c.stroke.width, 1 * pt, 1e-12);
    }
    // Each bar's ends carry a cap, centred on it.
    EXPECT_NEAR((caps[0].points[0].x + caps[0].points[1].x) / 2, bars[0].points[0].x, 1e-9);
}

TEST(LineErrors, ReferenceLinesAcrossTheAxesWidenTheLimitsAsAxhline) {
    const Figure f = build({1, 2, 3}, {}, "hlines: [0, 10], vlines: 1.5");
    const auto refs = layers_of<ReferenceLinesLayer>(f);
    ASSERT_EQ(refs.size(), 1U);
    EXPECT_EQ(refs[0]->y, (std::vector<double>{0, 10}));
    EXPECT_EQ(refs[0]->x, (std::vector<double>{1.5}));
    EXPECT_EQ(refs[0]->color, cycle_color(7));
    EXPECT_EQ(refs[0]->dash, Dash::dashed);
    EXPECT_EQ(refs[0]->width_pt, 1);
    // matplotlib's axhline(10) widens autoscaled y limits to 0..10 (and margins).
    EXPECT_NEAR(f.panels[0].y.lo, -0.5, 1e-12);
    EXPECT_NEAR(f.panels[0].y.hi, 10.5, 1e-12);
    EXPECT_TRUE(f.panels[0].x.integer);  // guides do not make the index axis fractional

    // Explicit limits win; the line at 10 lies off the axes.
    const Figure fixed = build({1, 2, 3}, {}, "hlines: [10], limits: [0, 4]");
    EXPECT_EQ(fixed.panels[0].y.hi, 4);

    test::RecordingCanvas canvas(f.width, f.height);
    draw_figure(f, canvas);
    // Dashed: each line is many short polylines in C7, spanning the box's width together.
    double left = 1e9, right = -1e9;
    int dashes = 0;
    for (const auto& call : canvas.polylines) {
        if (!(call.stroke.color == cycle_color(7)) || call.points.front().y != call.points.back().y)
            continue;
        ++dashes;
        left = std::min(left, call.points.front().x);
        right = std::max(right, call.points.back().x);
    }
    EXPECT_GT(dashes, 20);
    EXPECT_GT(right - left, 0.6 * f.width);
}

TEST(LineErrors, ValueExtentHoldsErrorsAndReferenceLines) {
    PlotData data;
    data.series.push_back({"/probe/v", Array{{3}, {1, 2, 3}}});
    data.companions.push_back({"yerr", "/probe/err", Array{{3}, {0.5, 0.5, 2}}});
    const auto extent = value_extent(rule_of("line", "yerr: err, hlines: [-3]"), data);
    ASSERT_TRUE(extent);
    EXPECT_EQ(extent->first, -3);
    EXPECT_EQ(extent->second, 5);
}

TEST(LineErrors, LineWithErrorsIsReadWholeNotReduced) {
    EXPECT_TRUE(plot_kind(rule_of("line")).draws_reduced_series(rule_of("line")));
    const PlotRule with = rule_of("line", "yerr: err");
    EXPECT_FALSE(plot_kind(with).draws_reduced_series(with));
    const PlotRule band = rule_of("line", "yerr: err, errors: band");
    EXPECT_FALSE(plot_kind(band).draws_reduced_series(band));
    const PlotRule guides = rule_of("line", "hlines: 0");
    EXPECT_TRUE(plot_kind(guides).draws_reduced_series(guides));
}

std::string config_error(std::string_view options) {
    return test::config_error_of("line", options);
}

TEST(LineErrors, ConfigKeys) {
    EXPECT_EQ(
        test::option_values(rule_of("line", "yerr: [lo, /abs/hi], errors: band")).at("yerr_upper"),
        "/abs/hi");
    EXPECT_EQ(config_error("errors: band"),
              "test.yaml:4: plots[0].errors: needs yerr: the errors to draw");
    EXPECT_EQ(config_error("yerr: [a, b, c]"),
              "test.yaml:4: plots[0].yerr: expected one dataset or a list of 1 to 2, got 3");
    EXPECT_EQ(config_error("yerr: 'e*'"),
              "test.yaml:4: plots[0].yerr: must name datasets, not patterns");
    EXPECT_EQ(config_error("yerr: e, errors: whiskers"),
              "test.yaml:4: plots[0].errors: unknown errors 'whiskers' (supported: bars, band)");
    EXPECT_EQ(config_error("hlines: [a]"),
              "test.yaml:4: plots[0].hlines[0]: expected a number, got 'a'");
}

DatasetInfo dataset(const std::string& path, std::vector<std::uint64_t> shape) {
    DatasetInfo d;
    d.file = "/data/run.h5";
    d.dataset = path;
    d.shape = std::move(shape);
    d.dtype.cls = DType::Class::floating;
    d.dtype.bytes = 8;
    d.dtype.name = "float64";
    return d;
}

TEST(LineErrors, PlanFailsErrorsOfAnotherShapeAndReadsThemSliced) {
    Config config;
    config.base_dir = "/cfg";
    config.output.dir = "/out";
    config.plots = {rule_of("line", "yerr: [err, /other/hi]", "/probe/v")};
    Catalog cat;
    cat.datasets = {dataset("/probe/v", {6}), dataset("/probe/err", {5}),
                    dataset("/other/hi", {6})};
    const Plan plan = make_plan(config, cat);
    ASSERT_EQ(plan.tasks.size(), 1U);
    EXPECT_EQ(plan.tasks[0].job.error,
              "yerr[0] dataset '/probe/err' has shape 5 but the data has 6: yerr[0] needs the "
              "data's shape");

    cat.datasets[1].shape = {6};
    const Plan good = make_plan(config, cat);
    ASSERT_EQ(good.tasks.size(), 1U);
    EXPECT_EQ(good.tasks[0].job.error, "");
    ASSERT_EQ(good.tasks[0].read.companions.size(), 2U);
    EXPECT_EQ(good.tasks[0].read.companions[0].role, "yerr[0]");
    EXPECT_EQ(good.tasks[0].read.companions[0].dataset, "/probe/err");
    EXPECT_EQ(good.tasks[0].read.companions[1].dataset, "/other/hi");
}

}  // namespace
}  // namespace plotcluster
