// Runs under mpirun -n 1, 2 and 3: what crosses between ranks arrives intact.
#include "plotcluster/comm/comm.hpp"

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/packed_iarchive.hpp>
#include <boost/mpi/packed_oarchive.hpp>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "comm/serialization.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "support/field_walk.hpp"
#include "support/rules.hpp"

using namespace plotcluster;

namespace {
Comm* comm = nullptr;
}

// A rule of every kind with each of its options away from the default, so that an option
// left behind on the way arrives as its default and differs.
const std::vector<std::pair<std::string, std::string>> every_option = {
    {"scatter", "x: t, marker: s, color: red, marker_size: 9, alpha: 0.25, color_by: mass, colormap: magma"},
    // quiver's color and color_by exclude each other: two rules between them change all.
    {"quiver",
     "u: vx, v: vy, stride: [2, 3], scale: 0.5, color_by: magnitude, colormap: magma, alpha: 0.5, "
     "pivot: tip, key: false, key_units: m/s, x: lon, y: lat"},
    {"quiver", "color: red"},
    {"streamlines",
     "u: vx, v: vy, density: [2, 1.5], color_by: magnitude, colormap: magma, alpha: 0.5, "
     "linewidth: 1, arrow_size: 2, x: lon, y: lat"},
    {"streamlines", "color: red"},
    {"density", "y: /p/y, weights: m, bins: [30, 20], range: [0, 1, 2, 3], norm: log, "
                "colormap: magma, bad_color: black"},
    {"panels", "layout: [1, 2], share: colorbar"},
    {"line",
     "x: /grid/x, group: parent, marker: D, linewidth: 2.5, color: C3, marker_size: 4, "
     "alpha: 0.5, yerr: [e, f], errors: band, hlines: [1], vlines: [2, 3]"},
    {"heatmap",
     "colormap: magma, origin: upper, norm: log, bad_color: black, x: lon, y: lat, "
     "interpolation: area, aspect: 2.5, hlines: 1, vlines: 2"},
    {"histogram", "color: '#00ff00', alpha: 0.75, bins: 12, log: true, hlines: 1, vlines: 2"},
    {"contour", "levels: [0.5, 2.5], filled: true, colormap: magma, color: red, linewidth: 3, norm: log, "
                "extend: both, labels: true, x: lon, y: lat"},
};

TEST(Comm, EveryOptionOfEveryKindIsAwayFromItsDefault) {
    std::map<std::string, std::set<std::string>> away;  // per kind, the options some rule changes
    for (const auto& [kind, options] : every_option) {
        const auto given = test::option_values(test::rule_of(kind, options));
        const auto defaults = test::option_values(test::rule_of(kind));
        ASSERT_EQ(given.size(), defaults.size());
        for (const auto& [name, value] : given)
            if (value != defaults.at(name)) away[kind].insert(name);
    }
    ASSERT_EQ(away.size(), plot_kinds().size());
    for (const auto& [kind, changed] : away) {
        SCOPED_TRACE(kind);
        for (const auto& [name, value] : test::option_values(test::rule_of(kind)))
            EXPECT_TRUE(changed.contains(name)) << name;
    }
}

