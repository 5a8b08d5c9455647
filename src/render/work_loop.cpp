#include "plotcluster/render/work_loop.hpp"

#include <chrono>
#include <cmath>
#include <deque>
#include <iostream>
#include <set>
#include <sstream>
#include <utility>

#include "plotcluster/render/crash_watch.hpp"
#include "plotcluster/schedule/schedule.hpp"
#include "plotcluster/schedule/work_queue.hpp"

namespace plotcluster {
namespace {

bool aborts(const JobSetup& setup, bool failed) {
    return failed && setup.config.run.on_error == OnError::abort_run;
}

// One rank's drawing: renders and journals. A journaled record is not kept in memory
// (rank 0 reads the journals at the end); one that could not be journaled is.
class Drawer {
public:
    Drawer(const JobSetup& setup, const SharedLimits& limits, int rank, Renderer* renderer,
           const std::string& no_renderer, JournalWriter* journal, const LoopDisplay& display,
           const StopCheck& stop)
        : setup_(setup), limits_(limits), rank_(rank), renderer_(renderer),
          no_renderer_(no_renderer), journal_(journal), display_(display), stop_(stop),
          watch_(rank, journal) {}

    TaskDone draw(std::uint32_t id) {
        const PlotTask& task = setup_.tasks.at(id);
        // A task the plan failed is not read: nothing in it can crash.
        const bool reads = renderer_ != nullptr && task.job.error.empty();
        if (reads) watch_.begin(task);
        PlotRecord record = renderer_ ? renderer_->render(task, shared_ranges(limits_, task))
                                      : failed_record(task, rank_, no_renderer_);
        if (reads) watch_.end();
        record.fingerprint = task.job.fingerprint;
        const TaskDone done{id, record.status == PlotStatus::failed};
        failed_abort_ = failed_abort_ || aborts(setup_, done.failed);
        if (display_.verbose) say(record);
        if (display_.progress) display_.progress->finished(done.failed);
        if (!journaled(record)) unjournaled_.push_back(std::move(record));
        return done;
    }

    // Whether this rank should start no further plot.
    bool should_stop() const { return stop_requested() || failed_abort_; }
    // A stop signal reached this rank.
    bool stop_requested() const { return stop_(); }
    bool failed_abort() const { return failed_abort_; }
    std::vector<PlotRecord> take_unjournaled() { return std::exchange(unjournaled_, {}); }

private:
    // One write per line, so lines from ranks sharing a terminal do not mix.
    void say(const PlotRecord& r) const {
        std::ostringstream line;
        line << "[rank " << rank_ << "] ";
        if (r.status == PlotStatus::ok) {
            line << "ok " << r.file << ':' << r.dataset << " (" << std::lround(r.render_ms)
                 << " ms)\n";
        } else {
            line << "failed " << r.file << ':' << r.dataset << ": " << r.error.value_or("") << '\n';
        }
        std::cerr << line.str() << std::flush;
    }

    bool journaled(const PlotRecord& record) {
        if (journal_ == nullptr) return false;
        try {
            journal_->append(record);
            return true;
        } catch (const std::exception& e) {
            // The plot is drawn; it just travels to rank 0 in memory. Say so once.
            if (!journal_warned_) std::cerr << "plotcluster: rank " << rank_ << ": " << e.what() << '\n';
            journal_warned_ = true;
            return false;
        }
    }

