// The Cairo backend and the per-process font: real pixels.
#include "plotcluster/canvas/cairo_canvas.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <numbers>
#include <span>
#include <tuple>
#include <vector>

#include "plotcluster/error.hpp"
#include "plotcluster/figure/chart.hpp"

using namespace plotcluster;

namespace {

const FontFace& dejavu() {
    static FontFace face("DejaVu Sans");
    return face;
}

std::array<int, 3> pixel(const RgbImageView& v, int x, int y) {
    const std::uint8_t* p = v.data + static_cast<std::size_t>(y) * v.stride + std::size_t{3} * static_cast<std::size_t>(x);
    return {p[0], p[1], p[2]};
}

int dark_pixels(const RgbImageView& v, const Rect& r) {
    int n = 0;
    for (int y = static_cast<int>(r.y); y < static_cast<int>(r.bottom()); ++y)
        for (int x = static_cast<int>(r.x); x < static_cast<int>(r.right()); ++x)
            n += pixel(v, x, y)[0] < 128;
    return n;
}

}  // namespace

TEST(Font, FindsDejaVuThroughFontconfig) {
    EXPECT_EQ(dejavu().family(), "DejaVu Sans");
    EXPECT_FALSE(dejavu().substituted());
    EXPECT_TRUE(std::filesystem::exists(dejavu().file()));
}

TEST(Font, UnknownFamilyIsSubstitutedAndReported) {
    FontFace face("No Such Font Family 42");
    EXPECT_TRUE(face.substituted());
}

TEST(Font, MissingFontFileIsASetupError) {
    EXPECT_THROW(FontFace("/nonexistent/font.ttf"), SetupError);
    try {
        FontFace face(FontChoice{"/nonexistent/font.ttf", 0, "", false});
        FAIL() << "no exception";
    } catch (const SetupError& e) {
        EXPECT_NE(std::string(e.what()).find("figure.font: cannot load font file '/nonexistent/font.ttf'"),
                  std::string::npos) << e.what();
    }
}

// Rank 0 chooses, every rank opens the file it chose: the same face as looking it up.
TEST(Font, ChoiceMadeOnceOpensTheSameFace) {
    const FontChoice choice = choose_font("DejaVu Sans");
    EXPECT_FALSE(choice.substituted);
    EXPECT_EQ(choice.family, "DejaVu Sans");
    EXPECT_EQ(choice.file, dejavu().file());
    const FontFace face(choice);
    EXPECT_EQ(face.file(), dejavu().file());
    EXPECT_EQ(face.family(), "DejaVu Sans");
    const FontChoice other = choose_font("No Such Font Family 42");
    EXPECT_TRUE(other.substituted);
    EXPECT_TRUE(std::filesystem::exists(other.file));
    // A path is taken as given: nothing is looked up.
    const FontChoice path = choose_font(choice.file);
    EXPECT_EQ(path.file, choice.file);
    EXPECT_EQ(path.index, 0);
    EXPECT_FALSE(path.substituted);
}

TEST(CairoCanvas, FillsExactPixels) {
    CairoCanvas c(40, 30, dejavu());
    c.clear({1, 1, 1, 1});
    c.fill_rect({10, 10, 5, 5}, {1, 0, 0, 1});
    const auto v = c.rgb();
    EXPECT_EQ(v.width, 40);
    EXPECT_EQ(v.height, 30);
    EXPECT_EQ(pixel(v, 12, 12), (std::array<int, 3>{255, 0, 0}));
    EXPECT_EQ(pixel(v, 9, 12), (std::array<int, 3>{255, 255, 255}));
    EXPECT_EQ(pixel(v, 15, 12), (std::array<int, 3>{255, 255, 255}));
}

TEST(CairoCanvas, ImageIsScaledWithoutBlurringCells) {
    CairoCanvas c(40, 20, dejavu());
    c.clear({1, 1, 1, 1});
    RgbImage img{2, 1, {0, 0, 0, 255, 255, 0}};
    c.image(img, {0, 0, 40, 20});
    const auto v = c.rgb();
    EXPECT_EQ(pixel(v, 19, 10), (std::array<int, 3>{0, 0, 0}));
    EXPECT_EQ(pixel(v, 20, 10), (std::array<int, 3>{255, 255, 0}));
}

TEST(CairoCanvas, TextIsMeasuredAndDrawnInItsBox) {
    CairoCanvas c(200, 60, dejavu());
    c.clear({1, 1, 1, 1});
    const auto e = c.measure_text("Density", 14);
    EXPECT_GT(e.width, 40);
    EXPECT_LT(e.width, 80);
    EXPECT_GT(e.ascent, 10);
    EXPECT_GT(c.measure_text("Density [kg/m^3]", 14).width, e.width);
    c.text("Density", {100, 30}, {14, {0, 0, 0, 1}, HAlign::center, VAlign::center, 0});
    const auto v = c.rgb();
    const Rect box{100 - e.width / 2, 30 - e.height() / 2, e.width, e.height()};
    EXPECT_GT(dark_pixels(v, box), 30);
    EXPECT_EQ(dark_pixels(v, {0, 0, box.x - 1, 60}), 0);  // nothing left of the box
}

