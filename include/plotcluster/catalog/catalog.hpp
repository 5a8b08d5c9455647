#pragma once
// The catalog: which datasets the input files hold, with shape, type and attributes.
// Plain values; the HDF5 walk that fills it lives in hdf5_catalog.hpp.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plotcluster {

struct DType {
    enum class Class { integer, floating, other };
    Class cls = Class::other;
    int bytes = 0;
    bool is_signed = true;
    bool big_endian = false;
    std::string name;  // "float64", "int32 (big-endian)", "compound", "string", ...

    bool numeric() const { return cls != Class::other; }
};

struct DatasetInfo {
    std::string file;     // input file path as expanded from input.files
    std::string dataset;  // absolute path inside the file ("/fields/rho")
    std::vector<std::uint64_t> shape;  // empty for a scalar dataset
    DType dtype;
    std::map<std::string, std::string> attrs;  // scalar string/number attributes as text

    std::uint64_t elements() const;
};

struct Catalog {
    std::vector<std::string> files;     // in the order given (sorted per pattern)
    std::vector<DatasetInfo> datasets;  // sorted by (file, dataset)
};

}  // namespace plotcluster
