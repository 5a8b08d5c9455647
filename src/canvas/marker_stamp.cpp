#include "marker_stamp.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <numbers>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// An AVX2 stamping loop beside the SSE2 one, for GCC and Clang on x86-64 (chosen at run time).
#if defined(__x86_64__) && defined(__GNUC__)
#define PLOTCLUSTER_STAMP_AVX2 1
#include <immintrin.h>
#else
#define PLOTCLUSTER_STAMP_AVX2 0
#endif

namespace plotcluster::detail {

void marker_path(cairo_t* cr, Point p, MarkerShape shape, double size) {
    const double r = size / 2;
    switch (shape) {
        case MarkerShape::point:
        case MarkerShape::circle:
            cairo_new_sub_path(cr);
            cairo_arc(cr, p.x, p.y, r, 0, 2 * std::numbers::pi);
            break;
        case MarkerShape::square:
            cairo_rectangle(cr, p.x - r, p.y - r, size, size);
            break;
        case MarkerShape::triangle_up:
        case MarkerShape::triangle_down: {
            const double d = shape == MarkerShape::triangle_up ? 1 : -1;
            cairo_move_to(cr, p.x, p.y - d * r);
            cairo_line_to(cr, p.x + r, p.y + d * r);
            cairo_line_to(cr, p.x - r, p.y + d * r);
            cairo_close_path(cr);
            break;
        }
        case MarkerShape::diamond: {  // matplotlib's 'D': the square turned by 45°
            const double d = r * std::numbers::sqrt2;
            cairo_move_to(cr, p.x, p.y - d);
            cairo_line_to(cr, p.x + d, p.y);
            cairo_line_to(cr, p.x, p.y + d);
            cairo_line_to(cr, p.x - d, p.y);
            cairo_close_path(cr);
            break;
        }
        case MarkerShape::plus:
            cairo_move_to(cr, p.x - r, p.y);
            cairo_line_to(cr, p.x + r, p.y);
            cairo_move_to(cr, p.x, p.y - r);
            cairo_line_to(cr, p.x, p.y + r);
            break;
        case MarkerShape::cross:
            cairo_move_to(cr, p.x - r, p.y - r);
            cairo_line_to(cr, p.x + r, p.y + r);
            cairo_move_to(cr, p.x - r, p.y + r);
            cairo_line_to(cr, p.x + r, p.y - r);
            break;
    }
}

bool marker_stroked(MarkerShape shape) {
    return shape == MarkerShape::plus || shape == MarkerShape::cross;
}

double marker_line_width(double size) { return std::max(1.0, size / 6); }

namespace {

// How far the marker's ink reaches from its centre, in pixels, antialiasing included.
double reach(double size) {
    const double r = size / 2;
    return std::max(r * std::numbers::sqrt2, r + marker_line_width(size)) + 1;
}

int mask_side(double size) { return 2 * static_cast<int>(std::ceil(reach(size))) + 2; }

// Finer offsets where the masks are small (always a power of two, see land): 1/16 pixel keeps a
// marker within 1/32 pixel of where Cairo puts it; a large marker's edge hides a coarser step.
int steps_for(int side) {
    if (side <= 32) return 16;
    if (side <= 64) return 8;
    if (side <= 128) return 4;
    return 1;
}

// x / 255 rounded, for x in [0, 255²], on each 8-bit lane of a 0x00ff00ff word: pixman's
// UN8x4_MUL_UN8, so stamped pixels round as Cairo's own do.
inline std::uint32_t mul_lanes(std::uint32_t rb, std::uint32_t a) {
    std::uint32_t t = rb * a + 0x00800080U;
    t = (t + ((t >> 8) & 0x00ff00ffU)) >> 8;
    return t & 0x00ff00ffU;
}

// Every channel of the 32-bit pixel times a / 255.
inline std::uint32_t mul_pixel(std::uint32_t p, std::uint32_t a) {
    return mul_lanes(p & 0x00ff00ffU, a) | (mul_lanes((p >> 8) & 0x00ff00ffU, a) << 8);
}

// `src` (premultiplied) OVER `dst`: the channels of src never exceed its alpha, so no
// channel of the sum exceeds 255.
inline std::uint32_t over(std::uint32_t src, std::uint32_t dst) {
    return src + mul_pixel(dst, 255 - (src >> 24));
}

// v in [0, 1] to 16 bits, rounded (Cairo's _cairo_color_double_to_short), then its top 8
// (pixman's solid fill).
inline std::uint32_t top8(double v) {
    return static_cast<std::uint32_t>(std::lround(v * 65535.0)) >> 8;
}

// A colour as Cairo paints a solid source: premultiplied in double, to 16 bits, the top
// 8 of each (pixman's solid fill).
std::uint32_t premultiplied(const Color& c) {
    const auto channel = [](double v) { return top8(std::clamp(v, 0.0, 1.0)); };
    const double a = std::clamp(c.a, 0.0, 1.0);
    return (channel(a) << 24) | (channel(c.r * a) << 16) | (channel(c.g * a) << 8) |
           channel(c.b * a);
}

#if defined(__SSE2__)
// The same arithmetic on 16-bit lanes, two pixels (eight channels) at a time: x * a / 255
// rounded as mul_lanes, exactly.
inline __m128i div255_lanes(__m128i product) {
    const __m128i t = _mm_add_epi16(product, _mm_set1_epi16(0x80));
    return _mm_srli_epi16(_mm_add_epi16(t, _mm_srli_epi16(t, 8)), 8);
}

// Each pixel's alpha lane copied to its four lanes.
inline __m128i alpha_lanes(__m128i px16) {
    return _mm_shufflehi_epi16(_mm_shufflelo_epi16(px16, 0xff), 0xff);
}

// src OVER dst for two pixels in 16-bit lanes.
inline __m128i over_lanes(__m128i src16, __m128i dst16) {
    const __m128i inv = _mm_sub_epi16(_mm_set1_epi16(255), alpha_lanes(src16));
    return _mm_add_epi16(src16, div255_lanes(_mm_mullo_epi16(dst16, inv)));
}
#endif

// The sprite row `src` OVER the pixels `dst`, n of them (a pixel of no coverage, 0, leaves
// its destination as it was).
inline void over_row(std::uint32_t* dst, const std::uint32_t* src, int n) {
    int i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    for (; i + 4 <= n; i += 4) {
        const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
        const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(dst + i));
        const __m128i lo = over_lanes(_mm_unpacklo_epi8(s, zero), _mm_unpacklo_epi8(d, zero));
        const __m128i hi = over_lanes(_mm_unpackhi_epi8(s, zero), _mm_unpackhi_epi8(d, zero));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(lo, hi));
    }
#endif
    for (; i < n; ++i) dst[i] = over(src[i], dst[i]);
}

