#pragma once
// The plan: what to draw, decided from config and catalog alone (pure: no files, no MPI).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/core/dataset_ref.hpp"
#include "plotcluster/core/fields.hpp"

namespace plotcluster {

// A dataset no rule matched: listed in the manifest, not drawn.
using UnmatchedDataset = DatasetRef;

// Each struct's field list follows it (core/fields.hpp): what other ranks receive and
// the fingerprint hashes. A member missing from its list fails test_fields.

// A companion dataset as the plan resolved it (see CompanionKey).
struct Companion {
    std::string role;     // "x"
    std::string dataset;  // absolute path in the task's file
    bool sliced = false;  // read with the data's slice (CompanionFit::shape), else whole
    std::string units{};  // its `units` attribute, "" without one (a quiver key's units)
    friend bool operator==(const Companion&, const Companion&) = default;
};

template <fields::same_or_const<Companion> S, class V>
constexpr void for_each_field(S& c, V&& v) {
    v("role", c.role);
    v("dataset", c.dataset);
    v("sliced", c.sliced);
    v("units", c.units);
}

// One `slice:` of a task as the plan resolved it, for the reader: by value, the reader
// picks the cell nearest the value from the axis's coordinates (the axis's `fixed` entry
// is 0 until then); by index, `fixed` holds it. Also what {slice} in a title shows.
struct TaskSlice {
    std::uint32_t axis = 0;       // of the dataset
    std::string name;             // the dimension's name (DatasetInfo::dims), "" without one
    std::optional<double> value;  // `value:`; empty: a slice by index
    friend bool operator==(const TaskSlice&, const TaskSlice&) = default;
};

template <fields::same_or_const<TaskSlice> S, class V>
constexpr void for_each_field(S& s, V&& v) {
    v("axis", s.axis);
    v("name", s.name);
    v("value", s.value);
}

// What a task reads: the reader needs nothing else (and the rule's `decode`).
struct TaskRead {
    std::string file;
    std::string dataset;               // for `group: parent` the group's path
    std::vector<std::string> members;  // group: the datasets drawn together, sorted; else empty
    // The dataset's shape as stored (singleton axes kept); for a group, its first member's.
    std::vector<std::uint64_t> shape;
    // Per axis of `shape`: the index a `slice:` fixes, or -1 where the axis is kept. The
    // reader reads that hyperslab and drops fixed and length-1 axes.
    std::vector<std::int64_t> fixed;
    std::vector<std::vector<std::int64_t>> member_fixed;  // group: `fixed` of each member
    std::vector<TaskSlice> slices;  // the rule's slices, by axis
    std::vector<std::vector<TaskSlice>> member_slices;  // group: `slices` of each member
    std::string dtype;  // group: the members' common dtype, or "mixed (…)"
    std::vector<Companion> companions;  // read beside the data (whole, or `sliced`)
};

template <fields::same_or_const<TaskRead> S, class V>
constexpr void for_each_field(S& r, V&& v) {
    v("file", r.file);
    v("dataset", r.dataset);
    v("members", r.members);
    v("shape", r.shape);
    v("fixed", r.fixed);
    v("member_fixed", r.member_fixed);
    v("slices", r.slices);
    v("member_slices", r.member_slices);
    v("dtype", r.dtype);
    v("companions", r.companions);
}

// How a task is drawn: its rule (the style) and the texts resolved from its templates.
struct TaskDraw {
    std::uint32_t rule = 0;  // index in Config::plots
    std::string kind;        // the rule's kind's name, for records
    std::string title;
    // Where the title's {slice} goes (byte offsets into `title`, which holds nothing there):
    // filled once the data is read and the slices' cells are known.
    std::vector<std::uint32_t> title_slice_at;
    std::string x_label;
    std::string y_label;
    std::string value_label;  // colorbar label for heatmaps
    std::vector<std::string> member_labels;  // group: legend label of each member
    // `slice: {index: each}`: which frame of the dataset this task draws (the index along
    // the sliced axis); the manifest row says it. Unset for a task that is not a frame.
    std::optional<std::int64_t> frame{};
};

template <fields::same_or_const<TaskDraw> S, class V>
constexpr void for_each_field(S& d, V&& v) {
    v("rule", d.rule);
    v("kind", d.kind);
    v("title", d.title);
    v("title_slice_at", d.title_slice_at);
    v("x_label", d.x_label);
    v("y_label", d.y_label);
    v("value_label", d.value_label);
    v("member_labels", d.member_labels);
    v("frame", d.frame);
}

// The task as a piece of work: which, what it costs, where it goes, whether it may run.
struct TaskJob {
    std::uint32_t id = 0;     // index in Plan::tasks
    std::string output_stem;  // relative to output.dir, no extension
    std::string error;        // non-empty: fails without being read (e.g. compound dtype)
    std::uint64_t cost = 1;   // estimated work, for the schedule
    std::string fingerprint;  // see fingerprint.hpp; set by rank 0 before the run
};

template <fields::same_or_const<TaskJob> S, class V>
constexpr void for_each_field(S& j, V&& v) {
    v("id", j.id);
    v("output_stem", j.output_stem);
    v("error", j.error);
    v("cost", j.cost);
    v("fingerprint", j.fingerprint);
}

// A part of a composed figure (PlotRule::parts) as the plan resolved it in the task's
// file: what it reads and how it is drawn, as a task of its own would be.
struct TaskPart {
    PartRole role = PartRole::overlay;
    // The part whose panel it is drawn over (an index in PlotTask::parts, an earlier
    // one); -1: the task's own panel (or, for a panel, the task's grid).
    std::int32_t parent = -1;
    std::string label;  // "overlay 1 (/fields/psi)", "panel 3 (/fields/vx)": for messages
    TaskRead read;      // read.dataset: the part's dataset, absolute
    TaskDraw draw;      // draw.rule: the part's rule in Config::plots
    std::string error;  // non-empty: why it cannot be drawn, known before reading
};

template <fields::same_or_const<TaskPart> S, class V>
constexpr void for_each_field(S& p, V&& v) {
    v("role", p.role);
    v("parent", p.parent);
    v("label", p.label);
    v("read", p.read);
    v("draw", p.draw);
    v("error", p.error);
}

struct PlotTask {
    TaskRead read;
    TaskDraw draw;
    TaskJob job;
    // limits: shared | rule: the group whose plots share one range (-1: none); the range
    // itself comes from the ranks' scan (plan/limit_groups.hpp), not in the task.
    std::int32_t limits_group = -1;
    // x_limits: shared | rule (or a line's or scatter plot's `limits: shared | rule`): the
    // group whose plots share one x range, numbered with the limits groups (-1: none).
    std::int32_t x_limits_group = -1;
    // `overlay:` and `panels:` of the rule (and the overlays of its panels), each resolved
    // in the task's file; parents before the overlays drawn over them.
    std::vector<TaskPart> parts{};
};

template <fields::same_or_const<PlotTask> S, class V>
constexpr void for_each_field(S& t, V&& v) {
    v("read", t.read);
    v("draw", t.draw);
    v("job", t.job);
    v("limits_group", t.limits_group);
    v("x_limits_group", t.x_limits_group);
    v("parts", t.parts);
}

// The path of the task's companion `role`, "" when it reads none.
std::string companion(const TaskRead& read, std::string_view role);

struct Plan {
    // In catalog order, i.e. sorted by (file, dataset); a `group: parent` task sits where its
    // first member would, followed by failed rows of members it left out.
    std::vector<PlotTask> tasks;
    std::vector<UnmatchedDataset> unmatched;
    // Input files the catalog could not read: each is a failed row (dataset "/") of its
    // own, and the other files are drawn.
    std::vector<FileProblem> unreadable;
};

Plan make_plan(const Config& config, const Catalog& catalog);

// Estimated cost of a plot: elements to read and draw plus a fixed per-plot share
// (encoding a whole image costs about as much as reading a few hundred thousand values).
std::uint64_t estimate_cost(const std::vector<std::uint64_t>& shape, int width, int height);

}  // namespace plotcluster
