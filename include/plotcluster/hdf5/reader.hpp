#pragma once
// Reading datasets on any rank. Keeps the most recently used file open, since a rank's
// tasks come sorted by file.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/array.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster {

class Reader {
public:
    // virtual_missing: fail refuses a virtual dataset whose source files or datasets are
    // missing (checked at every open); fill reads HDF5's fill value there.
    explicit Reader(int rank, VirtualMissing virtual_missing = VirtualMissing::fail);
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    // Reads a numeric dataset converted to double. Throws DatasetError with the
    // "hdf5: cannot read dataset '/x' in 'f.h5' (rank 3): why" form.
    Array read(const std::string& file, const std::string& dataset);

    // Reads only the hyperslab where the axes with fixed[a] >= 0 sit at that index (one
    // entry per axis of the dataset, -1 = whole axis; empty = no axis fixed). The shape
    // returned keeps only the axes that are neither fixed nor of length 1. With `decode`
    // the values are CF-decoded (read/cf_decode.hpp) and Array::decoded says how.
    Array read_slab(const std::string& file, const std::string& dataset,
                    const std::vector<std::int64_t>& fixed, bool decode = false);

    // Streams a hyperslab with one kept axis (as read_slab selects it) to `consume`, in
    // order, `chunk` values at a time, so data larger than memory can be reduced as it is
    // read; with `decode`, each chunk CF-decoded.
    struct Streamed {
        std::uint64_t values = 0;
        std::vector<std::string> decoded;  // as Array::decoded
    };
    Streamed read_chunks(const std::string& file, const std::string& dataset,
                         const std::vector<std::int64_t>& fixed, std::uint64_t chunk,
                         const std::function<void(std::span<const double>)>& consume,
                         bool decode = false);

    // Reads what one task draws: its dataset(s), sliced as the plan resolved (task.fixed,
    // task.member_fixed), with their labels, and its x (squeezed to 1-D); CF-decoded when
    // the rule's `decode` is on.
    PlotData read_plot(const PlotTask& task, const PlotRule& rule);

    // "hdf5 1.10.8": the library this process runs with (for --version).
    static std::string library_version();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace plotcluster
