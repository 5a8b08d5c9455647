// The scatter kind: its options, its figure (markers, color_by's colours and colorbar),
// the manifest note for vector formats, and its failed rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/plan/plan.hpp"
#include "support/recording_canvas.hpp"
#include "support/kind_fixture.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
using Shape = std::vector<std::uint64_t>;
using test::rule_of;

Array array(Shape shape, std::vector<double> values) {
    return Array{std::move(shape), std::move(values)};
}

FigureConfig style() { return test::kind_style(); }

// A scatter of N×2 `xy` coloured by `by` (nothing: not coloured), with the rule's options.
Figure scatter(Array xy, std::optional<Array> by, std::string_view options = "",
               std::string by_units = "") {
    PlotTask t;
    t.read.file = "/data/run.h5";
    t.read.dataset = "/p/xy";
    t.draw.kind = "scatter";
    t.draw.title = "xy";
    PlotData data;
    data.series.push_back({"/p/xy", std::move(xy)});
    if (by) {
        t.read.companions = {{"color_by", "/p/mass"}};
        data.companions.push_back({"color_by", "/p/mass", std::move(*by), std::move(by_units)});
    }
    return build_figure(t, rule_of("scatter", options), std::move(data), style());
}

const MarkersLayer& markers(const Figure& f) {
    const MarkersLayer* m = find_layer<MarkersLayer>(f.panels.at(0));
    if (m == nullptr) throw std::logic_error("no markers layer");
    return *m;
}

