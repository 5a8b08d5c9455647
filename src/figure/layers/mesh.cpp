#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "figure/layers/cell_average.hpp"
#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {

// A value's colour as the image layer colours its cells: 256 colormap entries over
// [vmin, vmax] (log10 of both with a log norm), the bad colour where not shown.
class CellColour {
public:
    explicit CellColour(const MeshLayer& m)
        : lut_(m.colormap->table()),
          norm_(m.norm),
          log_(m.norm == Scale::log && std::log10(m.vmax) > std::log10(m.vmin)),
          lo_(log_ ? std::log10(m.vmin) : m.vmin),
          hi_(log_ ? std::log10(m.vmax) : m.vmax),
          scale_(256.0 / (hi_ - lo_)),
          plain_(scale_ > 0 && std::isfinite(scale_)),
          bad_{static_cast<std::uint8_t>(std::lround(m.bad_color.r * 255)),
               static_cast<std::uint8_t>(std::lround(m.bad_color.g * 255)),
               static_cast<std::uint8_t>(std::lround(m.bad_color.b * 255))} {}

    // The colormap entry, or -1 for the bad colour.
    int entry(double v) const {
        if (!std::isfinite(v) || (norm_ == Scale::log && v <= 0)) return -1;
        const double u = log_ ? std::log10(v) : v;
        const double t = plain_ ? (u - lo_) * scale_ : interval::fraction(u, lo_, hi_) * 256;
        return static_cast<int>(std::clamp(t, 0.0, 255.0));
    }
    Rgb8 rgb(int entry) const { return entry < 0 ? bad_ : lut_[static_cast<std::size_t>(entry)]; }
    Color color(int entry) const {
        const Rgb8 c = rgb(entry);
        return {c.r / 255.0, c.g / 255.0, c.b / 255.0, 1};
    }

private:
    const Colormap::Table& lut_;
    Scale norm_;
    bool log_;
    double lo_, hi_, scale_;
    bool plain_;
    Rgb8 bad_;
};

// For the device pixels [first, first + count) along one axis, the cell whose edges (in
// pixels, monotonic either way) hold each pixel's centre: a cell edge at 12.4 px puts
// pixel 12 (centre 12.5) in the cell after it.
std::vector<std::size_t> cells_of_pixels(const std::vector<double>& edges_px, long first, long count) {
    const bool ascending = edges_px.back() >= edges_px.front();
    std::vector<double> up(edges_px);
    if (!ascending) std::reverse(up.begin(), up.end());
    const std::size_t cells = up.size() - 1;
    std::vector<std::size_t> out;
    out.reserve(static_cast<std::size_t>(count));
    for (long k = first; k < first + count; ++k) {
        const double centre = static_cast<double>(k) + 0.5;
        const auto it = std::upper_bound(up.begin(), up.end(), centre);
        std::size_t cell = it == up.begin() ? 0 : static_cast<std::size_t>(it - up.begin()) - 1;
        cell = std::min(cell, cells - 1);
        out.push_back(ascending ? cell : cells - 1 - cell);
    }
    return out;
}

// The pixels [first, first + count) whose centres lie between lo and hi, inside [box_lo, box_hi].
struct PixelSpan {
    long first = 0;
    long count = 0;
};
PixelSpan pixels_between(double a, double b, double box_lo, double box_hi) {
    const double lo = std::max(std::min(a, b), box_lo), hi = std::min(std::max(a, b), box_hi);
    if (!(hi > lo)) return {};
    const long first = std::lround(std::ceil(lo - 0.5));
    const long last = std::lround(std::ceil(hi - 0.5));  // one past the last centre below hi
    return {first, std::max(0L, last - first)};
}

// Whether to average along an axis of cell edges `edges_px` (device pixels): always with
// area, never with nearest or bilinear, by default where a cell is narrower than a pixel.
bool averages(const std::optional<Resampling>& how, const std::vector<double>& edges_px) {
    if (how) return *how == Resampling::area;
    for (std::size_t k = 0; k + 1 < edges_px.size(); ++k) {
        if (std::abs(edges_px[k + 1] - edges_px[k]) < 1) return true;
    }
    return false;
}

