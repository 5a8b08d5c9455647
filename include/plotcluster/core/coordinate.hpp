#pragma once
// Where the cells of one axis of a dataset sit, in physical coordinates, as the file says
// (HDF5 dimension scales, netCDF coordinate variables, NeXus NXdata, openPMD meshes), and
// the pure arithmetic on it: checks, cell edges, the cell nearest to a value. The HDF5
// source finds and reads them; figures draw with them.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plotcluster {

// The convention a coordinate was found by, in the order of precedence.
enum class CoordinateSource {
    none,             // no coordinate: array indices
    rule,             // the rule's own `x:` / `y:` dataset, which wins over the file's
    dimension_scale,  // an HDF5 dimension scale attached to the axis (netCDF-4, h5py, Dedalus)
    netcdf_variable,  // a netCDF coordinate variable: a 1-D variable named as the dimension
    cf_auxiliary,     // a variable the CF `coordinates` attribute names (2-D lat/lon)
    nexus,            // NeXus NXdata: @axes, AXISNAME_indices
    openpmd,          // openPMD mesh attributes (gridSpacing, gridGlobalOffset, ...)
};

// "dimension scale", "netCDF coordinate variable", ...: for messages and the manifest.
std::string_view coordinate_source_name(CoordinateSource source);

struct AxisCoordinate {
    enum class Form {
        index,        // none found: cell i is at i
        uniform,      // cell i is centred at start + i * step (step may be negative)
        points,       // `values` holds the n cell centres, strictly monotonic
        edges,        // `values` holds the n + 1 cell edges, strictly monotonic
        curvilinear,  // `values` holds this coordinate of every cell of a 2-D slice
    };

    std::string name;   // the dimension's name ("lat", "x"); "" when the file gives none
    std::string label;  // long_name, axisLabels ...; "" when none
    std::string units;  // as written ("m", "m s^-1", "degrees_north"); "" when none
    Form form = Form::index;
    std::uint64_t cells = 0;  // the data's extent along this axis
    double start = 0;         // uniform
    double step = 1;          // uniform
    std::vector<double> values;  // points, edges, curvilinear (row-major, `grid`)
    // curvilinear: the data axes `values` runs along, in its order, and their extents.
    std::vector<std::size_t> spans;
    std::vector<std::uint64_t> grid;
    CoordinateSource source = CoordinateSource::none;
    std::string path;  // the dataset (or openPMD mesh record) the coordinate came from
    // The file gave the n + 1 cell edges (also when they were uniform): a line draws
    // steps over them, each value flat across its cell.
    bool edges_given = false;

    // Whether the file places the cells (any form but index).
    bool physical() const { return form != Form::index; }
};

// What coordinate discovery returns for one dataset: one entry per axis asked for, and
// what the file says about the values themselves (openPMD's unitSI and unitDimension).
struct Coordinates {
    std::vector<AxisCoordinate> axes;
    std::string value_units;  // openPMD unitDimension as text ("V m^-1"); "" otherwise
    double value_unit_si = 1;  // openPMD unitSI: stored values times this are SI values
};

// What an axis showing `c` is called: "label [units]" (label: long_name or axisLabels, else
// the dimension's name; units only with a label), or "" when the file names nothing.
std::string coordinate_label(const AxisCoordinate& c);

// Strictly ascending, strictly descending, or neither (including any NaN or repeat).
enum class Monotonic { ascending, descending, neither };
struct MonotonicCheck {
    Monotonic order = Monotonic::neither;
    std::size_t at = 0;  // neither: the first index i where values[i] breaks the order
};
// One value (or none) counts as ascending.
MonotonicCheck monotonic(std::span<const double> values);

// Whether strictly monotonic values are evenly spaced: every value within a thousandth of
// a step of the straight line from the first to the last, or within float32 rounding of
// its magnitude (2^-21 relative: a float32 linspace of any length counts as uniform).
bool uniform(std::span<const double> values);

// Cell edges from n >= 1 centres: midpoints between neighbours, the two ends half a
// neighbouring step outside; one centre c gets c - 0.5 and c + 0.5.
std::vector<double> centres_to_edges(std::span<const double> centres);

// Turns 1-D values for an axis of `cells` cells into out's form: uniform when evenly
// spaced (centres, or edges whose centres are), points for n values, edges for n + 1.
// Returns "" or why they cannot be this axis's coordinate (the caller says where):
// "181 values fit neither its 180 cells nor their 181 edges", "not monotonic: value 3
// (0.5) after 0.75", "value 7 is NaN". out.form stays index on failure.
std::string classify(std::span<const double> values, std::uint64_t cells, AxisCoordinate& out);

// Completes `c` (name, label, units, source and path set) as the coordinate of data axis
// `axis` of a dataset of extents `dims`, selected as Source::read_slab selects it (`fixed`:
// -1 or empty = whole axis), from the values a file holds: 1-D (spans = {axis}, any
// length: classify() judges it), or 2-D over the two data axes `spans` (values row-major,
// of extents `shape`). A 2-D coordinate becomes 1-D points when the other of its axes is
// fixed, is index with only its name when `axis` itself is, and is curvilinear otherwise.
// Returns "" or why not ("its 2-D coordinate is 3×4, the data's axes 0 and 1 are 4×5").
std::string place_coordinate(std::span<const double> values, const std::vector<std::uint64_t>& shape,
                             const std::vector<std::size_t>& spans,
                             const std::vector<std::uint64_t>& dims,
                             const std::vector<std::int64_t>& fixed, std::size_t axis,
                             AxisCoordinate& c);

// The position of cell i (its centre; for edges the midpoint of its two edges). Not for
// curvilinear coordinates.
double cell_centre(const AxisCoordinate& c, std::uint64_t i);
// The n + 1 cell edges of a 1-D coordinate of any form but curvilinear.
std::vector<double> cell_edges(const AxisCoordinate& c);
// The smallest and largest edge: the axis's extent.
struct Extent {
    double lo = 0;
    double hi = 0;
};
Extent coordinate_extent(const AxisCoordinate& c);

// The cell that holds `value` between its edges, for `slice: {axis: z, value: 0.25}`:
// with centres (edges halfway between them) the nearest centre; on an edge the lower
// index. `problem` says why there is none: a curvilinear or empty
// axis, a NaN value, or a value more than half a cell outside the axis's cells.
struct CellPick {
    std::uint64_t index = 0;
    double centre = 0;  // where that cell is, for the title
    std::string problem;
};
CellPick nearest_cell(const AxisCoordinate& c, double value);

// openPMD unitDimension (powers of length, mass, time, current, temperature, amount,
// luminous intensity) as a units string: a named SI unit when one fits, optionally times a
// power of metres ("V m^-1", "T", "C m^-3", "J"), else base units ("kg m^-3", "m s^-1");
// "" for all zeros. Powers are rounded to integers, non-integer powers written as they are.
std::string si_units_text(std::span<const double> powers);

}  // namespace plotcluster
