// kind: contour (src/figure/kinds/contour.cpp): marching squares on hand-made grids, the
// bands that tile the field, the levels, the keys and the messages of bad data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/chart.hpp"
#include "plotcluster/figure/figure.hpp"
#include "support/kind_fixture.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
using test::rule_of;

PlotTask task() {
    return test::kind_task("contour", "/data/run_0001.h5", "/fields/psi",
                           {"psi (run_0001)", "axis 1", "axis 0", "Stream function"});
}

FigureConfig style() { return test::kind_style(); }

AxisCoordinate uniform_axis(std::uint64_t cells, double start, double step) {
    AxisCoordinate c;
    c.form = AxisCoordinate::Form::uniform;
    c.cells = cells;
    c.start = start;
    c.step = step;
    c.label = "x";
    c.units = "m";
    c.source = CoordinateSource::openpmd;
    return c;
}

// A contour of `values` (rows x cols), on indices or on the coordinates given.
Figure contour(std::uint64_t rows, std::uint64_t cols, std::vector<double> values,
               std::string_view options = "", std::vector<AxisCoordinate> coordinates = {}) {
    const PlotTask t = task();
    PlotData data;
    data.series.push_back({t.read.dataset, Array{{rows, cols}, std::move(values)}});
    data.coordinates = std::move(coordinates);
    return build_figure(t, rule_of("contour", options), std::move(data), style());
}

std::vector<const PolygonsLayer*> polygon_layers(const Figure& f) {
    std::vector<const PolygonsLayer*> out;
    for (const Layer& layer : f.panels.at(0).layers) {
        if (const auto* p = std::get_if<PolygonsLayer>(&layer)) out.push_back(p);
    }
    return out;
}

// A field sampled at n x n points over [-2, 2]², as rows (y) of columns (x).
std::vector<double> sampled(std::size_t n, double (*fn)(double, double)) {
    std::vector<double> v(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double x = -2 + 4.0 * static_cast<double>(j) / static_cast<double>(n - 1);
            const double y = -2 + 4.0 * static_cast<double>(i) / static_cast<double>(n - 1);
            v[i * n + j] = fn(x, y);
        }
    }
    return v;
}

double cone(double x, double y) { return std::hypot(x, y); }

std::vector<AxisCoordinate> square_axes(std::size_t n) {
    const double step = 4.0 / static_cast<double>(n - 1);
    return {uniform_axis(n, -2, step), uniform_axis(n, -2, step)};
}

// The signed area of a ring (shoelace): counter-clockwise positive.
double signed_area(const std::vector<Point>& ring) {
    double a = 0;
    for (std::size_t k = 0; k < ring.size(); ++k) {
        const Point& p = ring[k];
        const Point& q = ring[(k + 1) % ring.size()];
        a += p.x * q.y - q.x * p.y;
    }
    return a / 2;
}

// The area a band's even-odd polygons cover: its rings' signed areas add up (holes run
// the other way round).
double band_area(const PolygonsLayer& band) {
    double a = 0;
    for (const Polygon& p : band.polygons)
        for (const auto& ring : p.rings) a += signed_area(ring);
    return std::abs(a);
}

