#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace plotcluster {

// A dataset read into memory as doubles, row-major, singleton dimensions kept.
struct Array {
    std::vector<std::uint64_t> shape;
    std::vector<double> values;
    // The netCDF/CF conventions applied to get the values from the stored numbers
    // (read/cf_decode.hpp), e.g. {"_FillValue", "scale_factor"}; empty: as stored.
    std::vector<std::string> decoded{};
};

}  // namespace plotcluster
