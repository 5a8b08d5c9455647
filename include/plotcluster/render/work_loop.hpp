#pragma once
// Drawing a job's tasks on every rank, by the configured schedule. Records end up on
// rank 0; each rank journals its own before they count as done.
#include <vector>

#include "plotcluster/render/progress.hpp"
#include "plotcluster/render/renderer.hpp"
#include "plotcluster/comm/comm.hpp"
#include "plotcluster/record/journal.hpp"

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

// Collective over all ranks. `renderer` or `journal` may be null when they could not be
// set up on this rank; `no_renderer` then says why (every task fails with it).
WorkOutcome run_tasks(Comm& comm, const JobSetup& setup, Renderer* renderer,
                      const std::string& no_renderer, JournalWriter* journal,
                      const LoopDisplay& display = {});

}  // namespace plotcluster
