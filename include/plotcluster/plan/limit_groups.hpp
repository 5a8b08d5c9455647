#pragma once
// limits: shared | rule, the pure part. Plots of one group (the same dataset path in every
// file, or everything a rule matches) get one value range; which plots share one, and
// what the pre-pass reads to find it, is decided here. The collective that combines the
// ranks' scans (render/shared_limits.hpp) returns one range per group.
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
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

// Indexed by PlotTask::limits_group and PlotTask::x_limits_group.
using SharedLimits = std::vector<SharedRange>;

// The ranges one task is drawn with, each its group's (shared_ranges below).
struct SharedRanges {
    std::optional<SharedRange> value;  // what `limits` sets: y, colour, a histogram's x
    std::optional<SharedRange> x;      // what `x_limits` sets: x of lines, scatter, heatmaps
    SharedRanges() = default;
    // A value range alone: what kinds without a shared x are drawn with.
    SharedRanges(std::optional<SharedRange> value_range,  // NOLINT(google-explicit-constructor)
                 std::optional<SharedRange> x_range = std::nullopt)
        : value(value_range), x(x_range) {}
};

// What one plot's data spans, for its groups: the values `limits` applies to, and x.
struct PlotExtents {
    std::optional<std::pair<double, double>> value;
    std::optional<std::pair<double, double>> x;
};

// Numbers the groups and sets each task's limits_group and x_limits_group (-1: shares
// none) from the rule's `limits` and x_limits_of (kind_plan.hpp); returns how many there
// are, both kinds numbered together. Failed tasks take no part.
std::int32_t assign_limit_groups(const Config& config, std::vector<PlotTask>& tasks);

// What the pre-pass must read: every task of a group that has one to draw (plots kept
// from an earlier run still count towards the range). A task of `to_draw` that fails
// without being read (left out after crashing the process) is not read here either, nor
// does it need a range.
std::vector<PlotTask> limits_scan_list(const std::vector<PlotTask>& all,
                                       const std::vector<PlotTask>& to_draw);

// The range `task` is drawn with: its group's, when it has one and the group has values.
std::optional<SharedRange> shared_range(const SharedLimits& limits, const PlotTask& task);
// Both of the task's ranges: `limits`' (as shared_range) and x's.
SharedRanges shared_ranges(const SharedLimits& limits, const PlotTask& task);

}  // namespace plotcluster
