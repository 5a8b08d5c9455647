#include "plotcluster/schedule/work_queue.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace plotcluster {

WorkQueue::WorkQueue(const std::vector<std::uint64_t>& costs, int ranks)
    : order_(costs.size()), costs_(costs), ranks_(static_cast<std::uint64_t>(ranks)) {
    if (ranks < 1) throw std::invalid_argument("WorkQueue: ranks must be >= 1");
    std::iota(order_.begin(), order_.end(), 0u);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return costs_[a] > costs_[b]; });
    for (const auto c : costs_) remaining_cost_ += c;
}

std::vector<std::uint32_t> WorkQueue::next_batch() {
    std::vector<std::uint32_t> batch;
    const std::uint64_t target = remaining_cost_ / (share_divisor * ranks_);
    std::uint64_t taken = 0;
    while (next_ < order_.size() && (batch.empty() || taken + costs_[order_[next_]] <= target)) {
        const auto task = order_[next_++];
        batch.push_back(task);
        taken += costs_[task];
    }
    remaining_cost_ -= taken;
    // Ascending ids keep a batch's reads grouped by file.
    std::sort(batch.begin(), batch.end());
    return batch;
}

std::vector<std::vector<std::uint32_t>> WorkQueue::opening_batches() {
    std::vector<std::vector<std::uint32_t>> batches(ranks_);
    for (auto& batch : batches) batch = next_batch();
    return batches;
}

std::vector<std::uint32_t> WorkQueue::drain() {
    std::vector<std::uint32_t> rest(order_.begin() + static_cast<std::ptrdiff_t>(next_), order_.end());
    next_ = order_.size();
    remaining_cost_ = 0;
    std::sort(rest.begin(), rest.end());
    return rest;
}

}  // namespace plotcluster
