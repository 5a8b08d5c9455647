// kind: density (src/figure/kinds/density.cpp): bins against hand counts, the norms, weights,
// the streamed passes against the whole read, its keys and its messages.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
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
#include "plotcluster/hdf5/reader.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/render/renderer.hpp"
#include "figure/kinds/density_grid.hpp"
#include "support/memory_source.hpp"
#include "support/h5_writer.hpp"
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

// From HDF5 files: native doubles stored contiguously are counted from the file's pages
// in place (the data and its companions), big-endian ones through HDF5's conversion; the
// same particles draw the same bytes either way, and the bytes of the whole read.
TEST_F(DensityRendered, MappedAndHdf5ReadDrawTheSame) {
    std::mt19937_64 gen(5);
    std::normal_distribution<double> normal(0, 1);
    std::vector<double> xy(2000);
    for (double& v : xy) v = normal(gen);
    xy[101] = nan;
    std::vector<double> x, y, mass;
    for (std::size_t k = 0; k < 1000; ++k) {
        x.push_back(xy[2 * k]);
        y.push_back(xy[2 * k + 1]);
        mass.push_back(1 + 0.25 * normal(gen));
    }
    {
        test::H5Writer native(path("native.h5")), swapped(path("swapped.h5"));
        native.write("/p/pos", {1000, 2}, xy);
        swapped.write_f64_be("/p/pos", {1000, 2}, xy);
        for (const auto& [name, v] : {std::pair{"/q/x", &x}, {"/q/y", &y}, {"/q/m", &mass}}) {
            native.write(name, {1000}, *v);
            swapped.write_f64_be(name, {1000}, *v);
        }
        native.close();
        swapped.close();
    }
    // Two passes without a range, one with; N×2 positions alone, and 1-D x with its y
    // and weights streamed in step.
    for (const std::string options :
         {"match: /p/pos, norm: log", "match: /p/pos, range: [-1, 1, -2, 2], bins: 33",
          "match: /q/x, y: /q/y, weights: /q/m", "match: /q/x, y: /q/y, range: [-1, 1, -2, 2]"}) {
        std::vector<std::string> drawn;
        for (const std::string file : {"native.h5", "swapped.h5"}) {
            SCOPED_TRACE(options + " " + file);
            const auto config = [&](const std::string& out) {
                const std::string yaml =
                    "input:\n  files: [\"" + file + "\"]\noutput:\n  dir: " + path(out) +
                    "\n  formats: [png]\n  gallery: false\nfigure: {width: 320, height: 240}\n"
                    "plots:\n  - {kind: density, title: t, " + options + "}\n";
                return parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
            };
            const Config whole_cfg = config("whole"), streamed_cfg = config("streamed");
            Reader reader(0);
            const Plan plan = make_plan(whole_cfg, reader.catalog({path(file)}));
            ASSERT_EQ(plan.tasks.size(), 1U);
            const FontChoice font = choose_font(whole_cfg.figure.font);
            const PlotRecord a = Renderer(whole_cfg, font, 0).render(plan.tasks[0]);
            const PlotRecord b = Renderer(streamed_cfg, font, 0, nullptr, StreamSizes{100, 74})
                                     .render(plan.tasks[0]);
            ASSERT_EQ(a.status, PlotStatus::ok) << a.error.value_or("");
            ASSERT_EQ(b.status, PlotStatus::ok) << b.error.value_or("");
            EXPECT_EQ(a.outputs.at(0).sha256, b.outputs.at(0).sha256);
            drawn.push_back(b.outputs.at(0).sha256);
        }
        EXPECT_EQ(drawn.at(0), drawn.at(1)) << options;
    }
}

