#pragma once
// Who draws what: a cost-weighted static partition (pure).
#include <cstdint>
#include <vector>

namespace plotcluster {

// Longest-processing-time-first: tasks by descending cost (ties by index) go to the rank
// with the least load so far (ties to the lower rank). Returns, per rank, its task
// indices in ascending order. Deterministic for the same inputs.
std::vector<std::vector<std::uint32_t>> partition_by_cost(const std::vector<std::uint64_t>& costs,
                                                          int ranks);

}  // namespace plotcluster
