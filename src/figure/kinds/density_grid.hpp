#pragma once
// Private to kinds/density.cpp: where particles are (Bounds) and how many fall in each bin
// (Grid). Counting 10^8 particles is the whole cost of a density plot besides reading
// them, so both work on runs of particles in blocks: each block's bin indices are computed
// first, in a loop without a branch or a store into the bins that the compiler
// vectorizes, and only then are the bins incremented, one load-add-store each.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "../figure_parts.hpp"
#include "plotcluster/figure/interval.hpp"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// AVX2 (four particles a step) where the compiler can target it per function and the CPU
// has it at run time; the binary itself stays baseline x86-64.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PLOTCLUSTER_DENSITY_AVX2 1
#include <immintrin.h>
#endif

namespace plotcluster::density {

using figure_parts::biggest;
using figure_parts::Finite;

// How the particles are stepped through: one at a time, two (SSE2) or four (AVX2). Every
// path gives the same counts, sums and extremes, bit for bit: the same double operations
// on each particle (no FMA), and each bin's weights added in the particles' order.
enum class Simd { scalar, sse2, avx2 };

// The widest path this CPU runs.
inline Simd best_simd() {
#if defined(PLOTCLUSTER_DENSITY_AVX2)
    static const bool avx2 = __builtin_cpu_supports("avx2") != 0;
    if (avx2) return Simd::avx2;
#endif
#if defined(__SSE2__)
    return Simd::sse2;
#else
    return Simd::scalar;
#endif
}

// A run of particles: x and y `stride` apart (2: the columns of N×2 data; 1: two datasets
// of one coordinate each), with a weight each or none.
struct Particles {
    const double* x = nullptr;
    const double* y = nullptr;
    std::size_t stride = 1;
    std::size_t n = 0;
    const double* w = nullptr;