// A straightforward 2-D histogram, as numpy's histogram2d counts: particles with a NaN/Inf
// coordinate or weight are skipped, so are those outside [x0, x1] × [y0, y1]; a bin holds
// its lower edge, the last one its upper edge too. Without a range, the finite particles'.
struct Reference {
    std::vector<double> sums;
    double x0, x1, y0, y1;
};
Reference reference(const std::vector<double>& x, const std::vector<double>& y,
                    const std::vector<double>& w, std::size_t nx, std::size_t ny,
                    std::vector<double> range = {}) {
    const auto finite = [&](std::size_t k) {
        return std::isfinite(x[k]) && std::isfinite(y[k]) && (w.empty() || std::isfinite(w[k]));
    };
    if (range.empty()) {
        range = {inf, -inf, inf, -inf};
        for (std::size_t k = 0; k < x.size(); ++k) {
            if (!finite(k)) continue;
            range[0] = std::min(range[0], x[k]);
            range[1] = std::max(range[1], x[k]);
            range[2] = std::min(range[2], y[k]);
            range[3] = std::max(range[3], y[k]);
        }
    }
    Reference r{std::vector<double>(nx * ny, 0), range[0], range[1], range[2], range[3]};
    for (std::size_t k = 0; k < x.size(); ++k) {
        if (!finite(k) || x[k] < r.x0 || x[k] > r.x1 || y[k] < r.y0 || y[k] > r.y1) continue;
        const auto i =
            std::min(static_cast<std::size_t>((x[k] - r.x0) * (nx / (r.x1 - r.x0))), nx - 1);
        const auto j =
            std::min(static_cast<std::size_t>((y[k] - r.y0) * (ny / (r.y1 - r.y0))), ny - 1);
        r.sums[j * nx + i] += w.empty() ? 1.0 : w[k];
    }
    return r;
}

// Particles around 0 with rows a density plot skips (NaN, Inf, a NaN weight) and some
// exactly on the edges of [-2, 2] × [-2, 2] (those of them that n holds: n >= 16).
struct Cloud {
    std::vector<double> x, y, w;
    std::vector<double> xy() const {
        std::vector<double> v;
        for (std::size_t k = 0; k < x.size(); ++k) v.insert(v.end(), {x[k], y[k]});
        return v;
    }
};
Cloud cloud(std::size_t n) {
    std::mt19937_64 gen(29);
    std::normal_distribution<double> normal(0, 1);
    Cloud c;
    for (std::size_t k = 0; k < n; ++k) {
        c.x.push_back(normal(gen));
        c.y.push_back(normal(gen));
        c.w.push_back(1 + normal(gen) * 0.25);
    }
    for (const std::size_t k : {3, 400, 401, 1999})  // the last edge
        if (k < n) c.x[k] = c.y[k] = 2;
    for (const std::size_t k : {5, 800})  // the first
        if (k < n) c.x[k] = c.y[k] = -2;
    c.x[11] = nan;
    c.y[12] = inf;
    c.x[13] = -inf;
    c.w[14] = nan;
    c.x[15] = 2;
    c.y[15] = 5;  // inside x only
    return c;
}

// Rows of each column streamed `rows` at a time, as the renderer's row pass hands them.
RowPass rows_of(std::vector<std::vector<double>> columns, std::vector<std::size_t> per_row,
                std::size_t rows, int* passes) {
    RowPass pass;
    for (const auto& c : columns) pass.lengths.push_back(c.size());
    pass.run = [columns = std::move(columns), per_row = std::move(per_row), rows,
                passes](const std::function<void(RowChunk)>& consume) {
        ++*passes;
        const std::size_t total = columns[0].size() / per_row[0];
        std::vector<std::span<const double>> chunk(columns.size());
        for (std::size_t first = 0; first < total; first += rows) {
            const std::size_t n = std::min(rows, total - first);
            for (std::size_t k = 0; k < columns.size(); ++k)
                chunk[k] =
                    std::span<const double>(columns[k]).subspan(first * per_row[k], n * per_row[k]);
            consume(chunk);
        }
    };
    return pass;
}

