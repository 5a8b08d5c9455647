#pragma once
// The Cairo backend: one opaque RGB image surface per rank, reused from plot to plot.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "plotcluster/core/canvas.hpp"
#include "plotcluster/canvas/font.hpp"
#include "plotcluster/core/pixels.hpp"

namespace plotcluster {

enum class VectorFormat { svg, pdf };

class CairoCanvas final : public Canvas {
public:
    // The face must outlive the canvas.
    CairoCanvas(int width, int height, const FontFace& face);
    ~CairoCanvas() override;
    CairoCanvas(const CairoCanvas&) = delete;
    CairoCanvas& operator=(const CairoCanvas&) = delete;

    int width() const override;
    int height() const override;
    void clear(const Color& background) override;
    void fill_rect(const Rect& rect, const Color& color) override;
    void stroke_rect(const Rect& rect, const Stroke& stroke) override;
    void polyline(std::span<const Point> points, const Stroke& stroke) override;
    void markers(std::span<const Point> centres, MarkerShape shape, double size,
                 const Color& color) override;
    void colored_markers(std::span<const Point> centres, MarkerShape shape, double size,
                         std::span<const Color> colors) override;
    void begin_markers(std::size_t total) override;
    void end_markers() override;
    void fill_path(std::span<const std::span<const Point>> rings, const FillStyle& style) override;
    using Canvas::image;
    void image(const RgbImage& image, const Rect& dest, Resampling resampling) override;
    TextExtents measure_text(std::string_view utf8, double size) override;
    void text(std::string_view utf8, Point anchor, const TextStyle& style) override;
    void push_clip(const Rect& rect) override;
    void pop_clip() override;

    // "cairo 1.16.0": the library this process runs with (for --version).
    static std::string library_version();

    // The finished picture as packed RGB (valid until the next drawing call).
    RgbImageView rgb();
    // The same picture as the surface holds it (xRGB words), without a copy: what the
    // PNG encoder takes. Valid until the next drawing call.
    RgbImageView pixels();

    // Runs `draw` with this canvas pointed at a fresh SVG or PDF document of the same size,
    // then returns the document. The image is left as it was. An SVG is measured in pixels
    // (one pixel = one px); a PDF page in points, width×72/dpi by height×72/dpi, with the
    // drawing scaled to fit. Throws std::invalid_argument unless 0 < dpi <= 1e6.
    // The bytes depend only on what is drawn: no dates, no process-wide counters.
    std::vector<std::uint8_t> vector_document(VectorFormat format, double dpi,
                                              const std::function<void(Canvas&)>& draw);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace plotcluster
