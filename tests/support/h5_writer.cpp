#include "h5_writer.hpp"

#include <hdf5.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <functional>
#include <iterator>
#include <numeric>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace plotcluster::test {
namespace {

static_assert(std::is_same_v<hid_t, std::int64_t>, "h5_writer.hpp stores hid_t as int64_t");

// The most specific message on HDF5's error stack, e.g. "name already exists".
std::string hdf5_reason() {
    std::string reason;
    auto innermost = [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
        if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
        return 0;
    };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &reason);
    return reason.empty() ? "unknown HDF5 error" : reason;
}

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("[HDF5] cannot " + what + ": " + hdf5_reason());
}

void check(herr_t status, const std::string& what) {
    if (status < 0) fail(what);
}

// Owns one HDF5 id and closes it with the matching H5?close.
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
        if (id_ < 0) fail(what);
    }
    Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
    Handle& operator=(Handle&&) = delete;
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    operator hid_t() const { return id_; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

// Every link the writer makes may name groups that do not exist yet.
Handle intermediate_groups() {
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "create link properties");
    check(H5Pset_create_intermediate_group(lcpl, 1), "set intermediate group creation");
    return lcpl;
}

Handle dataspace(const Shape& shape) {
    if (shape.empty()) return Handle(H5Screate(H5S_SCALAR), H5Sclose, "create scalar dataspace");
    const std::vector<hsize_t> dims(shape.begin(), shape.end());
    return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                  "create dataspace");
}

Handle string_type(std::size_t size) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type, size), "set string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "set string charset");
    return type;
}

// Memory type and file type for each StoredNumber.
template <class T>
std::pair<hid_t, hid_t> number_types() {
    if constexpr (std::is_same_v<T, float>) return {H5T_NATIVE_FLOAT, H5T_IEEE_F32LE};
    if constexpr (std::is_same_v<T, std::int64_t>) return {H5T_NATIVE_INT64, H5T_STD_I64LE};
    if constexpr (std::is_same_v<T, std::int32_t>) return {H5T_NATIVE_INT32, H5T_STD_I32LE};
    if constexpr (std::is_same_v<T, std::int16_t>) return {H5T_NATIVE_INT16, H5T_STD_I16LE};
    if constexpr (std::is_same_v<T, std::uint8_t>) return {H5T_NATIVE_UINT8, H5T_STD_U8LE};
}

}  // namespace

H5Writer::H5Writer(const std::filesystem::path& file, std::uint64_t userblock) : path_(file) {
    hid_t fcpl = H5P_DEFAULT;
    if (userblock != 0) {
        fcpl = H5Pcreate(H5P_FILE_CREATE);
        if (fcpl < 0 || H5Pset_userblock(fcpl, userblock) < 0) fail("set a userblock");
    }
    file_ = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    if (fcpl != H5P_DEFAULT) H5Pclose(fcpl);
    if (file_ < 0) fail("create file '" + file.string() + "'");
}

H5Writer::~H5Writer() {
    if (file_ >= 0) H5Fclose(file_);
}

void H5Writer::close() {
    if (file_ < 0) return;
    const herr_t status = H5Fclose(std::exchange(file_, -1));
    check(status, "close file '" + path_.string() + "'");
}

