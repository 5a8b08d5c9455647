// The quiver kind: its keys, where its arrows go, how long they are, the reference
// arrow, colouring by magnitude, and the failed rows of bad fields.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/plan/plan.hpp"
#include "support/recording_canvas.hpp"
#include "support/kind_fixture.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

using test::option_values;
using test::rule_of;
using Shape = std::vector<std::uint64_t>;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

PlotTask task() {
    return test::kind_task("quiver", "/data/run_0001.h5", "/fields/rho",
                           {"rho (run_0001)", "axis 1", "axis 0", "rho"});
}

FigureConfig style() { return test::kind_style(); }

// A field of rows x cols cells whose vector at (i, j) is `at(i, j)`.
template <class F>
PlotData uv_field(std::uint64_t rows, std::uint64_t cols, F at) {
    PlotData data;
    std::vector<double> grid(rows * cols, 1.0), u(rows * cols), v(rows * cols);
    for (std::uint64_t i = 0; i < rows; ++i) {
        for (std::uint64_t j = 0; j < cols; ++j) {
            const auto [a, b] = at(i, j);
            u[i * cols + j] = a;
            v[i * cols + j] = b;
        }
    }
    data.series.push_back({"/fields/rho", Array{{rows, cols}, grid}});
    data.companions.push_back({"u", "/fields/vx", Array{{rows, cols}, u}});
    data.companions.push_back({"v", "/fields/vy", Array{{rows, cols}, v}});
    return data;
}

PlotData constant_field(std::uint64_t rows, std::uint64_t cols, double u, double v) {
    return uv_field(rows, cols, [&](std::uint64_t, std::uint64_t) { return std::pair{u, v}; });
}

std::string uv(std::string_view more = "") {
    std::string s = "u: /fields/vx, v: /fields/vy";
    if (!more.empty()) s += ", " + std::string(more);
    return s;
}

Figure build(PlotData data, std::string_view options) {
    return build_figure(task(), rule_of("quiver", options), std::move(data), style());
}

ArrowsLayer arrows(const Figure& f) {
    const ArrowsLayer* a = find_layer<ArrowsLayer>(f.panels.at(0));
    if (a == nullptr) throw std::logic_error("no arrows layer");
    return *a;
}

std::string build_error(PlotData data, std::string_view options) {
    try {
        build(std::move(data), options);
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "";
}

// --- config keys ---------------------------------------------------------------------

TEST(KindQuiver, KeysParseIntoOptions) {
    const PlotRule r =
        rule_of("quiver", uv("stride: [2, 3], scale: 0.5, color_by: magnitude, colormap: magma, "
                             "pivot: middle, key: false, key_units: m/s"));
    const auto o = option_values(r);
    EXPECT_EQ(o.at("u"), "/fields/vx");
    EXPECT_EQ(o.at("v"), "/fields/vy");
    EXPECT_EQ(o.at("stride"), "[2, 3]");
    EXPECT_EQ(o.at("scale"), "0.5");
    EXPECT_EQ(o.at("color_by"), "1");
    EXPECT_EQ(o.at("colormap"), "magma");
    EXPECT_EQ(o.at("pivot"), "1");
    EXPECT_EQ(o.at("key"), "false");
    EXPECT_EQ(o.at("key_units"), "m/s");
    // A single stride stands for both axes.
    EXPECT_EQ(option_values(rule_of("quiver", "stride: 4")).at("stride"), "[4]");
}

TEST(KindQuiver, BadKeysAreConfigErrors) {
    EXPECT_THROW(rule_of("quiver", "u: /fields/vx"), ConfigError);  // v missing
    EXPECT_THROW(rule_of("quiver", "v: /fields/vy"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "stride: 2.5"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "stride: 0"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "stride: [1, 2, 3]"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "scale: 0"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "color_by: speed"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "colormap: magma"), ConfigError);  // without color_by
    EXPECT_THROW(rule_of("quiver", "color_by: magnitude, color: red"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "u: /f/*, v: /f/vy"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "pivot: head"), ConfigError);
    EXPECT_THROW(rule_of("quiver", "yscale: log"), ConfigError);
    EXPECT_THROW(rule_of("heatmap", "stride: 2"), ConfigError);  // quiver's key only
    try {
        rule_of("quiver", "u: /fields/vx");
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("u: and v: go together"), std::string::npos)
            << e.what();
    }
}

