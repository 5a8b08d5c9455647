// Chart logic against a recording canvas (no pixels, just what would be drawn), and the
// layers that fill paths drawn into a Cairo canvas, checked by their pixels.
#include "plotcluster/figure/chart.hpp"

#include <gtest/gtest.h>

#include <iomanip>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <memory>
#include <tuple>

#include "plotcluster/canvas/cairo_canvas.hpp"
#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/error.hpp"
#include "support/recording_canvas.hpp"
#include "support/rules.hpp"

using namespace plotcluster;
using plotcluster::test::RecordingCanvas;
using plotcluster::test::TextCall;
using plotcluster::test::PolylineCall;

namespace {

Figure line(std::vector<double> y, double lo, double hi) {
    Figure f;
    f.title = "Energy (run_0001)";
    Panel& p = f.panels.emplace_back();
    p.x = {"index", -0.5, static_cast<double>(y.size()) - 0.5};
    p.y = {"Energy [J]", lo, hi};
    LinesLayer s;
    for (std::size_t i = 0; i < y.size(); ++i) s.x.push_back(static_cast<double>(i));
    s.y = std::move(y);
    s.color = {0, 0, 1, 1};
    p.layers.emplace_back(std::move(s));
    return f;
}

LinesLayer& first_line(Figure& f) { return std::get<LinesLayer>(f.panels.at(0).layers.at(0)); }

bool inside(const Rect& inner, const Rect& outer) {
    return inner.x >= outer.x - 1e-9 && inner.y >= outer.y - 1e-9 &&
           inner.right() <= outer.right() + 1e-9 && inner.bottom() <= outer.bottom() + 1e-9;
}

bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

}  // namespace

TEST(Chart, LineFigureDrawsAxesTicksLabelsAndTitle) {
    RecordingCanvas c(800, 600);
    draw_figure(line({0, 2, 4, 6, 8, 10}, 0, 10), c);
    ASSERT_EQ(c.clears.size(), 1u);
    EXPECT_EQ(c.clears[0], (Color{1, 1, 1, 1}));
    ASSERT_EQ(c.clips.size(), 1u);  // the axes box
    const Rect axes = c.clips[0];
    EXPECT_GT(axes.w, 600);
    EXPECT_GT(axes.h, 400);
    ASSERT_FALSE(c.frames.empty());

    // The data line: 6 points, the first at x = 0 (half a unit right of the left edge).
    const auto& data = c.polylines.at(0);
    ASSERT_EQ(data.points.size(), 6u);
    EXPECT_NEAR(data.points[0].x, axes.x + axes.w * 0.5 / 6, 1e-9);
    EXPECT_NEAR(data.points[0].y, axes.bottom(), 1e-9);
    EXPECT_NEAR(data.points[5].y, axes.y, 1e-9);

    for (const char* label : {"0", "2", "4", "6", "8", "10"})
        EXPECT_FALSE(c.texts_equal(label).empty()) << label;
    EXPECT_EQ(c.texts_equal("Energy (run_0001)").size(), 1u);
    EXPECT_EQ(c.texts_equal("index").size(), 1u);
    const auto ylabel = c.texts_equal("Energy [J]");
    ASSERT_EQ(ylabel.size(), 1u);
    EXPECT_EQ(ylabel[0].style.angle, 90);
}

TEST(Chart, NoTextLeavesTheFigureOrOverlapsAnother) {
    for (auto [w, h] : {std::pair{800, 600}, {320, 240}, {1600, 400}}) {
        RecordingCanvas c(w, h);
        Figure f = line({1e5, 1.5e5, 1.2e5}, 0.98e5, 1.52e5);
        f.width = w;
        f.height = h;
        f.title = "A rather long title for a small figure";
        draw_figure(f, c);
        const Rect page{0, 0, static_cast<double>(w), static_cast<double>(h)};
        std::vector<Rect> boxes;
        for (const auto& t : c.texts) {
            boxes.push_back(c.text_box(t));
            EXPECT_TRUE(inside(boxes.back(), page)) << t.text << " in " << w << "x" << h;
        }
        for (std::size_t i = 0; i < boxes.size(); ++i)
            for (std::size_t j = i + 1; j < boxes.size(); ++j)
                EXPECT_FALSE(overlap(boxes[i], boxes[j]))
                    << c.texts[i].text << " / " << c.texts[j].text << " in " << w << "x" << h;
    }
}

// matplotlib's ScalarFormatter: a multiplier from 1e6 (1e5 is written out), drawn over
// the top left of the y axis.
TEST(Chart, LargeValuesGetAScientificMultiplier) {
    RecordingCanvas c(800, 600);
    draw_figure(line({1e6, 2e6, 3e6}, 1e6, 3e6), c);
    const auto multiplier = c.texts_equal("1e6");
    ASSERT_EQ(multiplier.size(), 1u);
    ASSERT_EQ(c.clips.size(), 1u);
    const Rect axes = c.clips[0];
    EXPECT_NEAR(multiplier[0].anchor.x, axes.x, 1);
    EXPECT_LT(multiplier[0].anchor.y, axes.y);
    EXPECT_EQ(multiplier[0].style.halign, HAlign::left);
    EXPECT_FALSE(c.texts_equal("2.0").empty());
    RecordingCanvas plain(800, 600);
    draw_figure(line({1e5, 2e5, 3e5}, 1e5, 3e5), plain);
    EXPECT_FALSE(plain.texts_equal("200000").empty());
    for (const auto& t : plain.texts) EXPECT_EQ(t.text.find("1e"), std::string::npos) << t.text;
}

// The cases: 1.7e9 plus noise and 1 plus 1e-12 noise read "+1.7e9" and
// "1e−12+1" over the axis, with short labels, and at 320 px wide the axes keep most of the
// figure (they had 45% of it with labels like "1.00000000000100").
TEST(Chart, TinyRangeFarFromZeroGetsAnOffset) {
    const std::string minus = "\xE2\x88\x92";
    for (auto [centre, noise, text] : {std::tuple{1.7e9, 0.4, std::string("+1.7e9")},
                                       std::tuple{1.0, 2e-12, "1e" + minus + "12+1"}}) {
        for (int w : {320, 800}) {
            SCOPED_TRACE(testing::Message() << text << " at " << w);
            Figure f = line({centre - noise, centre + noise / 3, centre + noise}, centre - 1.1 * noise,
                            centre + 1.1 * noise);
            f.width = w;
            f.height = w * 3 / 4;
            RecordingCanvas c(f.width, f.height);
            draw_figure(f, c);
            const auto offset = c.texts_equal(text);
            ASSERT_EQ(offset.size(), 1u);
            const Rect axes = c.clips.at(0);
            EXPECT_LT(offset[0].anchor.y, axes.y);
            EXPECT_GT(axes.w, 0.65 * w);
            // The y labels: short numbers around 0.
            EXPECT_FALSE(c.texts_equal("0").empty() && c.texts_equal("0.0").empty() &&
                         c.texts_equal("0.00").empty());
            for (const auto& t : c.texts) {
                if (t.text != f.title && t.text != "Energy [J]" && t.text != text) EXPECT_LE(t.text.size(), 8u) << t.text;
            }
        }
    }
}

// An x axis's offset sits at its right end, under the tick labels, even without an x label.
TEST(Chart, XAxisOffsetAtTheRightEndInsideTheFigure) {
    Figure f = line({0, 1, 2}, 0, 2);
    f.panels[0].x = {"", 1.7e9, 1.7e9 + 1};
    f.width = 640;
    f.height = 480;
    RecordingCanvas c(640, 480);
    draw_figure(f, c);
    const auto offset = c.texts_equal("+1.7e9");
    ASSERT_EQ(offset.size(), 1u);
    const Rect axes = c.clips.at(0);
    EXPECT_NEAR(offset[0].anchor.x, axes.right(), 1);
    EXPECT_EQ(offset[0].style.halign, HAlign::right);
    EXPECT_GT(offset[0].anchor.y, axes.bottom());
    const Rect box = c.text_box(offset[0]);
    EXPECT_LE(box.bottom(), 480);
    for (const auto& t : c.texts) {
        if (t.text != "+1.7e9" && t.anchor.y > axes.bottom()) EXPECT_LT(c.text_box(t).bottom(), box.y + 1) << t.text;
    }
}

// Integer data (Axis::integer, set by build_figure) gets integer ticks: 0, 1, 2, not 0.25 steps.
TEST(Chart, IntegerAxisGetsIntegerTicks) {
    Figure f = line({0, 2, 1, 2}, -0.1, 2.1);
    RecordingCanvas fractional(640, 480);
    draw_figure(f, fractional);
    EXPECT_FALSE(fractional.texts_equal("0.25").empty());
    f.panels[0].y.integer = true;
    f.panels[0].x.integer = true;  // the x axis, -0.5..3.5, had 0.5 steps
    RecordingCanvas whole(640, 480);
    draw_figure(f, whole);
    for (const char* label : {"0", "1", "2"}) EXPECT_EQ(whole.texts_equal(label).size(), 2u) << label;  // x and y
    EXPECT_TRUE(whole.texts_equal("0.25").empty());
    EXPECT_TRUE(whole.texts_equal("0.5").empty());
}

namespace {

// Tick marks drawn left of the axes (the y axis): their lengths and widths.
std::vector<std::pair<double, double>> y_tick_marks(const RecordingCanvas& c, const Rect& axes) {
    std::vector<std::pair<double, double>> out;
    for (const auto& p : c.polylines) {
        if (p.points.size() == 2 && p.points[0].y == p.points[1].y && p.points[1].x < p.points[0].x &&
            std::abs(p.points[0].x - axes.x) < 1.5) {
            out.emplace_back(p.points[0].x - p.points[1].x, p.stroke.width);
        }
    }
    return out;
}

}  // namespace

// matplotlib's LogLocator: 2..9 × 10ⁿ minor ticks, shorter and thinner, unlabelled, when the
// decades are one stride apart; none over 8 decades in 600 px (a stride of 2).
TEST(Chart, LogAxesGetMinorTicks) {
    const double pt = 100.0 / 72;
    Figure few = line({1, 31.6}, 0.8, 40);  // about 1.7 decades
    few.panels[0].y.scale = Scale::log;
    RecordingCanvas c(800, 600);
    draw_figure(few, c);
    const auto marks = y_tick_marks(c, c.clips.at(0));
    int major = 0, minor = 0;
    for (const auto& [len, width] : marks) {
        if (std::abs(len - 3.5 * pt) < 0.01) {
            ++major;
            EXPECT_NEAR(width, 0.8 * pt, 1e-9);
        } else {
            EXPECT_NEAR(len, 2 * pt, 0.01);
            EXPECT_NEAR(width, 0.6 * pt, 1e-9);
            ++minor;
        }
    }
    EXPECT_EQ(major, 2);   // 1 and 10
    EXPECT_EQ(minor, 13);  // inside [0.8, 40]: 0.8 and 0.9, 2..9, 20, 30 and 40
    for (const char* none : {"2", "20", "5"}) EXPECT_TRUE(c.texts_equal(none).empty()) << none;

    Figure many = line({1e-3, 1e5}, 0.5e-3, 2e5);  // 8 decades
    many.panels[0].y.scale = Scale::log;
    RecordingCanvas d(800, 600);
    draw_figure(many, d);
    int minor_many = 0;
    for (const auto& [len, width] : y_tick_marks(d, d.clips.at(0))) minor_many += len < 3 * pt;
    EXPECT_EQ(minor_many, 0);
}

