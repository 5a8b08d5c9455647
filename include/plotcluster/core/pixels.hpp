#pragma once
// A view of finished pixels, as the canvas holds them and the encoders take them.
#include <cstddef>
#include <cstdint>

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

}  // namespace plotcluster
