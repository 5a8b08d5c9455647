#pragma once
// PNG encoding of an RGB image with libdeflate: no alpha, per-row adaptive filter,
// deterministic bytes (no timestamps or text chunks).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace plotcluster {

// How a row stores its pixels.
enum class PixelLayout {
    rgb8,    // 3 bytes per pixel: R, G, B
    xrgb32,  // one native-endian 32-bit word per pixel, 0x··RRGGBB (Cairo's RGB24): the
             // encoder packs it to RGB row by row, so no image-sized copy is made first
};

struct RgbImageView {
    const std::uint8_t* data = nullptr;
    int width = 0;
    int height = 0;
    std::size_t stride = 0;  // bytes from one row to the next
    PixelLayout layout = PixelLayout::rgb8;
};

// level: libdeflate compression level 0..12. Throws std::invalid_argument on a bad view.
std::vector<std::uint8_t> encode_png(const RgbImageView& image, int level = 6);

// The same bytes into `out` (replacing what it held): a caller that keeps `out` from plot
// to plot encodes without allocating once it has seen its largest image.
void encode_png(const RgbImageView& image, int level, std::vector<std::uint8_t>& out);

}  // namespace plotcluster