std::string dataset_error(std::uint64_t rows, std::uint64_t cols, std::vector<double> values,
                          std::string_view options = "") {
    try {
        contour(rows, cols, std::move(values), options);
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string config_error(std::string_view options) {
    std::string error = test::config_error_of("contour", options);
    return error.empty() ? "(no error)" : error;
}

// --- Marching squares ------------------------------------------------------------------

// A cone: each level is one closed ring at its radius (within the error of interpolating
// linearly between samples 0.1 apart).
TEST(ContourLines, ConeGivesOneRingPerLevelAtItsRadius) {
    const Figure fig = contour(41, 41, sampled(41, cone), "levels: [0.5, 1, 1.5]", square_axes(41));
    const auto layers = polygon_layers(fig);
    ASSERT_EQ(layers.size(), 3U);
    const std::vector<double> radii = {0.5, 1, 1.5};
    for (std::size_t l = 0; l < 3; ++l) {
        const PolygonsLayer& layer = *layers[l];
        EXPECT_FALSE(layer.closed);  // open paths, stroked
        ASSERT_TRUE(layer.outline);
        ASSERT_EQ(layer.polygons.size(), 1U) << "level " << radii[l];
        ASSERT_EQ(layer.polygons[0].rings.size(), 1U);
        const auto& ring = layer.polygons[0].rings[0];
        ASSERT_GT(ring.size(), 16U);
        EXPECT_EQ(ring.front(), ring.back()) << "a closed ring repeats its first point";
        for (const Point& p : ring) EXPECT_NEAR(std::hypot(p.x, p.y), radii[l], 0.01);
        EXPECT_NEAR(std::abs(signed_area(ring)), std::numbers::pi * radii[l] * radii[l], 0.02);
    }
}

// A saddle (1 0 / 0 1): the mean of the corners, 0.5, decides which corners join. Under
// the level the centre is low, so the two high corners are cut off alone; over it they
// join across the cell and the low corners are cut off.
TEST(ContourLines, SaddlesAreToldApartByTheCellMean) {
    const std::vector<double> saddle = {1, 0, 0, 1};  // (x=0,y=0)=1, (1,0)=0, (0,1)=0, (1,1)=1
    const auto segments = [&](std::string_view levels) {
        const Figure fig = contour(2, 2, saddle, levels);
        const auto layers = polygon_layers(fig);
        EXPECT_EQ(layers.size(), 1U);
        std::vector<std::vector<Point>> out;
        for (const Polygon& p : layers.at(0)->polygons) out.push_back(p.rings.at(0));
        for (auto& s : out)
            std::sort(s.begin(), s.end(), [](Point a, Point b) { return a.x < b.x; });
        std::sort(out.begin(), out.end(),
                  [](const auto& a, const auto& b) { return a[0].y < b[0].y; });
        return out;
    };
    const auto high = segments("levels: [0.6]");  // centre 0.5 below: cut off (0,0) and (1,1)
    ASSERT_EQ(high.size(), 2U);
    EXPECT_EQ(high[0], (std::vector<Point>{{0, 0.4}, {0.4, 0}}));
    EXPECT_EQ(high[1], (std::vector<Point>{{0.6, 1}, {1, 0.6}}));
    const auto low = segments("levels: [0.4]");  // centre 0.5 above: cut off (1,0) and (0,1)
    ASSERT_EQ(low.size(), 2U);
    EXPECT_EQ(low[0], (std::vector<Point>{{0.6, 0}, {1, 0.4}}));
    EXPECT_EQ(low[1], (std::vector<Point>{{0, 0.6}, {0.4, 1}}));
}

// A NaN leaves a hole: no line through the four cells around it, so the line at x = 2.5
// of z = x breaks in two there.
TEST(ContourLines, NanCellsLeaveHoles) {
    std::vector<double> z(25);
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 5; ++j) z[i * 5 + j] = static_cast<double>(j);
    z[2 * 5 + 2] = nan;
    const Figure fig = contour(5, 5, z, "levels: [2.5]");
    EXPECT_EQ(fig.ignored, 1U);
    const auto layers = polygon_layers(fig);
    ASSERT_EQ(layers.size(), 1U);
    ASSERT_EQ(layers[0]->polygons.size(), 2U);
    for (const Polygon& p : layers[0]->polygons) {
        ASSERT_EQ(p.rings.size(), 1U);
        EXPECT_EQ(p.rings[0].size(), 2U);  // one cell's segment, y 0 to 1 or 3 to 4
        for (const Point& q : p.rings[0]) {
            EXPECT_DOUBLE_EQ(q.x, 2.5);
            EXPECT_FALSE(q.y > 1 && q.y < 3) << q.y;
        }
    }
    // The line at x = 0.5 is far from the hole: one open line from y = 0 to y = 4.
    const Figure whole = contour(5, 5, z, "levels: [0.5]");
    ASSERT_EQ(polygon_layers(whole)[0]->polygons.size(), 1U);
    EXPECT_EQ(polygon_layers(whole)[0]->polygons[0].rings[0].size(), 5U);
}

// The same field gives the same layers, point for point.
TEST(ContourLines, OutputIsDeterministic) {
    const auto wavy = [](double x, double y) {
        return std::sin(2 * x) * std::cos(3 * y) + 0.1 * x;
    };
    const auto a = contour(30, 30, sampled(30, wavy), "levels: 12");
    const auto b = contour(30, 30, sampled(30, wavy), "levels: 12");
    const auto la = polygon_layers(a), lb = polygon_layers(b);
    ASSERT_EQ(la.size(), lb.size());
    ASSERT_GT(la.size(), 5U);
    for (std::size_t k = 0; k < la.size(); ++k) {
        ASSERT_EQ(la[k]->polygons.size(), lb[k]->polygons.size());
        for (std::size_t p = 0; p < la[k]->polygons.size(); ++p)
            EXPECT_EQ(la[k]->polygons[p].rings, lb[k]->polygons[p].rings);
    }
}

// --- Filled bands ----------------------------------------------------------------------

// The bands tile the field: their areas add up to the grid's cells less those with a NaN
// corner, whatever the saddles; each band is one even-odd polygon (an annulus of the cone
// has its hole as a second ring).
TEST(ContourBands, BandsTileTheFieldExceptNanCells) {
    const auto wavy = [](double x, double y) {
        return std::sin(2 * x) * std::cos(3 * y) + 0.1 * x * y;
    };
    const std::size_t n = 25;
    std::vector<double> z = sampled(n, wavy);
    z[3 * n + 4] = nan;              // an inner point: 4 cells
    z[0 * n + 10] = nan;             // on the border: 2 cells
    z[(n - 1) * n + (n - 1)] = nan;  // a corner: 1 cell
    const Figure fig = contour(n, n, z, "filled: true, levels: 9");
    const auto bands = polygon_layers(fig);
    ASSERT_GE(bands.size(), 6U);
    double total = 0;
    for (const PolygonsLayer* band : bands) {
        EXPECT_TRUE(band->closed);
        EXPECT_GT(band->fill.a, 0);
        ASSERT_TRUE(band->outline) << "each band is outlined in its own colour against seams";
        EXPECT_EQ(band->outline->color, band->fill);
        EXPECT_LE(band->polygons.size(), 1U);
        total += band_area(*band);
    }
    const double cells = static_cast<double>((n - 1) * (n - 1) - 4 - 2 - 1);
    EXPECT_NEAR(total, cells, 1e-9);
    // The colorbar: one block per band, in the band's colour, between its levels.
    ASSERT_TRUE(fig.panels[0].colorbar);
    const Colorbar& cb = *fig.panels[0].colorbar;
    ASSERT_EQ(cb.boundaries.size(), bands.size() + 1);
    ASSERT_EQ(cb.colors.size(), bands.size());
    for (std::size_t k = 0; k < bands.size(); ++k) EXPECT_EQ(cb.colors[k], bands[k]->fill);
    EXPECT_EQ(cb.vmin, cb.boundaries.front());
    EXPECT_EQ(cb.vmax, cb.boundaries.back());
}

TEST(ContourBands, AnAnnulusIsARingWithAHole) {
    const Figure fig =
        contour(41, 41, sampled(41, cone), "filled: true, levels: [0.5, 1, 1.5]", square_axes(41));
    const auto bands = polygon_layers(fig);
    ASSERT_EQ(bands.size(), 2U);
    ASSERT_EQ(bands[0]->polygons.size(), 1U);
    EXPECT_EQ(bands[0]->polygons[0].rings.size(), 2U);
    EXPECT_NEAR(band_area(*bands[0]), std::numbers::pi * (1 - 0.25), 0.03);
    EXPECT_NEAR(band_area(*bands[1]), std::numbers::pi * (2.25 - 1), 0.03);
}

// Drawn antialiased, neighbouring bands leave no seam: no pixel inside the axes is lighter
// than the pixels on both sides of it (viridis darkens monotonically downwards, so the
// background showing through would be), where 0.35 pt outlines left 2500.
TEST(ContourBands, NeighbouringBandsLeaveNoSeam) {
    const auto wavy = [](double x, double y) {
        return std::sin(1.3 * x) * std::cos(1.1 * y) + 0.2 * x;
    };
    Figure fig = contour(60, 60, sampled(60, wavy), "filled: true, levels: 12", square_axes(60));
    fig.title.clear();
    fig.panels[0].colorbar.reset();
    static const FontFace face("DejaVu Sans");
    CairoCanvas canvas(fig.width, fig.height, face);
    draw_figure(fig, canvas);
    const RgbImageView v = canvas.rgb();
    const auto light = [&](int x, int y) {
        const std::uint8_t* p = v.data + static_cast<std::size_t>(y) * v.stride +
                                std::size_t{3} * static_cast<std::size_t>(x);
        return p[0] + p[1] + p[2];
    };
    // Well inside the axes (which span most of the 640×480 figure).
    int seams = 0;
    for (int y = 100; y < 380; ++y) {
        for (int x = 150; x < 490; ++x) {
            const int l = light(x, y);
            seams += (l > light(x - 1, y) + 8 && l > light(x + 1, y) + 8) ? 1 : 0;
            seams += (l > light(x, y - 1) + 8 && l > light(x, y + 1) + 8) ? 1 : 0;
        }
    }
    EXPECT_EQ(seams, 0);
}

// extend: both adds a band below the first level and one above the last, coloured by the
// colormap's ends; together they cover the whole field.
TEST(ContourBands, ExtendAddsTheBandsBeyondTheLevels) {
    const Figure fig = contour(41, 41, sampled(41, cone),
                               "filled: true, levels: [0.5, 1], extend: both", square_axes(41));
    const auto bands = polygon_layers(fig);
    ASSERT_EQ(bands.size(), 3U);
    double total = 0;
    for (const auto* b : bands) total += band_area(*b);
    EXPECT_NEAR(total, 16, 1e-9);
    const Colormap& viridis = *Colormap::find("viridis");
    EXPECT_EQ(bands.front()->fill.r, viridis.at(0).r / 255.0);
    EXPECT_EQ(bands.back()->fill.r, viridis.at(1).r / 255.0);
}

// --- Levels ----------------------------------------------------------------------------

// The levels of a figure of lines on z = x + 2 y over 2×2 points (x, y in {0, 1}): one
// layer per level, whose points say which it is.
std::vector<double> line_levels(const Figure& fig) {
    std::vector<double> out;
    for (const auto* l : polygon_layers(fig)) {
        if (l->polygons.empty()) continue;
        const Point p = l->polygons[0].rings.at(0).at(0);
        out.push_back(p.x + 2 * p.y);
    }
    return out;
}

// A 2×2 field z = x + 2 y scaled to [lo, hi].
std::vector<double> ramp(double lo, double hi) {
    return {lo, lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3, hi};
}
double unramp(double v, double lo, double hi) { return lo + v * (hi - lo) / 3; }

// `levels: N` as matplotlib's MaxNLocator(N + 1): for data over [-0.99, 1.1] and 10, steps
// of 0.2; lines strictly inside the data, bands covering it.
TEST(ContourLevels, NiceLevelsLikeMatplotlib) {
    const std::vector<double> z = ramp(-0.99, 1.1);
    const Figure lines = contour(2, 2, z, "levels: 10");
    const std::vector<double> expected = {-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1.0};
    const auto got = line_levels(lines);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t k = 0; k < got.size(); ++k)
        EXPECT_NEAR(unramp(got[k], -0.99, 1.1), expected[k], 1e-9);
    const Figure bands = contour(2, 2, z, "filled: true, levels: 10");
    EXPECT_NEAR(bands.vmin, -1.0, 1e-12);
    EXPECT_NEAR(bands.vmax, 1.2, 1e-12);
    EXPECT_EQ(polygon_layers(bands).size(), 11U);
}

