// The streamlines kind: its keys, where its lines go (straight in a uniform flow, closed
// in a rotation, straight in data units on a non-uniform grid), how far apart they are,
// their heads and colours, and the failed rows of bad fields.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/figure.hpp"
#include "support/kind_fixture.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

using test::option_values;
using test::rule_of;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

PlotTask task() {
    return test::kind_task("streamlines", "/data/run_0001.h5", "/fields/rho",
                           {"rho (run_0001)", "axis 1", "axis 0", "rho"});
}

// A field of rows x cols cells whose vector at row i, column j is `at(i, j)`.
template <class F>
PlotData uv_field(std::uint64_t rows, std::uint64_t cols, F at) {
    PlotData data;
    std::vector<double> grid(rows * cols, 1.0), u(rows * cols), v(rows * cols);
    for (std::uint64_t i = 0; i < rows; ++i) {
        for (std::uint64_t j = 0; j < cols; ++j) {
            const auto [a, b] = at(static_cast<double>(i), static_cast<double>(j));
            u[i * cols + j] = a;
            v[i * cols + j] = b;
        }
    }
    data.series.push_back({"/fields/rho", Array{{rows, cols}, grid}});
    data.companions.push_back({"u", "/fields/vx", Array{{rows, cols}, u}});
    data.companions.push_back({"v", "/fields/vy", Array{{rows, cols}, v}});
    return data;
}

std::string uv(std::string_view more = "") {
    std::string s = "u: /fields/vx, v: /fields/vy";
    if (!more.empty()) s += ", " + std::string(more);
    return s;
}

Figure build(PlotData data, std::string_view options = uv()) {
    return build_figure(task(), rule_of("streamlines", options), std::move(data),
                        test::kind_style());
}