// Under one decade in view matplotlib labels the minor ticks too: 2×10⁰, 3×10⁰, 4×10⁰, 6×10⁰.
TEST(Chart, LogAxisUnderADecadeLabelsSomeMinorTicks) {
    Figure f = line({1.5, 8}, 1.5, 8);
    f.panels[0].y.scale = Scale::log;
    RecordingCanvas c(800, 600);
    draw_figure(f, c);
    for (const char* base : {"2×10", "3×10", "4×10", "6×10"}) EXPECT_EQ(c.texts_equal(base).size(), 1u) << base;
    EXPECT_TRUE(c.texts_equal("5×10").empty());
    EXPECT_TRUE(c.texts_equal("7×10").empty());
}

// A log colorbar gets the same minor ticks, on its right side.
TEST(Chart, LogColorbarGetsMinorTicks) {
    const Colormap* cmap = Colormap::find("viridis");
    Figure f;
    Panel& p = f.panels.emplace_back();
    p.x = {"", -0.5, 9.5};
    p.y = {"", -0.5, 9.5};
    p.colorbar = Colorbar{"value", 0.5, 300, cmap, Scale::log};
    RecordingCanvas c(800, 600);
    draw_figure(f, c);
    ASSERT_EQ(c.images.size(), 1u);
    const Rect bar = c.images[0].second;
    const double pt = 100.0 / 72;
    int minor = 0, major = 0;
    for (const auto& l : c.polylines) {
        if (l.points.size() != 2 || l.points[0].y != l.points[1].y || std::abs(l.points[0].x - bar.right()) > 1.5) continue;
        const double len = l.points[1].x - l.points[0].x;
        if (std::abs(len - 2 * pt) < 0.01) ++minor;
        if (std::abs(len - 3.5 * pt) < 0.01) ++major;
    }
    EXPECT_EQ(major, 3);   // 1, 10, 100
    EXPECT_EQ(minor, 23);  // 0.5..0.9 (5), 2..9 (8), 20..90 (8), 200 and 300 (2)
}

TEST(Chart, NonFiniteValuesSplitTheLine) {
    RecordingCanvas c(800, 600);
    const double nan = std::nan("");
    draw_figure(line({1, 2, nan, 3, 4, INFINITY, 5}, 0, 6), c);
    // Two runs of two points, then an isolated point drawn as a dot.
    ASSERT_GE(c.polylines.size(), 2u);
    EXPECT_EQ(c.polylines[0].points.size(), 2u);
    EXPECT_EQ(c.polylines[1].points.size(), 2u);
    EXPECT_EQ(c.fills.size(), 1u);
}

TEST(Chart, HeatmapCellsColorbarAndOrigin) {
    Figure f;
    f.title = "rho";
    Panel& p = f.panels.emplace_back();
    p.x = {"axis 1", -0.5, 2.5};
    p.y = {"axis 0", -0.5, 1.5};
    p.aspect.ratio = 1.0;
    ImageLayer h;
    h.rows = 2;
    h.cols = 3;
    h.values = {0, 1, 2, 3, 4, std::nan("")};
    h.colormap = Colormap::find("gray");
    ASSERT_NE(h.colormap, nullptr);
    h.vmin = 0;
    h.vmax = 4;
    h.bad_color = {1, 0, 0, 1};
    p.layers.emplace_back(h);
    p.colorbar = Colorbar{"Density [kg/m^3]", 0, 4, h.colormap};
    RecordingCanvas c(800, 600);
    draw_figure(f, c);

    ASSERT_EQ(c.images.size(), 2u);  // cells, then the colorbar
    const auto& [cells, box] = c.images[0];
    EXPECT_EQ(cells.width, 3);
    EXPECT_EQ(cells.height, 2);
    // origin lower: the top image row is data row 1 = {3, 4, NaN}.
    EXPECT_EQ(cells.rgb[0], 192);      // 3/4 of gray: floor(0.75*256), as matplotlib
    EXPECT_EQ(cells.rgb[6 + 0], 255);  // NaN in bad_color (red)
    EXPECT_EQ(cells.rgb[6 + 1], 0);
    EXPECT_EQ(cells.rgb[9 + 0], 0);  // bottom-left is the minimum
    // Square cells: 3 columns over 2 rows.
    EXPECT_NEAR(box.w / box.h, 1.5, 0.02);

    const auto& [bar, bar_box] = c.images[1];
    EXPECT_EQ(bar.width, 1);
    EXPECT_EQ(bar.height, 256);
    EXPECT_GT(bar_box.x, box.right());
    EXPECT_EQ(bar_box.h, box.h);
    const auto label = c.texts_equal("Density [kg/m");  // then a raised "3" and "]"
    ASSERT_EQ(label.size(), 1u);
    EXPECT_EQ(label[0].style.angle, 90);
    EXPECT_GT(label[0].anchor.x, bar_box.right());
    // Colorbar tick labels: right of the bar, values rising upwards, covering 0..4.
    std::vector<std::pair<double, double>> ticks;  // (y, value)
    for (const auto& t : c.texts)
        if (t.style.angle == 0 && t.anchor.x > bar_box.right()) ticks.push_back({t.anchor.y, std::stod(t.text)});
    ASSERT_GE(ticks.size(), 3u);
    for (std::size_t i = 1; i < ticks.size(); ++i) {
        EXPECT_LT(ticks[i].first, ticks[i - 1].first);
        EXPECT_GT(ticks[i].second, ticks[i - 1].second);
    }
    EXPECT_EQ(ticks.front().second, 0);
    EXPECT_EQ(ticks.back().second, 4);
    EXPECT_NEAR(ticks.front().first, bar_box.bottom(), 1);
    EXPECT_NEAR(ticks.back().first, bar_box.y, 1);
}

TEST(Chart, LogAxisHasDecadeTicksWithSuperscriptExponents) {
    RecordingCanvas c(800, 600);
    Figure f = line({1, 10, 100, 1000, 10000}, 0.5, 20000);
    f.panels[0].y.scale = Scale::log;
    draw_figure(f, c);
    for (const char* exponent : {"0", "1", "2", "3", "4"}) {
        EXPECT_FALSE(c.texts_equal(exponent).empty()) << exponent;
    }
    EXPECT_GE(c.texts_equal("10").size(), 5u);  // "10" carries each raised exponent
}

TEST(Chart, LegendListsTheSeriesAndGridSitsBehindTheData) {
    RecordingCanvas c(800, 600);
    Figure f = line({0, 1, 2}, 0, 2);
    first_line(f).label = "first";
    LinesLayer second = first_line(f);
    second.label = "second";
    second.y = {2, 1, 0};
    f.panels[0].layers.emplace_back(second);
    f.panels[0].legend = LegendPlace::best;
    f.panels[0].grid = true;
    draw_figure(f, c);
    EXPECT_EQ(c.texts_equal("first").size(), 1u);
    EXPECT_EQ(c.texts_equal("second").size(), 1u);
    // Grid lines come before the data lines, which come before the legend samples.
    const Color grid{0xb0 / 255.0, 0xb0 / 255.0, 0xb0 / 255.0, 1};
    std::size_t first_data = 0, last_grid = 0;
    for (std::size_t i = 0; i < c.polylines.size(); ++i) {
        if (c.polylines[i].stroke.color == grid) last_grid = i;
        if (first_data == 0 && c.polylines[i].points.size() == 3) first_data = i;
    }
    EXPECT_GT(last_grid, 0u);
    EXPECT_LT(last_grid, first_data);
}

TEST(Chart, HistogramBarsAndScatterMarkers) {
    RecordingCanvas c(800, 600);
    Figure f;
    Panel& p = f.panels.emplace_back();
    p.x = {"v", 0, 4};
    p.y = {"count", 0, 3};
    p.layers.emplace_back(BarsLayer{{0, 1, 2, 3, 4}, {1, 0, 3, 2}, {0, 0, 1, 1}, ""});
    MarkersLayer dots;
    dots.x = {1, 2, 3};
    dots.y = {1, 2, std::nan("")};
    dots.shape = MarkerShape::circle;
    p.layers.emplace_back(dots);
    draw_figure(f, c);
    int bars = 0;
    for (const auto& color : c.fill_colors) bars += color == Color{0, 0, 1, 1};
    EXPECT_EQ(bars, 3);  // empty bins draw nothing
    ASSERT_EQ(c.marker_calls.size(), 1u);
    EXPECT_EQ(c.marker_calls[0].centres.size(), 2u);  // the NaN point is skipped
    EXPECT_TRUE(c.polylines.empty() || c.polylines[0].points.size() != 3);
}

// An integer histogram's bars (rwidth 0.8) are centred in their bins with gaps between.
TEST(Chart, NarrowBarsStandApartCentredInTheirBins) {
    RecordingCanvas c(800, 600);
    Figure f;
    Panel& p = f.panels.emplace_back();
    p.x = {"v", 1.5, 4.5};
    p.y = {"count", 0, 3};
    BarsLayer b{{1.5, 2.5, 3.5, 4.5}, {2, 2, 2}, {0, 0, 1, 1}, "", 0.8};
    p.layers.emplace_back(b);
    draw_figure(f, c);
    std::vector<Rect> bars;
    for (std::size_t i = 0; i < c.fills.size(); ++i) {
        if (c.fill_colors[i] == Color{0, 0, 1, 1}) bars.push_back(c.fills[i]);
    }
    ASSERT_EQ(bars.size(), 3u);
    const Rect axes = c.clips[0];
    const double bin = axes.w / 3;
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_NEAR(bars[i].w, 0.8 * bin, 1.01);
        EXPECT_NEAR(bars[i].x + bars[i].w / 2, axes.x + bin * (static_cast<double>(i) + 0.5), 1.01);
        if (i > 0) {
            EXPECT_GT(bars[i].x - bars[i - 1].right(), 0.15 * bin);  // a gap, not a shared edge
        }
    }
}

// ---- property test: tiny and huge magnitudes, drawn ----

namespace {

bool finite(const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }
bool finite(const Rect& r) {
    return std::isfinite(r.x) && std::isfinite(r.y) && std::isfinite(r.w) && std::isfinite(r.h);
}

// Everything drawn has finite coordinates (a point far off the plot is fine, NaN is not).
void expect_finite_drawing(const RecordingCanvas& c) {
    for (const auto& r : c.fills) ASSERT_TRUE(finite(r));
    for (const auto& r : c.frames) ASSERT_TRUE(finite(r));
    for (const auto& r : c.clips) ASSERT_TRUE(finite(r));
    for (const auto& p : c.polylines)
        for (const auto& q : p.points) ASSERT_TRUE(finite(q));
    for (const auto& m : c.marker_calls)
        for (const auto& q : m.centres) ASSERT_TRUE(finite(q));
    for (const auto& [img, dest] : c.images) ASSERT_TRUE(finite(dest));
    for (const auto& t : c.texts) {
        ASSERT_TRUE(finite(t.anchor)) << t.text;
        ASSERT_FALSE(t.text.empty());
    }
}

std::vector<double> extreme_values() {
    using L = std::numeric_limits<double>;
    std::vector<double> out;
    for (double v : {0.0, L::denorm_min(), 1.3e-321, L::min(), 1e-300, 1.0, 1e6, 1e300,
                     1e308, L::max()}) {
        out.push_back(v);
        if (v != 0) out.push_back(-v);
    }
    return out;
}

}  // namespace