TEST(Comm, SetupReachesEveryRank) {
    JobSetup setup;
    if (comm->rank() == 0) {
        setup.config.output.dir = "/tmp/out dir";
        setup.config.figure.width = 321;
        for (const auto& [kind, options] : every_option) {
            PlotRule rule = test::rule_of(kind, options, "/a/*");
            rule.title = "T {name}";
            rule.y_label = "y";
            rule.line = 7;
            rule.limits = {false, -2, 3};
            rule.slice = {{2, std::nullopt},
                          {0, 5},
                          {1, std::nullopt, "t", std::nullopt, FrameSpec{3, 1, 9}}};
            rule.xscale = Scale::log;
            rule.grid = true;
            rule.decode = false;
            setup.config.plots.push_back(rule);
        }
        PlotTask t;
        t.job.id = 0;
        t.read.file = "f.h5";
        t.read.dataset = "/a/b";
        t.read.members = {"/a/b/c"};
        t.read.shape = {3, 4};
        t.read.fixed = {-1, 2};
        t.read.member_fixed = {{-1, 2}};
        t.read.dtype = "float32";
        t.read.companions = {{"x", "/grid/x"}};
        t.draw.rule = 1;
        t.draw.kind = "heatmap";
        t.draw.title = "title";
        t.draw.x_label = "x";
        t.draw.y_label = "y";
        t.draw.value_label = "v";
        t.draw.member_labels = {"c"};
        t.job.output_stem = "f/a/b";
        t.job.error = "e";
        t.job.cost = 99;
        t.job.fingerprint = "ff";
        t.limits_group = 3;
        setup.tasks.push_back(t);
        // One task per rule, fingerprinted here: the other ranks get the same from what they
        // received, since the fingerprint covers every option.
        for (std::uint32_t i = 0; i < setup.config.plots.size(); ++i) {
            PlotTask drawn = t;
            drawn.draw.rule = i;
            drawn.job.fingerprint = plot_fingerprint(setup.config, drawn, {}, "v");
            setup.tasks.push_back(drawn);
        }
    }
    comm->share_setup(setup);
    EXPECT_TRUE(setup.error.empty());
    EXPECT_EQ(setup.config.output.dir, "/tmp/out dir");
    EXPECT_EQ(setup.config.figure.width, 321);
    ASSERT_EQ(setup.config.plots.size(), every_option.size());
    for (std::size_t i = 0; i < every_option.size(); ++i) {
        const auto& [kind, options] = every_option[i];
        SCOPED_TRACE(kind);
        const PlotRule& r = setup.config.plots[i];
        // Every rank draws with the settings rank 0 parsed.
        EXPECT_EQ(r.kind, find_plot_kind(kind));
        EXPECT_EQ(test::option_values(r), test::option_values(test::rule_of(kind, options)));
        EXPECT_EQ(r.match, "/a/*");
        EXPECT_EQ(r.title, "T {name}");
        EXPECT_FALSE(r.x_label.has_value());
        EXPECT_EQ(r.y_label, "y");
        EXPECT_EQ(r.line, 7);
        EXPECT_EQ(r.limits, (Limits{false, -2, 3}));
        EXPECT_EQ(r.slice, (std::vector<SliceSpec>{
                               {2, std::nullopt},
                               {0, 5},
                               {1, std::nullopt, "t", std::nullopt, FrameSpec{3, 1, 9}}}));
        EXPECT_EQ(r.xscale, Scale::log);
        EXPECT_EQ(r.yscale, Scale::linear);
        EXPECT_TRUE(r.grid);
        EXPECT_FALSE(r.decode);
    }
    ASSERT_EQ(setup.tasks.size(), 1 + every_option.size());
    for (std::size_t i = 1; i < setup.tasks.size(); ++i) {
        EXPECT_EQ(plot_fingerprint(setup.config, setup.tasks[i], {}, "v"), setup.tasks[i].job.fingerprint);
    }
    const PlotTask& t = setup.tasks[0];
    EXPECT_EQ(t.read.file, "f.h5");
    EXPECT_EQ(t.read.dataset, "/a/b");
    EXPECT_EQ(t.read.members, (std::vector<std::string>{"/a/b/c"}));
    EXPECT_EQ(t.read.shape, (std::vector<std::uint64_t>{3, 4}));
    EXPECT_EQ(t.read.fixed, (std::vector<std::int64_t>{-1, 2}));
    EXPECT_EQ(t.read.member_fixed, (std::vector<std::vector<std::int64_t>>{{-1, 2}}));
    EXPECT_EQ(t.read.dtype, "float32");
    EXPECT_EQ(t.read.companions, (std::vector<Companion>{{"x", "/grid/x"}}));
    EXPECT_EQ(t.draw.rule, 1u);
    EXPECT_EQ(t.draw.kind, "heatmap");
    EXPECT_EQ(t.draw.title, "title");
    EXPECT_EQ(t.draw.x_label, "x");
    EXPECT_EQ(t.draw.y_label, "y");
    EXPECT_EQ(t.draw.value_label, "v");
    EXPECT_EQ(t.draw.member_labels, (std::vector<std::string>{"c"}));
    EXPECT_EQ(t.job.output_stem, "f/a/b");
    EXPECT_EQ(t.job.error, "e");
    EXPECT_EQ(t.job.cost, 99u);
    EXPECT_EQ(t.job.fingerprint, "ff");
    EXPECT_EQ(t.limits_group, 3);
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

// A rule of each kind as config parses it, every option away from its default, through
// the archive: every common field and every option comes back, and so does the fingerprint.
TEST(Comm, EveryKindsOptionsSurviveTheArchive) {
    Config config;
    for (const auto& [kind, options] : every_option) {
        PlotRule rule = test::rule_of(kind, options, "/a/*");
        rule.title = "T {name}";
        rule.x_label = "x";
        rule.limits = {false, -2, 3, LimitsShare::rule};
        rule.slice = {{2, std::nullopt}, {0, 5}};
        rule.yscale = Scale::log;
        rule.grid = true;
        rule.decode = false;
        config.plots.push_back(std::move(rule));
    }
    const Config back = packed_round_trip(config);
    ASSERT_EQ(back.plots.size(), every_option.size());
    for (std::uint32_t i = 0; i < back.plots.size(); ++i) {
        const std::string& kind = every_option[i].first;
        SCOPED_TRACE(kind);
        const PlotRule& sent = config.plots[i];
        const PlotRule& got = back.plots[i];
        EXPECT_EQ(got.kind, find_plot_kind(kind));
        EXPECT_EQ(test::dump(got, "rule"), test::dump(sent, "rule"));
        EXPECT_EQ(test::option_values(got), test::option_values(sent));
        EXPECT_NE(test::option_values(got), test::option_values(test::rule_of(kind)));
        EXPECT_NE(test::dump(got, "rule").find("rule.options."), std::string::npos);
        PlotTask task;
        task.draw.rule = i;
        task.read.file = "f.h5";
        EXPECT_EQ(plot_fingerprint(back, task, {}, "v"), plot_fingerprint(config, task, {}, "v"));
    }
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
