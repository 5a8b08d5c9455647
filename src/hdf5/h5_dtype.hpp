#pragma once
// Private: describing an HDF5 datatype as our plain DType.
#include <hdf5.h>

#include "plotcluster/catalog/catalog.hpp"

namespace plotcluster::h5 {

DType describe_type(hid_t type);

}  // namespace plotcluster::h5
