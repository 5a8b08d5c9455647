#pragma once
// Private to the catalog and reader: the HDF5 filters a dataset's data passes through,
// and which of them this process cannot run.
#include <hdf5.h>

#include <string>

namespace plotcluster::h5 {

// The name of a registered HDF5 filter id ("blosc" for 32001), or "" when unknown.
std::string filter_name(int id);

// Where HDF5 looks for filter plugins: "HDF5_PLUGIN_PATH=/opt/plugins", or
// "HDF5_PLUGIN_PATH unset; plugins searched in /usr/lib/x86_64-linux-gnu/hdf5/serial/plugins".
std::string plugin_search();

// "" when every filter of the open dataset is available (built in or loaded as a plugin,
// which this tries), else e.g. "dataset uses HDF5 filter 32001 (blosc), which is not
// installed (HDF5_PLUGIN_PATH unset; plugins searched in ...)".
std::string missing_filters(hid_t dataset);

}  // namespace plotcluster::h5
