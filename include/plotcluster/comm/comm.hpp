#pragma once
// Everything that crosses between ranks. Boost.MPI stays inside comm.cpp.
// Collectives here never throw on one rank only: callers agree before calling them.
#include <memory>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// What rank 0 decides before rendering and every rank needs.
struct JobSetup {
    std::string error;  // non-empty: the job stops (exit 2) with this message
    Config config;
    std::vector<PlotTask> tasks;  // to draw; tasks[i].id == i
    std::string run_id;           // names this run's journals
    std::int32_t limit_groups = 0;   // limits: shared | rule groups among the tasks
    std::vector<PlotTask> scan;      // what the shared-limits pre-pass reads
    // figure.font as rank 0 found it (canvas's FontChoice): every rank opens this file.
    std::string font_file;
    std::int32_t font_index = 0;
};

// Each struct's field list follows it (core/fields.hpp): what other ranks receive and
// the fingerprint hashes. A member missing from its list fails test_fields.
template <fields::same_or_const<JobSetup> S, class V>
constexpr void for_each_field(S& s, V&& v) {
    v("error", s.error);
    v("config", s.config);
    v("tasks", s.tasks);
    v("run_id", s.run_id);
    v("limit_groups", s.limit_groups);
    v("scan", s.scan);
    v("font_file", s.font_file);
    v("font_index", s.font_index);
}

// What rank 0 learns of a finished task while the run goes on; the whole record waits in
// the rank's journal, so rank 0's memory does not grow with every plot.
struct TaskDone {
    std::uint32_t id = 0;
    bool failed = false;
};

template <fields::same_or_const<TaskDone> S, class V>
constexpr void for_each_field(S& d, V&& v) {
    v("id", d.id);
    v("failed", d.failed);
}

// A worker's message to rank 0 in the dynamic schedule: what it finished since its last
// report, and whether it wants another batch.
struct WorkReport {
    std::vector<TaskDone> done;
    std::vector<PlotRecord> unjournaled;  // records this rank could not journal
    bool wants_more = true;  // false: the worker's last report; it stops after sending it
    bool stopping = false;   // a stop signal reached this rank
};

template <fields::same_or_const<WorkReport> S, class V>
constexpr void for_each_field(S& r, V&& v) {
    v("done", r.done);
    v("unjournaled", r.unjournaled);
    v("wants_more", r.wants_more);
    v("stopping", r.stopping);
}

class Comm {
public:
    Comm(int& argc, char**& argv);  // initialises MPI (a singleton run works too)
    ~Comm();                        // finalises MPI
    Comm(const Comm&) = delete;
    Comm& operator=(const Comm&) = delete;

    int rank() const;
    int size() const;

    // The collectives first wait for every rank without spinning (an MPI_Ibarrier tested
    // between sleeps), so early arrivals leave their cores to ranks still working.

    // Collective: rank 0's setup reaches every rank.
    void share_setup(JobSetup& setup);
    // Collective: every rank's records arrive at rank 0 (others get an empty vector).
    std::vector<PlotRecord> gather_records(const std::vector<PlotRecord>& mine);
    // Collective: element-wise minimum of `lo` and maximum of `hi` over all ranks.
    void reduce_extents(std::vector<double>& lo, std::vector<double>& hi);

    // Collective: rank 0's exit code reaches every rank, so mpirun reports it.
    int share_exit_code(int code);

    // Dynamic schedule. Waiting sleeps between polls rather than spinning, so an idle
    // rank leaves its core to the others (which matters when ranks share cores).
    void send_report(const WorkReport& report);                    // worker -> rank 0
    bool poll_report(int& from, WorkReport& report);               // rank 0, non-blocking
    void wait_report(int& from, WorkReport& report);               // rank 0
    void send_batch(int to, const std::vector<std::uint32_t>& ids);  // rank 0 -> worker
    std::vector<std::uint32_t> wait_batch();                       // worker: the answer

    // run.on_error = abort: tells the other ranks to stop drawing (non-blocking) ...
    void announce_abort();
    // ... which they notice between plots.
    bool abort_requested();
    // Collective: receives any abort notices still in flight, so none is left unmatched.
    void settle_aborts();

    static std::string library_version();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace plotcluster
