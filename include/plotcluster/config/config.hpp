#pragma once
// The validated configuration: plain values, no YAML types. Paths are already
// resolved against the config file's folder.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/core/fields.hpp"

namespace plotcluster {

enum class PlotKind { line, heatmap, scatter, histogram };
enum class OnError { continue_run, abort_run };
enum class Schedule { dynamic, static_partition };
enum class OutputFormat { png, svg, pdf };
enum class Scale { linear, log };      // axes (xscale, yscale) and heatmap norm
enum class Origin { lower, upper };    // where row 0 of a heatmap goes
enum class Grouping { none, parent };  // `group: parent`: one figure per HDF5 group
// Marker shapes, spelled as in matplotlib: "none" "." "o" "s" "^" "v" "D" "+" "x".
enum class Marker { none, point, circle, square, triangle_up, triangle_down, diamond, plus, cross };

std::string_view to_string(PlotKind);
std::string_view to_string(OutputFormat);
std::string_view to_string(Marker);

// `input.virtual_missing`: what a virtual dataset (VDS) whose source file is missing does.
enum class VirtualMissing {
    fail,  // the row fails, naming the missing source (default)
    fill,  // drawn with the fill value where the source is missing, as HDF5 reads it
};

struct InputConfig {
    std::vector<std::string> files;  // patterns as written, relative to base_dir
    // Datasets behind external links are cataloged under the link's path and read
    // through it; false: external links are listed as links and not drawn.
    bool follow_links = true;
    VirtualMissing virtual_missing = VirtualMissing::fail;
};

// Each struct's field list follows it (core/fields.hpp): what other ranks receive and
// the fingerprint hashes. A member missing from its list fails test_fields.
template <fields::same_or_const<InputConfig> S, class V>
constexpr void for_each_field(S& c, V&& v) {
    v("files", c.files);
    v("follow_links", c.follow_links);
    v("virtual_missing", c.virtual_missing);
}

struct OutputConfig {
    std::filesystem::path dir;                  // absolute
    std::string name = "{file_stem}/{dataset}";  // template, no extension
    std::vector<OutputFormat> formats = {OutputFormat::png};
    // 0..12. 1: runs only (encode/rle_deflate.hpp), 2.5x faster than libdeflate's level 1
    // on the benchmark's line plots for 5% more bytes; 0 and 2..12: libdeflate's levels.
    int png_compression = 1;
    // <output.dir>/index.html and a small thumbnail per plot; off for runs so large that
    // one page of them helps nobody.
    bool gallery = true;
};

template <fields::same_or_const<OutputConfig> S, class V>
constexpr void for_each_field(S& c, V&& v) {
    v("dir", c.dir);
    v("name", c.name);
    v("formats", c.formats);
    v("png_compression", c.png_compression);
    v("gallery", c.gallery);
}

struct FigureConfig {
    int width = 800;   // pixels
    int height = 600;  // pixels
    double dpi = 100;  // a 10 pt font is 10*dpi/72 px
    std::string font = "DejaVu Sans";  // fontconfig family or path to a font file
};

template <fields::same_or_const<FigureConfig> S, class V>
constexpr void for_each_field(S& c, V&& v) {
    v("width", c.width);
    v("height", c.height);
    v("dpi", c.dpi);
    v("font", c.font);
}

// `slice: {axis: A, index: N | middle}`: fixes one axis of an N-D dataset.
struct SliceSpec {
    int axis = 0;
    std::optional<std::uint64_t> index;  // empty: the middle of the axis
    friend bool operator==(const SliceSpec&, const SliceSpec&) = default;
};

template <fields::same_or_const<SliceSpec> S, class V>
constexpr void for_each_field(S& s, V&& v) {
    v("axis", s.axis);
    v("index", s.index);
}

// `limits: auto | [lo, hi] | shared | rule` (colour range of heatmaps, y range of lines
// and scatter plots, x range of histograms).
enum class LimitsShare {
    none,     // each plot its own range (auto) or the given one
    dataset,  // shared: the same dataset path in every input file (the frames of a movie)
    rule,     // rule: everything the rule matches
};

struct Limits {
    bool automatic = true;
    double lo = 0;  // lo < hi when not automatic
    double hi = 1;
    LimitsShare share = LimitsShare::none;  // with automatic: computed over the group
    friend bool operator==(const Limits&, const Limits&) = default;
};

template <fields::same_or_const<Limits> S, class V>
constexpr void for_each_field(S& l, V&& v) {
    v("automatic", l.automatic);
    v("lo", l.lo);
    v("hi", l.hi);
    v("share", l.share);
}

struct PlotRule {
    std::string match;  // glob on the absolute dataset path
    PlotKind kind = PlotKind::line;
    std::optional<std::string> title;    // template; default depends on kind
    std::optional<std::string> x_label;  // template
    std::optional<std::string> y_label;  // template
    int line = 0;  // line of the rule in the config file, for messages

