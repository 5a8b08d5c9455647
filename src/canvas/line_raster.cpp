#include "line_raster.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace plotcluster::detail {
namespace {

struct Region {
    int x0, y0, x1, y1;  // pixels [x0, x1) × [y0, y1)
    int width() const { return x1 - x0; }
    bool empty() const { return x1 <= x0 || y1 <= y0; }
};

// Eight pixels of a row at a time: GCC vector types, compiled for AVX2 (one instruction)
// and for the x86-64 baseline (two SSE instructions). Float arithmetic without
// reassociation gives the same results either way.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
using F8 = float __attribute__((vector_size(32)));
constexpr int lanes = 8;

// Forced inline: a 32-byte vector returned by value is passed differently in the AVX2
// clone than in the baseline build, so a real call (as at -O0) would read garbage.
[[gnu::always_inline]] inline F8 splat(float v) { return F8{} + v; }

// A pixel's coverage depends only on its distance to the nearest segment, so the pass over
// the segments keeps the smallest squared distance per pixel (no square root, no branch
// on coverage) and the blend turns it into coverage once per pixel. Rows of `nearest` have
// `lanes` spare floats at the end: a step may run past the span, where the distance it
// stores is still the true one (and no smaller than reach², so nothing changes).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void cover_segment(const Point& a, const Point& b, float reach, const Region& r, int row_stride,
                   float* nearest, RowSpan* spans) {
    const int row0 = std::max(r.y0, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
    const int row1 = std::min(r.y1 - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
    const double dy = b.y - a.y, dx = b.x - a.x;
    const double len2 = dx * dx + dy * dy;
    const double inv_dy = dy != 0 ? 1 / dy : 0;
    const F8 fdx = splat(static_cast<float>(dx)), fdy = splat(static_cast<float>(dy));
    const F8 inv_len2 = splat(len2 > 0 ? static_cast<float>(1 / len2) : 0.0f);
    const F8 reach2 = splat(reach * reach), zero = splat(0), one = splat(1);
    const F8 steps = {0, 1, 2, 3, 4, 5, 6, 7};
    // A segment no wider than one step (most of a dense line: M4 keeps near-vertical
    // runs) gets the same columns on every row, which saves the per-row clipping.
    const int fixed0 = std::max(r.x0, static_cast<int>(std::floor(std::min(a.x, b.x) - reach)));
    const int fixed1 = std::min(r.x1 - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)));
    const bool one_step = fixed1 - fixed0 < lanes;
    for (int y = row0; y <= row1; ++y) {
        const double cy = y + 0.5;
        int col0 = fixed0, col1 = fixed1;
        if (!one_step) {
            // The part of the segment within `reach` of this row, widened by `reach`.
            double xa = a.x, xb = b.x;
            if (dy != 0) {
                const double t0 = std::clamp((cy - reach - a.y) * inv_dy, 0.0, 1.0);
                const double t1 = std::clamp((cy + reach - a.y) * inv_dy, 0.0, 1.0);
                xa = a.x + dx * t0;
                xb = a.x + dx * t1;
            }
            col0 = std::max(r.x0, static_cast<int>(std::floor(std::min(xa, xb) - reach)));
            col1 = std::min(r.x1 - 1, static_cast<int>(std::ceil(std::max(xa, xb) + reach)));
        }
        if (col0 > col1) continue;
        RowSpan& span = spans[y - r.y0];
        span.first = std::min(span.first, col0);
        span.last = std::max(span.last, col1);
        float* row = nearest + static_cast<std::ptrdiff_t>(y - r.y0) * row_stride - r.x0;
        const F8 py = splat(static_cast<float>(cy - a.y));
        const F8 pyy = py * fdy;
        for (int x = col0; x <= col1; x += lanes) {
            const F8 px = splat(static_cast<float>(x + 0.5 - a.x)) + steps;
            F8 t = (px * fdx + pyy) * inv_len2;
            t = t < zero ? zero : t;
            t = t > one ? one : t;
            const F8 ex = px - t * fdx, ey = py - t * fdy;
            F8 d2 = ex * ex + ey * ey;
            d2 = d2 < reach2 ? d2 : reach2;
            F8 old;
            std::memcpy(&old, row + x, sizeof old);
            old = d2 < old ? d2 : old;
            std::memcpy(row + x, &old, sizeof old);
        }
    }
}

}  // namespace