// Streamed in step with their companions, N×2 positions with weights and 1-D x with `y`
// (and weights) count exactly what the reference counts, over several chunks, with and
// without `range`, in one pass with `range` and two without.
TEST(Density, StreamedRowsAreTheReferenceHistogram) {
    const Cloud c = cloud(2000);
    for (const std::string range : {"", ", range: [-2, 2, -2, 2]"}) {
        for (const int layout : {0, 1, 2, 3}) {  // N×2, N×2 + weights, x + y, x + y + weights
            SCOPED_TRACE(range + " layout " + std::to_string(layout));
            const bool weighted = layout == 1 || layout == 3;
            PlotTask t = task();
            std::string options = "bins: [17, 11]" + range;
            std::vector<std::vector<double>> columns;
            std::vector<std::size_t> per_row;
            if (layout < 2) {
                columns = {c.xy()};
                per_row = {2};
            } else {
                t.read.dataset = "/p/x";
                t.read.companions = {{"y", "/p/y", false}};
                options += ", y: y";
                columns = {c.x, c.y};
                per_row = {1, 1};
            }
            if (weighted) {
                t.read.companions.push_back({"weights", "/p/mass", false});
                options += ", weights: mass";
                columns.push_back(c.w);
                per_row.push_back(1);
            }
            const Reference want = reference(
                c.x, c.y, weighted ? c.w : std::vector<double>{}, 17, 11,
                range.empty() ? std::vector<double>{} : std::vector<double>{-2, 2, -2, 2});
            const PlotRule rule = test::rule_of("density", options);
            for (const std::size_t rows : {std::size_t{1}, std::size_t{333}, std::size_t{5000}}) {
                int passes = 0;
                const Figure f =
                    build_rows_figure(t, rule, rows_of(columns, per_row, rows, &passes), style());
                const ImageLayer& im = image(f);
                ASSERT_EQ(im.values.size(), want.sums.size());
                for (std::size_t k = 0; k < want.sums.size(); ++k) {
                    if (weighted)
                        EXPECT_NEAR(im.values[k], want.sums[k], 1e-9) << k;
                    else
                        EXPECT_EQ(im.values[k], want.sums[k]) << k;
                }
                EXPECT_EQ(im.extent->x_lo, want.x0);
                EXPECT_EQ(im.extent->x_hi, want.x1);
                EXPECT_EQ(im.extent->y_lo, want.y0);
                EXPECT_EQ(im.extent->y_hi, want.y1);
                EXPECT_EQ(f.ignored, weighted ? 4U : 3U);
                EXPECT_EQ(passes, range.empty() ? 2 : 1);
                // On the last edge: the four particles at (2, 2) in the last bin; without
                // `range`, the largest x and y in the last column and row.
                if (!range.empty()) EXPECT_GE(im.values.back(), weighted ? 2.0 : 4.0);
                double last_column = 0, last_row = 0;
                for (std::size_t j = 0; j < 11; ++j)
                    last_column += im.values[j * 17 + 16] != 0 ? 1 : 0;
                // Row 10 of 11 starts at 10 × 17 = 170.
                for (std::size_t i = 0; i < 17; ++i)
                    last_row += im.values[std::size_t{170} + i] != 0 ? 1 : 0;
                EXPECT_GE(last_column, 1);
                EXPECT_GE(last_row, 1);
            }
        }
    }
}

// The streamed N×2 values (no companions) count what the reference counts too.
TEST(Density, StreamedPairsAreTheReferenceHistogram) {
    const Cloud c = cloud(2000);
    const std::vector<double> xy = c.xy();
    for (const std::string range : {"", ", range: [-2, 2, -2, 2]"}) {
        SCOPED_TRACE(range);
        const Reference want =
            reference(c.x, c.y, {}, 9, 13,
                      range.empty() ? std::vector<double>{} : std::vector<double>{-2, 2, -2, 2});
        int passes = 0;
        const Figure f =
            build_streamed_figure(task(), test::rule_of("density", "bins: [9, 13]" + range),
                                  chunked(xy, 501, &passes), style());
        EXPECT_EQ(image(f).values, want.sums);
        EXPECT_EQ(f.ignored, 3U);
    }
}