std::string dataset_error(Array xy, std::optional<Array> by, std::string_view options = "") {
    try {
        scatter(std::move(xy), std::move(by), options);
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "";
}

std::string config_error(std::string_view options) {
    return test::config_error_of("scatter", options);
}

TEST(ScatterKind, PlainPointsHaveNoColourValuesAndNoColorbar) {
    const Figure f = scatter(array({3, 2}, {0, 1, 2, 3, 4, 5}), std::nullopt, "alpha: 0.3");
    const MarkersLayer& m = markers(f);
    EXPECT_EQ(m.x, (std::vector<double>{0, 2, 4}));
    EXPECT_EQ(m.y, (std::vector<double>{1, 3, 5}));
    EXPECT_TRUE(m.values.empty());
    EXPECT_EQ(m.colormap, nullptr);
    EXPECT_DOUBLE_EQ(m.color.a, 0.3);
    EXPECT_FALSE(f.panels[0].colorbar);
    EXPECT_TRUE(f.vector_notes.empty());
}

TEST(ScatterKind, ColorByColoursEachPointWithAColorbar) {
    const Figure f =
        scatter(array({3, 2}, {0, 1, 2, 3, 4, 5}), array({3}, {10, 20, 40}), "color_by: mass");
    const MarkersLayer& m = markers(f);
    EXPECT_EQ(m.values, (std::vector<double>{10, 20, 40}));
    ASSERT_NE(m.colormap, nullptr);
    EXPECT_EQ(m.colormap->name(), "viridis");  // the default, as heatmap's
    EXPECT_EQ(m.vmin, 10);
    EXPECT_EQ(m.vmax, 40);
    ASSERT_TRUE(f.panels[0].colorbar);
    const Colorbar& bar = *f.panels[0].colorbar;
    EXPECT_EQ(bar.label, "mass");  // the companion's name
    EXPECT_EQ(bar.vmin, 10);
    EXPECT_EQ(bar.vmax, 40);
    EXPECT_EQ(bar.colormap, m.colormap);
    EXPECT_EQ(f.ignored, 0U);

    const Figure magma = scatter(array({2, 2}, {0, 1, 2, 3}), array({2}, {1, 2}),
                                 "color_by: mass, colormap: magma_r");
    EXPECT_EQ(markers(magma).colormap->name(), "magma_r");
    // A constant colour gets a range around it, as a constant heatmap does.
    const Figure flat = scatter(array({2, 2}, {0, 1, 2, 3}), array({2}, {5, 5}), "color_by: mass");
    EXPECT_LT(markers(flat).vmin, 5);
    EXPECT_GT(markers(flat).vmax, 5);
}

// The colour dataset's `units` attribute (Companion::units) is the colorbar's "[kg]".
TEST(ScatterKind, ColorByColorbarLabelCarriesTheCompanionsUnits) {
    const Figure f =
        scatter(array({2, 2}, {0, 1, 2, 3}), array({2}, {1, 2}), "color_by: mass", "kg");
    ASSERT_TRUE(f.panels[0].colorbar);
    EXPECT_EQ(f.panels[0].colorbar->label, "mass [kg]");
    const Figure bare = scatter(array({2, 2}, {0, 1, 2, 3}), array({2}, {1, 2}), "color_by: mass");
    EXPECT_EQ(bare.panels[0].colorbar->label, "mass");
}

// A point whose colour value is NaN/Inf is left out (as a NaN coordinate is) and counted.
TEST(ScatterKind, PointsWithoutAColourValueAreLeftOut) {
    const Figure f = scatter(array({4, 2}, {0, 1, 2, 3, 4, 5, 100, nan}),
                             array({4}, {1, nan, 3, 1000}), "color_by: mass");
    const MarkersLayer& m = markers(f);
    EXPECT_TRUE(std::isnan(m.x[1]));
    EXPECT_EQ(m.vmin, 1);  // point 3 has no y: its value 1000 does not stretch the colours
    EXPECT_EQ(m.vmax, 3);
    EXPECT_EQ(f.ignored, 2U);          // the NaN y and the NaN colour
    EXPECT_LT(f.panels[0].x.hi, 100);  // the left-out point does not stretch the axis
}

// With `color`, such a point is drawn in it (matplotlib's colormap "bad" colour).
TEST(ScatterKind, ColorGivesPointsWithoutAValueTheirColour) {
    const Figure f = scatter(array({3, 2}, {0, 1, 2, 3, 4, 5}), array({3}, {1, nan, 3}),
                             "color_by: mass, color: red, alpha: 0.5");
    const MarkersLayer& m = markers(f);
    ASSERT_TRUE(m.bad);
    EXPECT_EQ(*m.bad, (Color{1, 0, 0, 0.5}));
    EXPECT_EQ(m.x[1], 2);
    EXPECT_EQ(f.ignored, 0U);
    test::RecordingCanvas canvas(640, 480);
    draw_figure(f, canvas);
    std::size_t red = 0;
    for (const auto& call : canvas.marker_calls) red += call.color == Color{1, 0, 0, 0.5} ? 1 : 0;
    EXPECT_EQ(red, 1U);
}

TEST(ScatterKind, AllNanColorByIsAFailedRow) {
    const std::string e =
        dataset_error(array({2, 2}, {0, 1, 2, 3}), array({2}, {nan, nan}), "color_by: mass");
    EXPECT_EQ(
        e,
        "color_by dataset '/p/mass' has no finite values at the plotted points (all NaN or Inf)");
    // Data of the wrong length reaching the figure (the file changed after planning).
    const std::string n =
        dataset_error(array({2, 2}, {0, 1, 2, 3}), array({3}, {1, 2, 3}), "color_by: mass");
    EXPECT_EQ(n, "color_by dataset '/p/mass' has 3 values but the plot has 2 points");
}

TEST(ScatterKind, ColorByKeys) {
    EXPECT_NE(config_error("color_by: '*'").find("must name one dataset, not a pattern"),
              std::string::npos);
    EXPECT_NE(config_error("colormap: magma").find("colours the points only with color_by"),
              std::string::npos);
    EXPECT_NE(config_error("color_by: m, colormap: no_such_map").find("no_such_map"),
              std::string::npos);
    EXPECT_EQ(config_error("color_by: m, colormap: plasma, alpha: 0.5"), "");
}

// The chart draws color_by's points through the colormap's 256 colours with the alpha,
// one colour per point, in order; a point without a value is not drawn.
TEST(ScatterKind, ChartDrawsEachPointInItsColour) {
    const Figure f = scatter(array({3, 2}, {0, 1, 2, 3, 4, 5}), array({3}, {10, nan, 40}),
                             "color_by: mass, alpha: 0.5");
    test::RecordingCanvas canvas(640, 480);
    draw_figure(f, canvas);
    std::vector<Color> drawn;
    for (const auto& call : canvas.marker_calls) {
        if (call.centres.size() == 1 && call.shape == MarkerShape::circle)
            drawn.push_back(call.color);
    }
    ASSERT_EQ(drawn.size(), 2U);
    const auto& lut = Colormap::find("viridis")->table();
    EXPECT_DOUBLE_EQ(drawn[0].r, lut.front().r / 255.0);
    EXPECT_DOUBLE_EQ(drawn[0].g, lut.front().g / 255.0);
    EXPECT_DOUBLE_EQ(drawn[1].g, lut.back().g / 255.0);
    EXPECT_DOUBLE_EQ(drawn[1].a, 0.5);
}

// Above rasterized_markers points an SVG or PDF holds them as an image, which the row says.
TEST(ScatterKind, ManyPointsNoteTheirImageInVectorFormats) {
    const std::size_t n = rasterized_markers + 1;
    std::vector<double> xy(2 * n);
    for (std::size_t k = 0; k < n; ++k) {
        xy[2 * k] = static_cast<double>(k);
        xy[2 * k + 1] = static_cast<double>(k % 7);
    }
    const Figure many = scatter(array({n, 2}, xy), std::nullopt);
    ASSERT_EQ(many.vector_notes.size(), 1U);
    EXPECT_EQ(many.vector_notes[0],
              "scatter: " + std::to_string(n) + " points rasterized into the SVG/PDF as an image");
    xy[1] = nan;  // one point fewer drawn: as many as a document draws as paths
    EXPECT_TRUE(scatter(array({n, 2}, xy), std::nullopt).vector_notes.empty());
}

// Rows of each column `rows` at a time, as the renderer's row pass hands them; `passes`
// counts the passes.
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

// Built from passes over chunks of rows, a scatter is the whole read's: its axes, colorbar,
// what it leaves out, and the markers it draws, in the same order and colours; one pass
// to build and one each time it is drawn.
TEST(ScatterKind, RowsDrawWhatTheWholeReadDraws) {
    const std::size_t n = 200;
    std::vector<double> xy(2 * n), mass(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double k = static_cast<double>(i);
        xy[2 * i] = 1 + std::abs(std::sin(0.1 * k)) * k;
        xy[2 * i + 1] = std::cos(0.07 * k) * k;
        mass[i] = std::fmod(k, 13.0);
    }
    xy[6] = nan;
    mass[9] = nan;
    mass[150] = std::numeric_limits<double>::infinity();
    for (const std::string options :
         {"", "alpha: 0.3", "color_by: mass", "color_by: mass, color: red", "xscale: log",
          "yscale: log, color_by: mass"}) {
        SCOPED_TRACE(options);
        const bool coloured = options.find("color_by") != std::string::npos;
        const Figure whole =
            scatter(array({n, 2}, xy), coloured ? std::optional(array({n}, mass)) : std::nullopt,
                    options);
        PlotTask t;
        t.read.file = "/data/run.h5";
        t.read.dataset = "/p/xy";
        t.read.shape = {n, 2};
        t.draw.kind = "scatter";
        t.draw.title = "xy";
        if (coloured) t.read.companions = {{"color_by", "/p/mass"}};
        for (const std::size_t rows : {std::size_t{1}, std::size_t{7}, std::size_t{500}}) {
            SCOPED_TRACE(rows);
            int passes = 0;
            RowPass pass = coloured ? rows_of({xy, mass}, {2, 1}, rows, &passes)
                                    : rows_of({xy}, {2}, rows, &passes);
            const Figure f = build_rows_figure(t, rule_of("scatter", options), pass, style());
            EXPECT_EQ(passes, 1);
            EXPECT_EQ(f.ignored, whole.ignored);
            EXPECT_EQ(f.vmin, whole.vmin);
            EXPECT_EQ(f.vmax, whole.vmax);
            const Panel& a = whole.panels.at(0);
            const Panel& b = f.panels.at(0);
            EXPECT_EQ(b.x.lo, a.x.lo);
            EXPECT_EQ(b.x.hi, a.x.hi);
            EXPECT_EQ(b.y.lo, a.y.lo);
            EXPECT_EQ(b.y.hi, a.y.hi);
            EXPECT_EQ(b.x.integer, a.x.integer);
            EXPECT_EQ(b.y.integer, a.y.integer);
            ASSERT_EQ(b.colorbar.has_value(), a.colorbar.has_value());
            if (a.colorbar) {
                EXPECT_EQ(b.colorbar->label, a.colorbar->label);
                EXPECT_EQ(b.colorbar->vmin, a.colorbar->vmin);
                EXPECT_EQ(b.colorbar->vmax, a.colorbar->vmax);
            }
            test::RecordingCanvas drew_whole(640, 480), drew_rows(640, 480);
            draw_figure(whole, drew_whole);
            draw_figure(f, drew_rows);
            EXPECT_EQ(passes, 2);
            std::vector<Point> pa, pb;
            std::vector<Color> ca, cb;
            for (const auto& call : drew_whole.marker_calls) {
                pa.insert(pa.end(), call.centres.begin(), call.centres.end());
                ca.insert(ca.end(), call.centres.size(), call.color);
            }
            for (const auto& call : drew_rows.marker_calls) {
                pb.insert(pb.end(), call.centres.begin(), call.centres.end());
                cb.insert(cb.end(), call.centres.size(), call.color);
            }
            ASSERT_EQ(pb.size(), pa.size());
            EXPECT_EQ(markers(f).block_points, pa.size());
            for (std::size_t k = 0; k < pa.size(); ++k) {
                EXPECT_EQ(pb[k].x, pa[k].x) << k;
                EXPECT_EQ(pb[k].y, pa[k].y) << k;
                EXPECT_EQ(cb[k].r, ca[k].r) << k;
                EXPECT_EQ(cb[k].g, ca[k].g) << k;
                EXPECT_EQ(cb[k].a, ca[k].a) << k;
            }
        }
    }
    // Data that is not N×2, and colours of the wrong length, fail as the whole read does.
    PlotTask t;
    t.read.dataset = "/p/xyz";
    t.read.shape = {4, 3};
    t.draw.kind = "scatter";
    int passes = 0;
    EXPECT_THROW(build_rows_figure(t, rule_of("scatter", ""),
                                   rows_of({std::vector<double>(12)}, {3}, 2, &passes), style()),
                 DatasetError);
    t.read.shape = {6, 2};
    t.read.companions = {{"color_by", "/p/mass"}};
    try {
        const std::vector<double> xy(12), mass(5);
        build_rows_figure(t, rule_of("scatter", "color_by: mass"),
                          rows_of({xy, mass}, {2, 1}, 2, &passes), style());
        ADD_FAILURE() << "no error";
    } catch (const DatasetError& e) {
        EXPECT_STREQ(e.what(),
                     "color_by dataset '/p/mass' has 5 values but the plot has 6 points");
    }
    EXPECT_EQ(passes, 0);
}

// The plan fails the row of a color_by that does not fit: one value per row of N×2 data,
// or per point with x.
TEST(ScatterKind, ColorByOfTheWrongLengthIsAFailedRow) {
    const auto dataset = [](const std::string& path, Shape shape) {
        DatasetInfo d;
        d.file = "/data/run.h5";
        d.dataset = path;
        d.shape = std::move(shape);
        d.dtype.cls = DType::Class::floating;
        d.dtype.bytes = 8;
        d.dtype.name = "float64";
        return d;
    };
    const auto plan_error = [&](std::string_view options, std::vector<DatasetInfo> datasets) {
        Config c;
        c.base_dir = "/cfg";
        c.output.dir = "/out";
        c.plots = {rule_of("scatter", options, "/p/pos")};
        Catalog cat;
        cat.files = {"/data/run.h5"};
        std::sort(datasets.begin(), datasets.end(),
                  [](const DatasetInfo& a, const DatasetInfo& b) { return a.dataset < b.dataset; });
        cat.datasets = std::move(datasets);
        const Plan plan = make_plan(c, cat);
        EXPECT_EQ(plan.tasks.size(), 1U);
        return plan.tasks.empty() ? std::string("no task") : plan.tasks[0].job.error;
    };
    EXPECT_EQ(
        plan_error("color_by: mass", {dataset("/p/pos", {100, 2}), dataset("/p/mass", {100})}), "");
    const std::string rows =
        plan_error("color_by: mass", {dataset("/p/pos", {100, 2}), dataset("/p/mass", {99})});
    EXPECT_NE(rows.find("color_by dataset '/p/mass' has 99 values but the data has 100 rows"),
              std::string::npos)
        << rows;
    const std::string points =
        plan_error("x: t, color_by: mass",
                   {dataset("/p/pos", {50}), dataset("/p/t", {50}), dataset("/p/mass", {49})});
    EXPECT_NE(points.find("color_by dataset '/p/mass'"), std::string::npos) << points;
    EXPECT_NE(points.find("49"), std::string::npos) << points;
    const std::string missing = plan_error("color_by: nothing", {dataset("/p/pos", {100, 2})});
    EXPECT_NE(missing.find("/p/nothing"), std::string::npos) << missing;
}

}  // namespace
}  // namespace plotcluster