    static Particles pairs(std::span<const double> xy, const double* w = nullptr) {
        return {xy.data(), xy.data() + 1, 2, xy.size() / 2, w};
    }
    static Particles columns(std::span<const double> x, std::span<const double> y,
                             const double* w = nullptr) {
        return {x.data(), y.data(), 1, std::min(x.size(), y.size()), w};
    }
    // Particles [first, first + m).
    Particles part(std::size_t first, std::size_t m) const {
        return {x + stride * first, y + stride * first, stride, m, w != nullptr ? w + first : nullptr};
    }
};

// Particles a block holds: a multiple of the vector width, so that the block's loop has no
// scalar remainder (GCC's -O2 vectorizes only such loops).
constexpr std::size_t block = 512;

#if defined(__SSE2__)
// Particles k and k + 1 of a run as vectors: their x, their y, their weights (0 without).
struct Lanes {
    __m128d x, y, w;
};
template <std::size_t S>
inline Lanes lanes(const Particles& p, std::size_t k) {
    Lanes v{};
    if constexpr (S == 2) {
        const __m128d a = _mm_loadu_pd(p.x + 2 * k), b = _mm_loadu_pd(p.x + 2 * k + 2);
        v.x = _mm_unpacklo_pd(a, b);
        v.y = _mm_unpackhi_pd(a, b);
    } else {
        v.x = _mm_loadu_pd(p.x + k);
        v.y = _mm_loadu_pd(p.y + k);
    }
    v.w = p.w != nullptr ? _mm_loadu_pd(p.w + k) : _mm_setzero_pd();
    return v;
}
inline __m128d finite_lanes(__m128d v) {
    const __m128d magnitude = _mm_andnot_pd(_mm_set1_pd(-0.0), v);
    return _mm_cmple_pd(magnitude, _mm_set1_pd(biggest));  // false for NaN and Inf
}
inline __m128d finite(const Lanes& v) {
    return _mm_and_pd(_mm_and_pd(finite_lanes(v.x), finite_lanes(v.y)), finite_lanes(v.w));
}
inline __m128d select(__m128d mask, __m128d yes, __m128d no) {
    return _mm_or_pd(_mm_and_pd(mask, yes), _mm_andnot_pd(mask, no));
}
// How many of the two lanes of a mask are set (popcount is a library call without -mpopcnt).
inline std::uint64_t lanes_set(__m128d mask) {
    const auto bits = static_cast<unsigned>(_mm_movemask_pd(mask));
    return (bits & 1U) + (bits >> 1U);
}
inline double low(__m128d v) { return _mm_cvtsd_f64(v); }
inline double high(__m128d v) { return _mm_cvtsd_f64(_mm_unpackhi_pd(v, v)); }
#endif

// Particles this far ahead are fetched into the cache while the ones before are counted.
// Values read in place from a mapped file come from memory at the loop's pace otherwise
// (the hardware prefetchers stop at each 4 KiB page): with it the counting pass over 10^8
// particles from mapped pages took 0.28 s instead of 0.51 s.
constexpr std::size_t ahead = 128;
template <std::size_t S>
inline void prefetch(const Particles& p, std::size_t k) {
#if defined(__SSE2__)
    _mm_prefetch(reinterpret_cast<const char*>(p.x + S * k), _MM_HINT_T0);
    if constexpr (S == 1) _mm_prefetch(reinterpret_cast<const char*>(p.y + k), _MM_HINT_T0);
    if (p.w != nullptr) _mm_prefetch(reinterpret_cast<const char*>(p.w + k), _MM_HINT_T0);
#else
    static_cast<void>(p);
    static_cast<void>(k);
#endif
}

#if defined(PLOTCLUSTER_DENSITY_AVX2)
namespace avx2 {

// Particles k .. k + 3 of a run: their x, their y and their weights, in order.
struct Quad {
    __m256d x, y, w;
};
template <std::size_t S>
__attribute__((target("avx2"))) inline Quad quad(const Particles& p, std::size_t k) {
    Quad q{};
    if constexpr (S == 2) {
        const __m256d a = _mm256_loadu_pd(p.x + 2 * k), b = _mm256_loadu_pd(p.x + 2 * k + 4);
        // unpack: lanes of particles 0, 2, 1, 3; the permute puts them in order.
        q.x = _mm256_permute4x64_pd(_mm256_unpacklo_pd(a, b), 0xD8);
        q.y = _mm256_permute4x64_pd(_mm256_unpackhi_pd(a, b), 0xD8);
    } else {
        q.x = _mm256_loadu_pd(p.x + k);
        q.y = _mm256_loadu_pd(p.y + k);
    }
    q.w = p.w != nullptr ? _mm256_loadu_pd(p.w + k) : _mm256_setzero_pd();
    return q;
}
__attribute__((target("avx2"))) inline __m256d finite_lanes(__m256d v) {
    const __m256d magnitude = _mm256_andnot_pd(_mm256_set1_pd(-0.0), v);
    return _mm256_cmp_pd(magnitude, _mm256_set1_pd(biggest), _CMP_LE_OQ);  // false for NaN, Inf
}
__attribute__((target("avx2"))) inline __m256d finite(const Quad& q) {
    return _mm256_and_pd(_mm256_and_pd(finite_lanes(q.x), finite_lanes(q.y)), finite_lanes(q.w));
}
__attribute__((target("avx2"))) inline double lowest(__m256d v) {
    const __m128d m = _mm_min_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return std::min(_mm_cvtsd_f64(m), _mm_cvtsd_f64(_mm_unpackhi_pd(m, m)));
}
__attribute__((target("avx2"))) inline double highest(__m256d v) {
    const __m128d m = _mm_max_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return std::max(_mm_cvtsd_f64(m), _mm_cvtsd_f64(_mm_unpackhi_pd(m, m)));
}
// The four 64-bit lanes of a counter summed.
__attribute__((target("avx2"))) inline std::uint64_t total(__m256i v) {
    alignas(32) std::array<std::uint64_t, 4> lane{};
    _mm256_store_si256(reinterpret_cast<__m256i*>(lane.data()), v);
    return lane[0] + lane[1] + lane[2] + lane[3];
}

// The extremes of the particles [0, m) of a run whose every particle is finite, into
// e (x_lo, x_hi, y_lo, y_hi); false, e untouched, when one is not. `after`: particles
// that follow the run in memory, fetched ahead.
template <std::size_t S>
__attribute__((target("avx2"))) bool finite_extremes(const Particles& p, std::size_t m,
                                                      std::size_t after,
                                                      std::array<double, 4>& e) {
    const __m256d inf = _mm256_set1_pd(std::numeric_limits<double>::infinity());
    const __m256d minus_inf = _mm256_set1_pd(-std::numeric_limits<double>::infinity());
    const __m256d sign = _mm256_set1_pd(-0.0), big = _mm256_set1_pd(biggest);
    __m256d lo_a = inf, hi_a = minus_inf, lo_b = inf, hi_b = minus_inf, bad = _mm256_setzero_pd();
    std::size_t k = 0;
    // With S == 2 the lanes hold x, y, x, y: no unpacking, the extremes of x in the even
    // lanes and of y in the odd; with S == 1, a and b are x and y.
    for (; k + 3 < m; k += 4) {
        if (k + ahead < m + after) prefetch<S>(p, k + ahead);
        __m256d a, b;
        if constexpr (S == 2) {
            a = _mm256_loadu_pd(p.x + 2 * k);
            b = _mm256_loadu_pd(p.x + 2 * k + 4);
        } else {
            a = _mm256_loadu_pd(p.x + k);
            b = _mm256_loadu_pd(p.y + k);
        }
        bad = _mm256_or_pd(bad, _mm256_cmp_pd(_mm256_andnot_pd(sign, a), big, _CMP_NLE_UQ));
        bad = _mm256_or_pd(bad, _mm256_cmp_pd(_mm256_andnot_pd(sign, b), big, _CMP_NLE_UQ));
        if (p.w != nullptr) {
            const __m256d w = _mm256_loadu_pd(p.w + k);
            bad = _mm256_or_pd(bad, _mm256_cmp_pd(_mm256_andnot_pd(sign, w), big, _CMP_NLE_UQ));
        }
        lo_a = _mm256_min_pd(lo_a, a);
        hi_a = _mm256_max_pd(hi_a, a);
        lo_b = _mm256_min_pd(lo_b, b);
        hi_b = _mm256_max_pd(hi_b, b);
    }
    if (_mm256_movemask_pd(bad) != 0) return false;
    std::array<double, 4> got{};
    if constexpr (S == 2) {
        // Even lanes x, odd lanes y, of both a and b.
        const __m256d lo = _mm256_min_pd(lo_a, lo_b), hi = _mm256_max_pd(hi_a, hi_b);
        const __m128d l = _mm_min_pd(_mm256_castpd256_pd128(lo), _mm256_extractf128_pd(lo, 1));
        const __m128d h = _mm_max_pd(_mm256_castpd256_pd128(hi), _mm256_extractf128_pd(hi, 1));
        got = {_mm_cvtsd_f64(l), _mm_cvtsd_f64(h), _mm_cvtsd_f64(_mm_unpackhi_pd(l, l)),
               _mm_cvtsd_f64(_mm_unpackhi_pd(h, h))};
    } else {
        got = {lowest(lo_a), highest(hi_a), lowest(lo_b), highest(hi_b)};
    }
    for (; k < m; ++k) {
        const double px = p.x[S * k], py = p.y[S * k];
        const double w = p.w != nullptr ? p.w[k] : 0.0;
        if (!(std::abs(px) <= biggest && std::abs(py) <= biggest && std::abs(w) <= biggest))
            return false;
        got = {std::min(got[0], px), std::max(got[1], px), std::min(got[2], py),
               std::max(got[3], py)};
    }
    e = {std::min(e[0], got[0]), std::max(e[1], got[1]), std::min(e[2], got[2]),
         std::max(e[3], got[3])};
    return true;
}

// What Grid::index needs of the bins.
struct Bins {
    double x_lo, x_hi, y_lo, y_hi, sx, sy;
    std::uint32_t nx, ny;
};
struct Tally {
    std::size_t done = 0;  // particles indexed
    std::uint64_t finite = 0, inside = 0;
};

// Grid::index four particles a step, the SSE2 path's operations on each: the bins of
// particles [0, m - m % 4) of a run into `at`; `after`: particles that follow the run in
// memory, fetched ahead.
template <std::size_t S>
__attribute__((target("avx2"))) Tally index(const Particles& p, std::size_t m, std::size_t after,
                                             const Bins& g, std::uint32_t* at) {
    const __m256d x_lo = _mm256_set1_pd(g.x_lo), y_lo = _mm256_set1_pd(g.y_lo);
    const __m256d x_hi = _mm256_set1_pd(g.x_hi), y_hi = _mm256_set1_pd(g.y_hi);
    const __m256d sx = _mm256_set1_pd(g.sx), sy = _mm256_set1_pd(g.sy);
    const __m256d zero = _mm256_setzero_pd();
    const __m256d last_i = _mm256_set1_pd(static_cast<double>(g.nx - 1));
    const __m256d last_j = _mm256_set1_pd(static_cast<double>(g.ny - 1));
    const __m256d width = _mm256_set1_pd(static_cast<double>(g.nx));
    const __m256d outside = _mm256_set1_pd(static_cast<double>(g.nx) * g.ny);
    __m256i finite_n = _mm256_setzero_si256(), inside_n = _mm256_setzero_si256();
    std::size_t k = 0;
    for (; k + 3 < m; k += 4) {
        if (k + ahead < m + after) prefetch<S>(p, k + ahead);
        const Quad q = quad<S>(p, k);
        const __m256d tx = _mm256_mul_pd(_mm256_sub_pd(q.x, x_lo), sx);
        const __m256d ty = _mm256_mul_pd(_mm256_sub_pd(q.y, y_lo), sy);
        const __m256d fin = finite(q);
        const __m256d inside = _mm256_and_pd(
            _mm256_and_pd(fin, _mm256_and_pd(_mm256_cmp_pd(tx, zero, _CMP_GE_OQ),
                                             _mm256_cmp_pd(ty, zero, _CMP_GE_OQ))),
            _mm256_and_pd(_mm256_cmp_pd(q.x, x_hi, _CMP_LE_OQ),
                          _mm256_cmp_pd(q.y, y_hi, _CMP_LE_OQ)));
        // max with 0 first also takes NaN to 0 (the second operand), as SSE2's.
        const __m256d i = _mm256_round_pd(_mm256_min_pd(_mm256_max_pd(tx, zero), last_i),
                                          _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
        const __m256d j = _mm256_round_pd(_mm256_min_pd(_mm256_max_pd(ty, zero), last_j),
                                          _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
        const __m256d cell = _mm256_add_pd(_mm256_mul_pd(j, width), i);
        const __m128i bin = _mm256_cvttpd_epi32(_mm256_blendv_pd(outside, cell, inside));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(at + k), bin);
        finite_n = _mm256_sub_epi64(finite_n, _mm256_castpd_si256(fin));
        inside_n = _mm256_sub_epi64(inside_n, _mm256_castpd_si256(inside));
    }
    return {k, total(finite_n), total(inside_n)};
}

}  // namespace avx2
#endif

// What the first pass learns: how many particles can be drawn, and where they are. An
// extreme at zero is +0 whichever of ±0 the data holds (the paths would meet them in
// different orders).
struct Bounds {
    std::uint64_t count = 0;    // particles with finite coordinates (and weight)
    std::uint64_t ignored = 0;  // the others
    Finite x, y;
    Simd simd = best_simd();

