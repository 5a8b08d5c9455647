#include "long_line.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "h5_out.hpp"

namespace plotcluster::sample {
namespace {

// /long/<name> in a new `file`: `points` values of type T written a chunk (2^20) at a time,
// each chunk filled by `fill(first index, chunk)`, so any length fits in bounded memory.
template <class T>
void write_long(const std::filesystem::path& file, const std::string& name, hid_t file_type, hid_t mem_type,
                std::uint64_t points, const std::vector<std::pair<std::string, std::string>>& attrs,
                const std::function<void(hsize_t, std::vector<T>&)>& fill) {
    constexpr hsize_t chunk = hsize_t{1} << 20;
    const std::string path = "/long/" + name;
    const Id f(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
               "create " + file.string());
    const Id group(H5Gcreate2(f, "long", H5P_DEFAULT, untimed(H5P_GROUP_CREATE), H5P_DEFAULT),
                   H5Gclose, "create group /long");
    const hsize_t dims[1] = {points};
    const Id space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create dataspace");
    Id create = untimed(H5P_DATASET_CREATE);
    const hsize_t chunk_dims[1] = {std::min<hsize_t>(chunk, std::max<hsize_t>(points, 1))};
    check(H5Pset_chunk(create, 1, chunk_dims), "set chunking");
    const Id ds(H5Dcreate2(group, name.c_str(), file_type, space, H5P_DEFAULT, create, H5P_DEFAULT),
                H5Dclose, "create " + path);
    for (const auto& [key, value] : attrs) write_string_attr(ds, key.c_str(), value);
    std::vector<T> buffer;
    for (hsize_t start = 0; start < points; start += chunk) {
        buffer.resize(std::min<hsize_t>(chunk, points - start));
        fill(start, buffer);
        const hsize_t offset[1] = {start}, count[1] = {buffer.size()};
        const Id file_space(H5Dget_space(ds), H5Sclose, "get dataspace");
        check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, offset, nullptr, count, nullptr),
              "select a piece of " + path);
        const Id mem_space(H5Screate_simple(1, count, nullptr), H5Sclose, "create dataspace");
        check(H5Dwrite(ds, mem_type, mem_space, file_space, H5P_DEFAULT, buffer.data()), "write " + path);
    }
}

}  // namespace

void write_long_line(const std::filesystem::path& file, std::uint64_t points) {
    // A slow wave with a fast ripple: detail at every scale, deterministic (no RNG).
    write_long<double>(file, "signal", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, points,
                       {{"units", "V"}, {"long_name", "Signal"}}, [points](hsize_t start, std::vector<double>& out) {
                           for (std::size_t i = 0; i < out.size(); ++i) {
                               const double t = static_cast<double>(start + i) / static_cast<double>(points);
                               out[i] = std::sin(2 * std::numbers::pi * 3 * t) +
                                        0.2 * std::sin(static_cast<double>(start + i) * 0.37);
                           }
                       });
}

void write_long_samples(const std::filesystem::path& file, std::uint64_t points) {
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;  // xorshift64*: deterministic, no <random> state
    auto uniform = [&state] {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return static_cast<double>((state * 0x2545f4914f6cdd1dULL) >> 11) * 0x1.0p-53;
    };
    // A sum of four uniforms: bell-shaped, bounded.
    write_long<float>(file, "samples", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, points, {{"long_name", "Sample"}},
                      [&uniform](hsize_t /*start*/, std::vector<float>& out) {
                          for (float& v : out) v = static_cast<float>(uniform() + uniform() + uniform() + uniform());
                      });
}

}  // namespace plotcluster::sample
