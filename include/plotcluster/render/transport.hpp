#pragma once
// What the run's executor (work_loop.hpp) and the shared-limits scan (shared_limits.hpp)
// need from the other ranks. CommTransport carries it over MPI (comm/comm.hpp); the tests
// run several ranks in one process over an in-memory one (tests/support/fake_transport.hpp).
// The messages are comm's (TaskDone, WorkReport).
#include <cstdint>
#include <vector>

#include "plotcluster/comm/comm.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

class Transport {
public:
    virtual ~Transport() = default;

    virtual int rank() const = 0;
    virtual int size() const = 0;

    // Collective: every rank's records arrive at rank 0 (others get an empty vector).
    virtual std::vector<PlotRecord> gather_records(const std::vector<PlotRecord>& mine) = 0;
    // Collective: element-wise minimum of `lo` and maximum of `hi` over all ranks.
    virtual void reduce_extents(std::vector<double>& lo, std::vector<double>& hi) = 0;

    // Dynamic schedule: reports go from workers to rank 0, batches back.
    virtual void send_report(const WorkReport& report) = 0;           // worker -> rank 0
    virtual bool poll_report(int& from, WorkReport& report) = 0;      // rank 0, non-blocking
    virtual void wait_report(int& from, WorkReport& report) = 0;      // rank 0
    virtual void send_batch(int to, const std::vector<std::uint32_t>& ids) = 0;  // rank 0 -> worker
    virtual std::vector<std::uint32_t> wait_batch() = 0;  // worker: the answer (empty: no more)

    // run.on_error = abort: tells the other ranks to stop drawing (non-blocking) ...
    virtual void announce_abort() = 0;
    // ... which they notice between plots.
    virtual bool abort_requested() = 0;
    // Collective: receives any abort notices still in flight, so none is left unmatched.
    virtual void settle_aborts() = 0;
};

// The transport between MPI ranks.
class CommTransport final : public Transport {
public:
    explicit CommTransport(Comm& comm) : comm_(comm) {}

    int rank() const override { return comm_.rank(); }
    int size() const override { return comm_.size(); }
    std::vector<PlotRecord> gather_records(const std::vector<PlotRecord>& mine) override {
        return comm_.gather_records(mine);
    }
    void reduce_extents(std::vector<double>& lo, std::vector<double>& hi) override {
        comm_.reduce_extents(lo, hi);
    }
    void send_report(const WorkReport& report) override { comm_.send_report(report); }
    bool poll_report(int& from, WorkReport& report) override { return comm_.poll_report(from, report); }
    void wait_report(int& from, WorkReport& report) override { comm_.wait_report(from, report); }
    void send_batch(int to, const std::vector<std::uint32_t>& ids) override { comm_.send_batch(to, ids); }
    std::vector<std::uint32_t> wait_batch() override { return comm_.wait_batch(); }
    void announce_abort() override { comm_.announce_abort(); }
    bool abort_requested() override { return comm_.abort_requested(); }
    void settle_aborts() override { comm_.settle_aborts(); }

private:
    Comm& comm_;
};

}  // namespace plotcluster