    void add(const Particles& p) {
        if (p.stride == 2)
            add_run<2>(p);
        else
            add_run<1>(p);
        x = {x.lo + 0.0, x.hi + 0.0};
        y = {y.lo + 0.0, y.hi + 0.0};
    }

private:
    template <std::size_t S>
    void add_run(const Particles& p) {
#if defined(PLOTCLUSTER_DENSITY_AVX2)
        if (simd == Simd::avx2) {
            // A block at a time, its extremes taken without masking while all of its
            // particles are finite (nearly always), else the block masked.
            std::array<double, 4> e = {x.lo, x.hi, y.lo, y.hi};
            for (std::size_t first = 0; first < p.n; first += block) {
                const Particles run = p.part(first, std::min(block, p.n - first));
                if (avx2::finite_extremes<S>(run, run.n, p.n - first - run.n, e)) {
                    count += run.n;
                    continue;
                }
                x = {e[0], e[1]};
                y = {e[2], e[3]};
                add_masked<S>(run);
                e = {x.lo, x.hi, y.lo, y.hi};
            }
            x = {e[0], e[1]};
            y = {e[2], e[3]};
            return;
        }
#endif
        add_masked<S>(p);
    }

    template <std::size_t S>
    void add_masked(const Particles& p) {
        double x_lo = x.lo, x_hi = x.hi, y_lo = y.lo, y_hi = y.hi;
        std::uint64_t n = 0;
        std::size_t k = 0;
#if defined(__SSE2__)
        // Two particles a step, the extremes of each lane apart (a single chain of min is a
        // reduction the compiler may not reorder for doubles); non-finite particles are
        // masked to the identity of min and max.
        if (simd != Simd::scalar) {
            const __m128d inf = _mm_set1_pd(std::numeric_limits<double>::infinity());
            __m128d vx_lo = _mm_set1_pd(x_lo), vx_hi = _mm_set1_pd(x_hi);
            __m128d vy_lo = _mm_set1_pd(y_lo), vy_hi = _mm_set1_pd(y_hi);
            for (; k + 1 < p.n; k += 2) {
                if (k % 4 == 0 && k + ahead < p.n) prefetch<S>(p, k + ahead);
                const Lanes v = lanes<S>(p, k);
                const __m128d fin = finite(v);
                n += lanes_set(fin);
                vx_lo = _mm_min_pd(vx_lo, select(fin, v.x, inf));
                vx_hi = _mm_max_pd(vx_hi, select(fin, v.x, _mm_sub_pd(_mm_setzero_pd(), inf)));
                vy_lo = _mm_min_pd(vy_lo, select(fin, v.y, inf));
                vy_hi = _mm_max_pd(vy_hi, select(fin, v.y, _mm_sub_pd(_mm_setzero_pd(), inf)));
            }
            x_lo = std::min(low(vx_lo), high(vx_lo));
            x_hi = std::max(low(vx_hi), high(vx_hi));
            y_lo = std::min(low(vy_lo), high(vy_lo));
            y_hi = std::max(low(vy_hi), high(vy_hi));
        }
#endif
        for (; k < p.n; ++k) {
            const double px = p.x[S * k], py = p.y[S * k];
            const double w = p.w != nullptr ? p.w[k] : 0.0;
            if (!(std::abs(px) <= biggest && std::abs(py) <= biggest && std::abs(w) <= biggest))
                continue;
            ++n;
            x_lo = std::min(x_lo, px);
            x_hi = std::max(x_hi, px);
            y_lo = std::min(y_lo, py);
            y_hi = std::max(y_hi, py);
        }
        count += n;
        ignored += p.n - n;
        x = {x_lo, x_hi};
        y = {y_lo, y_hi};
    }
};

// nx × ny bins over [x0, x1] × [y0, y1], row 0 at the lowest y; as numpy's histogram2d, a
// bin holds its lower edge, the last one its upper edge too, and particles outside are not
// counted; nor are those with a NaN/Inf coordinate or weight.
class Grid {
public:
    Grid(std::size_t nx, std::size_t ny, Range x, Range y, Simd simd = best_simd())
        : nx_(nx),
          ny_(ny),
          x_(x),
          y_(y),
          sums_(nx * ny + 1, 0.0),
          sx_(static_cast<double>(nx) / (x.hi - x.lo)),
          sy_(static_cast<double>(ny) / (y.hi - y.lo)),
          plain_(std::isfinite(sx_) && std::isfinite(sy_) && std::isfinite(x.hi - x.lo) &&
                 std::isfinite(y.hi - y.lo)),
          simd_(simd) {}

