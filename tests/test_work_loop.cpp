// The schedule executor and the shared limits, with simulated ranks in one process: the
// real Renderer draws from an in-memory source, and the ranks talk over FakeNetwork.
#include "plotcluster/render/work_loop.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "plotcluster/canvas/font.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/render/shared_limits.hpp"
#include "plotcluster/schedule/schedule.hpp"
#include "plotcluster/schedule/work_queue.hpp"
#include "support/fake_transport.hpp"
#include "support/rules.hpp"
#include "support/memory_source.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

const std::string input = "/data/mem.h5";

class WorkLoop : public test::ScratchDirTest {
protected:
    void SetUp() override {
        test::ScratchDirTest::SetUp();
        setup_.config.output.dir = dir_;
        setup_.config.output.gallery = false;
        setup_.config.figure.width = 96;  // small plots: the schedule is under test
        setup_.config.figure.height = 72;
        setup_.config.plots = {test::rule_of("line")};
        setup_.run_id = "test";
        font_ = choose_font(setup_.config.figure.font);
    }

    // `n` line plots of 8 values, /d0 .. /d<n-1>; task i costs n - i + 1 (largest first).
    void add_tasks(int n) {
        for (int i = 0; i < n; ++i) {
            PlotTask t;
            t.job.id = static_cast<std::uint32_t>(setup_.tasks.size());
            t.read.file = input;
            t.read.dataset = "/d" + std::to_string(i);
            t.draw.kind = "line";
            t.read.shape = {8};
            t.read.dtype = "float64";
            t.job.output_stem = "d" + std::to_string(i);
            t.job.cost = static_cast<std::uint64_t>(n) - static_cast<std::uint64_t>(i) + 1;
            setup_.tasks.push_back(t);
            std::vector<double> values(8);
            for (std::size_t k = 0; k < values.size(); ++k) values[k] = static_cast<double>(k) * (i + 1);
            source_.add(input, t.read.dataset, {8}, std::move(values));
        }
    }

    struct Run {
        std::vector<WorkOutcome> outcomes;  // per rank
        test::FakeNetwork::Traffic traffic;
        const WorkOutcome& leader() const { return outcomes.front(); }
    };

    // Every rank draws with its own renderer (from its own copy of the source, slowed by
    // `slow[r]`) and journal; stop[r], when set, is rank r's stop check.
    Run run(int ranks, bool journals = true, std::map<int, StopCheck> stop = {},
            std::map<int, std::chrono::microseconds> slow = {}, const SharedLimits& limits = {}) {
        test::FakeNetwork net(ranks, std::chrono::seconds(30));
        std::vector<std::unique_ptr<Renderer>> renderers;
        std::vector<std::unique_ptr<JournalWriter>> writers;
        for (int r = 0; r < ranks; ++r) {
            auto source = std::make_unique<test::MemorySource>(source_);
            if (slow.count(r) != 0) source->delay(slow[r]);
            renderers.push_back(std::make_unique<Renderer>(setup_.config, font_, r, std::move(source)));
            writers.push_back(journals ? std::make_unique<JournalWriter>(dir_, setup_.run_id, r) : nullptr);
        }
        Run out;
        out.outcomes.resize(static_cast<std::size_t>(ranks));
        const StopCheck never = [] { return false; };
        net.run([&](Transport& transport, int r) {
            const auto i = static_cast<std::size_t>(r);
            const StopCheck& check = stop.count(r) != 0 ? stop.at(r) : never;
            out.outcomes[i] = run_tasks(transport, setup_, limits, renderers[i].get(), "",
                                        writers[i].get(), {}, check);
        });
        out.traffic = net.traffic();
        return out;
    }

    // The leader's records name each task at most once; returns their datasets.
    static std::set<std::string> drawn_once(const Run& run) {
        std::set<std::string> seen;
        for (const auto& r : run.leader().records) EXPECT_TRUE(seen.insert(r.dataset).second) << r.dataset;
        for (std::size_t i = 1; i < run.outcomes.size(); ++i) EXPECT_TRUE(run.outcomes[i].records.empty());
        return seen;
    }

