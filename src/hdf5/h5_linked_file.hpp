#pragma once
// Private to the catalog and reader: where HDF5 looks for the file an external link or a
// virtual dataset's mapping names, so a missing one can be named with the folders searched.
#include <hdf5.h>

#include <string>
#include <vector>

namespace plotcluster::h5 {

struct LinkedFile {
    std::string path;                     // the file HDF5 would open, "" when none exists
    std::vector<std::string> looked_in;   // folders searched, in HDF5's order
};

// As HDF5 1.10 searches: an absolute name as written; then the bare file name under each
// entry of `env_prefix_var` (HDF5_EXT_PREFIX or HDF5_VDS_PREFIX, ':'-separated, with
// ${ORIGIN} for the linking file's folder), under the linking file's folder, and under
// the working directory.
LinkedFile find_linked_file(const std::string& name, const std::string& linking_file,
                            const char* env_prefix_var);

// "'/a', '/b'": the folders of `looked_in`, for messages.
std::string folders_text(const std::vector<std::string>& looked_in);

// The first soft or external link on the way to `path` in `file`, for a message about an
// object that cannot be opened: "external link '/entry/data' -> 'det.h5:/entry/data'",
// "soft link '/latest' -> '/run_7'"; "" when the path is all hard links, or HDF5 cannot
// follow it that far. Clears the error stack: take last_error() first.
std::string link_on_path(hid_t file, const std::string& path);

// The name of the file that holds object `id` (as HDF5 opened it), or "".
std::string file_name_of(hid_t id);

}  // namespace plotcluster::h5
