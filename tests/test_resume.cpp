#include "plotcluster/app/resume.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

class Resume : public test::ScratchDirTest {
protected:
    PlotTask task(const std::string& dataset) const {
        PlotTask t;
        t.read.file = "/data/a.h5";
        t.read.dataset = dataset;
        t.job.fingerprint = "fp" + dataset;
        t.job.output_stem = "a" + dataset;
        return t;
    }
    PlotRecord finished(const std::string& dataset, const std::string& fingerprint,
                        std::uint64_t bytes = 4) const {
        PlotRecord r;
        r.file = "/data/a.h5";
        r.dataset = dataset;
        r.fingerprint = fingerprint;
        r.outputs.push_back({"png", "a" + dataset + ".png", bytes, "x"});
        return r;
    }
    void output(const std::string& relative, const std::string& bytes = "abcd") const {
        fs::create_directories((dir_ / relative).parent_path());
        std::ofstream(dir_ / relative) << bytes;
    }
};

TEST_F(Resume, KeepsOnlyMatchingIntactOkPlots) {
    output("a/same.png");
    output("a/changed.png");
    output("a/truncated.png", "ab");
    output("a/failed.png");
    PlotRecord failed = finished("/failed", "fp/failed");
    failed.status = PlotStatus::failed;
    const std::vector<PlotRecord> journal = {
        finished("/same", "fp/same"), finished("/changed", "old"),
        finished("/truncated", "fp/truncated"), finished("/missing", "fp/missing"), failed};
    std::vector<PlotTask> tasks;
    for (const char* d : {"/changed", "/failed", "/missing", "/new", "/same", "/truncated"}) {
        tasks.push_back(task(d));
    }
    const auto split = split_finished(tasks, journal, dir_);
    ASSERT_EQ(split.reused.size(), 1u);
    EXPECT_EQ(split.reused[0].dataset, "/same");
    EXPECT_TRUE(split.reused[0].reused);
    ASSERT_EQ(split.to_draw.size(), 5u);
    for (std::size_t i = 0; i < split.to_draw.size(); ++i) {
        EXPECT_EQ(split.to_draw[i].job.id, i);  // renumbered
        EXPECT_NE(split.to_draw[i].read.dataset, "/same");
    }
}

TEST_F(Resume, AMissingThumbnailMeansRedraw) {
    output("a/kept.png");
    output(".thumbnails/a/kept.png", "tn");
    output("a/lost.png");
    PlotRecord kept = finished("/kept", "fp/kept");
    kept.thumbnail = OutputFile{"png", ".thumbnails/a/kept.png", 2, "t"};
    PlotRecord lost = finished("/lost", "fp/lost");
    lost.thumbnail = OutputFile{"png", ".thumbnails/a/lost.png", 2, "t"};
    PlotRecord older = finished("/older", "fp/older");  // journaled before thumbnails
    output("a/older.png");
    const auto split =
        split_finished({task("/kept"), task("/lost"), task("/older")}, {kept, lost, older}, dir_);
    ASSERT_EQ(split.reused.size(), 2u);
    EXPECT_EQ(split.reused[0].dataset, "/kept");
    EXPECT_EQ(split.reused[1].dataset, "/older");
    ASSERT_EQ(split.to_draw.size(), 1u);
    EXPECT_EQ(split.to_draw[0].read.dataset, "/lost");
}

PlotKey key_of(const PlotTask& t) { return {t.read.file, t.read.dataset, t.job.fingerprint}; }

// A plot that took a rank down once is retried; twice, it is a failed row that no rank
// reads (rank 0 records it like a task the plan failed), and the other plots are drawn.
TEST_F(Resume, APlotThatCrashedTwiceIsLeftOut) {
    output("a/kept.png");
    const std::map<PlotKey, int> crashes = {{key_of(task("/once")), 1},
                                            {key_of(task("/twice")), 2},
                                            {{"/data/a.h5", "/changed", "old settings"}, 2},
                                            {key_of(task("/kept")), 2}};
    const auto split = split_finished({task("/changed"), task("/kept"), task("/new"), task("/once"),
                                       task("/twice")},
                                      {finished("/kept", "fp/kept")}, dir_, crashes);
    ASSERT_EQ(split.reused.size(), 1u);  // finished after all (a --force run): kept
    EXPECT_EQ(split.reused[0].dataset, "/kept");
    ASSERT_EQ(split.to_draw.size(), 4u);
    for (const auto& t : split.to_draw) {
        EXPECT_EQ(t.job.error, t.read.dataset == "/twice" ? std::string(crashed_twice) : "") << t.read.dataset;
    }
}