void H5Writer::write_raw(const std::string& path, const Shape& shape, std::size_t count,
                         Id mem_type, Id file_type, const void* data) {
    const std::string where = "'" + path + "' in '" + path_.string() + "'";
    const auto elements =
        std::accumulate(shape.begin(), shape.end(), std::uint64_t{1}, std::multiplies<>());
    if (elements != count) {
        throw std::runtime_error("cannot write dataset " + where + ": shape holds " +
                                 std::to_string(elements) + " values, got " +
                                 std::to_string(count));
    }
    const Handle space = dataspace(shape);
    const Handle lcpl = intermediate_groups();
    const Handle dset(
        H5Dcreate2(file_, path.c_str(), file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
        "create dataset " + where);
    if (count > 0) {
        check(H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
              "write dataset " + where);
    }
}

void H5Writer::write(const std::string& path, const Shape& shape,
                     const std::vector<double>& values) {
    write_raw(path, shape, values.size(), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, values.data());
}

template <StoredNumber T>
void H5Writer::write(const std::string& path, const Shape& shape, const std::vector<T>& values) {
    const auto [mem_type, file_type] = number_types<T>();
    write_raw(path, shape, values.size(), mem_type, file_type, values.data());
}

template void H5Writer::write(const std::string&, const Shape&, const std::vector<float>&);
template void H5Writer::write(const std::string&, const Shape&, const std::vector<std::int64_t>&);
template void H5Writer::write(const std::string&, const Shape&, const std::vector<std::int32_t>&);
template void H5Writer::write(const std::string&, const Shape&, const std::vector<std::int16_t>&);
template void H5Writer::write(const std::string&, const Shape&, const std::vector<std::uint8_t>&);

void H5Writer::write_f64_be(const std::string& path, const Shape& shape,
                            const std::vector<double>& values) {
    write_raw(path, shape, values.size(), H5T_NATIVE_DOUBLE, H5T_IEEE_F64BE, values.data());
}

void H5Writer::write_i32_be(const std::string& path, const Shape& shape,
                            const std::vector<std::int32_t>& values) {
    write_raw(path, shape, values.size(), H5T_NATIVE_INT32, H5T_STD_I32BE, values.data());
}

void H5Writer::write_scalar(const std::string& path, double value) {
    write_raw(path, {}, 1, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, &value);
}

void H5Writer::write_empty(const std::string& path) {
    write_raw(path, {0}, 0, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, nullptr);
}

void H5Writer::write_fixed_strings(const std::string& path, const std::vector<std::string>& values,
                                   std::size_t length) {
    if (length == 0) {
        for (const auto& v : values) length = std::max(length, v.size());
        length = std::max<std::size_t>(length, 1);  // HDF5 rejects size 0
    }
    const Handle type = string_type(length);
    check(H5Tset_strpad(type, H5T_STR_NULLPAD), "set string padding");
    std::vector<char> buffer(values.size() * length, '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::copy_n(values[i].begin(), std::min(length, values[i].size()), &buffer[i * length]);
    }
    write_raw(path, {values.size()}, values.size(), type, type, buffer.data());
}

void H5Writer::write_vlen_strings(const std::string& path, const std::vector<std::string>& values) {
    const Handle type = string_type(H5T_VARIABLE);
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& v : values) pointers.push_back(v.c_str());
    write_raw(path, {values.size()}, values.size(), type, type, pointers.data());
}

void H5Writer::write_compound(const std::string& path, std::size_t rows) {
    struct Row {
        double x;
        std::int32_t n;
    };
    const Handle type(H5Tcreate(H5T_COMPOUND, sizeof(Row)), H5Tclose, "create compound type");
    check(H5Tinsert(type, "x", offsetof(Row, x), H5T_NATIVE_DOUBLE), "insert compound field x");
    check(H5Tinsert(type, "n", offsetof(Row, n), H5T_NATIVE_INT32), "insert compound field n");
    std::vector<Row> data(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        data[i] = {0.5 * static_cast<double>(i), static_cast<std::int32_t>(i)};
    }
    write_raw(path, {rows}, rows, type, type, data.data());
}

void H5Writer::write_enum(const std::string& path, const std::vector<std::int8_t>& values) {
    const Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "create enum type");
    const char* names[] = {"low", "mid", "high"};
    for (std::int8_t v = 0; v < 3; ++v) {
        check(H5Tenum_insert(type, names[v], &v), std::string("insert enum member ") + names[v]);
    }
    write_raw(path, {values.size()}, values.size(), type, type, values.data());
}

void H5Writer::write_opaque(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    const Handle type(H5Tcreate(H5T_OPAQUE, 1), H5Tclose, "create opaque type");
    check(H5Tset_tag(type, "plotcluster-test"), "set opaque tag");
    write_raw(path, {bytes.size()}, bytes.size(), type, type, bytes.data());
}

