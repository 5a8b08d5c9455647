#include "plotcluster/figure/figure.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <span>
#include <iomanip>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plotcluster/error.hpp"
#include "figure/order_statistics.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "support/extreme_values.hpp"
#include "support/sanitizers.hpp"
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
    // Square cells, as imshow, unless they would leave the axes thin.
    EXPECT_EQ(panel(fig).aspect.ratio, std::optional<double>(1.0));
    EXPECT_TRUE(panel(fig).aspect.unless_thin);
    EXPECT_FALSE(image(fig)->resampling.has_value());  // auto: decided when drawn
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
    EXPECT_EQ(panel(fig).legend, LegendPlace::best);
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

TEST(FigureKinds, HeatmapInterpolationAndAspect) {
    const auto built = [](std::string_view options) {
        return build_with(rule_of("heatmap", options), {{"/f", array({2, 2}, {1, 2, 3, 4}), ""}});
    };
    const Figure area = built("interpolation: area, aspect: 2.5");
    EXPECT_EQ(image(area)->resampling, std::optional<Resampling>(Resampling::area));
    EXPECT_EQ(panel(area).aspect.ratio, std::optional<double>(2.5));
    EXPECT_FALSE(panel(area).aspect.unless_thin);
    const Figure nearest = built("interpolation: nearest, aspect: equal");
    EXPECT_EQ(image(nearest)->resampling, std::optional<Resampling>(Resampling::nearest));
    EXPECT_EQ(panel(nearest).aspect.ratio, std::optional<double>(1.0));
    EXPECT_FALSE(panel(nearest).aspect.unless_thin);
    const Figure fill = built("interpolation: bilinear, aspect: auto");
    EXPECT_EQ(image(fill)->resampling, std::optional<Resampling>(Resampling::bilinear));
    EXPECT_FALSE(panel(fill).aspect.ratio.has_value());
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
    // Under the sanitizers, which run this sweep some 50 times slower, every third range:
    // the dev build checks them all, the sanitizers that no range breaks memory or UB rules.
    const std::vector<std::pair<double, double>> ranges = extreme_ranges();
    const std::size_t stride = kUnderSanitizers ? 3 : 1;
    for (std::size_t r = 0; r < ranges.size(); r += stride) {
        const auto& [lo, hi] = ranges[r];
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


// --- Fields and lines in physical coordinates ------------------------------------------

namespace {

AxisCoordinate uniform_axis(std::uint64_t cells, double start, double step, std::string label = "",
                            std::string units = "") {
    AxisCoordinate c;
    c.form = AxisCoordinate::Form::uniform;
    c.cells = cells;
    c.start = start;
    c.step = step;
    c.label = std::move(label);
    c.units = std::move(units);
    c.source = CoordinateSource::openpmd;
    return c;
}

AxisCoordinate values_axis(std::uint64_t cells, std::vector<double> values, std::string name = "") {
    AxisCoordinate c;
    EXPECT_EQ(classify(values, cells, c), "");
    c.name = std::move(name);
    c.source = CoordinateSource::dimension_scale;
    return c;
}

// A heatmap of `values` (rows x cols) placed by `rows_c`, `cols_c`.
Figure placed_heatmap(std::uint64_t rows, std::uint64_t cols, std::vector<double> values,
                      AxisCoordinate rows_c, AxisCoordinate cols_c, std::string_view options = "",
                      std::string value_units = "") {
    const PlotTask t = task("heatmap");
    PlotData data;
    data.series.push_back({t.read.dataset, array({rows, cols}, std::move(values))});
    data.coordinates = {std::move(rows_c), std::move(cols_c)};
    data.value_units = std::move(value_units);
    return build_figure(t, rule_of("heatmap", options), std::move(data), style());
}

const MeshLayer* mesh(const Figure& f) { return find_layer<MeshLayer>(panel(f)); }

}  // namespace

// By default a heatmap keeps equal units (unless thin) where both axes share a unit, and
// fills the space where they do not: mm against eV, or metres against indices.
TEST(FigureCoordinates, AxesInDifferentUnitsFillTheSpaceByDefault) {
    const auto aspect = [](AxisCoordinate rows, AxisCoordinate cols, std::string_view options = "") {
        return panel(placed_heatmap(2, 3, {0, 1, 2, 3, 4, 5}, std::move(rows), std::move(cols), options)).aspect;
    };
    const Aspect same = aspect(uniform_axis(2, 0, 1, "z", "m"), uniform_axis(3, 0, 1, "x", "m"));
    EXPECT_EQ(same.ratio, std::optional<double>(1.0));
    EXPECT_TRUE(same.unless_thin);
    EXPECT_FALSE(aspect(uniform_axis(2, 0, 1, "E", "eV"), uniform_axis(3, 0, 1, "x", "mm")).ratio);
    AxisCoordinate index;
    index.cells = 3;
    EXPECT_FALSE(aspect(uniform_axis(2, 0, 1, "z", "m"), index).ratio);
    // Asked for, equal units hold whatever the units.
    EXPECT_EQ(aspect(uniform_axis(2, 0, 1, "E", "eV"), uniform_axis(3, 0, 1, "x", "mm"), "aspect: equal").ratio,
              std::optional<double>(1.0));
}

// Evenly spaced coordinates keep the image, with its outer cell edges in physical units and
// the axes labelled from the coordinates.
TEST(FigureCoordinates, UniformCoordinatesGiveAnImageWithAPhysicalExtent) {
    const Figure fig = placed_heatmap(2, 3, {0, 1, 2, 3, 4, 5}, uniform_axis(2, 0.5, 1, "z", "m"),
                                      uniform_axis(3, -5, 2, "x", "m"), "", "C m^-3");
    const ImageLayer* h = image(fig);
    ASSERT_NE(h, nullptr);
    ASSERT_TRUE(h->extent.has_value());
    EXPECT_DOUBLE_EQ(h->extent->x_lo, -6);
    EXPECT_DOUBLE_EQ(h->extent->x_hi, 0);
    EXPECT_DOUBLE_EQ(h->extent->y_lo, 0);
    EXPECT_DOUBLE_EQ(h->extent->y_hi, 2);
    EXPECT_TRUE(h->origin_lower);
    EXPECT_EQ(h->values, (std::vector<double>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(panel(fig).x.label, "x [m]");
    EXPECT_EQ(panel(fig).y.label, "z [m]");
    EXPECT_DOUBLE_EQ(panel(fig).x.lo, -6);
    EXPECT_DOUBLE_EQ(panel(fig).x.hi, 0);
    EXPECT_DOUBLE_EQ(panel(fig).y.lo, 0);
    EXPECT_DOUBLE_EQ(panel(fig).y.hi, 2);
    EXPECT_FALSE(panel(fig).y.inverted);
    ASSERT_TRUE(panel(fig).colorbar.has_value());
    EXPECT_EQ(panel(fig).colorbar->label, "Density [kg/m^3] [C m^-3]");
}

// Descending coordinates (latitude from north to south, x from right to left) flip the
// cells so that each axis ascends and every cell stays where its coordinate puts it.
TEST(FigureCoordinates, DescendingCoordinatesAreFlipped) {
    const Figure fig = placed_heatmap(3, 2, {1, 2, 3, 4, 5, 6}, uniform_axis(3, 60, -30, "latitude"),
                                      uniform_axis(2, 10, -10), "origin: upper");
    const ImageLayer* h = image(fig);
    ASSERT_NE(h, nullptr);
    // Row 0 (lat 60) is now the last row, drawn on top; column 0 (x 10) the right one.
    EXPECT_EQ(h->values, (std::vector<double>{6, 5, 4, 3, 2, 1}));
    EXPECT_TRUE(h->origin_lower);  // a physical y axis ascends whatever origin says
    EXPECT_FALSE(panel(fig).y.inverted);
    EXPECT_DOUBLE_EQ(h->extent->y_lo, -15);
    EXPECT_DOUBLE_EQ(h->extent->y_hi, 75);
    EXPECT_DOUBLE_EQ(h->extent->x_lo, -5);
    EXPECT_DOUBLE_EQ(h->extent->x_hi, 15);
    EXPECT_EQ(panel(fig).y.label, "latitude");
}

// One physical axis, one index axis: the index axis keeps imshow's -0.5 .. n - 0.5 and
// origin; a dimension name without values still labels its axis.
TEST(FigureCoordinates, IndexAxisBesideAPhysicalOne) {
    AxisCoordinate named;
    named.cells = 2;
    named.name = "band";
    const Figure fig = placed_heatmap(2, 4, {0, 1, 2, 3, 4, 5, 6, 7}, named,
                                      uniform_axis(4, 0, 0.25, "time", "s"), "origin: upper");
    const ImageLayer* h = image(fig);
    ASSERT_NE(h, nullptr);
    EXPECT_FALSE(h->origin_lower);
    EXPECT_TRUE(panel(fig).y.inverted);
    EXPECT_DOUBLE_EQ(panel(fig).y.lo, -0.5);
    EXPECT_DOUBLE_EQ(panel(fig).y.hi, 1.5);
    EXPECT_DOUBLE_EQ(panel(fig).x.lo, -0.125);
    EXPECT_DOUBLE_EQ(panel(fig).x.hi, 0.875);
    EXPECT_EQ(panel(fig).y.label, "band");
    EXPECT_EQ(panel(fig).x.label, "time [s]");
}

// Uneven coordinates give cells of their own sizes: edges as given, or halfway between
// centres with the ends half a step outside (pcolormesh's shading='nearest').
TEST(FigureCoordinates, NonUniformCoordinatesGiveAMesh) {
    const Figure fig = placed_heatmap(2, 5, std::vector<double>(10, 1.0),
                                      values_axis(2, {0.0, 1.0, 3.0}, "depth"),
                                      values_axis(5, {100, 105, 110, 120, 140}, "lon"));
    EXPECT_EQ(image(fig), nullptr);
    const MeshLayer* m = mesh(fig);
    ASSERT_NE(m, nullptr);
    EXPECT_FALSE(m->quads());
    EXPECT_EQ(m->x_edges, (std::vector<double>{97.5, 102.5, 107.5, 115, 130, 150}));
    EXPECT_EQ(m->y_edges, (std::vector<double>{0, 1, 3}));
    EXPECT_DOUBLE_EQ(panel(fig).x.lo, 97.5);
    EXPECT_DOUBLE_EQ(panel(fig).x.hi, 150);
    EXPECT_DOUBLE_EQ(panel(fig).y.lo, 0);
    EXPECT_DOUBLE_EQ(panel(fig).y.hi, 3);
    EXPECT_EQ(panel(fig).x.label, "lon");
    EXPECT_EQ(panel(fig).y.label, "depth");
}

// A rule's x_label / y_label win over the coordinate's.
TEST(FigureCoordinates, RuleLabelsWin) {
    const Figure fig = placed_heatmap(2, 2, {0, 1, 2, 3}, uniform_axis(2, 0, 1, "z", "m"),
                                      uniform_axis(2, 0, 1, "x", "m"), "x_label: 'across', y_label: 'up'");
    // The plan expanded the templates into the task; the test's task has the defaults.
    EXPECT_EQ(panel(fig).x.label, "axis 1");
    EXPECT_EQ(panel(fig).y.label, "axis 0");
}

// 2-D coordinates: quads with corners derived from the centres as pcolormesh does
// (np.diff / 2 along the columns, ends extrapolated, then along the rows).
TEST(FigureCoordinates, CurvilinearCoordinatesGiveQuads) {
    AxisCoordinate lat, lon;
    for (AxisCoordinate* c : {&lat, &lon}) {
        c->form = AxisCoordinate::Form::curvilinear;
        c->spans = {0, 1};
        c->grid = {2, 3};
        c->cells = c == &lat ? 2 : 3;
    }
    // lat = 40 + 2 i + 0.1 j, lon = -10 + 3 j + 0.5 i
    for (int i = 0; i < 2; ++i) {
        for (int j = 0; j < 3; ++j) {
            lat.values.push_back(40 + 2 * i + 0.1 * j);
            lon.values.push_back(-10 + 3 * j + 0.5 * i);
        }
    }
    lat.label = "latitude";
    const Figure fig = placed_heatmap(2, 3, {0, 1, 2, 3, 4, 5}, lat, lon);
    const MeshLayer* m = mesh(fig);
    ASSERT_NE(m, nullptr);
    ASSERT_TRUE(m->quads());
    ASSERT_EQ(m->x_corners.size(), 12U);
    // Linear fields: the corners are the same formula at half-integer (i, j).
    for (int i = 0; i <= 2; ++i) {
        for (int j = 0; j <= 3; ++j) {
            const double ci = i - 0.5, cj = j - 0.5;
            const std::size_t k = static_cast<std::size_t>(i) * 4 + static_cast<std::size_t>(j);
            EXPECT_NEAR(m->y_corners[k], 40 + 2 * ci + 0.1 * cj, 1e-12) << i << "," << j;
            EXPECT_NEAR(m->x_corners[k], -10 + 3 * cj + 0.5 * ci, 1e-12) << i << "," << j;
        }
    }
    EXPECT_NEAR(panel(fig).x.lo, -10 - 1.5 - 0.25, 1e-12);
    EXPECT_NEAR(panel(fig).x.hi, -10 + 7.5 + 0.75, 1e-12);
    EXPECT_EQ(panel(fig).y.label, "latitude");

    // The same grid stored columns first (spans {1, 0}) is transposed into place.
    AxisCoordinate lon_t = lon;
    lon_t.spans = {1, 0};
    lon_t.grid = {3, 2};
    lon_t.values.clear();
    for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 2; ++i) lon_t.values.push_back(-10 + 3 * j + 0.5 * i);
    const Figure t = placed_heatmap(2, 3, {0, 1, 2, 3, 4, 5}, lat, lon_t);
    ASSERT_NE(mesh(t), nullptr);
    EXPECT_EQ(mesh(t)->x_corners, m->x_corners);
}

// A line against its coordinate, labelled by it; edges draw steps, each value flat over
// its cell (matplotlib's stairs).
TEST(FigureCoordinates, LineAgainstItsCoordinateAndSteps) {
    PlotTask t = task("line");
    PlotData data;
    data.series.push_back({t.read.dataset, array({3}, {1, 4, 2})});
    data.coordinates = {values_axis(3, {0.0, 1.0, 4.0}, "time")};
    data.coordinates[0].units = "s";
    const Figure fig = build_figure(t, rule_of("line"), std::move(data), style());
    ASSERT_EQ(lines(fig).size(), 1U);
    EXPECT_EQ(lines(fig)[0]->x, (std::vector<double>{0, 1, 4}));
    EXPECT_EQ(panel(fig).x.label, "time [s]");

    PlotData binned;
    binned.series.push_back({t.read.dataset, array({3}, {1, 4, 2})});
    binned.coordinates = {values_axis(3, {0.0, 1.0, 2.0, 4.0}, "energy")};
    const Figure steps = build_figure(t, rule_of("line", "marker: o"), std::move(binned), style());
    ASSERT_EQ(lines(steps).size(), 1U);
    EXPECT_EQ(lines(steps)[0]->x, (std::vector<double>{0, 1, 1, 2, 2, 4}));
    EXPECT_EQ(lines(steps)[0]->y, (std::vector<double>{1, 1, 4, 4, 2, 2}));
    EXPECT_FALSE(lines(steps)[0]->marker.has_value());
    EXPECT_EQ(panel(steps).x.label, "energy");

    // Uniform edges are steps too (the file gave n + 1 values).
    PlotData even;
    even.series.push_back({t.read.dataset, array({2}, {3, 5})});
    even.coordinates = {values_axis(2, {0.0, 0.5, 1.0})};
    ASSERT_EQ(even.coordinates[0].form, AxisCoordinate::Form::uniform);
    const Figure even_steps = build_figure(t, rule_of("line"), std::move(even), style());
    EXPECT_EQ(lines(even_steps)[0]->x, (std::vector<double>{0, 0.5, 0.5, 1}));
}

// The rule's x of n + 1 values draws steps; of n values it is the points' x, whatever the
// file's coordinate says.
TEST(FigureCoordinates, RuleXEdgesDrawSteps) {
    PlotTask t = task("line");
    t.read.companions = {{"x", "/fields/edges"}};
    PlotData data;
    data.series.push_back({t.read.dataset, array({2}, {7, 9})});
    data.x = array({3}, {10, 20, 40});
    data.coordinates = {values_axis(2, {0.0, 1.0, 2.0})};
    data.coordinates[0].source = CoordinateSource::rule;
    const Figure fig = build_figure(t, rule_of("line", "x: edges"), std::move(data), style());
    ASSERT_EQ(lines(fig).size(), 1U);
    EXPECT_EQ(lines(fig)[0]->x, (std::vector<double>{10, 20, 20, 40}));
    EXPECT_EQ(lines(fig)[0]->y, (std::vector<double>{7, 7, 9, 9}));
    EXPECT_EQ(panel(fig).x.label, "index");  // the task's label: the plan's, from the x dataset
}

// --- Histograms streamed in passes ------------------------------------------------------

// What the renderer streams for data too large to read whole: the values in chunks of
// `chunk`, counting the passes.
ValuePass chunked(const std::vector<double>& values, std::size_t chunk, int* passes = nullptr) {
    return [&values, chunk, passes](const std::function<void(std::span<const double>)>& consume) {
        if (passes) ++*passes;
        for (std::size_t i = 0; i < values.size(); i += chunk) {
            consume(std::span<const double>(values).subspan(i, std::min(chunk, values.size() - i)));
        }
    };
}

// The streamed histogram is the in-memory one: same bins, same counts, same axes.
void expect_same_histogram(const PlotRule& rule, const std::vector<double>& values, std::size_t chunk,
                           const std::optional<SharedRange>& shared = std::nullopt) {
    const PlotTask t = task("histogram");
    PlotData data;
    data.series = {{"/s", array({values.size()}, values), ""}};
    const Figure whole = build_figure(t, rule, std::move(data), style(), shared);
    int passes = 0;
    const Figure streamed = build_streamed_figure(t, rule, chunked(values, chunk, &passes), style(), shared);
    ASSERT_TRUE(bars(whole) && bars(streamed));
    EXPECT_EQ(bars(streamed)->edges, bars(whole)->edges);
    EXPECT_EQ(bars(streamed)->counts, bars(whole)->counts);
    EXPECT_EQ(streamed.ignored, whole.ignored);
    EXPECT_EQ(streamed.vmin, whole.vmin);
    EXPECT_EQ(streamed.vmax, whole.vmax);
    EXPECT_EQ(panel(streamed).x.lo, panel(whole).x.lo);
    EXPECT_EQ(panel(streamed).x.hi, panel(whole).x.hi);
    EXPECT_EQ(panel(streamed).x.integer, panel(whole).x.integer);
    EXPECT_EQ(panel(streamed).y.hi, panel(whole).y.hi);
    EXPECT_LE(passes, 8);  // a tally, a few for the quartiles, the count
    const auto extent = streamed_extent(rule, chunked(values, chunk));
    PlotData again;
    again.series = {{"/s", array({values.size()}, values), ""}};
    EXPECT_EQ(extent, value_extent(rule, again));
}

TEST(StreamedHistogram, CountsEqualTheInMemoryHistogram) {
    std::mt19937_64 random(16);
    std::normal_distribution<double> normal(3, 2);
    std::vector<double> gauss(100003);
    for (double& v : gauss) v = normal(random);
    for (std::size_t i = 0; i < gauss.size(); i += 997) {
        if (i % 2 == 0) {
            gauss[i] = nan;
        } else {
            gauss[i] = inf;
        }
    }
    // Automatic bins (quartiles found in passes), the rule's bins, limits, a log axis.
    for (const std::size_t chunk : {std::size_t{1} << 12, std::size_t{7}, gauss.size() + 5}) {
        SCOPED_TRACE(chunk);
        expect_same_histogram(rule_of("histogram"), gauss, chunk);
    }
    expect_same_histogram(rule_of("histogram", "bins: 37"), gauss, 4096);
    expect_same_histogram(rule_of("histogram", "limits: [0, 4]"), gauss, 4096);
    expect_same_histogram(rule_of("histogram", "xscale: log, log: true"), gauss, 4096);
    // A shared range from other plots.
    expect_same_histogram(rule_of("histogram", "limits: shared"), gauss, 4096, SharedRange{-20, 30});
    // Ties at the quartiles, values over the whole double range, subnormals, and -0 / +0.
    std::vector<double> ties(50001, 1.5);
    for (std::size_t i = 0; i < ties.size(); i += 3) ties[i] = -0.0;
    for (std::size_t i = 1; i < ties.size(); i += 7) ties[i] = 0.0;
    ties[5] = 1e300;
    expect_same_histogram(rule_of("histogram"), ties, 1000);
    std::vector<double> wide;
    wide.reserve(30003);
    for (int i = 0; i < 30000; ++i) {
        wide.push_back(std::ldexp(1.0, (i * 7919) % 2000 - 1000) * (i % 3 == 0 ? -1 : 1));
    }
    wide.push_back(std::numeric_limits<double>::max());
    wide.push_back(-std::numeric_limits<double>::max());
    wide.push_back(std::numeric_limits<double>::denorm_min());
    expect_same_histogram(rule_of("histogram"), wide, 999);
    // More values in the quartiles' bins than are ever held at once (2^21): the passes
    // narrow again before they select.
    std::vector<double> crowded(std::size_t{3} << 20);
    for (std::size_t i = 0; i < crowded.size(); ++i) {
        crowded[i] = 1 + static_cast<double>(i % 1000003) * 1e-12;
    }
    crowded[0] = -1e300;
    expect_same_histogram(rule_of("histogram"), crowded, std::size_t{1} << 18);
}

// The k-th smallest of the values streamed in passes is the sorted values' k-th, for
// ranks at the ends, the middle and the quartiles, on data with ties, signed zeros and
// extremes, and data crowded into one bin of a pass.
TEST(StreamedHistogram, OrderStatisticsAreTheSortedValues) {
    std::mt19937_64 random(7);
    std::vector<std::vector<double>> cases;
    std::vector<double> mixed(20011);
    std::uniform_int_distribution<int> pick(0, 5);
    std::normal_distribution<double> normal;
    for (double& v : mixed) {
        const int k = pick(random);
        v = k == 0 ? -0.0 : k == 1 ? 0.0 : k == 2 ? std::ldexp(normal(random), pick(random) * 200 - 500) : normal(random);
    }
    mixed[3] = std::numeric_limits<double>::max();
    mixed[4] = -std::numeric_limits<double>::max();
    mixed[5] = nan;  // not shown: not counted
    cases.push_back(mixed);
    std::vector<double> crowded(std::size_t{5} << 20);  // more than are ever held at once
    for (std::size_t i = 0; i < crowded.size(); ++i) crowded[i] = 1 + static_cast<double>((i * 7919) % 3000017) * 1e-13;
    crowded[0] = 1e300;  // far ends: all the rest falls into one bin of the first pass
    crowded[1] = -1e300;
    cases.push_back(crowded);
    for (const std::vector<double>& values : cases) {
        std::vector<double> sorted;
        sorted.reserve(values.size());
        for (const double v : values) {
            if (std::isfinite(v)) sorted.push_back(v);
        }
        std::sort(sorted.begin(), sorted.end());
        const std::uint64_t n = sorted.size();
        const std::vector<std::uint64_t> ranks = {0, 1, n / 4, n / 4 + 1, n / 2, 3 * n / 4, n - 2, n - 1};
        int passes = 0;
        const std::vector<double> got = figure_parts::order_statistics(chunked(values, 4099, &passes), Scale::linear,
                                                                       ranks, n, sorted.front(), sorted.back());
        ASSERT_EQ(got.size(), ranks.size());
        for (std::size_t i = 0; i < ranks.size(); ++i) {
            EXPECT_EQ(got[i], sorted[ranks[i]]) << "rank " << ranks[i] << " of " << n;
        }
        EXPECT_LE(passes, 5);
    }
}

TEST(StreamedHistogram, NothingToCountFailsAsInMemory) {
    const std::vector<double> none = {nan, inf, -inf};
    EXPECT_THROW(build_streamed_figure(task("histogram"), rule_of("histogram"), chunked(none, 2), style()),
                 DatasetError);
    EXPECT_EQ(streamed_extent(rule_of("histogram"), chunked(none, 2)), std::nullopt);
}

// --- Integer histograms -------------------------------------------------------------------

TEST(IntegerHistogram, OneBinPerIntegerCentredOnIt) {
    // 2 and 3 in their own bars, which no longer touch and merge into one.
    const std::vector<double> v = {2, 3, 3, 5, 5, 5, 7, nan};
    const Figure fig = build_with(rule_of("histogram"), {{"/i", array({v.size()}, v), ""}});
    ASSERT_TRUE(bars(fig));
    EXPECT_EQ(bars(fig)->edges, (std::vector<double>{1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5}));
    EXPECT_EQ(bars(fig)->counts, (std::vector<double>{1, 2, 0, 3, 0, 1}));
    EXPECT_EQ(bars(fig)->rwidth, 0.8);  // with gaps between them
    EXPECT_TRUE(panel(fig).x.integer);  // integer ticks
    EXPECT_TRUE(panel(fig).y.integer);
    EXPECT_LT(panel(fig).x.lo, 1.5);  // the outer bars are inside the view
    EXPECT_GT(panel(fig).x.hi, 7.5);
    EXPECT_EQ(fig.ignored, 1u);
    // One value: one bar around it.
    const Figure one = build_with(rule_of("histogram"), {{"/i", array({3}, {4, 4, 4}), ""}});
    EXPECT_EQ(bars(one)->edges, (std::vector<double>{3.5, 4.5}));
    EXPECT_EQ(bars(one)->counts, (std::vector<double>{3}));
}

TEST(IntegerHistogram, ExplicitBinsWideRangesAndFractionsBinAsBefore) {
    const std::vector<double> small = {0, 1, 1, 2, 3, 4};
    const Figure given = build_with(rule_of("histogram", "bins: 4"), {{"/i", array({6}, small), ""}});
    EXPECT_EQ(bars(given)->edges, (std::vector<double>{0, 1, 2, 3, 4}));  // `bins:` wins
    EXPECT_EQ(bars(given)->rwidth, 1);
    EXPECT_FALSE(panel(given).x.integer);
    // 100 integers: one bin each; 101: automatic bins.
    std::vector<double> hundred, more;
    hundred.reserve(100);
    for (int i = 0; i < 100; ++i) hundred.push_back(i);
    more = hundred;
    more.push_back(100);
    EXPECT_EQ(bars(build_with(rule_of("histogram"), {{"/i", array({100}, hundred), ""}}))->counts.size(), 100u);
    const Figure wide = build_with(rule_of("histogram"), {{"/i", array({101}, more), ""}});
    EXPECT_EQ(bars(wide)->counts.size(), static_cast<std::size_t>(auto_bins(more)));
    EXPECT_FALSE(panel(wide).x.integer);
    const Figure frac = build_with(rule_of("histogram"), {{"/f", array({3}, {1, 2.5, 3}), ""}});
    EXPECT_FALSE(panel(frac).x.integer);
    EXPECT_EQ(bars(frac)->edges.front(), 1);
    // Explicit limits bound the integers binned; a log x axis bins as before.
    const Figure limited = build_with(rule_of("histogram", "limits: [0.5, 3]"), {{"/i", array({6}, small), ""}});
    EXPECT_EQ(bars(limited)->edges, (std::vector<double>{0.5, 1.5, 2.5, 3.5}));
    EXPECT_EQ(bars(limited)->counts, (std::vector<double>{2, 1, 1}));
    const Figure logx = build_with(rule_of("histogram", "xscale: log"), {{"/i", array({3}, {1, 2, 3}), ""}});
    EXPECT_FALSE(panel(logx).x.integer);
}

// --- Colours and dashes past the tenth line -----------------------------------------------

TEST(FigureKinds, LinesPastTheTenthKeepTheirColourButNotTheirDash) {
    std::vector<SeriesData> series;
    series.reserve(30);
    for (int i = 0; i < 30; ++i) {
        series.push_back({"/g/" + std::to_string(i), array({3}, {1.0 * i, 2, 3}), ""});
    }
    const Figure fig = build_with(rule_of("line"), std::move(series));
    ASSERT_EQ(lines(fig).size(), 30u);
    for (std::size_t i = 0; i < 10; ++i) {
        for (const std::size_t j : {i + 10, i + 20}) {
            // matplotlib repeats tab10 alone: line 11 would be line 1 again.
            EXPECT_EQ(lines(fig)[j]->color, lines(fig)[i]->color);
            EXPECT_NE(lines(fig)[j]->dash, lines(fig)[i]->dash) << i << " and " << j;
        }
        EXPECT_EQ(lines(fig)[i]->dash, Dash::solid);
        EXPECT_EQ(lines(fig)[i + 10]->dash, Dash::dashed);
        EXPECT_EQ(lines(fig)[i + 20]->dash, Dash::dotted);
    }
    // Each of the 20 first lines differs from every other in colour or dash.
    for (std::size_t i = 0; i < 20; ++i) {
        for (std::size_t j = i + 1; j < 20; ++j) {
            EXPECT_TRUE(lines(fig)[i]->color != lines(fig)[j]->color || lines(fig)[i]->dash != lines(fig)[j]->dash);
        }
    }
    // A rule's own colour draws every line alike, solid.
    std::vector<SeriesData> red;
    red.reserve(12);
    for (int i = 0; i < 12; ++i) red.push_back({"/g/" + std::to_string(i), array({2}, {1, 2}), ""});
    const Figure same = build_with(rule_of("line", "color: red"), std::move(red));
    EXPECT_EQ(lines(same)[11]->dash, Dash::solid);
}

TEST(FigureKinds, RuleLegendKeyPlacesEveryPanelsLegend) {
    const Figure fig = build_with(rule_of("line", "legend: lower left"),
                                  {{"/g/a", array({3}, {1, 2, 3}), ""}});
    EXPECT_EQ(panel(fig).legend, LegendPlace::lower_left);  // even one line, when asked
    const Figure two = build_with(rule_of("line", "legend: none"),
                                  {{"/g/a", array({2}, {1, 2}), ""}, {"/g/b", array({2}, {2, 1}), ""}});
    EXPECT_EQ(panel(two).legend, LegendPlace::none);
    const Figure one = build_with(rule_of("line"), {{"/g/a", array({2}, {1, 2}), ""}});
    EXPECT_EQ(panel(one).legend, LegendPlace::none);  // a lone line needs none by default
}

}  // namespace
}  // namespace plotcluster
