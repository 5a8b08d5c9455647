#pragma once
// limits: shared | rule. Plots of one group (the same dataset path in every file, or
// everything a rule matches) get one value range: every rank scans its share of the
// group's data, one reduction combines them, and each plot is drawn with the result.
#include <cstdint>
#include <vector>

#include "plotcluster/render/renderer.hpp"
#include "plotcluster/comm/comm.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/record/journal.hpp"

namespace plotcluster {

// Rank 0: numbers the groups and marks each task's (pure); returns how many there are.
std::int32_t assign_limit_groups(const Config& config, std::vector<PlotTask>& tasks);

// Rank 0: what the pre-pass must read: every task of a group that has one to draw
// (plots kept from an earlier run still count towards the range). A task of `to_draw`
// that fails without being read (left out after crashing the process) is not read here
// either, nor does it need a range.
std::vector<PlotTask> limits_scan_list(const std::vector<PlotTask>& all,
                                       const std::vector<PlotTask>& to_draw);

// Collective: scans `setup.scan` across the ranks and sets the shared range of every
// task in `setup.tasks`. `renderer` may be null (this rank then scans nothing); each scan
// is watched for a crash (crash_watch.hpp), journaled in `journal` when not null.
void share_limits(Comm& comm, JobSetup& setup, Renderer* renderer,
                  JournalWriter* journal = nullptr);

}  // namespace plotcluster