TEST(CairoCanvas, InvalidUtf8AndControlCharactersDoNotBreakText) {
    CairoCanvas c(200, 60, dejavu());
    c.clear({1, 1, 1, 1});
    const std::string bad = std::string("a\xff\xfe") + "\nb";
    EXPECT_GT(c.measure_text(bad, 12).width, 0);
    c.text(bad, {10, 30}, {12, {0, 0, 0, 1}, HAlign::left, VAlign::baseline, 0});
    EXPECT_GT(dark_pixels(c.rgb(), {0, 0, 200, 60}), 10);
}

TEST(CairoCanvas, SameFigureSamePixels) {
    Figure f;
    f.title = "t";
    Panel& p = f.panels.emplace_back();
    p.x = {"x", 0, 10};
    p.y = {"y", -1, 1};
    p.layers.emplace_back(LinesLayer{{0, 5, 10}, {-1, 1, 0}, {0, 0, 1, 1}, 1.5, std::nullopt, 6, ""});
    CairoCanvas a(320, 240, dejavu());
    CairoCanvas b(320, 240, dejavu());
    f.width = 320;
    f.height = 240;
    draw_figure(f, a);
    draw_figure(f, b);
    const auto va = a.rgb();
    const auto vb = b.rgb();
    EXPECT_EQ(0, std::memcmp(va.data, vb.data, va.stride * va.height));
    draw_figure(f, a);  // the surface is reused: a second plot on it comes out the same
    EXPECT_EQ(0, std::memcmp(a.rgb().data, vb.data, va.stride * va.height));
}