// Rectilinear cells: one image at device resolution, each pixel the colour of the cell
// under its centre (as pcolormesh rasterises without antialiasing), so edges land on the
// pixel boundary nearest to where the coordinates put them; along an axis with cells
// finer than a pixel, each pixel the area average of the cells under it (averages).
void draw_rectilinear(const MeshLayer& m, Canvas& c, const PlotArea& area) {
    if (m.x_edges.size() != m.cols + 1 || m.y_edges.size() != m.rows + 1) return;
    std::vector<double> xs, ys;
    xs.reserve(m.x_edges.size());
    ys.reserve(m.y_edges.size());
    for (const double e : m.x_edges) xs.push_back(area.px(e));
    for (const double e : m.y_edges) ys.push_back(area.py(e));
    const auto finite = [](double v) { return std::isfinite(v); };
    if (!std::all_of(xs.begin(), xs.end(), finite) || !std::all_of(ys.begin(), ys.end(), finite)) return;
    const Rect& box = area.box;
    const PixelSpan px = pixels_between(xs.front(), xs.back(), box.x, box.right());
    const PixelSpan py = pixels_between(ys.front(), ys.back(), box.y, box.bottom());
    if (px.count == 0 || py.count == 0) return;
    const CellColour colour(m);
    RgbImage img;
    img.width = static_cast<int>(px.count);
    img.height = static_cast<int>(py.count);
    img.rgb.resize(static_cast<std::size_t>(px.count) * static_cast<std::size_t>(py.count) * 3);
    std::uint8_t* out = img.rgb.data();
    const Rect dest{static_cast<double>(px.first), static_cast<double>(py.first), static_cast<double>(px.count),
                    static_cast<double>(py.count)};
    const bool average_x = averages(m.resampling, xs), average_y = averages(m.resampling, ys);
    if (average_x || average_y) {
        const std::vector<double> means =
            average_cells(m.values, m.cols, pixel_parts(ys, py.first, py.count, !average_y),
                          pixel_parts(xs, px.first, px.count, !average_x), m.norm == Scale::log);
        for (const double v : means) {
            const Rgb8 p = colour.rgb(colour.entry(v));
            *out++ = p.r;
            *out++ = p.g;
            *out++ = p.b;
        }
        c.image(img, dest, Resampling::nearest);
        return;
    }
    const std::vector<std::size_t> col = cells_of_pixels(xs, px.first, px.count);
    const std::vector<std::size_t> row = cells_of_pixels(ys, py.first, py.count);
    for (const std::size_t r : row) {
        const double* values = m.values.data() + r * m.cols;
        for (const std::size_t j : col) {
            const Rgb8 p = colour.rgb(colour.entry(values[j]));
            *out++ = p.r;
            *out++ = p.g;
            *out++ = p.b;
        }
    }
    c.image(img, dest, Resampling::nearest);
}

// Every k-th index of 0..n, and n itself: the rows (or columns) of corners kept when the
// quads are merged k by k.
std::vector<std::size_t> every(std::size_t n, std::size_t k) {
    std::vector<std::size_t> kept;
    kept.reserve(n / k + 2);
    for (std::size_t i = 0; i < n; i += k) kept.push_back(i);
    kept.push_back(n);
    return kept;
}

// Quads: one path per colour (every quad of that colour a ring of it), edged in its own
// colour so that neighbouring quads leave no antialiasing seam between them
// (pcolormesh's edgecolors='face'). More quads than the axes have pixels are merged k by k
// into one quad each, coloured by the cell at its middle (what rasterising them would
// sample), so a vector output stays about as large as the picture's pixels.
void draw_quads(const MeshLayer& m, Canvas& c, const PlotArea& area) {
    const std::size_t stride = m.cols + 1;
    if (m.x_corners.size() != (m.rows + 1) * stride || m.y_corners.size() != m.x_corners.size()) return;
    const double pixels = std::max(1.0, area.box.w * area.box.h);
    const double cells = static_cast<double>(m.rows) * static_cast<double>(m.cols);
    const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(std::sqrt(cells / pixels))));
    const std::vector<std::size_t> rows = every(m.rows, k), cols = every(m.cols, k);
    const CellColour colour(m);
    std::map<int, std::vector<std::vector<Point>>> by_colour;
    const auto corner = [&](std::size_t i, std::size_t j) {
        return area.at(m.x_corners[i * stride + j], m.y_corners[i * stride + j]);
    };
    for (std::size_t a = 0; a + 1 < rows.size(); ++a) {
        const std::size_t i0 = rows[a], i1 = rows[a + 1], i = (i0 + i1 - 1) / 2;
        for (std::size_t b = 0; b + 1 < cols.size(); ++b) {
            const std::size_t j0 = cols[b], j1 = cols[b + 1], j = (j0 + j1 - 1) / 2;
            by_colour[colour.entry(m.values[i * m.cols + j])].push_back(
                {corner(i0, j0), corner(i0, j1), corner(i1, j1), corner(i1, j0)});
        }
    }
    for (const auto& [entry, quads] : by_colour) {
        std::vector<std::span<const Point>> rings;
        rings.reserve(quads.size());
        for (const auto& q : quads) rings.emplace_back(q);
        const Color fill = colour.color(entry);
        c.fill_path(rings, FillStyle{fill, FillRule::non_zero, Stroke{fill, 0.5}});
    }
}

}  // namespace

void draw_layer(const MeshLayer& m, Canvas& c, const PlotArea& area, const Metrics&) {
    if (m.colormap == nullptr || m.rows == 0 || m.cols == 0 || m.values.size() < m.rows * m.cols) return;
    if (m.quads()) {
        draw_quads(m, c, area);
    } else {
        draw_rectilinear(m, c, area);
    }
}

}  // namespace plotcluster::chart
