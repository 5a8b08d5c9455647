#include "line_raster.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

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

// Where the region's distances live: `stride` floats per row in `nearest`, which holds
// `untouched` wherever no segment has reached (the blend puts it back), so nothing needs
// setting up per line. Per column of `lanes` pixels (a strip), the first and last row a
// segment reached: the blend visits those, not the whole region a line's extent spans.
struct Rows {
    float* nearest;
    int* first;  // per strip; first > last: none
    int* last;
    int stride;
    float reach2;
    // Floats [i0, i1] of rows [row0, row1] (region-relative) were written.
    [[gnu::always_inline]] void reached(int i0, int i1, int row0, int row1) const {
        for (int k = i0 / lanes; k <= i1 / lanes; ++k) {
            first[k] = std::min(first[k], row0);
            last[k] = std::max(last[k], row1);
        }
    }
};

// Larger than any reach²; a blended pixel goes back to it.
constexpr float untouched = std::numeric_limits<float>::max();

// The squared distance of pixel centres (px, py) relative to `a` to the segment a + t·d,
// at most reach². One expression for both paths below, so they agree to the bit.
[[gnu::always_inline]] inline F8 distance2(F8 px, F8 py, F8 fdx, F8 fdy, F8 inv_len2, F8 reach2) {
    const F8 zero = splat(0), one = splat(1);
    F8 t = (px * fdx + py * fdy) * inv_len2;
    t = t < zero ? zero : t;
    t = t > one ? one : t;
    const F8 ex = px - t * fdx, ey = py - t * fdy;
    const F8 d2 = ex * ex + ey * ey;
    return d2 < reach2 ? d2 : reach2;
}

// min(old, d2) into the `lanes` floats at `at`.
[[gnu::always_inline]] inline void keep_nearer(float* at, F8 d2) {
    F8 old;
    std::memcpy(&old, at, sizeof old);
    old = d2 < old ? d2 : old;
    std::memcpy(at, &old, sizeof old);
}

// The rows of a segment (from a to b) whose pixel centres at offsets px (one per lane)
// all project inside the segment, not beyond an end: there the distance is the
// perpendicular one and needs no projection. For one lane those rows' py lie between
// -px dx / dy and (len2 - px dx) / dy, and the lanes at both ends bound all of them. A
// row of margin on each side keeps rounding out of it. Returns an empty range if none.
// Inlined into the AVX2 clone that uses it: a call into plain SSE code from there cost
// more than the rows it saves.
[[gnu::always_inline]] inline std::pair<int, int> inner_rows(const Point& a, const Point& b, double px0, int row0, int row1) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    if (dy == 0) return {row1 + 1, row1};
    const double len2 = dx * dx + dy * dy;
    const double px1 = px0 + (lanes - 1);
    const double a0 = -px0 * dx / dy, b0 = (len2 - px0 * dx) / dy;
    const double a1 = -px1 * dx / dy, b1 = (len2 - px1 * dx) / dy;
    const double lo = std::max(std::min(a0, b0), std::min(a1, b1));
    const double hi = std::min(std::max(a0, b0), std::max(a1, b1));
    if (!(lo < hi)) return {row1 + 1, row1};
    // py = y + 0.5 - a.y; clamped as doubles (a nearly level segment's bounds are huge).
    const double top = row0, bottom = row1;
    const auto first = static_cast<int>(std::clamp(std::ceil(lo + a.y - 0.5) + 1, top, bottom + 1));
    const auto last = static_cast<int>(std::clamp(std::floor(hi + a.y - 0.5) - 1, top - 1, bottom));
    return first <= last ? std::pair{first, last} : std::pair{row1 + 1, row1};
}

// A segment no wider than one step (most of a dense line: M4 keeps near-vertical runs)
// gets the same step of `lanes` columns, from `col`, on every row [row0, row1]: only the
// row's offset from `a` changes.
[[gnu::always_inline]] inline void narrow_segment(const Point& a, const Point& b, int col, int row0, int row1,
                                                  const Region& r, const Rows& rows) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    const F8 fdx = splat(static_cast<float>(dx)), fdy = splat(static_cast<float>(dy));
    const F8 inv_len2 = splat(len2 > 0 ? static_cast<float>(1 / len2) : 0.0f);
    const F8 reach2 = splat(rows.reach2);
    const F8 px = splat(static_cast<float>(col + 0.5 - a.x)) + F8{0, 1, 2, 3, 4, 5, 6, 7};
    const F8 cross = px * fdy;  // px dy, for the perpendicular distance
    const auto sdx = static_cast<float>(dx);
    // Locals: the stores below may alias anything, which would reload these every row.
    const std::ptrdiff_t stride = rows.stride;
    const double ay = a.y;
    const int i = col - r.x0;
    rows.reached(i, i + lanes - 1, row0 - r.y0, row1 - r.y0);
    float* row = rows.nearest + static_cast<std::ptrdiff_t>(row0 - r.y0) * stride + i;
    const auto [inner0, inner1] = inner_rows(a, b, col + 0.5 - a.x, row0, row1);
    // Three runs of rows: near one end, inside, near the other end.
    int y = row0;
    for (; y < inner0; ++y, row += stride) {
        keep_nearer(row, distance2(px, splat(static_cast<float>(y + 0.5 - ay)), fdx, fdy, inv_len2, reach2));
    }
    for (; y <= inner1; ++y, row += stride) {
        const F8 e = cross - splat(static_cast<float>(y + 0.5 - ay) * sdx);
        const F8 d2 = e * e * inv_len2;
        keep_nearer(row, d2 < reach2 ? d2 : reach2);
    }
    for (; y <= row1; ++y, row += stride) {
        keep_nearer(row, distance2(px, splat(static_cast<float>(y + 0.5 - ay)), fdx, fdy, inv_len2, reach2));
    }
}

