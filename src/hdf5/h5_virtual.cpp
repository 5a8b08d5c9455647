#include "h5_virtual.hpp"

#include <optional>

#include "h5_handle.hpp"
#include "h5_linked_file.hpp"

namespace plotcluster::h5 {

namespace {

// A mapping's file or dataset name (H5Pget_virtual_filename/dsetname); nothing on error
// (last_error() says why).
template <class Get>
std::optional<std::string> mapping_name(Get get, hid_t dcpl, std::size_t i) {
    const ssize_t size = get(dcpl, i, nullptr, 0);
    if (size < 0) return std::nullopt;
    std::string name(static_cast<std::size_t>(size) + 1, '\0');
    if (get(dcpl, i, name.data(), name.size()) != size) return std::nullopt;
    name.resize(static_cast<std::size_t>(size));
    return name;
}

// printf-style names: "%b" is a block number, "%%" a literal '%'.
bool patterned(const std::string& name) {
    for (std::size_t at = name.find('%'); at != std::string::npos; at = name.find('%', at + 2)) {
        if (at + 1 < name.size() && name[at + 1] == 'b') return true;
    }
    return false;
}

std::string unescaped(std::string name) {
    for (std::size_t at = name.find("%%"); at != std::string::npos; at = name.find("%%", at + 1))
        name.erase(at, 1);
    return name;
}

// "" when `file` holds a dataset at `dataset`, else why not.
std::string dataset_missing(hid_t file, const std::string& dataset, const std::string& where) {
    H5O_info_t info{};
    if (H5Oget_info_by_name2(file, dataset.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_DATASET) {
        H5Eclear2(H5E_DEFAULT);
        return "no dataset '" + dataset + "' in " + where;
    }
    return {};
}

std::string source_problem(const std::string& written, const std::string& dataset,
                           const std::string& vds_file, hid_t own_file, SourceCache* cache) {
    if (written == ".") return dataset_missing(own_file, dataset, "its own file");
    const LinkedFile found = find_linked_file(written, vds_file, "HDF5_VDS_PREFIX");
    if (found.path.empty()) {
        return "file '" + written + "' not found (looked in " + folders_text(found.looked_in) + ")";
    }
    const std::string key = found.path + '\n' + dataset;
    if (cache != nullptr) {
        if (const auto it = cache->find(key); it != cache->end()) return it->second;
    }
    std::string why;
    Handle source = open_read_only(found.path);
    if (!source) {
        why = "file '" + found.path + "' cannot be opened: " + last_error();
    } else {
        why = dataset_missing(source.get(), dataset, "'" + found.path + "'");
    }
    if (cache != nullptr) cache->emplace(key, why);
    return why;
}

}  // namespace

VirtualSources check_virtual_sources(hid_t ds, SourceCache* cache) {
    VirtualSources out;
    // A dataset whose layout cannot be had is checked as not virtual: reading it fails
    // with HDF5's own reason, which says more than a guess here.
    Handle dcpl = plist_handle(H5Dget_create_plist(ds));
    if (!dcpl || H5Pget_layout(dcpl.get()) != H5D_VIRTUAL) {
        H5Eclear2(H5E_DEFAULT);
        return out;
    }
    out.is_virtual = true;
    std::size_t count = 0;
    if (H5Pget_virtual_count(dcpl.get(), &count) < 0) {
        out.missing.push_back("cannot list its sources: " + last_error());
        return out;
    }
    const std::string vds_file = file_name_of(ds);
    Handle own = file_handle(H5Iget_file_id(ds));
    if (!own) {
        out.missing.push_back("cannot tell which file holds it: " + last_error());
        return out;
    }
    std::map<std::pair<std::string, std::string>, bool> seen;
    for (std::size_t i = 0; i < count; ++i) {
        const std::optional<std::string> file = mapping_name(H5Pget_virtual_filename, dcpl.get(), i);
        const std::optional<std::string> dataset =
            file ? mapping_name(H5Pget_virtual_dsetname, dcpl.get(), i) : std::nullopt;
        if (!file || !dataset) {
            out.missing.push_back("cannot read the names of mapping " + std::to_string(i) + ": " +
                                  last_error());
            continue;
        }
        if (patterned(*file) || patterned(*dataset)) {
            ++out.patterned;
            continue;
        }
        const auto [it, fresh] = seen.try_emplace({unescaped(*file), unescaped(*dataset)}, true);
        if (!fresh) continue;
        ++out.sources;
        std::string why =
            source_problem(it->first.first, it->first.second, vds_file, own.get(), cache);
        if (!why.empty()) out.missing.push_back(std::move(why));
    }
    return out;
}

std::string missing_sources_text(const VirtualSources& sources) {
    if (sources.missing.empty()) return {};
    constexpr std::size_t shown = 3;
    const std::size_t n = sources.missing.size();
    std::string text = n == 1 ? std::string("virtual dataset source missing: ")
                              : std::to_string(n) + " of the virtual dataset's " +
                                    std::to_string(sources.sources) + " sources missing: ";
    for (std::size_t i = 0; i < n && i < shown; ++i) text += (i ? "; " : "") + sources.missing[i];
    if (n > shown) text += "; and " + std::to_string(n - shown) + " more";
    return text;
}

}  // namespace plotcluster::h5