// Levels step through matplotlib's contour staircase (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ),
// finer than an axis's: `levels: 6` over [0.0025, 1.95] are 0.3 apart, six lines, as
// matplotlib's contour(levels=6) draws them (axis steps would give 0.5, three lines).
TEST(ContourLevels, LevelStepsAreMatplotlibsContourSteps) {
    const std::vector<double> z = ramp(0.0025, 1.95);
    const auto got = line_levels(contour(2, 2, z, "levels: 6"));
    const std::vector<double> expected = {0.3, 0.6, 0.9, 1.2, 1.5, 1.8};
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t k = 0; k < got.size(); ++k)
        EXPECT_NEAR(unramp(got[k], 0.0025, 1.95), expected[k], 1e-9);
}

TEST(ContourLevels, ExplicitLevelsAreSortedAndUsedAsGiven) {
    const Figure fig = contour(2, 2, ramp(0, 3), "levels: [2.5, 0.5, 1.5]");
    const auto got = line_levels(fig);
    ASSERT_EQ(got.size(), 3U);
    EXPECT_NEAR(got[0], 0.5, 1e-12);
    EXPECT_NEAR(got[1], 1.5, 1e-12);
    EXPECT_NEAR(got[2], 2.5, 1e-12);
    // A level outside the data draws nothing, but is no error.
    EXPECT_TRUE(fig.notes.empty());
    const Figure outside = contour(2, 2, {0, 1, 2, 3}, "levels: [1.5, 7, -1]");
    ASSERT_EQ(polygon_layers(outside).size(), 3U);
    EXPECT_TRUE(polygon_layers(outside)[0]->polygons.empty());
    EXPECT_FALSE(polygon_layers(outside)[1]->polygons.empty());
    EXPECT_TRUE(polygon_layers(outside)[2]->polygons.empty());
    // The row says which levels drew nothing.
    EXPECT_EQ(outside.notes,
              (std::vector<std::string>{
                  "contour levels outside the values of '/fields/psi' (0 to 3) have no line: "
                  "\xE2\x88\x92"
                  "1, 7"}));
}

