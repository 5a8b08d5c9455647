#pragma once
// The plan: what to draw, decided from config and catalog alone (pure: no files, no MPI).
#include <cstdint>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/core/dataset_ref.hpp"
#include "plotcluster/core/fields.hpp"

namespace plotcluster {

// A dataset no rule matched: listed in the manifest, not drawn.
using UnmatchedDataset = DatasetRef;

struct PlotTask {
    std::uint32_t id = 0;    // index in Plan::tasks
    std::uint32_t rule = 0;  // index in Config::plots: how to draw it
    std::string file;
    std::string dataset;               // for `group: parent` the group's path
    std::vector<std::string> members;  // group: the datasets drawn together, sorted; else empty
    std::vector<std::string> member_labels;  // group: legend label of each member
    std::string x_dataset;             // absolute path of the rule's `x`; empty: the index
    PlotKind kind = PlotKind::line;
    // The dataset's shape as stored (singleton axes kept); for a group, its first member's.
    std::vector<std::uint64_t> shape;
    // Per axis of `shape`: the index a `slice:` fixes, or -1 where the axis is kept. The
    // reader reads that hyperslab and drops fixed and length-1 axes.
    std::vector<std::int64_t> fixed;
    std::vector<std::vector<std::int64_t>> member_fixed;  // group: `fixed` of each member
    std::string dtype;  // group: the members' common dtype, or "mixed (…)"
    std::string title;
    std::string x_label;
    std::string y_label;
    std::string value_label;  // colorbar label for heatmaps
    std::string colormap;
    std::string output_stem;  // relative to output.dir, no extension
    std::string error;        // non-empty: fails without being read (e.g. compound dtype)
    std::uint64_t cost = 1;   // estimated work, for the schedule
    std::string fingerprint;  // see fingerprint.hpp; set by rank 0 before the run
    // limits: shared | rule: the group whose plots share one range (-1: none); the range
    // itself comes from the ranks' scan (plan/limit_groups.hpp), not in the task.
    std::int32_t limits_group = -1;
};

// Each struct's field list follows it (core/fields.hpp): what other ranks receive and
// the fingerprint hashes. A member missing from its list fails test_fields.
template <fields::same_or_const<PlotTask> S, class V>
constexpr void for_each_field(S& t, V&& v) {
    v("id", t.id);
    v("rule", t.rule);
    v("file", t.file);
    v("dataset", t.dataset);
    v("members", t.members);
    v("member_labels", t.member_labels);
    v("x_dataset", t.x_dataset);
    v("kind", t.kind);
    v("shape", t.shape);
    v("fixed", t.fixed);
    v("member_fixed", t.member_fixed);
    v("dtype", t.dtype);
    v("title", t.title);
    v("x_label", t.x_label);
    v("y_label", t.y_label);
    v("value_label", t.value_label);
    v("colormap", t.colormap);
    v("output_stem", t.output_stem);
    v("error", t.error);
    v("cost", t.cost);
    v("fingerprint", t.fingerprint);
    v("limits_group", t.limits_group);
}

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
