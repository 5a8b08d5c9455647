#pragma once
// Private to the catalog and reader: where the coordinates of a dataset's axes are, by the
// conventions of core/coordinate.hpp in their order of precedence (dimension scales,
// netCDF coordinate variables, CF auxiliary coordinates, NeXus NXdata, openPMD meshes).
// Reads attributes and opens the datasets they name, never their values.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "plotcluster/core/coordinate.hpp"

namespace plotcluster::h5 {

struct AxisFinding {
    // name, label, units, source, path; for openPMD complete (form uniform), else index.
    AxisCoordinate coordinate;
    // The dataset holding the values, "" for none: 1-D along this axis, or 2-D along the
    // data axes `spans` (a CF auxiliary lat/lon, a 2-D NeXus axis).
    std::string values;
    std::vector<std::size_t> spans;
    // Why this axis's coordinate cannot be known (a scale that cannot be opened, openPMD
    // attributes that do not fit the data): the row that needs it fails with this.
    std::string problem;
};

struct Findings {
    std::vector<AxisFinding> axes;  // one per axis of the dataset
    std::string value_units;        // openPMD unitDimension as text
    double value_unit_si = 1;       // openPMD unitSI
};

// `ds` is the open dataset at absolute `path` in `file`, of extents `dims`. With
// names_only the CF `coordinates` attribute is not followed: it names no dimension.
// Clears the HDF5 errors of attributes it cannot read.
Findings find_coordinates(hid_t file, hid_t ds, const std::string& path,
                          const std::vector<std::uint64_t>& dims, bool names_only = false);

// The dimension name of each axis ("" where none is known), for the catalog.
std::vector<std::string> dimension_names(hid_t file, hid_t ds, const std::string& path,
                                         const std::vector<std::uint64_t>& dims);

}  // namespace plotcluster::h5