// The colour (premultiplied) times the coverages `mask` OVER the pixels `dst`, n of them.
inline void over_row(std::uint32_t* dst, std::uint32_t colour, const std::uint8_t* mask, int n) {
    int i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    const __m128i c16 = _mm_unpacklo_epi8(_mm_set1_epi32(static_cast<int>(colour)), zero);
    for (; i + 4 <= n; i += 4) {
        std::uint32_t m4 = 0;
        std::memcpy(&m4, mask + i, 4);
        // The four coverages, each on the four lanes of its pixel.
        const __m128i m8 = _mm_unpacklo_epi8(_mm_cvtsi32_si128(static_cast<int>(m4)), zero);
        const __m128i m16 = _mm_unpacklo_epi16(m8, m8);  // m0 m0 m1 m1 m2 m2 m3 m3
        const __m128i m_lo = _mm_unpacklo_epi32(m16, m16), m_hi = _mm_unpackhi_epi32(m16, m16);
        const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(dst + i));
        const __m128i lo =
            over_lanes(div255_lanes(_mm_mullo_epi16(c16, m_lo)), _mm_unpacklo_epi8(d, zero));
        const __m128i hi =
            over_lanes(div255_lanes(_mm_mullo_epi16(c16, m_hi)), _mm_unpackhi_epi8(d, zero));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(lo, hi));
    }