// The failed row a run left out is journaled (and kept through compaction): the next run
// leaves the plot out again, unless its fingerprint changed.
TEST_F(Resume, APlotLeftOutStaysOutUntilItsSettingsChange) {
    PlotRecord left_out = finished("/bad", "fp/bad");
    left_out.status = PlotStatus::failed;
    left_out.error = std::string(crashed_twice);
    PlotRecord failed = finished("/failed", "fp/failed");
    failed.status = PlotStatus::failed;
    failed.error = "hdf5: cannot read";
    PlotTask changed = task("/bad");
    changed.read.file = "/data/b.h5";
    changed.job.fingerprint = "new";
    const auto split = split_finished({task("/bad"), changed, task("/failed")}, {left_out, failed}, dir_);
    ASSERT_EQ(split.to_draw.size(), 3u);
    EXPECT_EQ(split.to_draw[0].job.error, crashed_twice);
    EXPECT_EQ(split.to_draw[1].job.error, "");
    EXPECT_EQ(split.to_draw[2].job.error, "");  // an ordinary failure is tried again
}

// The split itself is pure (plan/resume_split.hpp): the outputs check is the caller's,
// asked only about records that would be kept, and a later record wins over an earlier.
TEST(ResumeSplit, SplitByJournalAsksTheCallerAboutOutputs) {
    auto plan_task = [](const std::string& dataset) {
        PlotTask t;
        t.read.file = "a.h5";
        t.read.dataset = dataset;
        t.job.fingerprint = "fp" + dataset;
        return t;
    };
    const std::vector<JournaledPlot> journal = {
        {"a.h5", "/kept", "fp/kept", true, false},     // 0: superseded by 3
        {"a.h5", "/gone", "fp/gone", true, false},     // 1: its outputs are gone
        {"a.h5", "/old", "other", true, false},        // 2: other settings
        {"a.h5", "/kept", "fp/kept", true, false},     // 3
        {"a.h5", "/crash", "fp/crash", false, true},   // 4: left out
        {"a.h5", "/blank", "", true, false},           // 5: no fingerprint: never kept
    };
    std::vector<std::size_t> asked;
    const auto intact = [&](std::size_t i) {
        asked.push_back(i);
        return i != 1;
    };
    PlotTask failed = plan_task("/failed");
    failed.job.error = "compound dtype";
    const std::map<PlotKey, int> crashes = {{{"a.h5", "/twice", "fp/twice"}, crash_attempts},
                                            {{"a.h5", "/new", "fp/new"}, crash_attempts - 1}};
    const JournalSplit split = split_by_journal(
        {plan_task("/blank"), plan_task("/crash"), failed, plan_task("/gone"), plan_task("/kept"),
         plan_task("/new"), plan_task("/old"), plan_task("/twice")},
        journal, crashes, intact);
    EXPECT_EQ(split.reused, (std::vector<std::size_t>{3}));
    EXPECT_EQ(asked, (std::vector<std::size_t>{1, 3}));
    std::vector<std::string> drawn, errors;
    for (std::size_t i = 0; i < split.to_draw.size(); ++i) {
        EXPECT_EQ(split.to_draw[i].job.id, i);
        drawn.push_back(split.to_draw[i].read.dataset);
        errors.push_back(split.to_draw[i].job.error);
    }
    EXPECT_EQ(drawn, (std::vector<std::string>{"/blank", "/crash", "/failed", "/gone", "/new", "/old",
                                               "/twice"}));
    const std::string out(crashed_twice);
    EXPECT_EQ(errors, (std::vector<std::string>{"", out, "compound dtype", "", "", "", out}));
}

TEST_F(Resume, RemovesOnlyOurTemporaryFiles) {
    output("a/.plot.png.tmp-1234");
    output(".plotcluster/.journal-done.jsonl.tmp-99");
    output("a/plot.png");
    output("a/.hidden");
    output("a/.x.tmp-12ab");
    EXPECT_EQ(remove_stale_temp_files(dir_), 2u);
    EXPECT_FALSE(fs::exists(dir_ / "a/.plot.png.tmp-1234"));
    EXPECT_TRUE(fs::exists(dir_ / "a/plot.png"));
    EXPECT_TRUE(fs::exists(dir_ / "a/.hidden"));
    EXPECT_TRUE(fs::exists(dir_ / "a/.x.tmp-12ab"));
}

}  // namespace
}  // namespace plotcluster
