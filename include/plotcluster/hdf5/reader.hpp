#pragma once
// The HDF5 source: the catalog (hdf5_catalog.hpp) and reading datasets on any rank.
// Keeps the most recently used file open, since a rank's tasks come sorted by file.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/hdf5/hdf5_catalog.hpp"
#include "plotcluster/read/array.hpp"
#include "plotcluster/read/source.hpp"

namespace plotcluster {

class Reader final : public Source {
public:
    // virtual_missing: fail refuses a virtual dataset whose source files or datasets are
    // missing (checked at every open); fill reads HDF5's fill value there. `catalog`
    // walks the files with `catalog_options`.
    explicit Reader(int rank, VirtualMissing virtual_missing = VirtualMissing::fail,
                    CatalogOptions catalog_options = {});
    ~Reader() override;
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    // Reads a numeric dataset converted to double. Throws DatasetError with the
    // "hdf5: cannot read dataset '/x' in 'f.h5' (rank 3): why" form.
    Array read(const std::string& file, const std::string& dataset);

    // Source: build_catalog (hdf5_catalog.hpp) with the options given at construction.
    Catalog catalog(const std::vector<std::string>& files) override;
    // Source: a hyperslab; errors in the form above.
    Array read_slab(const std::string& file, const std::string& dataset,
                    const std::vector<std::int64_t>& fixed, bool decode = false) override;
    Streamed read_chunks(const std::string& file, const std::string& dataset,
                         const std::vector<std::int64_t>& fixed, std::uint64_t chunk,
                         const std::function<void(std::span<const double>)>& consume,
                         bool decode = false) override;
    Streamed read_values(const std::string& file, const std::string& dataset, std::uint64_t first,
                         std::span<double> out, bool decode = false) override;
    // Source: native doubles stored contiguously viewed in place (the file's mapped
    // pages, a window per dataset for the last few datasets viewed), else read_values.
    Viewed view_values(const std::string& file, const std::string& dataset, std::uint64_t first,
                       std::size_t count, std::vector<double>& scratch,
                       bool decode = false) override;
    // Source: dimension scales, netCDF and CF coordinates, NeXus, openPMD (h5_coordinates).
    Coordinates read_coordinates(const std::string& file, const std::string& dataset,
                                 const std::vector<std::int64_t>& fixed,
                                 const std::vector<std::size_t>& axes) override;

    // "hdf5 1.10.8": the library this process runs with (for --version).
    static std::string library_version();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace plotcluster
