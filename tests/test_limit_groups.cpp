#include "plotcluster/plan/limit_groups.hpp"

#include <gtest/gtest.h>

#include "plotcluster/plan/kind_plan.hpp"
#include "support/rules.hpp"

namespace plotcluster {
namespace {

PlotTask task(const std::string& file, const std::string& dataset, std::uint32_t rule) {
    PlotTask t;
    t.read.file = file;
    t.read.dataset = dataset;
    t.draw.rule = rule;
    return t;
}

TEST(LimitGroups, GroupsBySameDatasetOrByRule) {
    Config config;
    config.plots.resize(3);
    config.plots[0].limits.share = LimitsShare::dataset;
    config.plots[1].limits.share = LimitsShare::rule;
    std::vector<PlotTask> tasks = {task("a.h5", "/rho", 0), task("a.h5", "/T", 0),
                                   task("b.h5", "/rho", 0), task("a.h5", "/x", 1),
                                   task("b.h5", "/y", 1),   task("b.h5", "/z", 2)};
    tasks[1].job.error = "cannot be plotted";  // failed tasks take no part
    EXPECT_EQ(assign_limit_groups(config, tasks), 2);
    EXPECT_EQ(tasks[0].limits_group, tasks[2].limits_group);  // /rho in both files
    EXPECT_EQ(tasks[1].limits_group, -1);
    EXPECT_EQ(tasks[3].limits_group, tasks[4].limits_group);  // everything rule 1 matches
    EXPECT_NE(tasks[0].limits_group, tasks[3].limits_group);
    EXPECT_EQ(tasks[5].limits_group, -1);  // limits: auto

    // Only groups with something left to draw are scanned, but then all of them.
    const auto scan = limits_scan_list(tasks, {tasks[2]});
    ASSERT_EQ(scan.size(), 2u);
    EXPECT_EQ(scan[0].read.file, "a.h5");
    EXPECT_EQ(scan[1].read.file, "b.h5");
    EXPECT_TRUE(limits_scan_list(tasks, {tasks[5]}).empty());

    // A plot left out after crashing the process is not read for the range either; a
    // group with nothing else to draw is not scanned at all.
    PlotTask left_out = tasks[2];
    left_out.job.error = "crashed the process while reading or drawing; left out after 2 attempts";
    const auto without = limits_scan_list(tasks, {tasks[0], left_out});
    ASSERT_EQ(without.size(), 1u);
    EXPECT_EQ(without[0].read.file, "a.h5");
    EXPECT_TRUE(limits_scan_list(tasks, {left_out}).empty());
}

// `limits: shared` on a line or scatter plot shares x too; a heatmap's colour range does not
// take its x along; x_limits decides x where it is given.
TEST(LimitGroups, SeriesShareXWithTheirLimits) {
    Config config;
    config.plots = {test::rule_of("line", "limits: shared"), test::rule_of("scatter", "limits: rule"),
                    test::rule_of("heatmap", "limits: shared"),
                    test::rule_of("line", "limits: shared, x_limits: auto"),
                    test::rule_of("heatmap", "x_limits: rule"), test::rule_of("line", "x_limits: [0, 5]")};
    EXPECT_EQ(x_limits_of(config.plots[0]), (Limits{true, 0, 1, LimitsShare::dataset}));
    EXPECT_EQ(x_limits_of(config.plots[1]), (Limits{true, 0, 1, LimitsShare::rule}));
    EXPECT_EQ(x_limits_of(config.plots[2]), Limits{});
    EXPECT_EQ(x_limits_of(config.plots[3]), Limits{});
    EXPECT_EQ(x_limits_of(config.plots[5]), (Limits{false, 0, 5}));
    std::vector<PlotTask> tasks = {task("a.h5", "/t", 0), task("b.h5", "/t", 0), task("a.h5", "/u", 1),
                                   task("b.h5", "/v", 1), task("a.h5", "/f", 2), task("a.h5", "/t", 3),
                                   task("a.h5", "/f", 4), task("b.h5", "/g", 4), task("a.h5", "/t", 5)};
    // y and x of rule 0, y and x of rule 1, colour of rule 2, y of rule 3, x of rule 4.
    EXPECT_EQ(assign_limit_groups(config, tasks), 7);
    EXPECT_EQ(tasks[0].x_limits_group, tasks[1].x_limits_group);
    EXPECT_GE(tasks[0].x_limits_group, 0);
    EXPECT_NE(tasks[0].x_limits_group, tasks[0].limits_group);  // one group per axis
    EXPECT_EQ(tasks[2].x_limits_group, tasks[3].x_limits_group);
    EXPECT_EQ(tasks[4].x_limits_group, -1);
    EXPECT_GE(tasks[4].limits_group, 0);
    EXPECT_EQ(tasks[5].x_limits_group, -1);
    EXPECT_GE(tasks[5].limits_group, 0);
    EXPECT_EQ(tasks[6].x_limits_group, tasks[7].x_limits_group);
    EXPECT_EQ(tasks[6].limits_group, -1);
    EXPECT_EQ(tasks[8].x_limits_group, -1);
    EXPECT_EQ(tasks[8].limits_group, -1);

    // A group of x alone is scanned as a group of values is.
    EXPECT_EQ(limits_scan_list(tasks, {tasks[6]}).size(), 2u);

    SharedLimits limits(7);
    limits[static_cast<std::size_t>(tasks[0].x_limits_group)] = {2, 9};
    limits[static_cast<std::size_t>(tasks[0].limits_group)] = {-1, 1};
    const SharedRanges both = shared_ranges(limits, tasks[1]);
    ASSERT_TRUE(both.value && both.x);
    EXPECT_EQ(both.value->lo, -1);
    EXPECT_EQ(both.x->lo, 2);
    EXPECT_EQ(both.x->hi, 9);
    EXPECT_FALSE(shared_ranges(limits, tasks[6]).x);  // its group had no values
}

// A task is drawn with its own group's range, and with none when it has no group, the
// group is out of range or it had no values (lo > hi).
TEST(LimitGroups, SharedRangeIsTheTasksGroups) {
    const SharedLimits limits = {{0, 1}, {-5, 7}, {}};
    PlotTask t = task("a.h5", "/rho", 0);
    EXPECT_FALSE(shared_range(limits, t));
    t.limits_group = 1;
    ASSERT_TRUE(shared_range(limits, t));
    EXPECT_EQ(shared_range(limits, t)->lo, -5);
    EXPECT_EQ(shared_range(limits, t)->hi, 7);
    t.limits_group = 0;
    EXPECT_EQ(shared_range(limits, t)->hi, 1);
    t.limits_group = 2;
    EXPECT_TRUE(limits[2].empty());
    EXPECT_FALSE(shared_range(limits, t));
    t.limits_group = 3;
    EXPECT_FALSE(shared_range(limits, t));
    EXPECT_FALSE(shared_range({}, t));
}

}  // namespace
}  // namespace plotcluster
