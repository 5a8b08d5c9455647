#include "plotcluster/schedule/schedule.hpp"

#include <algorithm>
#include <numeric>
#include <queue>
#include <stdexcept>

namespace plotcluster {

std::vector<std::vector<std::uint32_t>> partition_by_cost(const std::vector<std::uint64_t>& costs,
                                                          int ranks) {
    if (ranks < 1) throw std::invalid_argument("partition_by_cost: ranks must be >= 1");
    std::vector<std::uint32_t> order(costs.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return costs[a] > costs[b]; });

    using Load = std::pair<std::uint64_t, int>;  // (load, rank): least load, then lowest rank
    std::priority_queue<Load, std::vector<Load>, std::greater<>> loads;
    for (int r = 0; r < ranks; ++r) loads.push({0, r});

    std::vector<std::vector<std::uint32_t>> assignment(static_cast<std::size_t>(ranks));
    for (auto task : order) {
        auto [load, rank] = loads.top();
        loads.pop();
        assignment[static_cast<std::size_t>(rank)].push_back(task);
        loads.push({load + costs[task], rank});
    }
    // Ascending task order keeps each rank's reads grouped by file.
    for (auto& tasks : assignment) std::sort(tasks.begin(), tasks.end());
    return assignment;
}

}  // namespace plotcluster