    // Counts (or sums the weights of) `p`; returns how many of them are finite, coordinates
    // and weight, inside the range or not.
    std::uint64_t add(const Particles& p) {
        if (!plain_) return add_one_by_one(p);
        if (p.w == nullptr && unflushed_ + p.n > flush_at) flush();
        if (p.w == nullptr && counts_.empty()) counts_.assign(sums_.size(), 0);
        std::array<std::uint32_t, block> at{};
        std::uint64_t finite = 0;
        for (std::size_t first = 0; first < p.n; first += block) {
            const std::size_t m = std::min(block, p.n - first);
            const Particles run = p.part(first, m);
            const std::size_t after = p.n - first - m;
            finite += m == block
                          ? (p.stride == 2 ? index<2, block>(run, after, at)
                                           : index<1, block>(run, after, at))
                          : (p.stride == 2 ? index<2, 0>(run, after, at)
                                           : index<1, 0>(run, after, at));
            if (run.w == nullptr) {
                std::uint32_t* counts = counts_.data();
                for (std::size_t k = 0; k < m; ++k) ++counts[at[k]];
            } else {
                double* sums = sums_.data();
                for (std::size_t k = 0; k < m; ++k) sums[at[k]] += run.w[k];
            }
        }
        if (p.w == nullptr) unflushed_ += p.n;
        return finite;
    }

