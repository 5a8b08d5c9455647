#pragma once
// Private to src/encode: a zlib stream that codes runs only as matches at distance 1
// (zlib's Z_RLE strategy) with one Huffman code fitted to the whole input. PNG scanlines
// of a plot are mostly runs of zero after filtering, so this finds nearly all that a
// general match finder finds (within a few percent of libdeflate level 1 on the benchmark
// images) at a fraction of its time.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace plotcluster::detail {

// Writes the zlib stream (header, one deflate block, Adler-32) for in[0..n) from the start
// of `out`, which it grows when too small (never shrinks, so a reused buffer is not
// cleared every time), and returns the stream's length.
std::size_t rle_zlib_compress(const std::uint8_t* in, std::size_t n, std::vector<std::uint8_t>& out);

}  // namespace plotcluster::detail