// Each path through the particles (one, two or four a step; the widest the CPU has is the
// one used) finds the same extremes and counts and sums the same bins, bit for bit:
// pairs and columns, with and without weights, runs of every length around the vector
// widths and the blocks, NaN/Inf particles, ±0 and particles on the last edges.
TEST(Density, SimdPathsAgree) {
    using density::Simd;
    Cloud c = cloud(2000);
    c.x[20] = -0.0;
    c.x[21] = 0.0;
    c.y[1500] = nan;
    std::vector<Simd> paths = {Simd::scalar};
#if defined(__SSE2__)
    paths.push_back(Simd::sse2);
#endif
    if (density::best_simd() == Simd::avx2) paths.push_back(Simd::avx2);
    if (paths.size() == 1) GTEST_SKIP() << "only the scalar path on this CPU";
    const std::vector<double> xy = c.xy();
    struct Result {
        std::uint64_t count, ignored, finite, binned;
        std::vector<double> extremes, sums;
    };
    // The particles [first, first + n) at each run length, pairs (layout 0) or columns (1),
    // weighted or not; with a range of their own (-0 on the first edge) and of the data.
    const auto run = [&](Simd simd, int layout, bool weighted, std::size_t first, std::size_t n,
                         std::size_t step, bool own_range) {
        density::Bounds b;
        b.simd = simd;
        const auto part = [&](std::size_t at, std::size_t m) {
            const double* w = weighted ? c.w.data() + at : nullptr;
            return layout == 0 ? density::Particles::pairs(
                                     std::span<const double>(xy).subspan(2 * at, 2 * m), w)
                               : density::Particles::columns(
                                     std::span<const double>(c.x).subspan(at, m),
                                     std::span<const double>(c.y).subspan(at, m), w);
        };
        for (std::size_t at = first; at < first + n; at += step)
            b.add(part(at, std::min(step, first + n - at)));
        const Range x = own_range ? Range{-0.0, 2} : Range{b.x.lo, b.x.hi};
        const Range y = own_range ? Range{-2, 2} : Range{b.y.lo, b.y.hi};
        density::Grid g(23, 19, x, y, simd);
        std::uint64_t finite = 0;
        for (std::size_t at = first; at < first + n; at += step)
            finite += g.add(part(at, std::min(step, first + n - at)));
        const std::uint64_t binned = g.binned();
        return Result{b.count,  b.ignored, finite, binned, {b.x.lo, b.x.hi, b.y.lo, b.y.hi},
                      g.take_sums()};
    };
    const auto bits = [](const std::vector<double>& v) {
        std::vector<std::uint64_t> out(v.size());
        for (std::size_t k = 0; k < v.size(); ++k) out[k] = std::bit_cast<std::uint64_t>(v[k]);
        return out;
    };
    for (const int layout : {0, 1}) {
        for (const bool weighted : {false, true}) {
            for (const std::size_t n : {1, 2, 3, 4, 5, 7, 8, 9, 511, 512, 513, 1029, 1998}) {
                for (const std::size_t step : {std::size_t{3}, std::size_t{600}, n}) {
                    for (const bool own_range : {false, true}) {
                        SCOPED_TRACE("layout " + std::to_string(layout) + " weighted " +
                                     std::to_string(weighted) + " n " + std::to_string(n) +
                                     " step " + std::to_string(step) + " own range " +
                                     std::to_string(own_range));
                        const std::size_t first = n == 1998 ? 2 : 10;  // past the NaN/Inf
                        const Result want =
                            run(paths[0], layout, weighted, first, n, step, own_range);
                        for (std::size_t k = 1; k < paths.size(); ++k) {
                            const Result got =
                                run(paths[k], layout, weighted, first, n, step, own_range);
                            EXPECT_EQ(got.count, want.count) << k;
                            EXPECT_EQ(got.ignored, want.ignored) << k;
                            EXPECT_EQ(got.finite, want.finite) << k;
                            EXPECT_EQ(got.binned, want.binned) << k;
                            EXPECT_EQ(bits(got.extremes), bits(want.extremes)) << k;
                            EXPECT_EQ(bits(got.sums), bits(want.sums)) << k;
                        }
                    }
                }
            }
        }
    }
}

// Companions of the wrong length and no finite particle are the whole read's messages.
TEST(Density, StreamedRowsErrors) {
    PlotTask t = task();
    t.read.dataset = "/p/x";
    t.read.companions = {{"y", "/p/y", false}, {"weights", "/p/mass", false}};
    const PlotRule rule = test::rule_of("density", "y: y, weights: mass");
    int passes = 0;
    const std::string short_y = error_of([&] {
        build_rows_figure(t, rule, rows_of({{1, 2, 3}, {1, 2}, {1, 1, 1}}, {1, 1, 1}, 2, &passes),
                          style());
    });
    EXPECT_EQ(short_y, "y dataset '/p/y' has 2 values but '/p/x' has 3");
    const std::string short_w = error_of([&] {
        build_rows_figure(t, rule, rows_of({{1, 2, 3}, {1, 2, 3}, {1, 1}}, {1, 1, 1}, 2, &passes),
                          style());
    });
    EXPECT_EQ(short_w, "weights dataset '/p/mass' has 2 values but '/p/x' has 3 particles");
    const std::string none = error_of([&] {
        build_rows_figure(t, rule,
                          rows_of({{1, 2, 3}, {1, nan, 3}, {nan, 1, nan}}, {1, 1, 1}, 2, &passes),
                          style());
    });
    EXPECT_NE(none.find("no finite particle positions in '/p/x' (3 particles, each with a NaN/Inf "
                        "coordinate or weight)"),
              std::string::npos)
        << none;
    EXPECT_EQ(passes, 1);  // the lengths are checked before any pass
}

