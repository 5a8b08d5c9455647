// Chart logic against a recording canvas: no pixels, just what would be drawn.
#include "plotcluster/figure/chart.hpp"

#include <gtest/gtest.h>

#include <iomanip>

#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

#include "plotcluster/error.hpp"
#include "support/recording_canvas.hpp"
#include "support/rules.hpp"

using namespace plotcluster;
using plotcluster::test::RecordingCanvas;

namespace {

Figure line(std::vector<double> y, double lo, double hi) {
    Figure f;
    f.title = "Energy (run_0001)";
    f.x = {"index", -0.5, static_cast<double>(y.size()) - 0.5};
    f.y = {"Energy [J]", lo, hi};
    LineSeries s;
    for (std::size_t i = 0; i < y.size(); ++i) s.x.push_back(static_cast<double>(i));
    s.y = std::move(y);
    s.color = {0, 0, 1, 1};
    f.lines.push_back(std::move(s));
    return f;
}

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

TEST(Chart, LargeValuesGetAnExponentOffset) {
    RecordingCanvas c(800, 600);
    draw_figure(line({1e5, 2e5, 3e5}, 1e5, 3e5), c);
    EXPECT_FALSE(c.texts_equal("×10").empty());
    EXPECT_FALSE(c.texts_equal("5").empty());
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
    f.x = {"axis 1", -0.5, 2.5};
    f.y = {"axis 0", -0.5, 1.5};
    HeatmapLayer h;
    h.rows = 2;
    h.cols = 3;
    h.values = {0, 1, 2, 3, 4, std::nan("")};
    h.colormap = Colormap::find("gray");
    ASSERT_NE(h.colormap, nullptr);
    h.vmin = 0;
    h.vmax = 4;
    h.bad_color = {1, 0, 0, 1};
    f.heatmap = h;
    f.colorbar = Colorbar{"Density [kg/m^3]", 0, 4, h.colormap};
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
    const auto label = c.texts_equal("Density [kg/m^3]");
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
    f.y.scale = Scale::log;
    draw_figure(f, c);
    for (const char* exponent : {"0", "1", "2", "3", "4"}) {
        EXPECT_FALSE(c.texts_equal(exponent).empty()) << exponent;
    }
    EXPECT_GE(c.texts_equal("10").size(), 5u);  // "10" carries each raised exponent
}

TEST(Chart, LegendListsTheSeriesAndGridSitsBehindTheData) {
    RecordingCanvas c(800, 600);
    Figure f = line({0, 1, 2}, 0, 2);
    f.lines[0].label = "first";
    LineSeries second = f.lines[0];
    second.label = "second";
    second.y = {2, 1, 0};
    f.lines.push_back(second);
    f.legend = true;
    f.grid = true;
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
    f.x = {"v", 0, 4};
    f.y = {"count", 0, 3};
    f.bars = Bars{{0, 1, 2, 3, 4}, {1, 0, 3, 2}, {0, 0, 1, 1}};
    LineSeries dots;
    dots.x = {1, 2, 3};
    dots.y = {1, 2, std::nan("")};
    dots.width_pt = 0;
    dots.marker = MarkerShape::circle;
    f.lines.push_back(dots);
    draw_figure(f, c);
    int bars = 0;
    for (const auto& color : c.fill_colors) bars += color == Color{0, 0, 1, 1};
    EXPECT_EQ(bars, 3);  // empty bins draw nothing
    ASSERT_EQ(c.marker_calls.size(), 1u);
    EXPECT_EQ(c.marker_calls[0].centres.size(), 2u);  // the NaN point is skipped
    EXPECT_TRUE(c.polylines.empty() || c.polylines[0].points.size() != 3);
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
    f.y.scale = Scale::log;
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
    none.y.scale = Scale::log;
    RecordingCanvas d(800, 600);
    draw_figure(none, d);
    expect_finite_drawing(d);
}
