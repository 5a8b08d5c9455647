#pragma once
// Private to src/canvas: markers stamped from pre-rendered sprites instead of one Cairo
// path each. Cairo fills a path per translucent marker (175 s for 10^6 of them); here each
// marker shape and size is rendered by Cairo once, as coverage masks at steps × steps
// sub-pixel offsets, and every marker is composited from the mask nearest its centre
// straight into the pixels (in integer arithmetic: the same bytes on every machine), one
// after the other, so overlapping translucent markers darken as in matplotlib.
#include <cairo.h>

#include <cstdint>
#include <span>
#include <vector>

#include "plotcluster/core/canvas.hpp"
#include "line_raster.hpp"  // PixelBuffer

namespace plotcluster::detail {

// The marker's outline around `p` as Cairo draws it (a sub-path added to the current
// path): filled, except '+' and 'x', which are stroked (marker_stroked) with
// marker_line_width. `size` is the marker's width in pixels.
void marker_path(cairo_t* cr, Point p, MarkerShape shape, double size);
bool marker_stroked(MarkerShape shape);
double marker_line_width(double size);

// The coverage of one marker shape and size, rendered by Cairo at steps × steps
// sub-pixel offsets of its centre.
class MarkerMasks {
public:
    MarkerMasks(MarkerShape shape, double size);

    // Whether masks stand in for paths at this size: a marker larger than a few hundred
    // pixels stays a Cairo path (its masks would be large, and such markers are few).
    static bool stampable(double size);

    MarkerShape shape() const { return shape_; }
    double size() const { return size_; }
    int side() const { return side_; }    // each mask is side × side pixels
    int steps() const { return steps_; }  // sub-pixel offsets per pixel, along each axis
    int half() const { return half_; }    // mask pixel of the centre at offset 0
    // The mask for sub-pixel offset (fx, fy), each in [0, steps): side² coverages, row by row.
    const std::uint8_t* mask(int fx, int fy) const {
        return coverage_.data() + index(fx, fy) * area();
    }
    // The columns [first, last) of row `row` of that mask that have any coverage.
    int first(int fx, int fy, int row) const { return spans_[(index(fx, fy) * side_ + row) * 2]; }
    int last(int fx, int fy, int row) const {
        return spans_[(index(fx, fy) * side_ + row) * 2 + 1];
    }

private:
    std::size_t index(int fx, int fy) const {
        return static_cast<std::size_t>(fy) * static_cast<std::size_t>(steps_) +
               static_cast<std::size_t>(fx);
    }
    std::size_t area() const {
        return static_cast<std::size_t>(side_) * static_cast<std::size_t>(side_);
    }
    MarkerShape shape_;
    double size_;
    int side_ = 0;
    int steps_ = 1;
    int half_ = 0;
    std::vector<std::uint8_t> coverage_;
    std::vector<std::int16_t> spans_;
};

// The pixels [x0, x1) × [y0, y1) markers may touch.
struct PixelClip {
    int x0, y0, x1, y1;
};

// How a marker meets the pixels under it.
enum class Blend {
    // An opaque picture (xRGB, the image): each channel moves toward the marker's colour
    // by its coverage × alpha, rounded toward the colour, as matplotlib's Agg does; many
    // translucent markers converge on the colour itself.
    opaque,
    // A transparent layer (premultiplied ARGB, the image a vector document embeds): OVER,
    // in 8-bit premultiplied arithmetic as Cairo composites.
    premultiplied,
};

// Which vector instructions stamp: the widest this CPU has (AVX2 on x86-64 where
// present), or the SSE2 every x86-64 has. Both give the same bytes (a test compares them).
enum class Simd { best, baseline };
bool stamp_avx2_available();

// Composites one marker per centre, in order, into `pixels` (32-bit, native byte order)
// inside `clip`: all in colors[0] when `colors` has one entry, else centre i in
// colors[i]. Centres that are not finite are left out.
void stamp_markers(const PixelBuffer& pixels, const PixelClip& clip, std::span<const Point> centres,
                   const MarkerMasks& masks, std::span<const Color> colors,
                   Blend blend = Blend::opaque, Simd simd = Simd::best);

}  // namespace plotcluster::detail
