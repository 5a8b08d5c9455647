// Markers stamped from sprites (canvas/marker_stamp.hpp) against Cairo's own path of each
// marker, filled (or stroked) one by one as CairoCanvas drew them before: the same picture
// up to where a marker's centre falls within 1/32 pixel, and the rounding of the blend.
#include "canvas/marker_stamp.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
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
    std::uint32_t at(int x, int y) const {
        std::uint32_t p = 0;
        std::memcpy(&p,
                    cairo_image_surface_get_data(s) +
                        static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(s) +
                        std::ptrdiff_t{4} * x,
                    4);
        return p & 0xffffff;
    }
    detail::PixelBuffer pixels() const {
        return {cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s), width, height};
    }
};

struct Difference {
    int largest = 0;
    double mean = 0;  // over pixels where either picture has ink
    long inked = 0;
};

Difference difference(const Surface& a, const Surface& b) {
    Difference d;
    double sum = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const std::uint32_t p = a.at(x, y), q = b.at(x, y);
            if (p == 0xffffff && q == 0xffffff) continue;
            ++d.inked;
            int worst = 0;
            for (int k = 0; k < 24; k += 8)
                worst = std::max(worst, std::abs(int((p >> k) & 0xff) - int((q >> k) & 0xff)));
            d.largest = std::max(d.largest, worst);
            sum += worst;
        }
    }
    d.mean = sum / static_cast<double>(std::max(d.inked, 1L));
    return d;
}

// Cairo's path per marker, as CairoCanvas::markers draws on a vector document.
void cairo_markers(Surface& s, const std::vector<Point>& centres, MarkerShape shape, double size,
                   const Color& c) {
    cairo_set_source_rgba(s.cr, c.r, c.g, c.b, c.a);
    cairo_set_line_width(s.cr, detail::marker_line_width(size));
    cairo_set_line_cap(s.cr, CAIRO_LINE_CAP_BUTT);
    for (const Point& p : centres) {
        detail::marker_path(s.cr, p, shape, size);
        detail::marker_stroked(shape) ? cairo_stroke(s.cr) : cairo_fill(s.cr);
    }
    cairo_surface_flush(s.s);
}

std::vector<Point> random_points(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<Point> out(n);
    for (auto& p : out) {
        // Uniform in the surface and a little beyond it, from the raw 32-bit draws (the
        // same on every standard library).
        p.x = -10 + (width + 20) * (rng() / 4294967296.0);
        p.y = -10 + (height + 20) * (rng() / 4294967296.0);
    }
    return out;
}

constexpr std::array shapes = {
    MarkerShape::circle,  MarkerShape::point, MarkerShape::square, MarkerShape::triangle_up,
    MarkerShape::diamond, MarkerShape::plus,  MarkerShape::cross,  MarkerShape::triangle_down};

// 1000 points of each shape at 8.33 px (6 pt at 100 dpi) and 3 px, opaque and at alpha 0.3,
// on white. Measured (every case is printed): largest channel difference 19 of 255 in any
// case; mean over inked pixels at most 2.80 at alpha 1 (1.08 for 6 pt circles) and at most
// 1.35 at alpha 0.3 (1.29 for 6 pt circles; the blend rounds toward the colour, where
// Cairo's premultiplied OVER rounds to nearest, a level per overlap). The bounds stop a
// change that moves or blurs the markers.
TEST(MarkerStamp, MatchesCairoPathsOfEachMarker) {
    const std::vector<Point> points = random_points(1000, 7);
    int worst = 0;
    double worst_mean = 0;
    for (const MarkerShape shape : shapes) {
        for (const double size : {8.333, 3.0}) {
            for (const double alpha : {1.0, 0.3}) {
                const Color color{0.12, 0.47, 0.71, alpha};
                Surface stamped, cairo;
                const detail::MarkerMasks masks(shape, size);
                detail::stamp_markers(stamped.pixels(), {0, 0, width, height}, points, masks,
                                      {&color, 1});
                cairo_surface_mark_dirty(stamped.s);
                cairo_markers(cairo, points, shape, size, color);
                const Difference d = difference(stamped, cairo);
                std::printf(
                    "shape %d size %.2f alpha %.1f: largest %d, mean %.3f over %ld inked pixels\n",
                    static_cast<int>(shape), size, alpha, d.largest, d.mean, d.inked);
                EXPECT_GT(d.inked, 3000);
                EXPECT_LE(d.largest, 24) << static_cast<int>(shape) << " " << size << " " << alpha;
                EXPECT_LT(d.mean, alpha < 1 ? 1.5 : 3.0)
                    << static_cast<int>(shape) << " " << size << " " << alpha;
                worst = std::max(worst, d.largest);
                worst_mean = std::max(worst_mean, d.mean);
            }
        }
    }
    std::printf("all cases: largest %d, worst mean %.3f\n", worst, worst_mean);
}

