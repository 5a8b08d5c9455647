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

namespace {
// A fixed, small metadata cache. HDF5's adaptive cache keeps the object header of every
// dataset opened (with its decoded messages, about 2 KiB each beyond the cache's own
// accounting) and grows towards 32 MiB, so a rank's RSS crept up with every plot it read
// from one big file. Reading plots needs only the group's index nodes to stay warm.
void bound_metadata_cache(hid_t fapl) {
    H5AC_cache_config_t mdc{};
    mdc.version = H5AC__CURR_CACHE_CONFIG_VERSION;
    if (H5Pget_mdc_config(fapl, &mdc) < 0) return;
    constexpr std::size_t size = std::size_t{128} * 1024;
    mdc.set_initial_size = true;
    mdc.initial_size = size;
    mdc.max_size = size;
    mdc.min_size = size / 2;
    mdc.incr_mode = H5C_incr__off;
    mdc.flash_incr_mode = H5C_flash_incr__off;
    mdc.decr_mode = H5C_decr__off;
    H5Pset_mdc_config(fapl, &mdc);
}
}  // namespace

Handle open_read_only(const std::string& path) {
    quiet_errors();
    Handle fapl = plist_handle(H5Pcreate(H5P_FILE_ACCESS));
    if (fapl) {
        H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
        bound_metadata_cache(fapl.get());
    }
    return file_handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl ? fapl.get() : H5P_DEFAULT));
}

}  // namespace plotcluster::h5