namespace {

std::string as_text(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

// Some text, a clip and a scaled image: what a heatmap chart uses.
void sample_drawing(Canvas& c, const char* label) {
    c.clear({1, 1, 1, 1});
    c.push_clip({10, 10, 100, 50});
    RgbImage img{2, 2, {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255}};
    c.image(img, {10, 10, 100, 50});
    c.pop_clip();
    c.text(label, {20, 90}, TextStyle{});
    c.polyline(std::vector<Point>{{0, 0}, {50, 80}, {120, 20}}, {{0, 0, 0, 1}, 1.5});
}

}  // namespace

TEST(CairoCanvas, SvgDocumentHasTheSizeAndCrispImages) {
    CairoCanvas canvas(320, 200, dejavu());
    const std::string svg = as_text(canvas.vector_document(VectorFormat::svg, 72, [](Canvas& c) {
        sample_drawing(c, "Density [kg/m^3]");
    }));
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("width=\"320px\" height=\"200px\""), std::string::npos);
    EXPECT_NE(svg.find("<image style=\"image-rendering:pixelated\""), std::string::npos);
    EXPECT_NE(svg.find("glyph"), std::string::npos) << "text is drawn with the font's glyphs";
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

TEST(CairoCanvas, PdfDocumentHasThePageSizeAndNoClockTime) {
    CairoCanvas canvas(320, 200, dejavu());
    const std::string pdf = as_text(canvas.vector_document(VectorFormat::pdf, 72, [](Canvas& c) {
        sample_drawing(c, "Density");
    }));
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_NE(pdf.find("/MediaBox [ 0 0 320 200 ]"), std::string::npos);
    EXPECT_NE(pdf.find("/CreationDate (20000101000000Z)"), std::string::npos);
    EXPECT_NE(pdf.find("/Interpolate false"), std::string::npos);
}

// A 320×200 px figure at 100 dpi is 3.2×2 inches: 230.4×144 pt, and what is drawn is
// scaled with it (a rectangle over the whole image covers the whole page).
TEST(CairoCanvas, PdfPageIsMeasuredInPointsAtTheFiguresDpi) {
    CairoCanvas canvas(320, 200, dejavu());
    const std::string pdf = as_text(canvas.vector_document(VectorFormat::pdf, 100, [](Canvas& c) {
        c.fill_rect({0, 0, 320, 200}, {1, 0, 0, 1});
    }));
    EXPECT_NE(pdf.find("/MediaBox [ 0 0 230.4 144 ]"), std::string::npos);
    const std::string svg = as_text(canvas.vector_document(VectorFormat::svg, 100, [](Canvas& c) {
        c.fill_rect({0, 0, 320, 200}, {1, 0, 0, 1});
    }));
    EXPECT_NE(svg.find("width=\"320px\" height=\"200px\""), std::string::npos) << "SVG stays in pixels";
    EXPECT_THROW(canvas.vector_document(VectorFormat::pdf, 0, [](Canvas&) {}), std::invalid_argument);
}

// The same drawing gives the same bytes in any process, whatever it drew before: Cairo's
// process-wide surface and image counters must not leak into the documents.
TEST(CairoCanvas, VectorDocumentsDoNotDependOnWhatWasDrawnBefore) {
    for (const auto format : {VectorFormat::svg, VectorFormat::pdf}) {
        CairoCanvas first(320, 200, dejavu());
        const auto alone = first.vector_document(format, 72, [](Canvas& c) { sample_drawing(c, "B"); });
        CairoCanvas second(320, 200, dejavu());
        for (int i = 0; i < 3; ++i) {
            second.vector_document(format, 72, [](Canvas& c) { sample_drawing(c, "other"); });
        }
        const auto after = second.vector_document(format, 72, [](Canvas& c) { sample_drawing(c, "B"); });
        EXPECT_EQ(as_text(alone), as_text(after)) << (format == VectorFormat::svg ? "svg" : "pdf");
    }
}

TEST(CairoCanvas, VectorDocumentLeavesTheImageAlone) {
    CairoCanvas canvas(64, 64, dejavu());
    canvas.clear({0, 0, 0, 1});
    canvas.vector_document(VectorFormat::pdf, 72, [](Canvas& c) { c.clear({1, 1, 1, 1}); });
    EXPECT_EQ(pixel(canvas.rgb(), 10, 10), (std::array<int, 3>{0, 0, 0}));
    EXPECT_THROW(canvas.vector_document(VectorFormat::svg, 72,
                                        [](Canvas&) { throw std::runtime_error("boom"); }),
                 std::runtime_error);
    canvas.fill_rect({0, 0, 64, 64}, {1, 0, 0, 1});  // the image context still works
    EXPECT_EQ(pixel(canvas.rgb(), 10, 10), (std::array<int, 3>{255, 0, 0}));
}

// Points far off the image (values far outside fixed limits reach ~1e20 px, and up to
// interval::far widths): a marker there draws nothing, a line to it runs to the edge.
TEST(CairoCanvas, FarPointsDrawNothingButTheLinesThatCross) {
    const double far = 1.4e20;
    const std::vector<Point> off = {{far, far}, {-far, 15}, {20, -far}, {-1e12, -1e12}};
    for (MarkerShape shape : {MarkerShape::circle, MarkerShape::square, MarkerShape::plus}) {
        CairoCanvas c(40, 30, dejavu());
        c.clear({1, 1, 1, 1});
        c.markers(off, shape, 6, {0, 0, 0, 1});
        c.markers(off, shape, 6, {0, 0, 0, 0.5});
        EXPECT_EQ(dark_pixels(c.rgb(), {0, 0, 40, 30}), 0);
    }
    CairoCanvas c(40, 30, dejavu());
    c.clear({1, 1, 1, 1});
    const std::vector<Point> across = {{-far, 15}, {far, 15}};
    c.polyline(across, {{0, 0, 0, 1}, 2});
    const std::vector<Point> up = {{20, 10}, {20, -far}};
    c.polyline(up, {{0, 0, 0, 1}, 2});
    const auto v = c.rgb();
    EXPECT_LT(pixel(v, 2, 15)[0], 128);
    EXPECT_LT(pixel(v, 37, 15)[0], 128);
    EXPECT_LT(pixel(v, 20, 2)[0], 128);
    EXPECT_EQ(pixel(v, 20, 25)[0], 255);
    EXPECT_EQ(dark_pixels(v, {0, 20, 40, 10}), 0);
}

// --- fill_path ---------------------------------------------------------------------------

namespace {

std::vector<Point> square(double x, double y, double size) {
    return {{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}};
}

std::vector<Point> reversed(std::vector<Point> ring) {
    std::reverse(ring.begin(), ring.end());
    return ring;
}

const Color white{1, 1, 1, 1};
const Color black{0, 0, 0, 1};
constexpr std::array<int, 3> white_px{255, 255, 255};
constexpr std::array<int, 3> black_px{0, 0, 0};

}  // namespace

TEST(CairoCanvas, FillRuleDecidesWhetherAnInnerRingIsAHole) {
    const auto outer = square(10, 10, 40), inner = square(20, 20, 20);  // same direction
    const auto inner_back = reversed(inner);
    struct Case {
        FillRule rule;
        const std::vector<Point>* inner;
        bool hole;
    };
    for (const auto& [rule, ring, hole] : {Case{FillRule::even_odd, &inner, true},
                                           Case{FillRule::non_zero, &inner, false},
                                           Case{FillRule::even_odd, &inner_back, true},
                                           Case{FillRule::non_zero, &inner_back, true}}) {
        CairoCanvas c(60, 60, dejavu());
        c.clear(white);
        const std::vector<std::span<const Point>> rings = {outer, *ring};
        c.fill_path(rings, {black, rule, std::nullopt});
        const auto v = c.rgb();
        EXPECT_EQ(pixel(v, 15, 15), black_px);  // between the rings
        EXPECT_EQ(pixel(v, 5, 5), white_px);    // outside
        EXPECT_EQ(pixel(v, 30, 30), hole ? white_px : black_px) << static_cast<int>(rule);
        EXPECT_EQ(pixel(v, 20, 30), hole ? white_px : black_px);  // first column of the hole
        EXPECT_EQ(pixel(v, 19, 30), black_px);
    }
}

TEST(CairoCanvas, FillPathEdgesAreAntialiased) {
    CairoCanvas c(40, 40, dejavu());
    c.clear(white);
    // A vertical edge through the middle of column 20, and a diagonal one.
    c.fill_polygon(std::vector<Point>{{5, 5}, {20.5, 5}, {20.5, 15}, {5, 15}}, {black, FillRule::even_odd, {}});
    c.fill_polygon(std::vector<Point>{{5, 20}, {35, 20}, {5, 35}}, {black, FillRule::even_odd, {}});
    const auto v = c.rgb();
    EXPECT_EQ(pixel(v, 19, 10), black_px);
    EXPECT_EQ(pixel(v, 21, 10), white_px);
    EXPECT_NEAR(pixel(v, 20, 10)[0], 128, 4);
    int partial = 0;  // pixels the diagonal crosses
    for (int x = 5; x < 35; ++x)
        for (int y = 20; y < 35; ++y) partial += pixel(v, x, y)[0] > 20 && pixel(v, x, y)[0] < 235;
    EXPECT_GT(partial, 20);
}

TEST(CairoCanvas, FillPathOutlineAndTranslucency) {
    CairoCanvas c(60, 60, dejavu());
    c.clear(white);
    // Outline only: the inside stays the background.
    c.fill_polygon(square(10, 10, 20), {{0, 0, 0, 0}, FillRule::even_odd, Stroke{black, 2}});
    auto v = c.rgb();
    EXPECT_EQ(pixel(v, 20, 20), white_px);
    EXPECT_EQ(pixel(v, 10, 20), black_px);  // the edge x = 10 covers columns 9 and 10
    EXPECT_EQ(pixel(v, 30, 20), black_px);
    EXPECT_EQ(pixel(v, 20, 7), white_px);
    // Two overlapping translucent rings in one call are one path: the overlap is no darker.
    c.clear(white);
    const auto a = square(5, 40, 20), b = square(15, 40, 20);
    const std::vector<std::span<const Point>> rings = {a, b};
    c.fill_path(rings, {{0, 0, 0, 0.5}, FillRule::non_zero, std::nullopt});
    v = c.rgb();
    EXPECT_NEAR(pixel(v, 10, 50)[0], 128, 2);
    EXPECT_EQ(pixel(v, 20, 50), pixel(v, 10, 50));
}

// The fill rule is reset: opaque markers share one fill of many circles, whose overlaps
// even-odd would punch out.
TEST(CairoCanvas, MarkersAfterAnEvenOddFillStillOverlapFilled) {
    CairoCanvas c(40, 40, dejavu());
    c.clear(white);
    c.fill_polygon(square(0, 0, 2), {black, FillRule::even_odd, std::nullopt});
    c.markers(std::vector<Point>{{18, 20}, {22, 20}}, MarkerShape::circle, 12, black);
    EXPECT_EQ(pixel(c.rgb(), 20, 20), black_px);
}

// Rings reaching far off the surface (values far outside fixed limits) are cut before
// Cairo's fixed-point coordinates wrap; points that are not finite are skipped.
TEST(CairoCanvas, FarAndNonFiniteRingPointsFillWhatIsVisible) {
    const double far = 1.4e20, nan = std::numeric_limits<double>::quiet_NaN();
    CairoCanvas c(40, 30, dejavu());
    c.clear(white);
    // A band from far left to far right, rows 10 to 20.
    c.fill_polygon(std::vector<Point>{{-far, 10}, {far, 10}, {nan, 3}, {far, 20}, {-far, 20}},
                   {black, FillRule::even_odd, Stroke{black, 1}});
    auto v = c.rgb();
    EXPECT_EQ(pixel(v, 0, 15), black_px);
    EXPECT_EQ(pixel(v, 39, 15), black_px);
    EXPECT_EQ(pixel(v, 20, 5), white_px);
    EXPECT_EQ(pixel(v, 20, 25), white_px);
    // A triangle with all corners far away, covering the whole surface.
    c.clear(white);
    c.fill_polygon(std::vector<Point>{{-far, -far}, {far, -far}, {0, far}}, {black, FillRule::non_zero, {}});
    v = c.rgb();
    EXPECT_EQ(dark_pixels(v, {0, 0, 40, 30}), 40 * 30);
    // Nothing left to fill: no crash, nothing drawn.
    c.clear(white);
    c.fill_polygon(std::vector<Point>{{nan, nan}, {far, far}, {far, 2 * far}}, {black, FillRule::non_zero, {}});
    c.fill_path({}, {black, FillRule::non_zero, Stroke{black, 1}});
    EXPECT_EQ(dark_pixels(c.rgb(), {0, 0, 40, 30}), 0);
}

// A long polyline bypasses Cairo (line_raster): what is drawn after it still lies on top.
TEST(CairoCanvas, FillPathAndFastRasterLinesKeepTheirOrder) {
    std::vector<Point> line;
    line.reserve(100);
    for (int i = 0; i < 100; ++i) line.push_back({5 + 0.5 * i, 20.0 + (i % 2)});
    ASSERT_GE(line.size(), 32u);
    const Color red{1, 0, 0, 1};
    CairoCanvas c(60, 40, dejavu());
    c.clear(white);
    c.polyline(line, {black, 3});
    EXPECT_EQ(pixel(c.rgb(), 30, 20), black_px);
    c.fill_polygon(square(10, 10, 30), {red, FillRule::even_odd, std::nullopt});
    EXPECT_EQ(pixel(c.rgb(), 30, 20), (std::array<int, 3>{255, 0, 0}));
    c.polyline(line, {black, 3});
    EXPECT_EQ(pixel(c.rgb(), 30, 20), black_px);
}

// A ring of many points has its outline drawn by the fast rasterizer on the image, by
// Cairo in documents: the same closed outline either way, over the fill.
TEST(CairoCanvas, LongRingOutlinesAreClosedOverTheFill) {
    std::vector<Point> half_disc;  // the lower half: its diameter is the closing edge
    half_disc.reserve(64);
    for (int i = 0; i < 64; ++i) {
        const double t = std::numbers::pi * i / 63;
        half_disc.push_back({30 + 20 * std::cos(t), 30 + 20 * std::sin(t)});
    }
    const FillStyle style{{1, 0, 0, 1}, FillRule::even_odd, Stroke{black, 3}};
    CairoCanvas c(60, 60, dejavu());
    c.clear(white);
    c.fill_polygon(half_disc, style);
    const auto v = c.rgb();
    EXPECT_EQ(pixel(v, 30, 40), (std::array<int, 3>{255, 0, 0}));
    for (const auto& [x, y] : {std::pair{50, 30}, {10, 30}, {30, 50}, {30, 30}, {20, 30}}) {
        EXPECT_LT(pixel(v, x, y)[0], 100) << x << "," << y;  // the arc, and the closing edge
    }
    EXPECT_EQ(pixel(v, 30, 25), white_px);
    const std::string svg = as_text(c.vector_document(VectorFormat::svg, 72, [&](Canvas& d) {
        d.fill_polygon(half_disc, style);
    }));
    EXPECT_NE(svg.find("stroke-width:3;stroke-linecap:butt;stroke-linejoin:round;"), std::string::npos) << svg;
}

// --- image resampling --------------------------------------------------------------------

TEST(CairoCanvas, BilinearUpscaleIsSmoothNearestIsNot) {
    const RgbImage img{2, 1, {0, 0, 0, 255, 255, 255}};
    CairoCanvas c(40, 20, dejavu());
    c.clear({1, 0, 0, 1});
    c.image(img, {0, 0, 40, 20}, Resampling::bilinear);
    auto v = c.rgb();
    // Cell centres at x = 10 and 30; between them a ramp.
    EXPECT_EQ(pixel(v, 5, 10), black_px);
    EXPECT_EQ(pixel(v, 35, 10), white_px);
    for (int x = 10; x < 30; ++x) EXPECT_LT(pixel(v, x, 10)[0], pixel(v, x + 1, 10)[0]) << x;
    EXPECT_NEAR(pixel(v, 20, 10)[0], 134, 3);  // centre 20.5: 10.5/20 of the way
    EXPECT_EQ(pixel(v, 20, 10)[1], pixel(v, 20, 10)[0]);  // grey: the red background is covered
    c.image(img, {0, 0, 40, 20});
    v = c.rgb();
    for (int x = 0; x < 40; ++x) EXPECT_EQ(pixel(v, x, 10), x < 20 ? black_px : white_px) << x;
    c.image(img, {0, 0, 40, 20}, Resampling::nearest);
    EXPECT_EQ(pixel(c.rgb(), 19, 10), black_px);
}

namespace {

RgbImage checkerboard(int n) {
    RgbImage img{n, n, std::vector<std::uint8_t>(std::size_t{3} * static_cast<std::size_t>(n) * static_cast<std::size_t>(n))};
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            if ((x + y) % 2 != 0)
                std::fill_n(img.rgb.begin() + 3 * (static_cast<std::ptrdiff_t>(y) * n + x), 3, std::uint8_t{255});
    return img;
}

// Lowest and highest red value of the pixels [x0, x1) × [y0, y1).
std::pair<int, int> value_range(const RgbImageView& v, int x0, int y0, int x1, int y1) {
    int lo = 255, hi = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            lo = std::min(lo, pixel(v, x, y)[0]);
            hi = std::max(hi, pixel(v, x, y)[0]);
        }
    return {lo, hi};
}

}  // namespace

