// Frames along an axis (`slice: {axis: 0, index: each | {every: N} | {from: A, to: B}}`):
// the config keys, the plan's one task per frame (names, padding, messages), {frame} in
// templates and the limit groups the frames of one dataset share.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/config/text_template.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/plan/plan.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

using Shape = std::vector<std::uint64_t>;

const std::string head = "input: {files: [a.h5]}\noutput: {dir: out}\nplots:\n  - ";

Config parse(const std::string& yaml) {
    return parse_config(yaml, "config.yaml", "/base", kind_syntaxes());
}

PlotRule only_rule(const std::string& rule_yaml) {
    return parse(head + rule_yaml + "\n").plots.at(0);
}

std::string error_of(const std::string& yaml) {
    try {
        parse(yaml);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "<no error>";
}

std::string rule_error(const std::string& rule_yaml) { return error_of(head + rule_yaml + "\n"); }

// --- config ----------------------------------------------------------------------------

TEST(FramesConfig, EachEveryAndFromTo) {
    SliceSpec each{0, std::nullopt};
    each.frames = FrameSpec{};
    EXPECT_EQ(only_rule("{match: /f, kind: heatmap, slice: {axis: 0, index: each}}").slice,
              (std::vector<SliceSpec>{each}));

    const auto frames_of = [](const std::string& index) {
        const PlotRule r =
            only_rule("{match: /f, kind: heatmap, slice: {axis: 0, index: " + index + "}}");
        EXPECT_TRUE(has_frames(r));
        return *r.slice.at(0).frames;
    };
    EXPECT_EQ(frames_of("{every: 5}"), (FrameSpec{5, 0, std::nullopt}));
    EXPECT_EQ(frames_of("{from: 10, to: 20}"), (FrameSpec{1, 10, 20}));
    EXPECT_EQ(frames_of("{from: 3}"), (FrameSpec{1, 3, std::nullopt}));
    EXPECT_EQ(frames_of("{to: 4}"), (FrameSpec{1, 0, 4}));
    EXPECT_EQ(frames_of("{from: 2, to: 9, every: 3}"), (FrameSpec{3, 2, 9}));

    // By name, beside a fixed slice; only the frame slice has frames.
    const PlotRule named = only_rule(
        "{match: /f, kind: heatmap, slice: [{axis: time, index: each}, {axis: 3, index: 1}]}");
    ASSERT_EQ(named.slice.size(), 2u);
    EXPECT_EQ(named.slice[0].name, "time");
    EXPECT_TRUE(named.slice[0].frames);
    EXPECT_FALSE(named.slice[1].frames);
    EXPECT_EQ(frame_slice(named), &named.slice[0]);
    EXPECT_FALSE(has_frames(only_rule("{match: /f, kind: heatmap, slice: {axis: 0, index: 2}}")));
}

TEST(FramesConfig, BadFormsNameTheirKey) {
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: {every: 0}}}"),
              "config.yaml:4: plots[0].slice.index.every: expected a positive integer, got 0");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: {every: -2}}}"),
              "config.yaml:4: plots[0].slice.index.every: expected a positive integer, got '-2'");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: {every: 1.5}}}"),
              "config.yaml:4: plots[0].slice.index.every: expected a positive integer, got '1.5'");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: {from: x}}}"),
              "config.yaml:4: plots[0].slice.index.from: expected an index (0 or more), got 'x'");
    EXPECT_EQ(
        rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: {from: 5, to: 5}}}"),
        "config.yaml:4: plots[0].slice.index.to: must be more than from (5): `to` is exclusive, "
        "as in Python's range, so from: 5, to: 6 is the single frame 5");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: {step: 2}}}"),
              "config.yaml:4: plots[0].slice.index.step: unknown key");
    EXPECT_EQ(
        rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: {}}}"),
        "config.yaml:4: plots[0].slice.index: expected every, from or to (or write `index: each`)");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: eahc}}"),
              "config.yaml:4: plots[0].slice.index: expected an index, middle, each, {every: N} or "
              "{from: A, to: B}, got 'eahc'");
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, slice: {axis: 0, index: each, value: 2}}"),
              "config.yaml:4: plots[0].slice.value: give index or value, not both");
}