#endif
    for (; i < n; ++i) {
        if (mask[i] != 0)
            dst[i] = over(mask[i] == 255 ? colour : mul_pixel(colour, mask[i]), dst[i]);
    }
}

// On an opaque destination (the image): each channel moves from d toward the colour's c by
// a/255 of the way, rounded toward c, as Agg blends for matplotlib, so that many markers of
// low alpha converge on the colour itself. (Premultiplied 8-bit OVER, Cairo's, stops short:
// at alpha 0.05 a channel of 31 is premultiplied to 1 of 12, and the dense middle of a
// cloud comes out (21, 105, 192) for matplotlib's (31, 119, 180).)
inline std::uint32_t toward(std::uint32_t colour, std::uint32_t a, std::uint32_t d) {
    std::uint32_t out = 0;
    for (int k = 0; k < 32; k += 8) {
        const std::uint32_t c = (colour >> k) & 0xff, v = (d >> k) & 0xff;
        std::uint32_t t = v * (255 - a) + c * a;
        if (c > v) t += 254;
        out |= ((t + 1 + (t >> 8)) >> 8) << k;  // floor(t / 255), exactly for t < 65535
    }
    return out;
}

#if defined(__SSE2__)
inline __m128i toward_lanes(__m128i c16, __m128i a16, __m128i d16) {
    __m128i t = _mm_add_epi16(_mm_mullo_epi16(d16, _mm_sub_epi16(_mm_set1_epi16(255), a16)),
                              _mm_mullo_epi16(c16, a16));
    t = _mm_add_epi16(t, _mm_and_si128(_mm_cmpgt_epi16(c16, d16), _mm_set1_epi16(254)));
    return _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(t, _mm_set1_epi16(1)), _mm_srli_epi16(t, 8)),
                          8);
}
#endif

// The straight colour (alpha byte 255) moved toward by cov[i] × alpha / 255 in pixel i.
[[gnu::always_inline]] inline void toward_row(std::uint32_t* dst, std::uint32_t colour, const std::uint8_t* cov,
                       std::uint32_t alpha, int n) {
    int i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    const __m128i c16 = _mm_unpacklo_epi8(_mm_set1_epi32(static_cast<int>(colour)), zero);
    const __m128i alpha16 = _mm_set1_epi16(static_cast<short>(alpha));
    for (; i + 4 <= n; i += 4) {
        std::uint32_t m4 = 0;
        std::memcpy(&m4, cov + i, 4);
        const __m128i m8 = _mm_unpacklo_epi8(_mm_cvtsi32_si128(static_cast<int>(m4)), zero);
        __m128i m16 = _mm_unpacklo_epi16(m8, m8);
        if (alpha != 255) m16 = div255_lanes(_mm_mullo_epi16(m16, alpha16));
        const __m128i a_lo = _mm_unpacklo_epi32(m16, m16), a_hi = _mm_unpackhi_epi32(m16, m16);
        const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(dst + i));
        const __m128i lo = toward_lanes(c16, a_lo, _mm_unpacklo_epi8(d, zero));
        const __m128i hi = toward_lanes(c16, a_hi, _mm_unpackhi_epi8(d, zero));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(lo, hi));
    }
#endif
    for (; i < n; ++i) {
        const std::uint32_t a = alpha == 255 ? cov[i] : mul_lanes(cov[i], alpha);
        if (a != 0) dst[i] = toward(colour, a, dst[i]);
    }
}

#if PLOTCLUSTER_STAMP_AVX2
// toward_row eight pixels a step: the same 16-bit arithmetic as toward_lanes on twice the
// lanes, so every path gives the same bytes. Compiled for AVX2 alone and called only where
// the CPU has it (stamp_markers asks once).
#define PLOTCLUSTER_AVX2 __attribute__((target("avx2")))
PLOTCLUSTER_AVX2 inline __m256i div255_lanes8(__m256i product) {
    const __m256i t = _mm256_add_epi16(product, _mm256_set1_epi16(0x80));
    return _mm256_srli_epi16(_mm256_add_epi16(t, _mm256_srli_epi16(t, 8)), 8);
}