// A centre on the 1/16 pixel grid is where the masks were rendered: the stamp is Cairo's
// own fill of that marker, to the byte (one marker, so no overlap order comes in).
TEST(MarkerStamp, OnTheSubPixelGridItIsCairosFill) {
    for (const MarkerShape shape : shapes) {
        const std::vector<Point> one = {{100.375, 80.625}};
        const Color color{0.8, 0.1, 0.3, 0.6};
        Surface stamped, cairo;
        const detail::MarkerMasks masks(shape, 8.333);
        detail::stamp_markers(stamped.pixels(), {0, 0, width, height}, one, masks, {&color, 1});
        cairo_surface_mark_dirty(stamped.s);
        cairo_markers(cairo, one, shape, 8.333, color);
        const Difference d = difference(stamped, cairo);
        EXPECT_GT(d.inked, 10);
        EXPECT_LE(d.largest, 1) << static_cast<int>(shape);
    }
}

// Many markers of low alpha on white converge on their colour, as matplotlib's do (8-bit
// premultiplied OVER stops at (21, 105, 192) for C0 at alpha 0.05); on a transparent
// layer (premultiplied) they are Cairo's OVER.
TEST(MarkerStamp, LowAlphaConvergesOnTheColour) {
    const std::vector<Point> same(400, Point{60.5, 60.5});
    const Color c0{31 / 255.0, 119 / 255.0, 180 / 255.0, 0.05};
    Surface s;
    const detail::MarkerMasks masks(MarkerShape::circle, 8.333);
    detail::stamp_markers(s.pixels(), {0, 0, width, height}, same, masks, {&c0, 1});
    EXPECT_EQ(s.at(60, 60), 0x1f77b4U);
}

// Translucent markers darken where they overlap, each OVER the ones below, as in
// matplotlib: two at alpha 0.5 leave a quarter of the white.
TEST(MarkerStamp, OverlapsDarken) {
    const std::vector<Point> two = {{50.5, 50.5}, {50.5, 50.5}};
    const Color black{0, 0, 0, 0.5};
    Surface s;
    const detail::MarkerMasks masks(MarkerShape::square, 10);
    detail::stamp_markers(s.pixels(), {0, 0, width, height}, two, masks, {&black, 1});
    EXPECT_NEAR(static_cast<double>(s.at(50, 50) & 0xff), 255 * 0.25, 1.5);
    Surface one;
    detail::stamp_markers(one.pixels(), {0, 0, width, height}, std::span(two).first(1), masks,
                          {&black, 1});
    EXPECT_NEAR(static_cast<double>(one.at(50, 50) & 0xff), 255 * 0.5, 1.5);
}

// Nothing lands outside the clip, and centres far away or not finite are skipped.
TEST(MarkerStamp, StaysInsideTheClip) {
    const std::vector<Point> points = {{20, 20},          {395, 295}, {-1e300, 5},
                                       {std::nan(""), 5}, {5, 1e300}, {200, 150}};
    const Color red{1, 0, 0, 1};
    Surface s;
    const detail::MarkerMasks masks(MarkerShape::circle, 12);
    detail::stamp_markers(s.pixels(), {100, 100, 300, 200}, points, masks, {&red, 1});
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (x < 100 || x >= 300 || y < 100 || y >= 200) {
                ASSERT_EQ(s.at(x, y), 0xffffffU) << x << "," << y;
            }
        }
    }
    EXPECT_EQ(s.at(200, 150), 0xff0000U);
}