// Frames along two axes at once: what is wrong, the second frame axis's `index:` (key path and
// line) and what to write instead.
TEST(FramesConfig, FramesOfTwoAxesSayWhichKeyAndWhatInstead) {
    const std::string advice =
        "a rule makes its frames along one axis only; keep `index: each` (or every/from/to) on "
        "one of them and give the other a fixed index (`index: 0`, or `index: middle`)";
    EXPECT_EQ(
        rule_error(
            "{match: /f, kind: line, slice: [{axis: 0, index: each}, {axis: 1, index: each}]}"),
        "config.yaml:4: plots[0].slice[1].index: frames along two axes (axis 0 and axis 1): " +
            advice);
    // Block style: the line of the second `index:`, with the axes by name and any frame form.
    EXPECT_EQ(error_of(head + "match: /f\n    kind: heatmap\n    slice:\n"
                              "      - {axis: time, index: {every: 2}}\n"
                              "      - axis: z\n        index: {from: 1, to: 4}\n"),
              "config.yaml:9: plots[0].slice[1].index: frames along two axes (axis 'time' and "
              "axis 'z'): " +
                  advice);
    // One frame axis beside a fixed index is the way.
    EXPECT_TRUE(has_frames(only_rule(
        "{match: /f, kind: line, slice: [{axis: 0, index: each}, {axis: 1, index: 0}]}")));
}

// {frame} on a rule without frames can never be filled: the config says so. In output.name
// (shared by every rule) it is "" for plots that are not frames, unless no rule has frames.
TEST(FramesConfig, FramePlaceholderNeedsFrames) {
    EXPECT_EQ(rule_error("{match: /f, kind: heatmap, title: 'step {frame}'}"),
              "config.yaml:4: plots[0].title: '{frame}' needs frames: add `slice: {axis: N, index: "
              "each}` "
              "to the rule");
    EXPECT_EQ(rule_error("{match: /f, kind: line, x_label: '{frame}'}"),
              "config.yaml:4: plots[0].x_label: '{frame}' needs frames: add `slice: {axis: N, "
              "index: each}` "
              "to the rule");
    EXPECT_EQ(
        only_rule(
            "{match: /f, kind: heatmap, title: 'step {frame}', slice: {axis: 0, index: each}}")
            .title,
        "step {frame}");
    EXPECT_EQ(error_of("input: {files: [a.h5]}\noutput: {dir: out, name: '{name}_{frame}'}\n"
                       "plots: [{match: /f, kind: line}]\n"),
              "config.yaml:2: output.name: '{frame}' needs a rule with frames (`slice: {axis: N, "
              "index: each}`)");
    EXPECT_EQ(parse("input: {files: [a.h5]}\noutput: {dir: out, name: '{name}_{frame}'}\n"
                    "plots: [{match: /f, kind: line}, {match: /g, kind: heatmap, slice: {axis: 0, "
                    "index: each}}]\n")
                  .output.name,
              "{name}_{frame}");
}

// --- text templates --------------------------------------------------------------------

TEST(FramesTemplate, FrameIsZeroPaddedToTheLastFrame) {
    EXPECT_EQ(frame_text(7, 199), "007");
    EXPECT_EQ(frame_text(199, 199), "199");
    EXPECT_EQ(frame_text(0, 9), "0");
    EXPECT_EQ(frame_text(10, 10), "10");
    EXPECT_EQ(frame_text(3, 1000), "0003");
    TemplateContext ctx;
    ctx.name = "rho";
    ctx.frame = "042";
    EXPECT_EQ(expand_template("{name}/{frame}.x{{frame}}", ctx), "rho/042.x{frame}");
    ctx.frame.clear();
    EXPECT_EQ(expand_template("{name}_{frame}", ctx), "rho_");
    EXPECT_TRUE(uses_frame("{name}_{frame}"));
    EXPECT_FALSE(uses_frame("{name}_{{frame}}"));
    EXPECT_FALSE(uses_frame("{name}"));
    EXPECT_EQ(check_template("{frame}"), std::nullopt);
    EXPECT_EQ(check_template("{fram}"), "unknown placeholder '{fram}' (did you mean '{frame}'?)");
}

// --- plan ------------------------------------------------------------------------------

const std::string run1 = "/data/run_0001.h5";