// A 1-pixel checkerboard reduced 10x (and 10.75x at a fractional position) must come out
// uniform grey; nearest and bilinear sampling show moiré there.
TEST(CairoCanvas, AreaDownscaleOfACheckerboardIsUniformGrey) {
    const RgbImage board = checkerboard(1000);
    CairoCanvas c(120, 120, dejavu());
    c.clear({1, 0, 0, 1});
    c.image(board, {0, 0, 100, 100}, Resampling::area);
    auto [lo, hi] = value_range(c.rgb(), 0, 0, 100, 100);
    EXPECT_GE(lo, 127);
    EXPECT_LE(hi, 128);
    EXPECT_EQ(pixel(c.rgb(), 50, 50)[1], pixel(c.rgb(), 50, 50)[0]);  // covers the red
    EXPECT_EQ(pixel(c.rgb(), 100, 50), (std::array<int, 3>{255, 0, 0}));  // and no more
    const Rect odd{10.37, 5.8, 93, 93};
    for (const auto mode : {Resampling::area, Resampling::bilinear, Resampling::nearest}) {
        c.clear({0.5, 0.5, 0.5, 1});
        c.image(board, odd, mode);
        // Inner pixels only: the edge ones are partly the background.
        std::tie(lo, hi) = value_range(c.rgb(), 11, 6, 103, 98);
        if (mode == Resampling::area) {
            EXPECT_GE(lo, 126);
            EXPECT_LE(hi, 129);
        } else {
            EXPECT_GT(hi - lo, 50) << "sampling a checkerboard aliases: " << static_cast<int>(mode);
        }
    }
}