// --- thinning ------------------------------------------------------------------------

// About 25 arrows across the wider axis, the same stride in cells on both, sampled at
// cell centres with equal margins at both ends.
TEST(KindQuiver, AutomaticStrideLeavesAbout25ArrowsAcross) {
    const Figure fig = build(constant_field(100, 200, 1, 0), uv());
    const ArrowsLayer& a = arrows(fig);
    // 200 columns / 25 = stride 8: columns 3, 11, ..., 195 (25); rows 1, 9, ..., 97 (13).
    ASSERT_EQ(a.x.size(), 25U * 13U);
    EXPECT_EQ(a.x.front(), 3);
    EXPECT_EQ(a.y.front(), 1);
    EXPECT_EQ(a.x[24], 195);
    EXPECT_EQ(a.x[25], 3);
    EXPECT_EQ(a.y[25], 9);
    EXPECT_EQ(a.y.back(), 97);
    // Margins of 3 and 4 columns, 1 and 2 rows: the odd cell goes to the far end.
    EXPECT_EQ(199 - a.x.back(), a.x.front() + 1);
    // The axes are the heatmap's of the same grid, cell centres on integers.
    EXPECT_EQ(fig.panels[0].x.lo, -0.5);
    EXPECT_EQ(fig.panels[0].x.hi, 199.5);
    EXPECT_EQ(fig.panels[0].y.hi, 99.5);
    // A small field draws every cell.
    EXPECT_EQ(arrows(build(constant_field(6, 9, 1, 0), uv())).x.size(), 54U);
}

TEST(KindQuiver, StrideOverridesPerAxis) {
    const ArrowsLayer& a = arrows(build(constant_field(10, 12, 1, 0), uv("stride: [3, 5]")));
    // Rows 0, 3, 6, 9 (no cell left over); columns every 5 of 12: 0, 5, 10 (one left over, at the
    // end).
    ASSERT_EQ(a.x.size(), 4U * 3U);
    EXPECT_EQ(a.y[0], 0);
    EXPECT_EQ(a.y[3], 3);
    EXPECT_EQ(a.y.back(), 9);
    EXPECT_EQ(a.x[0], 0);
    EXPECT_EQ(a.x[1], 5);
    EXPECT_EQ(a.x[2], 10);
    const ArrowsLayer& one = arrows(build(constant_field(10, 12, 1, 0), uv("stride: 4")));
    // Rows 0..9 every 4: 0, 4, 8 leaves 1 over: starts at 0; columns 0..11: 0, 4, 8 leaves 3:
    // starts at 1.
    EXPECT_EQ(one.x.size(), 9U);
    EXPECT_EQ(one.x[0], 1);
    EXPECT_EQ(one.y[0], 0);
}

// The components pick the vector of the sampled cell, not a neighbour's.
TEST(KindQuiver, SamplesTheVectorOfEachDrawnCell) {
    const auto data = uv_field(10, 10, [](std::uint64_t i, std::uint64_t j) {
        return std::pair{static_cast<double>(j) + 1, static_cast<double>(i) + 1};
    });
    const ArrowsLayer& a = arrows(build(data, uv("stride: 3")));
    for (std::size_t k = 0; k < a.x.size(); ++k) {
        EXPECT_EQ(a.u[k], a.x[k] + 1);
        EXPECT_EQ(a.v[k], a.y[k] + 1);
    }
}

// --- scale and key -------------------------------------------------------------------

