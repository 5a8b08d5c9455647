#include "plotcluster/encode/thumbnail.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace plotcluster {
namespace {

// Where R, G and B sit among a pixel's bytes. Cairo's native-endian word 0x··RRGGBB
// keeps blue in the lowest byte, which comes first in memory on a little-endian machine.
struct ChannelBytes {
    std::size_t r, g, b;
};

ChannelBytes channel_bytes(PixelLayout layout) {
    if (layout == PixelLayout::rgb8) return {0, 1, 2};
    if constexpr (std::endian::native == std::endian::little) return {2, 1, 0};
    return {1, 2, 3};
}

// sums[i] = the sum of row[i] over a block's rows: most of a thumbnail's work, so the
// rows are summed first, as plain byte loops the compiler vectorises (twice: for AVX2 and
// for the x86-64 baseline, picked at load time), and the columns once after. Up to four
// rows go into one pass over the sums. 16-bit sums hold up to 257 rows. Inlined into
// each clone, or both would run the baseline code.
template <class Sum>
[[gnu::always_inline]] inline void add_rows(const RgbImageView& image, int first, int rows, std::size_t bytes, Sum* sums) {
    const auto row = [&](int dy) { return image.data + static_cast<std::size_t>(first + dy) * image.stride; };
    Sum* __restrict out = sums;
    int dy = 0;
    if (rows >= 4) {
        const std::uint8_t* __restrict a = row(0);
        const std::uint8_t* __restrict b = row(1);
        const std::uint8_t* __restrict c = row(2);
        const std::uint8_t* __restrict d = row(3);
        for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<Sum>(Sum{a[i]} + b[i] + c[i] + d[i]);
        dy = 4;
    } else {
        std::fill(sums, sums + bytes, Sum{0});
    }
    for (; dy + 4 <= rows; dy += 4) {
        const std::uint8_t* __restrict a = row(dy);
        const std::uint8_t* __restrict b = row(dy + 1);
        const std::uint8_t* __restrict c = row(dy + 2);
        const std::uint8_t* __restrict d = row(dy + 3);
        for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<Sum>(out[i] + a[i] + b[i] + c[i] + d[i]);
    }
    for (; dy < rows; ++dy) {
        const std::uint8_t* __restrict a = row(dy);
        for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<Sum>(out[i] + a[i]);
    }
}

__attribute__((target_clones("avx2", "default"))) void add_rows16(
    const RgbImageView& image, int first, int rows, std::size_t bytes, std::uint16_t* sums) {
    add_rows(image, first, rows, bytes, sums);
}

__attribute__((target_clones("avx2", "default"))) void add_rows32(
    const RgbImageView& image, int first, int rows, std::size_t bytes, std::uint32_t* sums) {
    add_rows(image, first, rows, bytes, sums);
}

// The rounded mean of a block's sum, sum / area rounded half up. Three divisions per
// pixel were most of a thumbnail's time, so blocks of up to 4096 pixels divide by a
// multiply: with m = floor(2^32 / area) + 1, (x * m) >> 32 is exactly x / area for every
// x < 2^32 / area, and x <= 255.5 * area stays below that while area^2 <= 2^24.
class BlockMean {
public:
    explicit BlockMean(std::uint32_t area)
        : area_(area), multiplier_((std::uint64_t{1} << 32) / area + 1), fast_(area <= 4096) {}

    // log2 of the area when it is a power of two, else -1.
    int shift() const { return std::has_single_bit(area_) ? std::countr_zero(area_) : -1; }