TEST(Chart, ExtremeDataDrawsWithFiniteCoordinatesInBoundedTime) {
    const std::vector<double> v = extreme_values();
    std::vector<std::vector<double>> datasets;
    for (double a : v) {
        datasets.push_back({a, a});
        double up = a;
        for (int k = 1; k <= 3; ++k) up = std::nextafter(up, std::numeric_limits<double>::infinity());
        if (std::isfinite(up)) datasets.push_back({a, up});
        for (double b : v) {
            if (a < b) datasets.push_back({a, b, b});
        }
    }
    PlotTask task;
    task.draw.title = "extreme";
    double slowest = 0;
    std::size_t drawn = 0;
    for (const auto& values : datasets) {
        SCOPED_TRACE(testing::Message() << std::setprecision(17) << values[0] << " .. " << values[1]);
        for (const std::string kind : {"line", "scatter", "histogram", "heatmap"}) {
            for (int variant = 0; variant < 4; ++variant) {
                const bool log = variant == 1 || variant == 3;
                PlotRule rule = test::rule_of(kind, log && kind == "heatmap" ? "norm: log" : "");
                if (log && kind != "heatmap") rule.xscale = rule.yscale = Scale::log;
                if (variant == 2 || variant == 3) rule.limits = {false, -1, values.back() > -1 ? std::max(values.back(), 1.0) : 1.0};
                task.draw.kind = kind;
                PlotData data;
                const bool two_d = kind == "heatmap" || kind == "scatter";
                std::vector<double> grid = values;
                if (two_d) grid.insert(grid.end(), values.rbegin(), values.rend());
                const std::uint64_t n = values.size();
                using Shape = std::vector<std::uint64_t>;
                data.series.push_back({"/d", Array{two_d ? Shape{n, 2} : Shape{n}, grid}});
                std::optional<Figure> fig;
                try {
                    fig = build_figure(task, rule, std::move(data), FigureConfig{});
                } catch (const DatasetError&) {
                    continue;  // test_figure checks which are refused, and why
                }
                RecordingCanvas c(fig->width, fig->height);
                const auto start = std::chrono::steady_clock::now();
                ASSERT_NO_THROW(draw_figure(*fig, c));
                slowest = std::max(slowest, std::chrono::duration<double>(
                                                std::chrono::steady_clock::now() - start).count());
                ++drawn;
                expect_finite_drawing(c);
                // Axes frames and their tick labels are there.
                EXPECT_FALSE(c.frames.empty());
                EXPECT_GE(c.texts.size(), 4u);
            }
        }
    }
    std::printf("%zu extreme figures drawn, slowest %.2f ms\n", drawn, slowest * 1e3);
    EXPECT_GT(drawn, 2000u);
    EXPECT_LT(slowest, 1.0);
}

// Limits given as [-5, 5] on a log axis: drawn from below the smallest positive value.
TEST(Chart, LogAxisWithNonPositiveLimitShowsItsPositivePart) {
    Figure f = line({1, 10, 100}, -5, 200);
    f.panels[0].y.scale = Scale::log;
    RecordingCanvas c(800, 600);
    draw_figure(f, c);
    expect_finite_drawing(c);
    ASSERT_EQ(c.polylines.at(0).points.size(), 3u);
    const Rect axes = c.clips.at(0);
    for (const auto& p : c.polylines[0].points) {
        EXPECT_GT(p.y, axes.y);
        EXPECT_LT(p.y, axes.bottom());
    }
    Figure none = line({1, 10}, -5, -1);  // no positive part: drawn as a linear axis
    none.panels[0].y.scale = Scale::log;
    RecordingCanvas d(800, 600);
    draw_figure(none, d);
    expect_finite_drawing(d);
}

// ---- a grid of panels, through the recording canvas ----

namespace {

Panel line_panel(std::string title, double scale) {
    Panel p;
    p.title = std::move(title);
    p.x = {"time [s]", -0.5, 4.5};
    p.y = {"energy [J]", 0, 10 * scale};
    LinesLayer s;
    s.x = {0, 1, 2, 3, 4};
    s.y = {0, 2 * scale, 4 * scale, 6 * scale, 10 * scale};
    s.color = {0, 0, 1, 1};
    p.layers.emplace_back(std::move(s));
    return p;
}

Panel image_panel(std::string title, const Colormap* cmap) {
    Panel p;
    p.title = std::move(title);
    p.x = {"axis 1", -0.5, 3.5};
    p.y = {"axis 0", -0.5, 2.5};
    p.aspect.ratio = 1.0;
    ImageLayer h;
    h.rows = 3;
    h.cols = 4;
    h.values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    h.colormap = cmap;
    h.vmin = 0;
    h.vmax = 11;
    p.layers.emplace_back(std::move(h));
    return p;
}

// Texts stay on the page and apart; no two rectangles of `boxes` overlap.
void expect_apart(RecordingCanvas& c, const std::vector<Rect>& boxes, int w, int h) {
    const Rect page{0, 0, static_cast<double>(w), static_cast<double>(h)};
    std::vector<Rect> texts;
    for (const auto& t : c.texts) {
        texts.push_back(c.text_box(t));
        EXPECT_TRUE(inside(texts.back(), page)) << t.text;
        for (const Rect& b : boxes) EXPECT_FALSE(overlap(texts.back(), b)) << t.text << " over a panel";
    }
    for (std::size_t i = 0; i < texts.size(); ++i)
        for (std::size_t j = i + 1; j < texts.size(); ++j)
            EXPECT_FALSE(overlap(texts[i], texts[j])) << c.texts[i].text << " / " << c.texts[j].text;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        EXPECT_TRUE(inside(boxes[i], page));
        for (std::size_t j = i + 1; j < boxes.size(); ++j) EXPECT_FALSE(overlap(boxes[i], boxes[j])) << i << " / " << j;
    }
}

}  // namespace

TEST(Chart, TwoByTwoPanelsAreAlignedSpacedAndLabelled) {
    for (auto [w, h] : {std::pair{800, 600}, {640, 480}, {1600, 1200}}) {
        SCOPED_TRACE(testing::Message() << w << "x" << h);
        Figure f;
        f.width = w;
        f.height = h;
        f.title = "Energies (run_0001)";
        f.rows = f.cols = 2;
        f.panels = {line_panel("a", 1), line_panel("b", 1e5 + 1), line_panel("c", 1), line_panel("d", 1)};
        RecordingCanvas c(w, h);
        draw_figure(f, c);
        ASSERT_EQ(c.frames.size(), 4u);  // four axes frames, nothing else framed
        ASSERT_EQ(c.clips.size(), 4u);
        EXPECT_EQ(c.clip_pops, 4);
        const std::vector<Rect> axes(c.clips.begin(), c.clips.end());
        // Row-major, equal sizes, aligned rows and columns.
        for (const Rect& a : axes) {
            EXPECT_EQ(a.w, axes[0].w);
            EXPECT_EQ(a.h, axes[0].h);
        }
        EXPECT_EQ(axes[0].y, axes[1].y);
        EXPECT_EQ(axes[2].y, axes[3].y);
        EXPECT_EQ(axes[0].x, axes[2].x);
        EXPECT_EQ(axes[1].x, axes[3].x);
        EXPECT_GT(axes[1].x, axes[0].right());
        EXPECT_GT(axes[2].y, axes[0].bottom());
        // At least matplotlib's subplot spacing: 0.2 of an axes between them.
        EXPECT_GE(axes[1].x - axes[0].right(), 0.2 * axes[0].w - 1);
        EXPECT_GE(axes[2].y - axes[0].bottom(), 0.2 * axes[0].h - 1);
        // The panels use the page: together more than half of it in each direction.
        EXPECT_GT(axes[1].right() - axes[0].x, 0.75 * w);
        EXPECT_GT(axes[2].bottom() - axes[0].y, 0.7 * h);
        expect_apart(c, axes, w, h);
        // Every panel's title, centred over it; the figure's title above them all.
        for (std::size_t k = 0; k < 4; ++k) {
            const auto title = c.texts_equal(std::string(1, static_cast<char>('a' + k)));
            ASSERT_EQ(title.size(), 1u);
            EXPECT_NEAR(title[0].anchor.x, axes[k].x + axes[k].w / 2, 1);
            EXPECT_LT(title[0].anchor.y, axes[k].y);
        }
        const auto top = c.texts_equal("Energies (run_0001)");
        ASSERT_EQ(top.size(), 1u);
        EXPECT_LT(top[0].anchor.y, c.texts_equal("a")[0].anchor.y);
        EXPECT_EQ(c.texts_equal("time [s]").size(), 4u);
        EXPECT_EQ(c.texts_equal("energy [J]").size(), 4u);
        EXPECT_EQ(c.texts_equal("1e6").size(), 1u);  // panel b's multiplier, above its axes
    }
}

TEST(Chart, PanelsSideBySideShareOneColorbar) {
    const Colormap* cmap = Colormap::find("viridis");
    ASSERT_NE(cmap, nullptr);
    Figure f;
    f.width = 1200;
    f.height = 400;
    f.title = "rho, T, p";
    f.rows = 1;
    f.cols = 3;
    f.panels = {image_panel("rho", cmap), image_panel("T", cmap), image_panel("p", cmap)};
    f.shared_colorbar = Colorbar{"value", 0, 11, cmap};
    RecordingCanvas c(f.width, f.height);
    draw_figure(f, c);
    ASSERT_EQ(c.clips.size(), 3u);
    ASSERT_EQ(c.images.size(), 4u);  // three fields, then the one colorbar
    int bars = 0;
    for (const auto& [img, dest] : c.images) bars += img.width == 1 && img.height == 256;
    EXPECT_EQ(bars, 1);
    const Rect bar = c.images[3].second;
    EXPECT_EQ(c.frames.size(), 4u);  // three axes and the colorbar
    std::vector<Rect> boxes(c.clips.begin(), c.clips.end());
    for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_EQ(c.images[k].second, boxes[k]);  // each field fills its axes
        EXPECT_NEAR(boxes[k].w / boxes[k].h, 4.0 / 3.0, 0.02);  // square cells
        EXPECT_GT(bar.x, boxes[k].right());
        EXPECT_EQ(bar.y, boxes[k].y);
        EXPECT_EQ(bar.h, boxes[k].h);
    }
    boxes.push_back(bar);
    expect_apart(c, boxes, f.width, f.height);
    const auto label = c.texts_equal("value");
    ASSERT_EQ(label.size(), 1u);
    EXPECT_GT(label[0].anchor.x, bar.right());
    EXPECT_EQ(c.texts_equal("10").size(), 1u);  // the colour ticks, drawn once
}