    // Stops after `plots` calls: the check runs once before each plot the rank starts.
    static StopCheck stop_after(int plots) {
        auto calls = std::make_shared<std::atomic<int>>(0);
        return [calls, plots] { return calls->fetch_add(1) >= plots; };
    }

    // What share_limits gives each of `ranks` simulated ranks, each with its own renderer.
    std::vector<SharedLimits> shared_on(int ranks) {
        test::FakeNetwork net(ranks, std::chrono::seconds(30));
        std::vector<SharedLimits> found(static_cast<std::size_t>(ranks));
        std::vector<std::unique_ptr<Renderer>> renderers;
        renderers.reserve(static_cast<std::size_t>(ranks));
        for (int r = 0; r < ranks; ++r) {
            renderers.push_back(std::make_unique<Renderer>(
                setup_.config, font_, r, std::make_unique<test::MemorySource>(source_)));
        }
        net.run([&](Transport& t, int r) {
            const auto i = static_cast<std::size_t>(r);
            found[i] = share_limits(t, setup_, renderers[i].get());
        });
        return found;
    }

    JobSetup setup_;
    FontChoice font_;
    test::MemorySource source_;
};

TEST_F(WorkLoop, EveryTaskIsDrawnExactlyOnceOnOneTwoOrThreeRanks) {
    add_tasks(23);
    for (const auto schedule : {Schedule::dynamic, Schedule::static_partition}) {
        for (const bool journals : {true, false}) {
            for (int ranks = 1; ranks <= 3; ++ranks) {
                SCOPED_TRACE(testing::Message() << ranks << " ranks, "
                                                << (schedule == Schedule::dynamic ? "dynamic" : "static")
                                                << (journals ? ", journaled" : ", in memory"));
                setup_.config.run.schedule = schedule;
                setup_.run_id = "test-" + std::to_string(ranks) + std::to_string(journals) +
                                std::to_string(static_cast<int>(schedule));
                const Run result = run(ranks, journals);
                EXPECT_FALSE(result.leader().stopped);
                EXPECT_FALSE(result.leader().aborted);
                ASSERT_EQ(result.leader().records.size(), setup_.tasks.size());
                EXPECT_EQ(drawn_once(result).size(), setup_.tasks.size());
                std::set<int> drew;
                for (const auto& r : result.leader().records) {
                    EXPECT_EQ(r.status, PlotStatus::ok) << r.error.value_or("");
                    ASSERT_EQ(r.outputs.size(), 1u);
                    EXPECT_TRUE(std::filesystem::exists(dir_ / r.outputs[0].path));
                    drew.insert(r.rank);
                }
                // Every rank took part: each gets a share or an opening batch.
                EXPECT_EQ(static_cast<int>(drew.size()), ranks);
            }
        }
    }
}

// The dynamic schedule: every rank starts on its opening batch, then rank 0 hands out
// shrinking batches; each task is in exactly one of them, drawn by the rank it went to.
TEST_F(WorkLoop, DynamicBatchesShrinkAndCoverEveryTaskOnce) {
    add_tasks(150);
    for (auto& t : setup_.tasks) t.job.cost = 10;  // equal costs: a batch's size is its share
    const Run result = run(3);
    std::vector<std::uint64_t> costs;
    for (const auto& t : setup_.tasks) costs.push_back(t.job.cost);
    WorkQueue queue(costs, 3);
    std::map<std::uint32_t, int> owner;  // task id -> the rank it was given to
    const auto opening = queue.opening_batches();
    for (int r = 0; r < 3; ++r) {
        for (const auto id : opening[static_cast<std::size_t>(r)]) owner[id] = r;
    }
    std::vector<std::size_t> sizes;
    for (const auto& [to, ids] : result.traffic.batches) {
        if (ids.empty()) continue;  // "no more work"
        sizes.push_back(ids.size());
        for (const auto id : ids) EXPECT_TRUE(owner.emplace(id, to).second) << "task " << id << " twice";
    }
    std::set<std::size_t> distinct(sizes.begin(), sizes.end());
    EXPECT_GE(distinct.size(), 2u) << "batches of one size only";
    ASSERT_FALSE(sizes.empty());
    EXPECT_GT(sizes.front(), sizes.back());  // guided: a shrinking share of what is left
    // Rank 0 draws from the queue between requests; every other task went out in a batch.
    std::set<std::string> seen = drawn_once(result);
    ASSERT_EQ(seen.size(), setup_.tasks.size());
    std::map<std::string, std::uint32_t> ids;
    for (const auto& t : setup_.tasks) ids[t.read.dataset] = t.job.id;
    for (const auto& r : result.leader().records) {
        const auto it = owner.find(ids.at(r.dataset));
        if (it != owner.end()) {
            EXPECT_EQ(r.rank, it->second) << r.dataset;
        } else {
            EXPECT_EQ(r.rank, 0) << r.dataset << " was in no batch, so rank 0 drew it";
        }
    }
    // Each worker reported what it drew; its last report wants no more.
    std::map<int, std::size_t> reported;
    std::map<int, bool> ended;
    for (const auto& [from, report] : result.traffic.reports) {
        reported[from] += report.done.size();
        ended[from] = !report.wants_more;
    }
    for (int r = 1; r < 3; ++r) EXPECT_TRUE(ended[r]) << "rank " << r;
    std::size_t by_workers = 0;
    for (const auto& rec : result.leader().records) by_workers += rec.rank != 0 ? 1 : 0;
    EXPECT_EQ(reported[1] + reported[2], by_workers);
}

