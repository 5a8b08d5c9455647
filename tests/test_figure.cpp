#include "plotcluster/figure/figure.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plotcluster/error.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "support/extreme_values.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

using test::rule_of;

PlotTask task(const std::string& kind) {
    PlotTask t;
    t.read.file = "/data/run_0001.h5";
    t.read.dataset = "/fields/rho";
    t.draw.kind = kind;
    t.draw.title = "rho (run_0001)";
    t.draw.x_label = kind == "line" ? "index" : "axis 1";
    t.draw.y_label = kind == "line" ? "Density [kg/m^3]" : "axis 0";
    t.draw.value_label = "Density [kg/m^3]";
    return t;
}

Array array(std::vector<std::uint64_t> shape, std::vector<double> values) {
    return Array{std::move(shape), std::move(values)};
}

FigureConfig style() {
    FigureConfig s;
    s.width = 640;
    s.height = 480;
    s.dpi = 120;
    return s;
}

// One dataset drawn by a rule of the task's kind with `options`.
Figure build(const PlotTask& t, Array a, const FigureConfig& s, std::string_view options = "") {
    PlotData data;
    data.series.push_back({t.read.dataset, std::move(a)});
    return build_figure(t, rule_of(t.draw.kind, options), std::move(data), s);
}

// The figure's one panel, and its layers of one type.
const Panel& panel(const Figure& f) { return f.panels.at(0); }

template <class T>
std::vector<const T*> layers_of(const Figure& f) {
    std::vector<const T*> out;
    for (const Layer& layer : panel(f).layers) {
        if (const T* l = std::get_if<T>(&layer)) out.push_back(l);
    }
    return out;
}
std::vector<const LinesLayer*> lines(const Figure& f) { return layers_of<LinesLayer>(f); }
std::vector<const MarkersLayer*> markers(const Figure& f) { return layers_of<MarkersLayer>(f); }
const ImageLayer* image(const Figure& f) { return find_layer<ImageLayer>(panel(f)); }
const BarsLayer* bars(const Figure& f) { return find_layer<BarsLayer>(panel(f)); }

std::string dataset_error(const PlotTask& t, Array a) {
    try {
        build(t, std::move(a), style());
    } catch (const DatasetError& e) {
        return e.what();
    }
    return {};
}

TEST(Figure, LineUsesIndexAsXAndPadsFivePercent) {
    const Figure fig =
        build(task("line"), array({5}, {0.0, 10.0, 5.0, 2.0, 4.0}), style());
    EXPECT_EQ(fig.width, 640);
    EXPECT_EQ(fig.height, 480);
    EXPECT_EQ(fig.dpi, 120);
    EXPECT_EQ(fig.title, "rho (run_0001)");
    EXPECT_FALSE(image(fig) != nullptr);
    EXPECT_FALSE(panel(fig).colorbar.has_value());
    ASSERT_EQ(lines(fig).size(), 1U);
    const LinesLayer& s = *lines(fig)[0];
    EXPECT_EQ(s.x, (std::vector<double>{0, 1, 2, 3, 4}));
    EXPECT_EQ(s.y, (std::vector<double>{0, 10, 5, 2, 4}));
    EXPECT_EQ(s.label, "rho");  // the legend names a series by its last path component
    EXPECT_EQ(panel(fig).x.label, "index");
    EXPECT_EQ(panel(fig).y.label, "Density [kg/m^3]");
    EXPECT_DOUBLE_EQ(panel(fig).x.lo, -0.2);  // [0, 4] plus 5% of 4 on each side
    EXPECT_DOUBLE_EQ(panel(fig).x.hi, 4.2);
    EXPECT_DOUBLE_EQ(panel(fig).y.lo, -0.5);  // [0, 10] plus 5% of 10 on each side
    EXPECT_DOUBLE_EQ(panel(fig).y.hi, 10.5);
}