// norm: log spaces the levels by factors: decades for data over three decades.
TEST(ContourLevels, LogNormGivesLogSpacedLevels) {
    const Figure fig = contour(2, 2, {1, 30, 300, 1000}, "norm: log");
    EXPECT_EQ(polygon_layers(fig).size(), 2U);
    EXPECT_EQ(fig.vmin, 10);
    EXPECT_EQ(fig.vmax, 100);
    const Figure bands = contour(2, 2, {1, 30, 300, 1000}, "norm: log, filled: true");
    EXPECT_EQ(bands.vmin, 1);
    EXPECT_EQ(bands.vmax, 1000);
    // Within a decade or two: 1, 2, 5 steps.
    const Figure narrow = contour(2, 2, {1.5, 3, 20, 40}, "norm: log");
    EXPECT_EQ(polygon_layers(narrow).size(), 4U);  // 2, 5, 10, 20
    EXPECT_EQ(narrow.vmin, 2);
    EXPECT_EQ(narrow.vmax, 20);
}

// --- Colours ---------------------------------------------------------------------------

TEST(ContourColours, LinesFollowTheColormapOrOneColour) {
    const Figure fig = contour(2, 2, {0, 1, 2, 3}, "levels: [0.5, 1.5, 2.5]");
    const auto layers = polygon_layers(fig);
    const Colormap& viridis = *Colormap::find("viridis");
    EXPECT_EQ(layers.front()->outline->color.g, viridis.at(0).g / 255.0);
    EXPECT_EQ(layers.back()->outline->color.g, viridis.at(1).g / 255.0);
    EXPECT_FALSE(fig.panels[0].colorbar);
    const Figure red = contour(2, 2, {0, 1, 2, 3}, "levels: [0.5, 1.5], color: red, linewidth: 3");
    for (const auto* l : polygon_layers(red)) {
        EXPECT_EQ(l->outline->color, (Color{1, 0, 0, 1}));
        EXPECT_EQ(l->outline->width_pt, 3);
    }
}

