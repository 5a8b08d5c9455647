#pragma once
// Private to src/canvas: a fast antialiased thick polyline for the image surface.
// Cairo tessellates a stroked path as one polygon, which costs 10-25 ms for a dense
// 10,000-point line; this covers each pixel near the line by its distance to the nearest
// segment instead (a round-capped, round-joined stroke, as the union of capsules), in
// time proportional to the line's drawn area.
#include <cstdint>
#include <span>
#include <vector>

#include "plotcluster/core/canvas.hpp"

namespace plotcluster::detail {

struct PixelBuffer {
    std::uint8_t* data;  // 32-bit xRGB pixels (Cairo's RGB24), native byte order
    int stride;          // bytes per row
    int width;
    int height;
};

// Memory the rasterizer reuses from call to call. Sized once for the whole image, so
// drawing never allocates: a line with a larger extent than any before would otherwise
// grow the heap in a step, long into a run.
struct RasterScratch {
    // Squared distance to the line, per pixel of the region; where no segment reached,
    // a value beyond any line's reach, which the blend puts back.
    std::vector<float> nearest;
    // Per strip of 8 pixel columns, the first and last row a segment reached: only those
    // are blended, not the whole region a dense line's extent spans.
    std::vector<int> first, last;
    void reserve(int width, int height);
};

// The part of segment a-b inside the rectangle [x0, x1] x [y0, y1], or false when none
// (or a coordinate is not finite). A cut end is put exactly on its edge.
bool clip_segment(Point& a, Point& b, double x0, double y0, double x1, double y1);

// Draws the polyline into `pixels` inside `clip` (device pixels).
void raster_polyline(const PixelBuffer& pixels, const Rect& clip, std::span<const Point> points,
                     double width, const Color& color, RasterScratch& scratch);

}  // namespace plotcluster::detail
