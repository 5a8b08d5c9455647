#include "plotcluster/plan/fingerprint.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plotcluster/plan/plan.hpp"
#include "support/field_walk.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

TEST(Fingerprint, ChangesWithWhatDecidesTheBytesOnly) {
    Config config;
    config.plots = {test::rule_of("line")};
    PlotTask t;
    t.read.file = "/data/a.h5";
    t.read.dataset = std::string("/x");  // not the literal: GCC 12 -O3 warns falsely (PR 105329)
    t.read.shape = {10};
    const FileStamp stamp{100, 5};
    const auto base = plot_fingerprint(config, t, stamp, "0.1.0");
    EXPECT_EQ(base.size(), 32u);
    EXPECT_EQ(plot_fingerprint(config, t, stamp, "0.1.0"), base);
    EXPECT_NE(plot_fingerprint(config, t, stamp, "0.2.0"), base);
    EXPECT_NE(plot_fingerprint(config, t, {100, 6}, "0.1.0"), base);
    EXPECT_NE(plot_fingerprint(config, t, {101, 5}, "0.1.0"), base);
    Config wider = config;
    wider.figure.width += 1;
    EXPECT_NE(plot_fingerprint(wider, t, stamp, "0.1.0"), base);
    Config thicker = config;
    thicker.plots[0] = test::rule_of("line", "linewidth: 1.500000001");
    EXPECT_NE(plot_fingerprint(thicker, t, stamp, "0.1.0"), base);
    Config other_run = config;
    other_run.run.on_error = OnError::abort_run;  // does not change any output
    EXPECT_EQ(plot_fingerprint(other_run, t, stamp, "0.1.0"), base);
    PlotTask retitled = t;
    retitled.draw.title = "new";
    EXPECT_NE(plot_fingerprint(config, retitled, stamp, "0.1.0"), base);
    PlotTask against_x = t;
    against_x.read.companions = {{"x", "/t"}};
    EXPECT_NE(plot_fingerprint(config, against_x, stamp, "0.1.0"), base);
}

// A slice by value is picked when read: its value (in the rule and in the task) decides
// which plane is drawn, so a new value redraws; so does a shared x range's group.
TEST(Fingerprint, SliceValuesAndXGroupsCount) {
    Config config;
    config.plots = {test::rule_of("heatmap", "slice: {axis: z, value: 0.25}")};
    PlotTask t;
    t.read.file = "/data/a.h5";
    t.read.dataset = std::string("/rho");
    t.read.shape = {4, 5, 6};
    t.read.fixed = {0, -1, -1};
    t.read.slices = {{0, "z", 0.25}};
    const FileStamp stamp{100, 5};
    const auto base = plot_fingerprint(config, t, stamp, "0.1.0");
    Config moved = config;
    moved.plots[0] = test::rule_of("heatmap", "slice: {axis: z, value: 0.5}");
    PlotTask moved_task = t;
    moved_task.read.slices = {{0, "z", 0.5}};
    EXPECT_NE(plot_fingerprint(moved, moved_task, stamp, "0.1.0"), base);
    EXPECT_NE(plot_fingerprint(config, moved_task, stamp, "0.1.0"), base);
    PlotTask titled = t;
    titled.draw.title_slice_at = {3};
    EXPECT_NE(plot_fingerprint(config, titled, stamp, "0.1.0"), base);
    Config x_shared = config;
    x_shared.plots[0] = test::rule_of("heatmap", "slice: {axis: z, value: 0.25}, x_limits: shared");
    EXPECT_NE(plot_fingerprint(x_shared, t, stamp, "0.1.0"), base);
}

