#pragma once
// One dataset of one input file, as messages, the plan and the manifest name it.
#include <string>

namespace plotcluster {

struct DatasetRef {
    std::string file;     // as the catalog lists it
    std::string dataset;  // absolute HDF5 path
    friend bool operator==(const DatasetRef&, const DatasetRef&) = default;
};

}  // namespace plotcluster
