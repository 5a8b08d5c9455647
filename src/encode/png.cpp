#include "plotcluster/encode/png.hpp"

#include <libdeflate.h>

#include <array>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

namespace plotcluster {
namespace {

constexpr std::size_t bytes_per_pixel = 3;  // 8-bit RGB
constexpr int max_level = 12;                // libdeflate's highest level

enum Filter : std::uint8_t { none = 0, sub = 1, up = 2, /* average = 3 unused */ paeth = 4 };

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
std::uint32_t row_cost(const std::uint8_t* row, std::size_t n) {
    std::uint32_t total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t v = row[i];
        total += v < 128 ? v : 256 - v;
    }
    return total;
}

void filter_sub(const std::uint8_t* cur, std::size_t n, std::uint8_t* out) {
    std::memcpy(out, cur, bytes_per_pixel);
    for (std::size_t i = bytes_per_pixel; i < n; ++i)
        out[i] = static_cast<std::uint8_t>(cur[i] - cur[i - bytes_per_pixel]);
}

void filter_up(const std::uint8_t* cur, const std::uint8_t* prev, std::size_t n,
               std::uint8_t* out) {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(cur[i] - prev[i]);
}

// Branch-free form of the PNG Paeth predictor so the loop can be vectorized.
inline int paeth_predictor(int a, int b, int c) {
    const int pa = b > c ? b - c : c - b;              // |p - a| with p = a + b - c
    const int pb = a > c ? a - c : c - a;              // |p - b|
    const int pc = a + b - 2 * c > 0 ? a + b - 2 * c  // |p - c|
                                     : 2 * c - a - b;
    const int b_or_c = pb <= pc ? b : c;
    return pa <= pb && pa <= pc ? a : b_or_c;
}

void filter_paeth(const std::uint8_t* cur, const std::uint8_t* prev, std::size_t n,
                  std::uint8_t* out) {
    // The first pixel has no left neighbour: a = c = 0, so the predictor is b (Up).
    for (std::size_t i = 0; i < bytes_per_pixel; ++i)
        out[i] = static_cast<std::uint8_t>(cur[i] - prev[i]);
    for (std::size_t i = bytes_per_pixel; i < n; ++i) {
        const int pred = paeth_predictor(cur[i - bytes_per_pixel], prev[i],
                                         prev[i - bytes_per_pixel]);
        out[i] = static_cast<std::uint8_t>(cur[i] - pred);
    }
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
    if (image.stride < width * bytes_per_pixel)
        throw std::invalid_argument("PNG image stride " + std::to_string(image.stride) +
                                    " is smaller than a row of " +
                                    std::to_string(width * bytes_per_pixel) + " bytes");
}

// PNG's scanline stream: each row prefixed with its filter type byte.
std::vector<std::uint8_t> filter_rows(const RgbImageView& image, int level) {
    const std::size_t n = static_cast<std::size_t>(image.width) * bytes_per_pixel;
    const auto height = static_cast<std::size_t>(image.height);
    std::vector<std::uint8_t> out(height * (n + 1));

    if (level == 0) {  // stored blocks gain nothing from filtering
        for (std::size_t y = 0; y < height; ++y) {
            out[y * (n + 1)] = Filter::none;
            std::memcpy(&out[y * (n + 1) + 1], image.data + y * image.stride, n);
        }
        return out;
    }

    std::vector<std::uint8_t> zero_row(n, 0);  // the row "above" the first row
    std::vector<std::uint8_t> scratch(3 * n);
    std::uint8_t* const sub_row = scratch.data();
    std::uint8_t* const up_row = sub_row + n;
    std::uint8_t* const paeth_row = up_row + n;

    for (std::size_t y = 0; y < height; ++y) {
        const std::uint8_t* cur = image.data + y * image.stride;
        const std::uint8_t* prev = y == 0 ? zero_row.data() : cur - image.stride;
        std::uint8_t* dest = &out[y * (n + 1)];

        // Up first: in plots most rows repeat the one above and score 0, which no
        // other filter can beat, so the remaining candidates are skipped.
        filter_up(cur, prev, n, up_row);
        Filter best = Filter::up;
        const std::uint8_t* best_row = up_row;
        std::uint32_t best_cost = row_cost(up_row, n);
        auto consider = [&](Filter filter, const std::uint8_t* row) {
            const std::uint32_t cost = row_cost(row, n);
            if (cost < best_cost) {
                best = filter;
                best_row = row;
                best_cost = cost;
            }
        };
        if (best_cost != 0) {
            consider(Filter::none, cur);
            filter_sub(cur, n, sub_row);
            consider(Filter::sub, sub_row);
            filter_paeth(cur, prev, n, paeth_row);
            consider(Filter::paeth, paeth_row);
        }
        dest[0] = best;
        std::memcpy(dest + 1, best_row, n);
    }
    return out;
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

}  // namespace

std::vector<std::uint8_t> encode_png(const RgbImageView& image, int level) {
    check_view(image, level);
    const std::vector<std::uint8_t> scanlines = filter_rows(image, level);
    libdeflate_compressor& compressor = compressor_for(level);

    static constexpr std::uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    constexpr std::size_t ihdr_at = sizeof signature;
    constexpr std::size_t idat_at = ihdr_at + 12 + 13;
    constexpr std::size_t idat_data_at = idat_at + 8;
    const std::size_t bound = libdeflate_zlib_compress_bound(&compressor, scanlines.size());

    // Compress straight into the output buffer to avoid copying the IDAT data.
    std::vector<std::uint8_t> png(idat_data_at + bound + 4 + 12);
    std::memcpy(png.data(), signature, sizeof signature);

    std::uint8_t* ihdr = png.data() + ihdr_at;
    std::memcpy(ihdr + 4, "IHDR", 4);
    put_u32(ihdr + 8, static_cast<std::uint32_t>(image.width));
    put_u32(ihdr + 12, static_cast<std::uint32_t>(image.height));
    ihdr[16] = 8;  // bit depth
    ihdr[17] = 2;  // colour type: truecolour (RGB)
    ihdr[18] = 0;  // compression: deflate
    ihdr[19] = 0;  // filter method: adaptive
    ihdr[20] = 0;  // no interlace
    seal_chunk(ihdr, 13);

    std::uint8_t* idat = png.data() + idat_at;
    std::memcpy(idat + 4, "IDAT", 4);
    const std::size_t compressed = libdeflate_zlib_compress(
        &compressor, scanlines.data(), scanlines.size(), idat + 8, bound);
    if (compressed == 0)  // cannot happen with a buffer of compress_bound bytes
        throw std::runtime_error("[PNG] libdeflate could not compress the image");
    if (compressed > 0x7fffffffu)  // PNG chunk lengths are limited to 2^31 - 1
        throw std::invalid_argument("PNG image is too large for one IDAT chunk");
    seal_chunk(idat, compressed);

    std::uint8_t* iend = idat + 12 + compressed;
    std::memcpy(iend + 4, "IEND", 4);
    seal_chunk(iend, 0);
    png.resize(static_cast<std::size_t>(iend + 12 - png.data()));
    return png;
}

}  // namespace plotcluster