PLOTCLUSTER_AVX2 inline __m256i toward_lanes8(__m256i c16, __m256i a16, __m256i d16) {
    __m256i t = _mm256_add_epi16(
        _mm256_mullo_epi16(d16, _mm256_sub_epi16(_mm256_set1_epi16(255), a16)),
        _mm256_mullo_epi16(c16, a16));
    t = _mm256_add_epi16(t, _mm256_and_si256(_mm256_cmpgt_epi16(c16, d16), _mm256_set1_epi16(254)));
    return _mm256_srli_epi16(
        _mm256_add_epi16(_mm256_add_epi16(t, _mm256_set1_epi16(1)), _mm256_srli_epi16(t, 8)), 8);
}

// The shuffle taking eight coverage bytes to the 16-bit lanes of pixels a, a+1 (low
// 128 bits) and a+4, a+5 (high), each coverage on its pixel's four lanes: the pixels
// unpacklo (a = 0) and unpackhi (a = 2) give per 128-bit half.
PLOTCLUSTER_AVX2 inline __m256i spread_of(char a) {
    const char z = static_cast<char>(-128);  // a shuffle index with the top bit: a zero byte
    const char b = static_cast<char>(a + 1), c = static_cast<char>(a + 4),
               d = static_cast<char>(a + 5);
    return _mm256_setr_epi8(a, z, a, z, a, z, a, z, b, z, b, z, b, z, b, z,  //
                            c, z, c, z, c, z, c, z, d, z, d, z, d, z, d, z);
}

[[gnu::always_inline]] PLOTCLUSTER_AVX2 inline void toward_row_avx2(std::uint32_t* dst, std::uint32_t colour,
                                      const std::uint8_t* cov, std::uint32_t alpha, int n) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i c16 = _mm256_unpacklo_epi8(_mm256_set1_epi32(static_cast<int>(colour)), zero);
    const __m256i alpha16 = _mm256_set1_epi16(static_cast<short>(alpha));
    const __m256i lo_of = spread_of(0), hi_of = spread_of(2);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        std::int64_t m8 = 0;
        std::memcpy(&m8, cov + i, 8);
        const __m256i m = _mm256_set1_epi64x(m8);
        __m256i a_lo = _mm256_shuffle_epi8(m, lo_of), a_hi = _mm256_shuffle_epi8(m, hi_of);
        if (alpha != 255) {
            a_lo = div255_lanes8(_mm256_mullo_epi16(a_lo, alpha16));
            a_hi = div255_lanes8(_mm256_mullo_epi16(a_hi, alpha16));
        }
        const __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(dst + i));
        const __m256i lo = toward_lanes8(c16, a_lo, _mm256_unpacklo_epi8(d, zero));
        const __m256i hi = toward_lanes8(c16, a_hi, _mm256_unpackhi_epi8(d, zero));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_packus_epi16(lo, hi));
    }
    if (i < n) toward_row(dst + i, colour, cov + i, alpha, n - i);
}
#endif

// The colour as a straight 8-bit colour (alpha byte 255) and its alpha, rounded as
// Cairo rounds a solid source.
std::uint32_t straight(const Color& c) {
    const auto channel = [](double v) { return top8(std::clamp(v, 0.0, 1.0)); };
    return 0xff000000U | (channel(c.r) << 16) | (channel(c.g) << 8) | channel(c.b);
}
std::uint32_t alpha8(const Color& c) { return top8(std::clamp(c.a, 0.0, 1.0)); }

}  // namespace

bool MarkerMasks::stampable(double size) { return size > 0 && mask_side(size) <= 512; }

