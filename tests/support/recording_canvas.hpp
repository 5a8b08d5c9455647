#pragma once
// A Canvas that records calls instead of drawing, so chart logic is tested without pixels.
// Text is measured as if every character were 0.6 em wide, or by another canvas (a Cairo
// canvas: the real font's metrics, which the layout then uses too).
#include <string>
#include <utility>
#include <vector>

#include "plotcluster/core/canvas.hpp"

namespace plotcluster::test {

struct TextCall {
    std::string text;
    Point anchor;
    TextStyle style;
};

struct FillPathCall {
    std::vector<std::vector<Point>> rings;
    FillStyle style;
};

struct PolylineCall {
    std::vector<Point> points;
    Stroke stroke;
};

class RecordingCanvas final : public Canvas {
public:
    RecordingCanvas(int width, int height, Canvas* metrics = nullptr)
        : width_(width), height_(height), metrics_(metrics) {}

    int width() const override { return width_; }
    int height() const override { return height_; }
    void clear(const Color& c) override { clears.push_back(c); }
    void fill_rect(const Rect& r, const Color& c) override {
        fills.push_back(r);
        fill_colors.push_back(c);
    }
    void stroke_rect(const Rect& r, const Stroke&) override { frames.push_back(r); }
    void polyline(std::span<const Point> points, const Stroke& stroke) override {
        polylines.push_back({{points.begin(), points.end()}, stroke});
    }
    void markers(std::span<const Point> centres, MarkerShape shape, double size,
                 const Color& color) override {
        marker_calls.push_back({{centres.begin(), centres.end()}, shape, size, color});
    }
    void fill_path(std::span<const std::span<const Point>> rings, const FillStyle& style) override {
        FillPathCall call{{}, style};
        call.rings.reserve(rings.size());
        for (const auto ring : rings) call.rings.emplace_back(ring.begin(), ring.end());
        fill_paths.push_back(std::move(call));
    }
    using Canvas::image;
    void image(const RgbImage& img, const Rect& dest, Resampling resampling) override {
        images.push_back({img, dest});
        image_resamplings.push_back(resampling);
    }
    TextExtents measure_text(std::string_view utf8, double size) override;
    void text(std::string_view utf8, Point anchor, const TextStyle& style) override {
        texts.push_back({std::string(utf8), anchor, style});
    }
    void push_clip(const Rect& r) override { clips.push_back(r); }
    void pop_clip() override { ++clip_pops; }

    // Texts with this exact string.
    std::vector<TextCall> texts_equal(const std::string& s) const;
    // Approximate box a recorded text covers (rotation by multiples of 90° only).
    Rect text_box(const TextCall& call);

    std::vector<Color> clears;
    std::vector<Rect> fills, frames, clips;
    std::vector<PolylineCall> polylines;
    std::vector<std::pair<RgbImage, Rect>> images;
    std::vector<Resampling> image_resamplings;  // one per image
    std::vector<FillPathCall> fill_paths;
    struct MarkerCall {
        std::vector<Point> centres;
        MarkerShape shape;
        double size;
        Color color;
    };
    std::vector<MarkerCall> marker_calls;
    std::vector<Color> fill_colors;
    std::vector<TextCall> texts;
    int clip_pops = 0;

private:
    int width_, height_;
    Canvas* metrics_;
};

}  // namespace plotcluster::test
