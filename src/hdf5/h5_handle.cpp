#include "h5_handle.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <string_view>
#include <vector>

namespace plotcluster::h5 {

void quiet_errors() {
    static std::once_flag once;
    std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

namespace {
struct Frame {
    std::string desc;
    std::string minor;  // H5Eget_msg of the minor number: "File has been truncated"
};

herr_t collect_frame(unsigned /*n*/, const H5E_error2_t* err, void* out) {
    Frame frame;
    if (err->desc != nullptr) frame.desc = err->desc;
    char minor[128] = "";
    if (H5Eget_msg(err->min_num, nullptr, minor, sizeof minor) > 0) frame.minor = minor;
    static_cast<std::vector<Frame>*>(out)->push_back(std::move(frame));
    return 0;
}

// Wrappers that every failing call adds on its way out: they say that something failed,
// not what.
bool generic(const std::string& desc) {
    static const std::set<std::string, std::less<>> wrappers = {
        "unable to open file",        "file open failed",
        "open failed",                "unable to read superblock",
        "unable to open dataset",     "can't open dataset",
        "not found",                  "can't find object",
        "internal path traversal failed", "unable to open group",
        "unable to load type info from dataset header", "unable to read object header message",
        "unable to decode message",   "can't decode type",
        "unable to decode native message", "can't get object info"};
    return desc.empty() || wrappers.contains(desc);
}

// HDF5's descriptions with the parts a user cannot act on removed: the superblock's base
// address when it is 0, and the open call's flags and timestamp around the system's
// own words ("No such file or directory").
std::string tidy(std::string desc) {
    if (const auto at = desc.find(", sblock->base_addr = 0,"); at != std::string::npos)
        desc.erase(at, std::string_view(", sblock->base_addr = 0").size());
    const std::string_view system = "error message = '";
    if (const auto at = desc.find(system); desc.rfind("unable to open file", 0) == 0 &&
                                           at != std::string::npos) {
        const auto from = at + system.size();
        const auto to = desc.find('\'', from);
        if (to != std::string::npos) desc = desc.substr(from, to - from);
    }
    return desc;
}

bool has_numbers(const std::string& desc) {
    return desc.find(" = ") != std::string::npos &&
           std::any_of(desc.begin(), desc.end(), [](unsigned char c) { return std::isdigit(c); });
}
}  // namespace

std::string last_error() {
    std::vector<Frame> frames;  // innermost (where the error was detected) first
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_frame, &frames);
    H5Eclear2(H5E_DEFAULT);
    // The innermost frame that says something, and, when it gives no numbers, the first
    // other frame that does (as h5py shows them).
    std::string message;
    for (const auto& f : frames) {
        if (generic(f.desc)) continue;
        if (message.empty()) {
            message = tidy(f.desc);
            if (has_numbers(f.desc)) break;
        } else if (has_numbers(f.desc)) {
            message += " (" + tidy(f.desc) + ")";
            break;
        }
    }
    if (message.empty() && !frames.empty()) {
        // Only wrappers: the innermost one's error class still says more than nothing.
        message = frames.front().minor.empty() ? frames.front().desc : frames.front().minor;
    }
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
    Handle file = file_handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl ? fapl.get() : H5P_DEFAULT));
    if (!file && fapl) {
        // Closing the list is an API call, and every API call clears the error stack: keep
        // the open's errors for last_error().
        const hid_t errors = H5Eget_current_stack();
        fapl.reset();
        if (errors >= 0) H5Eset_current_stack(errors);
    }
    return file;
}

}  // namespace plotcluster::h5