void H5Writer::write_as(const std::string& path, const Shape& shape,
                        const std::vector<double>& values, std::string_view type,
                        bool big_endian) {
    struct Stored {
        std::string_view name;
        hid_t le, be;
    };
    const Stored types[] = {
        {"int8", H5T_STD_I8LE, H5T_STD_I8BE},     {"uint8", H5T_STD_U8LE, H5T_STD_U8BE},
        {"int16", H5T_STD_I16LE, H5T_STD_I16BE},  {"uint16", H5T_STD_U16LE, H5T_STD_U16BE},
        {"int32", H5T_STD_I32LE, H5T_STD_I32BE},  {"uint32", H5T_STD_U32LE, H5T_STD_U32BE},
        {"int64", H5T_STD_I64LE, H5T_STD_I64BE},  {"uint64", H5T_STD_U64LE, H5T_STD_U64BE},
        {"float32", H5T_IEEE_F32LE, H5T_IEEE_F32BE}, {"float64", H5T_IEEE_F64LE, H5T_IEEE_F64BE}};
    for (const auto& t : types) {
        if (t.name == type) {
            write_raw(path, shape, values.size(), H5T_NATIVE_DOUBLE, big_endian ? t.be : t.le,
                      values.data());
            return;
        }
    }
    throw std::runtime_error("write_as: unknown type '" + std::string(type) + "'");
}

void H5Writer::write_float_bits(const std::string& path, const Shape& shape,
                                const FloatLayout& layout, const std::vector<std::uint8_t>& raw) {
    if (raw.size() % layout.bytes != 0) throw std::runtime_error("write_float_bits: ragged bytes");
    if (layout.bytes > 8) throw std::runtime_error("write_float_bits: at most 8 bytes");
    // Fields first (they fit the precision of the copy), then precision and size.
    const Handle type(H5Tcopy(layout.bytes > 4 ? H5T_IEEE_F64LE : H5T_IEEE_F32LE), H5Tclose,
                      "copy float type");
    check(H5Tset_fields(type, layout.sign_pos, layout.exp_pos, layout.exp_bits, layout.man_pos,
                        layout.man_bits),
          "set float fields");
    check(H5Tset_precision(type, layout.sign_pos + 1), "set float precision");
    check(H5Tset_size(type, layout.bytes), "set float size");
    check(H5Tset_ebias(type, layout.bias), "set exponent bias");
    check(H5Tset_norm(type, layout.implied_bit ? H5T_NORM_IMPLIED : H5T_NORM_NONE),
          "set mantissa normalization");
    write_raw(path, shape, raw.size() / layout.bytes, type, type, raw.data());
}

void H5Writer::write_int_bits(const std::string& path, const Shape& shape, std::size_t bytes,
                              std::size_t precision, bool is_signed,
                              const std::vector<std::uint8_t>& raw) {
    if (raw.size() % bytes != 0) throw std::runtime_error("write_int_bits: ragged bytes");
    const Handle type(H5Tcopy(is_signed ? H5T_STD_I64LE : H5T_STD_U64LE), H5Tclose,
                      "copy integer type");
    check(H5Tset_precision(type, precision), "set integer precision");
    check(H5Tset_size(type, bytes), "set integer size");
    write_raw(path, shape, raw.size() / bytes, type, type, raw.data());
}

void H5Writer::write_long_double(const std::string& path, const std::vector<long double>& values) {
    write_raw(path, {values.size()}, values.size(), H5T_NATIVE_LDOUBLE, H5T_NATIVE_LDOUBLE,
              values.data());
}

void H5Writer::write_bitfield(const std::string& path, const std::vector<std::uint8_t>& bits) {
    write_raw(path, {bits.size()}, bits.size(), H5T_NATIVE_B8, H5T_STD_B8LE, bits.data());
}

