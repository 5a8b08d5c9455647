#pragma once
// Private to the catalog and reader: RAII for HDF5 ids and the error stack as text.
#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

namespace plotcluster::h5 {

// Owns one HDF5 id and closes it with the matching H5*close.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer) : id_(id), close_(closer) {}
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
    // Closes now and says whether HDF5 could (negative: it could not; last_error() says
    // why). For the ids whose close can fail in a way that matters.
    herr_t close() {
        const herr_t status = id_ >= 0 && close_ != nullptr ? close_(id_) : 0;
        id_ = -1;
        return status;
    }
    // Closing read-only ids fails only for an id HDF5 no longer knows, and there is nothing
    // to flush or retry: the status is dropped here (also while unwinding).
    void reset() { static_cast<void>(close()); }

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

// One frame of HDF5's error stack: the description the failing function gave, and the
// texts of its major and minor error classes ("File accessibility", "File has been
// truncated").
struct ErrorFrame {
    std::string desc;
    std::string major;
    std::string minor;
};

// The frames of an error stack, innermost (where the error was detected) first, as one
// bounded line: the innermost frame that says something ("truncated file: eof = 2000000,
// stored_eof = 3561320", "object 'rho' doesn't exist", "inflate() failed"), then each outer
// frame that adds to it, joined with "; ": one that names a file or an object or gives
// numbers ("unable to open external file, external link file name = 'det.h5'"), or says
// where in the file the failure was ("unable to read raw data chunk"). The frames every
// failing call adds on its way out ("unable to open file", "can't read data") and repeats
// are left out; an outer frame naming the same things as an inner one replaces it.
// "unknown HDF5 error" for no frames.
std::string error_text(const std::vector<ErrorFrame>& frames);

// error_text() of the current HDF5 error stack. Clears the stack. Any HDF5 API call
// clears it too: call this right after the failure.
std::string last_error();

// Whether the last HDF5 call left errors on the stack: for calls whose failure value is
// also a valid answer (H5Dget_storage_size returns 0 for both).
bool error_pending();

// Opens read-only with a file access list that closes cleanly (strong close degree),
// or returns an invalid handle; the caller reports last_error().
Handle open_read_only(const std::string& path);

}  // namespace plotcluster::h5
