#pragma once
// limits: shared | rule, the pure part. Plots of one group (the same dataset path in every
// file, or everything a rule matches) get one value range; which plots share one, and
// what the pre-pass reads to find it, is decided here. The collective that combines the
// ranks' scans (render/shared_limits.hpp) returns one range per group.
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"

namespace plotcluster {

// One group's range once every rank has scanned its share; lo > hi: no values.
struct SharedRange {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool empty() const { return !(lo <= hi); }
};

// Indexed by PlotTask::limits_group.
using SharedLimits = std::vector<SharedRange>;

// Numbers the groups and sets each task's limits_group (-1: shares none); returns how
// many there are. Failed tasks take no part.
std::int32_t assign_limit_groups(const Config& config, std::vector<PlotTask>& tasks);

// What the pre-pass must read: every task of a group that has one to draw (plots kept
// from an earlier run still count towards the range). A task of `to_draw` that fails
// without being read (left out after crashing the process) is not read here either, nor
// does it need a range.
std::vector<PlotTask> limits_scan_list(const std::vector<PlotTask>& all,
                                       const std::vector<PlotTask>& to_draw);

// The range `task` is drawn with: its group's, when it has one and the group has values.
std::optional<SharedRange> shared_range(const SharedLimits& limits, const PlotTask& task);

}  // namespace plotcluster