// A one-panel figure is the chart it always was: a colorbar of the figure or of the
// panel lands in the same place.
TEST(Chart, OnePanelWithASharedColorbarLaysOutAsWithItsOwn) {
    const Colormap* cmap = Colormap::find("gray");
    Figure own;
    own.title = "rho";
    own.panels = {image_panel("", cmap)};
    own.panels[0].colorbar = Colorbar{"value", 0, 11, cmap};
    Figure shared = own;
    shared.panels[0].colorbar.reset();
    shared.shared_colorbar = own.panels[0].colorbar;
    RecordingCanvas a(800, 600), b(800, 600);
    draw_figure(own, a);
    draw_figure(shared, b);
    ASSERT_EQ(a.images.size(), 2u);
    ASSERT_EQ(b.images.size(), 2u);
    EXPECT_EQ(a.images[0].second, b.images[0].second);
    EXPECT_EQ(a.images[1].second, b.images[1].second);
    ASSERT_EQ(a.texts.size(), b.texts.size());
    for (std::size_t i = 0; i < a.texts.size(); ++i) {
        EXPECT_EQ(a.texts[i].text, b.texts[i].text);
        EXPECT_EQ(a.texts[i].anchor, b.texts[i].anchor) << a.texts[i].text;
    }
}

TEST(Chart, PanelsBeyondTheGridAreRefused) {
    Figure f;
    f.rows = 1;
    f.cols = 2;
    f.panels = {line_panel("a", 1), line_panel("b", 1), line_panel("c", 1)};
    RecordingCanvas c(800, 600);
    EXPECT_THROW(draw_figure(f, c), std::invalid_argument);
    f.rows = 2;  // an empty place in the grid stays empty
    RecordingCanvas d(800, 600);
    EXPECT_NO_THROW(draw_figure(f, d));
    EXPECT_EQ(d.clips.size(), 3u);
}

TEST(Chart, NewLayersReachTheCanvasAsPaths) {
    Figure f;
    Panel& p = f.panels.emplace_back();
    p.x = {"x", 0, 10};
    p.y = {"y", 0, 10};
    p.layers.emplace_back(BandLayer{{0, 1, 2, std::nan(""), 4, 5}, {0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1},
                                    {1, 0, 0, 0.3}, ""});
    PolygonsLayer poly;
    poly.polygons.push_back({{{{2, 2}, {8, 2}, {8, 8}, {2, 8}}, {{4, 4}, {6, 4}, {6, 6}, {4, 6}}}});
    poly.fill = {0, 0, 1, 1};
    poly.outline = Outline{{0, 0, 0, 1}, 1};
    p.layers.emplace_back(poly);
    ArrowsLayer arrows;
    arrows.x = {1, 2, 3};
    arrows.y = {1, 2, 3};
    arrows.u = {1, 0, std::nan("")};
    arrows.v = {0, 0, 1};  // no length, and a NaN: left out
    p.layers.emplace_back(arrows);
    ImageLayer img;
    img.rows = img.cols = 1;
    img.values = {1};
    img.colormap = Colormap::find("gray");
    img.resampling = Resampling::area;
    p.layers.emplace_back(img);
    RecordingCanvas c(800, 600);
    draw_figure(f, c);
    ASSERT_EQ(c.fill_paths.size(), 3u);  // in the panel's order
    const auto& band = c.fill_paths[0];
    ASSERT_EQ(band.rings.size(), 2u);  // the NaN splits it; each run along y_hi and back
    EXPECT_EQ(band.rings[0].size(), 6u);
    EXPECT_EQ(band.rings[1].size(), 4u);
    EXPECT_EQ(band.style.color, (Color{1, 0, 0, 0.3}));
    const auto& square = c.fill_paths[1];
    ASSERT_EQ(square.rings.size(), 2u);
    EXPECT_EQ(square.style.rule, FillRule::even_odd);
    ASSERT_TRUE(square.style.outline.has_value());
    const auto& arrow = c.fill_paths[2];
    ASSERT_EQ(arrow.rings.size(), 1u);
    EXPECT_EQ(arrow.style.rule, FillRule::non_zero);
    ASSERT_EQ(c.image_resamplings.size(), 1u);
    EXPECT_EQ(c.image_resamplings[0], Resampling::area);
}

// ---- the new layers, in real pixels ----

namespace {

const FontFace& dejavu() {
    static FontFace face("DejaVu Sans");
    return face;
}

// Draws on a Cairo canvas and remembers the clips (the axes boxes).
class ClipSpy final : public Canvas {
public:
    explicit ClipSpy(CairoCanvas& c) : c_(c) {}
    int width() const override { return c_.width(); }
    int height() const override { return c_.height(); }
    void clear(const Color& b) override { c_.clear(b); }
    void fill_rect(const Rect& r, const Color& col) override { c_.fill_rect(r, col); }
    void stroke_rect(const Rect& r, const Stroke& s) override { c_.stroke_rect(r, s); }
    void polyline(std::span<const Point> p, const Stroke& s) override { c_.polyline(p, s); }
    void markers(std::span<const Point> p, MarkerShape m, double size, const Color& col) override {
        c_.markers(p, m, size, col);
    }
    void fill_path(std::span<const std::span<const Point>> r, const FillStyle& s) override { c_.fill_path(r, s); }
    using Canvas::image;
    void image(const RgbImage& i, const Rect& d, Resampling r) override { c_.image(i, d, r); }
    TextExtents measure_text(std::string_view t, double size) override { return c_.measure_text(t, size); }
    void text(std::string_view t, Point a, const TextStyle& s) override { c_.text(t, a, s); }
    void push_clip(const Rect& r) override {
        clips.push_back(r);
        c_.push_clip(r);
    }
    void pop_clip() override { c_.pop_clip(); }
    std::vector<Rect> clips;

private:
    CairoCanvas& c_;
};

struct Drawn {
    CairoCanvas canvas;
    Rect axes;
    Drawn() : canvas(400, 400, dejavu()) {}
    // The colour at data point (x, y) of a [0, 10] × [0, 10] panel.
    std::array<int, 3> at(double x, double y) {
        const RgbImageView v = canvas.rgb();
        const int px = static_cast<int>(axes.x + axes.w * x / 10);
        const int py = static_cast<int>(axes.bottom() - axes.h * y / 10);
        const std::uint8_t* p = v.data + static_cast<std::size_t>(py) * v.stride + std::size_t{3} * static_cast<std::size_t>(px);
        return {p[0], p[1], p[2]};
    }
    // How many pixels of column px (device) inside the axes are `colour`.
    int column(int px, std::array<int, 3> colour) {
        const RgbImageView v = canvas.rgb();
        int n = 0;
        for (int y = static_cast<int>(axes.y) + 1; y < static_cast<int>(axes.bottom()); ++y) {
            const std::uint8_t* p = v.data + static_cast<std::size_t>(y) * v.stride + std::size_t{3} * static_cast<std::size_t>(px);
            n += std::array<int, 3>{p[0], p[1], p[2]} == colour;
        }
        return n;
    }
};

void draw(Drawn& d, Layer layer) {
    Figure f;
    f.width = f.height = 400;
    Panel& p = f.panels.emplace_back();
    p.x = {"", 0, 10};
    p.y = {"", 0, 10};
    p.layers.push_back(std::move(layer));
    ClipSpy spy(d.canvas);
    draw_figure(f, spy);
    ASSERT_EQ(spy.clips.size(), 1u);
    d.axes = spy.clips[0];
}

constexpr std::array<int, 3> red{255, 0, 0}, blue{0, 0, 255}, green{0, 128, 0}, white_px{255, 255, 255};

}  // namespace

TEST(ChartPixels, BandFillsBetweenItsCurves) {
    Drawn d;
    BandLayer band;
    for (int i = 0; i <= 10; ++i) {
        band.x.push_back(i);
        band.y_lo.push_back(2 + 0.2 * i);
        band.y_hi.push_back(5 + 0.2 * i);
    }
    band.color = {1, 0, 0, 1};
    draw(d, band);
    for (double x : {1.0, 5.0, 9.0}) {
        SCOPED_TRACE(x);
        EXPECT_EQ(d.at(x, 3.5 + 0.2 * x), red);        // between the curves
        EXPECT_EQ(d.at(x, 5.6 + 0.2 * x), white_px);   // above y_hi
        EXPECT_EQ(d.at(x, 1.4 + 0.2 * x), white_px);   // below y_lo
    }
}

TEST(ChartPixels, RingInsideARingIsAHole) {
    Drawn d;
    PolygonsLayer poly;
    // The hole winds the same way as the outer ring: even-odd still leaves it empty.
    poly.polygons.push_back({{{{2, 2}, {8, 2}, {8, 8}, {2, 8}}, {{4, 4}, {6, 4}, {6, 6}, {4, 6}}}});
    poly.fill = {0, 0, 1, 1};
    draw(d, poly);
    EXPECT_EQ(d.at(3, 3), blue);
    EXPECT_EQ(d.at(7, 5), blue);
    EXPECT_EQ(d.at(5, 5), white_px);  // the hole
    EXPECT_EQ(d.at(9, 9), white_px);  // outside
    // Open paths are stroked, not filled: the inside of a U stays white.
    Drawn open;
    PolygonsLayer u;
    u.polygons.push_back({{{{2, 8}, {2, 2}, {8, 2}, {8, 8}}}});
    u.closed = false;
    u.fill = {0, 0, 1, 1};
    u.outline = Outline{{1, 0, 0, 1}, 3};
    draw(open, u);
    EXPECT_EQ(open.at(5, 5), white_px);
    EXPECT_EQ(open.at(2, 5), red);
    EXPECT_EQ(open.at(5, 8), white_px);  // not closed across the top
}

TEST(ChartPixels, ArrowHeadPointsAlongItsVector) {
    for (const double sign : {1.0, -1.0}) {
        SCOPED_TRACE(sign);
        Drawn d;
        ArrowsLayer a;
        a.x = {5};
        a.y = {5};
        a.u = {3 * sign};  // from x = 5 to 5 ± 3, pivot at the middle: 3.5 .. 6.5
        a.v = {0};
        a.pivot = ArrowPivot::middle;
        a.color = {0, 128 / 255.0, 0, 1};
        a.shaft = 0.01;  // of the axes' width
        a.head_length = 6;
        a.head_width = 6;
        draw(d, a);
        const auto px = [&](double x) { return static_cast<int>(d.axes.x + d.axes.w * x / 10); };
        const int head = d.column(px(5 + 1.1 * sign), green);  // just inside the head's base
        const int tail = d.column(px(5 - 1.0 * sign), green);
        EXPECT_GE(head, 8);  // the head: about 12 pt (17 px) wide towards its base
        EXPECT_GE(tail, 1);  // the shaft: 2 pt
        EXPECT_LE(tail, 4);
        EXPECT_EQ(d.column(px(5 + sign * 1.7), green), 0);  // nothing past the tip
        EXPECT_EQ(d.column(px(5 - sign * 1.7), green), 0);  // nor before the tail
    }
}

