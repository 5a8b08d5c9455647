#include "h5_filters.hpp"

#include <sys/types.h>

#include <array>
#include <cstdlib>
#include <utility>
#include <vector>

#include "h5_handle.hpp"

namespace plotcluster::h5 {

std::string filter_name(int id) {
    // HDF5's built-in filters and the registered third-party ones (The HDF Group's list of
    // registered filter plugins).
    static constexpr std::array<std::pair<int, const char*>, 32> known = {{
        {1, "deflate"},        {2, "shuffle"},      {3, "fletcher32"},  {4, "szip"},
        {5, "nbit"},           {6, "scaleoffset"},  {305, "lzo"},       {307, "bzip2"},
        {32000, "lzf"},        {32001, "blosc"},    {32002, "mafisc"},  {32003, "snappy"},
        {32004, "lz4"},        {32005, "apax"},     {32006, "cbf"},     {32007, "jpeg-xr"},
        {32008, "bitshuffle"}, {32009, "spdp"},     {32010, "lpc-rice"}, {32011, "ccsds-123"},
        {32012, "jpeg-ls"},    {32013, "zfp"},      {32014, "fpzip"},   {32015, "zstd"},
        {32016, "b3d"},        {32017, "sz"},       {32018, "fcidecomp"}, {32019, "jpeg"},
        {32020, "vbz"},        {32022, "bitgroom"}, {32024, "sz3"},     {32026, "blosc2"},
    }};
    for (const auto& [known_id, name] : known)
        if (known_id == id) return name;
    return {};
}

std::string plugin_search() {
    if (const char* env = std::getenv("HDF5_PLUGIN_PATH"); env != nullptr)
        return std::string("HDF5_PLUGIN_PATH=") + env;
    // HDF5's own table of search paths: the built-in default when the variable is unset.
    std::string paths;
    unsigned count = 0;
    if (H5PLsize(&count) >= 0) {
        for (unsigned i = 0; i < count; ++i) {
            const ssize_t n = H5PLget(i, nullptr, 0);
            if (n <= 0) continue;
            std::string path(static_cast<std::size_t>(n) + 1, '\0');
            if (H5PLget(i, path.data(), path.size()) < 0) continue;
            path.resize(static_cast<std::size_t>(n));
            paths += (paths.empty() ? "" : ":") + path;
        }
    }
    H5Eclear2(H5E_DEFAULT);
    return "HDF5_PLUGIN_PATH unset; plugins searched in " +
           (paths.empty() ? std::string("no directory") : paths);
}

std::string missing_filters(hid_t dataset) {
    // This only explains a failure HDF5 reports anyway (or warns in the catalog): a pipeline
    // that cannot be listed has no filter to name, and the caller's own error stands.
    Handle dcpl = plist_handle(H5Dget_create_plist(dataset));
    if (!dcpl) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    const int n = H5Pget_nfilters(dcpl.get());  // -1 on error: no filters to name
    std::vector<std::string> missing;
    for (int i = 0; i < n; ++i) {
        unsigned flags = 0;
        std::size_t n_values = 0;
        std::array<char, 256> stored_name{};
        unsigned config = 0;
        const H5Z_filter_t id = H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags,
                                               &n_values, nullptr, stored_name.size(),
                                               stored_name.data(), &config);
        if (id < 0) continue;  // an entry that cannot be read names no filter
        // Loads the plugin when one is on the search path; an error (negative) means this
        // process cannot run the filter either.
        if (H5Zfilter_avail(id) > 0) continue;
        std::string name = filter_name(id);
        if (name.empty()) name = stored_name.front() != '\0' ? stored_name.data() : "unregistered";
        missing.push_back(std::to_string(id) + " (" + name + ")");
    }
    H5Eclear2(H5E_DEFAULT);
    if (missing.empty()) return {};
    std::string list = missing.front();
    for (std::size_t i = 1; i < missing.size(); ++i)
        list += (i + 1 == missing.size() ? " and " : ", ") + missing[i];
    return "dataset uses HDF5 filter" + std::string(missing.size() > 1 ? "s " : " ") + list +
           (missing.size() > 1 ? ", which are" : ", which is") + " not installed (" +
           plugin_search() + ")";
}

}  // namespace plotcluster::h5
