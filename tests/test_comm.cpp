// Runs under mpirun -n 1, 2 and 3: what crosses between ranks arrives intact.
#include "plotcluster/comm/comm.hpp"

#include <gtest/gtest.h>

using namespace plotcluster;

namespace {
Comm* comm = nullptr;
}

TEST(Comm, SetupReachesEveryRank) {
    JobSetup setup;
    if (comm->rank() == 0) {
        setup.config.output.dir = "/tmp/out dir";
        setup.config.figure.width = 321;
        PlotRule rule;
        rule.match = "/a/*";
        rule.kind = PlotKind::heatmap;
        rule.title = "T {name}";
        rule.y_label = "y";
        rule.colormap = "magma";
        rule.line = 7;
        rule.x = "/grid/x";
        rule.marker = Marker::diamond;
        rule.limits = {false, -2, 3};
        rule.slice = {{2, std::nullopt}, {0, 5}};
        rule.origin = Origin::upper;
        setup.config.plots.push_back(rule);
        PlotTask t;
        t.id = 0;
        t.file = "f.h5";
        t.dataset = "/a/b";
        t.rule = 0;
        t.kind = PlotKind::heatmap;
        t.shape = {3, 4};
        t.cost = 99;
        setup.tasks.push_back(t);
    }
    comm->share_setup(setup);
    EXPECT_TRUE(setup.error.empty());
    EXPECT_EQ(setup.config.output.dir, "/tmp/out dir");
    EXPECT_EQ(setup.config.figure.width, 321);
    ASSERT_EQ(setup.config.plots.size(), 1u);
    EXPECT_EQ(setup.config.plots[0].title, "T {name}");
    EXPECT_FALSE(setup.config.plots[0].x_label.has_value());
    EXPECT_EQ(setup.config.plots[0].colormap, "magma");
    EXPECT_EQ(setup.config.plots[0].x, "/grid/x");
    EXPECT_EQ(setup.config.plots[0].marker, Marker::diamond);
    EXPECT_EQ(setup.config.plots[0].limits, (Limits{false, -2, 3}));
    EXPECT_EQ(setup.config.plots[0].slice, (std::vector<SliceSpec>{{2, std::nullopt}, {0, 5}}));
    EXPECT_EQ(setup.config.plots[0].origin, Origin::upper);
    ASSERT_EQ(setup.tasks.size(), 1u);
    EXPECT_EQ(setup.tasks[0].kind, PlotKind::heatmap);
    EXPECT_EQ(setup.tasks[0].shape, (std::vector<std::uint64_t>{3, 4}));
    EXPECT_EQ(setup.tasks[0].cost, 99u);
}

TEST(Comm, RecordsGatherOnRankZero) {
    std::vector<PlotRecord> mine(static_cast<std::size_t>(comm->rank() + 1));
    for (auto& r : mine) {
        r.rank = comm->rank();
        r.status = PlotStatus::failed;
        r.error = "why " + std::to_string(comm->rank());
        r.outputs.push_back({"png", "a.png", 12, "ab"});
    }
    const auto all = comm->gather_records(mine);
    if (comm->rank() != 0) {
        EXPECT_TRUE(all.empty());
        return;
    }
    const int n = comm->size();
    EXPECT_EQ(all.size(), static_cast<std::size_t>(n * (n + 1) / 2));
    for (const auto& r : all) {
        EXPECT_EQ(r.error, "why " + std::to_string(r.rank));
        EXPECT_EQ(r.status, PlotStatus::failed);
        ASSERT_EQ(r.outputs.size(), 1u);
        EXPECT_EQ(r.outputs[0].bytes, 12u);
    }
}

TEST(Comm, AbortNoticesReachTheOthersAndAreSettled) {
    if (comm->rank() == comm->size() - 1) comm->announce_abort();
    comm->settle_aborts();
    if (comm->size() > 1) {
        EXPECT_EQ(comm->abort_requested(), comm->rank() != comm->size() - 1);
    }
    EXPECT_EQ(comm->share_exit_code(comm->rank() == 0 ? 3 : 0), 3);
}

int main(int argc, char** argv) {
    Comm world(argc, argv);
    comm = &world;
    ::testing::InitGoogleTest(&argc, argv);
    if (world.rank() != 0) {
        auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
        delete listeners.Release(listeners.default_result_printer());
    }
    const int failed = RUN_ALL_TESTS();
    // Each rank returns its own verdict; mpirun fails when any rank does.
    return failed != 0 ? 1 : 0;
}
