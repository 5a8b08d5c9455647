#pragma once
// Drawing a job's tasks on every rank, by the configured schedule. Records end up on
// rank 0; each rank journals its own before they count as done.
#include <functional>
#include <vector>

#include "plotcluster/comm/comm.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/record/journal.hpp"
#include "plotcluster/render/progress.hpp"
#include "plotcluster/render/renderer.hpp"
#include "plotcluster/render/stop_signal.hpp"
#include "plotcluster/render/transport.hpp"

namespace plotcluster {

struct WorkOutcome {
    std::vector<PlotRecord> records;  // rank 0: every finished task's record; others: empty
    bool stopped = false;             // rank 0: a stop signal cut the run short
    bool aborted = false;             // rank 0: run.on_error = abort after a failure
    double collect_seconds = 0;       // rank 0: reading the records back at the end
};

// What a run shows while it goes. Rank 0 learns of finished tasks from the reports the
// dynamic schedule sends anyway, so showing progress costs no extra messages.
struct LoopDisplay {
    Progress* progress = nullptr;  // rank 0: told of every finished task; null: nothing shown
    bool verbose = false;          // every rank: a line per plot on stderr, "[rank N] ..."
};

// Whether a stop was asked for on this rank; looked at between plots.
using StopCheck = std::function<bool()>;

// Collective over all ranks. `limits`: the shared range of each limits group
// (share_limits). `renderer` or `journal` may be null when they could not be set up on
// this rank; `no_renderer` then says why (every task fails with it). `stop`: the stop
// signals (stop_signal.hpp) unless a test asks otherwise.
WorkOutcome run_tasks(Transport& transport, const JobSetup& setup, const SharedLimits& limits,
                      Renderer* renderer, const std::string& no_renderer, JournalWriter* journal,
                      const LoopDisplay& display = {}, const StopCheck& stop = stop_requested);

}  // namespace plotcluster
