#include "h5_linked_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace plotcluster::h5 {

namespace fs = std::filesystem;

LinkedFile find_linked_file(const std::string& name, const std::string& linking_file,
                            const char* env_prefix_var) {
    LinkedFile found;
    std::error_code ec;
    const fs::path written(name);
    const fs::path origin = fs::absolute(fs::path(linking_file), ec).parent_path();
    std::vector<fs::path> candidates;
    if (written.is_absolute()) candidates.push_back(written);
    // Past an absolute name that is missing, HDF5 searches for its last component.
    const fs::path bare = written.is_absolute() ? written.filename() : written;
    if (const char* env = std::getenv(env_prefix_var); env != nullptr) {
        std::string prefixes(env);
        for (std::size_t from = 0; from <= prefixes.size();) {
            const std::size_t to = std::min(prefixes.find(':', from), prefixes.size());
            std::string prefix = prefixes.substr(from, to - from);
            from = to + 1;
            if (prefix.empty()) continue;
            if (const auto at = prefix.find("${ORIGIN}"); at != std::string::npos)
                prefix.replace(at, 9, origin.string());
            candidates.push_back(fs::path(prefix) / bare);
        }
    }
    candidates.push_back(origin / bare);
    candidates.push_back(fs::absolute(bare, ec));
    for (const auto& candidate : candidates) {
        std::string folder = candidate.parent_path().lexically_normal().string();
        if (folder.size() > 1 && folder.back() == '/') folder.pop_back();
        if (std::find(found.looked_in.begin(), found.looked_in.end(), folder) ==
            found.looked_in.end())
            found.looked_in.push_back(folder);
        if (fs::is_regular_file(candidate, ec)) {
            found.path = candidate.lexically_normal().string();
            return found;
        }
    }
    return found;
}

std::string folders_text(const std::vector<std::string>& looked_in) {
    std::string text;
    for (const auto& folder : looked_in) text += (text.empty() ? "'" : ", '") + folder + "'";
    return text;
}

std::string link_on_path(hid_t file, const std::string& path) {
    std::string text;
    for (std::size_t end = path.find('/', 1); text.empty(); end = path.find('/', end + 1)) {
        const std::string part = path.substr(0, end);
        H5L_info_t info{};
        // A missing or unreadable step ends the search: the caller's error says why.
        if (part.empty() || part == "/" || H5Lget_info(file, part.c_str(), &info, H5P_DEFAULT) < 0)
            break;
        if (info.type == H5L_TYPE_SOFT || info.type == H5L_TYPE_EXTERNAL) {
            std::string value(info.u.val_size + 1, '\0');
            const char* target_file = nullptr;
            const char* target = nullptr;
            if (H5Lget_val(file, part.c_str(), value.data(), value.size(), H5P_DEFAULT) < 0) break;
            if (info.type == H5L_TYPE_SOFT) {
                text = "soft link '" + part + "' -> '" + value.c_str() + "'";
            } else if (H5Lunpack_elink_val(value.data(), info.u.val_size, nullptr, &target_file,
                                           &target) >= 0 &&
                       target_file != nullptr && target != nullptr) {
                text = "external link '" + part + "' -> '" + target_file + ":" + target + "'";
            }
            break;
        }
        if (end == std::string::npos) break;
    }
    H5Eclear2(H5E_DEFAULT);
    return text;
}

std::string file_name_of(hid_t id) {
    const ssize_t size = H5Fget_name(id, nullptr, 0);
    if (size <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    std::string name(static_cast<std::size_t>(size) + 1, '\0');
    if (H5Fget_name(id, name.data(), name.size()) != size) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    name.resize(static_cast<std::size_t>(size));
    return name;
}

}  // namespace plotcluster::h5