// Through the renderer: with companions above the streaming size the rows stream (many
// small reads, each companion's rows beside the data's) and draw the whole read's bytes;
// all-NaN positions and a short `y` are failed rows saying so.
TEST_F(DensityRendered, StreamedCompanionsAreTheWholeRow) {
    const std::string file = path("in.h5");
    const Cloud c = cloud(300);
    test::MemorySource memory;
    memory.add(file, "/p/pos", {300, 2}, c.xy());
    memory.add(file, "/p/x", {300}, c.x);
    memory.add(file, "/p/y", {300}, c.y);
    memory.add(file, "/p/mass", {300}, c.w);
    memory.add(file, "/q/x", {300}, std::vector<double>(300, nan));
    memory.add(file, "/q/y", {300}, c.y);
    memory.add(file, "/r/x", {300}, c.x);
    memory.add(file, "/r/y", {299}, std::vector<double>(c.y.begin(), c.y.end() - 1));
    const auto config = [&](const std::string& out) {
        const std::string yaml =
            "input:\n  files: [\"in.h5\"]\noutput:\n  dir: " + path(out) +
            "\n  formats: [png]\n  gallery: false\nfigure: {width: 320, height: 240}\n"
            "plots:\n"
            "  - {match: /p/pos, kind: density, weights: /p/mass, norm: log}\n"
            "  - {match: /p/x, kind: density, y: /p/y, weights: /p/mass}\n"
            "  - {match: /p/y, kind: density, x: /p/x, range: [-2, 2, -2, 2]}\n"
            "  - {match: /q/x, kind: density, y: /q/y}\n"
            "  - {match: /r/x, kind: density, y: /r/y}\n";
        return parse_config(yaml, "test.yaml", dir_, kind_syntaxes());
    };
    const Config whole_cfg = config("whole"), streamed_cfg = config("streamed");
    const Plan plan = make_plan(whole_cfg, memory.catalog({file}));
    ASSERT_EQ(plan.tasks.size(), 5U);
    const FontChoice font = choose_font(whole_cfg.figure.font);
    Renderer whole(whole_cfg, font, 0, std::make_unique<test::MemorySource>(memory));
    auto streamed_source = std::make_unique<test::MemorySource>(memory);
    const test::MemorySource* reads = streamed_source.get();
    Renderer streamed(streamed_cfg, font, 0, std::move(streamed_source), StreamSizes{100, 37});
    for (const PlotTask& t : plan.tasks) {
        SCOPED_TRACE(t.read.dataset);
        const PlotRecord a = whole.render(t);
        const std::uint64_t before = reads->reads();
        const PlotRecord b = streamed.render(t);
        if (t.read.dataset.starts_with("/q") || t.read.dataset.starts_with("/r")) {
            EXPECT_EQ(a.status, PlotStatus::failed);
            EXPECT_EQ(b.status, PlotStatus::failed);
            EXPECT_EQ(a.error, b.error);
            const std::string want = t.read.dataset == "/q/x"
                                         ? "no finite particle positions in '/q/x' (300 particles"
                                         : "y dataset '/r/y' has 299 values but the data has 300";
            EXPECT_NE(b.error.value_or("").find(want), std::string::npos) << b.error.value_or("");
            continue;
        }
        ASSERT_EQ(a.status, PlotStatus::ok) << a.error.value_or("");
        ASSERT_EQ(b.status, PlotStatus::ok) << b.error.value_or("");
        EXPECT_GT(reads->reads() - before, 10U);  // chunk by chunk, not whole
        EXPECT_EQ(a.outputs.at(0).sha256, b.outputs.at(0).sha256);
        EXPECT_EQ(a.vmin, b.vmin);
        EXPECT_EQ(a.vmax, b.vmax);
    }
}

}  // namespace
}  // namespace plotcluster
