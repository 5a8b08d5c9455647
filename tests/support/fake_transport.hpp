#pragma once
// Test support: the ranks of one run as threads of this process, talking over in-memory
// queues (Transport, render/transport.hpp), so the executor's schedule, abort and stop
// logic runs without mpirun. A rank that waits longer than `patience` for a message or
// for the others at a collective throws, so a protocol bug fails the test instead of
// hanging it.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "plotcluster/render/transport.hpp"

namespace plotcluster::test {

class FakeNetwork {
public:
    explicit FakeNetwork(int ranks, std::chrono::milliseconds patience = std::chrono::seconds(60));
    ~FakeNetwork();
    FakeNetwork(const FakeNetwork&) = delete;
    FakeNetwork& operator=(const FakeNetwork&) = delete;

    int size() const { return ranks_; }
    Transport& rank(int r);

    // Runs body(rank r's transport, r) for every rank, each on a thread of its own, and
    // returns when all have; rethrows the first exception one of them threw.
    void run(const std::function<void(Transport&, int)>& body);

    // What travelled, for the tests to check.
    struct Traffic {
        std::vector<std::pair<int, std::vector<std::uint32_t>>> batches;  // (to, ids), sent order
        std::vector<std::pair<int, WorkReport>> reports;                  // (from, report)
        int aborts_announced = 0;  // ranks that announced an abort
        int collectives = 0;       // collectives completed
    };
    Traffic traffic() const;

private:
    class Endpoint;
    friend class Endpoint;

    // Waits on cv_ until ready() holds; throws after patience_.
    void wait(std::unique_lock<std::mutex>& lock, int rank, const char* what,
              const std::function<bool()>& ready);
    // Every rank's contribution meets the others'; the last to arrive runs `combine` once,
    // then all return.
    void collective(int rank, const std::function<void()>& contribute,
                    const std::function<void()>& combine);

    int ranks_;
    std::chrono::milliseconds patience_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::pair<int, WorkReport>> reports_;       // to rank 0
    std::vector<std::deque<std::vector<std::uint32_t>>> batches_;  // per rank, from rank 0
    std::vector<int> abort_notices_;                       // per rank, not yet taken in
    // Collectives: ranks arrived in the current one, and its generation.
    int arrived_ = 0;
    std::uint64_t generation_ = 0;
    std::vector<std::vector<PlotRecord>> gathered_;
    std::vector<std::vector<double>> lows_, highs_;
    std::vector<PlotRecord> gather_result_;
    std::vector<double> low_result_, high_result_;
    Traffic traffic_;
    std::vector<std::unique_ptr<Endpoint>> endpoints_;
};

}  // namespace plotcluster::test
