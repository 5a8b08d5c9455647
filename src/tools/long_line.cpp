#include "long_line.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "h5_out.hpp"

namespace plotcluster::sample {

void write_long_line(const std::filesystem::path& file, std::uint64_t points) {
    constexpr hsize_t chunk = hsize_t{1} << 20;
    const Id f(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
               "create " + file.string());
    const Id group(H5Gcreate2(f, "long", H5P_DEFAULT, untimed(H5P_GROUP_CREATE), H5P_DEFAULT),
                   H5Gclose, "create group /long");
    const hsize_t dims[1] = {points};
    const Id space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create dataspace");
    Id create = untimed(H5P_DATASET_CREATE);
    const hsize_t chunk_dims[1] = {std::min<hsize_t>(chunk, std::max<hsize_t>(points, 1))};
    check(H5Pset_chunk(create, 1, chunk_dims), "set chunking");
    const Id ds(H5Dcreate2(group, "signal", H5T_IEEE_F64LE, space, H5P_DEFAULT, create, H5P_DEFAULT),
                H5Dclose, "create /long/signal");
    write_string_attr(ds, "units", "V");
    write_string_attr(ds, "long_name", "Signal");
    std::vector<double> buffer;
    // A slow wave with a fast ripple: detail at every scale, deterministic (no RNG).
    for (hsize_t start = 0; start < points; start += chunk) {
        const hsize_t n = std::min<hsize_t>(chunk, points - start);
        buffer.resize(n);
        for (hsize_t i = 0; i < n; ++i) {
            const double t = static_cast<double>(start + i) / static_cast<double>(points);
            buffer[i] = std::sin(2 * std::numbers::pi * 3 * t) +
                        0.2 * std::sin(static_cast<double>(start + i) * 0.37);
        }
        const hsize_t offset[1] = {start}, count[1] = {n};
        const Id file_space(H5Dget_space(ds), H5Sclose, "get dataspace");
        check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, offset, nullptr, count, nullptr),
              "select a piece of /long/signal");
        const Id mem_space(H5Screate_simple(1, count, nullptr), H5Sclose, "create dataspace");
        check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, buffer.data()),
              "write /long/signal");
    }
}

void write_long_samples(const std::filesystem::path& file, std::uint64_t points) {
    constexpr hsize_t chunk = hsize_t{1} << 20;
    const Id f(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
               "create " + file.string());
    const Id group(H5Gcreate2(f, "long", H5P_DEFAULT, untimed(H5P_GROUP_CREATE), H5P_DEFAULT),
                   H5Gclose, "create group /long");
    const hsize_t dims[1] = {points};
    const Id space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create dataspace");
    Id create = untimed(H5P_DATASET_CREATE);
    const hsize_t chunk_dims[1] = {std::min<hsize_t>(chunk, std::max<hsize_t>(points, 1))};
    check(H5Pset_chunk(create, 1, chunk_dims), "set chunking");
    const Id ds(H5Dcreate2(group, "samples", H5T_IEEE_F32LE, space, H5P_DEFAULT, create, H5P_DEFAULT),
                H5Dclose, "create /long/samples");
    write_string_attr(ds, "long_name", "Sample");
    std::vector<float> buffer;
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;  // xorshift64*: deterministic, no <random> state
    auto uniform = [&state] {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return static_cast<double>((state * 0x2545f4914f6cdd1dULL) >> 11) * 0x1.0p-53;
    };
    for (hsize_t start = 0; start < points; start += chunk) {
        const hsize_t n = std::min<hsize_t>(chunk, points - start);
        buffer.resize(n);
        for (hsize_t i = 0; i < n; ++i) {
            buffer[i] = static_cast<float>(uniform() + uniform() + uniform() + uniform());
        }
        const hsize_t offset[1] = {start}, count[1] = {n};
        const Id file_space(H5Dget_space(ds), H5Sclose, "get dataspace");
        check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, offset, nullptr, count, nullptr),
              "select a piece of /long/samples");
        const Id mem_space(H5Screate_simple(1, count, nullptr), H5Sclose, "create dataspace");
        check(H5Dwrite(ds, H5T_NATIVE_FLOAT, mem_space, file_space, H5P_DEFAULT, buffer.data()),
              "write /long/samples");
    }
}

}  // namespace plotcluster::sample
