#pragma once
// Dynamic schedule (pure): rank 0 hands out batches of tasks on request, largest first,
// each batch a shrinking share of what is left (guided self-scheduling), so big plots
// start early and the last batches are small enough to even out the finish.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace plotcluster {

class WorkQueue {
public:
    // costs[i] is task i's estimated cost; ranks share the work.
    WorkQueue(const std::vector<std::uint64_t>& costs, int ranks);

    // The next batch (task indices), empty when nothing is left. A batch holds at least
    // one task and otherwise about remaining / (share_divisor * ranks) of the cost.
    std::vector<std::uint32_t> next_batch();

    bool empty() const { return next_ >= order_.size(); }
    std::size_t remaining_tasks() const { return order_.size() - next_; }
    std::uint64_t remaining_cost() const { return remaining_cost_; }

    // Hands out nothing more (a stop was asked for); returns the tasks never handed out.
    std::vector<std::uint32_t> drain();

    // The first batch of every rank, taken in rank order: element r is rank r's. Every
    // rank builds the same queue from the same costs and so knows its opening batch
    // without asking, and no rank waits for rank 0 to finish a plot before it can start.
    std::vector<std::vector<std::uint32_t>> opening_batches();

private:
    static constexpr std::uint64_t share_divisor = 4;
    std::vector<std::uint32_t> order_;  // by descending cost, ties by index
    std::vector<std::uint64_t> costs_;
    std::size_t next_ = 0;
    std::uint64_t remaining_cost_ = 0;
    std::uint64_t ranks_;
};

}  // namespace plotcluster