    // line and scatter
    std::optional<std::string> x;  // x dataset: absolute path, or a sibling's name
    Grouping group = Grouping::none;
    Marker marker = Marker::none;   // line default none; scatter draws "o" when none
    double linewidth = 1.5;         // points
    std::optional<std::string> color;  // validated colour spec ("C0", "#1f77b4", "red")
    double marker_size = 6;         // points, diameter
    double alpha = 1;               // 0..1

    // histogram
    int bins = 0;      // 0: automatic (Freedman-Diaconis)
    bool log = false;  // log count axis

    // heatmap
    std::string colormap = "viridis";
    Origin origin = Origin::lower;
    Scale norm = Scale::linear;
    std::string bad_color = "white";  // where values are NaN/Inf (or <= 0 with a log norm)

    // all kinds
    Limits limits;
    std::vector<SliceSpec> slice;  // for data with more than 2 (line: 1) non-singleton dims
    Scale xscale = Scale::linear;
    Scale yscale = Scale::linear;
    bool grid = false;
    // netCDF/CF conventions where their attributes are present: _FillValue, missing_value
    // and valid_min/max/range become missing values, scale_factor/add_offset are applied,
    // _Unsigned reinterprets integers. false: the stored numbers as they are.
    bool decode = true;
};

template <fields::same_or_const<PlotRule> S, class V>
constexpr void for_each_field(S& r, V&& v) {
    v("match", r.match);
    v("kind", r.kind);
    v("title", r.title);
    v("x_label", r.x_label);
    v("y_label", r.y_label);
    v("line", r.line);
    v("x", r.x);
    v("group", r.group);
    v("marker", r.marker);
    v("linewidth", r.linewidth);
    v("color", r.color);
    v("marker_size", r.marker_size);
    v("alpha", r.alpha);
    v("bins", r.bins);
    v("log", r.log);
    v("colormap", r.colormap);
    v("origin", r.origin);
    v("norm", r.norm);
    v("bad_color", r.bad_color);
    v("limits", r.limits);
    v("slice", r.slice);
    v("xscale", r.xscale);
    v("yscale", r.yscale);
    v("grid", r.grid);
    v("decode", r.decode);
}

struct RunConfig {
    OnError on_error = OnError::continue_run;
    // dynamic: rank 0 hands out batches on request (and draws too); static: a
    // cost-weighted partition fixed up front.
    Schedule schedule = Schedule::dynamic;
};

template <fields::same_or_const<RunConfig> S, class V>
constexpr void for_each_field(S& c, V&& v) {
    v("on_error", c.on_error);
    v("schedule", c.schedule);
}

struct Config {
    std::filesystem::path source;    // the config file itself
    std::filesystem::path base_dir;  // folder of the config file, absolute
    InputConfig input;
    OutputConfig output;
    FigureConfig figure;
    std::vector<PlotRule> plots;
    RunConfig run;
};

template <fields::same_or_const<Config> S, class V>
constexpr void for_each_field(S& c, V&& v) {
    v("source", c.source);
    v("base_dir", c.base_dir);
    v("input", c.input);
    v("output", c.output);
    v("figure", c.figure);
    v("plots", c.plots);
    v("run", c.run);
}

// Parse and validate YAML text. `source_name` is used in messages
// ("config.yaml:14: plots[1].colourmap: unknown key (did you mean 'colormap'?)").
// Throws ConfigError.
Config parse_config(std::string_view yaml_text, std::string_view source_name,
                    const std::filesystem::path& base_dir);

// Read a config file and parse it; base_dir is the file's folder. Throws ConfigError.
Config load_config(const std::filesystem::path& file);

}  // namespace plotcluster