TEST(Figure, LineSqueezesSingletonDimensions) {
    std::vector<double> values(50);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = -static_cast<double>(i);
    const Figure fig = build(task("line"), array({1, 50, 1}, values), style());
    ASSERT_EQ(lines(fig).size(), 1U);
    EXPECT_EQ(lines(fig)[0]->x.size(), 50U);
    EXPECT_EQ(lines(fig)[0]->x.back(), 49.0);
    EXPECT_EQ(lines(fig)[0]->y, values);
    EXPECT_DOUBLE_EQ(panel(fig).y.lo, -49 - 0.05 * 49);
    EXPECT_DOUBLE_EQ(panel(fig).y.hi, 0.05 * 49);
}

TEST(Figure, LineKeepsNanAndInfAsGapsAndRangesOverFiniteValues) {
    const Figure fig = build(task("line"),
                                    array({6}, {1.0, nan, 3.0, inf, -inf, 2.0}), style());
    ASSERT_EQ(lines(fig).size(), 1U);
    const auto& y = lines(fig)[0]->y;
    ASSERT_EQ(y.size(), 6U);
    EXPECT_EQ(lines(fig)[0]->x.size(), 6U);  // gaps keep their index
    EXPECT_EQ(y[0], 1.0);
    EXPECT_TRUE(std::isnan(y[1]));
    EXPECT_EQ(y[2], 3.0);
    EXPECT_FALSE(std::isfinite(y[3]));
    EXPECT_FALSE(std::isfinite(y[4]));
    EXPECT_EQ(y[5], 2.0);
    EXPECT_DOUBLE_EQ(panel(fig).y.lo, 1.0 - 0.1);
    EXPECT_DOUBLE_EQ(panel(fig).y.hi, 3.0 + 0.1);
    EXPECT_DOUBLE_EQ(panel(fig).x.lo, -0.25);
    EXPECT_DOUBLE_EQ(panel(fig).x.hi, 5.25);
}

TEST(Figure, LineWithoutFiniteValuesIsDatasetError) {
    for (const auto& values : {std::vector<double>{nan, nan, nan}, std::vector<double>{inf, -inf},
                               std::vector<double>{}}) {
        const auto n = static_cast<std::uint64_t>(values.size());
        const std::string message = dataset_error(task("line"), array({n}, values));
        EXPECT_NE(message.find("no finite values"), std::string::npos) << message;
    }
}

TEST(Figure, ConstantLineGetsNonZeroRange) {
    for (double c : {0.0, 3.0, -4.0, 1e-300, 1e300}) {
        SCOPED_TRACE(c);
        const Figure fig = build(task("line"), array({3}, {c, c, c}), style());
        EXPECT_LT(panel(fig).y.lo, c);
        EXPECT_GT(panel(fig).y.hi, c);
        EXPECT_TRUE(std::isfinite(panel(fig).y.lo));
        EXPECT_TRUE(std::isfinite(panel(fig).y.hi));
    }
}

TEST(Figure, SinglePointLineHasRangesAroundIt) {
    const Figure fig = build(task("line"), array({1}, {7.0}), style());
    ASSERT_EQ(lines(fig).size(), 1U);
    EXPECT_EQ(lines(fig)[0]->x, std::vector<double>{0.0});
    EXPECT_LT(panel(fig).x.lo, 0.0);
    EXPECT_GT(panel(fig).x.hi, 0.0);
    EXPECT_LT(panel(fig).y.lo, 7.0);
    EXPECT_GT(panel(fig).y.hi, 7.0);
}

// Finite data must give a finite view, even when the data spans most of the double range.
TEST(Figure, ViewOfExtremeFiniteDataIsFinite) {
    const double big = std::numeric_limits<double>::max();
    const Figure fig = build(task("line"), array({2}, {-big, big}), style());
    EXPECT_TRUE(std::isfinite(panel(fig).y.lo)) << panel(fig).y.lo;
    EXPECT_TRUE(std::isfinite(panel(fig).y.hi)) << panel(fig).y.hi;
    EXPECT_LT(panel(fig).y.lo, panel(fig).y.hi);
}

TEST(Figure, LineRejectsMultiDimensionalData) {
    std::vector<double> values(60, 1.0);
    EXPECT_THROW(build(task("line"), array({3, 4, 5}, values), style()),
                 DatasetError);
    EXPECT_THROW(build(task("line"), array({2, 1, 30}, values), style()),
                 DatasetError);
}