// run.on_error = abort: the first failure stops the other ranks too, under either schedule.
TEST_F(WorkLoop, AbortOnErrorStopsTheOtherRanks) {
    add_tasks(60);
    setup_.config.run.on_error = OnError::abort_run;
    // The costliest task, in the first batch and on a rank's share from the start, has no
    // data: reading it fails.
    test::MemorySource full = source_;
    source_ = test::MemorySource();
    for (const auto& [key, d] : full.datasets()) {
        if (key.second != "/d0") source_.add(key.first, key.second, d.shape, d.values);
    }
    const std::map<int, std::chrono::microseconds> slow = {
        {0, std::chrono::milliseconds(3)}, {1, std::chrono::milliseconds(3)}, {2, std::chrono::milliseconds(3)}};
    for (const auto schedule : {Schedule::dynamic, Schedule::static_partition}) {
        SCOPED_TRACE(schedule == Schedule::dynamic ? "dynamic" : "static");
        setup_.config.run.schedule = schedule;
        setup_.run_id = schedule == Schedule::dynamic ? "abort-d" : "abort-s";
        const Run result = run(3, true, {}, slow);
        EXPECT_TRUE(result.leader().aborted);
        EXPECT_FALSE(result.leader().stopped);
        drawn_once(result);
        const auto& records = result.leader().records;
        const auto failed = std::find_if(records.begin(), records.end(),
                                         [](const PlotRecord& r) { return r.dataset == "/d0"; });
        ASSERT_NE(failed, records.end());
        EXPECT_EQ(failed->status, PlotStatus::failed);
        EXPECT_NE(failed->error.value_or("").find("no such dataset"), std::string::npos);
        // 60 plots of >= 3 ms on 3 ranks: without the abort every one would be drawn.
        EXPECT_LT(records.size(), setup_.tasks.size() / 2);
        if (schedule == Schedule::static_partition) {
            EXPECT_EQ(result.traffic.aborts_announced, 1);
        }
    }
}