// A shaft is a fraction of the axes' width, as matplotlib's: the same layer drawn into
// axes half as wide has a shaft half as thick, so arrows over a narrow panel stay light.
TEST(ChartPixels, ArrowShaftFollowsTheAxesWidth) {
    auto shaft_in = [](int width) {
        Figure f;
        f.width = width;
        f.height = 400;
        Panel& p = f.panels.emplace_back();
        p.x = {"", 0, 10};
        p.y = {"", 0, 10};
        ArrowsLayer a;
        a.x = {2};
        a.y = {5};
        a.u = {6};
        a.v = {0};
        a.color = {0, 0, 0, 1};
        a.shaft = 0.02;
        p.layers.push_back(std::move(a));
        CairoCanvas canvas(width, 400, dejavu());
        ClipSpy spy(canvas);
        draw_figure(f, spy);
        const Rect axes = spy.clips.at(0);
        const RgbImageView v = canvas.rgb();
        // The ink across the shaft, in a column at x = 4 (the shaft, before the head).
        const int px = static_cast<int>(axes.x + axes.w * 0.4);
        double ink = 0;
        for (int y = static_cast<int>(axes.y) + 1; y < static_cast<int>(axes.bottom()); ++y)
            ink += 1 - v.data[static_cast<std::size_t>(y) * v.stride + 3 * static_cast<std::size_t>(px)] / 255.0;
        return std::pair{ink, axes.w};
    };
    const auto [wide, wide_w] = shaft_in(800);
    const auto [narrow, narrow_w] = shaft_in(400);
    EXPECT_NEAR(wide, 0.02 * wide_w, 0.6);
    EXPECT_NEAR(narrow, 0.02 * narrow_w, 0.6);
    EXPECT_LT(narrow, 0.65 * wide);
}

// ---- long titles and labels: nothing leaves the figure, nothing overlaps -------------

namespace {

// An empty figure of w×h pixels at dpi.
Figure sized_figure(int w, int h, double dpi) {
    Figure f;
    f.width = w;
    f.height = h;
    f.dpi = dpi;
    return f;
}

Figure long_texts_line(int w, int h, double dpi) {
    Figure f = sized_figure(w, h, dpi);
    f.title = "/entry/instrument/detector/data in run_0042.h5 (run_0042)";
    Panel& p = f.panels.emplace_back();
    p.x = {"time since the start of the acquisition in the detector frame [s]", 0, 10};
    p.y = {"Mean detector counts per pixel per frame, background subtracted [m^2 s^-1]", -1, 1};
    p.legend = LegendPlace::best;
    for (int k = 0; k < 3; ++k) {
        LinesLayer s;
        s.x = {0, 5, 10};
        s.y = {-0.5 + 0.2 * k, 0.1 * k, 0.5};
        s.color = {0.1 * k, 0.2, 0.5, 1};
        s.label = "/entry/instrument/detector_" + std::to_string(k) + "/counts_background_subtracted";
        p.layers.emplace_back(s);
    }
    return f;
}

Figure long_texts_heatmap(int w, int h, double dpi) {
    Figure f = sized_figure(w, h, dpi);
    f.title = "/fields/density_of_the_gas_in_the_simulation_box (snapshot_000123)";
    Panel& p = f.panels.emplace_back();
    p.x = {"axis 1 (the second axis of the field, along x)", -0.5, 2.5};
    p.y = {"axis 0 (the first axis of the field, along y)", -0.5, 1.5};
    p.aspect.ratio = 1.0;
    ImageLayer im;
    im.rows = 2;
    im.cols = 3;
    im.values = {0, 1, 2, 3, 4, 5};
    im.colormap = Colormap::find("viridis");
    im.vmax = 5;
    p.layers.emplace_back(im);
    p.colorbar = Colorbar{"$\\rho$, mass density of the gas in the simulation box [kg m-3]", 0, 5, im.colormap};
    return f;
}

Figure long_texts_grid(int w, int h, double dpi) {
    Figure f = sized_figure(w, h, dpi);
    f.rows = 2;
    f.cols = 2;
    f.title = "Four fields of run_0042.h5 with a title that is far too long for a small figure";
    const Colormap* cmap = Colormap::find("viridis");
    for (int k = 0; k < 4; ++k) {
        Panel& p = f.panels.emplace_back();
        p.title = "/fields/component_" + std::to_string(k) + "/of_the_velocity_field_in_the_box";
        p.x = {"x position along the box [m]", -0.5, 2.5};
        p.y = {"y position along the box [m]", -0.5, 1.5};
        ImageLayer im;
        im.rows = 2;
        im.cols = 3;
        im.values = {0, 1, 2, 3, 4, 5};
        im.colormap = cmap;
        im.vmax = 5;
        p.layers.emplace_back(im);
    }
    f.shared_colorbar = Colorbar{"velocity component of the gas flow [m s^-1]", 0, 5, cmap};
    return f;
}

bool overlaps(const Rect& a, const Rect& b) {
    constexpr double eps = 0.01;  // the runs of one label touch
    return a.x + eps < b.right() && b.x + eps < a.right() && a.y + eps < b.bottom() && b.y + eps < a.bottom();
}

bool inside_by(const Rect& inner, const Rect& outer) {
    constexpr double eps = 0.01;
    return inner.x >= outer.x - eps && inner.y >= outer.y - eps && inner.right() <= outer.right() + eps &&
           inner.bottom() <= outer.bottom() + eps;
}

void expect_texts_apart(const Figure& f) {
    RecordingCanvas c(f.width, f.height);
    draw_figure(f, c);
    const Rect figure{0, 0, static_cast<double>(f.width), static_cast<double>(f.height)};
    const double min_size = 7 * f.dpi / 72;
    std::vector<Rect> boxes;
    boxes.reserve(c.texts.size());
    for (const auto& t : c.texts) {
        const Rect b = c.text_box(t);
        EXPECT_TRUE(inside_by(b, figure)) << "'" << t.text << "' leaves the figure: " << b.x << "," << b.y << " "
                                       << b.w << "×" << b.h;
        EXPECT_GE(t.style.size, 0.7 * min_size - 1e-9) << t.text;  // scripts are 0.7 of their text
        // Inside axes (the clips) only the legend's entries.
        for (const Rect& axes : c.clips) {
            if (!inside_by(b, axes)) EXPECT_FALSE(overlaps(b, axes)) << "'" << t.text << "' overlaps the axes";
        }
        boxes.push_back(b);
    }
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            EXPECT_FALSE(overlaps(boxes[i], boxes[j]))
                << "'" << c.texts[i].text << "' and '" << c.texts[j].text << "' overlap";
        }
    }
}

}  // namespace

TEST(ChartText, LongTitlesAndLabelsStayInsideAndApart) {
    const struct {
        int w, h;
        double dpi;
    } sizes[] = {{320, 240, 100}, {800, 600, 100}, {1600, 1200, 200}, {1600, 1200, 100}};
    for (const auto& s : sizes) {
        SCOPED_TRACE(std::to_string(s.w) + "x" + std::to_string(s.h) + " at " + std::to_string(s.dpi));
        {
            SCOPED_TRACE("line");
            expect_texts_apart(long_texts_line(s.w, s.h, s.dpi));
        }
        {
            SCOPED_TRACE("heatmap");
            expect_texts_apart(long_texts_heatmap(s.w, s.h, s.dpi));
        }
        // Four panels with two-line titles leave 320×240 axes about 20 px tall, too short for
        // two tick labels (the ticks' limit, not the text's).
        if (s.w >= 800) {
            SCOPED_TRACE("grid");
            expect_texts_apart(long_texts_grid(s.w, s.h, s.dpi));
        }
    }
}

TEST(ChartText, LongTitleWrapsInsteadOfShrinking) {
    const Figure f = long_texts_line(320, 240, 100);
    RecordingCanvas c(320, 240);
    draw_figure(f, c);
    // The title's words, at no less than 7 pt, on two lines.
    std::vector<double> baselines;
    ASSERT_FALSE(c.clips.empty());
    for (const auto& t : c.texts) {
        if (t.anchor.y < c.clips[0].y) {  // above the axes: the title's lines
            EXPECT_GE(t.style.size, 7 * 100 / 72.0);
            baselines.push_back(t.anchor.y);
        }
    }
    ASSERT_EQ(baselines.size(), 2u);
    EXPECT_GT(baselines[1] - baselines[0], 7 * 100 / 72.0);
}

TEST(ChartText, UnitsInLabelsAreRaisedAndTheLayoutMakesRoom) {
    Figure f = line({1, 2, 3}, 0, 4);
    f.panels[0].y.label = "Flux [m^2 s^-1]";
    RecordingCanvas c(800, 600);
    draw_figure(f, c);
    ASSERT_EQ(c.texts_equal("Flux [m").size(), 1u);
    const auto two = c.texts_equal("2");  // the exponent, smaller and left of the label's line
    const auto label = c.texts_equal("Flux [m")[0];
    bool raised = false;
    for (const auto& t : two) {
        if (t.style.angle == 90 && t.style.size < label.style.size && t.anchor.x < label.anchor.x) raised = true;
    }
    EXPECT_TRUE(raised);
    EXPECT_EQ(c.texts_equal(" s").size(), 1u);
}

namespace {

Figure mesh_figure(MeshLayer m, Axis x, Axis y) {
    Figure f;
    Panel& p = f.panels.emplace_back();
    p.x = std::move(x);
    p.y = std::move(y);
    m.colormap = Colormap::find("gray");
    m.vmin = 0;
    m.vmax = 4;
    p.layers.emplace_back(std::move(m));
    return f;
}

// The pixel columns where the image's colour changes, from its first row.
std::vector<double> colour_changes(const RgbImage& img, const Rect& box, bool along_x) {
    std::vector<double> at;
    const int n = along_x ? img.width : img.height;
    for (int k = 1; k < n; ++k) {
        const std::size_t a = along_x ? static_cast<std::size_t>(k - 1) * 3
                                      : static_cast<std::size_t>(k - 1) * static_cast<std::size_t>(img.width) * 3;
        const std::size_t b = along_x ? static_cast<std::size_t>(k) * 3
                                      : static_cast<std::size_t>(k) * static_cast<std::size_t>(img.width) * 3;
        if (img.rgb[a] != img.rgb[b]) at.push_back((along_x ? box.x : box.y) + k);
    }
    return at;
}

}  // namespace

// ---- resampling: a zone plate finer than the pixels ----