TEST(Figure, Nonsingular) {
    const Range r = nonsingular(1.0, 2.0);
    EXPECT_EQ(r.lo, 1.0);
    EXPECT_EQ(r.hi, 2.0);
    for (double c : {0.0, 5.0, -5.0, 1e-12, 1e12}) {
        SCOPED_TRACE(c);
        const Range s = nonsingular(c, c);
        EXPECT_LT(s.lo, c);
        EXPECT_GT(s.hi, c);
        EXPECT_GT(s.hi - s.lo, 0.0);
        EXPECT_DOUBLE_EQ(0.5 * (s.lo + s.hi), c);  // centred on the constant
    }
    const Range zero = nonsingular(0.0, 0.0);
    EXPECT_DOUBLE_EQ(zero.lo, -0.1);
    EXPECT_DOUBLE_EQ(zero.hi, 0.1);
}

TEST(Figure, HeatmapShapeLimitsAndView) {
    // 1x3x4 squeezes to 3 rows x 4 columns.
    std::vector<double> values = {5, 1, 2, 3, 4, nan, 6, 7, 8, 9, -2, 11};
    const Figure fig = build(task("heatmap"), array({1, 3, 4}, values), style());
    ASSERT_TRUE(image(fig) != nullptr);
    const ImageLayer& h = *image(fig);
    EXPECT_EQ(h.rows, 3U);
    EXPECT_EQ(h.cols, 4U);
    ASSERT_EQ(h.values.size(), 12U);
    EXPECT_EQ(h.values[0], 5.0);
    EXPECT_TRUE(std::isnan(h.values[5]));
    EXPECT_EQ(h.values[11], 11.0);
    EXPECT_EQ(h.vmin, -2.0);
    EXPECT_EQ(h.vmax, 11.0);
    EXPECT_EQ(h.colormap, Colormap::find("viridis"));
    ASSERT_NE(h.colormap, nullptr);

    EXPECT_EQ(panel(fig).x.label, "axis 1");
    EXPECT_EQ(panel(fig).y.label, "axis 0");
    EXPECT_EQ(panel(fig).x.lo, -0.5);
    EXPECT_EQ(panel(fig).x.hi, 3.5);  // columns along x
    EXPECT_EQ(panel(fig).y.lo, -0.5);
    EXPECT_EQ(panel(fig).y.hi, 2.5);  // rows along y
    EXPECT_TRUE(panel(fig).equal_aspect);  // square cells, as imshow
    EXPECT_TRUE(lines(fig).empty());
    EXPECT_EQ(fig.title, "rho (run_0001)");

    ASSERT_TRUE(panel(fig).colorbar.has_value());
    EXPECT_EQ(panel(fig).colorbar->label, "Density [kg/m^3]");
    EXPECT_EQ(panel(fig).colorbar->vmin, -2.0);
    EXPECT_EQ(panel(fig).colorbar->vmax, 11.0);
    EXPECT_EQ(panel(fig).colorbar->colormap, h.colormap);
}

TEST(Figure, HeatmapWithMiddleSingleton) {
    const Figure fig =
        build(task("heatmap"), array({2, 1, 3}, {1, 2, 3, 4, 5, 6}), style());
    ASSERT_TRUE(image(fig) != nullptr);
    EXPECT_EQ(image(fig)->rows, 2U);
    EXPECT_EQ(image(fig)->cols, 3U);
}

TEST(Figure, ConstantHeatmapGetsNonZeroRange) {
    const Figure fig =
        build(task("heatmap"), array({2, 2}, {4, 4, 4, 4}), style());
    ASSERT_TRUE(image(fig) != nullptr);
    EXPECT_LT(image(fig)->vmin, 4.0);
    EXPECT_GT(image(fig)->vmax, 4.0);
    EXPECT_EQ(panel(fig).colorbar->vmin, image(fig)->vmin);
    EXPECT_EQ(panel(fig).colorbar->vmax, image(fig)->vmax);
}