void H5Writer::write_array_type(const std::string& path, std::size_t rows) {
    const hsize_t dims[] = {3};
    const Handle type(H5Tarray_create2(H5T_NATIVE_DOUBLE, 1, dims), H5Tclose, "create array type");
    std::vector<double> data(rows * 3);
    std::iota(data.begin(), data.end(), 0.0);
    write_raw(path, {rows}, rows, type, type, data.data());
}

void H5Writer::write_references(const std::string& path, std::size_t rows) {
    std::vector<hobj_ref_t> refs(rows);
    for (auto& r : refs) check(H5Rcreate(&r, file_, "/", H5R_OBJECT, -1), "reference '/'");
    write_raw(path, {rows}, rows, H5T_STD_REF_OBJ, H5T_STD_REF_OBJ, refs.data());
}

void H5Writer::write_vlen_sequences(const std::string& path, std::size_t rows) {
    const Handle type(H5Tvlen_create(H5T_NATIVE_DOUBLE), H5Tclose, "create vlen type");
    std::vector<std::vector<double>> storage(rows);
    std::vector<hvl_t> data(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        storage[i].assign(i, 1.5);
        data[i].len = i;
        data[i].p = storage[i].data();
    }
    write_raw(path, {rows}, rows, type, type, data.data());
}

void H5Writer::declare_huge(const std::string& path, std::uint64_t n) {
    const std::string where = "'" + path + "' in '" + path_.string() + "'";
    const hsize_t dims[] = {n};
    const hsize_t chunk[] = {std::clamp<hsize_t>(n, 1, 1 << 16)};
    const Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create dataspace");
    const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    check(H5Pset_chunk(dcpl, 1, chunk), "set chunk size for " + where);
    const Handle lcpl = intermediate_groups();
    const Handle dset(
        H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT), H5Dclose,
        "create dataset " + where);
}

namespace {
std::size_t pass_through(unsigned, std::size_t, const unsigned[], std::size_t nbytes,
                         std::size_t*, void**) {
    return nbytes;  // the buffer is left as it is
}
}  // namespace

void register_pass_through_filter(int id, const char* name) {
    // HDF5 keeps the class pointer; one per id is enough for the tests.
    static H5Z_class2_t cls;
    cls = {H5Z_CLASS_T_VERS, static_cast<H5Z_filter_t>(id), 1, 1, name, nullptr, nullptr,
           pass_through};
    check(H5Zregister(&cls), "register filter " + std::to_string(id));
}

void unregister_filter(int id) {
    check(H5Zunregister(static_cast<H5Z_filter_t>(id)), "unregister filter " + std::to_string(id));
}

void H5Writer::write_filtered(const std::string& path, const std::vector<double>& values,
                              int filter_id) {
    const std::string where = "'" + path + "' in '" + path_.string() + "'";
    const hsize_t dims[] = {values.size()};
    const hsize_t chunk[] = {std::clamp<hsize_t>(values.size(), 1, 1024)};
    const Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create dataspace");
    const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    check(H5Pset_chunk(dcpl, 1, chunk), "set chunk size for " + where);
    check(H5Pset_filter(dcpl, static_cast<H5Z_filter_t>(filter_id), H5Z_FLAG_MANDATORY, 0, nullptr),
          "set filter " + std::to_string(filter_id) + " for " + where);
    const Handle lcpl = intermediate_groups();
    const Handle dset(
        H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT), H5Dclose,
        "create dataset " + where);
    check(H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write " + where);
}

void H5Writer::write_chunked(const std::string& path, const std::vector<double>& values,
                             std::uint64_t chunk, ChunkFilters filters) {
    const std::string where = "'" + path + "' in '" + path_.string() + "'";
    const hsize_t chunk_dims[] = {chunk};
    const Handle space = dataspace({values.size()});
    const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    check(H5Pset_chunk(dcpl, 1, chunk_dims), "set chunk size for " + where);
    if (filters.deflate) check(H5Pset_deflate(dcpl, 6), "set deflate for " + where);
    if (filters.fletcher32) check(H5Pset_fletcher32(dcpl), "set Fletcher32 for " + where);
    const Handle lcpl = intermediate_groups();
    const Handle dset(
        H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT), H5Dclose,
        "create dataset " + where);
    check(H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write " + where);
}