    std::size_t nx() const { return nx_; }
    std::size_t ny() const { return ny_; }
    Range x() const { return x_; }
    Range y() const { return y_; }
    // Particles counted in a bin.
    std::uint64_t binned() const { return binned_; }
    // The bins' sums, row by row; the grid is spent.
    std::vector<double> take_sums() {
        flush();
        sums_.pop_back();  // the outside bin
        return std::move(sums_);
    }

private:
    // Each particle's bin (the last, past the grid's, for one not counted) into `at`;
    // returns how many are finite. `M`: the run's length when known, else p.n; `after`:
    // particles that follow the run in memory (fetched ahead).
    template <std::size_t S, std::size_t M>
    std::uint64_t index(const Particles& p, std::size_t after,
                        std::array<std::uint32_t, block>& at) {
        const std::size_t m = M != 0 ? M : p.n;
        static_cast<void>(after);  // fetched ahead on the SIMD paths only
        const auto nx = static_cast<std::uint32_t>(nx_);
        const auto out = static_cast<std::uint32_t>(nx_ * ny_);
        std::uint64_t finite_n = 0, inside_n = 0;
        std::size_t k = 0;
#if defined(PLOTCLUSTER_DENSITY_AVX2)
        if (simd_ == Simd::avx2) {
            const avx2::Tally t = avx2::index<S>(
                p, m, after, {x_.lo, x_.hi, y_.lo, y_.hi, sx_, sy_, nx, static_cast<std::uint32_t>(ny_)},
                at.data());
            k = t.done;
            finite_n = t.finite;
            inside_n = t.inside;
        }
#endif
#if defined(__SSE2__)
        // Two particles a step. The clamp (max with 0 also takes NaN to 0) keeps the
        // conversions defined; the row-major index is made in doubles, exact below 2^53,
        // since SSE2 has no 32-bit multiply.
        const __m128d x_lo = _mm_set1_pd(x_.lo), y_lo = _mm_set1_pd(y_.lo);
        const __m128d x_hi = _mm_set1_pd(x_.hi), y_hi = _mm_set1_pd(y_.hi);
        const __m128d sx = _mm_set1_pd(sx_), sy = _mm_set1_pd(sy_), zero = _mm_setzero_pd();
        const __m128d last_i = _mm_set1_pd(static_cast<double>(nx_ - 1));
        const __m128d last_j = _mm_set1_pd(static_cast<double>(ny_ - 1));
        const __m128d width = _mm_set1_pd(static_cast<double>(nx_));
        const __m128i outside = _mm_set1_epi32(static_cast<int>(out));
        for (; simd_ != Simd::scalar && k + 1 < m; k += 2) {
            if (k % 4 == 0 && k + ahead < m + after) prefetch<S>(p, k + ahead);
            const Lanes v = lanes<S>(p, k);
            const __m128d tx = _mm_mul_pd(_mm_sub_pd(v.x, x_lo), sx);
            const __m128d ty = _mm_mul_pd(_mm_sub_pd(v.y, y_lo), sy);
            const __m128d fin = finite(v);
            const __m128d inside = _mm_and_pd(
                _mm_and_pd(fin, _mm_and_pd(_mm_cmpge_pd(tx, zero), _mm_cmpge_pd(ty, zero))),
                _mm_and_pd(_mm_cmple_pd(v.x, x_hi), _mm_cmple_pd(v.y, y_hi)));
            const __m128d i =
                _mm_cvtepi32_pd(_mm_cvttpd_epi32(_mm_min_pd(_mm_max_pd(tx, zero), last_i)));
            const __m128d j =
                _mm_cvtepi32_pd(_mm_cvttpd_epi32(_mm_min_pd(_mm_max_pd(ty, zero), last_j)));
            const __m128i cell = _mm_cvttpd_epi32(_mm_add_pd(_mm_mul_pd(j, width), i));
            // The 64-bit lanes of the mask as the two 32-bit lanes of the cells.
            const __m128i in32 = _mm_shuffle_epi32(_mm_castpd_si128(inside), 0x08);
            const __m128i bin =
                _mm_or_si128(_mm_and_si128(in32, cell), _mm_andnot_si128(in32, outside));
            _mm_storel_epi64(reinterpret_cast<__m128i*>(at.data() + k), bin);
            finite_n += lanes_set(fin);
            inside_n += lanes_set(inside);
        }
#endif
        // The same, a particle at a time (the last of an odd run, or without SSE2).
        const double x_lo1 = x_.lo, y_lo1 = y_.lo, x_hi1 = x_.hi, y_hi1 = y_.hi;
        const auto last_i1 = static_cast<double>(nx_ - 1), last_j1 = static_cast<double>(ny_ - 1);
        for (; k < m; ++k) {
            const double px = p.x[S * k], py = p.y[S * k];
            const double w = p.w != nullptr ? p.w[k] : 0.0;
            const double tx = (px - x_lo1) * sx_, ty = (py - y_lo1) * sy_;
            const bool fin =
                std::abs(px) <= biggest && std::abs(py) <= biggest && std::abs(w) <= biggest;
            const bool inside = fin && tx >= 0 && ty >= 0 && px <= x_hi1 && py <= y_hi1;
            const auto i = static_cast<std::uint32_t>(std::min(inside ? tx : 0.0, last_i1));
            const auto j = static_cast<std::uint32_t>(std::min(inside ? ty : 0.0, last_j1));
            at[k] = inside ? j * nx + i : out;
            finite_n += fin ? 1 : 0;
            inside_n += inside ? 1 : 0;
        }
        binned_ += inside_n;
        return finite_n;
    }