DatasetInfo dataset(const std::string& path, Shape shape, std::vector<std::string> dims = {}) {
    DatasetInfo d;
    d.file = run1;
    d.dataset = path;
    d.shape = std::move(shape);
    d.dims = std::move(dims);
    d.dtype.cls = DType::Class::floating;
    d.dtype.bytes = 8;
    d.dtype.name = "float64";
    return d;
}

Config config_with(std::vector<PlotRule> rules, std::string name = "") {
    Config c;
    c.base_dir = "/cfg";
    c.output.dir = "/out";
    if (!name.empty()) c.output.name = std::move(name);
    c.plots = std::move(rules);
    return c;
}

Plan plan_of(const Config& config, std::vector<DatasetInfo> datasets) {
    Catalog cat;
    cat.datasets = std::move(datasets);
    return make_plan(config, cat);
}

PlotRule heatmap(const std::string& slice, const std::string& more = "") {
    return test::rule_of("heatmap", "slice: " + slice + (more.empty() ? "" : ", " + more));
}

TEST(FramesPlan, OneTaskPerFrameEachReadingItsHyperslab) {
    const Plan plan =
        plan_of(config_with({heatmap("{axis: 0, index: each}")}), {dataset("/f/rho", {12, 8, 6})});
    ASSERT_EQ(plan.tasks.size(), 12u);
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        const PlotTask& t = plan.tasks[i];
        SCOPED_TRACE(i);
        EXPECT_EQ(t.job.error, "");
        EXPECT_EQ(t.job.id, i);
        ASSERT_TRUE(t.draw.frame);
        EXPECT_EQ(*t.draw.frame, static_cast<std::int64_t>(i));
        EXPECT_EQ(t.read.fixed, (std::vector<std::int64_t>{static_cast<std::int64_t>(i), -1, -1}));
        EXPECT_EQ(t.read.shape, (Shape{12, 8, 6}));
        const std::string padded = (i < 10 ? "0" : "") + std::to_string(i);
        // No {frame} in output.name: the default name gets "_<frame>".
        EXPECT_EQ(t.job.output_stem, "run_0001/f/rho_" + padded);
        EXPECT_EQ(t.draw.title, "/f/rho[" + std::to_string(i) + ", :, :] (run_0001)");
        // A frame costs its hyperslab, not the whole dataset.
        EXPECT_EQ(t.job.cost, estimate_cost({8, 6}, 800, 600));
    }
}

TEST(FramesPlan, EveryAndFromToPickTheFramesAsPythonsRange) {
    const auto frames = [](const std::string& index, Shape shape) {
        const Plan plan = plan_of(config_with({heatmap("{axis: 1, index: " + index + "}")}),
                                  {dataset("/f/rho", std::move(shape))});
        std::vector<std::int64_t> out;
        std::vector<std::string> stems;
        for (const auto& t : plan.tasks) {
            EXPECT_EQ(t.job.error, "") << index;
            out.push_back(t.draw.frame.value_or(-1));
            stems.push_back(t.job.output_stem);
        }
        return std::make_pair(out, stems);
    };
    EXPECT_EQ(frames("{every: 4}", {3, 10, 5}).first, (std::vector<std::int64_t>{0, 4, 8}));
    EXPECT_EQ(frames("{from: 2, to: 5}", {3, 10, 5}).first, (std::vector<std::int64_t>{2, 3, 4}));
    EXPECT_EQ(frames("{from: 7}", {3, 10, 5}).first, (std::vector<std::int64_t>{7, 8, 9}));
    EXPECT_EQ(frames("{to: 10, every: 5}", {3, 10, 5}).first, (std::vector<std::int64_t>{0, 5}));
    EXPECT_EQ(frames("{from: 1, to: 11, every: 3}", {3, 11, 5}).first,
              (std::vector<std::int64_t>{1, 4, 7, 10}));
    // Padded to the largest frame drawn: 0, 5 of a 1000-long axis are "0" and "5".
    EXPECT_EQ(frames("{to: 10, every: 5}", {3, 1000, 5}).second,
              (std::vector<std::string>{"run_0001/f/rho_0", "run_0001/f/rho_5"}));
    EXPECT_EQ(frames("{from: 95, to: 101}", {3, 200, 5}).second.front(), "run_0001/f/rho_095");
    // An axis of length 1 is one frame, not an error: a movie of one step.
    EXPECT_EQ(frames("each", {3, 1, 5}).first, (std::vector<std::int64_t>{0}));
}