namespace {

constexpr int zone_n = 2048;

double zone(int row, int col) {  // 0.5 + 0.5 cos(pi r^2 / n), r in cells from the centre
    const double c = (zone_n - 1) / 2.0;
    const double r2 = (row - c) * (row - c) + (col - c) * (col - c);
    return 0.5 + 0.5 * std::cos(std::numbers::pi * r2 / zone_n);
}

Figure zone_figure(std::optional<Resampling> resampling) {
    Figure f;
    f.width = 800;
    f.height = 600;
    Panel& p = f.panels.emplace_back();
    p.x = {"", -0.5, zone_n - 0.5};
    p.y = {"", -0.5, zone_n - 0.5};
    p.aspect.ratio = 1.0;
    ImageLayer h;
    h.rows = h.cols = zone_n;
    h.values.resize(std::size_t{zone_n} * zone_n);
    for (int r = 0; r < zone_n; ++r)
        for (int c = 0; c < zone_n; ++c) h.values[static_cast<std::size_t>(r) * zone_n + static_cast<std::size_t>(c)] = zone(r, c);
    h.colormap = Colormap::find("gray");
    h.vmin = 0;
    h.vmax = 1;
    h.resampling = resampling;
    p.layers.emplace_back(std::move(h));
    return f;
}

struct ZoneResult {
    int largest_difference = 0;  // grey levels against the exact area average
    double full_contrast = 0;    // part of the pixels beyond a quarter of the radius at < 10% or > 90%
};

// Draws the zone plate into 800×600 and compares every pixel of the image with the mean of
// the function's cells over that pixel, computed here cell by cell (2-D overlaps, not the
// drawing's separable parts) and put through the same grey colormap.
ZoneResult zone_against_reference(std::optional<Resampling> resampling) {
    CairoCanvas canvas(800, 600, dejavu());
    ClipSpy spy(canvas);
    draw_figure(zone_figure(resampling), spy);
    EXPECT_FALSE(spy.clips.empty());
    const Rect box = spy.clips.at(0);  // the axes, which the image fills
    EXPECT_EQ(box.x, std::round(box.x));  // whole pixels: each pixel's area is all image
    const auto& lut = Colormap::find("gray")->table();
    const RgbImageView v = canvas.rgb();
    const double per_px_x = zone_n / box.w, per_px_y = zone_n / box.h;
    ZoneResult out;
    long far = 0, contrast = 0;
    // Two pixels in from the edge: the axes' frame is drawn over the image's border.
    for (int py = static_cast<int>(box.y) + 2; py < static_cast<int>(box.bottom()) - 2; ++py) {
        for (int px = static_cast<int>(box.x) + 2; px < static_cast<int>(box.right()) - 2; ++px) {
            const double c0 = (px - box.x) * per_px_x, c1 = c0 + per_px_x;
            const double r0 = (py - box.y) * per_px_y, r1 = r0 + per_px_y;  // image rows, top first
            double sum = 0;
            for (int i = static_cast<int>(r0); i < std::min<int>(zone_n, static_cast<int>(std::ceil(r1))); ++i) {
                const double wy = std::min(r1, i + 1.0) - std::max(r0, static_cast<double>(i));
                for (int j = static_cast<int>(c0); j < std::min<int>(zone_n, static_cast<int>(std::ceil(c1))); ++j) {
                    const double wx = std::min(c1, j + 1.0) - std::max(c0, static_cast<double>(j));
                    sum += wx * wy * zone(zone_n - 1 - i, j);  // origin lower: the top row is the last
                }
            }
            const double mean = sum / (per_px_x * per_px_y);
            const int want = lut[static_cast<std::size_t>(std::clamp(mean * 256, 0.0, 255.0))].r;
            const std::uint8_t* p = v.data + static_cast<std::size_t>(py) * v.stride + std::size_t{3} * static_cast<std::size_t>(px);
            out.largest_difference = std::max(out.largest_difference, std::abs(int{p[0]} - want));
            const double dx = (c0 + c1) / 2 - zone_n / 2.0, dy = (r0 + r1) / 2 - zone_n / 2.0;
            if (dx * dx + dy * dy > zone_n * zone_n / 16.0) {
                ++far;
                contrast += p[0] < 26 || p[0] > 229;
            }
        }
    }
    out.full_contrast = static_cast<double>(contrast) / static_cast<double>(std::max(far, 1L));
    return out;
}

}  // namespace

// --- Legends ------------------------------------------------------------------------------

namespace {

// `n` lines "line 1".."line n" across the panel, as a group of datasets draws them.
Figure many_lines(int w, int h, int n) {
    Figure f;
    f.width = w;
    f.height = h;
    f.title = "Energies (run_0001)";
    Panel& p = f.panels.emplace_back();
    p.x = {"time [s]", 0, 10};
    p.y = {"energy [J]", 0, static_cast<double>(n)};
    p.legend = LegendPlace::best;
    p.layers.reserve(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) {
        LinesLayer s;
        s.x = {0, 5, 10};
        s.y = {0.5 * k, 0.7 * k, 1.0 * k};
        s.color = cycle_color(static_cast<std::size_t>(k));
        s.label = "line " + std::to_string(k + 1);
        p.layers.emplace_back(s);
    }
    return f;
}

// The legend's frame: the one translucent white fill.
std::optional<Rect> legend_frame(const RecordingCanvas& c) {
    for (std::size_t i = 0; i < c.fills.size(); ++i) {
        if (c.fill_colors[i] == Color{1, 1, 1, 0.8}) return c.fills[i];
    }
    return std::nullopt;
}

// How many of the n entries the legend shows: its labels, plus those "+N more" stands for.
int legend_count(RecordingCanvas& c, int n) {
    int shown = 0;
    for (int k = 1; k <= n; ++k) shown += static_cast<int>(c.texts_equal("line " + std::to_string(k)).size());
    for (int more = 1; more <= n; ++more) {
        if (!c.texts_equal("+" + std::to_string(more) + " more").empty()) shown += more;
    }
    return shown;
}

}  // namespace

// Cells of varying size: one device-resolution image over the axes, each colour change
// within half a pixel of where the edges put it, on a descending edge list too.
TEST(Chart, MeshCellEdgesLandWhereTheEdgesSay) {
    MeshLayer m;
    m.rows = 2;
    m.cols = 4;
    m.values = {0, 1, 2, 3, 4, 3, 2, 1};
    m.x_edges = {0, 1, 3, 7, 15};  // doubling widths
    m.y_edges = {10, 9, 0};        // descending: row 0 is the thin top one
    RecordingCanvas c(800, 600);
    draw_figure(mesh_figure(m, {"x", 0, 15}, {"y", 0, 10}), c);
    ASSERT_EQ(c.clips.size(), 1u);
    const Rect axes = c.clips[0];
    ASSERT_EQ(c.images.size(), 1u);
    const auto& [img, dest] = c.images[0];
    EXPECT_EQ(dest.w, img.width);  // one image pixel per device pixel
    EXPECT_EQ(dest.h, img.height);
    EXPECT_NEAR(dest.x, axes.x, 0.5);
    EXPECT_NEAR(dest.right(), axes.right(), 0.5);
    const std::vector<double> xs = colour_changes(img, dest, true);
    ASSERT_EQ(xs.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k)
        EXPECT_NEAR(xs[k], axes.x + axes.w * m.x_edges[k + 1] / 15, 0.5) << k;
    const std::vector<double> ys = colour_changes(img, dest, false);
    ASSERT_EQ(ys.size(), 1u);
    EXPECT_NEAR(ys[0], axes.bottom() - axes.h * 9 / 10, 0.5);
    // Top rows are data row 0 ({0, 1, 2, 3}: black first), the bottom ones row 1.
    EXPECT_EQ(img.rgb[0], 0);
    EXPECT_EQ(img.rgb[(static_cast<std::size_t>(img.height) - 1) * static_cast<std::size_t>(img.width) * 3], 255);
}
// Cells of varying size finer than a pixel (stretched, 2000 of them, alternating 0 and 4)
// are area-averaged by default: every pixel within one grey level of the exact mean of the
// cells under it, computed here from the edges. Nearest shows them at full contrast.
TEST(Chart, MeshCellsFinerThanAPixelAreAveraged) {
    MeshLayer m;
    m.rows = 1;
    m.cols = 2000;
    for (std::size_t k = 0; k < m.cols; ++k) m.values.push_back(k % 2 == 0 ? 0.0 : 4.0);
    for (std::size_t k = 0; k <= m.cols; ++k) {
        const double u = static_cast<double>(k) / static_cast<double>(m.cols);
        m.x_edges.push_back(100 * u * std::sqrt(u));  // cells from 0.0005 to 0.075 wide
    }
    m.y_edges = {0, 1};
    const auto& lut = Colormap::find("gray")->table();
    for (const bool nearest : {false, true}) {
        SCOPED_TRACE(nearest);
        MeshLayer layer = m;
        if (nearest) layer.resampling = Resampling::nearest;
        RecordingCanvas c(800, 600);
        draw_figure(mesh_figure(layer, {"x", 0, 100}, {"y", 0, 1}), c);
        const Rect axes = c.clips.at(0);
        ASSERT_EQ(c.images.size(), 1u);
        const auto& [img, dest] = c.images[0];
        std::size_t full = 0, off = 0;
        double worst = 0;
        for (int k = 1; k + 1 < img.width; ++k) {
            const double lo = dest.x + k, hi = lo + 1;
            double sum = 0, len = 0;
            for (std::size_t j = 0; j < m.cols; ++j) {
                const double a = axes.x + axes.w * m.x_edges[j] / 100, b = axes.x + axes.w * m.x_edges[j + 1] / 100;
                const double overlap = std::min(hi, b) - std::max(lo, a);
                if (overlap > 0) {
                    sum += overlap * m.values[j];
                    len += overlap;
                }
            }
            const double t = std::clamp(sum / len / 4 * 256, 0.0, 255.0);
            const int expected = lut[static_cast<std::size_t>(t)].r;
            const int got = img.rgb[3 * static_cast<std::size_t>(k)];
            worst = std::max(worst, std::abs(static_cast<double>(got - expected)));
            full += got < 26 || got > 229 ? 1 : 0;
            off += got != expected ? 1 : 0;
        }
        if (nearest) {
            EXPECT_GT(full, static_cast<std::size_t>(img.width) / 2);  // the comb, point-sampled
        } else {
            EXPECT_LE(worst, 1) << off << " pixels off";
            // Where cells are narrower than a pixel the mean is grey, never the comb's black or white.
            EXPECT_LT(full, static_cast<std::size_t>(img.width) / 20);
        }
    }
}


// Limits narrower than the mesh: the image covers only the axes.
TEST(Chart, MeshIsCutToTheAxes) {
    MeshLayer m;
    m.rows = 1;
    m.cols = 2;
    m.values = {0, 4};
    m.x_edges = {-100, 0, 100};
    m.y_edges = {0, 1};
    RecordingCanvas c(400, 300);
    draw_figure(mesh_figure(m, {"x", -1, 1}, {"y", 0, 1}), c);
    const Rect axes = c.clips.at(0);
    ASSERT_EQ(c.images.size(), 1u);
    const auto& [img, dest] = c.images[0];
    EXPECT_NEAR(dest.x, axes.x, 0.5);
    EXPECT_NEAR(dest.w, axes.w, 1);
    const std::vector<double> xs = colour_changes(img, dest, true);
    ASSERT_EQ(xs.size(), 1u);
    EXPECT_NEAR(xs[0], axes.x + axes.w / 2, 0.5);
}

// Quads: one path per colour, each quad a ring at its corners, edged in its own colour.
TEST(Chart, QuadsAreFilledOnePathPerColour) {
    MeshLayer m;
    m.rows = 1;
    m.cols = 3;
    m.values = {0, 4, 0};
    m.x_corners = {0, 1, 2, 3, 0.5, 1.5, 2.5, 3.5};  // a sheared strip
    m.y_corners = {0, 0, 0, 0, 1, 1, 1, 1};
    RecordingCanvas c(400, 300);
    draw_figure(mesh_figure(m, {"x", 0, 3.5}, {"y", 0, 1}), c);
    const Rect axes = c.clips.at(0);
    std::size_t rings = 0;
    for (const auto& call : c.fill_paths) {
        rings += call.rings.size();
        ASSERT_TRUE(call.style.outline.has_value());
        EXPECT_EQ(call.style.outline->color, call.style.color);
    }
    ASSERT_EQ(c.fill_paths.size(), 2u);
    EXPECT_EQ(rings, 3u);
    const auto& black = c.fill_paths[0].style.color == Color{0, 0, 0, 1} ? c.fill_paths[0] : c.fill_paths[1];
    ASSERT_EQ(black.rings.size(), 2u);
    const Point first = black.rings[0][0];
    EXPECT_NEAR(first.x, axes.x, 1e-9);
    EXPECT_NEAR(first.y, axes.bottom(), 1e-9);
    EXPECT_NEAR(black.rings[0][3].x, axes.x + axes.w * 0.5 / 3.5, 1e-9);  // corner (1, 0)
}

