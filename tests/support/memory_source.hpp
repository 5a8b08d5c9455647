#pragma once
// Test support: a Source (read/source.hpp) held in memory, so the renderer, the shared
// limits and the executor run without files. Datasets are doubles with a shape, a stored
// type to report, text attributes for the catalog and, optionally, CF attributes that
// `decode` applies as the HDF5 reader would. Copyable: each simulated rank gets its own.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plotcluster/read/cf_decode.hpp"
#include "plotcluster/read/source.hpp"

namespace plotcluster::test {

class MemorySource final : public Source {
public:
    struct Dataset {
        std::vector<std::uint64_t> shape;  // empty: a scalar
        std::vector<double> values;        // row-major, product of shape
        DType dtype{DType::Class::floating, 8, true, false, "float64"};
        std::map<std::string, std::string> attrs;  // as DatasetInfo::attrs
        // Set: what CF decoding reads (the stored type and the attributes in their types).
        std::optional<std::pair<CfStorage, CfAttributes>> cf;
        // Coordinates by data axis, as the file holds them: `described` carries name,
        // label, units, source and path; `values` 1-D, or 2-D of extents `shape` over the
        // data axes `spans`; `uniform` set instead of values for an openPMD-style grid.
        // `problem` makes read_coordinates fail for that axis. Names go to the catalog.
        struct Coordinate {
            AxisCoordinate described;
            std::vector<double> values;
            std::vector<std::uint64_t> shape;
            std::vector<std::size_t> spans;
            std::string problem;
        };
        std::map<std::size_t, Coordinate> coordinates;
        std::string value_units;
        double value_unit_si = 1;
    };

    explicit MemorySource(int rank = 0) : rank_(rank) {}

    // Adds (or replaces) a dataset; values.size() must equal the product of shape.
    Dataset& add(const std::string& file, const std::string& dataset, std::vector<std::uint64_t> shape,
                 std::vector<double> values, std::map<std::string, std::string> attrs = {});
    // Files listed but unreadable: their reason, as the catalog reports it.
    void unreadable(const std::string& file, std::string why) { broken_[file] = std::move(why); }

    const std::map<std::pair<std::string, std::string>, Dataset>& datasets() const { return data_; }
    // How many reads (read_slab, read_chunks, read_values) reached this source.
    std::uint64_t reads() const { return reads_; }
    // Every read of a dataset that exists takes at least this long (a slow disk or rank).
    void delay(std::chrono::microseconds d) { delay_ = d; }

    Catalog catalog(const std::vector<std::string>& files) override;
    Array read_slab(const std::string& file, const std::string& dataset,
                    const std::vector<std::int64_t>& fixed, bool decode = false) override;
    Streamed read_chunks(const std::string& file, const std::string& dataset,
                         const std::vector<std::int64_t>& fixed, std::uint64_t chunk,
                         const std::function<void(std::span<const double>)>& consume,
                         bool decode = false) override;
    Streamed read_values(const std::string& file, const std::string& dataset, std::uint64_t first,
                         std::span<double> out, bool decode = false) override;
    // As the HDF5 reader: place_coordinate() on each axis's Dataset::coordinates.
    Coordinates read_coordinates(const std::string& file, const std::string& dataset,
                                 const std::vector<std::int64_t>& fixed,
                                 const std::vector<std::size_t>& axes) override;

private:
    [[noreturn]] void fail(const std::string& file, const std::string& dataset,
                           const std::string& why) const;

    int rank_;
    std::map<std::pair<std::string, std::string>, Dataset> data_;  // (file, dataset)
    std::map<std::string, std::string> broken_;
    std::uint64_t reads_ = 0;
    std::chrono::microseconds delay_{0};
};

}  // namespace plotcluster::test