TEST(FramesPlan, FrameInOutputNameAndTitle) {
    PlotRule r = heatmap("{axis: t, index: each}", "title: '{name} at step {frame}'");
    const Plan plan = plan_of(config_with({r}, "{file_stem}/{name}/{frame}"),
                              {dataset("/f/rho", {200, 4, 4}, {"t", "y", "x"})});
    ASSERT_EQ(plan.tasks.size(), 200u);
    EXPECT_EQ(plan.tasks[0].job.output_stem, "run_0001/rho/000");
    EXPECT_EQ(plan.tasks[7].job.output_stem, "run_0001/rho/007");
    EXPECT_EQ(plan.tasks[199].job.output_stem, "run_0001/rho/199");
    EXPECT_EQ(plan.tasks[42].draw.title, "rho at step 042");
    EXPECT_EQ(plan.tasks[42].read.slices.at(0).name, "t");
    std::set<std::string> stems;
    for (const auto& t : plan.tasks) {
        EXPECT_EQ(t.job.error, "");
        stems.insert(t.job.output_stem);
    }
    EXPECT_EQ(stems.size(), 200u);
}

// Without {frame} in output.name frames share a name: the first keeps it, the rest fail
// naming it, as any clash; and "{name}" plus the default suffix can clash with a dataset
// of that name, which is caught too.
TEST(FramesPlan, ClashDetectionStillApplies) {
    const Plan plan =
        plan_of(config_with({heatmap("{axis: 0, index: each}", "title: '{frame}'")}, "{name}"),
                {dataset("/f/rho", {3, 4, 4})});
    ASSERT_EQ(plan.tasks.size(), 3u);
    // output.name has no {frame}: "_<frame>" keeps them apart.
    EXPECT_EQ(plan.tasks[2].job.output_stem, "rho_2");
    EXPECT_EQ(plan.tasks[2].job.error, "");

    const Plan clash =
        plan_of(config_with({test::rule_of("heatmap", "slice: {axis: 0, index: each}", "/f/*"),
                             test::rule_of("line", "", "/g/*")},
                            "{name}"),
                {dataset("/f/rho", {3, 4, 4}), dataset("/g/rho_1", {5})});
    ASSERT_EQ(clash.tasks.size(), 4u);
    EXPECT_EQ(clash.tasks[1].job.output_stem, "rho_1");
    EXPECT_EQ(clash.tasks[1].job.error, "");
    EXPECT_EQ(clash.tasks[3].job.error,
              "output name 'rho_1' is already used by dataset '/f/rho' in '/data/run_0001.h5' "
              "(make output.name "
              "more specific)");
}

TEST(FramesPlan, NoFramesIsOneFailedRowSayingWhy) {
    const auto one_row = [](const std::string& slice, Shape shape,
                            std::vector<std::string> dims = {}) {
        const Plan plan = plan_of(config_with({heatmap(slice)}),
                                  {dataset("/f/rho", std::move(shape), std::move(dims))});
        EXPECT_EQ(plan.tasks.size(), 1u) << slice;
        EXPECT_FALSE(plan.tasks.at(0).draw.frame);
        return plan.tasks.at(0).job.error;
    };
    EXPECT_EQ(one_row("{axis: 0, index: each}", {0, 64, 64}),
              "slice axis 0 of '/f/rho' has length 0 (shape 0×64×64): no frames to draw");
    EXPECT_EQ(
        one_row("{axis: t, index: each}", {0, 64, 64}, {"t", "", ""}),
        "slice axis 't' (axis 0) of '/f/rho' has length 0 (shape 0×64×64): no frames to draw");
    EXPECT_EQ(one_row("{axis: 0, index: {from: 12}}", {10, 4, 4}),
              "slice axis 0 of '/f/rho' has length 10 (shape 10×4×4): frames from 12 are outside "
              "it (indices 0 "
              "to 9)");
    EXPECT_EQ(one_row("{axis: 0, index: {from: 2, to: 11}}", {10, 4, 4}),
              "slice axis 0 of '/f/rho' has length 10 (shape 10×4×4): frames to 11 go beyond it "
              "(indices 0 to 9; "
              "`to` is exclusive, so at most to: 10)");
    // The existing messages: an axis beyond the rank, an unknown name, a kind's need.
    EXPECT_EQ(one_row("{axis: 3, index: each}", {10, 4, 4}),
              "slice axis 3 does not exist: shape 10×4×4 has 3 axes (0 to 2)");
    EXPECT_NE(one_row("{axis: z, index: each}", {10, 4, 4}, {"t", "y", "x"})
                  .find("slice axis 'z' is not a dimension"),
              std::string::npos);
    // What fails one frame fails each: one row, not 10 of the same message.
    EXPECT_EQ(one_row("{axis: 0, index: each}", {10, 4, 4, 4}),
              "heatmap needs 2-D data; shape 10×4×4×4 sliced [0, :, :, :] → 4×4×4 has 3 dimensions "
              "that are not "
              "1: add `slice: {axis: 1, index: middle}` to the rule (besides the slices it has) "
              "(each of its 10 "
              "frames)");
    // An empty axis other than the frame axis: the dataset is empty.
    EXPECT_EQ(one_row("{axis: 0, index: each}", {3, 0, 4}),
              "empty dataset (shape 3×0×4) (each of its 3 frames)");
}

