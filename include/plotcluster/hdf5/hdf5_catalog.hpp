#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"

namespace plotcluster {

struct CatalogOptions {
    bool follow_links = true;  // input.follow_links: catalog datasets behind external links
    // input.virtual_missing: fail. A virtual dataset whose source files or datasets are
    // missing gets DatasetInfo::problem; false (fill): only DatasetInfo::note.
    bool virtual_missing_fails = true;
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
//
// Links: a soft link to a dataset, a second hard link and an external link are cataloged
// under their own paths, with DatasetInfo::link saying what they point to. External links
// are followed (into groups too, relative to the linking file's folder as HDF5 resolves
// them) and read through the input file; a dangling one is an entry with `problem` naming
// the missing file or object. One object reached by several paths (compared by file and
// object address) is an alias after its first path in catalog order (alias_of). Soft links
// to groups are not walked: what they hold is cataloged under its own path.
Catalog build_catalog(const std::vector<std::string>& files, const CatalogOptions& options = {});

}  // namespace plotcluster