// A curvilinear grid finer than the pixels is merged into about one quad per pixel,
// covering the same ground (its outer corners stay).
TEST(Chart, QuadsFinerThanThePixelsAreMerged) {
    MeshLayer m;
    m.rows = 300;
    m.cols = 400;
    m.values.resize(m.rows * m.cols);
    for (std::size_t i = 0; i < m.values.size(); ++i) m.values[i] = static_cast<double>(i % 5);
    for (std::size_t i = 0; i <= m.rows; ++i) {
        for (std::size_t j = 0; j <= m.cols; ++j) {
            m.x_corners.push_back(static_cast<double>(j) + 0.1 * static_cast<double>(i));
            m.y_corners.push_back(static_cast<double>(i));
        }
    }
    RecordingCanvas c(200, 150);
    draw_figure(mesh_figure(m, {"x", 0, 430}, {"y", 0, 300}), c);
    const Rect axes = c.clips.at(0);
    std::size_t rings = 0;
    double left = 1e9, right = -1e9, top = 1e9, bottom = -1e9;
    for (const auto& call : c.fill_paths) {
        rings += call.rings.size();
        for (const auto& ring : call.rings) {
            for (const Point& p : ring) {
                left = std::min(left, p.x);
                right = std::max(right, p.x);
                top = std::min(top, p.y);
                bottom = std::max(bottom, p.y);
            }
        }
    }
    EXPECT_LE(static_cast<double>(rings), 1.5 * axes.w * axes.h);
    EXPECT_GT(static_cast<double>(rings), 0.2 * axes.w * axes.h);
    EXPECT_NEAR(left, axes.x, 1e-6);
    EXPECT_NEAR(right, axes.right(), 1e-6);  // corner (300, 400) at x = 430
    EXPECT_NEAR(top, axes.y, 1e-6);
    EXPECT_NEAR(bottom, axes.bottom(), 1e-6);
}

// At 320×240 twelve lines once made a legend taller than the figure, over the title. At
// every place it now stays inside the axes (outside: right of them, inside the figure),
// off the title, with every entry either shown or counted in "+N more".
TEST(Chart, LegendOfTwelveLinesFitsA320By240Figure) {
    for (int place = 0; place <= static_cast<int>(LegendPlace::outside); ++place) {
        SCOPED_TRACE(place);
        Figure f = many_lines(320, 240, 12);
        f.panels[0].legend = static_cast<LegendPlace>(place);
        RecordingCanvas c(f.width, f.height);
        draw_figure(f, c);
        const std::optional<Rect> frame = legend_frame(c);
        ASSERT_TRUE(frame);
        ASSERT_FALSE(c.clips.empty());
        const Rect axes = c.clips[0];
        EXPECT_TRUE(inside(*frame, {0, 0, 320, 240}));
        if (f.panels[0].legend == LegendPlace::outside) {
            EXPECT_GE(frame->x, axes.right());
        } else {
            EXPECT_TRUE(inside(*frame, axes));
        }
        int title_lines = 0;  // the title, on one line or wrapped over the narrower axes
        for (const TextCall& t : c.texts) {
            if (!(t.anchor.y < axes.y)) continue;  // above the axes: the title
            ++title_lines;
            EXPECT_FALSE(overlap(c.text_box(t), *frame)) << t.text;
        }
        EXPECT_GE(title_lines, 1);
        EXPECT_EQ(legend_count(c, 12), 12);
        // Its text is never below the minimum readable size, and stays in its frame.
        for (const TextCall& t : c.texts) {
            if (!t.text.starts_with("line ") && !t.text.ends_with(" more")) continue;
            EXPECT_GE(t.style.size, 7 * f.dpi / 72 - 1e-9) << t.text;
            EXPECT_TRUE(inside(c.text_box(t), *frame)) << t.text;
        }
    }
}

// Room enough: all entries at full size in one column; too little height: smaller text,
// then columns, then "+N more".
TEST(Chart, LegendShrinksThenTakesColumnsThenCountsTheRest) {
    auto draw = [](int w, int h, int n) {
        Figure f = many_lines(w, h, n);
        auto c = std::make_unique<RecordingCanvas>(w, h);
        draw_figure(f, *c);
        return c;
    };
    auto sizes = [](RecordingCanvas& c) {
        std::vector<double> out;
        for (const TextCall& t : c.texts) {
            if (t.text.starts_with("line ")) out.push_back(t.style.size);
        }
        return out;
    };
    auto roomy = draw(800, 600, 3);
    EXPECT_EQ(sizes(*roomy), std::vector<double>(3, 10 * 100 / 72.0));
    auto tight = draw(320, 240, 8);
    ASSERT_EQ(sizes(*tight).size(), 8u);
    EXPECT_LT(sizes(*tight)[0], 10 * 100 / 72.0);
    auto columns = draw(640, 240, 24);
    std::vector<double> xs;
    for (const TextCall& t : columns->texts) {
        if (t.text.starts_with("line ")) xs.push_back(t.anchor.x);
    }
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    EXPECT_GE(xs.size(), 2u);  // side by side
    EXPECT_EQ(legend_count(*columns, 24), 24);
    auto crowded = draw(320, 240, 40);
    EXPECT_EQ(legend_count(*crowded, 40), 40);
    bool more = false;
    for (const TextCall& t : crowded->texts) more = more || t.text.ends_with(" more");
    EXPECT_TRUE(more);
}

// legend: outside puts it right of the axes, which narrow to make room for it.
TEST(Chart, OutsideLegendNarrowsTheAxes) {
    Figure inside_fig = many_lines(800, 600, 4);
    Figure outside_fig = inside_fig;
    outside_fig.panels[0].legend = LegendPlace::outside;
    RecordingCanvas a(800, 600), b(800, 600);
    draw_figure(inside_fig, a);
    draw_figure(outside_fig, b);
    const Rect in_axes = a.clips[0], out_axes = b.clips[0];
    EXPECT_LT(out_axes.w, in_axes.w - 40);
    const std::optional<Rect> frame = legend_frame(b);
    ASSERT_TRUE(frame);
    EXPECT_GT(frame->x, out_axes.right());
    EXPECT_LE(frame->right(), 800 - 1);
    EXPECT_EQ(frame->y, out_axes.y);  // top-aligned with the axes
    EXPECT_EQ(legend_count(b, 4), 4);
    // none draws no legend at all.
    Figure none = inside_fig;
    none.panels[0].legend = LegendPlace::none;
    RecordingCanvas d(800, 600);
    draw_figure(none, d);
    EXPECT_FALSE(legend_frame(d));
}

// 'best' keeps the legend off the data: a cluster of points in one corner sends it to
// another place, as matplotlib's badness (vertices inside, lines crossing) does.
TEST(Chart, BestLegendAvoidsADataCluster) {
    const std::vector<std::pair<double, double>> corners = {{9, 9}, {1, 9}, {1, 1}, {9, 1}};
    for (const auto& [cx, cy] : corners) {
        SCOPED_TRACE(std::to_string(cx) + "," + std::to_string(cy));
        Figure f;
        f.width = 640;
        f.height = 480;
        Panel& p = f.panels.emplace_back();
        p.x = {"x", 0, 10};
        p.y = {"y", 0, 10};
        p.legend = LegendPlace::best;
        p.layers.reserve(2);
        for (int k = 0; k < 2; ++k) {
            LinesLayer s;  // a dense scribble around the corner
            s.x.reserve(400);
            s.y.reserve(400);
            for (int i = 0; i < 400; ++i) {
                const double a = 0.1 * i + k;
                s.x.push_back(cx + 1.2 * std::cos(a) * (i % 7) / 7.0);
                s.y.push_back(cy + 1.2 * std::sin(1.3 * a) * (i % 5) / 5.0);
            }
            s.color = cycle_color(static_cast<std::size_t>(k));
            s.label = "cluster " + std::to_string(k);
            p.layers.emplace_back(s);
        }
        RecordingCanvas c(640, 480);
        draw_figure(f, c);
        const std::optional<Rect> frame = legend_frame(c);
        ASSERT_TRUE(frame);
        const Rect axes = c.clips[0];
        auto at = [&](double x, double y) { return Point{axes.x + x / 10 * axes.w, axes.bottom() - y / 10 * axes.h}; };
        std::size_t covered = 0;
        for (const Layer& layer : p.layers) {
            const auto& s = std::get<LinesLayer>(layer);
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                const Point q = at(s.x[i], s.y[i]);
                covered += q.x >= frame->x && q.x <= frame->right() && q.y >= frame->y && q.y <= frame->bottom() ? 1 : 0;
            }
        }
        EXPECT_EQ(covered, 0u);
        // A fixed place is where it is asked to be, whatever it covers: over the cluster.
        p.legend = cx > 5 ? (cy > 5 ? LegendPlace::upper_right : LegendPlace::lower_right)
                          : (cy > 5 ? LegendPlace::upper_left : LegendPlace::lower_left);
        RecordingCanvas d(640, 480);
        draw_figure(f, d);
        const std::optional<Rect> fixed = legend_frame(d);
        ASSERT_TRUE(fixed);
        const Point corner = at(cx > 5 ? 9.8 : 0.2, cy > 5 ? 9.8 : 0.2);
        EXPECT_TRUE(corner.x > fixed->x && corner.x < fixed->right() && corner.y > fixed->y && corner.y < fixed->bottom());
    }
}

// A dashed line's legend sample is dashed too: several strokes, not one.
TEST(Chart, DashedLinesAndTheirLegendSamples) {
    Figure f = many_lines(640, 480, 12);
    auto& eleventh = std::get<LinesLayer>(f.panels[0].layers[10]);
    eleventh.dash = Dash::dashed;
    eleventh.color = {0.25, 0.25, 0.25, 1};  // told apart from line 1 here by colour
    std::get<LinesLayer>(f.panels[0].layers[11]).dash = Dash::dotted;
    RecordingCanvas c(640, 480);
    draw_figure(f, c);
    std::size_t strokes = 0, firsts = 0;
    for (const PolylineCall& call : c.polylines) {
        strokes += call.stroke.color == Color{0.25, 0.25, 0.25, 1} ? 1 : 0;
        firsts += call.stroke.color == cycle_color(0) ? 1 : 0;
    }
    EXPECT_GT(strokes, 10u);  // line 11: many dashes, on the plot and in its sample
    EXPECT_EQ(firsts, 2u);    // line 1: one stroke and its sample
}

// By default (auto) cells finer than a pixel are area-averaged: the picture is the exact
// area average within one grey level (the colormap's quantization), and no false rings
// appear away from the centre, where the true rings are finer than a pixel. Point
// sampling (nearest) shows them at full contrast over most of the image.
TEST(Chart, ZonePlateMatchesTheAreaAverageWithoutMoire) {
    const ZoneResult automatic = zone_against_reference(std::nullopt);
    std::printf("zone plate %d² into 800×600, auto: largest difference %d grey levels, %.4f%% at full contrast\n",
                zone_n, automatic.largest_difference, 100 * automatic.full_contrast);
    EXPECT_LE(automatic.largest_difference, 1);
    EXPECT_LT(automatic.full_contrast, 0.001);
    const ZoneResult nearest = zone_against_reference(Resampling::nearest);
    std::printf("zone plate, nearest: largest difference %d, %.1f%% at full contrast\n", nearest.largest_difference,
                100 * nearest.full_contrast);
    EXPECT_GT(nearest.full_contrast, 0.3);  // the moiré the default avoids
    EXPECT_GT(nearest.largest_difference, 100);
}