    const JobSetup& setup_;
    const SharedLimits& limits_;
    int rank_;
    Renderer* renderer_;
    const std::string& no_renderer_;
    JournalWriter* journal_;
    const LoopDisplay& display_;
    const StopCheck& stop_;
    PlotWatch watch_;
    std::vector<PlotRecord> unjournaled_;
    bool journal_warned_ = false;
    bool failed_abort_ = false;
};

// Tasks the plan already failed need no drawing: rank 0 records them before anything
// is drawn (so run.on_error = abort stops the job at once), the rest are scheduled.
struct Split {
    std::vector<std::uint32_t> drawable;
    std::vector<std::uint32_t> failed;
    std::vector<std::uint64_t> costs;  // of drawable
};

Split split_tasks(const JobSetup& setup) {
    Split s;
    for (const auto& t : setup.tasks) {
        if (t.job.error.empty()) {
            s.drawable.push_back(t.job.id);
            s.costs.push_back(t.job.cost);
        } else {
            s.failed.push_back(t.job.id);
        }
    }
    return s;
}

// Batches hold indices into split.drawable; ranks draw task ids.
std::vector<std::uint32_t> task_ids(const Split& split, std::vector<std::uint32_t> batch) {
    for (auto& index : batch) index = split.drawable[index];
    return batch;
}

// Rank 0, at the end: every record of this run, from the journals and from memory
// (a record both journaled and kept, after a failed sync, counts once).
void collect_records(const JobSetup& setup, std::vector<PlotRecord> unjournaled, WorkOutcome& out) {
    const auto start = std::chrono::steady_clock::now();
    auto records = read_run_journals(setup.config.output.dir, setup.run_id);
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& r : records) seen.emplace(r.file, r.dataset);
    for (auto& r : unjournaled) {
        if (seen.emplace(r.file, r.dataset).second) records.push_back(std::move(r));
    }
    out.records = std::move(records);
    out.collect_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Static: a cost-weighted partition fixed up front, leftovers gathered at the end.
WorkOutcome run_static(Transport& comm, const JobSetup& setup, Drawer& drawer, Progress* progress) {
    const Split split = split_tasks(setup);
    const auto mine =
        partition_by_cost(split.costs, comm.size())[static_cast<std::size_t>(comm.rank())];
    bool any_failed = false;
    if (progress) {
        // The other ranks report only at the end: rank 0 can show its own share.
        progress->begin(split.failed.size() + mine.size(),
                        comm.size() == 1 ? "plots" : "plots of rank 0's share");
    }
    if (comm.rank() == 0) {
        for (const auto id : split.failed) any_failed = drawer.draw(id).failed || any_failed;
    }
    const bool abort_now = aborts(setup, !split.failed.empty());
    for (const auto index : mine) {
        if (abort_now || drawer.should_stop() || comm.abort_requested()) break;
        drawer.draw(split.drawable[index]);
        if (drawer.failed_abort()) comm.announce_abort();
    }
    comm.settle_aborts();
    auto unjournaled = comm.gather_records(drawer.take_unjournaled());
    WorkOutcome out;
    if (comm.rank() != 0) return out;
    collect_records(setup, std::move(unjournaled), out);
    for (const auto& r : out.records) out.aborted = out.aborted || aborts(setup, r.status == PlotStatus::failed);
    out.stopped = !out.aborted && out.records.size() < setup.tasks.size();
    return out;
}

// A worker: starts on its opening batch, then asks rank 0 for more, asking for the next
// batch while drawing the last plot of the current one, and reports what it finished
// with each request.
void run_worker(Transport& comm, const JobSetup& setup, Drawer& drawer) {
    const Split split = split_tasks(setup);
    WorkQueue plan(split.costs, comm.size());
    auto opening = task_ids(split, plan.opening_batches()[static_cast<std::size_t>(comm.rank())]);
    // A plot the plan already failed ends the run at once under run.on_error = abort.
    if (aborts(setup, !split.failed.empty())) opening.clear();
    std::deque<std::uint32_t> queue(opening.begin(), opening.end());
    WorkReport report;
    auto send = [&] {
        report.unjournaled = drawer.take_unjournaled();
        comm.send_report(report);
        report.done.clear();
    };
    bool asked = false;
    while (true) {
        if (queue.empty()) {
            if (!asked) {
                report.stopping = drawer.stop_requested();
                send();
            }
            const auto batch = comm.wait_batch();
            asked = false;
            if (batch.empty()) break;
            queue.assign(batch.begin(), batch.end());
        }
        if (drawer.should_stop()) {
            // Tasks in hand go back untouched: rank 0 sees they have no record.
            queue.clear();
            if (asked) {
                comm.wait_batch();  // rank 0 answers every request; take that answer
                asked = false;
            }
            break;
        }
        if (queue.size() == 1 && !asked) {  // ask ahead: no wait between batches
            send();
            asked = true;
        }
        report.done.push_back(drawer.draw(queue.front()));
        queue.pop_front();
    }
    report.wants_more = false;
    report.stopping = drawer.stop_requested() || drawer.failed_abort();
    send();
}

// Rank 0: serves the workers' requests between its own plots, and draws too.
WorkOutcome run_leader(Transport& comm, const JobSetup& setup, Drawer& drawer, Progress* progress) {
    const Split split = split_tasks(setup);
    if (progress) progress->begin(setup.tasks.size(), "plots");
    WorkQueue queue(split.costs, comm.size());
    // The workers know their opening batches (the same queue's first ones) and start on
    // them at once; they ask for more only when those run low.
    const auto opening = task_ids(split, queue.opening_batches().front());
    WorkOutcome out;
    for (const auto id : split.failed) out.aborted = aborts(setup, drawer.draw(id).failed) || out.aborted;
    auto next_batch = [&] { return task_ids(split, queue.next_batch()); };
    int active = comm.size() - 1;
    bool stopping = false;
    std::deque<std::uint32_t> own(opening.begin(), opening.end());
    std::vector<PlotRecord> unjournaled;

    auto handle = [&](int from, WorkReport& report) {
        for (const auto& d : report.done) {
            out.aborted = out.aborted || aborts(setup, d.failed);
            if (progress) progress->finished(d.failed);
        }
        for (auto& r : report.unjournaled) unjournaled.push_back(std::move(r));
        if (report.stopping) stopping = true;
        if (!report.wants_more) {
            --active;
            return;
        }
        comm.send_batch(from, stopping || out.aborted ? std::vector<std::uint32_t>{} : next_batch());
    };

    int from = 0;
    WorkReport report;
    while (true) {
        while (comm.poll_report(from, report)) handle(from, report);
        if (drawer.should_stop()) stopping = true;
        if (drawer.failed_abort()) out.aborted = true;
        if (stopping || out.aborted) own.clear();
        if (!stopping && !out.aborted && own.empty() && !queue.empty()) {
            const auto batch = next_batch();
            own.assign(batch.begin(), batch.end());
        }
        if (!own.empty()) {
            drawer.draw(own.front());
            own.pop_front();
            continue;
        }
        if (active == 0) break;
        comm.wait_report(from, report);
        handle(from, report);
    }
    for (auto& r : drawer.take_unjournaled()) unjournaled.push_back(std::move(r));
    collect_records(setup, std::move(unjournaled), out);
    out.stopped = stopping && !out.aborted;
    return out;
}

}  // namespace

WorkOutcome run_tasks(Transport& comm, const JobSetup& setup, const SharedLimits& limits,
                      Renderer* renderer, const std::string& no_renderer, JournalWriter* journal,
                      const LoopDisplay& display, const StopCheck& stop) {
    Progress* progress = comm.rank() == 0 ? display.progress : nullptr;
    const LoopDisplay shown{progress, display.verbose};
    Drawer drawer(setup, limits, comm.rank(), renderer, no_renderer, journal, shown, stop);
    if (setup.config.run.schedule == Schedule::static_partition)
        return run_static(comm, setup, drawer, progress);
    if (comm.rank() == 0) return run_leader(comm, setup, drawer, progress);
    run_worker(comm, setup, drawer);
    return {};
}

}  // namespace plotcluster