// A pixel's coverage depends only on its distance to the nearest segment, so the pass over
// the segments keeps the smallest squared distance per pixel (no square root, no branch
// on coverage) and the blend turns it into coverage once per pixel. A step of `lanes`
// pixels may run past the segment's columns, where the distance it stores is still the
// true one (and no smaller than reach², so nothing changes).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void cover_segment(const Point& a, const Point& b, float reach, const Region& r, const Rows& rows) {
    const int row0 = std::max(r.y0, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
    const int row1 = std::min(r.y1 - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
    const int fixed0 = std::max(r.x0, static_cast<int>(std::floor(std::min(a.x, b.x) - reach)));
    const int fixed1 = std::min(r.x1 - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)));
    if (fixed1 - fixed0 < lanes) {
        if (fixed0 <= fixed1) narrow_segment(a, b, fixed0, row0, row1, r, rows);
        return;
    }
    const double dy = b.y - a.y, dx = b.x - a.x;
    const double len2 = dx * dx + dy * dy;
    const double inv_dy = dy != 0 ? 1 / dy : 0;
    const F8 fdx = splat(static_cast<float>(dx)), fdy = splat(static_cast<float>(dy));
    const F8 inv_len2 = splat(len2 > 0 ? static_cast<float>(1 / len2) : 0.0f);
    const F8 reach2 = splat(rows.reach2);
    const F8 offsets = {0, 1, 2, 3, 4, 5, 6, 7};
    for (int y = row0; y <= row1; ++y) {
        const double cy = y + 0.5;
        // The part of the segment within `reach` of this row, widened by `reach`.
        double xa = a.x, xb = b.x;
        if (dy != 0) {
            const double t0 = std::clamp((cy - reach - a.y) * inv_dy, 0.0, 1.0);
            const double t1 = std::clamp((cy + reach - a.y) * inv_dy, 0.0, 1.0);
            xa = a.x + dx * t0;
            xb = a.x + dx * t1;
        }
        const int col0 = std::max(r.x0, static_cast<int>(std::floor(std::min(xa, xb) - reach)));
        const int col1 = std::min(r.x1 - 1, static_cast<int>(std::ceil(std::max(xa, xb) + reach)));
        if (col0 > col1) continue;
        // Region-relative from here: row[i] is pixel r.x0 + i.
        float* row = rows.nearest + static_cast<std::ptrdiff_t>(y - r.y0) * rows.stride;
        const F8 py = splat(static_cast<float>(cy - a.y));
        const int i0 = col0 - r.x0, steps = (col1 - col0) / lanes + 1;
        rows.reached(i0, i0 + steps * lanes - 1, y - r.y0, y - r.y0);
        for (int i = i0; i <= col1 - r.x0; i += lanes) {
            const F8 px = splat(static_cast<float>(i + r.x0 + 0.5 - a.x)) + offsets;
            keep_nearer(row + i, distance2(px, py, fdx, fdy, inv_len2, reach2));
        }
    }
}

// The line's colour and the stroke's reach, for turning distances into coverage.
struct Paint {
    Paint(const Color& color, float reach_)
        : src{static_cast<int>(std::lround(color.r * 255)), static_cast<int>(std::lround(color.g * 255)),
              static_cast<int>(std::lround(color.b * 255))},
          alpha256(static_cast<float>(color.a * 256)), reach(reach_), reach2(reach_ * reach_) {}
    int src[3];
    float alpha256;
    float reach, reach2;
};

// Coverage from distance, then integer blending in 1/256 steps (exact, the same on every
// machine), for a block of pixels at once; one the line does not cover (a <= 0) keeps its
// old value, as in blend_pixel, which does the same for the pixels of a partial block.
using I8 = std::int32_t __attribute__((vector_size(32)));
using U8 = std::uint32_t __attribute__((vector_size(32)));