MarkerMasks::MarkerMasks(MarkerShape shape, double size) : shape_(shape), size_(size) {
    if (!stampable(size))
        throw std::invalid_argument("marker masks: size " + std::to_string(size) + " px");
    side_ = mask_side(size);
    steps_ = steps_for(side_);
    half_ = side_ / 2;
    const std::size_t masks = static_cast<std::size_t>(steps_) * static_cast<std::size_t>(steps_);
    coverage_.assign(masks * area(), 0);
    spans_.assign(masks * static_cast<std::size_t>(side_) * 2, 0);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, side_, side_);
    cairo_t* cr = cairo_create(surface);
    const bool stroked = marker_stroked(shape);
    cairo_set_line_width(cr, marker_line_width(size));
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    for (int fy = 0; fy < steps_; ++fy) {
        for (int fx = 0; fx < steps_; ++fx) {
            cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
            cairo_paint(cr);
            cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
            cairo_set_source_rgba(cr, 0, 0, 0, 1);
            const Point centre{half_ + static_cast<double>(fx) / steps_,
                               half_ + static_cast<double>(fy) / steps_};
            marker_path(cr, centre, shape, size);
            stroked ? cairo_stroke(cr) : cairo_fill(cr);
            cairo_surface_flush(surface);
            const unsigned char* data = cairo_image_surface_get_data(surface);
            const int stride = cairo_image_surface_get_stride(surface);
            std::uint8_t* out = coverage_.data() + index(fx, fy) * area();
            for (int row = 0; row < side_; ++row) {
                const unsigned char* in = data + static_cast<std::ptrdiff_t>(row) * stride;
                std::copy(in, in + side_, out + static_cast<std::ptrdiff_t>(row) * side_);
                int lo = 0, hi = side_;
                while (lo < hi && in[lo] == 0) ++lo;
                while (hi > lo && in[hi - 1] == 0) --hi;
                spans_[(index(fx, fy) * side_ + row) * 2] = static_cast<std::int16_t>(lo);
                spans_[(index(fx, fy) * side_ + row) * 2 + 1] = static_cast<std::int16_t>(hi);
            }
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
}

namespace {

// Where one marker lands: its mask and the mask's top-left pixel, or false when it is far
// outside the clip (or not finite: no integer conversion of a huge value).
struct Landing {
    int fx, fy, ox, oy;
};

[[gnu::always_inline]] inline bool land(const MarkerMasks& masks, const PixelClip& clip, Point p, Landing& at) {
    const int steps = masks.steps();
    const double margin = masks.side() + 1;
    if (!(p.x > clip.x0 - margin && p.x < clip.x1 + margin && p.y > clip.y0 - margin &&
          p.y < clip.y1 + margin)) {
        return false;
    }
    // In 1/steps pixels; steps is a power of two, so the whole pixel is an arithmetic
    // shift (floor, also below 0) and the offset the low bits. |p| < 2^31 here.
    const auto qx = static_cast<std::int64_t>(std::floor(p.x * steps + 0.5));
    const auto qy = static_cast<std::int64_t>(std::floor(p.y * steps + 0.5));
    const int shift = std::countr_zero(static_cast<unsigned>(steps));
    at.fx = static_cast<int>(qx & (steps - 1));
    at.fy = static_cast<int>(qy & (steps - 1));
    at.ox = static_cast<int>(qx >> shift) - masks.half();
    at.oy = static_cast<int>(qy >> shift) - masks.half();
    return true;
}

// Each row of the landed marker inside the clip: row(mask row, destination pixels, first,
// last column of the mask).
// The columns [c0, c1) of mask row r that the landed marker inks inside the clip, false if
// none, widened over pixels of no coverage (which composite to themselves) to whole
// blocks (eight pixels with AVX2, else four), where the mask and the clip have room.
[[gnu::always_inline]] inline bool row_span(const PixelClip& clip, const MarkerMasks& masks,
                                            const Landing& at, int r, int block, int& c0,
                                            int& c1) {
    const int lo = std::max(0, clip.x0 - at.ox), hi = std::min(masks.side(), clip.x1 - at.ox);
    c0 = std::max(masks.first(at.fx, at.fy, r), lo);
    c1 = std::min(masks.last(at.fx, at.fy, r), hi);
    if (c0 >= c1) return false;
    for (int b = block; b >= 4; b /= 2) {
        const int wide = (c1 - c0 + b - 1) & ~(b - 1);
        if (c0 + wide <= hi) {
            c1 = c0 + wide;
            break;
        }
        if (c1 - wide >= lo) {
            c0 = c1 - wide;
            break;
        }
    }
    return true;
}

template <class Row>
inline void each_row(const PixelBuffer& pixels, const PixelClip& clip, const MarkerMasks& masks,
                     const Landing& at, int block, const Row& row) {
    const int row0 = std::max(0, clip.y0 - at.oy), row1 = std::min(masks.side(), clip.y1 - at.oy);
    for (int r = row0; r < row1; ++r) {
        int c0 = 0, c1 = 0;
        if (!row_span(clip, masks, at, r, block, c0, c1)) continue;
        auto* line = reinterpret_cast<std::uint32_t*>(
            pixels.data + static_cast<std::ptrdiff_t>(at.oy + r) * pixels.stride);
        row(r, line + at.ox + c0, c0, c1);
    }
}

#if PLOTCLUSTER_STAMP_AVX2
// One row, for the colour-per-marker case (which works out each marker's colour between rows).
PLOTCLUSTER_AVX2 void toward_row_avx2_call(std::uint32_t* dst, std::uint32_t colour,
                                           const std::uint8_t* cov, std::uint32_t alpha, int n) {
    toward_row_avx2(dst, colour, cov, alpha, n);
}

// The one-colour opaque case (10^6 markers of a scatter) whole in AVX2: the loop over the
// markers, their rows and pixels in one function, so nothing is called per row.
PLOTCLUSTER_AVX2 void stamp_sprites_avx2(const PixelBuffer& pixels, const PixelClip& clip,
                                         std::span<const Point> centres, const MarkerMasks& masks,
                                         const std::uint8_t* sprites, std::uint32_t colour) {
    const std::uint8_t* all = masks.mask(0, 0);
    const auto side = static_cast<std::size_t>(masks.side());
    Landing at{};
    for (const Point& p : centres) {
        if (!land(masks, clip, p, at)) continue;
        const std::uint8_t* sprite = sprites + (masks.mask(at.fx, at.fy) - all);
        const int row0 = std::max(0, clip.y0 - at.oy);
        const int row1 = std::min(masks.side(), clip.y1 - at.oy);
        for (int r = row0; r < row1; ++r) {
            int c0 = 0, c1 = 0;
            if (!row_span(clip, masks, at, r, 8, c0, c1)) continue;
            auto* line = reinterpret_cast<std::uint32_t*>(
                pixels.data + static_cast<std::ptrdiff_t>(at.oy + r) * pixels.stride);
            toward_row_avx2(line + at.ox + c0, colour,
                            sprite + static_cast<std::size_t>(r) * side + static_cast<std::size_t>(c0),
                            255, c1 - c0);
        }
    }
}
#undef PLOTCLUSTER_AVX2
#endif

}  // namespace

bool stamp_avx2_available() {
#if PLOTCLUSTER_STAMP_AVX2
    static const bool has = __builtin_cpu_supports("avx2") != 0;
    return has;
#else
    return false;
#endif
}

void stamp_markers(const PixelBuffer& pixels, const PixelClip& clip_in,
                   std::span<const Point> centres, const MarkerMasks& masks,
                   std::span<const Color> colors, Blend blend, Simd simd) {
    if (colors.empty()) return;
    const PixelClip clip{std::max(clip_in.x0, 0), std::max(clip_in.y0, 0),
                         std::min(clip_in.x1, pixels.width), std::min(clip_in.y1, pixels.height)};
    if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) return;
    const auto side = static_cast<std::size_t>(masks.side());
    const auto steps = static_cast<std::size_t>(masks.steps());
    Landing at{};
    const bool avx2 = simd == Simd::best && stamp_avx2_available();
    const int block = avx2 ? 8 : 4;
    // The opaque blend (the image, every raster plot) is the one 10^6 markers take.
    const auto toward_any = [avx2](std::uint32_t* dst, std::uint32_t colour,
                                   const std::uint8_t* cov, std::uint32_t alpha, int n) {
#if PLOTCLUSTER_STAMP_AVX2
        if (avx2) {
            toward_row_avx2_call(dst, colour, cov, alpha, n);
            return;
        }
#endif
        toward_row(dst, colour, cov, alpha, n);
    };
    if (blend == Blend::opaque) {
        const std::uint8_t* all = masks.mask(0, 0);
        if (colors.size() == 1 && centres.size() > steps * steps) {
            // Many markers of one colour: the sprites, each mask times the alpha, made once.
            const std::uint32_t colour = straight(colors[0]), alpha = alpha8(colors[0]);
            if (alpha == 0) return;
            std::vector<std::uint8_t> sprites(steps * steps * side * side);
            for (std::size_t k = 0; k < sprites.size(); ++k)
                sprites[k] = static_cast<std::uint8_t>(mul_lanes(all[k], alpha));
#if PLOTCLUSTER_STAMP_AVX2
            if (avx2) {
                stamp_sprites_avx2(pixels, clip, centres, masks, sprites.data(), colour);
                return;
            }
#endif
            for (const Point& p : centres) {
                if (!land(masks, clip, p, at)) continue;
                const std::uint8_t* sprite = sprites.data() + (masks.mask(at.fx, at.fy) - all);
                each_row(pixels, clip, masks, at, block, [&](int r, std::uint32_t* out, int c0, int c1) {
                    toward_any(
                        out, colour,
                        sprite + static_cast<std::size_t>(r) * side + static_cast<std::size_t>(c0),
                        255, c1 - c0);
                });
            }
            return;
        }
        const std::size_t n =
            colors.size() == 1 ? centres.size() : std::min(centres.size(), colors.size());
        for (std::size_t i = 0; i < n; ++i) {
            const Color& c = colors[colors.size() == 1 ? 0 : i];
            const std::uint32_t colour = straight(c), alpha = alpha8(c);
            if (alpha == 0 || !land(masks, clip, centres[i], at)) continue;
            const std::uint8_t* mask = masks.mask(at.fx, at.fy);
            each_row(pixels, clip, masks, at, block, [&](int r, std::uint32_t* out, int c0, int c1) {
                toward_any(out, colour,
                           mask + static_cast<std::size_t>(r) * side + static_cast<std::size_t>(c0),
                           alpha, c1 - c0);
            });
        }
        return;
    }
    if (colors.size() == 1 && centres.size() > steps * steps) {
        // Many markers of one colour: the sprites, each mask times the colour, made once.
        const std::uint32_t colour = premultiplied(colors[0]);
        if ((colour >> 24) == 0) return;
        const std::uint8_t* all = masks.mask(0, 0);  // the masks lie one after the other
        std::vector<std::uint32_t> sprites(steps * steps * side * side);
        for (std::size_t k = 0; k < sprites.size(); ++k) {
            sprites[k] = all[k] == 255 ? colour : mul_pixel(colour, all[k]);
        }
        for (const Point& p : centres) {
            if (!land(masks, clip, p, at)) continue;
            const std::uint32_t* sprite = sprites.data() + (masks.mask(at.fx, at.fy) - all);
            each_row(pixels, clip, masks, at, 4, [&](int r, std::uint32_t* out, int c0, int c1) {
                over_row(out,
                         sprite + static_cast<std::size_t>(r) * side + static_cast<std::size_t>(c0),
                         c1 - c0);
            });
        }
        return;
    }
    // Few markers, or one colour each: the mask times the colour as it is composited.
    const std::size_t n =
        colors.size() == 1 ? centres.size() : std::min(centres.size(), colors.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t colour = premultiplied(colors[colors.size() == 1 ? 0 : i]);
        if ((colour >> 24) == 0 || !land(masks, clip, centres[i], at)) continue;
        const std::uint8_t* mask = masks.mask(at.fx, at.fy);
        each_row(pixels, clip, masks, at, 4, [&](int r, std::uint32_t* out, int c0, int c1) {
            over_row(out, colour,
                     mask + static_cast<std::size_t>(r) * side + static_cast<std::size_t>(c0),
                     c1 - c0);
        });
    }
}

}  // namespace plotcluster::detail
