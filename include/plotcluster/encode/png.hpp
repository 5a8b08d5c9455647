#pragma once
// PNG encoding of an RGB image with libdeflate: no alpha, per-row adaptive filter,
// deterministic bytes (no timestamps or text chunks).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace plotcluster {

struct RgbImageView {
    const std::uint8_t* data = nullptr;  // rows of width*3 bytes (R, G, B)
    int width = 0;
    int height = 0;
    std::size_t stride = 0;  // bytes from one row to the next
};

// level: libdeflate compression level 0..12. Throws std::invalid_argument on a bad view.
std::vector<std::uint8_t> encode_png(const RgbImageView& image, int level = 6);

}  // namespace plotcluster