// labels: true writes each level's value on its lines, as matplotlib's clabel formats
// them (one decimal count, Unicode minus), in the line's colour; over filled bands the
// labels are black and the lines not stroked.
TEST(ContourLabels, LevelsWrittenOnTheirLines) {
    const Figure fig =
        contour(41, 41, sampled(41, cone), "levels: [0.5, 1, 1.5], labels: true", square_axes(41));
    std::vector<const LabelledLinesLayer*> layers;
    for (const Layer& l : fig.panels[0].layers) {
        EXPECT_FALSE(std::holds_alternative<PolygonsLayer>(l));
        if (const auto* p = std::get_if<LabelledLinesLayer>(&l)) layers.push_back(p);
    }
    ASSERT_EQ(layers.size(), 3U);
    const std::vector<std::string> texts = {"0.5", "1.0", "1.5"};
    for (std::size_t k = 0; k < 3; ++k) {
        ASSERT_EQ(layers[k]->lines.size(), 1U);
        EXPECT_EQ(layers[k]->lines[0].text, texts[k]);
        EXPECT_EQ(layers[k]->text_color, layers[k]->color);
        EXPECT_EQ(layers[k]->width_pt, 1.5);
        for (const Point& q : layers[k]->lines[0].points)
            EXPECT_NEAR(std::hypot(q.x, q.y), 0.5 * (k + 1.0), 0.01);
    }
    const Figure negative = contour(2, 2, {-1, 0, 0, 1}, "levels: [-0.5, 0.5], labels: true");
    EXPECT_EQ(std::get<LabelledLinesLayer>(negative.panels[0].layers[0]).lines.at(0).text,
              "\xE2\x88\x92"
              "0.5");
    const Figure filled =
        contour(41, 41, sampled(41, cone), "filled: true, levels: [0.5, 1, 1.5], labels: true",
                square_axes(41));
    const auto& last = filled.panels[0].layers.back();
    ASSERT_TRUE(std::holds_alternative<LabelledLinesLayer>(last));
    EXPECT_EQ(std::get<LabelledLinesLayer>(last).width_pt, 0);
    EXPECT_EQ(std::get<LabelledLinesLayer>(last).text_color, (Color{0, 0, 0, 1}));
}