// The median magnitude of the drawn arrows is 0.6 of the spacing between them (about
// matplotlib's autoscale).
TEST(KindQuiver, TypicalArrowSpansTheSpacing) {
    // 50 x 50: stride 2, spacing 2 cells; magnitude 4 everywhere.
    const ArrowsLayer& a = arrows(build(constant_field(50, 50, 0, 4), uv()));
    EXPECT_DOUBLE_EQ(a.scale * 4, 0.6 * 2);
    // A few huge vectors do not shrink the rest (the median, not the mean or maximum).
    auto data = uv_field(50, 50, [](std::uint64_t i, std::uint64_t j) {
        return std::pair{i == 25 && j == 25 ? 1000.0 : 3.0, 0.0};
    });
    EXPECT_DOUBLE_EQ(arrows(build(data, uv("stride: 1"))).scale * 3, 0.6);
    // NaN and zero vectors are not typical.
    auto holes = uv_field(10, 10, [](std::uint64_t i, std::uint64_t) {
        return i < 6 ? std::pair{nan, 0.0} : i < 8 ? std::pair{0.0, 0.0} : std::pair{5.0, 0.0};
    });
    const Figure fig = build(holes, uv());
    EXPECT_DOUBLE_EQ(arrows(fig).scale * 5, 0.6);
    EXPECT_EQ(fig.ignored, 60U);  // the NaN vectors
    // `scale:` wins.
    EXPECT_EQ(arrows(build(constant_field(50, 50, 0, 4), uv("scale: 0.25"))).scale, 0.25);
}

// The shaft is matplotlib's default width: 0.06 of the axes' width over the square root of
// the arrow count, that root clamped to [8, 25]; the head is 3 shafts wide and 5 long.
TEST(KindQuiver, ShaftIsMatplotlibsWidthForTheArrowCount) {
    const ArrowsLayer few = arrows(build(constant_field(4, 4, 1, 0), uv()));  // 16 arrows
    EXPECT_DOUBLE_EQ(few.shaft, 0.06 / 8);
    const ArrowsLayer mid = arrows(build(constant_field(16, 25, 1, 0), uv("stride: 1")));
    EXPECT_DOUBLE_EQ(mid.shaft, 0.06 / 20);  // 400 arrows
    const ArrowsLayer many = arrows(build(constant_field(40, 40, 1, 0), uv("stride: 1")));
    EXPECT_DOUBLE_EQ(many.shaft, 0.06 / 25);  // 1600 arrows: no thinner than at 625
    EXPECT_EQ(mid.head_width, 3);
    EXPECT_EQ(mid.head_length, 5);
}

// In physical coordinates the spacing is in the axes' units, and the arrows sit at the
// cell centres the heatmap of the same grid draws.
TEST(KindQuiver, PhysicalCoordinatesPlaceTheArrows) {
    PlotData data = constant_field(4, 5, 1, 1);
    AxisCoordinate rows, cols;
    rows.form = cols.form = AxisCoordinate::Form::uniform;
    rows.cells = 4;
    cols.cells = 5;
    rows.start = 10;
    rows.step = 0.5;
    cols.start = -1;
    cols.step = 0.25;
    rows.units = cols.units = "m";
    rows.name = "z";
    cols.name = "x";
    rows.label = "z";
    cols.label = "x";
    data.coordinates = {rows, cols};
    const Figure fig = build(std::move(data), uv());
    const ArrowsLayer& a = arrows(fig);
    EXPECT_DOUBLE_EQ(a.x[0], -1);
    EXPECT_DOUBLE_EQ(a.x[4], 0);
    EXPECT_DOUBLE_EQ(a.y[0], 10);
    EXPECT_DOUBLE_EQ(a.y.back(), 11.5);
    EXPECT_DOUBLE_EQ(fig.panels[0].x.lo, -1.125);  // outer cell edges
    EXPECT_DOUBLE_EQ(fig.panels[0].y.hi, 11.75);
    EXPECT_EQ(fig.panels[0].x.label, "x [m]");
    EXPECT_EQ(fig.panels[0].aspect.ratio, std::optional<double>(1.0));
    // Spacing: the narrower of 0.25 (x) and 0.5 (y); magnitude sqrt(2).
    EXPECT_DOUBLE_EQ(a.scale * std::sqrt(2.0), 0.6 * 0.25);
}

