#pragma once
// Private to the reader: a dataset's CF attributes read in their own types, for
// read/cf_decode.hpp.
#include <hdf5.h>

#include "plotcluster/read/cf_decode.hpp"

namespace plotcluster::h5 {

// The decoder for an open dataset, from its attributes, stored type, fill value property
// and whether netCDF-4 wrote the file. An attribute that cannot be read counts as absent.
CfDecoder cf_decoder(hid_t dataset, const DType& stored);

}  // namespace plotcluster::h5
