#pragma once
// The whole drawing contract between chart logic and a backend (Cairo, or a recorder in
// tests): device pixels, origin top-left, y down.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace plotcluster {

struct Color {
    double r = 0, g = 0, b = 0, a = 1;
    friend bool operator==(const Color&, const Color&) = default;
};

struct Point {
    double x = 0, y = 0;
    friend bool operator==(const Point&, const Point&) = default;
};

struct Rect {
    double x = 0, y = 0, w = 0, h = 0;
    double right() const { return x + w; }
    double bottom() const { return y + h; }
    friend bool operator==(const Rect&, const Rect&) = default;
};

struct Stroke {
    Color color;
    double width = 1;  // pixels
};

enum class HAlign { left, center, right };
enum class VAlign { top, center, baseline, bottom };

struct TextStyle {
    double size = 10;  // pixels (em size)
    Color color;
    HAlign halign = HAlign::left;
    VAlign valign = VAlign::baseline;
    double angle = 0;  // degrees, counter-clockwise; 90 reads bottom to top
};

// Logical extents of a string at a size: advance width and the font's ascent/descent,
// so that labels of one size line up whatever their letters.
struct TextExtents {
    double width = 0;
    double ascent = 0;
    double descent = 0;
    double height() const { return ascent + descent; }
};

// Marker shapes; filled ones take the colour as fill, '+' and 'x' are stroked.
enum class MarkerShape { point, circle, square, triangle_up, triangle_down, diamond, plus, cross };

// More markers than this in one call are embedded in an SVG or PDF as one image of them
// at the figure's pixel size (a path per marker would make a document no viewer opens).
constexpr std::size_t rasterized_markers = 100000;

// Which regions of a path with several rings are inside: even-odd makes a ring inside
// another a hole whatever its direction (contour bands, shapes with holes); non-zero fills
// every region a ring winds around, so overlapping rings of one direction merge.
enum class FillRule { even_odd, non_zero };

struct FillStyle {
    Color color;  // alpha 0: only the outline is drawn
    FillRule rule = FillRule::even_odd;
    std::optional<Stroke> outline;  // stroked along every ring (round joins), over the fill
};

// How an image is resampled onto its destination rectangle.
enum class Resampling {
    nearest,   // each cell a sharp block: heatmap cells stay cells
    bilinear,  // smooth between cell centres; on strong reduction it skips cells (aliases)
    area,      // each device pixel the mean of the image under it: reduces without moiré
};

// Packed 8-bit RGB pixels, row-major, top row first.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;
};

class Canvas {
public:
    virtual ~Canvas() = default;

    virtual int width() const = 0;
    virtual int height() const = 0;

    virtual void clear(const Color& background) = 0;
    virtual void fill_rect(const Rect& rect, const Color& color) = 0;
    virtual void stroke_rect(const Rect& rect, const Stroke& stroke) = 0;
    // A connected line through the points (at least two).
    virtual void polyline(std::span<const Point> points, const Stroke& stroke) = 0;
    // One marker centred on each point; `size` is the marker's width in pixels. Each is
    // painted on its own, so overlapping translucent markers darken as in matplotlib.
    virtual void markers(std::span<const Point> centres, MarkerShape shape, double size,
                         const Color& color) = 0;
    // As markers, point i in colors[i] (one colour per centre), painted in order: a scatter
    // plot coloured by a value. The default paints them one call per point.
    virtual void colored_markers(std::span<const Point> centres, MarkerShape shape, double size,
                                 std::span<const Color> colors) {
        const std::size_t n = std::min(centres.size(), colors.size());
        for (std::size_t i = 0; i < n; ++i) markers(centres.subspan(i, 1), shape, size, colors[i]);
    }
    // Markers that come in several calls (points read in blocks), `total` in all, drawn
    // between these two as one call of them all would draw them: a backend that picks how
    // to draw markers by their count (a vector document embeds more than
    // rasterized_markers as one image) picks by `total` and puts every call's markers on
    // that one image; opaque markers drawn as paths share one fill. Others draw each call
    // as it comes.
    virtual void begin_markers(std::size_t /*total*/) {}
    virtual void end_markers() {}
    // One path of closed rings (each ring's last point joins its first), filled as a
    // whole by the rule: overlapping translucent rings do not darken each other. Many
    // small polygons (contour bands, arrow heads) go in one call; cost is linear in the
    // points. Points that are not finite are skipped.
    virtual void fill_path(std::span<const std::span<const Point>> rings, const FillStyle& style) = 0;
    void fill_polygon(std::span<const Point> ring, const FillStyle& style) { fill_path({&ring, 1}, style); }
    // Scales the image to `dest`. bilinear and area are computed at device resolution
    // (pixels, or points in SVG/PDF), so every format shows the same picture.
    virtual void image(const RgbImage& image, const Rect& dest, Resampling resampling) = 0;
    // Nearest-neighbour sampling (no blurring of cells).
    void image(const RgbImage& img, const Rect& dest) { image(img, dest, Resampling::nearest); }

    virtual TextExtents measure_text(std::string_view utf8, double size) = 0;
    virtual void text(std::string_view utf8, Point anchor, const TextStyle& style) = 0;

    virtual void push_clip(const Rect& rect) = 0;
    virtual void pop_clip() = 0;
};

}  // namespace plotcluster