[[gnu::always_inline]] inline void blend_block(const float* d2, std::uint32_t* row, const Paint& paint) {
    F8 d;
    std::memcpy(&d, d2, sizeof d);
    F8 root;
    for (int k = 0; k < lanes; ++k) root[k] = std::sqrt(d[k]);  // d >= 0
    F8 coverage = splat(paint.reach) - root;
    coverage = splat(1) < coverage ? splat(1) : coverage;  // std::min(coverage, 1)
    // Beyond reach (an untouched pixel, whose distance is huge) no coverage: masked below,
    // but clamped first so the conversion stays in range.
    coverage = coverage < splat(0) ? splat(0) : coverage;
    // coverage * alpha256 >= 0: + 0.5 and truncation round to nearest.
    I8 a = __builtin_convertvector(coverage * splat(paint.alpha256) + splat(0.5f), I8);
    a = d < splat(paint.reach2) ? a : I8{};
    U8 old;
    std::memcpy(&old, row, sizeof old);
    U8 out = U8{} + 0xff000000u;
    for (int k = 0; k < 3; ++k) {
        const int shift = 16 - 8 * k;
        const I8 dst = __builtin_convertvector((old >> shift) & 0xffu, I8);
        const I8 v = dst + (((I8{} + paint.src[k] - dst) * a + 128) >> 8);
        out |= __builtin_convertvector(v, U8) << shift;
    }
    out = a > 0 ? out : old;
    std::memcpy(row, &out, sizeof out);
}

[[gnu::always_inline]] inline std::uint32_t blend_pixel(float d2, std::uint32_t p, const Paint& paint) {
    const float coverage = std::clamp(paint.reach - std::sqrt(d2), 0.0f, 1.0f);
    // NOLINTNEXTLINE(bugprone-incorrect-roundings): coverage * alpha256 >= 0, as above
    int a = static_cast<int>(coverage * paint.alpha256 + 0.5f);
    a = d2 < paint.reach2 ? a : 0;
    std::uint32_t out = 0xff000000u;
    for (int k = 0; k < 3; ++k) {
        const int dst = static_cast<int>((p >> (16 - 8 * k)) & 0xff);
        const int v = dst + (((paint.src[k] - dst) * a + 128) >> 8);
        out |= static_cast<std::uint32_t>(v) << (16 - 8 * k);
    }
    return a > 0 ? out : p;
}

// The reached blocks, row by row and left to right within a row (memory in the order it
// lies), each put back to `untouched` once blended. `pixels` points at the region's
// first pixel; `width` pixels of a row lie in the region. The file is built with
// -fno-math-errno, so std::sqrt of a block is one vector instruction.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void blend_reached(const Rows& at, int strips, int width, std::uint8_t* pixels, std::ptrdiff_t pitch,
                   const Paint& paint) {
    int top = std::numeric_limits<int>::max(), bottom = -1, left = strips, right = -1;
    for (int k = 0; k < strips; ++k) {
        if (at.first[k] > at.last[k]) continue;
        top = std::min(top, at.first[k]);
        bottom = std::max(bottom, at.last[k]);
        left = std::min(left, k);
        right = k;
    }
    for (int y = top; y <= bottom; ++y) {
        float* d2 = at.nearest + static_cast<std::ptrdiff_t>(y) * at.stride;
        auto* row = reinterpret_cast<std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * pitch);
        for (int k = left; k <= right; ++k) {
            if (y < at.first[k] || y > at.last[k]) continue;
            const int x = k * lanes;
            if (x + lanes <= width) {
                blend_block(d2 + x, row + x, paint);
            } else {
                for (int i = x; i < width; ++i) row[i] = blend_pixel(d2[i], row[i], paint);
            }
            std::fill_n(d2 + x, lanes, untouched);
        }
    }
}

// Floats per row: whole strips, and one more, which a step starting in the last strip
// reaches into.
int row_stride(int width) { return (width + lanes - 1) / lanes * lanes + lanes; }

}  // namespace

