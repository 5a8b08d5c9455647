#include "edge_cases.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include "h5_out.hpp"

namespace plotcluster::sample {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

std::vector<double> wave(std::size_t n, double amplitude, double offset) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = offset + amplitude * std::sin(kTwoPi * i / 32.0);
    return v;
}

// Doubles stored as `file_type`; HDF5 converts (values fit every type used here).
void write_doubles(hid_t file, const std::string& path, const std::vector<hsize_t>& dims,
                   hid_t file_type, const std::vector<double>& values,
                   const std::string& units = "", std::string long_name = "") {
    const double none = 0;  // a valid pointer for 0-element datasets
    if (long_name.empty()) long_name = path.substr(path.rfind('/') + 1);
    write_dataset(file, path, dims, H5T_NATIVE_DOUBLE, file_type,
                  values.empty() ? &none : values.data(), units, long_name);
}

void write_typed(hid_t file, const std::string& path, hid_t type, hsize_t n, const void* data) {
    const hsize_t dims[] = {n};
    const Id space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create dataspace for " + path);
    const Id dset(H5Dcreate2(file, path.c_str(), type, space, H5P_DEFAULT,
                             untimed(H5P_DATASET_CREATE), H5P_DEFAULT),
                  H5Dclose, "create dataset " + path);
    check(H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset " + path);
}

void write_non_numeric(hid_t file) {
    make_group(file, "/odd");
    struct Row {
        double x;
        std::int32_t n;
    };
    const Row rows[] = {{0.5, 1}, {1.5, 2}, {2.5, 3}};
    const Id compound(H5Tcreate(H5T_COMPOUND, sizeof(Row)), H5Tclose, "create compound type");
    check(H5Tinsert(compound, "x", HOFFSET(Row, x), H5T_NATIVE_DOUBLE), "insert x");
    check(H5Tinsert(compound, "n", HOFFSET(Row, n), H5T_NATIVE_INT32), "insert n");
    write_typed(file, "/odd/compound", compound, 3, rows);

    const char fixed[3][8] = {"alpha", "beta", "gamma"};
    const Id fixed_type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(fixed_type, 8), "set string size");
    write_typed(file, "/odd/string_fixed", fixed_type, 3, fixed);

    const char* vlen[] = {"one", "three", "seventeen"};
    const Id vlen_type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(vlen_type, H5T_VARIABLE), "set variable string size");
    write_typed(file, "/odd/string_vlen", vlen_type, 3, vlen);

    const Id enum_type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "create enum type");
    const char* names[] = {"off", "on"};
    for (std::int8_t v = 0; v < 2; ++v) check(H5Tenum_insert(enum_type, names[v], &v), "enum");
    const std::int8_t states[] = {0, 1, 1, 0};
    write_typed(file, "/odd/enum", enum_type, 4, states);

    const double value = 42;
    const Id scalar_space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar dataspace");
    const Id scalar(H5Dcreate2(file, "/odd/scalar", H5T_IEEE_F64LE, scalar_space, H5P_DEFAULT,
                               untimed(H5P_DATASET_CREATE), H5P_DEFAULT),
                    H5Dclose, "create dataset /odd/scalar");
    check(H5Dwrite(scalar, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value),
          "write dataset /odd/scalar");
}

}  // namespace

void write_edge_cases(const std::filesystem::path& path) {
    if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) fail("cannot create folder '" + path.parent_path().string() + "': " + ec.message());
    }
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
            "create '" + path.string() + "'");

    // Mixed numeric types; big-endian ones as older Fortran and Java codes write them.
    make_group(file, "/types");
    write_doubles(file, "/types/int8", {64}, H5T_STD_I8LE, wave(64, 100, 0));
    write_doubles(file, "/types/uint16_be", {64}, H5T_STD_U16BE, wave(64, 30000, 32768));
    write_doubles(file, "/types/int64", {64}, H5T_STD_I64LE, wave(64, 1e12, 0));
    write_doubles(file, "/types/float32_be", {64}, H5T_IEEE_F32BE, wave(64, 2.5, 1));
    write_doubles(file, "/types/float64", {64}, H5T_IEEE_F64LE, wave(64, 1e-3, 0));

    make_group(file, "/values");
    std::vector<double> bad = wave(64, 1, 0);
    bad[3] = std::numeric_limits<double>::quiet_NaN();
    bad[10] = std::numeric_limits<double>::infinity();
    bad[11] = -std::numeric_limits<double>::infinity();
    write_doubles(file, "/values/nan_inf", {64}, H5T_IEEE_F64LE, bad);
    write_doubles(file, "/values/constant", {64}, H5T_IEEE_F64LE, std::vector<double>(64, 3.0));
    write_doubles(file, "/values/empty", {0}, H5T_IEEE_F64LE, {});

    // N-D: a heatmap needs a slice of the cube; the 1×47×47 one squeezes to 2-D.
    make_group(file, "/fields");
    std::vector<double> cube(std::size_t{8} * 32 * 48);
    for (std::size_t i = 0; i < cube.size(); ++i) {
        const std::size_t plane = i / (std::size_t{32} * 48), row = (i / 48) % 32, col = i % 48;
        const double z = plane, y = row, x = col;
        cube[i] = std::sin(x / 6 + z) * std::cos(y / 5);
    }
    write_doubles(file, "/fields/cube", {8, 32, 48}, H5T_IEEE_F32LE, cube);
    std::vector<double> slab(std::size_t{47} * 47);
    for (std::size_t i = 0; i < slab.size(); ++i) {
        const std::size_t col_plus_row = i % 47 + i / 47;
        slab[i] = static_cast<double>(col_plus_row);
    }
    write_doubles(file, "/fields/slab", {1, 47, 47}, H5T_IEEE_F64LE, slab);

    write_non_numeric(file);

    // Three probes sharing units, for `group: parent`, and their common time axis.
    make_group(file, "/probes");
    for (int p = 1; p <= 3; ++p) {
        write_doubles(file, "/probes/p" + std::to_string(p), {100}, H5T_IEEE_F64LE,
                      wave(100, p, 0.5 * p), "m/s", "probe " + std::to_string(p));
    }
    make_group(file, "/grid");
    std::vector<double> t(100);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = 0.1 * static_cast<double>(i);
    write_doubles(file, "/grid/t", {100}, H5T_IEEE_F64LE, t, "s");

    // 200 points (x, y) on a noisy spiral: scatter data as N×2.
    make_group(file, "/points");
    std::vector<double> xy;
    for (int i = 0; i < 200; ++i) {
        const double r = 0.05 * i, a = 0.3 * i;
        xy.push_back(r * std::cos(a));
        xy.push_back(r * std::sin(a));
    }
    write_doubles(file, "/points/xy", {200, 2}, H5T_IEEE_F64LE, xy, "m");
    check(file.close(), "close '" + path.string() + "'");
}

}  // namespace plotcluster::sample
