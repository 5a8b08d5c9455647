// The Cairo backend and the per-process font: real pixels.
#include "plotcluster/canvas/cairo_canvas.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
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
    const std::string svg = as_text(canvas.vector_document(VectorFormat::svg, [](Canvas& c) {
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
    const std::string pdf = as_text(canvas.vector_document(VectorFormat::pdf, [](Canvas& c) {
        sample_drawing(c, "Density");
    }));
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_NE(pdf.find("/MediaBox [ 0 0 320 200 ]"), std::string::npos);
    EXPECT_NE(pdf.find("/CreationDate (20000101000000Z)"), std::string::npos);
    EXPECT_NE(pdf.find("/Interpolate false"), std::string::npos);
}

// The same drawing gives the same bytes in any process, whatever it drew before: Cairo's
// process-wide surface and image counters must not leak into the documents.
TEST(CairoCanvas, VectorDocumentsDoNotDependOnWhatWasDrawnBefore) {
    for (const auto format : {VectorFormat::svg, VectorFormat::pdf}) {
        CairoCanvas first(320, 200, dejavu());
        const auto alone = first.vector_document(format, [](Canvas& c) { sample_drawing(c, "B"); });
        CairoCanvas second(320, 200, dejavu());
        for (int i = 0; i < 3; ++i) {
            second.vector_document(format, [](Canvas& c) { sample_drawing(c, "other"); });
        }
        const auto after = second.vector_document(format, [](Canvas& c) { sample_drawing(c, "B"); });
        EXPECT_EQ(as_text(alone), as_text(after)) << (format == VectorFormat::svg ? "svg" : "pdf");
    }
}

TEST(CairoCanvas, VectorDocumentLeavesTheImageAlone) {
    CairoCanvas canvas(64, 64, dejavu());
    canvas.clear({0, 0, 0, 1});
    canvas.vector_document(VectorFormat::pdf, [](Canvas& c) { c.clear({1, 1, 1, 1}); });
    EXPECT_EQ(pixel(canvas.rgb(), 10, 10), (std::array<int, 3>{0, 0, 0}));
    EXPECT_THROW(canvas.vector_document(VectorFormat::svg,
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