TEST(Figure, HeatmapColormapByNameAndReversed) {
    const Figure fig = build(task("heatmap"), array({2, 2}, {1, 2, 3, 4}), style(), "colormap: magma_r");
    ASSERT_TRUE(image(fig) != nullptr);
    ASSERT_NE(image(fig)->colormap, nullptr);
    EXPECT_EQ(image(fig)->colormap, Colormap::find("magma_r"));
    EXPECT_NE(image(fig)->colormap, Colormap::find("viridis"));
}

TEST(Figure, HeatmapUnknownColormapIsAConfigError) {
    EXPECT_THROW(rule_of("heatmap", "colormap: no_such_map"), ConfigError);
}

TEST(Figure, HeatmapWithoutFiniteValuesIsDatasetError) {
    const std::string message =
        dataset_error(task("heatmap"), array({2, 2}, {nan, inf, -inf, nan}));
    EXPECT_NE(message.find("no finite values"), std::string::npos) << message;
}

TEST(Figure, HeatmapRejectsWrongDimensions) {
    EXPECT_THROW(build(task("heatmap"), array({4}, {1, 2, 3, 4}), style()),
                 DatasetError);
    EXPECT_THROW(build(task("heatmap"), array({1, 4}, {1, 2, 3, 4}), style()),
                 DatasetError);
    std::vector<double> cube(60, 1.0);
    EXPECT_THROW(build(task("heatmap"), array({3, 4, 5}, cube), style()),
                 DatasetError);
}

}  // namespace
}  // namespace plotcluster

