#pragma once
// Private to the catalog and reader: a virtual dataset's (VDS) source files and datasets,
// checked, since HDF5 reads the fill value wherever a source is missing, without a word.
#include <hdf5.h>

#include <map>
#include <string>
#include <vector>

namespace plotcluster::h5 {

struct VirtualSources {
    bool is_virtual = false;
    std::size_t sources = 0;    // distinct (file, dataset) pairs mapped with literal names
    std::size_t patterned = 0;  // mappings named by printf-style patterns (%b): not checked
    // Why each missing source cannot be read: "file 'src_1.h5' not found (looked in
    // '/data/run')", "no dataset '/data' in '/data/run/src_1.h5'".
    std::vector<std::string> missing;
};

// What a source ("file\ndataset", resolved) was found to be: "" or why it is missing.
// Shared across datasets, since one source file often feeds many of them.
using SourceCache = std::map<std::string, std::string>;

// Checks every source of `ds` (not virtual: is_virtual false, nothing else checked). A
// source file named "." is the virtual dataset's own file; others are searched for as
// HDF5 does (HDF5_VDS_PREFIX, the virtual dataset's folder, the working directory).
VirtualSources check_virtual_sources(hid_t ds, SourceCache* cache = nullptr);

// "virtual dataset source missing: file 'src_1.h5' not found (looked in '/d')", or "2 of
// the virtual dataset's 4 sources missing: ..." with up to three reasons; "" when none is.
std::string missing_sources_text(const VirtualSources& sources);

}  // namespace plotcluster::h5
