#include "plotcluster/plan/limit_groups.hpp"

#include <gtest/gtest.h>

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
