#pragma once
// A dataset's shape (extent of each axis, slowest first) and how messages write it.
#include <cstdint>
#include <string>
#include <vector>

namespace plotcluster {

using Shape = std::vector<std::uint64_t>;

// "4×64×64"; "scalar" for no axes.
std::string shape_text(const Shape& shape);

}  // namespace plotcluster
