#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"

namespace plotcluster {

struct CatalogOptions {
    bool follow_links = true;  // input.follow_links: catalog datasets behind external links
    // Called on rank 0 just before and just after each file is walked, so a crash inside
    // libhdf5 can be pinned on the file (the crash watch records both).
    std::function<void(const std::string& file)> before_file;
    std::function<void(const std::string& file)> after_file;
    // Files not to open at all, each with the reason it is left out (an earlier walk of it
    // crashed the process): listed in Catalog::unreadable with that reason.
    std::map<std::string, std::string> skip;
};

// Walks every file (read-only) and lists its datasets. A file that cannot be opened or
// walked is not an exception: it is listed in Catalog::unreadable with the reason
// ("not an HDF5 file (netCDF-3 classic format)"), and the other files are cataloged.
Catalog build_catalog(const std::vector<std::string>& files, const CatalogOptions& options = {});

}  // namespace plotcluster
