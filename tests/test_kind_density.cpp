// kind: density (src/figure/kinds/density.cpp): bins against hand counts, the norms, weights,
// the streamed passes against the whole read, its keys and its messages.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "plotcluster/canvas/font.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/render/renderer.hpp"
#include "support/memory_source.hpp"
#include "support/kind_fixture.hpp"
#include "support/rules.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
using Shape = std::vector<std::uint64_t>;

PlotTask task() {
    return test::kind_task("density", "/data/run_0001.h5", "/p/pos",
                           {"pos (run_0001)", "pos (column 0)", "pos (column 1)"});
}

FigureConfig style() { return test::kind_style(); }

// N×2 positions (x0, y0, x1, y1, ...) drawn by a density rule with `options`.
Figure positions(const std::vector<double>& xy, std::string_view options = "") {
    PlotData data;
    data.series.push_back({"/p/pos", Array{{xy.size() / 2, 2}, xy}});
    return build_figure(task(), test::rule_of("density", options), std::move(data), style());
}

const ImageLayer& image(const Figure& f) {
    const auto* im = find_layer<ImageLayer>(f.panels.at(0));
    EXPECT_NE(im, nullptr);
    return *im;
}

std::string error_of(const std::function<void()>& build) {
    try {
        build();
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "";
}

// Bins hold their lower edges, the last one its upper edge too (numpy's histogram2d);
// particles outside the range are not counted. Row 0 is the lowest y.
TEST(Density, BinsCountAsByHand) {
    const std::vector<double> xy = {0.5, 0.5, 0.5, 0.6, 1.5, 0.5, 1.9,
                                    1.9, 2.0, 2.0, 3.0, 1.0, 1.0, 1.0};
    const Figure f = positions(xy, "bins: [2, 2], range: [0, 2, 0, 2]");
    const ImageLayer& im = image(f);
    ASSERT_EQ(im.cols, 2U);
    ASSERT_EQ(im.rows, 2U);
    // (1, 1) is the lower edge of the top-right bin.
    EXPECT_EQ(im.values, (std::vector<double>{2, 1, 0, 3}));
    ASSERT_TRUE(im.extent);
    EXPECT_EQ(im.extent->x_lo, 0);
    EXPECT_EQ(im.extent->x_hi, 2);
    EXPECT_EQ(im.extent->y_lo, 0);
    EXPECT_EQ(im.extent->y_hi, 2);
    EXPECT_TRUE(im.origin_lower);
    EXPECT_EQ(im.norm, Scale::linear);
    EXPECT_EQ(im.vmin, 0);  // empty bins at the bottom of the map, as hist2d
    EXPECT_EQ(im.vmax, 3);
    const Panel& p = f.panels.at(0);
    ASSERT_TRUE(p.colorbar);
    EXPECT_EQ(p.colorbar->label, "count");
    EXPECT_EQ(p.x.lo, 0);
    EXPECT_EQ(p.x.hi, 2);
    EXPECT_EQ(p.x.label, "pos (column 0)");
    EXPECT_EQ(f.ignored, 0U);
}

// Without `range`: the positions' own; one number of bins is both; NaN/Inf particles are
// left out and counted as ignored.
TEST(Density, RangeOfThePositionsAndIgnored) {
    const std::vector<double> xy = {-1, 10, 3, 20, 1, 15, nan, 1, 2, inf};
    const Figure f = positions(xy, "bins: 4");
    const ImageLayer& im = image(f);
    EXPECT_EQ(im.cols, 4U);
    EXPECT_EQ(im.rows, 4U);
    EXPECT_EQ(im.extent->x_lo, -1);
    EXPECT_EQ(im.extent->x_hi, 3);
    EXPECT_EQ(im.extent->y_lo, 10);
    EXPECT_EQ(im.extent->y_hi, 20);
    // x: -1 -> col 0, 3 -> col 3, 1 -> col 2; y: 10 -> row 0, 20 -> row 3, 15 -> row 2.
    std::vector<double> want(16, 0);
    want[0 * 4 + 0] = 1;
    want[3 * 4 + 3] = 1;
    want[2 * 4 + 2] = 1;
    EXPECT_EQ(im.values, want);
    EXPECT_EQ(f.ignored, 2U);
}

// Without `bins`: about one bin per pixel of the axes, from the figure's size.
TEST(Density, DefaultBinsFollowTheFigure) {
    const Figure f = positions({0, 0, 1, 1});
    const ImageLayer& im = image(f);
    EXPECT_EQ(im.cols, 477U);  // ceil(0.87 * 640 - 0.8 * 100)
    EXPECT_EQ(im.rows, 390U);  // 480 - 0.9 * 100
}

TEST(Density, LogNormLeavesEmptyBinsBad) {
    const std::vector<double> xy = {0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 1.9, 1.9};
    const Figure f = positions(xy, "bins: 2, range: [0, 2, 0, 2], norm: log");
    const ImageLayer& im = image(f);
    EXPECT_EQ(im.norm, Scale::log);  // 0 is drawn as bad_color
    EXPECT_EQ(im.values, (std::vector<double>{3, 0, 0, 1}));
    EXPECT_EQ(im.vmin, 1);
    EXPECT_EQ(im.vmax, 3);
    EXPECT_EQ(f.panels[0].colorbar->scale, Scale::log);
}

// eq_hist: each nonzero bin at the rank of its count among the nonzero bins' (datashader's
// eq_hist), 0 for the smallest and 1 for the largest; empty bins NaN; ticks name counts.
TEST(Density, EqHistRanksTheCounts) {
    // Counts 1, 1, 2, 5 in four of nine bins.
    std::vector<double> xy = {0.5, 0.5, 1.5, 0.5};
    for (int k = 0; k < 2; ++k) xy.insert(xy.end(), {2.5, 0.5});
    for (int k = 0; k < 5; ++k) xy.insert(xy.end(), {2.5, 2.5});
    const Figure f = positions(xy, "bins: 3, range: [0, 3, 0, 3], norm: eq_hist");
    const ImageLayer& im = image(f);
    ASSERT_EQ(im.values.size(), 9U);
    EXPECT_EQ(im.values[0], 0);    // 1: the lowest
    EXPECT_EQ(im.values[1], 0);    // 1
    EXPECT_EQ(im.values[2], 0.5);  // 2: 3 of 4 bins at most it, (3 - 2) / (4 - 2)
    EXPECT_EQ(im.values[8], 1);    // 5: the highest
    for (const std::size_t k : {3, 4, 5, 6, 7}) EXPECT_TRUE(std::isnan(im.values[k])) << k;
    EXPECT_EQ(im.norm, Scale::linear);
    EXPECT_EQ(im.vmin, 0);
    EXPECT_EQ(im.vmax, 1);
    EXPECT_EQ(f.vmin, 1);  // the row records the counts
    EXPECT_EQ(f.vmax, 5);
    const Colorbar& cb = *f.panels[0].colorbar;
    ASSERT_FALSE(cb.tick_values.empty());
    ASSERT_EQ(cb.tick_values.size(), cb.tick_labels.size());
    EXPECT_EQ(cb.tick_values.front(), 0);
    EXPECT_EQ(cb.tick_labels.front(), "1");
    EXPECT_EQ(cb.tick_values.back(), 1);
    EXPECT_EQ(cb.tick_labels.back(), "5");
    for (std::size_t k = 1; k < cb.tick_values.size(); ++k)
        EXPECT_GT(cb.tick_values[k], cb.tick_values[k - 1]);
}

// 1-D x with a `y` dataset and `weights`: the weights are summed, a NaN weight leaves its
// particle out; with `x` the data is y.
TEST(Density, WeightsAndCompanionCoordinates) {
    PlotTask t = task();
    t.read.dataset = "/p/x";
    t.read.companions = {{"y", "/p/y", false}, {"weights", "/p/mass", false}};
    PlotData data;
    data.series.push_back({"/p/x", Array{{4}, {0.5, 1.5, 1.5, 0.5}}});
    data.companions.push_back({"y", "/p/y", Array{{4}, {0.5, 0.5, 1.5, 0.5}}});
    data.companions.push_back({"weights", "/p/mass", Array{{4}, {2.5, 1, 4, nan}}});
    const Figure f = build_figure(
        t, test::rule_of("density", "y: y, weights: mass, bins: 2, range: [0, 2, 0, 2]"), data,
        style());
    EXPECT_EQ(image(f).values, (std::vector<double>{2.5, 1, 0, 4}));
    EXPECT_EQ(f.panels[0].colorbar->label, "sum of mass");
    EXPECT_EQ(f.ignored, 1U);

    PlotData with_x;
    with_x.series.push_back({"/p/y", Array{{2}, {0.5, 1.5}}});  // y
    with_x.x = Array{{2}, {1.5, 1.5}};
    t.read.companions = {{"x", "/p/x", false}};
    const Figure g = build_figure(t, test::rule_of("density", "x: x, bins: 2, range: [0, 2, 0, 2]"),
                                  with_x, style());
    EXPECT_EQ(image(g).values, (std::vector<double>{0, 1, 0, 1}));
}

// What the renderer streams for data too large to read whole: chunks of `chunk` values,
// counting the passes.
ValuePass chunked(const std::vector<double>& values, std::size_t chunk, int* passes) {
    return [&values, chunk, passes](const std::function<void(std::span<const double>)>& consume) {
        ++*passes;
        for (std::size_t i = 0; i < values.size(); i += chunk) {
            consume(std::span<const double>(values).subspan(i, std::min(chunk, values.size() - i)));
        }
    };
}

// Streamed in chunks (odd ones too, which split a particle) it is the whole read's figure:
// two passes without `range`, one with.
TEST(Density, StreamedIsTheWholeRead) {
    std::mt19937_64 gen(17);
    std::normal_distribution<double> normal(0, 1);
    std::vector<double> xy(10000);  // 5000 particles
    for (double& v : xy) v = normal(gen);
    xy[10] = nan;
    PlotTask t = task();
    for (const std::string options : {"bins: [37, 23]", "norm: log", "norm: eq_hist, bins: 50",
                                      "bins: 20, range: [-1, 1, -2, 2]"}) {
        SCOPED_TRACE(options);
        const PlotRule rule = test::rule_of("density", options);
        const Figure whole = positions(xy, options);
        for (const std::size_t chunk : {std::size_t{7}, std::size_t{1024}, xy.size()}) {
            int passes = 0;
            const Figure streamed =
                build_streamed_figure(t, rule, chunked(xy, chunk, &passes), style());
            const ImageLayer& a = image(whole);
            const ImageLayer& b = image(streamed);
            ASSERT_EQ(a.values.size(), b.values.size());
            for (std::size_t k = 0; k < a.values.size(); ++k) {
                if (std::isnan(a.values[k]))
                    EXPECT_TRUE(std::isnan(b.values[k]));
                else
                    EXPECT_EQ(a.values[k], b.values[k]) << k;
            }
            EXPECT_EQ(a.extent->x_lo, b.extent->x_lo);
            EXPECT_EQ(a.extent->y_hi, b.extent->y_hi);
            EXPECT_EQ(a.vmin, b.vmin);
            EXPECT_EQ(a.vmax, b.vmax);
            EXPECT_EQ(whole.ignored, streamed.ignored);
            EXPECT_EQ(whole.panels[0].colorbar->tick_labels,
                      streamed.panels[0].colorbar->tick_labels);
            EXPECT_EQ(passes, options.find("range") == std::string::npos ? 2 : 1);
        }
    }
}

TEST(Density, BadDataIsAClearError) {
    const std::string all_nan = error_of([] { positions({nan, 1, 2, nan, inf, 0}); });
    EXPECT_NE(all_nan.find("no finite particle positions in '/p/pos' (3 particles"),
              std::string::npos)
        << all_nan;
    int passes = 0;
    const std::vector<double> nans = {nan, nan, nan, nan};
    const std::string streamed = error_of([&] {
        build_streamed_figure(task(), test::rule_of("density"), chunked(nans, 3, &passes), style());
    });
    EXPECT_NE(streamed.find("no finite particle positions in '/p/pos'"), std::string::npos)
        << streamed;

    const std::string shape = error_of([] {
        PlotData data;
        data.series.push_back({"/p/pos", Array{{4, 3}, std::vector<double>(12, 1.0)}});
        build_figure(task(), test::rule_of("density"), std::move(data), style());
    });
    EXPECT_NE(shape.find("a density plot needs an N×2 dataset of (x, y) positions (or 1-D data "
                         "with `x` or `y`); "
                         "'/p/pos' has shape 4×3"),
              std::string::npos)
        << shape;

    const std::string outside = error_of([] { positions({5, 5, 6, 6}, "range: [0, 1, 0, 1]"); });
    EXPECT_NE(
        outside.find("none of the 2 particles of '/p/pos' lies inside the range [0, 1] × [0, 1]"),
        std::string::npos)
        << outside;
}

DatasetInfo dataset(const std::string& path, Shape shape) {
    DatasetInfo d;
    d.file = "/data/run_0001.h5";
    d.dataset = path;
    d.shape = std::move(shape);
    d.dtype.cls = DType::Class::floating;
    d.dtype.bytes = 8;
    d.dtype.name = "float64";
    return d;
}

// The plan fails the row before anything is read: data that is neither N×2 nor 1-D with
// `x`/`y`, and weights that are not one per particle.
PlotTask planned(std::string_view options, Shape data, Shape weights = {100}) {
    Catalog cat;
    cat.datasets = {dataset("/p/pos", std::move(data)), dataset("/p/mass", std::move(weights)),
                    dataset("/p/y", {100})};
    Config c;
    c.base_dir = "/cfg";
    c.output.dir = "/out";
    c.plots = {test::rule_of("density", options, "/p/pos")};
    const Plan plan = make_plan(c, cat);
    EXPECT_EQ(plan.tasks.size(), 1U);
    return plan.tasks.at(0);
}

TEST(Density, PlanChecksShapesAndWeights) {
    EXPECT_EQ(planned("weights: mass", {100, 2}).job.error, "");
    const PlotTask ok = planned("weights: mass", {100, 2});
    ASSERT_EQ(ok.read.companions.size(), 1U);
    EXPECT_EQ(ok.read.companions[0].dataset, "/p/mass");
    const std::string rows = planned("weights: mass", {100, 2}, {99}).job.error;
    EXPECT_NE(rows.find("weights dataset '/p/mass' has 99 values but the data has 100 rows"),
              std::string::npos)
        << rows;
    const std::string three = planned("", {100, 3}).job.error;
    EXPECT_NE(three.find("density plot needs N×2 data (x, y columns)"), std::string::npos) << three;
    EXPECT_NE(three.find("has 3 columns (or give the rule an `x` or `y` dataset)"),
              std::string::npos)
        << three;
    const std::string one = planned("", {100}).job.error;
    EXPECT_NE(one.find("density plot needs N×2 data"), std::string::npos) << one;
    EXPECT_EQ(planned("y: y", {100}).job.error, "");
    const std::string two = planned("y: y", {100, 2}).job.error;
    EXPECT_NE(two.find("density plot with `y` needs 1-D data (its x)"), std::string::npos) << two;
}

std::string config_error(std::string_view options) {
    return test::config_error_of("density", options);
}

TEST(Density, Keys) {
    EXPECT_EQ(config_error("bins: [10, 20], norm: eq_hist, weights: mass, y: y, colormap: magma"),
              "");
    EXPECT_EQ(config_error("bins: auto"), "");
    EXPECT_NE(config_error("bins: [1, 2, 3]").find("bins"), std::string::npos);
    EXPECT_NE(config_error("bins: 2.5").find("whole numbers"), std::string::npos);
    EXPECT_NE(config_error("bins: 0").find("bins"), std::string::npos);
    EXPECT_NE(config_error("x: a, y: b").find("not both"), std::string::npos);
    EXPECT_NE(config_error("range: [1, 0, 0, 1]").find("x_lo < x_hi"), std::string::npos);
    EXPECT_NE(config_error("range: [0, 1]").find("range"), std::string::npos);
    EXPECT_NE(config_error("norm: sqrt").find("norm"), std::string::npos);
    EXPECT_NE(config_error("limits: shared").find("not shared or rule"), std::string::npos);
    EXPECT_NE(config_error("norm: eq_hist, limits: [0, 5]").find("rank"), std::string::npos);
    EXPECT_EQ(config_error("norm: log, limits: [1, 5]"), "");
    EXPECT_NE(config_error("xscale: log").find("density axes are linear"), std::string::npos);
    EXPECT_NE(config_error("x_limits: [0, 1]").find("range"), std::string::npos);
    EXPECT_NE(config_error("weights: '/p/*'").find("not a pattern"), std::string::npos);
    const auto values = test::option_values(test::rule_of("density", "y: t, bins: 7"));
    EXPECT_EQ(values.at("coordinate_is"), "1");
}

// Through the renderer: an N×2 dataset above the streaming size is counted in chunks and
// draws the bytes the whole read draws; all-NaN particles are a failed row saying so.
class DensityRendered : public test::ScratchDirTest {};

TEST_F(DensityRendered, StreamedRowIsTheWholeRow) {
    const std::string file = path("in.h5");
    test::MemorySource memory;
    std::mt19937_64 gen(3);
    std::normal_distribution<double> normal(0, 1);
    std::vector<double> xy(600);
    for (double& v : xy) v = normal(gen);
    memory.add(file, "/p/pos", {300, 2}, xy);
    memory.add(file, "/p/bad", {4, 2}, std::vector<double>(8, nan));
    const auto config = [&](const std::string& out) {
        const std::string yaml =
            "input:\n  files: [\"in.h5\"]\noutput:\n  dir: " + path(out) +
            "\n  formats: [png]\n  gallery: false\nfigure: {width: 320, height: 240}\n"
            "plots:\n  - {match: \"/p/*\", kind: density, norm: log}\n";
        return parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    };
    const Config whole_cfg = config("whole"), streamed_cfg = config("streamed");
    const Plan plan = make_plan(whole_cfg, memory.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 2U);
    const FontChoice font = choose_font(whole_cfg.figure.font);
    Renderer whole(whole_cfg, font, 0, std::make_unique<test::MemorySource>(memory));
    // Above 100 values the dataset streams, 37 values (18 particles and a half) a read.
    auto streamed_source = std::make_unique<test::MemorySource>(memory);
    const test::MemorySource* reads = streamed_source.get();
    Renderer streamed(streamed_cfg, font, 0, std::move(streamed_source), StreamSizes{100, 37});
    for (const PlotTask& t : plan.tasks) {
        SCOPED_TRACE(t.read.dataset);
        const PlotRecord a = whole.render(t);
        const std::uint64_t before = reads->reads();
        const PlotRecord b = streamed.render(t);
        if (t.read.dataset == "/p/bad") {
            EXPECT_EQ(a.status, PlotStatus::failed);
            EXPECT_EQ(b.status, PlotStatus::failed);
            EXPECT_NE(a.error.value_or("").find("no finite particle positions in '/p/bad'"),
                      std::string::npos);
            EXPECT_EQ(a.error, b.error);
            continue;
        }
        ASSERT_EQ(a.status, PlotStatus::ok) << a.error.value_or("");
        ASSERT_EQ(b.status, PlotStatus::ok) << b.error.value_or("");
        ASSERT_EQ(a.outputs.size(), 1U);
        ASSERT_EQ(b.outputs.size(), 1U);
        EXPECT_EQ(reads->reads() - before, 2U);  // streamed: a pass for the range, one to count
        EXPECT_EQ(a.outputs[0].sha256, b.outputs[0].sha256);
        EXPECT_EQ(a.vmin, b.vmin);
        EXPECT_EQ(a.vmax, b.vmax);
    }
}

}  // namespace
}  // namespace plotcluster
