#pragma once
// The validated configuration: plain values, no YAML types. Paths are already
// resolved against the config file's folder.
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "plotcluster/config/kind_syntax.hpp"
#include "plotcluster/core/fields.hpp"

namespace plotcluster {

enum class OnError { continue_run, abort_run };
enum class Schedule { dynamic, static_partition };
enum class OutputFormat { png, svg, pdf };
enum class Scale { linear, log };  // axes (xscale, yscale) and heatmap norm

std::string_view to_string(OutputFormat);

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

// `slice: {axis: A, index: N | middle}` or `slice: {axis: A, value: V}`: fixes one axis of
// an N-D dataset. A is the axis's number, or its name among the dataset's dimensions
// (DatasetInfo::dims), which the plan resolves; V picks the cell nearest that coordinate
// (core/coordinate.hpp nearest_cell), where the data is read.
//
// Frames: `index: each`, `index: {every: N}` or `index: {from: A, to: B}` (with an optional
// `every:` too) make one plot per index of the axis, as Python's range(A, B, N): `from`
// is included, `to` is not (as numpy slices and xarray's isel), and both default to the
// axis's ends.
struct FrameSpec {
    std::uint64_t every = 1;          // ≥ 1
    std::uint64_t from = 0;           // first frame
    std::optional<std::uint64_t> to;  // one past the last frame; empty: the axis's length
    friend bool operator==(const FrameSpec&, const FrameSpec&) = default;
};

template <fields::same_or_const<FrameSpec> S, class V>
constexpr void for_each_field(S& f, V&& v) {
    v("every", f.every);
    v("from", f.from);
    v("to", f.to);
}

struct SliceSpec {
    int axis = 0;                        // with `name`: set by the plan for one dataset
    std::optional<std::uint64_t> index;  // empty (and no value): the middle of the axis
    std::string name{};                  // `axis: z`; "" when the axis is given by number
    std::optional<double> value{};       // `value: 0.25`: a coordinate, finite
    // Frames (one plot per index, see FrameSpec); at most one slice of a rule has them.
    // The plan sets `index` to each frame's in turn.
    std::optional<FrameSpec> frames{};
    friend bool operator==(const SliceSpec&, const SliceSpec&) = default;
};

template <fields::same_or_const<SliceSpec> S, class V>
constexpr void for_each_field(S& s, V&& v) {
    v("axis", s.axis);
    v("index", s.index);
    v("name", s.name);
    v("value", s.value);
    v("frames", s.frames);
}

// `limits: auto | [lo, hi] | shared | rule` (colour range of heatmaps, y range of lines
// and scatter plots, x range of histograms); `x_limits:` the same for the x axis of lines,
// scatter plots and heatmaps.
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

// `legend:` where a panel's legend of its labelled layers goes: matplotlib's loc names
// (best, then its codes 1-10 in order), right of the axes (outside, which shrink to make
// room), or nowhere.
enum class LegendPlace {
    best,  // the place of these ten that covers the least data, as matplotlib's 'best'
    upper_right,
    upper_left,
    lower_left,
    lower_right,
    right,  // as center right, as in matplotlib
    center_left,
    center_right,
    lower_center,
    upper_center,
    center,
    outside,
    none,
};

// What a part of a composed figure is to the rule that lists it.
enum class PartRole {
    overlay,  // `overlay:`: its layers drawn over the rule's own panel, on its axes
    panel,    // `panels:` (kind panels): one panel of the figure's grid
};

// An entry of `overlay:` or `panels:`: a rule body of its own, parsed like a rule and kept
// in Config::plots after the rules `plots:` lists (PlotRule::part set, so that it matches
// no dataset by itself), drawn from `dataset` of the file the parent's dataset is in.
struct RulePart {
    PartRole role = PartRole::overlay;
    std::uint32_t rule = 0;  // its index in Config::plots
    // As written: absolute, or a sibling's name; "": the dataset the parent draws.
    std::string dataset;
    friend bool operator==(const RulePart&, const RulePart&) = default;
};

template <fields::same_or_const<RulePart> S, class V>
constexpr void for_each_field(S& p, V&& v) {
    v("role", p.role);
    v("rule", p.rule);
    v("dataset", p.dataset);
}

// One entry of `plots:`: the keys every kind has, plus the kind's own options (parsed by
// the kind, figure/kinds/<kind>.cpp).
// `when: {attr: {NX_class: NXdata}}`: the dataset's attribute `name`, as the catalog
// reads it as text (DatasetInfo::attrs), is exactly `text`.
struct AttrCondition {
    std::string name;
    std::string text;
    friend bool operator==(const AttrCondition&, const AttrCondition&) = default;
};

template <fields::same_or_const<AttrCondition> S, class V>
constexpr void for_each_field(S& a, V&& v) {
    v("name", a.name);
    v("text", a.text);
}

// `when:` what a dataset must be for the rule to take it, every condition given at once;
// none given: any dataset its `match` names.
struct RuleCondition {
    std::optional<int> ndim;  // the number of dimensions of the stored shape
    // The stored shape, axis by axis: that length, or any (null); as many axes as listed.
    std::optional<std::vector<std::optional<std::uint64_t>>> shape;
    std::vector<AttrCondition> attrs;  // in name order
    friend bool operator==(const RuleCondition&, const RuleCondition&) = default;
};

template <fields::same_or_const<RuleCondition> S, class V>
constexpr void for_each_field(S& c, V&& v) {
    v("ndim", c.ndim);
    v("shape", c.shape);
    v("attrs", c.attrs);
}

struct PlotRule {
    std::string match;  // glob on the absolute dataset path
    const KindSyntax* kind = nullptr;  // from the table parse_config was given
    std::shared_ptr<const KindOptions> options;  // kind->parse's; never null with a kind
    std::optional<std::string> title;    // template; default depends on kind
    std::optional<std::string> x_label;  // template
    std::optional<std::string> y_label;  // template
    int line = 0;  // line of the rule in the config file, for messages
    Limits limits;
    // Not given: a line's or scatter plot's x follows `limits`' sharing (shared or rule
    // share both axes; see x_limits_of in plan/kind_plan.hpp), else auto.
    std::optional<Limits> x_limits;
    std::vector<SliceSpec> slice;  // for data with more than 2 (line: 1) non-singleton dims
    Scale xscale = Scale::linear;
    Scale yscale = Scale::linear;
    bool grid = false;
    // netCDF/CF conventions where their attributes are present: _FillValue, missing_value
    // and valid_min/max/range become missing values, scale_factor/add_offset are applied,
    // _Unsigned reinterprets integers. false: the stored numbers as they are.
    bool decode = true;
    std::optional<LegendPlace> legend;  // unset: the kind's choice (several lines: best)
    // `overlay:` and `panels:` entries, in the order given (overlays drawn in that order).
    std::vector<RulePart> parts{};
    // An entry of another rule's `overlay:` or `panels:`: drawn only as that rule's part.
    bool part = false;
    // A dataset this rule draws is offered to the rules after it too (`also: true`): a
    // field drawn as a heatmap and as a histogram. false: the first rule that takes a
    // dataset is the only one.
    bool also = false;
    RuleCondition when;  // what a dataset must be, beyond `match`, for this rule to take it
};

// `kind` travels as its name and `options` through KindOptions::fields().
template <fields::same_or_const<PlotRule> S, class V>
constexpr void for_each_field(S& r, V&& v) {
    v("match", r.match);
    v("kind", r.kind);
    v("options", r.options);
    v("title", r.title);
    v("x_label", r.x_label);
    v("y_label", r.y_label);
    v("line", r.line);
    v("limits", r.limits);
    v("x_limits", r.x_limits);
    v("slice", r.slice);
    v("xscale", r.xscale);
    v("yscale", r.yscale);
    v("grid", r.grid);
    v("decode", r.decode);
    v("legend", r.legend);
    v("parts", r.parts);
    v("part", r.part);
    v("also", r.also);
    v("when", r.when);
}

// The kind's name, "" for a rule without one.
std::string_view kind_name(const PlotRule& rule);

// The rule's slice that makes frames (`index: each` and the like), or null.
const SliceSpec* frame_slice(const PlotRule& rule);
inline bool has_frames(const PlotRule& rule) { return frame_slice(rule) != nullptr; }

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

// Parse and validate YAML text; `kinds` are the plot kinds a rule may name (the program's
// are figure/plot_kind.hpp's kind_syntaxes()). `source_name` is used in messages
// ("config.yaml:14: plots[1].colourmap: unknown key (did you mean 'colormap'?)").
// Throws ConfigError.
Config parse_config(std::string_view yaml_text, std::string_view source_name,
                    const std::filesystem::path& base_dir, const KindSyntaxes& kinds);

// Read a config file and parse it; base_dir is the file's folder. Throws ConfigError.
Config load_config(const std::filesystem::path& file, const KindSyntaxes& kinds);

}  // namespace plotcluster
