#pragma once
#include <cstdint>
#include <vector>

namespace plotcluster {

// A dataset read into memory as doubles, row-major, singleton dimensions kept.
struct Array {
    std::vector<std::uint64_t> shape;
    std::vector<double> values;
};

}  // namespace plotcluster
