#include "plotcluster/encode/thumbnail.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace plotcluster {
namespace {

// Adds the R, G, B of `count` pixels starting at `px` to sum[0..2].
void add_pixels(const std::uint8_t* px, int count, PixelLayout layout, std::uint32_t* sum) {
    if (layout == PixelLayout::rgb8) {
        for (int i = 0; i < count; ++i, px += 3) {
            sum[0] += px[0];
            sum[1] += px[1];
            sum[2] += px[2];
        }
        return;
    }
    for (int i = 0; i < count; ++i, px += 4) {
        std::uint32_t word;  // 0x..RRGGBB, native-endian
        std::memcpy(&word, px, sizeof word);
        sum[0] += (word >> 16) & 0xff;
        sum[1] += (word >> 8) & 0xff;
        sum[2] += word & 0xff;
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
    const auto area = static_cast<std::uint32_t>(fx * fy);
    std::vector<std::uint32_t> sums(static_cast<std::size_t>(out.width) * 3);
    for (int ty = 0; ty < out.height; ++ty) {
        std::fill(sums.begin(), sums.end(), 0);
        for (int dy = 0; dy < fy; ++dy) {
            const std::uint8_t* row =
                image.data + static_cast<std::size_t>(ty * fy + dy) * image.stride;
            for (int tx = 0; tx < out.width; ++tx) {
                add_pixels(row + static_cast<std::size_t>(tx * fx) * bytes_per_pixel, fx,
                           image.layout, &sums[static_cast<std::size_t>(tx) * 3]);
            }
        }
        std::uint8_t* dst =
            &out.rgb[static_cast<std::size_t>(ty) * static_cast<std::size_t>(out.width) * 3];
        for (std::size_t i = 0; i < sums.size(); ++i)
            dst[i] = static_cast<std::uint8_t>((sums[i] + area / 2) / area);
    }
    return out;
}

std::vector<std::uint8_t> encode_thumbnail(const RgbImageView& image, int level) {
    const int factor =
        thumbnail_factor(image.width, image.height, thumbnail_max_width, thumbnail_max_height);
    return encode_png(downscale_box(image, factor).view(), level);
}

}  // namespace plotcluster
