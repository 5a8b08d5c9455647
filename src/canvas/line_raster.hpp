#pragma once
// Private to src/canvas: a fast antialiased thick polyline for the image surface.
// Cairo tessellates a stroked path as one polygon, which costs 10-25 ms for a dense
// 10,000-point line; this covers each pixel near the line by its distance to the nearest
// segment instead (a round-capped, round-joined stroke, as the union of capsules), in
// time proportional to the line's drawn area.
#include <cstdint>
#include <span>
#include <vector>

#include "plotcluster/canvas/canvas.hpp"

namespace plotcluster::detail {

struct PixelBuffer {
    std::uint8_t* data;  // 32-bit xRGB pixels (Cairo's RGB24), native byte order
    int stride;          // bytes per row
    int width;
    int height;
};

// Draws the polyline into `pixels` inside `clip` (device pixels). `nearest` is scratch
// memory reused between calls.
void raster_polyline(const PixelBuffer& pixels, const Rect& clip, std::span<const Point> points,
                     double width, const Color& color, std::vector<float>& nearest);

}  // namespace plotcluster::detail
