#pragma once
// Where plots' data comes from: a catalog of the input files, and reads of a selection
// of one dataset. The HDF5 reader (hdf5/reader.hpp) is one source; tests use one held in
// memory. Other conventions (netCDF/CF, openPMD, NeXus) plug in here.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/core/coordinate.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/array.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster {

class Source {
public:
    virtual ~Source() = default;

    // Lists the datasets of `files`. A file that cannot be read is no exception: it is
    // listed in Catalog::unreadable with the reason.
    virtual Catalog catalog(const std::vector<std::string>& files) = 0;

    // Reads the selection where the axes with fixed[a] >= 0 sit at that index (one entry
    // per axis of the dataset, -1 = whole axis; empty = no axis fixed) as doubles. The
    // shape returned keeps only the axes that are neither fixed nor of length 1. With
    // `decode` the values are CF-decoded from the dataset's attributes (read/cf_decode.hpp)
    // and Array::decoded says how. Throws DatasetError naming the dataset, file and rank.
    virtual Array read_slab(const std::string& file, const std::string& dataset,
                            const std::vector<std::int64_t>& fixed, bool decode = false) = 0;

    // Streams a selection (as read_slab selects it) to `consume` in C order, at most
    // `chunk` values at a time (whole rows of the inner axes when they fit), so data
    // larger than memory can be reduced as it is read; with `decode`, each chunk
    // CF-decoded.
    struct Streamed {
        std::uint64_t values = 0;
        std::vector<std::string> decoded;  // as Array::decoded
    };
    virtual Streamed read_chunks(const std::string& file, const std::string& dataset,
                                 const std::vector<std::int64_t>& fixed, std::uint64_t chunk,
                                 const std::function<void(std::span<const double>)>& consume,
                                 bool decode = false) = 0;

    // Values [first, first + out.size()) of a whole dataset in C order into `out`, whole
    // rows of its first axis, with `decode` CF-decoded: a companion read in step with the
    // chunks of its data. An empty `out` reads nothing; `values` is the dataset's count.
    // Throws DatasetError for a range that is not whole rows inside the dataset.
    virtual Streamed read_values(const std::string& file, const std::string& dataset,
                                 std::uint64_t first, std::span<double> out,
                                 bool decode = false) = 0;

    // As read_values, values [first, first + count) of a whole dataset, where the source
    // can hand them where they lie (a file's mapped pages) instead of copying them into
    // `scratch`: the span is valid until the next view of the same dataset into the same
    // `scratch`, or until `scratch` changes. The default reads them into `scratch`.
    struct Viewed {
        std::span<const double> values;
        Streamed read;
    };
    virtual Viewed view_values(const std::string& file, const std::string& dataset,
                               std::uint64_t first, std::size_t count,
                               std::vector<double>& scratch, bool decode = false);

    // The coordinates of the data axes `axes` (indices into the dataset's axes, in the
    // order wanted) of the selection read_slab reads with `fixed`: one entry per axis
    // asked for, each found by the first convention that places it (core/coordinate.hpp;
    // else indices), its values CF-decoded (packing and masking always apply to them).
    // A 2-D coordinate becomes 1-D when the other of its axes is fixed. Throws
    // DatasetError when a coordinate the file names cannot be read or does not fit: the
    // message names the dataset, the axis, the coordinate's path and convention, and the
    // lengths ("... axis 0 ('lat') from netCDF coordinate variable '/lat': 181 values fit
    // neither its 180 cells nor their 181 edges").
    virtual Coordinates read_coordinates(const std::string& file, const std::string& dataset,
                                         const std::vector<std::int64_t>& fixed,
                                         const std::vector<std::size_t>& axes) = 0;
};

// The selection `fixed` (one entry per axis of `dataset`, as the plan resolved it) with
// each slice by value of `slices` at its cell: the one nearest the value among the axis's
// coordinates, as nearest_cell picks it. With `describe`, `text` says where every slice
// cut, in axis order, for a title's {slice}: "z = 0.25 m" where the axis has coordinates
// (the picked cell's centre and the coordinate's units), "z[4]" where it has a name but
// none, "axis 0 = 4" where it has neither. Throws DatasetError when a value cannot be
// picked (the axis has no coordinates, the value lies outside them, ...).
struct SlicePick {
    std::vector<std::int64_t> fixed;
    std::string text;
};
SlicePick pick_slices(Source& source, const std::string& file, const std::string& dataset,
                      std::vector<std::int64_t> fixed, const std::vector<TaskSlice>& slices,
                      bool describe);

// Reads what one task draws: its dataset(s), sliced as the plan resolved (task.fixed,
// task.member_fixed; slices by value picked first, see pick_slices), with their labels,
// and its x (squeezed to 1-D); CF-decoded when the rule's `decode` is on. For a kind that
// draws coordinates, the coordinates of the kept axes (PlotData::coordinates): a rule's
// `x`/`y` dataset that is not monotonic or fits neither the cells nor their edges, or a
// file's coordinate that read_coordinates refuses, throws DatasetError saying which
// dataset, its length and the axis.
PlotData read_plot(Source& source, const PlotTask& task, const PlotRule& rule);

// openPMD: data.value_units from `found`, and every series scaled to SI by its unitSI.
void take_value_units(PlotData& data, const Coordinates& found);

}  // namespace plotcluster
