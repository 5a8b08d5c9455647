#pragma once
// Private to the catalog: what a file that is not HDF5 is instead, from its first bytes,
// so "not an HDF5 file" can say "(netCDF-3 classic format)".
#include <string>

namespace plotcluster {

// "netCDF-3 classic format", "the file is empty", "text: 'x,y,z'", or "" when the bytes
// say nothing known.
std::string non_hdf5_kind(const std::string& file);

}  // namespace plotcluster
