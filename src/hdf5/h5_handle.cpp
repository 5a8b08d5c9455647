#include "h5_handle.hpp"

#include <mutex>

namespace plotcluster::h5 {

void quiet_errors() {
    static std::once_flag once;
    std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

namespace {
herr_t innermost(unsigned n, const H5E_error2_t* err, void* out) {
    // Frame 0 is where the error was detected: the most specific description.
    if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
    return 0;
}
}  // namespace

std::string last_error() {
    std::string message;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, innermost, &message);
    H5Eclear2(H5E_DEFAULT);
    return message.empty() ? std::string("unknown HDF5 error") : message;
}

Handle open_read_only(const std::string& path) {
    quiet_errors();
    Handle fapl = plist_handle(H5Pcreate(H5P_FILE_ACCESS));
    if (fapl) H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
    return file_handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl ? fapl.get() : H5P_DEFAULT));
}

}  // namespace plotcluster::h5
