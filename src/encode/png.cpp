#include "plotcluster/encode/png.hpp"

#include <libdeflate.h>

#include "rle_deflate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace plotcluster {
namespace {

constexpr std::size_t bytes_per_pixel = 3;  // 8-bit RGB
constexpr int max_level = 12;                // libdeflate's highest level

// PNG filter types; Average (3) is not among the candidates.
enum Filter : std::uint8_t { none = 0, sub = 1, up = 2, paeth = 4 };

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
using CompressorPtr = std::unique_ptr<libdeflate_compressor, CompressorDeleter>;

// Allocating a compressor costs far more than encoding a small plot, so each thread
// keeps one per level for its lifetime.
libdeflate_compressor& compressor_for(int level) {
    thread_local std::array<CompressorPtr, max_level + 1> cache;
    CompressorPtr& slot = cache[static_cast<std::size_t>(level)];
    if (!slot) {
        slot.reset(libdeflate_alloc_compressor(level));
        if (!slot) throw std::bad_alloc();
    }
    return *slot;
}

// The libpng heuristic scores a filtered row by the sum of its bytes read as signed
// values: small magnitudes compress well.
inline std::uint32_t cost(std::uint8_t filtered) {
    return filtered < 128u ? std::uint32_t{filtered} : 256u - filtered;  // |filtered as int8_t|
}

struct Costs {
    std::uint64_t none = 0, sub = 0, up = 0, paeth = 0;  // 32 bits fail for huge widths
};

// Filtering is, after deflate, most of the encoder's time, and compilers do not
// reliably vectorize it on their own (GCC 12 at -O2 did not), so it is written with
// GCC/Clang vector types: 16 bytes per step, widened to 16-bit lanes for the Paeth
// arithmetic. filter_row is compiled twice, for AVX2 (one instruction per step) and for
// the x86-64 baseline (two SSE2 instructions), and picked at load time; integer
// arithmetic, so both give the same bytes.
// The helpers below pass 32-byte vectors by value, whose calling convention differs
// between the AVX2 and the baseline build: a real call from one clone into the other's
// helper reads garbage (as at -O0, in the sanitizer build). Forced inlining makes every
// helper part of the clone that uses it, so GCC's note on that ABI does not apply.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
using I16xN = std::int16_t __attribute__((vector_size(32)));
using U8xN = std::uint8_t __attribute__((vector_size(16)));
constexpr std::size_t lanes = 16;

[[gnu::always_inline]] inline I16xN load(const std::uint8_t* p) {
    U8xN bytes;
    std::memcpy(&bytes, p, sizeof bytes);
    return __builtin_convertvector(bytes, I16xN);
}

[[gnu::always_inline]] inline void store(std::uint8_t* p, I16xN v) {  // keeps the low byte of each lane (mod 256)
    const U8xN bytes = __builtin_convertvector(v & 0xff, U8xN);
    std::memcpy(p, &bytes, sizeof bytes);
}

[[gnu::always_inline]] inline I16xN absolute(I16xN v) {
    const I16xN sign = v >> 15;
    return (v ^ sign) - sign;
}

[[gnu::always_inline]] inline I16xN blend(I16xN mask, I16xN if_set, I16xN if_clear) {
    return (if_set & mask) | (if_clear & ~mask);
}

// cost() of the bytes a difference in -255..255 is stored as.
[[gnu::always_inline]] inline I16xN byte_cost(I16xN difference) { return absolute(((difference + 128) & 0xff) - 128); }

[[gnu::always_inline]] inline std::uint32_t sum(I16xN v) {
    std::uint32_t total = 0;
    for (std::size_t k = 0; k < lanes; ++k) total += static_cast<std::uint32_t>(v[k]);
    return total;
}

std::size_t padded_size(std::size_t n) { return (n + lanes - 1) / lanes * lanes; }

// Writes the Sub, Up and Paeth filtered forms of a row of n bytes and returns the cost
// of each form. `cur` and `prev` have bytes_per_pixel zero bytes before index 0 (the
// missing left neighbours of the first pixel) and zeros after n up to padded_size(n);
// the outputs have room for padded_size(n) bytes.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
Costs filter_row(const std::uint8_t* cur, const std::uint8_t* prev, std::size_t n,
                 std::uint8_t* sub, std::uint8_t* up, std::uint8_t* paeth) {
    Costs costs;
    const std::size_t padded = padded_size(n);
    // 16-bit lane sums hold 128 steps of at most 128 each; then they go into `costs`.
    constexpr std::size_t chunk = 128 * lanes;
    for (std::size_t start = 0; start < padded; start += chunk) {
        I16xN none_sum = {}, sub_sum = {}, up_sum = {}, paeth_sum = {};
        const std::size_t end = std::min(start + chunk, padded);
        for (std::size_t i = start; i < end; i += lanes) {
            const I16xN a = load(cur + i - bytes_per_pixel);   // left
            const I16xN b = load(prev + i);                    // up
            const I16xN c = load(prev + i - bytes_per_pixel);  // up-left
            const I16xN x = load(cur + i);
            // Paeth predictor: whichever of a, b, c is closest to a + b - c.
            const I16xN pa = absolute(b - c);
            const I16xN pb = absolute(a - c);
            const I16xN pc = absolute(a + b - c - c);
            const I16xN predicted =
                blend((pa <= pb) & (pa <= pc), a, blend(pb <= pc, b, c));
            store(sub + i, x - a);
            store(up + i, x - b);
            store(paeth + i, x - predicted);
            none_sum += byte_cost(x);
            sub_sum += byte_cost(x - a);
            up_sum += byte_cost(x - b);
            paeth_sum += byte_cost(x - predicted);
        }
        costs.none += sum(none_sum);
        costs.sub += sum(sub_sum);
        costs.up += sum(up_sum);
        costs.paeth += sum(paeth_sum);
    }
    // The padding went through the loop too; take its share back out.
    for (std::size_t i = n; i < padded; ++i) {
        costs.sub -= cost(sub[i]);
        costs.up -= cost(up[i]);
        costs.paeth -= cost(paeth[i]);
    }
    return costs;
}

Filter cheapest(const Costs& costs) {
    const std::pair<Filter, std::uint64_t> options[] = {
        {Filter::none, costs.none}, {Filter::sub, costs.sub},
        {Filter::up, costs.up},     {Filter::paeth, costs.paeth}};
    auto best = options[0];
    for (const auto& option : options)  // ties go to the earlier filter, as in libpng
        if (option.second < best.second) best = option;
    return best.first;
}

void check_view(const RgbImageView& image, int level) {
    if (level < 0 || level > max_level)
        throw std::invalid_argument("PNG compression level " + std::to_string(level) +
                                    " is outside 0..12");
    if (image.data == nullptr) throw std::invalid_argument("PNG image has no pixel data");
    // PNG limits each dimension to 2^31 - 1; positive ints always satisfy that.
    if (image.width <= 0 || image.height <= 0)
        throw std::invalid_argument("PNG image size " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + " is not positive");
    const auto width = static_cast<std::size_t>(image.width);
    const auto height = static_cast<std::size_t>(image.height);
    constexpr std::size_t max_size = std::numeric_limits<std::size_t>::max();
    if (width > (max_size - 1) / bytes_per_pixel ||
        height > max_size / (width * bytes_per_pixel + 1))
        throw std::invalid_argument("PNG image is too large");
    const std::size_t row_bytes = width * (image.layout == PixelLayout::xrgb32 ? 4 : bytes_per_pixel);
    if (width > max_size / 4 || image.stride < row_bytes)
        throw std::invalid_argument("PNG image stride " + std::to_string(image.stride) +
                                    " is smaller than a row of " + std::to_string(row_bytes) +
                                    " bytes");
}

// Copies row y of the image to `out` as packed RGB.
void load_row(const RgbImageView& image, std::size_t y, std::uint8_t* out) {
    const std::uint8_t* row = image.data + y * image.stride;
    const auto width = static_cast<std::size_t>(image.width);
    if (image.layout == PixelLayout::rgb8) {
        std::memcpy(out, row, width * bytes_per_pixel);
        return;
    }
    for (std::size_t x = 0; x < width; ++x) {
        std::uint32_t p;
        std::memcpy(&p, row + 4 * x, 4);
        out[0] = static_cast<std::uint8_t>(p >> 16);
        out[1] = static_cast<std::uint8_t>(p >> 8);
        out[2] = static_cast<std::uint8_t>(p);
        out += bytes_per_pixel;
    }
}

// Fills `out` with PNG's scanline stream: each row prefixed with its filter type byte.
void filter_rows(const RgbImageView& image, int level, std::vector<std::uint8_t>& out) {
    const std::size_t n = static_cast<std::size_t>(image.width) * bytes_per_pixel;
    const auto height = static_cast<std::size_t>(image.height);
    out.resize(height * (n + 1));

    if (level == 0) {  // stored blocks gain nothing from filtering
        for (std::size_t y = 0; y < height; ++y) {
            out[y * (n + 1)] = Filter::none;
            load_row(image, y, &out[y * (n + 1) + 1]);
        }
        return;
    }

    // Rows are copied between zero bytes: before them the left neighbours of the first
    // pixel, after them padding to whole vector steps. The buffer for the row above
    // starts all zero, as PNG defines for the first row.
    constexpr std::size_t lead = 16;  // >= bytes_per_pixel; 16 keeps rows aligned
    const std::size_t padded = padded_size(n);
    thread_local std::vector<std::uint8_t> rows, scratch;  // reused, as the callers' buffers
    rows.assign(2 * (lead + padded), 0);
    std::uint8_t* prev_row = rows.data() + lead;
    std::uint8_t* cur_row = prev_row + padded + lead;
    scratch.resize(3 * padded);
    std::uint8_t* const sub_row = scratch.data();
    std::uint8_t* const up_row = sub_row + padded;
    std::uint8_t* const paeth_row = up_row + padded;

    const std::size_t source_bytes =
        static_cast<std::size_t>(image.width) * (image.layout == PixelLayout::xrgb32 ? 4 : bytes_per_pixel);
    for (std::size_t y = 0; y < height; ++y) {
        std::uint8_t* dest = &out[y * (n + 1)];
        // Most rows of a plot repeat the one above: Up turns them into zeros, which no
        // other filter can beat, and memcmp on the source finds them far faster than
        // unpacking and filtering. prev_row keeps the row above, which is the same.
        const std::uint8_t* source = image.data + y * image.stride;
        if (y > 0 && std::memcmp(source, source - image.stride, source_bytes) == 0) {
            dest[0] = Filter::up;
            std::memset(dest + 1, 0, n);
            continue;
        }
        load_row(image, y, cur_row);
        const Filter best = cheapest(filter_row(cur_row, prev_row, n, sub_row, up_row, paeth_row));
        const std::uint8_t* chosen = best == Filter::none  ? cur_row
                                     : best == Filter::sub ? sub_row
                                     : best == Filter::up  ? up_row
                                                           : paeth_row;
        dest[0] = best;
        std::memcpy(dest + 1, chosen, n);
        std::swap(cur_row, prev_row);
    }
}

void put_u32(std::uint8_t* p, std::uint32_t v) {  // PNG integers are big-endian
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}

// Fills in length and CRC around a chunk whose type and data are already at `chunk + 4`.
void seal_chunk(std::uint8_t* chunk, std::size_t data_size) {
    put_u32(chunk, static_cast<std::uint32_t>(data_size));
    const std::uint32_t crc = libdeflate_crc32(0, chunk + 4, 4 + data_size);
    put_u32(chunk + 8 + data_size, crc);
}

// The scanlines as a zlib stream at the start of `deflated`; returns its length. Level 1
// codes runs only (rle_deflate.hpp), which on plot images is within a few percent of
// libdeflate's level 1 in size at a fraction of its time; 0 and 2..12 are libdeflate's.
std::size_t compress(const std::vector<std::uint8_t>& scanlines, int level,
                     std::vector<std::uint8_t>& deflated) {
    if (level == 1) return detail::rle_zlib_compress(scanlines.data(), scanlines.size(), deflated);
    libdeflate_compressor& compressor = compressor_for(level);
    const std::size_t bound = libdeflate_zlib_compress_bound(&compressor, scanlines.size());
    if (deflated.size() < bound) deflated.resize(bound);
    const std::size_t compressed = libdeflate_zlib_compress(
        &compressor, scanlines.data(), scanlines.size(), deflated.data(), deflated.size());
    if (compressed == 0)  // cannot happen with a buffer of compress_bound bytes
        throw std::runtime_error("[PNG] libdeflate could not compress the image");
    return compressed;
}

}  // namespace

