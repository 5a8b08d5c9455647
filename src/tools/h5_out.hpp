#pragma once
// Private to the sample-data tool: checked HDF5 writing helpers (HDF5 stays in src/tools).
#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace plotcluster::sample {

[[noreturn]] inline void fail(const std::string& what) { throw std::runtime_error(what); }

inline void check(herr_t status, const std::string& what) {
    if (status < 0) fail("cannot " + what);
}

// One HDF5 id, closed when it goes out of scope.
class Id {
public:
    Id(hid_t id, herr_t (*closer)(hid_t), const std::string& what) : id_(id), close_(closer) {
        if (id_ < 0) fail("cannot " + what);
    }
    Id(Id&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
    Id& operator=(Id&&) = delete;
    ~Id() {
        if (id_ >= 0) close_(id_);
    }
    operator hid_t() const { return id_; }
    // Closes now and reports failure, which the destructor could only ignore.
    herr_t close() { return close_(std::exchange(id_, -1)); }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

inline void write_attr(hid_t object, const char* name, hid_t mem_type, hid_t file_type,
                       const void* value) {
    const Id space(H5Screate(H5S_SCALAR), H5Sclose, "create dataspace");
    const Id attr(H5Acreate2(object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                  std::string("create attribute ") + name);
    check(H5Awrite(attr, mem_type, value), std::string("write attribute ") + name);
}

// Fixed-length, null-terminated: how C and Fortran simulation codes usually store text.
inline void write_string_attr(hid_t object, const char* name, const std::string& value) {
    const Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type, value.size() + 1), "set string size");
    write_attr(object, name, type, type, value.c_str());
}

// Creation properties without modification times: reruns then give byte-identical files.
inline Id untimed(hid_t plist_class) {
    Id plist(H5Pcreate(plist_class), H5Pclose, "create property list");
    check(H5Pset_obj_track_times(plist, false), "disable time tracking");
    return plist;
}

// Writes a contiguous dataset (parent group must exist) with its units and long_name.
inline void write_dataset(hid_t file, const std::string& path, const std::vector<hsize_t>& dims,
                          hid_t mem_type, hid_t file_type, const void* data,
                          const std::string& units, const std::string& long_name) {
    const Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                   "create dataspace for " + path);
    const Id dset(H5Dcreate2(file, path.c_str(), file_type, space, H5P_DEFAULT,
                             untimed(H5P_DATASET_CREATE), H5P_DEFAULT),
                  H5Dclose, "create dataset " + path);
    check(H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset " + path);
    write_string_attr(dset, "units", units);
    write_string_attr(dset, "long_name", long_name);
}

inline void make_group(hid_t file, const char* path) {
    const Id group(H5Gcreate2(file, path, H5P_DEFAULT, untimed(H5P_GROUP_CREATE), H5P_DEFAULT),
                   H5Gclose, std::string("create group ") + path);
}

}  // namespace plotcluster::sample