// On a curvilinear grid (2-D coordinates) each arrow sits where its cell's 2-D coordinates
// put it, and the axes span the quads a heatmap of it would draw.
TEST(KindQuiver, CurvilinearCoordinatesPlaceEachArrow) {
    PlotData data = constant_field(2, 3, 1, 0);
    AxisCoordinate lat, lon;
    lat.form = lon.form = AxisCoordinate::Form::curvilinear;
    lat.cells = 2;
    lon.cells = 3;
    lat.spans = lon.spans = {0, 1};
    lat.grid = lon.grid = {2, 3};
    lon.values = {0, 1, 2, 0.5, 1.5, 2.5};  // sheared: row 1 is half a cell to the right
    lat.values = {10, 10, 10, 11, 11, 11};
    data.coordinates = {lat, lon};
    const Figure fig = build(std::move(data), uv());
    const ArrowsLayer& a = arrows(fig);
    EXPECT_EQ(a.x, (std::vector<double>{0, 1, 2, 0.5, 1.5, 2.5}));
    EXPECT_EQ(a.y, (std::vector<double>{10, 10, 10, 11, 11, 11}));
    EXPECT_DOUBLE_EQ(fig.panels[0].y.lo, 9.5);
    EXPECT_DOUBLE_EQ(fig.panels[0].y.hi, 11.5);
}

// The key shows a round value (1, 2 or 5 times a power of ten) nearest the typical magnitude.
TEST(KindQuiver, KeyIsARoundValueNearTheTypicalMagnitude) {
    const auto key = [](double m, std::string_view more = "") {
        const ArrowsLayer& a = arrows(build(constant_field(8, 8, m, 0), uv(more)));
        EXPECT_TRUE(a.key.has_value());
        return a.key.value_or(ArrowKey{});
    };
    EXPECT_EQ(key(3).magnitude, 2);
    EXPECT_EQ(key(3.4).magnitude, 5);
    EXPECT_EQ(key(7.5).magnitude, 10);
    EXPECT_DOUBLE_EQ(key(0.031).magnitude, 0.02);  // nearer 0.02 than 0.05 on a log scale
    EXPECT_DOUBLE_EQ(key(1e-7).magnitude, 1e-7);
    EXPECT_EQ(key(3).label, "2");
    EXPECT_EQ(key(3, "key_units: m/s").label, "2 m/s");
    EXPECT_EQ(key(0.031).label, "0.02");
    // Without key_units, the u dataset's `units` attribute (as the plan found it).
    PlotData with_units = constant_field(8, 8, 3, 0);
    with_units.companions[0].units = "km/s";
    EXPECT_EQ(arrows(build(with_units, uv())).key->label, "2 km/s");
    EXPECT_EQ(arrows(build(with_units, uv("key_units: m/s"))).key->label, "2 m/s");
    // Components on the last axis: the units openPMD gives the record.
    PlotData record;
    record.series.push_back({"/data/meshes/E", Array{{2, 2, 2}, {3, 0, 3, 0, 3, 0, 3, 0}}});
    record.value_units = "V m^-1";
    EXPECT_EQ(arrows(build(std::move(record), "")).key->label, "2 V m^-1");
    EXPECT_FALSE(arrows(build(constant_field(8, 8, 1, 0), uv("key: false"))).key.has_value());
}

// The key is drawn in the axes' upper right corner: its frame, an arrow as long as the
// key's magnitude at the layer's scale, and its label.
TEST(KindQuiver, KeyIsDrawnInTheUpperRightCorner) {
    const Figure fig = build(constant_field(20, 20, 3, 0), uv("key_units: m/s"));
    test::RecordingCanvas c(640, 480);
    draw_figure(fig, c);
    const auto labels = c.texts_equal("2 m/s");
    ASSERT_EQ(labels.size(), 1U);
    const Rect axes = c.clips.at(0);
    EXPECT_GT(labels[0].anchor.x, axes.x + axes.w / 2);
    EXPECT_LT(labels[0].anchor.y, axes.y + axes.h / 4);
    // The last fill is the key's arrow: from its tail to its tip 2 * scale data units.
    const auto& key_arrow = c.fill_paths.back().rings.at(0);
    double lo = 1e9, hi = -1e9;
    for (const Point& p : key_arrow) {
        lo = std::min(lo, p.x);
        hi = std::max(hi, p.x);
    }
    const ArrowsLayer& a = arrows(fig);
    const double px_per_unit = axes.w / (fig.panels[0].x.hi - fig.panels[0].x.lo);
    EXPECT_NEAR(hi - lo, 2 * a.scale * px_per_unit, 1e-6);
    EXPECT_LT(hi, labels[0].anchor.x);
    // The field's arrows are one path, drawn before the key.
    EXPECT_EQ(c.fill_paths.at(c.fill_paths.size() - 2).rings.size(), 400U);
}