// The plots one dataset gets from several rules (also: true) are resumed apart: the journal
// keys on (file, dataset, fingerprint), and each plot's fingerprint holds its own rule.
TEST(Fingerprint, EachRuleOfOneDatasetHasItsOwn) {
    Config config;
    config.base_dir = "/cfg";
    config.output.dir = "/out";
    config.plots = {test::rule_of("heatmap", "also: true", "/f"), test::rule_of("heatmap", "colormap: magma", "/f")};
    Catalog cat;
    DatasetInfo d;
    d.file = "/data/a.h5";
    d.dataset = "/f";
    d.shape = {4, 5};
    d.dtype.cls = DType::Class::floating;
    d.dtype.bytes = 8;
    d.dtype.name = "float64";
    cat.datasets = {d};
    const Plan plan = make_plan(config, cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[1].job.error, "");
    EXPECT_EQ(plan.tasks[1].job.output_stem, "a/f_heatmap2");  // a kind that repeats is numbered
    EXPECT_NE(plot_fingerprint(config, plan.tasks[0], {}, "v"), plot_fingerprint(config, plan.tasks[1], {}, "v"));
    // when: counts too, as the rule's other keys do.
    Config when = config;
    when.plots[0] = test::rule_of("heatmap", "also: true, when: {ndim: 2}", "/f");
    EXPECT_NE(plot_fingerprint(when, plan.tasks[0], {}, "v"), plot_fingerprint(config, plan.tasks[0], {}, "v"));
}

// Each option of each kind, changed alone, changes the fingerprint; an option added to a
// kind without a line here fails the count.
TEST(Fingerprint, EveryOptionOfEveryKindCounts) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> changes = {
        {"scatter", {"x: t", "marker: s", "color: red", "marker_size: 3", "alpha: 0.5", "color_by: m",
                     "color_by: m, colormap: magma"}},
        {"quiver", {"u: vx, v: vy", "u: vx2, v: vy", "stride: 2", "scale: 0.5", "color_by: magnitude",
                    "color_by: magnitude, colormap: magma", "color: red", "alpha: 0.5", "pivot: tip",
                    "key: false", "key_units: m/s", "x: lon", "y: lat"}},
        {"streamlines", {"u: vx, v: vy", "u: vx2, v: vy", "density: 2", "color_by: magnitude",
                         "color_by: magnitude, colormap: magma", "color: red", "alpha: 0.5",
                         "linewidth: 1", "arrow_size: 2", "x: lon", "y: lat"}},
        {"density", {"x: t", "y: t", "weights: m", "bins: [20, 30]", "range: [0, 1, 0, 1]",
                     "norm: eq_hist", "colormap: magma", "bad_color: black"}},
        {"panels", {"layout: [1, 2]", "share: y"}},
        {"line",
         {"x: t", "group: parent", "marker: o", "linewidth: 2", "color: red", "marker_size: 3",
          "alpha: 0.5", "yerr: e", "yerr: [e, f]", "yerr: e, errors: band", "hlines: 0",
          "vlines: 1"}},
        {"heatmap",
         {"colormap: magma", "origin: upper", "norm: log", "bad_color: black", "x: lon", "y: lat",
          "interpolation: area", "aspect: equal", "aspect: 2", "hlines: 1", "vlines: 2"}},
        {"histogram",
         {"color: red", "alpha: 0.5", "bins: 7", "log: true", "hlines: 1", "vlines: 2"}},
        {"contour", {"levels: [0.5, 1]", "levels: 3", "filled: true", "colormap: magma", "color: red",
                     "linewidth: 3", "norm: log", "filled: true, extend: both", "labels: true", "x: lon",
                     "y: lat"}},
    };
    PlotTask t;
    t.read.file = "/data/a.h5";
    t.read.dataset = std::string("/x");
    Config config;
    std::vector<std::string> seen;
    for (const auto& [kind, options] : changes) {
        SCOPED_TRACE(kind);
        config.plots = {test::rule_of(kind)};
        EXPECT_EQ(test::option_values(config.plots[0]).size(), options.size());
        const auto base = plot_fingerprint(config, t, {}, "v");
        for (const auto& other : seen) EXPECT_NE(other, base);  // the kind counts too
        seen.push_back(base);
        for (const auto& option : options) {
            config.plots = {test::rule_of(kind, option)};
            EXPECT_NE(plot_fingerprint(config, t, {}, "v"), base) << option;
        }
    }
}

