#pragma once
// Private to the reader: a dataset's values read straight from the pages of its file
// (mmap) instead of copied by H5Dread, where the file holds them exactly as they are used:
// native doubles, stored contiguously, uncompressed, by HDF5's default file driver. Every
// other layout, type or driver is read by HDF5.
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace plotcluster::h5 {

// Where dataset `ds` keeps its values in the file that holds it (which an external link
// makes another than the one opened): the file, the first value's byte and the bytes.
struct StoredDoubles {
    std::string file;
    std::uint64_t offset = 0;
    std::uint64_t bytes = 0;
};

// The values of `ds` as they are stored, when they can be used in place: native-order
// IEEE doubles, contiguous and allocated, no external storage, the sec2 driver, the first
// aligned for a double. nullopt otherwise (HDF5's errors cleared).
std::optional<StoredDoubles> stored_doubles(hid_t ds);

// One file's values viewed a window at a time, mapped read-only; each view unmaps the one
// before, so memory is the window's, however large the file. A file truncated while it is
// viewed makes the next touch of a missing page a SIGBUS (HDF5 would report it instead):
// the reader maps only what the file held when it looked.
class MappedValues {
public:
    // Opens the values of `stored`; ok() is false when the file cannot be opened or is
    // shorter than they are.
    explicit MappedValues(const StoredDoubles& stored);
    ~MappedValues();
    MappedValues(const MappedValues&) = delete;
    MappedValues& operator=(const MappedValues&) = delete;
    MappedValues(MappedValues&&) = delete;
    MappedValues& operator=(MappedValues&&) = delete;

    bool ok() const { return fd_ >= 0; }
    // Values [first, first + count) of the dataset (C order), valid until the next view;
    // empty when they cannot be mapped (the caller reads them through HDF5 then).
    std::span<const double> view(std::uint64_t first, std::size_t count);

private:
    void unmap();

    int fd_ = -1;
    std::uint64_t offset_ = 0, bytes_ = 0;
    void* base_ = nullptr;
    std::size_t length_ = 0;
};

}  // namespace plotcluster::h5