// The part of segment a-b inside the rectangle [x0, x1] x [y0, y1] (Liang-Barsky), or
// false when none (or a coordinate is not finite). A point far outside the image (a value
// far beyond fixed axis limits) would otherwise overflow the integer row and column
// arithmetic, and its segment would not be drawn where it crosses the plot. A cut end is
// put on its edge exactly: a + t d alone loses it when a is 1e300 pixels away.
bool clip_segment(Point& a, Point& b, double x0, double y0, double x1, double y1) {
    if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y)) return false;
    const double dx = b.x - a.x, dy = b.y - a.y;
    // Where the segment enters and leaves, and the edge it crosses there (-1: its end).
    double t0 = 0, t1 = 1;
    int in = -1, out = -1;
    const double edges[4] = {x0, x1, y0, y1};
    // Keeps the t with p t <= q, for edge `e`.
    const auto within = [&](double p, double q, int e) {
        if (p == 0) return q >= 0;
        const double t = q / p;
        if (p < 0) {
            if (t > t1) return false;
            if (t > t0) t0 = t, in = e;
        } else {
            if (t < t0) return false;
            if (t < t1) t1 = t, out = e;
        }
        return true;
    };
    if (!within(-dx, a.x - x0, 0) || !within(dx, x1 - a.x, 1) || !within(-dy, a.y - y0, 2) ||
        !within(dy, y1 - a.y, 3)) {
        return false;
    }
    const auto at = [&](double t, int e) {
        Point p{a.x + t * dx, a.y + t * dy};
        if (e == 0 || e == 1) p.x = edges[e];
        if (e == 2 || e == 3) p.y = edges[e];
        return p;
    };
    const Point from = in < 0 ? a : at(t0, in), to = out < 0 ? b : at(t1, out);
    a = from;
    b = to;
    return true;
}

void RasterScratch::reserve(int width, int height) {
    // Written in full now, not just reserved: pages first touched by the first line of a
    // larger extent, perhaps thousands of plots in, would show as RSS growth then.
    nearest.assign(static_cast<std::size_t>(row_stride(width)) * static_cast<std::size_t>(height), untouched);
    first.assign(static_cast<std::size_t>(row_stride(width) / lanes), 0);
    last.assign(first.size(), 0);
}

void raster_polyline(const PixelBuffer& pixels, const Rect& clip, std::span<const Point> points,
                     double width, const Color& color, RasterScratch& scratch) {
    if (points.size() < 2 || width <= 0) return;
    const float reach = static_cast<float>(width / 2 + 0.5);  // beyond it a pixel gets no coverage
    double lo_x = std::numeric_limits<double>::infinity(), hi_x = -lo_x, lo_y = lo_x, hi_y = hi_x;
    for (const Point& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;  // its segments are skipped
        lo_x = std::min(lo_x, p.x);
        hi_x = std::max(hi_x, p.x);
        lo_y = std::min(lo_y, p.y);
        hi_y = std::max(hi_y, p.y);
    }
    if (lo_x > hi_x) return;
    const double margin = reach + 0.5;
    Region r{static_cast<int>(std::max({0.0, std::floor(clip.x), std::floor(lo_x - margin)})),
             static_cast<int>(std::max({0.0, std::floor(clip.y), std::floor(lo_y - margin)})),
             static_cast<int>(std::min({static_cast<double>(pixels.width), std::ceil(clip.right()),
                                        std::ceil(hi_x + margin)})),
             static_cast<int>(std::min({static_cast<double>(pixels.height), std::ceil(clip.bottom()),
                                        std::ceil(hi_y + margin)}))};
    if (r.empty()) return;
    const int stride = row_stride(r.width()), strips = stride / lanes;
    const auto height = static_cast<std::size_t>(r.y1 - r.y0);
    // Within what reserve() made room for (and set to `untouched`): neither allocates.
    if (scratch.nearest.size() < static_cast<std::size_t>(stride) * height) {
        scratch.nearest.resize(static_cast<std::size_t>(stride) * height, untouched);
    }
    if (scratch.first.size() < static_cast<std::size_t>(strips)) {
        scratch.first.resize(static_cast<std::size_t>(strips));
        scratch.last.resize(static_cast<std::size_t>(strips));
    }
    std::fill_n(scratch.first.begin(), strips, std::numeric_limits<int>::max());
    std::fill_n(scratch.last.begin(), strips, std::numeric_limits<int>::min());
    const Rows at{scratch.nearest.data(), scratch.first.data(), scratch.last.data(), stride, reach * reach};
    // Segments are cut to the region widened by more than the reach: a cut end's cap then
    // falls outside it. Inside (every point of an ordinary plot) nothing changes.
    const double x0 = r.x0 - (reach + 2.0), y0 = r.y0 - (reach + 2.0);
    const double x1 = r.x1 + (reach + 2.0), y1 = r.y1 + (reach + 2.0);
    const auto inside = [&](const Point& p) { return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1; };
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        Point a = points[i], b = points[i + 1];
        if ((inside(a) && inside(b)) || clip_segment(a, b, x0, y0, x1, y1)) cover_segment(a, b, reach, r, at);
    }
    const Paint paint(color, reach);
    blend_reached(at, strips, r.width(),
                  pixels.data + static_cast<std::ptrdiff_t>(r.y0) * pixels.stride + static_cast<std::ptrdiff_t>(r.x0) * 4,
                  pixels.stride, paint);
}

}  // namespace plotcluster::detail
