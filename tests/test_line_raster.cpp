// The fast polyline rasterizer against Cairo's own stroke of the same path (round caps and
// joins, the shape the rasterizer draws): the same picture up to antialiasing.
#include "canvas/line_raster.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace plotcluster {
namespace {

constexpr int width = 400, height = 300;

struct Surface {
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t* cr = cairo_create(s);
    Surface() {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_surface_flush(s);
    }
    ~Surface() {
        cairo_destroy(cr);
        cairo_surface_destroy(s);
    }
    Surface(const Surface&) = delete;
    Surface& operator=(const Surface&) = delete;
    const std::uint8_t* row(int y) const {
        return cairo_image_surface_get_data(s) + static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(s);
    }
};

struct Difference {
    int largest = 0;
    double mean = 0;     // over pixels where either picture has ink
    long inked = 0;      // such pixels in the Cairo picture
    long big = 0;        // pixels off by more than 32 in some channel
};

Difference compare(const std::vector<Point>& points, double line_width, const Color& color) {
    Surface fast, cairo;
    detail::RasterScratch scratch;
    detail::raster_polyline({cairo_image_surface_get_data(fast.s), cairo_image_surface_get_stride(fast.s),
                             width, height},
                            {0, 0, width, height}, points, line_width, color, scratch);
    cairo_surface_mark_dirty(fast.s);

    cairo_set_source_rgba(cairo.cr, color.r, color.g, color.b, color.a);
    cairo_set_line_width(cairo.cr, line_width);
    cairo_set_line_cap(cairo.cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cairo.cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cairo.cr, points[0].x, points[0].y);
    for (const Point& p : points) cairo_line_to(cairo.cr, p.x, p.y);
    cairo_stroke(cairo.cr);
    cairo_surface_flush(cairo.s);

    Difference d;
    double sum = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint32_t a, b;
            std::memcpy(&a, fast.row(y) + std::ptrdiff_t{4} * x, 4);
            std::memcpy(&b, cairo.row(y) + std::ptrdiff_t{4} * x, 4);
            a &= 0xffffff;
            b &= 0xffffff;
            if (a == 0xffffff && b == 0xffffff) continue;
            d.inked += b != 0xffffff;
            int worst = 0;
            for (int k = 0; k < 24; k += 8) worst = std::max(worst, std::abs(int((a >> k) & 0xff) - int((b >> k) & 0xff)));
            d.largest = std::max(d.largest, worst);
            d.big += worst > 32;
            sum += worst;
        }
    }
    const long counted = std::max(d.inked, 1L);
    d.mean = sum / static_cast<double>(counted);
    return d;
}

TEST(LineRaster, SmoothCurveMatchesCairo) {
    std::vector<Point> points;
    for (int i = 0; i <= 300; ++i) points.push_back({20 + i * 1.2, 150 + 100 * std::sin(i * 0.03)});
    const Difference d = compare(points, 2.08, {0.12, 0.47, 0.71, 1});
    std::printf("smooth: largest %d, mean %.2f over %ld inked pixels\n", d.largest, d.mean, d.inked);
    EXPECT_GT(d.inked, 700);
    EXPECT_LE(d.largest, 64);  // antialiasing: Cairo's exact area against distance coverage
    EXPECT_LT(d.mean, 6.0);
}

TEST(LineRaster, DenseNoiseMatchesCairo) {
    std::mt19937 rng(3);
    std::normal_distribution<double> noise;
    std::vector<Point> points;
    points.reserve(3000);
    for (int i = 0; i < 3000; ++i) points.push_back({20 + i * 0.12, 150 + 40 * noise(rng)});
    const Difference d = compare(points, 2.08, {0.12, 0.47, 0.71, 1});
    std::printf("dense: largest %d, mean %.2f over %ld inked pixels, %ld off by more than 32\n",
                d.largest, d.mean, d.inked, d.big);
    // Where two segments each cover part of a pixel, Cairo counts the union's area and the
    // rasterizer the larger part: a few pixels in the gaps of a dense tangle come out
    // lighter. Measured: largest 103, mean 3.4, 3.2% of inked pixels off by more than 32.
    EXPECT_LE(d.largest, 128);
    EXPECT_LT(d.mean, 6.0);
    EXPECT_LT(d.big, d.inked / 20);
}