    std::uint8_t operator()(std::uint32_t sum) const {
        const std::uint64_t x = sum + area_ / 2;
        return static_cast<std::uint8_t>(fast_ ? (x * multiplier_) >> 32 : x / area_);
    }

private:
    std::uint32_t area_;
    std::uint64_t multiplier_;
    bool fast_;
};

// average_columns (below) for Cairo's 4-byte pixels when a whole block's sums fit 16 bits
// (area <= 257): a pixel's four 16-bit column sums are one 64-bit word, and adding the
// words adds all four channels at once.
void average_columns_words(const std::uint16_t* sums, int width, int fx, ChannelBytes at,
                           const BlockMean& mean, std::uint8_t* dst) {
    const auto lane = [](std::size_t byte) {
        return static_cast<unsigned>(std::endian::native == std::endian::little ? 16 * byte : 16 * (3 - byte));
    };
    const unsigned r = lane(at.r), g = lane(at.g), b = lane(at.b);
    const auto total_at = [&] {
        std::uint64_t total = 0;
        for (int dx = 0; dx < fx; ++dx, sums += 4) {
            std::uint64_t word;
            std::memcpy(&word, sums, sizeof word);
            total += word;
        }
        return total;
    };
    if (const int shift = mean.shift(); shift >= 0) {
        // A power-of-two area (the default figure's 4 x 4): all four means at once, as
        // (sum + area / 2) >> shift in each 16-bit lane. No lane carries into the next:
        // a sum plus half the area stays below 2^16, and a mean is at most 255.
        constexpr std::uint64_t ones = 0x0001000100010001u;
        const std::uint64_t half = ones * (std::uint64_t{1} << shift >> 1);
        for (int tx = 0; tx < width; ++tx, dst += 3) {
            const std::uint64_t means = ((total_at() + half) >> shift) & (ones * 0xff);
            dst[0] = static_cast<std::uint8_t>(means >> r);
            dst[1] = static_cast<std::uint8_t>(means >> g);
            dst[2] = static_cast<std::uint8_t>(means >> b);
        }
        return;
    }
    for (int tx = 0; tx < width; ++tx, dst += 3) {
        const std::uint64_t total = total_at();
        dst[0] = mean(static_cast<std::uint32_t>((total >> r) & 0xffff));
        dst[1] = mean(static_cast<std::uint32_t>((total >> g) & 0xffff));
        dst[2] = mean(static_cast<std::uint32_t>((total >> b) & 0xffff));
    }
}

// One output row from the summed rows: each pixel the rounded mean of fx columns.
template <class Sum>
void average_columns(const Sum* sums, int width, int fx, std::size_t bytes_per_pixel,
                     ChannelBytes at, const BlockMean& mean, std::uint8_t* dst) {
    for (int tx = 0; tx < width; ++tx, dst += 3) {
        std::uint32_t r = 0, g = 0, b = 0;
        for (int dx = 0; dx < fx; ++dx, sums += bytes_per_pixel) {
            r += sums[at.r];
            g += sums[at.g];
            b += sums[at.b];
        }
        dst[0] = mean(r);
        dst[1] = mean(g);
        dst[2] = mean(b);
    }
}

}  // namespace

int thumbnail_factor(int width, int height, int max_width, int max_height) {
    const auto ceil_div = [](int a, int b) { return (a + b - 1) / b; };
    return std::max(
        {1, ceil_div(width, std::max(1, max_width)), ceil_div(height, std::max(1, max_height))});
}

ThumbnailImage downscale_box(const RgbImageView& image, int factor) {
    const std::size_t bytes_per_pixel = image.layout == PixelLayout::rgb8 ? 3 : 4;
    if (image.data == nullptr || image.width <= 0 || image.height <= 0 ||
        image.stride < static_cast<std::size_t>(image.width) * bytes_per_pixel) {
        throw std::invalid_argument("thumbnail: bad image view");
    }
    if (factor < 1) throw std::invalid_argument("thumbnail: factor must be at least 1");
    ThumbnailImage out;
    out.width = std::max(1, image.width / factor);
    out.height = std::max(1, image.height / factor);
    const int fx = std::min(factor, image.width);  // an image smaller than one block
    const int fy = std::min(factor, image.height);
    out.rgb.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 3);
    const BlockMean mean(static_cast<std::uint32_t>(fx * fy));
    const ChannelBytes at = channel_bytes(image.layout);
    // Only the columns that full blocks cover.
    const std::size_t row_bytes = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(fx) * bytes_per_pixel;
    const bool narrow = fy <= 257;  // 257 * 255 fits 16 bits
    std::vector<std::uint16_t> sums16(narrow ? row_bytes : 0);
    std::vector<std::uint32_t> sums32(narrow ? 0 : row_bytes);
    for (int ty = 0; ty < out.height; ++ty) {
        std::uint8_t* dst =
            &out.rgb[static_cast<std::size_t>(ty) * static_cast<std::size_t>(out.width) * 3];
        if (narrow) {
            add_rows16(image, ty * fy, fy, row_bytes, sums16.data());
            if (bytes_per_pixel == 4 && fx * fy <= 257) {
                average_columns_words(sums16.data(), out.width, fx, at, mean, dst);
            } else {
                average_columns(sums16.data(), out.width, fx, bytes_per_pixel, at, mean, dst);
            }
        } else {
            add_rows32(image, ty * fy, fy, row_bytes, sums32.data());
            average_columns(sums32.data(), out.width, fx, bytes_per_pixel, at, mean, dst);
        }
    }
    return out;
}

std::vector<std::uint8_t> encode_thumbnail(const RgbImageView& image, int level) {
    const int factor =
        thumbnail_factor(image.width, image.height, thumbnail_max_width, thumbnail_max_height);
    return encode_png(downscale_box(image, factor).view(), level);
}

}  // namespace plotcluster