std::string build_error(PlotData data, std::string_view options = uv()) {
    try {
        build(std::move(data), options);
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "";
}

struct Line {
    std::vector<double> x, y, values;
};

// The drawn lines, split at the NaN between them.
std::vector<Line> lines(const Figure& f) {
    const LinesLayer* s = find_layer<LinesLayer>(f.panels.at(0));
    if (s == nullptr) throw std::logic_error("no lines layer");
    std::vector<Line> out(1);
    for (std::size_t i = 0; i < s->x.size(); ++i) {
        if (std::isnan(s->x[i])) {
            out.emplace_back();
            continue;
        }
        out.back().x.push_back(s->x[i]);
        out.back().y.push_back(s->y[i]);
        if (!s->values.empty()) out.back().values.push_back(s->values[i]);
    }
    return out;
}

const ArrowsLayer& heads(const Figure& f) {
    const ArrowsLayer* a = find_layer<ArrowsLayer>(f.panels.at(0));
    if (a == nullptr) throw std::logic_error("no heads layer");
    return *a;
}

TEST(KindStreamlines, KeysParseIntoOptions) {
    const auto o = option_values(rule_of(
        "streamlines", uv("density: [2, 1.5], color_by: magnitude, colormap: magma, linewidth: 1, "
                          "arrow_size: 0")));
    EXPECT_EQ(o.at("u"), "/fields/vx");
    EXPECT_EQ(o.at("density"), "[2, 1.5]");
    EXPECT_EQ(o.at("color_by"), "1");  // the enum's index: magnitude
    EXPECT_EQ(o.at("colormap"), "magma");
    EXPECT_EQ(o.at("linewidth"), "1");
    EXPECT_EQ(o.at("arrow_size"), "0");
}

TEST(KindStreamlines, BadKeysAreConfigErrors) {
    EXPECT_THROW(rule_of("streamlines", "u: /fields/vx"), ConfigError);  // u without v
    EXPECT_THROW(rule_of("streamlines", "u: '/fields/v*', v: /fields/vy"), ConfigError);
    EXPECT_THROW(rule_of("streamlines", uv("density: 0")), ConfigError);
    EXPECT_THROW(rule_of("streamlines", uv("density: [1, 2, 3]")), ConfigError);
    EXPECT_THROW(rule_of("streamlines", uv("colormap: magma")), ConfigError);  // no color_by
    EXPECT_THROW(rule_of("streamlines", uv("color_by: magnitude, color: red")), ConfigError);
    EXPECT_THROW(rule_of("streamlines", uv("color_by: speed")), ConfigError);
    EXPECT_THROW(rule_of("streamlines", uv("xscale: log")), ConfigError);
    EXPECT_THROW(rule_of("streamlines", uv("arrow_size: -1")), ConfigError);
}

// A uniform flow along x: one straight line per row of the 30-row mask, from the first
// column's centre to the last, evenly spaced over the rows, each with a head along +x.
TEST(KindStreamlines, UniformFlowGivesOneStraightLinePerMaskRow) {
    const Figure fig = build(uv_field(20, 40, [](double, double) { return std::pair{2.0, 0.0}; }));
    const std::vector<Line> drawn = lines(fig);
    ASSERT_EQ(drawn.size(), 30U);
    std::vector<double> ys;
    for (const Line& l : drawn) {
        ASSERT_GE(l.x.size(), 2U);
        for (const double y : l.y) EXPECT_EQ(y, l.y.front());
        EXPECT_DOUBLE_EQ(*std::min_element(l.x.begin(), l.x.end()), 0);
        EXPECT_NEAR(*std::max_element(l.x.begin(), l.x.end()), 39, 1e-9);
        ys.push_back(l.y.front());
    }
    std::sort(ys.begin(), ys.end());
    for (std::size_t k = 0; k < ys.size(); ++k) EXPECT_NEAR(ys[k], 19.0 * k / 29, 1e-9);
    const ArrowsLayer& a = heads(fig);
    ASSERT_EQ(a.x.size(), 30U);
    for (std::size_t k = 0; k < a.x.size(); ++k) {
        EXPECT_GT(a.u[k], 0);
        EXPECT_EQ(a.v[k], 0);
        EXPECT_NEAR(a.x[k], 19.5, 1);  // the middle of the line's length
    }
    EXPECT_DOUBLE_EQ(a.head_pt, 4 + 1.5);  // matplotlib's 4 pt head and its 1.5 pt edge
}

// A solid-body rotation: every line stays on its circle (RK12's error bound), and the
// lines fill the field from the border inwards as concentric rings.
TEST(KindStreamlines, RotationKeepsEachLineOnItsCircle) {
    const double c = 20;
    const Figure fig = build(uv_field(41, 41, [&](double i, double j) {
        return std::pair{-(i - c), j - c};
    }));
    const std::vector<Line> drawn = lines(fig);
    ASSERT_GE(drawn.size(), 5U);
    for (const Line& l : drawn) {
        double lo = 1e300, hi = 0;
        for (std::size_t k = 0; k < l.x.size(); ++k) {
            const double r = std::hypot(l.x[k] - c, l.y[k] - c);
            lo = std::min(lo, r);
            hi = std::max(hi, r);
        }
        if (hi > 19.5) continue;  // leaves the grid at a corner: not a whole circle
        EXPECT_LT(hi - lo, 0.03 * hi + 0.05) << "radius " << lo << ".." << hi;
    }
}

// On a grid whose columns are not evenly spaced the field is converted cell by cell: a
// flow along the diagonal in data units stays on its diagonal (y - x constant).
TEST(KindStreamlines, NonUniformColumnsKeepLinesStraightInDataUnits) {
    PlotData data = uv_field(20, 30, [](double, double) { return std::pair{1.0, 1.0}; });
    AxisCoordinate rows, cols;
    rows.form = AxisCoordinate::Form::uniform;
    rows.cells = 20;
    rows.start = 0;
    rows.step = 1;
    cols.form = AxisCoordinate::Form::points;
    cols.cells = 30;
    for (int j = 0; j < 30; ++j) cols.values.push_back(0.02 * j * j);  // 0 .. 16.8
    rows.units = cols.units = "m";
    rows.name = "y";
    cols.name = "x";
    data.coordinates = {rows, cols};
    const std::vector<Line> drawn = lines(build(std::move(data)));
    ASSERT_GE(drawn.size(), 5U);
    for (const Line& l : drawn) {
        const double offset = l.y.front() - l.x.front();
        for (std::size_t k = 0; k < l.x.size(); ++k)
            EXPECT_NEAR(l.y[k] - l.x[k], offset, 0.05) << "at (" << l.x[k] << ", " << l.y[k] << ")";
    }
}

// `density` scales the mask: twice the density, twice the lines of a uniform flow.
TEST(KindStreamlines, DensityScalesTheMask) {
    auto flow = [] {
        return uv_field(20, 40, [](double, double) { return std::pair{0.0, -1.0}; });
    };
    EXPECT_EQ(lines(build(flow())).size(), 30U);  // one per mask column
    EXPECT_EQ(lines(build(flow(), uv("density: 2"))).size(), 60U);
    EXPECT_EQ(lines(build(flow(), uv("density: [0.5, 3]"))).size(), 15U);
    EXPECT_EQ(find_layer<ArrowsLayer>(build(flow(), uv("arrow_size: 0")).panels.at(0)), nullptr);
}

// color_by: magnitude: each point carries the speed there, heads too, with a colorbar in
// the units of u over the field's range of speeds.
TEST(KindStreamlines, ColorByMagnitudeColoursEachSegment) {
    PlotData data = uv_field(10, 20, [](double, double j) { return std::pair{1.0 + j, 0.0}; });
    data.companions[0].units = "m/s";
    const Figure fig = build(std::move(data), uv("color_by: magnitude, colormap: magma"));
    for (const Line& l : lines(fig)) {
        ASSERT_EQ(l.values.size(), l.x.size());
        for (std::size_t k = 0; k < l.x.size(); ++k) EXPECT_NEAR(l.values[k], 1 + l.x[k], 1e-9);
    }
    ASSERT_TRUE(fig.panels[0].colorbar.has_value());
    EXPECT_EQ(fig.panels[0].colorbar->label, "magnitude [m/s]");
    EXPECT_DOUBLE_EQ(fig.panels[0].colorbar->vmin, 1);
    EXPECT_DOUBLE_EQ(fig.panels[0].colorbar->vmax, 20);
    EXPECT_EQ(heads(fig).values.size(), heads(fig).x.size());
}

// A hole of NaN vectors: lines stop at it, never cross it, and its cells count as ignored.
TEST(KindStreamlines, NanCellsStopTheLines) {
    const Figure fig = build(uv_field(20, 40, [](double i, double j) {
        return i >= 5 && i <= 14 && j >= 15 && j <= 24 ? std::pair{nan, nan} : std::pair{1.0, 0.0};
    }));
    EXPECT_EQ(fig.ignored, 100U);
    for (const Line& l : lines(fig)) {
        for (std::size_t k = 0; k < l.x.size(); ++k) {
            const bool inside = l.x[k] > 15 && l.x[k] < 24 && l.y[k] > 5 && l.y[k] < 14;
            EXPECT_FALSE(inside) << "(" << l.x[k] << ", " << l.y[k] << ")";
        }
    }
}

// --- failed rows ---------------------------------------------------------------------

TEST(KindStreamlines, BadFieldsFailTheRow) {
    const std::string none = "no streamlines to draw: every vector is zero or NaN";
    EXPECT_EQ(build_error(uv_field(6, 6,
                                   [](double, double) {
                                       return std::pair{0.0, 0.0};
                                   })),
              none);
    EXPECT_EQ(build_error(uv_field(6, 6,
                                   [](double, double) {
                                       return std::pair{nan, 1.0};
                                   })),
              none);
    EXPECT_EQ(build_error(uv_field(1, 6,
                                   [](double, double) {
                                       return std::pair{1.0, 0.0};
                                   })),
              "streamlines needs a 2-D grid; '/fields/rho' has shape 1×6");
    PlotData curved = uv_field(3, 4, [](double, double) { return std::pair{1.0, 0.0}; });
    AxisCoordinate lon, lat;
    lon.form = lat.form = AxisCoordinate::Form::curvilinear;
    lon.values.assign(12, 0);
    lat.values.assign(12, 0);
    for (std::size_t i = 0; i < 3; ++i) {
        for (std::size_t j = 0; j < 4; ++j) {
            lon.values[i * 4 + j] = static_cast<double>(j) + 0.1 * static_cast<double>(i);
            lat.values[i * 4 + j] = static_cast<double>(i);
        }
    }
    lon.spans = lat.spans = {0, 1};
    lon.grid = lat.grid = {3, 4};
    curved.coordinates = {lat, lon};
    EXPECT_NE(build_error(std::move(curved)).find("need a rectilinear grid"), std::string::npos);
    PlotData wrong = uv_field(4, 4, [](double, double) { return std::pair{1.0, 0.0}; });
    wrong.companions[1].values = Array{{2, 8}, std::vector<double>(16, 1.0)};
    wrong.companions[1].values.values.resize(15);
    EXPECT_NE(build_error(std::move(wrong)).find("v dataset '/fields/vy' has shape"),
              std::string::npos);
}

}  // namespace
}  // namespace plotcluster
