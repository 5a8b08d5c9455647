// Runs under mpirun -n 1, 2 and 3: what crosses between ranks arrives intact.
#include "plotcluster/comm/comm.hpp"

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/packed_iarchive.hpp>
#include <boost/mpi/packed_oarchive.hpp>
#include <gtest/gtest.h>

#include "comm/serialization.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "support/field_walk.hpp"

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

// Through the archive Boost.MPI packs every message with (the serialize functions of
// comm/serialization.hpp), on this rank: every field its list reaches comes back equal.
template <class T>
T packed_round_trip(const T& value) {
    const boost::mpi::communicator world;
    boost::mpi::packed_oarchive::buffer_type buffer;
    boost::mpi::packed_oarchive out(world, buffer);
    out << value;
    boost::mpi::packed_iarchive in(world, buffer);
    T back{};
    in >> back;
    return back;
}

template <class T>
void expect_round_trip(const T& value, const std::string& name) {
    const std::string sent = test::dump(value, name);
    EXPECT_EQ(test::dump(packed_round_trip(value), name), sent);
}

TEST(Comm, EveryListedFieldSurvivesTheArchive) {
    expect_round_trip(test::filled<JobSetup>(), "setup");
    expect_round_trip(test::filled<WorkReport>(), "report");
    expect_round_trip(test::filled<PlotRecord>(), "record");
    expect_round_trip(test::filled<std::vector<PlotRecord>>(), "records");
    expect_round_trip(JobSetup{}, "defaults");  // empty lists and optionals too
    expect_round_trip(PlotRecord{}, "defaults");
}

// A struct of the shapes comm has no field of yet (a variant, an optional struct), so
// the generic archive code is tested before a rule or task needs it.
struct Shapes {
    std::variant<int, std::string, Limits> choice;
    std::optional<SliceSpec> slice;
    std::vector<std::optional<std::string>> texts;
};
template <fields::same_or_const<Shapes> S, class V>
void for_each_field(S& s, V&& v) {
    v("choice", s.choice);
    v("slice", s.slice);
    v("texts", s.texts);
}

TEST(Comm, VariantsAndOptionalsSurviveTheArchive) {
    Shapes s = test::filled<Shapes>();
    ASSERT_EQ(s.choice.index(), 2u);
    expect_round_trip(s, "shapes");
    s.choice = std::string("text");
    s.slice.reset();
    s.texts[0].reset();
    expect_round_trip(s, "shapes");
    EXPECT_EQ(std::get<std::string>(packed_round_trip(s).choice), "text");
    expect_round_trip(Shapes{}, "shapes");
}

// Across ranks: every field rank 0 sets reaches the others (fill is deterministic, so
// each rank knows what to expect).
TEST(Comm, EveryListedFieldCrossesRanks) {
    const auto expected = test::filled<JobSetup>();
    JobSetup setup;
    if (comm->rank() == 0) setup = expected;
    comm->share_setup(setup);
    EXPECT_EQ(test::dump(setup, "setup"), test::dump(expected, "setup"));

    const auto record = test::filled<PlotRecord>();
    const auto all = comm->gather_records({record});
    if (comm->rank() == 0) {
        ASSERT_EQ(all.size(), static_cast<std::size_t>(comm->size()));
        for (const auto& r : all) EXPECT_EQ(test::dump(r, "record"), test::dump(record, "record"));
    }

    const auto report = test::filled<WorkReport>();
    if (comm->rank() != 0) {
        comm->send_report(report);
    } else {
        for (int i = 1; i < comm->size(); ++i) {
            int from = -1;
            WorkReport got;
            comm->wait_report(from, got);
            EXPECT_EQ(test::dump(got, "report"), test::dump(report, "report"));
        }
    }
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
