#include "plotcluster/schedule/work_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <queue>
#include <random>
#include <set>

namespace plotcluster {
namespace {

TEST(WorkQueue, HandsOutEveryTaskOnceLargestFirst) {
    const std::vector<std::uint64_t> costs = {5, 50, 1, 20, 20, 3};
    WorkQueue q(costs, 2);
    std::multiset<std::uint32_t> seen;
    std::vector<std::uint64_t> first_costs;
    while (!q.empty()) {
        const auto batch = q.next_batch();
        ASSERT_FALSE(batch.empty());
        EXPECT_TRUE(std::is_sorted(batch.begin(), batch.end()));
        first_costs.push_back(costs[batch.front()]);
        seen.insert(batch.begin(), batch.end());
    }
    EXPECT_EQ(seen, (std::multiset<std::uint32_t>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(first_costs.front(), 50u);  // the biggest task goes out first
    EXPECT_TRUE(q.next_batch().empty());
    EXPECT_EQ(q.remaining_cost(), 0u);
}

TEST(WorkQueue, BatchesShrinkAsWorkRunsOut) {
    const std::vector<std::uint64_t> costs(1000, 1);
    WorkQueue q(costs, 4);
    std::vector<std::size_t> sizes;
    while (!q.empty()) sizes.push_back(q.next_batch().size());
    EXPECT_EQ(sizes.front(), 62u);  // 1000 / (4 * 4)
    EXPECT_EQ(sizes.back(), 1u);
    EXPECT_TRUE(std::is_sorted(sizes.rbegin(), sizes.rend()));
}

TEST(WorkQueue, DrainReturnsWhatWasNotHandedOut) {
    WorkQueue q({1, 1, 1, 1, 1, 1, 1, 1}, 1);
    const auto first = q.next_batch();
    const auto rest = q.drain();
    EXPECT_EQ(first.size() + rest.size(), 8u);
    EXPECT_TRUE(q.empty());
    EXPECT_TRUE(q.next_batch().empty());
}

TEST(WorkQueue, NoTasksAndBadRanks) {
    WorkQueue q({}, 3);
    EXPECT_TRUE(q.empty());
    EXPECT_TRUE(q.next_batch().empty());
    EXPECT_THROW(WorkQueue({1}, 0), std::invalid_argument);
}

TEST(WorkQueue, OpeningBatchesAreTheFirstBatchesInRankOrder) {
    const std::vector<std::uint64_t> costs = {5, 50, 1, 20, 20, 3, 7, 7, 9};
    WorkQueue asked(costs, 3);
    WorkQueue opened(costs, 3);
    const auto opening = opened.opening_batches();
    ASSERT_EQ(opening.size(), 3u);
    for (const auto& batch : opening) EXPECT_EQ(batch, asked.next_batch());
    EXPECT_EQ(opened.remaining_tasks(), asked.remaining_tasks());
    while (!asked.empty()) EXPECT_EQ(opened.next_batch(), asked.next_batch());
    EXPECT_TRUE(opened.empty());
}

TEST(WorkQueue, OpeningBatchesOfMoreRanksThanTasksAreEmptyAtTheEnd) {
    WorkQueue q({4, 2}, 4);
    const auto opening = q.opening_batches();
    ASSERT_EQ(opening.size(), 4u);
    EXPECT_EQ(opening[0], (std::vector<std::uint32_t>{0}));
    EXPECT_EQ(opening[1], (std::vector<std::uint32_t>{1}));
    EXPECT_TRUE(opening[2].empty());
    EXPECT_TRUE(opening[3].empty());
    EXPECT_TRUE(q.empty());
}

// Simulates ranks that ask for the next batch when they run dry (cost = time) and
// returns the makespan over the ideal total / ranks.
double makespan_ratio(const std::vector<std::uint64_t>& costs, int ranks) {
    WorkQueue q(costs, ranks);
    using Free = std::pair<std::uint64_t, int>;  // (time the rank runs dry, rank)
    std::priority_queue<Free, std::vector<Free>, std::greater<>> free;
    for (int r = 0; r < ranks; ++r) free.push({0, r});
    std::uint64_t makespan = 0, total = 0;
    for (const auto c : costs) total += c;
    while (!q.empty()) {
        auto [t, r] = free.top();
        free.pop();
        for (const auto task : q.next_batch()) t += costs[task];
        makespan = std::max(makespan, t);
        free.push({t, r});
    }
    return static_cast<double>(makespan) / (static_cast<double>(total) / ranks);
}

// The skewed case: 10% of the datasets 50 times larger than the rest.
TEST(WorkQueue, SkewedWorkFinishesWithin15PercentOfIdeal) {
    std::mt19937 rng(3);
    for (const int ranks : {2, 3, 8, 64}) {
        std::vector<std::uint64_t> costs(2000);
        for (auto& c : costs) c = (rng() % 10 == 0) ? 50'000 : 1'000;
        const double ratio = makespan_ratio(costs, ranks);
        std::printf("ranks %d: makespan %.3f x ideal\n", ranks, ratio);
        EXPECT_LT(ratio, 1.15) << ranks << " ranks";
    }
}

}  // namespace
}  // namespace plotcluster