TEST(Chart, AutoResamplingAveragesOnlyCellsFinerThanAPixel) {
    EXPECT_EQ(auto_resampling(100, 100, 500, 500), Resampling::nearest);  // 5 px cells
    EXPECT_EQ(auto_resampling(500, 500, 500, 500), Resampling::nearest);  // one cell a pixel
    EXPECT_EQ(auto_resampling(501, 10, 500, 500), Resampling::area);      // finer along y
    EXPECT_EQ(auto_resampling(10, 4096, 500, 500), Resampling::area);     // finer along x
    // The recording canvas sees the choice: a 2×2 field stays nearest, a 2048² one is
    // averaged onto the device pixels before it is drawn.
    RecordingCanvas c(800, 600);
    Figure small = zone_figure(std::nullopt);
    auto& h = std::get<ImageLayer>(small.panels[0].layers[0]);
    h.rows = h.cols = 2;
    h.values = {0, 1, 1, 0};
    small.panels[0].x.hi = small.panels[0].y.hi = 1.5;
    draw_figure(small, c);
    draw_figure(zone_figure(std::nullopt), c);
    ASSERT_EQ(c.image_resamplings.size(), 2u);  // no colorbar in these figures
    EXPECT_EQ(c.image_resamplings[0], Resampling::nearest);
    EXPECT_EQ(c.image_resamplings[1], Resampling::area);
    EXPECT_EQ(c.images[1].first.width, static_cast<int>(std::round(c.images[1].second.w)));
}

// ---- aspect ----

namespace {

// A rows × cols heatmap with a colorbar, cell centres on indices, the given aspect.
Figure field(std::size_t rows, std::size_t cols, Aspect aspect, int width, int height) {
    Figure f;
    f.width = width;
    f.height = height;
    f.title = "field";
    Panel& p = f.panels.emplace_back();
    p.x = {"axis 1", -0.5, static_cast<double>(cols) - 0.5};
    p.y = {"axis 0", -0.5, static_cast<double>(rows) - 0.5};
    p.aspect = aspect;
    ImageLayer h;
    h.rows = rows;
    h.cols = cols;
    h.values.assign(rows * cols, 0.5);
    h.colormap = Colormap::find("viridis");
    p.layers.emplace_back(std::move(h));
    p.colorbar = Colorbar{"Density [kg/m^3]", 0.001, 0.009, Colormap::find("viridis")};
    return f;
}

struct Shape {
    Rect axes, colorbar;
    std::vector<Rect> colorbar_labels;
};

Shape drawn_shape(const Figure& f) {
    RecordingCanvas c(f.width, f.height);
    draw_figure(f, c);
    Shape s;
    s.axes = c.clips.at(0);
    s.colorbar = c.images.at(1).second;
    for (const auto& t : c.texts) {
        if (t.style.angle == 0 && t.anchor.x > s.colorbar.right()) s.colorbar_labels.push_back(c.text_box(t));
    }
    for (const auto& t : c.texts) {
        const Rect b = c.text_box(t);
        EXPECT_TRUE(b.x >= -0.5 && b.y >= -0.5 && b.right() <= f.width + 0.5 && b.bottom() <= f.height + 0.5)
            << "'" << t.text << "' leaves the figure";
    }
    return s;
}

}  // namespace

// The heatmap's default (equal unless thin): tall and wide arrays fill the axes instead of
// becoming slivers, and the colorbar keeps several readable labels that do not overlap.
TEST(Chart, ThinArraysFillTheAxesAndKeepAReadableColorbar) {
    const std::pair<std::size_t, std::size_t> shapes[] = {{2000, 8}, {8, 2000}, {148, 750}, {750, 148}};
    for (const auto [w, h] : {std::pair{640, 480}, std::pair{320, 240}}) {
        for (const auto [rows, cols] : shapes) {
            for (const bool forced_equal : {false, true}) {
                SCOPED_TRACE(std::to_string(rows) + "×" + std::to_string(cols) + " at " + std::to_string(w) + "×" +
                             std::to_string(h) + (forced_equal ? ", aspect: equal" : ""));
                const Shape s = drawn_shape(field(rows, cols, {1.0, !forced_equal}, w, h));
                if (!forced_equal) {
                    EXPECT_GE(s.axes.w, w / 4.0);
                    EXPECT_GE(s.axes.h, h / 4.0);
                } else {  // square cells, as asked, however thin
                    const double cell_w = s.axes.w / static_cast<double>(cols), cell_h = s.axes.h / static_cast<double>(rows);
                    EXPECT_NEAR(cell_w / cell_h, 1, 2.0 / std::min(s.axes.w, s.axes.h));
                }
                EXPECT_GE(s.colorbar.h, h / 4.0);
                ASSERT_GE(s.colorbar_labels.size(), 2u);
                for (std::size_t i = 0; i < s.colorbar_labels.size(); ++i)
                    for (std::size_t j = i + 1; j < s.colorbar_labels.size(); ++j)
                        EXPECT_FALSE(overlap(s.colorbar_labels[i], s.colorbar_labels[j])) << i << ", " << j;
            }
        }
    }
}

// A square array keeps square cells by default; a number is matplotlib's aspect (a y
// unit's length over an x unit's), computed from the axes' ranges whatever the cells;
// no ratio fills the axes.
TEST(Chart, AspectRatioIsTheScreenLengthOfAYUnitOverAnXUnit) {
    const Shape square = drawn_shape(field(100, 100, {1.0, true}, 800, 600));
    EXPECT_EQ(square.axes.w, square.axes.h);
    const Shape tall = drawn_shape(field(100, 100, {2.0, false}, 800, 600));
    EXPECT_NEAR(tall.axes.h / tall.axes.w, 2, 0.02);
    Figure physical = field(100, 100, {0.5, false}, 800, 600);
    physical.panels[0].x = {"x [m]", 0, 4};  // 4 m wide, 1 m tall, a y metre half an x metre long
    physical.panels[0].y = {"y [m]", 0, 1};
    const Shape wide = drawn_shape(physical);
    EXPECT_NEAR(wide.axes.w / wide.axes.h, 8, 0.1);
    const Shape fill = drawn_shape(field(100, 100, {}, 800, 600));
    EXPECT_GT(fill.axes.w, fill.axes.h * 1.1);
    EXPECT_EQ(fill.colorbar.h, fill.axes.h);
    EXPECT_GT(fill.axes.w, square.axes.w);
}

// Averaging happens in the colour scale's values: a checkerboard of 1 and 100 on a log
// norm [1, 100] averages to 10, the middle of the colorbar (a mean of the colours, or of
// the values, would be elsewhere); a pixel mostly over bad cells is bad_color.
TEST(Chart, AveragedCellsKeepColoursOfTheColorbar) {
    Figure f = zone_figure(std::nullopt);
    auto& h = std::get<ImageLayer>(f.panels[0].layers[0]);
    h.norm = Scale::log;
    h.vmin = 1;
    h.vmax = 100;
    h.bad_color = {1, 0, 0, 1};
    for (std::size_t r = 0; r < zone_n; ++r) {
        for (std::size_t c = 0; c < zone_n; ++c) {
            const bool left = c < zone_n / 2;
            h.values[r * zone_n + c] = left ? (r % 4 == 0 ? 1.0 : std::nan("")) : ((r + c) % 2 == 0 ? 1.0 : 100.0);
        }
    }
    RecordingCanvas c(800, 600);
    draw_figure(f, c);
    ASSERT_EQ(c.images.size(), 1u);
    const auto& [img, dest] = c.images[0];
    EXPECT_EQ(c.image_resamplings[0], Resampling::area);
    ASSERT_LT(img.width, zone_n);  // averaged before the canvas sees it
    const auto& lut = Colormap::find("gray")->table();
    for (int y = 2; y < img.height - 2; y += 7) {
        for (int x = 2; x < img.width * 2 / 5; x += 7) {  // left: 3 of 4 cells NaN
            const std::uint8_t* p = img.rgb.data() + 3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(x));
            EXPECT_EQ(p[0], 255);
            EXPECT_EQ(p[1], 0);
        }
        for (int x = img.width * 3 / 5; x < img.width - 2; x += 7) {  // right: the log mean, 10
            const std::uint8_t* p = img.rgb.data() + 3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(x));
            EXPECT_NEAR(p[0], lut[128].r, 3);
        }
    }
}

// Contour labels (LabelledLinesLayer): the text sits on the line, rotated along it and
// never upside down, and the line is broken under it; a line too short for its text is
// drawn whole and unlabelled.
TEST(Chart, LabelledLinesBreakUnderTheirRotatedText) {
    const auto drawn = [](std::vector<Point> points, std::string text) {
        Figure f;
        Panel& p = f.panels.emplace_back();
        p.x = {"x", 0, 10};
        p.y = {"y", 0, 10};
        LabelledLinesLayer l;
        l.lines.push_back({std::move(points), std::move(text)});
        l.color = {0, 0, 1, 1};
        l.text_color = {0, 0, 1, 1};
        p.layers.emplace_back(std::move(l));
        RecordingCanvas c(800, 600);
        draw_figure(f, c);
        return c;
    };
    {
        RecordingCanvas c = drawn({{1, 5}, {5, 5}, {9, 5}}, "0.5");
        const auto texts = c.texts_equal("0.5");
        ASSERT_EQ(texts.size(), 1u);
        EXPECT_NEAR(texts[0].style.angle, 0, 1e-9);
        EXPECT_EQ(texts[0].style.halign, HAlign::center);
        EXPECT_EQ(texts[0].style.color, (Color{0, 0, 1, 1}));
        std::vector<PolylineCall> blue;
        for (const auto& pl : c.polylines)
            if (pl.stroke.color == Color{0, 0, 1, 1}) blue.push_back(pl);
        ASSERT_EQ(blue.size(), 2u);  // broken under the text
        const double width = c.measure_text("0.5", texts[0].style.size).width;
        const double gap_lo = blue[0].points.back().x, gap_hi = blue[1].points.front().x;
        EXPECT_LT(gap_lo, texts[0].anchor.x - width / 2);
        EXPECT_GT(gap_hi, texts[0].anchor.x + width / 2);
        EXPECT_LT(gap_hi - gap_lo, 3 * width);
    }
    for (const bool down : {false, true}) {  // read bottom to top either way
        RecordingCanvas c = drawn(
            down ? std::vector<Point>{{5, 9}, {5, 1}} : std::vector<Point>{{5, 1}, {5, 9}}, "12");
        const auto texts = c.texts_equal("12");
        ASSERT_EQ(texts.size(), 1u);
        EXPECT_NEAR(texts[0].style.angle, 90, 1e-9);
    }
    {
        RecordingCanvas c = drawn({{5, 5}, {5.2, 5}}, "0.5");
        EXPECT_TRUE(c.texts_equal("0.5").empty());
        std::size_t blue = 0;
        for (const auto& pl : c.polylines) blue += pl.stroke.color == Color{0, 0, 1, 1} ? 1 : 0;
        EXPECT_EQ(blue, 1u);
    }
}