// One colour per point: each marker in its own, later ones over earlier ones.
TEST(MarkerStamp, EachPointInItsColour) {
    const std::vector<Point> points = {{50, 50}, {150, 50}, {150, 50}};
    const std::vector<Color> colors = {{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}};
    Surface s;
    const detail::MarkerMasks masks(MarkerShape::square, 10);
    detail::stamp_markers(s.pixels(), {0, 0, width, height}, points, masks, colors);
    EXPECT_EQ(s.at(50, 50), 0xff0000U);
    EXPECT_EQ(s.at(150, 50), 0x0000ffU);
}

// The three ways a marker is composited (one colour's sprites for many markers, its mask
// times the colour for a few, one colour per point) give the same bytes.
TEST(MarkerStamp, SpritesMasksAndPerPointColoursAgree) {
    const std::vector<Point> points = random_points(2000, 11);
    const Color color{0.9, 0.4, 0.1, 0.35};
    const std::vector<Color> each(points.size(), color);
    for (const auto blend : {detail::Blend::opaque, detail::Blend::premultiplied})
        for (const MarkerShape shape : shapes) {
            const detail::MarkerMasks masks(shape, 7.5);
            Surface sprites, per_point, few;
            detail::stamp_markers(sprites.pixels(), {3, 5, 391, 287}, points, masks, {&color, 1},
                                  blend);
            detail::stamp_markers(per_point.pixels(), {3, 5, 391, 287}, points, masks, each, blend);
            // A few at a time: below the count that makes sprites.
            for (std::size_t i = 0; i < points.size(); i += 10) {
                detail::stamp_markers(few.pixels(), {3, 5, 391, 287},
                                      std::span(points).subspan(i, 10), masks, {&color, 1}, blend);
            }
            const Difference d = difference(sprites, per_point);
            const Difference e = difference(sprites, few);
            EXPECT_GT(d.inked, 1000);
            EXPECT_EQ(d.largest, 0) << static_cast<int>(shape);
            EXPECT_EQ(e.largest, 0) << static_cast<int>(shape);
        }
}

// The AVX2 loop (where this CPU has it) and the SSE2 one give the same bytes: one colour
// (sprites) and a colour each, opaque and translucent, markers across the clip's edges.
TEST(MarkerStamp, AvxAndSse2GiveTheSameBytes) {
    if (!detail::stamp_avx2_available()) GTEST_SKIP() << "no AVX2 on this CPU";
    const std::vector<Point> points = random_points(3000, 23);
    std::vector<Color> each;
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    for (std::size_t i = 0; i < points.size(); ++i) each.push_back({u(rng), u(rng), u(rng), u(rng)});
    for (const double alpha : {1.0, 0.35, 0.02})
        for (const double size : {2.0, 7.5, 19.0})
            for (const MarkerShape shape : shapes) {
                const detail::MarkerMasks masks(shape, size);
                const Color color{0.12, 0.47, 0.71, alpha};
                for (const bool one_colour : {true, false}) {
                    Surface wide, narrow;
                    const std::span<const Color> colors =
                        one_colour ? std::span<const Color>(&color, 1) : std::span<const Color>(each);
                    detail::stamp_markers(wide.pixels(), {3, 5, 391, 287}, points, masks, colors,
                                          detail::Blend::opaque, detail::Simd::best);
                    detail::stamp_markers(narrow.pixels(), {3, 5, 391, 287}, points, masks, colors,
                                          detail::Blend::opaque, detail::Simd::baseline);
                    const Difference d = difference(wide, narrow);
                    EXPECT_GT(d.inked, 500);
                    EXPECT_EQ(d.largest, 0) << static_cast<int>(shape) << " size " << size
                                            << " alpha " << alpha << " one colour " << one_colour;
                }
            }
}

}  // namespace
}  // namespace plotcluster