void H5Writer::group(const std::string& path) {
    const Handle lcpl = intermediate_groups();
    const Handle g(H5Gcreate2(file_, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                   "create group '" + path + "' in '" + path_.string() + "'");
}

void H5Writer::soft_link(const std::string& link, const std::string& target) {
    const Handle lcpl = intermediate_groups();
    check(H5Lcreate_soft(target.c_str(), file_, link.c_str(), lcpl, H5P_DEFAULT),
          "create soft link '" + link + "' in '" + path_.string() + "'");
}

void H5Writer::external_link(const std::string& link, const std::string& file,
                             const std::string& target) {
    const Handle lcpl = intermediate_groups();
    check(H5Lcreate_external(file.c_str(), target.c_str(), file_, link.c_str(), lcpl, H5P_DEFAULT),
          "create external link '" + link + "' in '" + path_.string() + "'");
}

void H5Writer::write_virtual_rows(const std::string& path,
                                  const std::vector<std::pair<std::string, std::string>>& sources,
                                  std::uint64_t row_length, double fill) {
    const std::string where = "virtual dataset '" + path + "' in '" + path_.string() + "'";
    const Handle space = dataspace({sources.size(), row_length});
    const Handle source_space = dataspace({row_length});
    const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    check(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill), "set fill value of " + where);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const hsize_t start[2] = {i, 0};
        const hsize_t count[2] = {1, row_length};
        check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr),
              "select row of " + where);
        check(H5Pset_virtual(dcpl, space, sources[i].first.c_str(), sources[i].second.c_str(),
                             source_space),
              "map row of " + where);
    }
    check(H5Sselect_all(space), "select " + where);
    const Handle lcpl = intermediate_groups();
    const Handle dset(H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT),
                      H5Dclose, "create " + where);
}

void H5Writer::write_virtual_pattern(const std::string& path, const std::string& pattern,
                                     const std::string& dataset, std::uint64_t row_length) {
    const std::string where = "virtual dataset '" + path + "' in '" + path_.string() + "'";
    const hsize_t dims[2] = {0, row_length};
    const hsize_t max_dims[2] = {H5S_UNLIMITED, row_length};
    const Handle space(H5Screate_simple(2, dims, max_dims), H5Sclose, "create dataspace");
    const Handle source_space = dataspace({row_length});
    const hsize_t start[2] = {0, 0};
    const hsize_t stride[2] = {1, 1};
    const hsize_t count[2] = {H5S_UNLIMITED, 1};
    const hsize_t block[2] = {1, row_length};
    check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, stride, count, block),
          "select rows of " + where);
    const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    check(H5Pset_virtual(dcpl, space, pattern.c_str(), dataset.c_str(), source_space),
          "map rows of " + where);
    const Handle lcpl = intermediate_groups();
    const Handle dset(H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT),
                      H5Dclose, "create " + where);
}