// The fingerprint's input, walked as one value, so its paths read "config.figure.width".
// The task's rule is config.plots[0]; plots[1] is a copy that task.draw.rule can move to.
struct Input {
    Config config;
    PlotTask task;
    FileStamp stamp;
};

template <fields::same_or_const<Input> S, class V>
void for_each_field(S& in, V&& v) {
    v("config", in.config);
    v("task", in.task);
    v("stamp", in.stamp);
}

std::string fingerprint_of(const Input& in) {
    return plot_fingerprint(in.config, in.task, in.stamp, "0.1.0", "group");
}

// The fingerprint path of a node of Input: the task's rule is "rule".
std::string fingerprint_path(const std::string& path) {
    const std::string rule = ".config.plots[0]";
    return path.starts_with(rule) ? "rule" + path.substr(rule.size()) : path.substr(1);
}

bool is_excluded(const std::string& path) {
    for (const auto& e : fingerprint_exclusions()) {
        if (path == e.field || path.starts_with(std::string(e.field) + '.') ||
            path.starts_with(std::string(e.field) + '['))
            return true;
    }
    return false;
}

// Changes one node: a leaf gets a value it never had, an optional loses its value, a
// list its last element, a variant its alternative. Structs change through their leaves.
template <class T>
bool change(T& node, int& n) {
    if constexpr (fields::listed<T> || std::is_same_v<T, test::OptionsPtr>) {
        return false;
    } else if constexpr (fields::is_optional<T>) {
        node.reset();
    } else if constexpr (fields::is_vector<T>) {
        node.pop_back();
    } else if constexpr (fields::is_variant<T>) {
        node.template emplace<0>();
    } else {
        test::fill(node, n);
    }
    return true;
}

Input filled_input() {
    Input in = test::filled<Input>();
    in.config.plots.resize(2);
    in.config.plots[1] = in.config.plots[0];
    in.task.draw.rule = 0;
    for (auto& part : in.task.parts) part.draw.rule = 0;  // an overlay or panel of the rule itself
    return in;
}

// Every field of the config, the task's rule, the task and the file stamp changes the
// fingerprint, except the excluded ones, which do not: a field added to a struct's list
// is in the fingerprint without anyone remembering to put it there.
TEST(Fingerprint, EveryFieldChangesItButTheExcludedOnes) {
    const Input base = filled_input();
    const std::string before = fingerprint_of(base);
    std::size_t nodes = 0;
    test::for_each_node(base, "", [&](const std::string&, const auto&) { ++nodes; });
    std::set<std::string> paths;
    std::size_t changed = 0, kept = 0;
    int n = 1000;
    for (std::size_t target = 0; target < nodes; ++target) {
        Input in = base;
        std::string path;
        bool did = false;
        std::size_t at = 0;
        test::for_each_node(in, "", [&](const std::string& p, auto& node) {
            if (at++ != target) return;
            did = change(node, n);
            if (did) path = fingerprint_path(p);
        });
        if (!did) continue;
        paths.insert(path);
        // task.draw.rule points at the copy of the rule (the only other valid index).
        if (path == "task.draw.rule") in.task.draw.rule = 1;
        for (std::size_t k = 0; k < in.task.parts.size(); ++k) {  // so does a part's
            if (path == "task.parts[" + std::to_string(k) + "].draw.rule") in.task.parts[k].draw.rule = 1;
        }
        if (is_excluded(path)) {
            ++kept;
            EXPECT_EQ(fingerprint_of(in), before) << path << " is excluded but changes the fingerprint";
        } else {
            ++changed;
            EXPECT_NE(fingerprint_of(in), before) << path << " does not change the fingerprint";
        }
    }
    EXPECT_GT(changed, 60u);
    EXPECT_GT(kept, 10u);
    for (const auto& e : fingerprint_exclusions()) {
        EXPECT_EQ(paths.count(std::string(e.field)), 1u) << "exclusion names no field: " << e.field;
        EXPECT_FALSE(e.why.empty()) << e.field;
    }
}

}  // namespace
}  // namespace plotcluster