void encode_png(const RgbImageView& image, int level, std::vector<std::uint8_t>& png, double dpi) {
    check_view(image, level);
    if (!(dpi >= 0) || dpi > 1e6) throw std::invalid_argument("[PNG] dpi must be in [0, 1e6]");
    // Image-sized buffers are reused by each thread: fresh ones would be fresh pages
    // from the kernel every time, and the page faults alone cost more than filtering.
    thread_local std::vector<std::uint8_t> scanlines;
    thread_local std::vector<std::uint8_t> deflated;
    filter_rows(image, level, scanlines);
    const std::size_t compressed = compress(scanlines, level, deflated);
    if (compressed > 0x7fffffffu)  // PNG chunk lengths are limited to 2^31 - 1
        throw std::invalid_argument("PNG image is too large for one IDAT chunk");

    static constexpr std::uint8_t signature[8] = {0x89, 'P',  'N',  'G',
                                                  '\r', '\n', 0x1a, '\n'};
    constexpr std::size_t ihdr_at = sizeof signature;
    constexpr std::size_t phys_at = ihdr_at + 12 + 13;
    const std::size_t idat_at = phys_at + (dpi > 0 ? 12 + 9 : 0);
    const std::size_t iend_at = idat_at + 12 + compressed;
    png.resize(iend_at + 12);
    std::memcpy(png.data(), signature, sizeof signature);

    std::uint8_t* ihdr = png.data() + ihdr_at;
    std::copy_n("IHDR", 4, ihdr + 4);  // chunk types: 4 bytes, no terminator
    put_u32(ihdr + 8, static_cast<std::uint32_t>(image.width));
    put_u32(ihdr + 12, static_cast<std::uint32_t>(image.height));
    ihdr[16] = 8;  // bit depth
    ihdr[17] = 2;  // colour type: truecolour (RGB)
    ihdr[18] = 0;  // compression: deflate
    ihdr[19] = 0;  // filter method: adaptive
    ihdr[20] = 0;  // no interlace
    seal_chunk(ihdr, 13);

    if (dpi > 0) {  // pHYs: pixels per metre, so viewers and word processors know the size
        std::uint8_t* phys = png.data() + phys_at;
        std::copy_n("pHYs", 4, phys + 4);
        const auto per_metre = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
        put_u32(phys + 8, per_metre);
        put_u32(phys + 12, per_metre);
        phys[16] = 1;  // unit: metre
        seal_chunk(phys, 9);
    }

    std::uint8_t* idat = png.data() + idat_at;
    std::copy_n("IDAT", 4, idat + 4);
    std::memcpy(idat + 8, deflated.data(), compressed);
    seal_chunk(idat, compressed);

    std::uint8_t* iend = png.data() + iend_at;
    std::copy_n("IEND", 4, iend + 4);
    seal_chunk(iend, 0);
}

std::vector<std::uint8_t> encode_png(const RgbImageView& image, int level, double dpi) {
    std::vector<std::uint8_t> png;
    encode_png(image, level, png, dpi);
    return png;
}

}  // namespace plotcluster
