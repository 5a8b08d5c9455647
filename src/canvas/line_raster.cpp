#include "line_raster.hpp"

#include <algorithm>
#include <cmath>

namespace plotcluster::detail {
namespace {

struct Region {
    int x0, y0, x1, y1;  // pixels [x0, x1) × [y0, y1)
    int width() const { return x1 - x0; }
    bool empty() const { return x1 <= x0 || y1 <= y0; }
};

// Distance from (px, py) to the segment a-b.
double distance(double px, double py, const Point& a, const Point& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = a.x + t * dx - px, ey = a.y + t * dy - py;
    return std::sqrt(ex * ex + ey * ey);
}

// Marks every pixel of `r` whose centre lies within reach of the segment.
// Per row of the region, the columns touched so far ([first, last], empty when first > last).
struct RowSpan {
    int first, last;
};

void cover_segment(const Point& a, const Point& b, double half, const Region& r,
                   std::vector<float>& coverage, std::vector<RowSpan>& spans) {
    const double reach = half + 0.5;  // beyond it a pixel gets no coverage
    const int row0 = std::max(r.y0, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
    const int row1 = std::min(r.y1 - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
    const double dy = b.y - a.y;
    for (int y = row0; y <= row1; ++y) {
        const double cy = y + 0.5;
        // The part of the segment within `reach` of this row, widened by `reach`.
        double xa = a.x, xb = b.x;
        if (dy != 0) {
            const double t0 = std::clamp((cy - reach - a.y) / dy, 0.0, 1.0);
            const double t1 = std::clamp((cy + reach - a.y) / dy, 0.0, 1.0);
            xa = a.x + (b.x - a.x) * t0;
            xb = a.x + (b.x - a.x) * t1;
        }
        const int col0 = std::max(r.x0, static_cast<int>(std::floor(std::min(xa, xb) - reach)));
        const int col1 = std::min(r.x1 - 1, static_cast<int>(std::ceil(std::max(xa, xb) + reach)));
        if (col0 > col1) continue;
        RowSpan& span = spans[static_cast<std::size_t>(y - r.y0)];
        span.first = std::min(span.first, col0);
        span.last = std::max(span.last, col1);
        float* row = coverage.data() + static_cast<std::size_t>(y - r.y0) * r.width() - r.x0;
        for (int x = col0; x <= col1; ++x) {
            const double c = half + 0.5 - distance(x + 0.5, cy, a, b);
            if (c > row[x]) row[x] = static_cast<float>(std::min(c, 1.0));
        }
    }
}

}  // namespace

void raster_polyline(const PixelBuffer& pixels, const Rect& clip, std::span<const Point> points,
                     double width, const Color& color, std::vector<float>& coverage) {
    if (points.size() < 2 || width <= 0) return;
    const double half = width / 2;
    double lo_x = points[0].x, hi_x = lo_x, lo_y = points[0].y, hi_y = lo_y;
    for (const Point& p : points) {
        lo_x = std::min(lo_x, p.x);
        hi_x = std::max(hi_x, p.x);
        lo_y = std::min(lo_y, p.y);
        hi_y = std::max(hi_y, p.y);
    }
    const double reach = half + 1;
    Region r{static_cast<int>(std::max({0.0, std::floor(clip.x), std::floor(lo_x - reach)})),
             static_cast<int>(std::max({0.0, std::floor(clip.y), std::floor(lo_y - reach)})),
             static_cast<int>(std::min({static_cast<double>(pixels.width), std::ceil(clip.right()),
                                        std::ceil(hi_x + reach)})),
             static_cast<int>(std::min({static_cast<double>(pixels.height), std::ceil(clip.bottom()),
                                        std::ceil(hi_y + reach)}))};
    if (r.empty()) return;
    coverage.assign(static_cast<std::size_t>(r.width()) * static_cast<std::size_t>(r.y1 - r.y0), 0.0f);
    std::vector<RowSpan> spans(static_cast<std::size_t>(r.y1 - r.y0), RowSpan{r.x1, r.x0 - 1});
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        cover_segment(points[i], points[i + 1], half, r, coverage, spans);
    }
    const double src[3] = {color.r * 255, color.g * 255, color.b * 255};
    for (int y = r.y0; y < r.y1; ++y) {
        const float* cov = coverage.data() + static_cast<std::size_t>(y - r.y0) * r.width();
        auto* row = reinterpret_cast<std::uint32_t*>(pixels.data + static_cast<std::ptrdiff_t>(y) * pixels.stride);
        const RowSpan span = spans[static_cast<std::size_t>(y - r.y0)];
        for (int x = span.first; x <= span.last; ++x) {
            const double a = cov[x - r.x0] * color.a;
            if (a <= 0) continue;
            const std::uint32_t p = row[x];
            const double dst[3] = {static_cast<double>((p >> 16) & 0xff),
                                   static_cast<double>((p >> 8) & 0xff), static_cast<double>(p & 0xff)};
            std::uint32_t out = 0xff000000u;
            for (int k = 0; k < 3; ++k) {
                const auto v = static_cast<std::uint32_t>(std::lround(dst[k] + (src[k] - dst[k]) * a));
                out |= std::min(v, 255u) << (16 - 8 * k);
            }
            row[x] = out;
        }
    }
}

}  // namespace plotcluster::detail
