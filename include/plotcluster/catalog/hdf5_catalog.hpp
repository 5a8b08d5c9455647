#pragma once
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"

namespace plotcluster {

// Walks every file (read-only) and lists its datasets. A file that is not HDF5 or cannot
// be opened is a SetupError ("hdf5: cannot open 'x.h5': not an HDF5 file").
Catalog build_catalog(const std::vector<std::string>& files);

}  // namespace plotcluster
