#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "figure/layers/cell_average.hpp"
#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {

RgbImage cell_colours(const ImageLayer& h) {
    RgbImage img;
    img.width = static_cast<int>(h.cols);
    img.height = static_cast<int>(h.rows);
    img.rgb.resize(h.rows * h.cols * 3);
    const auto& lut = h.colormap->table();
    const Rgb8 bad{static_cast<std::uint8_t>(std::lround(h.bad_color.r * 255)),
                   static_cast<std::uint8_t>(std::lround(h.bad_color.g * 255)),
                   static_cast<std::uint8_t>(std::lround(h.bad_color.b * 255))};
    // A log norm narrower than log10's precision maps linearly, which it is at that scale.
    const bool log = h.norm == Scale::log && std::log10(h.vmax) > std::log10(h.vmin);
    const double lo = log ? std::log10(h.vmin) : h.vmin;
    const double hi = log ? std::log10(h.vmax) : h.vmax;
    const double scale = 256.0 / (hi - lo);
    // A colour range whose width overflows or is subnormal (scale 0 or inf) is mapped
    // through interval::fraction instead; ordinary ranges keep the plain product.
    const bool plain = scale > 0 && std::isfinite(scale);
    for (std::size_t r = 0; r < h.rows; ++r) {
        const std::size_t src = h.origin_lower ? h.rows - 1 - r : r;
        const double* row = h.values.data() + src * h.cols;
        std::uint8_t* out = img.rgb.data() + r * h.cols * 3;
        for (std::size_t col = 0; col < h.cols; ++col) {
            const double v = row[col];
            Rgb8 px = bad;
            if (std::isfinite(v) && (h.norm != Scale::log || v > 0)) {
                const double u = log ? std::log10(v) : v;
                const double t = plain ? (u - lo) * scale : interval::fraction(u, lo, hi) * 256;
                px = lut[static_cast<std::size_t>(std::clamp(t, 0.0, 255.0))];
            }
            out[3 * col] = px.r;
            out[3 * col + 1] = px.g;
            out[3 * col + 2] = px.b;
        }
    }
    return img;
}

// The layer with its cells averaged onto an `m_rows` × `m_cols` grid (at most its own
// size), exactly, in the colour scale's space (see average_cells).
ImageLayer averaged(const ImageLayer& h, std::size_t m_rows, std::size_t m_cols) {
    ImageLayer out;
    out.rows = m_rows;
    out.cols = m_cols;
    out.values = average_cells(h.values, h.cols, equal_parts(h.rows, m_rows), equal_parts(h.cols, m_cols),
                               h.norm == Scale::log);
    out.colormap = h.colormap;
    out.vmin = h.vmin;
    out.vmax = h.vmax;
    out.norm = h.norm;
    out.origin_lower = h.origin_lower;
    out.bad_color = h.bad_color;
    out.extent = h.extent;
    return out;
}

}  // namespace

// The cells over the image's extent; the canvas scales them with the layer's resampling.
// Reducing by area averages the values first (see averaged), onto the device pixels the
// image covers, and lets the canvas place that grid.
void draw_layer(const ImageLayer& h, Canvas& c, const PlotArea& area, const Metrics&) {
    if (h.colormap == nullptr || h.rows == 0 || h.cols == 0 || h.values.size() < h.rows * h.cols) return;
    const ImageExtent e = h.extent.value_or(ImageExtent{-0.5, static_cast<double>(h.cols) - 0.5, -0.5,
                                                        static_cast<double>(h.rows) - 0.5});
    const double x0 = area.px(e.x_lo), x1 = area.px(e.x_hi);
    const double y0 = area.py(e.y_lo), y1 = area.py(e.y_hi);
    if (!std::isfinite(x0) || !std::isfinite(x1) || !std::isfinite(y0) || !std::isfinite(y1)) return;
    // Which row shows on top is the layer's origin, whatever the axis direction: the
    // builder inverts the y axis with it, as imshow does.
    const Rect dest{std::min(x0, x1), std::min(y0, y1), std::abs(x1 - x0), std::abs(y1 - y0)};
    const Resampling how = h.resampling.value_or(auto_resampling(h.rows, h.cols, dest.w, dest.h));
    const double device_cols = std::max(1.0, std::round(dest.w)), device_rows = std::max(1.0, std::round(dest.h));
    if (how == Resampling::area && (static_cast<double>(h.cols) > device_cols || static_cast<double>(h.rows) > device_rows)) {
        // Both at most the layer's own sizes, so they fit a size_t.
        const auto m_cols = static_cast<std::size_t>(std::min(device_cols, static_cast<double>(h.cols)));
        const auto m_rows = static_cast<std::size_t>(std::min(device_rows, static_cast<double>(h.rows)));
        c.image(cell_colours(averaged(h, m_rows, m_cols)), dest, how);
        return;
    }
    c.image(cell_colours(h), dest, how);
}

}  // namespace plotcluster::chart

namespace plotcluster {

Resampling auto_resampling(std::size_t rows, std::size_t cols, double device_w, double device_h) {
    const bool finer = static_cast<double>(cols) > device_w || static_cast<double>(rows) > device_h;
    return finer ? Resampling::area : Resampling::nearest;
}

}  // namespace plotcluster
