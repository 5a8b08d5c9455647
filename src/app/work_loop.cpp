#include "plotcluster/app/work_loop.hpp"

#include <deque>
#include <iostream>

#include "plotcluster/app/stop_signal.hpp"
#include "plotcluster/schedule/schedule.hpp"
#include "plotcluster/schedule/work_queue.hpp"

namespace plotcluster {
namespace {

// One rank's drawing: renders, journals, and keeps what the run needs to know.
class Drawer {
public:
    Drawer(const JobSetup& setup, int rank, Renderer* renderer, const std::string& no_renderer,
           JournalWriter* journal)
        : setup_(setup), rank_(rank), renderer_(renderer), no_renderer_(no_renderer),
          journal_(journal) {}

    PlotRecord draw(std::uint32_t id) {
        const PlotTask& task = setup_.tasks.at(id);
        PlotRecord record =
            renderer_ ? renderer_->render(task) : failed_record(task, rank_, no_renderer_);
        record.fingerprint = task.fingerprint;
        if (journal_ != nullptr) {
            try {
                journal_->append(record);
            } catch (const std::exception& e) {
                // The plot is drawn; only a rerun's chance to skip it is lost. Say so once.
                if (!journal_warned_) std::cerr << "plotcluster: rank " << rank_ << ": " << e.what() << '\n';
                journal_warned_ = true;
            }
        }
        if (record.status == PlotStatus::failed && setup_.config.run.on_error == OnError::abort_run) {
            failed_abort_ = true;
        }
        return record;
    }

    // Whether this rank should start no further plot.
    bool should_stop() const { return stop_requested() || failed_abort_; }
    bool failed_abort() const { return failed_abort_; }

private:
    const JobSetup& setup_;
    int rank_;
    Renderer* renderer_;
    const std::string& no_renderer_;
    JournalWriter* journal_;
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
        if (t.error.empty()) {
            s.drawable.push_back(t.id);
            s.costs.push_back(t.cost);
        } else {
            s.failed.push_back(t.id);
        }
    }
    return s;
}

bool aborts(const JobSetup& setup, const PlotRecord& r) {
    return r.status == PlotStatus::failed && setup.config.run.on_error == OnError::abort_run;
}

// Static: a cost-weighted partition fixed up front, records gathered at the end.
WorkOutcome run_static(Comm& comm, const JobSetup& setup, Drawer& drawer) {
    const Split split = split_tasks(setup);
    std::vector<PlotRecord> records;
    if (comm.rank() == 0) {
        for (const auto id : split.failed) records.push_back(drawer.draw(id));
    }
    const bool abort_now = !split.failed.empty() && setup.config.run.on_error == OnError::abort_run;
    const auto mine = partition_by_cost(split.costs, comm.size())[static_cast<std::size_t>(comm.rank())];
    for (const auto index : mine) {
        if (abort_now || drawer.should_stop() || comm.abort_requested()) break;
        records.push_back(drawer.draw(split.drawable[index]));
        if (drawer.failed_abort()) comm.announce_abort();
    }
    comm.settle_aborts();
    WorkOutcome out;
    out.records = comm.gather_records(records);
    // Rank 0 learns of a stop on any rank from the tasks that have no record.
    for (const auto& r : out.records) out.aborted = out.aborted || aborts(setup, r);
    out.stopped = comm.rank() == 0 && !out.aborted && out.records.size() < setup.tasks.size();
    return out;
}

// A worker: asks rank 0 for batches, asking for the next one while drawing the last of
// the current one, and reports what it finished with each request.
void run_worker(Comm& comm, Drawer& drawer) {
    std::deque<std::uint32_t> queue;
    WorkReport report;
    comm.send_report(report);  // the first request
    bool asked = true;
    while (true) {
        if (queue.empty()) {
            if (!asked) {
                report.stopping = stop_requested();
                comm.send_report(report);
                report.done.clear();
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
            comm.send_report(report);
            report.done.clear();
            asked = true;
        }
        report.done.push_back(drawer.draw(queue.front()));
        queue.pop_front();
    }
    report.wants_more = false;
    report.stopping = stop_requested() || drawer.failed_abort();
    comm.send_report(report);
}

// Rank 0: serves the workers' requests between its own plots, and draws too.
WorkOutcome run_leader(Comm& comm, const JobSetup& setup, Drawer& drawer) {
    const Split split = split_tasks(setup);
    WorkQueue queue(split.costs, comm.size());
    WorkOutcome out;
    for (const auto id : split.failed) {
        out.records.push_back(drawer.draw(id));
        out.aborted = out.aborted || aborts(setup, out.records.back());
    }
    // Batches hold indices into split.drawable; workers get task ids.
    auto next_batch = [&] {
        auto batch = queue.next_batch();
        for (auto& index : batch) index = split.drawable[index];
        return batch;
    };
    int active = comm.size() - 1;
    bool stopping = false;
    std::deque<std::uint32_t> own;

    auto handle = [&](int from, WorkReport& report) {
        for (auto& r : report.done) {
            out.aborted = out.aborted || aborts(setup, r);
            out.records.push_back(std::move(r));
        }
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
            out.records.push_back(drawer.draw(own.front()));
            own.pop_front();
            continue;
        }
        if (active == 0) break;
        comm.wait_report(from, report);
        handle(from, report);
    }
    out.stopped = stopping && !out.aborted;
    return out;
}

}  // namespace

WorkOutcome run_tasks(Comm& comm, const JobSetup& setup, Renderer* renderer,
                      const std::string& no_renderer, JournalWriter* journal) {
    Drawer drawer(setup, comm.rank(), renderer, no_renderer, journal);
    if (setup.config.run.schedule == Schedule::static_partition) return run_static(comm, setup, drawer);
    if (comm.rank() == 0) return run_leader(comm, setup, drawer);
    run_worker(comm, drawer);
    return {};
}

}  // namespace plotcluster
