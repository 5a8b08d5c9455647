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
    // Failing only makes HDF5 print its stacks to stderr besides our messages: no reason
    // to stop.
    std::call_once(once, [] { static_cast<void>(H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr)); });
}

namespace {
constexpr std::size_t max_frame_text = 200;
constexpr std::size_t max_error_text = 400;

// Wrappers that every failing call adds on its way out: they say that something failed,
// not what.
bool generic(std::string_view desc) {
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

// Outer frames worth keeping although they name nothing: they say in which part of the
// file the failure was. Each is left out when the text kept so far already says so.
struct Where {
    std::string_view desc;
    std::string_view says;  // lower case
};
constexpr Where where_frames[] = {
    {"unable to read raw data chunk", "raw data chunk"},
    {"unable to load B-tree node", "b-tree"},
    {"unable to load object header", "object header"},
    {"unable to load symbol table node", "symbol table"},
    {"unable to protect symbol table node", "symbol table"},
    {"unable to follow symbolic link", "symbolic link"},
};

const Where* where_frame(std::string_view desc) {
    for (const auto& w : where_frames)
        if (w.desc == desc) return &w;
    return nullptr;
}

void remove_part(std::string& text, std::string_view part) {
    if (const auto at = text.find(part); at != std::string::npos) text.erase(at, part.size());
}

// HDF5's descriptions with the parts a user cannot act on removed: the superblock's base
// address when it is 0; the open call's flags and timestamp around the system's own words
// ("No such file or directory"); the temporary name of an external file's open; and the
// line breaks HDF5 puts in some. "" for a frame that then says nothing: the file open's
// time and flags, whose file our message names anyway.
std::string tidy(std::string desc) {
    std::replace_if(desc.begin(), desc.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    remove_part(desc, ", sblock->base_addr = 0");
    if (desc.starts_with("unable to open file: time = ")) return {};
    const std::string_view system = "error message = '";
    if (const auto at = desc.find(system); desc.starts_with("unable to open file") &&
                                           at != std::string::npos) {
        const auto from = at + system.size();
        const auto to = desc.find('\'', from);
        if (to != std::string::npos) desc = desc.substr(from, to - from);
    }
    if (const auto at = desc.find(", temp_file_name = '"); at != std::string::npos) {
        const auto to = desc.find('\'', at + 20);
        desc.erase(at, to == std::string::npos ? std::string::npos : to + 1 - at);
    }
    while (!desc.empty() && desc.back() == ' ') desc.pop_back();
    return desc;
}

// The 'quoted' names in a description (a file, an object, a filter), in order. An
// apostrophe inside a word ("doesn't") starts none.
std::vector<std::string> quoted_names(std::string_view desc) {
    std::vector<std::string> names;
    for (std::size_t at = desc.find('\''); at != std::string_view::npos; at = desc.find('\'', at + 1)) {
        const bool opens = at == 0 || std::string_view(" =(\"").find(desc[at - 1]) != std::string_view::npos;
        if (!opens) continue;
        std::size_t to = at;
        do {
            to = desc.find('\'', to + 1);
        } while (to != std::string_view::npos && to + 1 < desc.size() &&
                 std::string_view(" ,;:).").find(desc[to + 1]) == std::string_view::npos);
        if (to == std::string_view::npos) break;
        names.emplace_back(desc.substr(at + 1, to - at - 1));
        at = to;
    }
    return names;
}

// "eof = 1024": a number HDF5 found or expected.
bool has_numbers(std::string_view desc) {
    for (std::size_t at = desc.find("= "); at != std::string_view::npos; at = desc.find("= ", at + 1)) {
        if (at + 2 < desc.size() && std::isdigit(static_cast<unsigned char>(desc[at + 2])) != 0) return true;
    }
    return false;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// At most `max` bytes, cut before a UTF-8 continuation byte and marked with "…".
std::string bounded(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t cut = max - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text + "\u2026";
}

herr_t collect_frame(unsigned /*n*/, const H5E_error2_t* err, void* out) {
    ErrorFrame frame;
    if (err->desc != nullptr) frame.desc = err->desc;
    char text[128] = "";
    // A class whose text cannot be had stays "": the description still says what failed.
    if (H5Eget_msg(err->maj_num, nullptr, text, sizeof text) > 0) frame.major = text;
    text[0] = '\0';
    if (H5Eget_msg(err->min_num, nullptr, text, sizeof text) > 0) frame.minor = text;
    static_cast<std::vector<ErrorFrame>*>(out)->push_back(std::move(frame));
    return 0;
}
}  // namespace

std::string error_text(const std::vector<ErrorFrame>& frames) {
    // The cause: the innermost frame that is more than a wrapper.
    std::size_t cause = 0;
    while (cause < frames.size() &&
           (generic(frames[cause].desc) || generic(tidy(frames[cause].desc))))
        ++cause;
    if (cause == frames.size()) {
        if (frames.empty()) return "unknown HDF5 error";
        // Only wrappers: the innermost one's error class still says more than nothing.
        const ErrorFrame& f = frames.front();
        const std::string text = tidy(f.minor.empty() ? f.desc : f.minor);
        return text.empty() ? "unknown HDF5 error" : bounded(text, max_error_text);
    }
    std::vector<std::string> kept = {tidy(frames[cause].desc)};
    for (std::size_t i = cause + 1; i < frames.size(); ++i) {
        std::string text = tidy(frames[i].desc);
        if (text.empty() || std::find(kept.begin(), kept.end(), text) != kept.end()) continue;
        if (const Where* where = where_frame(text)) {
            std::string so_far;
            for (const auto& k : kept) so_far += lower(k) + '\n';
            if (so_far.find(where->says) == std::string::npos) kept.push_back(std::move(text));
            continue;
        }
        const std::vector<std::string> names = quoted_names(text);
        if (names.empty() && !has_numbers(text)) continue;
        // An outer frame naming the same things says them with more context.
        if (!names.empty()) {
            std::erase_if(kept, [&names](const std::string& k) { return quoted_names(k) == names; });
        }
        kept.push_back(std::move(text));
    }
    std::string message;
    for (const auto& k : kept) {
        if (k.empty()) continue;
        message += (message.empty() ? "" : "; ") + bounded(k, max_frame_text);
    }
    return message.empty() ? std::string("unknown HDF5 error") : bounded(message, max_error_text);
}

std::string last_error() {
    std::vector<ErrorFrame> frames;  // innermost (where the error was detected) first
    // A stack that cannot be walked gives no frames: "unknown HDF5 error" is then the truth.
    static_cast<void>(H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_frame, &frames));
    static_cast<void>(H5Eclear2(H5E_DEFAULT));  // fails only for a bad stack id
    return error_text(frames);
}

bool error_pending() { return H5Eget_num(H5E_DEFAULT) > 0; }

namespace {
// A fixed, small metadata cache. HDF5's adaptive cache keeps the object header of every
// dataset opened (with its decoded messages, about 2 KiB each beyond the cache's own
// accounting) and grows towards 32 MiB, so a rank's RSS crept up with every plot it read
// from one big file. Reading plots needs only the group's index nodes to stay warm.
void bound_metadata_cache(hid_t fapl) {
    H5AC_cache_config_t mdc{};
    mdc.version = H5AC__CURR_CACHE_CONFIG_VERSION;
    // Where the cache cannot be configured the file opens with HDF5's adaptive one: more
    // memory, the same data. Nothing to report.
    if (H5Pget_mdc_config(fapl, &mdc) < 0) return;
    constexpr std::size_t size = std::size_t{128} * 1024;
    mdc.set_initial_size = true;
    mdc.initial_size = size;
    mdc.max_size = size;
    mdc.min_size = size / 2;
    mdc.incr_mode = H5C_incr__off;
    mdc.flash_incr_mode = H5C_flash_incr__off;
    mdc.decr_mode = H5C_decr__off;
    static_cast<void>(H5Pset_mdc_config(fapl, &mdc));
}

// Closes `h` with the error stack as it was before: closing is an API call, and every API
// call clears the stack, which still holds why the open failed.
void close_keeping_errors(Handle& h) {
    const hid_t errors = H5Eget_current_stack();
    h.reset();
    // Without a copy of the stack (no memory for it) the reason is lost, and last_error()
    // says "unknown HDF5 error".
    if (errors >= 0) static_cast<void>(H5Eset_current_stack(errors));
}
}  // namespace

Handle open_read_only(const std::string& path) {
    quiet_errors();
    Handle fapl = plist_handle(H5Pcreate(H5P_FILE_ACCESS));
    if (!fapl) return {};  // the stack says why
    if (H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0) {
        close_keeping_errors(fapl);
        return {};
    }
    bound_metadata_cache(fapl.get());
    Handle file = file_handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()));
    if (!file) close_keeping_errors(fapl);
    return file;
}

}  // namespace plotcluster::h5
