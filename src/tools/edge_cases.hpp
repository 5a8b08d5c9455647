#pragma once
#include <filesystem>

namespace plotcluster::sample {

// Writes one HDF5 file holding what plotcluster must handle with care or refuse by
// name: every common numeric type in both byte orders, NaN/Inf, constant, empty, N-D and
// length-1 dimensions, non-numeric types, a scalar, a probe group with a shared x axis,
// and an N×2 point set. tests/e2e/edge_cases.yaml.in lists what each should become.
void write_edge_cases(const std::filesystem::path& file);

}  // namespace plotcluster::sample
