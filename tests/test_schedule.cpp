#include "plotcluster/schedule/schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace plotcluster {
namespace {

using Assignment = std::vector<std::vector<std::uint32_t>>;

// Every task appears exactly once, each rank's list is strictly ascending.
void expect_valid(const Assignment& a, std::size_t tasks, int ranks) {
    ASSERT_EQ(a.size(), static_cast<std::size_t>(ranks));
    std::vector<int> seen(tasks, 0);
    for (std::size_t r = 0; r < a.size(); ++r) {
        for (std::size_t k = 0; k < a[r].size(); ++k) {
            ASSERT_LT(a[r][k], tasks) << "rank " << r;
            ++seen[a[r][k]];
            if (k > 0) {
                EXPECT_LT(a[r][k - 1], a[r][k]) << "rank " << r << " not ascending";
            }
        }
    }
    for (std::size_t t = 0; t < tasks; ++t) EXPECT_EQ(seen[t], 1) << "task " << t;
}

std::vector<std::uint64_t> loads(const Assignment& a, const std::vector<std::uint64_t>& costs) {
    std::vector<std::uint64_t> out;
    for (const auto& tasks : a) {
        std::uint64_t sum = 0;
        for (auto t : tasks) sum += costs[t];
        out.push_back(sum);
    }
    return out;
}

std::vector<std::uint64_t> random_costs(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::uint64_t> dist(1, 100000);
    std::vector<std::uint64_t> costs(n);
    for (auto& c : costs) c = dist(rng);
    return costs;
}

TEST(Schedule, EveryTaskOnceAscendingPerRank) {
    const auto costs = random_costs(137, 7);
    for (int ranks : {1, 2, 3, 5, 8, 16}) {
        SCOPED_TRACE(ranks);
        expect_valid(partition_by_cost(costs, ranks), costs.size(), ranks);
    }
}

TEST(Schedule, OneRankGetsEverything) {
    const std::vector<std::uint64_t> costs = {3, 1, 4, 1, 5};
    const Assignment a = partition_by_cost(costs, 1);
    ASSERT_EQ(a.size(), 1U);
    EXPECT_EQ(a[0], (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
}

TEST(Schedule, Deterministic) {
    const auto costs = random_costs(500, 11);
    for (int ranks : {2, 3, 7}) {
        EXPECT_EQ(partition_by_cost(costs, ranks), partition_by_cost(costs, ranks));
    }
    // With many equal costs, ties are what could make it vary.
    const std::vector<std::uint64_t> equal(50, 10);
    EXPECT_EQ(partition_by_cost(equal, 4), partition_by_cost(equal, 4));
}

TEST(Schedule, DocumentedTieBreaking) {
    // Equal costs go in index order, each to the least loaded, lowest rank.
    EXPECT_EQ(partition_by_cost({5, 5, 5, 5}, 2), (Assignment{{0, 2}, {1, 3}}));
    // Largest first: 9 -> r0, 8 -> r1, 2 -> r1 (8 < 9), 1 -> r0 (9 < 10).
    EXPECT_EQ(partition_by_cost({1, 9, 2, 8}, 2), (Assignment{{0, 1}, {2, 3}}));
}

TEST(Schedule, BalancedForRandomCosts) {
    const auto costs = random_costs(1000, 42);
    const std::uint64_t total = std::accumulate(costs.begin(), costs.end(), std::uint64_t{0});
    const std::uint64_t largest = *std::max_element(costs.begin(), costs.end());
    for (int ranks : {2, 3, 4, 7, 8, 13, 32}) {
        SCOPED_TRACE(ranks);
        const Assignment a = partition_by_cost(costs, ranks);
        expect_valid(a, costs.size(), ranks);
        const auto l = loads(a, costs);
        const double ideal = static_cast<double>(total) / ranks;
        const auto max_load = *std::max_element(l.begin(), l.end());
        EXPECT_LE(static_cast<double>(max_load), ideal + static_cast<double>(largest));
        EXPECT_EQ(std::accumulate(l.begin(), l.end(), std::uint64_t{0}), total);
    }
}

TEST(Schedule, MoreRanksThanTasks) {
    const std::vector<std::uint64_t> costs = {10, 30, 20};
    const Assignment a = partition_by_cost(costs, 5);
    expect_valid(a, costs.size(), 5);
    for (const auto& tasks : a) EXPECT_LE(tasks.size(), 1U);
    // Largest first to the lowest free rank.
    EXPECT_EQ(a, (Assignment{{1}, {2}, {0}, {}, {}}));
}

TEST(Schedule, NoTasks) {
    const Assignment a = partition_by_cost({}, 3);
    ASSERT_EQ(a.size(), 3U);
    for (const auto& tasks : a) EXPECT_TRUE(tasks.empty());
}

TEST(Schedule, RanksBelowOneThrow) {
    EXPECT_THROW(partition_by_cost({1, 2, 3}, 0), std::invalid_argument);
    EXPECT_THROW(partition_by_cost({1, 2, 3}, -1), std::invalid_argument);
    EXPECT_THROW(partition_by_cost({}, 0), std::invalid_argument);
}

TEST(Schedule, SkewedCostsStayBalanced) {
    // 400 tasks, 10% of them 50 times as costly, scattered through the list.
    std::mt19937 rng(2024);
    std::uniform_int_distribution<std::uint64_t> base(900, 1100);
    std::vector<std::uint64_t> costs(400);
    for (auto& c : costs) c = base(rng);
    std::vector<std::size_t> idx(costs.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::shuffle(idx.begin(), idx.end(), rng);
    for (std::size_t k = 0; k < 40; ++k) costs[idx[k]] *= 50;

    const std::uint64_t total = std::accumulate(costs.begin(), costs.end(), std::uint64_t{0});
    for (int ranks : {2, 3, 8}) {
        SCOPED_TRACE(ranks);
        const Assignment a = partition_by_cost(costs, ranks);
        expect_valid(a, costs.size(), ranks);
        const auto l = loads(a, costs);
        const double ideal = static_cast<double>(total) / ranks;
        const double makespan = static_cast<double>(*std::max_element(l.begin(), l.end()));
        EXPECT_LE(makespan, 1.15 * ideal) << "makespan " << makespan << " vs ideal " << ideal;
    }
}

}  // namespace
}  // namespace plotcluster
