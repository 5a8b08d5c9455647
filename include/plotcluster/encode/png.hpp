#pragma once
// PNG encoding of an RGB image with libdeflate: no alpha, per-row adaptive filter,
// deterministic bytes (no timestamps or text chunks). A `dpi` above 0 adds a pHYs chunk
// (pixels per metre), so the image opens at its physical size in documents.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "plotcluster/core/pixels.hpp"

namespace plotcluster {

// level: libdeflate compression level 0..12. Throws std::invalid_argument on a bad view,
// level or dpi.
std::vector<std::uint8_t> encode_png(const RgbImageView& image, int level = 6, double dpi = 0);

// The same bytes into `out` (replacing what it held): a caller that keeps `out` from plot
// to plot encodes without allocating once it has seen its largest image.
void encode_png(const RgbImageView& image, int level, std::vector<std::uint8_t>& out,
                double dpi = 0);

}  // namespace plotcluster