// A stop signal reaching one rank mid-run: the plot in hand is finished, nothing more is
// started, and what was drawn is recorded once. Dynamic: rank 0 then hands out no more,
// so every rank stops.
TEST_F(WorkLoop, StopSignalMidRun) {
    add_tasks(40);
    for (const int stopped_rank : {0, 2}) {
        SCOPED_TRACE("stop on rank " + std::to_string(stopped_rank));
        setup_.run_id = "stop-" + std::to_string(stopped_rank);
        const Run result = run(3, true, {{stopped_rank, stop_after(3)}},
                               {{0, std::chrono::milliseconds(2)},
                                {1, std::chrono::milliseconds(2)},
                                {2, std::chrono::milliseconds(2)}});
        EXPECT_TRUE(result.leader().stopped);
        EXPECT_FALSE(result.leader().aborted);
        drawn_once(result);
        const auto& records = result.leader().records;
        EXPECT_LT(records.size(), setup_.tasks.size());
        std::size_t by_stopped = 0;
        for (const auto& r : records) {
            EXPECT_EQ(r.status, PlotStatus::ok);
            by_stopped += r.rank == stopped_rank ? 1 : 0;
        }
        EXPECT_LE(by_stopped, 3u);
    }
    // Static: only the rank that got the signal stops; the others finish their shares.
    setup_.config.run.schedule = Schedule::static_partition;
    setup_.run_id = "stop-static";
    const Run result = run(3, true, {{1, stop_after(2)}});
    EXPECT_TRUE(result.leader().stopped);
    std::map<int, std::size_t> per_rank;
    for (const auto& r : result.leader().records) ++per_rank[r.rank];
    EXPECT_EQ(per_rank[1], 2u);
    std::vector<std::uint64_t> costs;
    for (const auto& t : setup_.tasks) costs.push_back(t.job.cost);
    const auto shares = partition_by_cost(costs, 3);
    EXPECT_EQ(per_rank[0], shares[0].size());
    EXPECT_EQ(per_rank[2], shares[2].size());
}

// Workers that finish early: with fewer tasks than ranks one has nothing at all, and
// with one slow rank the fast ones take over its share of the queue.
TEST_F(WorkLoop, WorkersThatFinishEarly) {
    add_tasks(2);
    setup_.run_id = "few";
    const Run few = run(3);
    EXPECT_EQ(drawn_once(few).size(), 2u);
    EXPECT_FALSE(few.leader().stopped);

    setup_.tasks.clear();
    add_tasks(60);
    setup_.run_id = "slow";
    const Run result = run(3, true, {}, {{1, std::chrono::milliseconds(30)}});
    EXPECT_EQ(drawn_once(result).size(), setup_.tasks.size());
    std::map<int, std::size_t> per_rank;
    for (const auto& r : result.leader().records) ++per_rank[r.rank];
    EXPECT_LT(per_rank[1], per_rank[0]);
    EXPECT_LT(per_rank[1], per_rank[2]);
}

// Shared limits: each rank scans its share, the reduction combines them, and every plot
// of a group is drawn with the group's range, whoever drew it.
TEST_F(WorkLoop, SharedLimitsComeBackPerGroup) {
    add_tasks(9);
    setup_.config.plots[0].limits.automatic = true;
    setup_.config.plots[0].limits.share = LimitsShare::rule;
    setup_.limit_groups = assign_limit_groups(setup_.config, setup_.tasks);
    ASSERT_EQ(setup_.limit_groups, 2);  // a line's `limits: rule` shares its x too
    const auto y_group = static_cast<std::size_t>(setup_.tasks.front().limits_group);
    setup_.scan = limits_scan_list(setup_.tasks, setup_.tasks);
    for (int ranks = 1; ranks <= 3; ++ranks) {
        SCOPED_TRACE(std::to_string(ranks) + " ranks");
        const std::vector<SharedLimits> found = shared_on(ranks);
        for (const auto& limits : found) {
            ASSERT_EQ(limits.size(), 2u);
            EXPECT_EQ(limits[y_group].lo, 0);
            EXPECT_EQ(limits[y_group].hi, 7 * 9);  // /d8 holds 0, 9, ..., 63
        }
        setup_.run_id = "limits-" + std::to_string(ranks);
        const Run result = run(ranks, true, {}, {}, found[0]);
        ASSERT_EQ(result.leader().records.size(), setup_.tasks.size());
        for (const auto& r : result.leader().records) {
            EXPECT_EQ(r.vmin, 0) << r.dataset;
            EXPECT_EQ(r.vmax, 63) << r.dataset;
        }
    }
    // Without the ranges each plot keeps its own.
    setup_.run_id = "limits-none";
    const Run own = run(1);
    for (const auto& r : own.leader().records) {
        if (r.dataset == "/d0") {
            EXPECT_EQ(r.vmax, 7);
        }
    }
}

