#pragma once
// Gallery thumbnails: the rendered image reduced by a whole factor with a box filter, so
// the same picture always gives the same bytes, whichever rank drew it.
#include <cstdint>
#include <vector>

#include "plotcluster/encode/png.hpp"

namespace plotcluster {

// At most this size; the factor is the smallest whole number that fits.
inline constexpr int thumbnail_max_width = 240;
inline constexpr int thumbnail_max_height = 180;

struct ThumbnailImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;  // packed rows of width*3 bytes

    RgbImageView view() const {
        return {rgb.data(), width, height, static_cast<std::size_t>(width) * 3};
    }
};

// The smallest factor that brings width x height within max_width x max_height (>= 1).
int thumbnail_factor(int width, int height, int max_width, int max_height);

// Each output pixel is the rounded mean of a factor x factor block; a partial block at
// the right or bottom edge is dropped. Takes either pixel layout (no copy of Cairo's). Throws std::invalid_argument on a bad view or
// factor.
ThumbnailImage downscale_box(const RgbImageView& image, int factor);

// The PNG thumbnail of a rendered image; `level` as for encode_png.
std::vector<std::uint8_t> encode_thumbnail(const RgbImageView& image, int level);

}  // namespace plotcluster
