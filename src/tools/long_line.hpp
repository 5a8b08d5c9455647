#pragma once
// Private to the sample-data tool: one very long 1-D series, written in pieces, for trying
// (and testing) how plotcluster streams a line larger than it wants to hold.
#include <cstdint>
#include <filesystem>

namespace plotcluster::sample {

// Writes /long/signal, `points` float64 values in 2^20-value chunks, to `file`.
void write_long_line(const std::filesystem::path& file, std::uint64_t points);

// Writes /long/samples, `points` float32 values (the sum of four uniforms, a bell from 0 to
// 4, deterministic) in 2^20-value chunks, to `file`: a histogram too large to read whole.
void write_long_samples(const std::filesystem::path& file, std::uint64_t points);

}  // namespace plotcluster::sample