TEST(CairoCanvas, AreaKeepsTheMeanAndSharpCellsWhenEnlarging) {
    // Reduction: a random image's mean is kept.
    RgbImage img{300, 200, std::vector<std::uint8_t>(std::size_t{300} * 200 * 3)};
    std::uint32_t state = 12345;
    double sum = 0;
    for (auto& b : img.rgb) {
        state = state * 1664525u + 1013904223u;
        b = static_cast<std::uint8_t>(state >> 24);
        sum += b;
    }
    CairoCanvas c(64, 64, dejavu());
    c.clear(white);
    c.image(img, {0, 0, 60, 40}, Resampling::area);
    const auto v = c.rgb();
    double out = 0;
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 60; ++x)
            for (int k = 0; k < 3; ++k) out += pixel(v, x, y)[static_cast<std::size_t>(k)];
    EXPECT_NEAR(out / (60 * 40 * 3), sum / static_cast<double>(img.rgb.size()), 0.5);
    // Enlargement: cells stay sharp, an edge between cells mid-pixel is that pixel's mean.
    const RgbImage two{2, 1, {0, 0, 0, 255, 255, 255}};
    c.clear({1, 0, 0, 1});
    c.image(two, {0, 0, 41, 20}, Resampling::area);
    const auto w = c.rgb();
    EXPECT_EQ(pixel(w, 19, 10), black_px);
    EXPECT_NEAR(pixel(w, 20, 10)[0], 128, 1);
    EXPECT_EQ(pixel(w, 20, 10)[1], pixel(w, 20, 10)[0]);
    EXPECT_EQ(pixel(w, 21, 10), white_px);
    EXPECT_EQ(pixel(w, 41, 10), (std::array<int, 3>{255, 0, 0}));
}