// --- colouring -----------------------------------------------------------------------

TEST(KindQuiver, ColorByMagnitudeColoursEachArrowWithAColorbar) {
    auto data = uv_field(4, 4, [](std::uint64_t i, std::uint64_t j) {
        return std::pair{3.0 * static_cast<double>(i + 1), 4.0 * static_cast<double>(j + 1)};
    });
    const Figure fig = build(data, uv("color_by: magnitude, colormap: plasma, key_units: m/s"));
    const ArrowsLayer& a = arrows(fig);
    ASSERT_EQ(a.values.size(), 16U);
    for (std::size_t k = 0; k < 16; ++k) EXPECT_DOUBLE_EQ(a.values[k], std::hypot(a.u[k], a.v[k]));
    ASSERT_NE(a.colormap, nullptr);
    EXPECT_EQ(a.colormap->name(), "plasma");
    EXPECT_DOUBLE_EQ(a.vmin, 5);
    EXPECT_DOUBLE_EQ(a.vmax, 20);
    ASSERT_TRUE(fig.panels[0].colorbar.has_value());
    EXPECT_EQ(fig.panels[0].colorbar->label, "magnitude [m/s]");
    EXPECT_DOUBLE_EQ(fig.panels[0].colorbar->vmax, 20);
    // Explicit limits set the colour range.
    const ArrowsLayer& limited = arrows(build(data, uv("color_by: magnitude, limits: [0, 10]")));
    EXPECT_EQ(limited.vmax, 10);
    // Drawn one by one in their colours: the ends of the map at the smallest and largest.
    test::RecordingCanvas c(640, 480);
    draw_figure(fig, c);
    std::size_t single = 0;
    for (const auto& call : c.fill_paths) single += call.rings.size() == 1 ? 1 : 0;
    EXPECT_GE(single, 16U);
    // Without color_by, one colour and no colorbar.
    const Figure plain = build(data, uv());
    EXPECT_TRUE(arrows(plain).values.empty());
    EXPECT_FALSE(plain.panels[0].colorbar.has_value());
    EXPECT_EQ(arrows(plain).color, (Color{0, 0, 0, 1}));
}

// --- components on the last axis -----------------------------------------------------

TEST(KindQuiver, ComponentsFromALastAxisOfTwoOrThree) {
    for (const std::uint64_t k : {2U, 3U}) {
        std::vector<double> values(k * 12U);
        for (std::size_t c = 0; c < 12; ++c) {
            values[c * k] = static_cast<double>(c);
            values[c * k + 1] = -static_cast<double>(c) - 1;
            if (k == 3) values[c * k + 2] = 99;  // w is not drawn
        }
        PlotData data;
        data.series.push_back({"/fields/v", Array{{3, 4, k}, values}});
        const ArrowsLayer& a = arrows(build(std::move(data), ""));
        ASSERT_EQ(a.u.size(), 12U);
        EXPECT_EQ(a.u[5], 5);
        EXPECT_EQ(a.v[5], -6);
        EXPECT_EQ(a.x[5], 1);
        EXPECT_EQ(a.y[5], 1);
    }
}

// --- failed rows ---------------------------------------------------------------------

