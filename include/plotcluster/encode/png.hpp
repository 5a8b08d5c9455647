#pragma once
// PNG encoding of an RGB image with libdeflate: no alpha, per-row adaptive filter,
// deterministic bytes (no timestamps or text chunks).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "plotcluster/core/pixels.hpp"

namespace plotcluster {

// level: libdeflate compression level 0..12. Throws std::invalid_argument on a bad view.
std::vector<std::uint8_t> encode_png(const RgbImageView& image, int level = 6);

// The same bytes into `out` (replacing what it held): a caller that keeps `out` from plot
// to plot encodes without allocating once it has seen its largest image.
void encode_png(const RgbImageView& image, int level, std::vector<std::uint8_t>& out);

}  // namespace plotcluster