    // Ranges so wide that their bin widths overflow: each particle through
    // interval::fraction.
    std::uint64_t add_one_by_one(const Particles& p) {
        std::uint64_t finite = 0;
        for (std::size_t k = 0; k < p.n; ++k) {
            const double px = p.x[p.stride * k], py = p.y[p.stride * k];
            const double w = p.w != nullptr ? p.w[k] : 1.0;
            if (!std::isfinite(px) || !std::isfinite(py) || !std::isfinite(w)) continue;
            ++finite;
            const double tx = interval::fraction(px, x_.lo, x_.hi) * static_cast<double>(nx_);
            const double ty = interval::fraction(py, y_.lo, y_.hi) * static_cast<double>(ny_);
            if (!(tx >= 0 && ty >= 0 && px <= x_.hi && py <= y_.hi)) continue;
            const auto i =
                std::min(static_cast<std::size_t>(static_cast<std::int64_t>(tx)), nx_ - 1);
            const auto j =
                std::min(static_cast<std::size_t>(static_cast<std::int64_t>(ty)), ny_ - 1);
            sums_[j * nx_ + i] += w;
            ++binned_;
        }
        return finite;
    }

    // Counts of weight 1 go to 32-bit counters first, half the memory of the sums and so
    // twice as many bins held in cache; they move to the sums before any could overflow.
    static constexpr std::uint64_t flush_at = std::uint64_t{1} << 31;
    void flush() {
        for (std::size_t k = 0; k < counts_.size(); ++k) {
            sums_[k] += counts_[k];
            counts_[k] = 0;
        }
        unflushed_ = 0;
    }

    std::size_t nx_, ny_;
    Range x_, y_;
    std::vector<double> sums_;           // nx × ny and the outside bin
    std::vector<std::uint32_t> counts_;  // as sums_; empty until unweighted particles
    std::uint64_t unflushed_ = 0;
    double sx_, sy_;
    bool plain_;
    [[maybe_unused]] Simd simd_;  // not read without SSE2 (one path)
    std::uint64_t binned_ = 0;
};

}  // namespace plotcluster::density
