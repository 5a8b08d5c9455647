#pragma once
// What happened to one planned plot: one manifest row.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plotcluster/core/fields.hpp"

namespace plotcluster {

struct OutputFile {
    std::string format;  // "png"
    std::string path;    // relative to output.dir, '/'-separated
    std::uint64_t bytes = 0;
    std::string sha256;  // lowercase hex
};

// Each struct's field list follows it (core/fields.hpp): what other ranks receive and
// the fingerprint hashes. A member missing from its list fails test_fields.
template <fields::same_or_const<OutputFile> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("format", o.format);
    v("path", o.path);
    v("bytes", o.bytes);
    v("sha256", o.sha256);
}

enum class PlotStatus { ok, failed };

// Where a plot's time went, in milliseconds (render_ms is their sum plus overhead).
struct PlotTiming {
    double read = 0;    // HDF5 reads
    double draw = 0;    // building the figure and drawing it
    double encode = 0;  // encoding the plot's files: PNG, SVG and PDF documents
    double write = 0;   // their sha256 and atomic writes
    double thumbnail = 0;  // the gallery's thumbnail: reduced, encoded, hashed, written
};

template <fields::same_or_const<PlotTiming> S, class V>
constexpr void for_each_field(S& t, V&& v) {
    v("read", t.read);
    v("draw", t.draw);
    v("encode", t.encode);
    v("write", t.write);
    v("thumbnail", t.thumbnail);
}

// One axis as drawn, for scripts and Cinema viewers that need the physical extent without
// reading the image: its label, its view range (lo < hi) and its scale.
struct DrawnAxis {
    std::string label;
    double lo = 0;
    double hi = 1;
    std::string scale = "linear";  // "linear" or "log"
};

template <fields::same_or_const<DrawnAxis> S, class V>
constexpr void for_each_field(S& a, V&& v) {
    v("label", a.label);
    v("lo", a.lo);
    v("hi", a.hi);
    v("scale", a.scale);
}

// A panel's axes as drawn; `color` is the colour range and colorbar label, where there is
// one (the figure's shared colorbar counts for each panel it colours).
struct DrawnPanel {
    DrawnAxis x;
    DrawnAxis y;
    std::optional<DrawnAxis> color;
};

template <fields::same_or_const<DrawnPanel> S, class V>
constexpr void for_each_field(S& p, V&& v) {
    v("x", p.x);
    v("y", p.y);
    v("color", p.color);
}

struct PlotRecord {
    std::string file;     // input file as listed in the catalog
    std::string dataset;  // absolute dataset path
    std::string kind;     // "line", "heatmap"
    // Which rule drew it (its index in `plots:`), and which frame of the dataset (`index:
    // each`); several rules (`also: true`) and frames make several rows of one dataset.
    std::uint32_t rule = 0;
    std::optional<std::int64_t> frame;
    std::vector<std::uint64_t> shape;
    std::string dtype;  // "float64", "int32 (big-endian)", "compound", ...
    PlotStatus status = PlotStatus::ok;
    std::optional<std::string> error;  // set when failed
    int rank = 0;
    double render_ms = 0;
    PlotTiming timing;
    std::vector<OutputFile> outputs;
    // The gallery's small PNG of the image (under .thumbnails/), ok rows; none in
    // journals older than the gallery.
    std::optional<OutputFile> thumbnail;
    std::optional<double> vmin, vmax;  // the value range used (see Figure), ok rows only
    std::uint64_t ignored = 0;  // values not drawn: NaN/Inf, or <= 0 on a log scale
    std::vector<DrawnPanel> axes;  // each panel's axes as drawn, row by row; ok rows only
    // The netCDF/CF conventions applied to the stored numbers (read/cf_decode.hpp), e.g.
    // {"_FillValue", "scale_factor", "add_offset"}; empty when drawn as stored.
    std::vector<std::string> decoded;
    // What the row should know beyond its status: "points rasterized in the SVG", a panel
    // that failed ("panel 2 (/fields/p): …"). Empty for most rows.
    std::vector<std::string> notes;
    bool reused = false;      // drawn by an earlier run with the same fingerprint
    std::string fingerprint;  // the task's, so a later run can tell whether to redraw
};

template <fields::same_or_const<PlotRecord> S, class V>
constexpr void for_each_field(S& r, V&& v) {
    v("file", r.file);
    v("dataset", r.dataset);
    v("kind", r.kind);
    v("rule", r.rule);
    v("frame", r.frame);
    v("shape", r.shape);
    v("dtype", r.dtype);
    v("status", r.status);
    v("error", r.error);
    v("rank", r.rank);
    v("render_ms", r.render_ms);
    v("timing", r.timing);
    v("outputs", r.outputs);
    v("thumbnail", r.thumbnail);
    v("vmin", r.vmin);
    v("vmax", r.vmax);
    v("ignored", r.ignored);
    v("axes", r.axes);
    v("decoded", r.decoded);
    v("notes", r.notes);
    v("reused", r.reused);
    v("fingerprint", r.fingerprint);
}

// Manifest order: by (file, dataset, rule, frame), independent of the rank count.
bool manifest_order(const PlotRecord& a, const PlotRecord& b);

}  // namespace plotcluster
