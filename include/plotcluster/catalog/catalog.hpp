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
    // The name of each axis ("lat", "z"; "" where the file names none), one per axis of
    // `shape` or none at all: from dimension scales (their labels, else the scale's name),
    // NeXus @axes or openPMD axisLabels, as core/coordinate.hpp ranks them. What
    // `slice: {axis: z}` resolves against.
    std::vector<std::string> dims;
    DType dtype;
    std::map<std::string, std::string> attrs;  // scalar string/number attributes as text
    // Reached through a link: "soft -> /path" or "external -> other.h5:/path", for --list;
    // "" for a hard link. A link that leads to no dataset (dangling, or not followed) is an
    // entry of its own with dtype.name "link", no shape, and `problem` saying why.
    std::string link;
    // Non-empty: why this dataset cannot be drawn whatever the rule (a dangling external
    // link, a virtual dataset's missing source file, a filter that is not installed). A
    // rule that matches it makes a failed row with this text.
    std::string problem;
    // Another name of an object cataloged under an earlier path in catalog order
    // ("/entry/data/data", or "det.h5:/entry/data/data" when that entry is in another
    // input file): a rule whose match is a pattern does not draw it twice; only a rule
    // whose match is this very path, with no glob characters, does.
    std::string alias_of;
    // An external link left unfollowed (input.follow_links: false): listed, never drawn
    // by a pattern; a rule naming its path literally makes a failed row (`problem`).
    bool unfollowed = false;
    // Said after the dataset in --list, changes nothing: a virtual dataset drawn with the
    // fill value where sources are missing (input.virtual_missing: fill).
    std::string note;
    // A netCDF dimension that is not a variable: netCDF-4 stores it as an HDF5 dimension
    // scale without values ("This is a netCDF dimension but not a netCDF variable"). Not
    // data, so a pattern does not draw it (a run over netCDF files would fail a row per
    // dimension); a rule naming it literally gets a failed row saying what it is.
    bool dimension_only = false;

    std::uint64_t elements() const;
    // Drawn only by a rule naming its path literally (alias_of, unfollowed, dimension_only).
    bool by_name_only() const { return !alias_of.empty() || unfollowed || dimension_only; }
};

// A whole input file that could not be cataloged (truncated, still open for writing, not
// HDF5): a failed row with dataset "/", while every other file is drawn.
struct FileProblem {
    std::string file;
    std::string error;  // "truncated file: eof = 2000000, stored_eof = 3561320"
    bool left_out = false;  // never opened: CatalogOptions::skip named it (earlier crashes)
};

struct Catalog {
    std::vector<std::string> files;     // in the order given (sorted per pattern)
    std::vector<DatasetInfo> datasets;  // sorted by (file, dataset)
    std::vector<FileProblem> unreadable;  // in the order of `files`
};

}  // namespace plotcluster
