#pragma once
// limits: shared | rule. Plots of one group (plan/limit_groups.hpp) get one value range:
// every rank scans its share of the group's data, one reduction combines them, and each
// plot is drawn with the result.
#include "plotcluster/comm/comm.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/record/journal.hpp"
#include "plotcluster/render/renderer.hpp"
#include "plotcluster/render/transport.hpp"

namespace plotcluster {

// Collective: scans `setup.scan` across the ranks and returns every group's range
// (setup.limit_groups of them; the same on every rank). `renderer` may be null (this rank
// then scans nothing); each scan is watched for a crash (crash_watch.hpp), journaled in
// `journal` when not null.
SharedLimits share_limits(Transport& transport, const JobSetup& setup, Renderer* renderer,
                          JournalWriter* journal = nullptr);

}  // namespace plotcluster