// --- Coordinates -----------------------------------------------------------------------

// The points sit at the cells' centres on the coordinates, and the axes end at the
// outermost ones (as matplotlib's contour of a pcolormesh's centres).
TEST(ContourCoordinates, PointsAtCellCentresOnTheAxes) {
    const Figure fig = contour(2, 3, {0, 1, 2, 0, 1, 2}, "levels: [0.5]",
                               {uniform_axis(2, 10, 5), uniform_axis(3, 100, -2)});
    const Panel& p = fig.panels[0];
    EXPECT_EQ(p.x.lo, 96);
    EXPECT_EQ(p.x.hi, 100);
    EXPECT_EQ(p.y.lo, 10);
    EXPECT_EQ(p.y.hi, 15);
    EXPECT_EQ(p.x.label, "x [m]");
    const auto& ring = polygon_layers(fig)[0]->polygons.at(0).rings.at(0);
    for (const Point& q : ring) EXPECT_DOUBLE_EQ(q.x, 99);  // halfway from 100 to 98
}

// On a curvilinear grid each point sits where its 2-D coordinates say: on a sheared grid
// (x = j + 0.5 i, y = i) the level j = 0.5 runs along x = 0.5 + 0.5 y.
TEST(ContourCoordinates, CurvilinearGrid) {
    const std::size_t rows = 4, cols = 3;
    AxisCoordinate ys, xs;
    for (auto* c : {&ys, &xs}) {
        c->form = AxisCoordinate::Form::curvilinear;
        c->spans = {0, 1};
        c->grid = {rows, cols};
        c->values.resize(rows * cols);
    }
    std::vector<double> z(rows * cols);
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < cols; ++j) {
            xs.values[i * cols + j] = static_cast<double>(j) + 0.5 * static_cast<double>(i);
            ys.values[i * cols + j] = static_cast<double>(i);
            z[i * cols + j] = static_cast<double>(j);
        }
    }
    xs.cells = cols;
    ys.cells = rows;
    const Figure fig = contour(rows, cols, z, "levels: [0.5]", {ys, xs});
    const auto& ring = polygon_layers(fig).at(0)->polygons.at(0).rings.at(0);
    ASSERT_EQ(ring.size(), rows);
    for (const Point& q : ring) EXPECT_NEAR(q.x, 0.5 + 0.5 * q.y, 1e-12);
    EXPECT_EQ(fig.panels[0].x.lo, 0);
    EXPECT_EQ(fig.panels[0].x.hi, 3.5);
}