// limits: shared on a line shares x too: frames of a time series that grows from file to
// file are drawn over one x range (and one y range), the same bytes on 1, 2 or 3 ranks. A
// heatmap's x_limits: rule gives every image one x view.
TEST_F(WorkLoop, SharedXRangesAcrossFramesAndRanks) {
    setup_.config.plots = {test::rule_of("line", "limits: shared"), test::rule_of("heatmap", "x_limits: rule")};
    for (int f = 0; f < 4; ++f) {
        const std::string file = "/data/frame_" + std::to_string(f) + ".h5";
        PlotTask t;
        t.read.file = file;
        t.read.dataset = "/series";
        t.read.dtype = "float64";
        t.draw.kind = "line";
        t.draw.x_label = "step";
        const std::size_t n = 10 + 5 * static_cast<std::size_t>(f);  // 10, 15, 20, 25 values
        t.read.shape = {n};
        t.job.output_stem = "line" + std::to_string(f);
        std::vector<double> values(n);
        for (std::size_t k = 0; k < n; ++k) values[k] = std::sin(static_cast<double>(k) * 0.3) * (f + 1);
        source_.add(file, t.read.dataset, {n}, std::move(values));
        setup_.tasks.push_back(t);

        PlotTask h = t;
        h.read.dataset = "/image";
        h.draw.kind = "heatmap";
        h.draw.rule = 1;
        const std::uint64_t cols = 4 + 2 * static_cast<std::uint64_t>(f);
        h.read.shape = {3, cols};
        h.job.output_stem = "image" + std::to_string(f);
        source_.add(file, h.read.dataset, {3, cols}, std::vector<double>(3 * cols, f + 0.5));
        setup_.tasks.push_back(h);
    }
    for (std::size_t i = 0; i < setup_.tasks.size(); ++i) {
        setup_.tasks[i].job.id = static_cast<std::uint32_t>(i);
        setup_.tasks[i].job.cost = 1 + i % 3;
    }
    setup_.limit_groups = assign_limit_groups(setup_.config, setup_.tasks);
    ASSERT_EQ(setup_.limit_groups, 3);  // the line's y, the line's x, the heatmaps' x
    setup_.scan = limits_scan_list(setup_.tasks, setup_.tasks);

    std::map<std::string, std::string> first_bytes;  // output path -> sha256, at 1 rank
    for (int ranks = 1; ranks <= 3; ++ranks) {
        SCOPED_TRACE(std::to_string(ranks) + " ranks");
        const std::vector<SharedLimits> found = shared_on(ranks);
        for (const auto& limits : found) {
            ASSERT_EQ(limits.size(), 3u);
            const auto line_x = static_cast<std::size_t>(setup_.tasks[0].x_limits_group);
            EXPECT_EQ(limits[line_x].lo, 0);
            EXPECT_EQ(limits[line_x].hi, 24);  // the longest frame's last index
            const auto image_x = static_cast<std::size_t>(setup_.tasks[1].x_limits_group);
            EXPECT_EQ(limits[image_x].lo, -0.5);
            EXPECT_EQ(limits[image_x].hi, 9.5);  // the widest image's 10 columns
        }
        setup_.run_id = "shared-x-" + std::to_string(ranks);
        const Run result = run(ranks, true, {}, {}, found[0]);
        ASSERT_EQ(result.leader().records.size(), setup_.tasks.size());
        std::set<std::pair<double, double>> line_x, line_y, image_x;
        std::map<std::string, std::string> bytes;
        for (const auto& r : result.leader().records) {
            ASSERT_EQ(r.status, PlotStatus::ok) << r.error.value_or("");
            ASSERT_EQ(r.axes.size(), 1u);
            const DrawnPanel& p = r.axes.front();
            if (r.kind == "line") {
                line_x.insert({p.x.lo, p.x.hi});
                line_y.insert({p.y.lo, p.y.hi});
            } else {
                image_x.insert({p.x.lo, p.x.hi});
            }
            for (const auto& out : r.outputs) bytes[out.path] = out.sha256;
        }
        ASSERT_EQ(line_x.size(), 1u);  // 0..24 with 5% margins
        EXPECT_NEAR(line_x.begin()->first, -1.2, 1e-12);
        EXPECT_NEAR(line_x.begin()->second, 25.2, 1e-12);
        EXPECT_EQ(line_y.size(), 1u);
        EXPECT_EQ(image_x, (std::set<std::pair<double, double>>{{-0.5, 9.5}}));
        if (ranks == 1) {
            first_bytes = bytes;
        } else {
            EXPECT_EQ(bytes, first_bytes);
        }
    }
    // Without the ranges each frame keeps its own x.
    setup_.run_id = "shared-x-none";
    const Run own = run(1);
    std::set<double> his;
    for (const auto& r : own.leader().records) his.insert(r.axes.at(0).x.hi);
    EXPECT_GT(his.size(), 4u);
}