TEST(KindQuiver, EveryVectorZeroOrNanFailsTheRow) {
    const std::string message = "no arrows to draw: every vector is zero or NaN";
    EXPECT_EQ(build_error(constant_field(5, 5, 0, 0), uv()), message);
    EXPECT_EQ(build_error(constant_field(5, 5, nan, 1), uv()), message);
    EXPECT_EQ(
        build_error(uv_field(4, 4,
                             [](std::uint64_t i, std::uint64_t) {
                                 return i % 2 == 0 ? std::pair{0.0, 0.0} : std::pair{1.0, nan};
                             }),
                    uv()),
        message);
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

PlotTask planned(const PlotRule& r, std::vector<DatasetInfo> datasets) {
    Catalog cat;
    cat.files = {"/data/run_0001.h5"};
    cat.datasets = std::move(datasets);
    Config c;
    c.base_dir = "/cfg";
    c.output.dir = "/out";
    c.plots = {r};
    const Plan plan = make_plan(c, cat);
    EXPECT_EQ(plan.tasks.size(), 1U);
    return plan.tasks.at(0);
}

// The plan fails the row when u and v do not have the shape of the data (and so of each
// other), naming the dataset, both shapes and what is needed.
TEST(KindQuiver, UAndVOfDifferentShapesFailThroughThePlan) {
    const PlotRule r = rule_of("quiver", "u: vx, v: vy", "/fields/rho");
    const PlotTask ok =
        planned(r, {dataset("/fields/rho", {40, 50}), dataset("/fields/vx", {40, 50}),
                    dataset("/fields/vy", {40, 50})});
    EXPECT_EQ(ok.job.error, "");
    ASSERT_EQ(ok.read.companions.size(), 2U);
    EXPECT_EQ(ok.read.companions[0], (Companion{"u", "/fields/vx", true}));
    EXPECT_EQ(ok.read.companions[1], (Companion{"v", "/fields/vy", true}));
    // The plan carries the components' units for the key.
    std::vector<DatasetInfo> with_units = {dataset("/fields/rho", {40, 50}),
                                           dataset("/fields/vx", {40, 50}),
                                           dataset("/fields/vy", {40, 50})};
    with_units[1].attrs["units"] = "m/s";
    EXPECT_EQ(planned(r, with_units).read.companions[0].units, "m/s");
    const PlotTask bad =
        planned(r, {dataset("/fields/rho", {40, 50}), dataset("/fields/vx", {40, 50}),
                    dataset("/fields/vy", {40, 51})});
    EXPECT_NE(bad.job.error.find("v dataset '/fields/vy' has shape 40×51 but the data has 40×50"),
              std::string::npos)
        << bad.job.error;
    EXPECT_NE(bad.job.error.find("v needs the data's shape"), std::string::npos) << bad.job.error;
    const PlotTask missing =
        planned(r, {dataset("/fields/rho", {40, 50}), dataset("/fields/vx", {40, 50})});
    EXPECT_NE(missing.job.error.find("v dataset '/fields/vy' does not exist"), std::string::npos)
        << missing.job.error;
    // The built figure checks too, when the data reached it some other way.
    PlotData odd = constant_field(4, 5, 1, 1);
    odd.companions[1].values = Array{{4, 4}, std::vector<double>(16, 1.0)};
    EXPECT_NE(build_error(odd, uv()).find("v dataset '/fields/vy' has shape 4×4"),
              std::string::npos);
}

// Without u: and v: the data's last axis must hold 2 or 3 components.
TEST(KindQuiver, LastAxisNotTwoOrThreeFailsThroughThePlan) {
    const PlotRule r = rule_of("quiver", "", "/fields/v");
    const PlotTask bad = planned(r, {dataset("/fields/v", {40, 50})});
    EXPECT_NE(bad.job.error.find(
                  "quiver without u: and v: needs the vector components on a last axis of length 2 "
                  "or 3; shape 40×50 has a last axis of 50"),
              std::string::npos)
        << bad.job.error;
    EXPECT_NE(bad.job.error.find("give u: and v: datasets"), std::string::npos);
    EXPECT_EQ(planned(r, {dataset("/fields/v", {40, 50, 2})}).job.error, "");
    EXPECT_EQ(planned(r, {dataset("/fields/v", {40, 50, 3})}).job.error, "");
    // A 4-D grid of vectors needs a slice, as a heatmap's 3-D data does.
    EXPECT_NE(planned(r, {dataset("/fields/v", {5, 40, 50, 2})}).job.error.find("add"),
              std::string::npos);
    EXPECT_EQ(planned(rule_of("quiver", "slice: {axis: 0, index: 2}", "/fields/v"),
                      {dataset("/fields/v", {5, 40, 50, 2})})
                  .job.error,
              "");
    // Reached the figure anyway (no plan), it says the same.
    PlotData flat;
    flat.series.push_back({"/fields/v", Array{{4, 5}, std::vector<double>(20, 1.0)}});
    EXPECT_NE(build_error(std::move(flat), "")
                  .find("needs the components on a last axis of length 2 or 3"),
              std::string::npos);
}

}  // namespace
}  // namespace plotcluster