TEST(LineRaster, ThinSteepAndTranslucent) {
    const std::vector<Point> zigzag = {{10, 10}, {12, 290}, {14, 10}, {300, 200}, {390, 195}};
    for (const double w : {0.5, 1.0, 4.0}) {
        const Difference d = compare(zigzag, w, {0.8, 0.1, 0.1, 0.5});
        std::printf("zigzag width %.1f: largest %d, mean %.2f\n", w, d.largest, d.mean);
        EXPECT_LE(d.largest, 64) << "width " << w;
        EXPECT_LT(d.mean, 8.0) << "width " << w;
    }
}

TEST(LineRaster, StaysInsideTheClip) {
    Surface s;
    detail::RasterScratch scratch;
    const std::vector<Point> points = {{-50, 150}, {450, 150}, {200, -40}, {200, 340}};
    detail::raster_polyline({cairo_image_surface_get_data(s.s), cairo_image_surface_get_stride(s.s), width, height},
                            {100, 100, 100, 100}, points, 3, {0, 0, 0, 1}, scratch);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint32_t p;
            std::memcpy(&p, s.row(y) + std::ptrdiff_t{4} * x, 4);
            const bool inside = x >= 100 && x < 200 && y >= 100 && y < 200;
            if (!inside) {
                EXPECT_EQ(p & 0xffffff, 0xffffffu) << x << "," << y;
            }
        }
    }
}

// A value far beyond fixed axis limits lands far outside the image (here 1e302 px above
// it, and one not finite): the segments to it are drawn up to the edge of the clip, as
// lines that leave the plot, with no integer overflow on the way.
TEST(LineRaster, PointsFarOutsideAreDrawnToTheEdge) {
    Surface s;
    detail::RasterScratch scratch;
    scratch.reserve(width, height);
    const std::vector<Point> points = {{60, 200}, {100, -1e302}, {140, 200}, {180, 150},
                                       {220, std::numeric_limits<double>::infinity()}, {260, 150}};
    detail::raster_polyline({cairo_image_surface_get_data(s.s), cairo_image_surface_get_stride(s.s), width, height},
                            {20, 20, 260, 260}, points, 2, {0, 0, 0, 1}, scratch);
    const auto inked = [&](int y, int x_lo, int x_hi) {
        for (int x = x_lo; x < x_hi; ++x) {
            std::uint32_t p;
            std::memcpy(&p, s.row(y) + std::ptrdiff_t{4} * x, 4);
            if ((p & 0xff) < 128) return true;
        }
        return false;
    };
    // Both steep segments reach every row up to the top of the clip, each near its x.
    for (int y = 21; y < 190; ++y) {
        const double t = (200.0 - (y + 0.5)) / 1e302;  // how far along: next to nothing
        ASSERT_TRUE(inked(y, 57, 64)) << "row " << y << " (t " << t << ")";
        ASSERT_TRUE(inked(y, 137, 144)) << "row " << y;
    }
    EXPECT_FALSE(inked(10, 0, width)) << "nothing above the clip";
    // The segment between two ordinary points is drawn; the two to the infinite one are not.
    EXPECT_TRUE(inked(175, 150, 170));
    EXPECT_FALSE(inked(100, 200, 240));
    // Both ends far away, on either side: the line crosses the whole clip.
    const std::vector<Point> across = {{300, -1e302}, {304, 1e302}};
    detail::raster_polyline({cairo_image_surface_get_data(s.s), cairo_image_surface_get_stride(s.s), width, height},
                            {20, 20, 360, 260}, across, 2, {0, 0, 0, 1}, scratch);
    for (int y = 21; y < 279; ++y) ASSERT_TRUE(inked(y, 299, 306)) << "row " << y;
}

}  // namespace
}  // namespace plotcluster