// --- Keys and messages -----------------------------------------------------------------

TEST(ContourConfig, Keys) {
    const auto values =
        test::option_values(rule_of("contour", "levels: 5, filled: true, extend: max"));
    EXPECT_EQ(values.at("level_count"), "5");
    EXPECT_EQ(values.at("filled"), "true");
    EXPECT_NE(config_error("levels: [1, 1]").find("twice"), std::string::npos);
    EXPECT_NE(config_error("levels: 0").find("levels"), std::string::npos);
    EXPECT_NE(config_error("extend: both").find("filled"), std::string::npos);
    EXPECT_NE(config_error("norm: log, levels: [-1, 1]").find("positive"), std::string::npos);
    EXPECT_NE(config_error("yscale: log").find("norm: log"), std::string::npos);
    EXPECT_NE(config_error("colormap: no_such_map").find("no_such_map"), std::string::npos);
    EXPECT_NE(config_error("extend: sideways").find("sideways"), std::string::npos);
    EXPECT_EQ(
        config_error("levels: [0.5], color: white, linewidth: 0.8, labels: true, x: xc, y: yc"),
        "(no error)");
}

TEST(ContourErrors, BadDataSaysWhy) {
    EXPECT_EQ(dataset_error(2, 2, {3.5, 3.5, nan, 3.5}),
              "a contour needs values that vary; every finite value of '/fields/psi' is 3.5");
    EXPECT_EQ(dataset_error(2, 2, {nan, nan, nan, nan}),
              "no finite values to contour in '/fields/psi' (all NaN or Inf)");
    EXPECT_EQ(dataset_error(2, 2, {-1, 0, -2, 0}, "norm: log"),
              "no positive finite values to contour with a log norm in '/fields/psi'");
    EXPECT_EQ(dataset_error(1, 4, {1, 2, 3, 4}),
              "a contour needs 2-D data; '/fields/psi' has shape 1×4");
    const PlotTask t = task();
    PlotData cube;
    cube.series.push_back({t.read.dataset, Array{{2, 2, 2}, std::vector<double>(8, 1.0)}});
    try {
        build_figure(t, rule_of("contour"), std::move(cube), style());
        ADD_FAILURE() << "a 3-D dataset drew";
    } catch (const DatasetError& e) {
        EXPECT_EQ(std::string(e.what()), "a contour needs 2-D data; '/fields/psi' has shape 2×2×2");
    }
}

}  // namespace
}  // namespace plotcluster
