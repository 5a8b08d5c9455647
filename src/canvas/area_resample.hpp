#pragma once
// Private to src/canvas: box-filtered resampling of an image onto device pixels.
// Cairo 1.16's own box filter (CAIRO_FILTER_GOOD, pixman's separable convolution) stops
// averaging beyond a 16x reduction and costs ~0.5 s for 4000x4000 -> 600x600; bilinear
// and Gaussian sample a 2x2 neighbourhood and show moiré. This averages exactly, in time
// linear in the image and the output.
#include "line_raster.hpp"
#include "plotcluster/core/canvas.hpp"

namespace plotcluster::detail {

// Device pixels [x0, x0 + out.width) × [y0, y0 + out.height) of `img` drawn into `dest`:
// each pixel is the mean of the image (cells as constant squares) over the part of the
// pixel inside `dest`. `dest` must be finite and non-empty, and must overlap every pixel.
void area_resample(const RgbImage& img, const Rect& dest, int x0, int y0, const PixelBuffer& out);

}  // namespace plotcluster::detail