void RasterScratch::reserve(int width, int height) {
    // Written in full now, not just reserved: pages first touched by the first line of a
    // larger extent, perhaps thousands of plots in, would show as RSS growth then.
    nearest.assign(static_cast<std::size_t>(width + lanes) * static_cast<std::size_t>(height), 0.0f);
    spans.assign(static_cast<std::size_t>(height), RowSpan{0, 0});
}

void raster_polyline(const PixelBuffer& pixels, const Rect& clip, std::span<const Point> points,
                     double width, const Color& color, RasterScratch& scratch) {
    if (points.size() < 2 || width <= 0) return;
    const float reach = static_cast<float>(width / 2 + 0.5);  // beyond it a pixel gets no coverage
    double lo_x = points[0].x, hi_x = lo_x, lo_y = points[0].y, hi_y = lo_y;
    for (const Point& p : points) {
        lo_x = std::min(lo_x, p.x);
        hi_x = std::max(hi_x, p.x);
        lo_y = std::min(lo_y, p.y);
        hi_y = std::max(hi_y, p.y);
    }
    const double margin = reach + 0.5;
    Region r{static_cast<int>(std::max({0.0, std::floor(clip.x), std::floor(lo_x - margin)})),
             static_cast<int>(std::max({0.0, std::floor(clip.y), std::floor(lo_y - margin)})),
             static_cast<int>(std::min({static_cast<double>(pixels.width), std::ceil(clip.right()),
                                        std::ceil(hi_x + margin)})),
             static_cast<int>(std::min({static_cast<double>(pixels.height), std::ceil(clip.bottom()),
                                        std::ceil(hi_y + margin)}))};
    if (r.empty()) return;
    const float reach2 = reach * reach;
    const int row_stride = r.width() + lanes;
    std::vector<float>& nearest = scratch.nearest;
    std::vector<RowSpan>& spans = scratch.spans;
    nearest.assign(static_cast<std::size_t>(row_stride) * static_cast<std::size_t>(r.y1 - r.y0), reach2);
    spans.assign(static_cast<std::size_t>(r.y1 - r.y0), RowSpan{r.x1, r.x0 - 1});
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        cover_segment(points[i], points[i + 1], reach, r, row_stride, nearest.data(), spans.data());
    }
    // Integer blending in 1/256 steps: exact, the same on every machine, and cheap.
    const int src[3] = {static_cast<int>(std::lround(color.r * 255)),
                        static_cast<int>(std::lround(color.g * 255)),
                        static_cast<int>(std::lround(color.b * 255))};
    const float alpha256 = static_cast<float>(color.a * 256);
    for (int y = r.y0; y < r.y1; ++y) {
        const float* d2 = nearest.data() + static_cast<std::ptrdiff_t>(y - r.y0) * row_stride - r.x0;
        auto* row = reinterpret_cast<std::uint32_t*>(pixels.data + static_cast<std::ptrdiff_t>(y) * pixels.stride);
        const RowSpan span = spans[static_cast<std::size_t>(y - r.y0)];
        for (int x = span.first; x <= span.last; ++x) {
            if (d2[x] >= reach2) continue;
            const float coverage = std::min(reach - std::sqrt(d2[x]), 1.0f);
            // coverage * alpha256 > -0.5 (d2 < reach2), where + 0.5 and truncation round to
            // nearest as lround does, without a libm call in the innermost loop.
            // NOLINTNEXTLINE(bugprone-incorrect-roundings)
            const int a = static_cast<int>(coverage * alpha256 + 0.5f);
            if (a <= 0) continue;
            const std::uint32_t p = row[x];
            const int dst[3] = {static_cast<int>((p >> 16) & 0xff), static_cast<int>((p >> 8) & 0xff),
                                static_cast<int>(p & 0xff)};
            std::uint32_t out = 0xff000000u;
            for (int k = 0; k < 3; ++k) {
                const int v = dst[k] + (((src[k] - dst[k]) * a + 128) >> 8);
                out |= static_cast<std::uint32_t>(v) << (16 - 8 * k);
            }
            row[x] = out;
        }
    }
}

}  // namespace plotcluster::detail