// Only the visible part of a zoomed image is resampled (a destination two million pixels
// wide costs the surface), at the right place, and the clip is kept.
TEST(CairoCanvas, ResampledImagesHonourTheClipAndZoom) {
    const RgbImage two{2, 1, {0, 0, 0, 255, 255, 255}};
    CairoCanvas c(40, 20, dejavu());
    c.clear({1, 0, 0, 1});
    c.image(two, {-1e6 + 20, 0, 2e6, 20}, Resampling::area);  // the cells meet at x = 20
    auto v = c.rgb();
    EXPECT_EQ(pixel(v, 19, 10), black_px);
    EXPECT_EQ(pixel(v, 20, 10), white_px);
    // Bilinear: the ramp between the two cell centres, 1000 px apart, crosses x = 20.
    c.image(two, {-1000 + 20, 0, 2000, 20}, Resampling::bilinear);
    v = c.rgb();
    EXPECT_LT(pixel(v, 10, 10)[0], pixel(v, 30, 10)[0]);
    EXPECT_NEAR(pixel(v, 20, 10)[0], 128, 8);
    for (const auto mode : {Resampling::bilinear, Resampling::area}) {
        c.clear({1, 0, 0, 1});
        c.push_clip({0, 0, 10, 20});
        c.image(two, {0, 0, 40, 20}, mode);
        c.pop_clip();
        v = c.rgb();
        EXPECT_EQ(pixel(v, 5, 10), black_px);
        EXPECT_EQ(pixel(v, 15, 10), (std::array<int, 3>{255, 0, 0}));
    }
}

TEST(CairoCanvas, AreaReducesALargeImageUniformly) {
    // Not timed here (see area_resample.hpp for the cost); the result is checked.
    const RgbImage board = checkerboard(4000);
    CairoCanvas c(600, 600, dejavu());
    c.image(board, {0, 0, 600, 600}, Resampling::area);
    const auto [lo, hi] = value_range(c.rgb(), 0, 0, 600, 600);
    EXPECT_GE(lo, 126);
    EXPECT_LE(hi, 129);
}

