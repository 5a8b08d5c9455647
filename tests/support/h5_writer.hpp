#pragma once
// Test support: builds small HDF5 files with every kind of object the catalog and reader
// must cope with. Each method checks HDF5's return codes and throws std::runtime_error.
// Paths are absolute inside the file; missing parent groups are created.
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plotcluster::test {

// Element types write() stores in their little-endian file form; double has its own
// overload so that a braced list like {1.0, 2.0} picks it without a cast.
template <class T>
concept StoredNumber = std::same_as<T, float> || std::same_as<T, std::int64_t> ||
    std::same_as<T, std::int32_t> || std::same_as<T, std::int16_t> || std::same_as<T, std::uint8_t>;

using Shape = std::vector<std::uint64_t>;

// Registers, in this process only, an HDF5 filter `id` that passes data through unchanged,
// so a test can write data that needs a filter no other process has; and removes it again.
void register_pass_through_filter(int id, const char* name);
void unregister_filter(int id);
// A float type by its bit fields, as H5Tset_fields takes them: bfloat16 is
// {2, 15, 7, 8, 0, 7, 127}, IEEE half {2, 15, 10, 5, 0, 10, 15}. At most 8 bytes.
struct FloatLayout {
    std::size_t bytes = 4;
    std::size_t sign_pos = 31, exp_pos = 23, exp_bits = 8, man_pos = 0, man_bits = 23;
    std::size_t bias = 127;
    bool implied_bit = true;  // false: the leading mantissa bit is stored (x87)
};

class H5Writer {
public:
    // Creates the file, truncating an existing one; with `userblock` bytes (a power of
    // two from 512) before HDF5's first, as a file that starts with other content.
    explicit H5Writer(const std::filesystem::path& file, std::uint64_t userblock = 0);
    ~H5Writer();  // closes quietly; call close() to see errors
    H5Writer(const H5Writer&) = delete;
    H5Writer& operator=(const H5Writer&) = delete;

    // values.size() must equal the product of shape (row-major).
    void write(const std::string& path, const Shape& shape, const std::vector<double>& values);
    template <StoredNumber T>
    void write(const std::string& path, const Shape& shape, const std::vector<T>& values);
    // Same values, stored big-endian in the file (H5T_IEEE_F64BE, H5T_STD_I32BE).
    void write_f64_be(const std::string& path, const Shape& shape,
                      const std::vector<double>& values);
    void write_i32_be(const std::string& path, const Shape& shape,
                      const std::vector<std::int32_t>& values);

    // Doubles stored as any integer or float type in either byte order; HDF5 converts
    // (values must fit the type). `type` is "int8" ... "uint64", "float32", "float64".
    void write_as(const std::string& path, const Shape& shape, const std::vector<double>& values,
                  std::string_view type, bool big_endian);

    // Elements given as their raw little-endian bytes (`bytes` each) and stored unconverted
    // as that float type, or as an integer of `precision` bits in `bytes` bytes: what the
    // file holds is exactly what the test wrote, whatever HDF5's conversions do.
    void write_float_bits(const std::string& path, const Shape& shape, const FloatLayout& layout,
                          const std::vector<std::uint8_t>& raw);
    void write_int_bits(const std::string& path, const Shape& shape, std::size_t bytes,
                        std::size_t precision, bool is_signed, const std::vector<std::uint8_t>& raw);
    // Doubles stored as the C long double type of this machine (x87 80-bit on x86-64).
    void write_long_double(const std::string& path, const std::vector<long double>& values);

    void write_scalar(const std::string& path, double value);  // rank-0 dataspace
    void write_empty(const std::string& path);                 // 1-D float64, 0 elements
    // 1-D, null-padded like numpy's "S" dtype; length 0 means the longest value.
    void write_fixed_strings(const std::string& path, const std::vector<std::string>& values,
                             std::size_t length = 0);
    void write_vlen_strings(const std::string& path, const std::vector<std::string>& values);
    // 1-D rows of {double "x", int32 "n"} with x = 0.5 * i, n = i.
    void write_compound(const std::string& path, std::size_t rows);
    // 1-D int8-based enum {low = 0, mid = 1, high = 2}.
    void write_enum(const std::string& path, const std::vector<std::int8_t>& values);
    // 1-D opaque elements of one byte each, tag "plotcluster-test".
    void write_opaque(const std::string& path, const std::vector<std::uint8_t>& bytes);
    // 1-D 8-bit bitfields; 1-D elements of a 3-double array type; 1-D object references
    // to the root group; 1-D variable-length sequences of doubles (element i holds i values).
    void write_bitfield(const std::string& path, const std::vector<std::uint8_t>& bits);
    void write_array_type(const std::string& path, std::size_t rows);
    void write_references(const std::string& path, std::size_t rows);
    void write_vlen_sequences(const std::string& path, std::size_t rows);
    // 1-D float64 of n elements, chunked and never written: costs no space in the file,
    // but reading it all would need n * 8 bytes.
    void declare_huge(const std::string& path, std::uint64_t n);
    // 1-D float64, chunked, through HDF5 filter `filter_id` (mandatory, no parameters). The
    // filter must be available to this process: built in, a plugin, or H5Zregister-ed.
    void write_filtered(const std::string& path, const std::vector<double>& values, int filter_id);
    // 1-D float64 in chunks of `chunk` values, deflated (level 6) and/or checksummed
    // (Fletcher32): what corrupt_chunk() breaks.
    struct ChunkFilters {
        bool deflate = false;
        bool fletcher32 = false;
    };
    void write_chunked(const std::string& path, const std::vector<double>& values,
                       std::uint64_t chunk, ChunkFilters filters);

    void group(const std::string& path);
    void soft_link(const std::string& link, const std::string& target);
    void external_link(const std::string& link, const std::string& file, const std::string& target);
    // A virtual dataset of float64 rows: row i maps the whole 1-D dataset sources[i].second
    // (of `row_length` values) in file sources[i].first ("." for this file), which need not
    // exist. Where a source is missing HDF5 reads `fill`.
    void write_virtual_rows(const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& sources,
                            std::uint64_t row_length, double fill);
    // A virtual dataset of rows without limit, row i from the 1-D dataset `dataset` in the
    // file `pattern` names with %b replaced by i ("frame_%b.h5"), as detectors write them.
    void write_virtual_pattern(const std::string& path, const std::string& pattern,
                               const std::string& dataset, std::uint64_t row_length);

    // Attributes on an existing dataset or group ("/" for the root). Text is stored as a
    // variable-length UTF-8 scalar, as h5py does; numbers as float64 or int32 scalars.
    void attr(const std::string& path, const std::string& name, std::string_view text);
    void attr(const std::string& path, const std::string& name, double value);
    void attr(const std::string& path, const std::string& name, int value);
    // A string attribute holding `bytes` as they are (not necessarily valid in its character
    // set), fixed length (bytes.size(), null-padded) or variable length, declared ASCII or
    // UTF-8: what older tools and Fortran codes write.
    void attr_bytes(const std::string& path, const std::string& name, std::string_view bytes,
                    bool variable_length, bool utf8);

    void close();  // optional; throws if HDF5 cannot flush the file

private:
    // hid_t is int64_t since HDF5 1.10; spelled out so this header needs no hdf5.h.
    using Id = std::int64_t;
    void write_raw(const std::string& path, const Shape& shape, std::size_t count, Id mem_type,
                   Id file_type, const void* data);
    void write_attr(const std::string& path, const std::string& name, Id type, const void* data);

    std::filesystem::path path_;
    Id file_ = -1;
};

// A file as a writer leaves it when killed: created with the latest format (superblock
// v3, whose status flags say "open for write"), a float64 dataset /x of 4 values written
// and flushed, never closed. Written by a child process that exits without closing.
void write_left_open(const std::filesystem::path& file);

// Sets the version of the first little-endian float64 datatype message in `file` to 7, which
// no HDF5 knows: opening that dataset fails with "bad version number for datatype message".
// Throws when there is none. Files from H5Writer have unchecksummed (v1) object headers.
void break_datatype_version(const std::filesystem::path& file);

// Flips every byte of the middle half of chunk `index` (in storage order) of the chunked
// dataset `dataset` in `file`, where the dataset's data is stored: the metadata stays
// intact, so the file and the dataset open and reading that chunk fails.
void corrupt_chunk(const std::filesystem::path& file, const std::string& dataset,
                   std::uint64_t index);

// The first `bytes` bytes of `file`, written to `cut`: a copy cut short, as by a full disk
// or an interrupted transfer.
void truncate_copy(const std::filesystem::path& file, const std::filesystem::path& cut,
                   std::size_t bytes);

// The 32-byte header of an empty netCDF-3 file: `version` 1 classic, 2 64-bit offset,
// 5 64-bit data (CDF-5).
void write_netcdf3(const std::filesystem::path& file, char version);

}  // namespace plotcluster::test
