#pragma once
// Private to the catalog and reader: RAII for HDF5 ids and the error stack as text.
#include <hdf5.h>

#include <string>
#include <utility>

namespace plotcluster::h5 {

// Owns one HDF5 id and closes it with the matching H5*close.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer close) : id_(id), close_(close) {}
    ~Handle() { reset(); }
    Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, -1);
            close_ = other.close_;
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }
    explicit operator bool() const { return valid(); }
    void reset() {
        if (id_ >= 0 && close_ != nullptr) close_(id_);
        id_ = -1;
    }

private:
    hid_t id_ = -1;
    Closer close_ = nullptr;
};

inline Handle file_handle(hid_t id) { return {id, H5Fclose}; }
inline Handle dataset_handle(hid_t id) { return {id, H5Dclose}; }
inline Handle space_handle(hid_t id) { return {id, H5Sclose}; }
inline Handle type_handle(hid_t id) { return {id, H5Tclose}; }
inline Handle attr_handle(hid_t id) { return {id, H5Aclose}; }
inline Handle plist_handle(hid_t id) { return {id, H5Pclose}; }

// Silences HDF5's own printing of error stacks (once per process); errors are reported
// through our messages instead.
void quiet_errors();

// What the current HDF5 error stack says, from the frame where the error was detected,
// as h5py shows it: "truncated file: eof = 2000000, stored_eof = 3561320", "bad version
// number for datatype message"; the generic frames every failing call adds on its way out
// ("unable to open file") are left out. "unknown HDF5 error" when the stack is empty.
// Clears the stack. Any HDF5 API call clears it too: call this right after the failure.
std::string last_error();

// Opens read-only with a file access list that closes cleanly (strong close degree),
// or returns an invalid handle; the caller reports last_error().
Handle open_read_only(const std::string& path);

}  // namespace plotcluster::h5