void write_left_open(const std::filesystem::path& file) {
    const pid_t child = fork();
    if (child < 0) throw std::runtime_error("cannot fork to write '" + file.string() + "'");
    if (child == 0) {
        const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
        H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
        const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
        const hsize_t dims[1] = {4};
        const hid_t space = H5Screate_simple(1, dims, nullptr);
        const hid_t ds = H5Dcreate2(f, "/x", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT,
                                    H5P_DEFAULT);
        const double values[4] = {1, 2, 3, 4};
        const bool ok = ds >= 0 &&
                        H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0 &&
                        H5Fflush(f, H5F_SCOPE_GLOBAL) >= 0;
        _exit(ok ? 0 : 1);  // no H5Fclose: the status flags stay set, as after a crash
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("cannot write '" + file.string() + "' left open for writing");
}

namespace {
std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

void break_datatype_version(const std::filesystem::path& file) {
    std::string bytes = file_bytes(file);
    // Version 1, class 1 (float); little-endian IEEE bit fields; 8 bytes; offset 0, 64 bits.
    const std::string message("\x11\x20\x3f\x00\x08\x00\x00\x00\x00\x00\x40\x00", 12);
    const auto at = bytes.find(message);
    if (at == std::string::npos)
        throw std::runtime_error("no float64 datatype message in '" + file.string() + "'");
    bytes[at] = '\x71';
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void corrupt_chunk(const std::filesystem::path& file, const std::string& dataset,
                   std::uint64_t index) {
    const std::string where = "chunk " + std::to_string(index) + " of '" + dataset + "' in '" +
                              file.string() + "'";
    haddr_t address = HADDR_UNDEF;
    hsize_t size = 0;
    {
        const Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                       "open '" + file.string() + "'");
        const Handle ds(H5Dopen2(f, dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + where);
        const Handle space(H5Dget_space(ds), H5Sclose, "get the dataspace of " + where);
        check(H5Dget_chunk_info(ds, space, index, nullptr, nullptr, &address, &size),
              "locate " + where);
    }
    if (address == HADDR_UNDEF || size < 4) throw std::runtime_error(where + " is not stored");
    std::string bytes = file_bytes(file);
    if (address + size > bytes.size()) throw std::runtime_error(where + " lies past the end");
    for (hsize_t i = size / 4; i < size - size / 4; ++i) bytes[address + i] = static_cast<char>(~bytes[address + i]);
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void truncate_copy(const std::filesystem::path& file, const std::filesystem::path& cut,
                   std::size_t bytes) {
    const std::string all = file_bytes(file);
    if (bytes > all.size()) throw std::runtime_error("'" + file.string() + "' is shorter than that");
    std::ofstream(cut, std::ios::binary | std::ios::trunc)
        .write(all.data(), static_cast<std::streamsize>(bytes));
}

void write_netcdf3(const std::filesystem::path& file, char version) {
    // magic, numrecs, then absent dimension, attribute and variable lists (tag 0, count 0).
    std::string header("CDF", 3);
    header += version;
    header.append(version == 5 ? 8 : 4, '\0');
    header.append(version == 5 ? 3 * 12 : 3 * 8, '\0');
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(header.data(), static_cast<std::streamsize>(header.size()));
}

void H5Writer::write_attr(const std::string& path, const std::string& name, Id type,
                          const void* data) {
    const std::string where = "'" + name + "' on '" + path + "' in '" + path_.string() + "'";
    const Handle object(H5Oopen(file_, path.c_str(), H5P_DEFAULT), H5Oclose,
                        "open object for attribute " + where);
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar dataspace");
    const Handle attribute(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                           H5Aclose, "create attribute " + where);
    check(H5Awrite(attribute, type, data), "write attribute " + where);
}

void H5Writer::attr(const std::string& path, const std::string& name, std::string_view text) {
    const Handle type = string_type(H5T_VARIABLE);
    const std::string terminated(text);
    const char* pointer = terminated.c_str();
    write_attr(path, name, type, &pointer);
}

void H5Writer::attr_bytes(const std::string& path, const std::string& name,
                          std::string_view bytes, bool variable_length, bool utf8) {
    const Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type, variable_length ? H5T_VARIABLE : std::max<std::size_t>(1, bytes.size())),
          "set string size");
    check(H5Tset_cset(type, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "set string charset");
    const std::string terminated(bytes);
    if (variable_length) {
        const char* pointer = terminated.c_str();
        write_attr(path, name, type, &pointer);
    } else {
        write_attr(path, name, type, terminated.c_str());
    }
}

void H5Writer::attr(const std::string& path, const std::string& name, double value) {
    write_attr(path, name, H5T_NATIVE_DOUBLE, &value);
}

void H5Writer::attr(const std::string& path, const std::string& name, int value) {
    write_attr(path, name, H5T_NATIVE_INT, &value);
}

}  // namespace plotcluster::test