TEST(FramesPlan, FramesDoNotGoWithGroups) {
    const Plan plan = plan_of(
        config_with({test::rule_of("line", "group: parent, slice: {axis: 0, index: each}")}),
        {dataset("/g/a", {4, 5}), dataset("/g/b", {4, 5})});
    ASSERT_EQ(plan.tasks.size(), 1u);
    EXPECT_NE(plan.tasks[0].job.error.find("do not go with `group: parent`"), std::string::npos)
        << plan.tasks[0].job.error;
}

// limits: shared puts every frame of one dataset in one group (another dataset, and
// another rule, in others); limits: rule puts all of the rule's frames in one.
TEST(FramesPlan, FramesOfOneDatasetShareOneLimitsGroup) {
    Config config = config_with({heatmap("{axis: 0, index: each}", "limits: shared")});
    Plan plan = plan_of(config, {dataset("/f/rho", {5, 4, 4}), dataset("/f/temp", {3, 4, 4})});
    ASSERT_EQ(plan.tasks.size(), 8u);
    EXPECT_EQ(assign_limit_groups(config, plan.tasks), 2);
    for (const auto& t : plan.tasks)
        EXPECT_EQ(t.limits_group, t.read.dataset == "/f/rho" ? 0 : 1) << t.read.dataset;
    // The pre-pass reads every frame of the group, even when only one is left to draw.
    const std::vector<PlotTask> left = {plan.tasks[2]};
    const std::vector<PlotTask> scan = limits_scan_list(plan.tasks, left);
    ASSERT_EQ(scan.size(), 5u);
    for (std::size_t i = 0; i < scan.size(); ++i)
        EXPECT_EQ(scan[i].draw.frame, static_cast<std::int64_t>(i));
    // A frame left out after a crash is not read, but the other frames still are.
    std::vector<PlotTask> crashed = {plan.tasks[2], plan.tasks[3]};
    crashed[1].job.error = "crashed";
    EXPECT_EQ(limits_scan_list(plan.tasks, crashed).size(), 4u);

    config.plots[0] = heatmap("{axis: 0, index: each}", "limits: rule");
    plan = plan_of(config, {dataset("/f/rho", {5, 4, 4}), dataset("/f/temp", {3, 4, 4})});
    EXPECT_EQ(assign_limit_groups(config, plan.tasks), 1);
}

// Resume works per frame: each frame's fingerprint is its own (a killed run redraws only
// the frames not yet drawn), and a frame's is the same from one plan to the next.
TEST(FramesPlan, EachFrameHasItsOwnFingerprint) {
    const Config config = config_with({heatmap("{axis: 0, index: each}")});
    const Plan plan = plan_of(config, {dataset("/f/rho", {6, 4, 4})});
    const Plan again = plan_of(config, {dataset("/f/rho", {6, 4, 4})});
    ASSERT_EQ(plan.tasks.size(), 6u);
    std::set<std::string> prints;
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        const std::string print = plot_fingerprint(config, plan.tasks[i], {}, "v");
        EXPECT_EQ(print, plot_fingerprint(config, again.tasks[i], {}, "v"));
        prints.insert(print);
    }
    EXPECT_EQ(prints.size(), 6u);
}

}  // namespace
}  // namespace plotcluster