namespace plotcluster {
namespace {

Figure build_with(const PlotRule& rule, std::vector<SeriesData> series,
                  std::optional<Array> x = std::nullopt) {
    PlotTask t = task(std::string(kind_name(rule)));
    if (x) t.read.companions = {{"x", "/grid/t"}};
    PlotData data;
    data.series = std::move(series);
    data.x = std::move(x);
    return build_figure(t, rule, std::move(data), style());
}

// x_limits: explicit limits are the x view as given; a shared range gets margins on series
// and is the view itself on a heatmap.
TEST(FigureKinds, XLimitsSetTheXView) {
    const auto line = [](std::string_view options, const SharedRanges& shared = {}) {
        PlotData data;
        data.series.push_back({"/s", array({5}, {1, 2, 3, 4, 5})});
        return panel(build_figure(task("line"), rule_of("line", options), std::move(data), style(), shared)).x;
    };
    EXPECT_EQ(line("x_limits: [1.5, 3]").lo, 1.5);
    EXPECT_EQ(line("x_limits: [1.5, 3]").hi, 3);
    EXPECT_NEAR(line("").hi, 4.2, 1e-12);  // 0..4 with 5% margins
    // A line's `limits: shared` shares x: the group's range, with margins.
    const SharedRanges group{std::nullopt, SharedRange{0, 20}};
    EXPECT_NEAR(line("limits: shared", group).lo, -1, 1e-12);
    EXPECT_NEAR(line("limits: shared", group).hi, 21, 1e-12);
    EXPECT_NEAR(line("x_limits: rule", group).hi, 21, 1e-12);
    EXPECT_EQ(line("x_limits: [2, 3]", group).hi, 3);  // explicit wins over a range

    PlotData scatter;
    scatter.series.push_back({"/p", array({3, 2}, {0, 1, 5, 2, 9, 3})});
    const Axis sx = panel(build_figure(task("scatter"), rule_of("scatter", "x_limits: [-1, 1]"), std::move(scatter),
                                       style())).x;
    EXPECT_EQ(sx.lo, -1);
    EXPECT_EQ(sx.hi, 1);

    const auto heatmap = [](std::string_view options, const SharedRanges& shared = {}) {
        PlotData data;
        data.series.push_back({"/f", array({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})});
        return panel(build_figure(task("heatmap"), rule_of("heatmap", options), std::move(data), style(), shared));
    };
    EXPECT_EQ(heatmap("").x.lo, -0.5);
    EXPECT_EQ(heatmap("").x.hi, 3.5);
    EXPECT_EQ(heatmap("x_limits: [0, 2]").x.lo, 0);
    EXPECT_EQ(heatmap("x_limits: [0, 2]").x.hi, 2);
    EXPECT_EQ(heatmap("x_limits: shared", group).x.hi, 20);  // a view: no margins
    EXPECT_EQ(heatmap("x_limits: shared", group).y.hi, 1.5);  // y keeps the image's rows
    // A heatmap's `limits: shared` is its colour range alone.
    EXPECT_EQ(heatmap("limits: shared", group).x.hi, 3.5);
}

// {slice}'s text goes where the plan left its place in the title.
TEST(FigureKinds, TitleGetsTheSliceText) {
    PlotTask t = task("line");
    t.draw.title = "rho at  (run_0001)";
    t.draw.title_slice_at = {7};
    PlotData data;
    data.series.push_back({"/s", array({3}, {1, 2, 3})});
    data.slice = "z = 0.25 m";
    EXPECT_EQ(build_figure(t, rule_of("line"), data, style()).title, "rho at z = 0.25 m (run_0001)");
    t.draw.title_slice_at = {0, 18};
    EXPECT_EQ(build_figure(t, rule_of("line"), data, style()).title, "z = 0.25 mrho at  (run_0001)z = 0.25 m");
    t.draw.title_slice_at.clear();  // no {slice}: the title as the plan made it
    EXPECT_EQ(build_figure(t, rule_of("line"), data, style()).title, "rho at  (run_0001)");
}

TEST(FigureKinds, ScatterTakesNx2ColumnsAndSkipsNonFinitePoints) {
    const Figure fig = build_with(rule_of("scatter"), {{"/p/xy", array({3, 2}, {1, 10, 2, nan, 3, 30}), ""}});
    ASSERT_EQ(markers(fig).size(), 1u);
    const MarkersLayer& s = *markers(fig)[0];
    EXPECT_EQ(s.x, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(s.y[0], 10);
    EXPECT_TRUE(std::isnan(s.y[1]));
    EXPECT_EQ(s.shape, MarkerShape::circle);  // scatter's default marker
    EXPECT_TRUE(lines(fig).empty());          // and no line
    EXPECT_EQ(fig.ignored, 1u);
    EXPECT_THROW(build_with(rule_of("scatter"), {{"/p/xyz", array({2, 3}, {1, 2, 3, 4, 5, 6}), ""}}),
                 DatasetError);
}

TEST(FigureKinds, HistogramCountsFiniteValuesIntoBins) {
    const Figure fig = build_with(rule_of("histogram", "bins: 4"),
                                  {{"/s", array({2, 4}, {0, 1, 1, 2, 3, 4, nan, inf}), ""}});
    ASSERT_TRUE(bars(fig));
    EXPECT_EQ(bars(fig)->edges, (std::vector<double>{0, 1, 2, 3, 4}));
    EXPECT_EQ(bars(fig)->counts, (std::vector<double>{1, 2, 1, 2}));  // the last bin is closed
    EXPECT_EQ(fig.ignored, 2u);
    EXPECT_EQ(panel(fig).y.lo, 0);  // bars stand on zero
    EXPECT_NEAR(panel(fig).y.hi, 2.1, 1e-12);
}

// build_figure tells the ticks which axes carry integers only (Axis::integer).
TEST(FigureKinds, IntegerDataMarksItsAxes) {
    const Figure ints = build(task("line"), array({5}, {0, 3, 1, nan, 5}), style());
    EXPECT_TRUE(panel(ints).x.integer);  // the index
    EXPECT_TRUE(panel(ints).y.integer);  // NaN is a gap, not a fraction
    const Figure fractions = build(task("line"), array({3}, {0, 0.5, 1}), style());
    EXPECT_TRUE(panel(fractions).x.integer);
    EXPECT_FALSE(panel(fractions).y.integer);
    const Figure xy = build_with(rule_of("scatter"), {{"/p/xy", array({2, 2}, {0.5, 1, 2, 3}), ""}});
    EXPECT_FALSE(panel(xy).x.integer);
    EXPECT_TRUE(panel(xy).y.integer);
    const Figure hist = build_with(rule_of("histogram", "bins: 4"), {{"/s", array({4}, {0, 1, 1, 2}), ""}});
    EXPECT_TRUE(panel(hist).y.integer);   // counts
    EXPECT_FALSE(panel(hist).x.integer);  // bin edges are not data
    const Figure field = build(task("heatmap"), array({2, 2}, {0, 1, 2, 3}), style());
    EXPECT_FALSE(panel(field).x.integer);
    EXPECT_FALSE(panel(field).y.integer);
}

TEST(FigureKinds, HistogramAutoBinsAndLogCounts) {
    std::vector<double> v(1000);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::sin(static_cast<double>(i)) * 10;
    EXPECT_EQ(auto_bins(v), 8);  // Freedman–Diaconis, as numpy.histogram_bin_edges(v, "fd")
    EXPECT_EQ(auto_bins(std::vector<double>(50, 3.0)), 7);  // no spread: Sturges
    EXPECT_EQ(auto_bins({1.0}), 1);
    const Figure fig = build_with(rule_of("histogram", "log: true"), {{"/s", array({1000}, v), ""}});
    EXPECT_EQ(panel(fig).y.scale, Scale::log);
    EXPECT_GT(panel(fig).y.lo, 0);
}

TEST(FigureKinds, GroupOfLinesGetsCycleColoursLabelsAndALegend) {
    const Figure fig = build_with(rule_of("line"), {{"/g/a", array({3}, {1, 2, 3}), "Velocity a"}, {"/g/b", array({3}, {3, 2, 1}), ""}},
        array({3}, {0.0, 0.5, 1.0}));
    ASSERT_EQ(lines(fig).size(), 2u);
    EXPECT_TRUE(panel(fig).legend);
    EXPECT_EQ(lines(fig)[0]->label, "Velocity a");
    EXPECT_EQ(lines(fig)[1]->label, "b");
    EXPECT_EQ(lines(fig)[0]->color, cycle_color(0));
    EXPECT_EQ(lines(fig)[1]->color, cycle_color(1));
    EXPECT_EQ(lines(fig)[1]->x, (std::vector<double>{0.0, 0.5, 1.0}));
    EXPECT_THROW(build_with(rule_of("line"), {{"/g/a", array({3}, {1, 2, 3}), ""}},
                            array({2}, {0.0, 1.0})),
                 DatasetError);
}

TEST(FigureKinds, LineOptionsLimitsAndLogAxes) {
    PlotRule rule = rule_of("line", "color: '#ff0000', alpha: 0.5, marker: s, linewidth: 3");
    rule.limits = {false, -5, 5};
    rule.yscale = Scale::log;
    const Figure fig = build_with(rule, {{"/y", array({4}, {1, 10, -1, 100}), ""}});
    const auto& s = *lines(fig)[0];
    EXPECT_EQ(s.color, (Color{1, 0, 0, 0.5}));
    EXPECT_EQ(s.marker, MarkerShape::square);
    EXPECT_EQ(s.width_pt, 3);
    EXPECT_TRUE(std::isnan(s.y[2]));  // not positive: a gap on a log axis
    EXPECT_EQ(fig.ignored, 1u);
    EXPECT_EQ(panel(fig).y.lo, -5);  // explicit limits are used as given
    EXPECT_EQ(panel(fig).y.hi, 5);
    EXPECT_EQ(panel(fig).y.scale, Scale::log);
}

TEST(FigureKinds, LongLinesAreDecimatedButKeepTheirExtremes) {
    std::vector<double> y(100000);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = std::sin(static_cast<double>(i) * 0.01);
    y[777] = 5;
    const Figure fig = build_with(rule_of("line"), {{"/y", array({y.size()}, y), ""}});
    const auto& s = *lines(fig)[0];
    EXPECT_LE(s.y.size(), 4u * 2u * 640u);
    EXPECT_EQ(*std::max_element(s.y.begin(), s.y.end()), 5);
    EXPECT_NEAR(panel(fig).y.hi, 5 + 6 * 0.05, 1e-9);
}

TEST(FigureKinds, HeatmapOptions) {
    const PlotRule rule = rule_of("heatmap", "origin: upper, norm: log, bad_color: '#00ff00'");
    const Figure fig = build_with(rule, {{"/f", array({2, 2}, {1, 10, 0, nan}), ""}});
    ASSERT_TRUE(image(fig));
    EXPECT_FALSE(image(fig)->origin_lower);
    EXPECT_TRUE(panel(fig).y.inverted);
    EXPECT_EQ(image(fig)->norm, Scale::log);
    EXPECT_EQ(image(fig)->bad_color, (Color{0, 1, 0, 1}));
    EXPECT_EQ(panel(fig).colorbar->scale, Scale::log);
    EXPECT_EQ(panel(fig).colorbar->vmin, 1);
    EXPECT_EQ(panel(fig).colorbar->vmax, 10);
    EXPECT_EQ(fig.ignored, 2u);  // 0 on a log norm, and NaN
    PlotRule fixed = rule_of("heatmap");
    fixed.limits = {false, -1, 1};
    const Figure clipped = build_with(fixed, {{"/f", array({2, 2}, {-9, 0, 1, 9}), ""}});
    EXPECT_EQ(panel(clipped).colorbar->vmin, -1);
    EXPECT_EQ(panel(clipped).colorbar->vmax, 1);
}

// ---- property test: tiny and huge magnitudes ----

// Doubles where range arithmetic breaks if it is not careful, with their neighbours:
// ordered pairs, and each value with its neighbours 0..4 ulps up.
std::vector<std::pair<double, double>> extreme_ranges() {
    using L = std::numeric_limits<double>;
    return test::extreme_ranges(
        test::extreme_values({0.0, L::denorm_min(), 3 * L::denorm_min(), 1.3e-321, 1e-310,
                              L::min(), 1e-300, 1e-280, 1.0, 1e6, 1e300, 1e308, L::max() / 2,
                              L::max()}),
        0);
}

// Finite and ordered; positive on a log scale unless the rule's limits said otherwise
// (a line's value axis keeps them as given, and the chart shows what a log axis can).
void expect_axis(const Axis& a, const std::string& which, bool as_given = false) {
    SCOPED_TRACE(which);
    ASSERT_TRUE(std::isfinite(a.lo) && std::isfinite(a.hi)) << a.lo << " " << a.hi;
    ASSERT_LT(a.lo, a.hi);
    if (a.scale == Scale::log && !as_given) ASSERT_GT(a.lo, 0);
}

TEST(Figure, NonsingularIsFiniteAndContainsItsInputForAnyFiniteRange) {
    constexpr double dm = std::numeric_limits<double>::denorm_min();
    for (const auto& [lo, hi] : extreme_ranges()) {
        SCOPED_TRACE(testing::Message() << std::setprecision(17) << "[" << lo << ", " << hi << "]");
        const Range r = nonsingular(lo, hi);
        ASSERT_TRUE(std::isfinite(r.lo) && std::isfinite(r.hi));
        ASSERT_LT(r.lo, r.hi);
        EXPECT_LE(r.lo, lo);
        EXPECT_GE(r.hi, hi);
        EXPECT_GE(r.hi / 2 - r.lo / 2, 32 * dm);  // room for distinct ticks, even subnormal
    }
    // Constants next to ±DBL_MAX get the side that exists; 1e308 + 1e308 overflowed.
    const double big = std::numeric_limits<double>::max();
    EXPECT_EQ(nonsingular(big, big).hi, big);
    EXPECT_EQ(nonsingular(-big, -big).lo, -big);
    EXPECT_DOUBLE_EQ(nonsingular(1e308, 1e308).lo, 0.95e308);
    EXPECT_DOUBLE_EQ(nonsingular(1e308, 1e308).hi, 1.05e308);
    // A subnormal constant: a range of 64 subnormal steps around it (5% of it is 0).
    EXPECT_EQ(nonsingular(dm, dm).lo, -31 * dm);
    EXPECT_EQ(nonsingular(dm, dm).hi, 33 * dm);
    EXPECT_EQ(nonsingular(0, dm).lo, -32 * dm);
}

// Every kind, scale and kind of limits over extreme data: a figure with finite, ordered
// axes and colour ranges, or a DatasetError with a plain message, nothing else.
TEST(Figure, ExtremeDataBuildsAFigureOrAPlainDatasetError) {
    std::size_t built = 0, refused = 0;
    std::map<std::string, std::size_t> reasons;
    const auto check = [&](const std::string& kind, const PlotRule& rule, bool log, Array a,
                           std::uint64_t values, const std::optional<SharedRange>& shared) {
        const PlotTask t = task(kind);
        PlotData data;
        data.series.push_back({t.read.dataset, std::move(a)});
        try {
            const Figure fig = build_figure(t, rule, std::move(data), style(), shared);
            ++built;
            expect_axis(panel(fig).x, "x");
            expect_axis(panel(fig).y, "y", !rule.limits.automatic && (kind == "line" || kind == "scatter"));
            ASSERT_TRUE(std::isfinite(fig.vmin) && std::isfinite(fig.vmax));
            ASSERT_LT(fig.vmin, fig.vmax);
            if (panel(fig).colorbar) {
                expect_axis({"", panel(fig).colorbar->vmin, panel(fig).colorbar->vmax, panel(fig).colorbar->scale}, "colour");
            }
            if (bars(fig)) {
                double counted = 0;
                for (double c : bars(fig)->counts) counted += c;
                EXPECT_LE(counted, static_cast<double>(values));
                if (rule.limits.automatic && rule.xscale == Scale::linear) {
                    EXPECT_EQ(counted, static_cast<double>(values));
                }
                for (std::size_t i = 0; i < bars(fig)->edges.size(); ++i) {
                    ASSERT_TRUE(std::isfinite(bars(fig)->edges[i]));
                    if (i > 0) ASSERT_GE(bars(fig)->edges[i], bars(fig)->edges[i - 1]);
                }
            }
        } catch (const DatasetError& e) {
            ++refused;
            const std::string message = e.what();
            ++reasons[message];
            // Only a log scale has data it cannot show (values <= 0) or limits it refuses.
            EXPECT_TRUE(log) << message;
            EXPECT_FALSE(message.empty());
            EXPECT_EQ(message.find("nice_ticks"), std::string::npos) << message;
        }
    };
    for (const auto& [lo, hi] : extreme_ranges()) {
        SCOPED_TRACE(testing::Message() << std::setprecision(17) << "[" << lo << ", " << hi << "]");
        for (int variant = 0; variant < 5; ++variant) {
            const bool log = variant == 1 || variant == 4;
            // The common keys of the variant on a rule of `kind` with `options`.
            const auto rule = [&, lo = lo, hi = hi](const std::string& kind, std::string_view options = "") {
                const bool heatmap = kind == "heatmap";
                PlotRule r = rule_of(kind, heatmap && log ? "norm: log" : options);
                if (log && !heatmap) r.xscale = r.yscale = Scale::log;
                if ((variant == 2 || variant == 4) && lo < hi) r.limits = {false, lo, hi};
                if (variant == 3) r.limits = {false, -1, 1};
                return r;
            };
            const auto group = variant == 0 ? std::optional<SharedRange>(SharedRange{lo, hi})
                                            : std::nullopt;
            check("line", rule("line"), log, array({2}, {lo, hi}), 2, group);
            check("scatter", rule("scatter"), log, array({2, 2}, {lo, hi, hi, lo}), 4, group);
            check("histogram", rule("histogram"), log, array({3}, {lo, hi, hi}), 3, group);
            check("histogram", rule("histogram", "bins: 7"), log, array({3}, {lo, hi, hi}), 3, group);
            check("heatmap", rule("heatmap"), log, array({2, 2}, {lo, hi, hi, lo}), 4, group);
        }
    }
    std::printf("%zu figures built, %zu refused:\n", built, refused);
    for (const auto& [message, n] : reasons) std::printf("  %6zu  %s\n", n, message.c_str());
    EXPECT_GT(built, 2 * refused);  // refusals only where a log scale has nothing to show
}

}  // namespace
}  // namespace plotcluster