// `slice: {axis: 0, index: each}` with `limits: shared`: the frames of one dataset, each
// its own task reading its own hyperslab, share one colour range spanning every frame,
// the same on 1, 2 or 3 ranks, and so are the bytes.
TEST_F(WorkLoop, FramesOfOneDatasetShareOneRangeOnAnyRankCount) {
    setup_.config.plots = {
        test::rule_of("heatmap", "limits: shared, slice: {axis: 0, index: each}")};
    // Frame k holds k*10 .. k*10 + 8: no frame alone spans the range of all.
    std::vector<double> values;
    for (int k = 0; k < 7; ++k)
        for (int i = 0; i < 9; ++i) values.push_back(k * 10.0 + i);
    source_.add(input, "/movie", {7, 3, 3}, values);
    Catalog catalog;
    DatasetInfo ds;
    ds.file = input;
    ds.dataset = "/movie";
    ds.shape = {7, 3, 3};
    ds.dtype = {DType::Class::floating, 8, true, false, "float64"};
    catalog.datasets = {ds};
    setup_.tasks = make_plan(setup_.config, catalog).tasks;
    ASSERT_EQ(setup_.tasks.size(), 7u);
    setup_.limit_groups = assign_limit_groups(setup_.config, setup_.tasks);
    ASSERT_EQ(setup_.limit_groups, 1);
    setup_.scan = limits_scan_list(setup_.tasks, setup_.tasks);
    std::map<std::string, std::string> first_bytes;
    for (int ranks = 1; ranks <= 3; ++ranks) {
        SCOPED_TRACE(std::to_string(ranks) + " ranks");
        const std::vector<SharedLimits> found = shared_on(ranks);
        for (const auto& limits : found) {
            ASSERT_EQ(limits.size(), 1u);
            EXPECT_EQ(limits[0].lo, 0);
            EXPECT_EQ(limits[0].hi, 68);
        }
        setup_.run_id = "frames-" + std::to_string(ranks);
        const Run result = run(ranks, true, {}, {}, found[0]);
        ASSERT_EQ(result.leader().records.size(), 7u);
        std::map<std::string, std::string> bytes;
        std::set<std::int64_t> frames;  // the records come in the order drawn
        for (const auto& r : result.leader().records) {
            EXPECT_EQ(r.status, PlotStatus::ok) << r.error.value_or("");
            if (r.frame) frames.insert(*r.frame);
            EXPECT_EQ(r.vmin, 0);
            EXPECT_EQ(r.vmax, 68);
            for (const auto& out : r.outputs) bytes[out.path] = out.sha256;
        }
        EXPECT_EQ(frames, (std::set<std::int64_t>{0, 1, 2, 3, 4, 5, 6}));
        EXPECT_EQ(bytes.size(), 7u);
        if (ranks == 1) {
            first_bytes = bytes;
        } else {
            EXPECT_EQ(bytes, first_bytes);
        }
    }
    // Without sharing each frame has its own range.
    setup_.run_id = "frames-own";
    const Run own = run(1);
    ASSERT_EQ(own.leader().records.size(), 7u);
    for (const auto& r : own.leader().records) {
        ASSERT_TRUE(r.frame);
        EXPECT_EQ(r.vmin, static_cast<double>(*r.frame * 10));
        EXPECT_EQ(r.vmax, static_cast<double>(*r.frame * 10 + 8));
    }
}

}  // namespace
}  // namespace plotcluster
