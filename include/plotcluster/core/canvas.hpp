#pragma once
// The whole drawing contract between chart logic and a backend (Cairo, or a recorder in
// tests): device pixels, origin top-left, y down.
#include <cstdint>
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
    // Scales the image to `dest` with nearest-neighbour sampling (no blurring of cells).
    virtual void image(const RgbImage& image, const Rect& dest) = 0;

    virtual TextExtents measure_text(std::string_view utf8, double size) = 0;
    virtual void text(std::string_view utf8, Point anchor, const TextStyle& style) = 0;

    virtual void push_clip(const Rect& rect) = 0;
    virtual void pop_clip() = 0;
};

}  // namespace plotcluster