TEST(CairoCanvas, SvgHasFillRulesAndResampledImagesAtDeviceSize) {
    CairoCanvas canvas(320, 200, dejavu());
    const auto outer = square(10, 10, 40), inner = square(20, 20, 20);
    const std::vector<std::span<const Point>> rings = {outer, inner};
    const std::string svg = as_text(canvas.vector_document(VectorFormat::svg, 72, [&](Canvas& c) {
        c.clear(white);
        c.fill_path(rings, {black, FillRule::even_odd, std::nullopt});
        c.fill_path(rings, {{1, 0, 0, 0.5}, FillRule::non_zero, Stroke{black, 1}});
        c.image(checkerboard(200), {100, 50, 40, 30}, Resampling::area);
    }));
    EXPECT_NE(svg.find("fill-rule:evenodd"), std::string::npos);
    EXPECT_NE(svg.find("fill-rule:nonzero"), std::string::npos);
    EXPECT_NE(svg.find("M 10 10 L 50 10 L 50 50 L 10 50 Z M 20 20 L 40 20"), std::string::npos) << svg;
    EXPECT_NE(svg.find("<image style=\"image-rendering:pixelated\" image-rendering=\"optimizeSpeed\" "
                       "id=\"image1\" width=\"40\" height=\"30\""),
              std::string::npos)
        << "reduced to one pixel per point";
    const std::string pdf = as_text(canvas.vector_document(VectorFormat::pdf, 72, [&](Canvas& c) {
        c.fill_path(rings, {black, FillRule::even_odd, std::nullopt});
        c.image(checkerboard(200), {100, 50, 40, 30}, Resampling::bilinear);
    }));
    EXPECT_NE(pdf.find("/Width 40"), std::string::npos);
    EXPECT_NE(pdf.find("/Interpolate false"), std::string::npos);
}

// --- images in vector documents ----------------------------------------------------------

namespace {

// The first number after `key` in `text` from `from`, or -1.
long number_after(const std::string& text, const std::string& key, std::size_t from = 0) {
    const std::size_t at = text.find(key, from);
    if (at == std::string::npos) return -1;
    return std::strtol(text.c_str() + at + key.size(), nullptr, 10);
}

}  // namespace

// A field far larger than its place in the figure is embedded at most twice the figure's
// pixels (a 4096² field made a 60 MB SVG), by nearest sampling: every embedded colour is
// one of the cells'. A small image keeps its own cells, marked crisp.
TEST(CairoCanvas, VectorDocumentsEmbedLargeNearestImagesAtMostTwiceTheirPixels) {
    RgbImage big;
    big.width = 1000;
    big.height = 600;
    big.rgb.resize(std::size_t{1000} * 600 * 3);
    for (int y = 0; y < big.height; ++y) {
        for (int x = 0; x < big.width; ++x) {
            std::uint8_t* p = big.rgb.data() + 3 * (static_cast<std::size_t>(y) * 1000 + static_cast<std::size_t>(x));
            p[0] = static_cast<std::uint8_t>(x % 7 * 30);  // seven column colours, five row colours
            p[1] = static_cast<std::uint8_t>(y % 5 * 50);
            p[2] = 9;
        }
    }
    CairoCanvas canvas(320, 200, dejavu());
    const auto draw = [&](Canvas& c) {
        c.clear({1, 1, 1, 1});
        c.image(big, {10, 10, 100, 50.5}, Resampling::nearest);
    };
    const std::string svg = as_text(canvas.vector_document(VectorFormat::svg, 72, draw));
    EXPECT_EQ(number_after(svg, "<image style=\"image-rendering:pixelated\" image-rendering=\"optimizeSpeed\" id=\"image1\" width=\""), 200);
    EXPECT_EQ(number_after(svg, "\" height=\"", svg.find("id=\"image1\"")), 101);
    const std::string pdf = as_text(canvas.vector_document(VectorFormat::pdf, 72, draw));
    // Cairo pads an image whose pattern extends by up to a cell each way in a PDF.
    EXPECT_GE(number_after(pdf, "/Width "), 200);
    EXPECT_LE(number_after(pdf, "/Width "), 202);
    EXPECT_GE(number_after(pdf, "/Height "), 101);
    EXPECT_LE(number_after(pdf, "/Height "), 103);
    EXPECT_NE(pdf.find("/Interpolate false"), std::string::npos);
    EXPECT_LT(svg.size(), 200'000u);
    // On the raster the same call samples the cells themselves.
    canvas.clear({1, 1, 1, 1});
    canvas.image(big, {10, 10, 100, 50.5}, Resampling::nearest);
    const RgbImageView v = canvas.rgb();
    for (int y = 12; y < 58; y += 5) {
        for (int x = 12; x < 108; x += 7) {
            const auto p = pixel(v, x, y);
            EXPECT_EQ(p[0] % 30, 0);
            EXPECT_EQ(p[1] % 50, 0);
            EXPECT_EQ(p[2], 9);
        }
    }

    RgbImage small{2, 2, {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255}};
    const std::string crisp = as_text(canvas.vector_document(VectorFormat::pdf, 72, [&](Canvas& c) {
        c.image(small, {10, 10, 100, 50}, Resampling::nearest);
    }));
    EXPECT_LE(number_after(crisp, "/Width "), 4);
    EXPECT_NE(crisp.find("/Interpolate false"), std::string::npos);
    EXPECT_EQ(crisp.find("/Interpolate true"), std::string::npos);
}

// Markers on the image are stamped from sprites, clipped; in an SVG or PDF more than
// rasterized_markers of them are one embedded image, fewer stay vector paths.
TEST(CairoCanvas, MarkersStampedOnTheImageAndRasterizedInLargeDocuments) {
    CairoCanvas canvas(200, 100, dejavu());
    canvas.clear({1, 1, 1, 1});
    canvas.push_clip({0, 0, 100, 100});
    const std::vector<Point> two = {{50, 50}, {150, 50}};  // the second is outside the clip
    canvas.markers(two, MarkerShape::square, 10, {1, 0, 0, 1});
    canvas.pop_clip();
    EXPECT_EQ(pixel(canvas.rgb(), 50, 50), (std::array<int, 3>{255, 0, 0}));
    EXPECT_EQ(pixel(canvas.rgb(), 150, 50), (std::array<int, 3>{255, 255, 255}));
    const std::vector<Color> colors = {{0, 0, 1, 1}, {0, 1, 0, 1}};
    canvas.colored_markers(two, MarkerShape::square, 10, colors);
    EXPECT_EQ(pixel(canvas.rgb(), 50, 50), (std::array<int, 3>{0, 0, 255}));
    EXPECT_EQ(pixel(canvas.rgb(), 150, 50), (std::array<int, 3>{0, 255, 0}));

    const auto svg_of = [&](std::size_t n) {
        std::vector<Point> many(n);
        for (std::size_t i = 0; i < n; ++i) many[i] = {20 + static_cast<double>(i % 160), 20 + static_cast<double>(i % 61)};
        return as_text(canvas.vector_document(VectorFormat::svg, 72, [&](Canvas& c) {
            c.push_clip({10, 10, 180, 80});
            c.markers(many, MarkerShape::circle, 4, {0, 0, 1, 0.2});
            c.pop_clip();
        }));
    };
    const std::string few = svg_of(100);
    EXPECT_EQ(few.find("<image"), std::string::npos);
    EXPECT_NE(few.find("<path"), std::string::npos);
    const std::string many = svg_of(rasterized_markers + 1);
    EXPECT_NE(many.find("<image"), std::string::npos);
    EXPECT_NE(many.find("width=\"180\" height=\"80\""), std::string::npos) << "the clip's pixels";
    EXPECT_LT(many.size(), std::size_t{200000}) << "not a path per marker";
    EXPECT_EQ(svg_of(rasterized_markers + 1), many);  // the same bytes again
}

// Markers in several calls between begin_markers and end_markers come out as one call of
// them all: on the image, and in a vector document whether they stay paths (opaque ones
// share one fill, markers too large to stamp) or, by the run's total, become one image.
TEST(CairoCanvas, ARunOfMarkerCallsDrawsWhatOneCallDraws) {
    struct Case {
        std::size_t n;
        double size;
        Color color;
    };
    for (const Case& k : {Case{300, 9, {0.1, 0.3, 0.8, 1}}, Case{300, 9, {0.1, 0.3, 0.8, 0.4}},
                          Case{40, 600, {0.8, 0.2, 0.1, 1}},
                          Case{rasterized_markers + 10, 4, {0.1, 0.3, 0.8, 0.2}}}) {
        SCOPED_TRACE(std::to_string(k.n) + " markers of " + std::to_string(k.size) + " px");
        std::vector<Point> centres(k.n);
        for (std::size_t i = 0; i < k.n; ++i) {
            const double t = static_cast<double>(i);
            centres[i] = {160 + 140 * std::sin(0.37 * t), 100 + 90 * std::cos(0.23 * t)};
        }
        const std::span<const Point> all(centres);
        const auto once = [&](Canvas& c) {
            c.clear({1, 1, 1, 1});
            c.push_clip({10, 10, 300, 180});
            c.markers(all, MarkerShape::circle, k.size, k.color);
            c.pop_clip();
        };
        const auto in_three = [&](Canvas& c) {
            c.clear({1, 1, 1, 1});
            c.push_clip({10, 10, 300, 180});
            c.begin_markers(k.n);
            const std::size_t a = k.n / 3, b = 2 * k.n / 3;
            c.markers(all.first(a), MarkerShape::circle, k.size, k.color);
            c.markers(all.subspan(a, b - a), MarkerShape::circle, k.size, k.color);
            c.markers(all.subspan(b), MarkerShape::circle, k.size, k.color);
            c.end_markers();
            c.pop_clip();
        };
        CairoCanvas one(320, 200, dejavu()), three(320, 200, dejavu());
        once(one);
        in_three(three);
        const auto va = one.rgb();
        const auto vb = three.rgb();
        EXPECT_EQ(0, std::memcmp(va.data, vb.data, va.stride * va.height));
        for (const auto format : {VectorFormat::svg, VectorFormat::pdf})
            EXPECT_EQ(one.vector_document(format, 72, once),
                      three.vector_document(format, 72, in_three));
    }
}
