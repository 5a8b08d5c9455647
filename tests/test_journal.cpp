#include "plotcluster/record/journal.hpp"
#include "plotcluster/record/catalog_journal.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <map>

#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

class Journal : public test::ScratchDirTest {};

PlotRecord record(const std::string& dataset, PlotStatus status = PlotStatus::ok) {
    PlotRecord r;
    r.file = "/data/a.h5";
    r.dataset = dataset;
    r.kind = "line";
    r.shape = {10};
    r.dtype = "float64";
    r.status = status;
    if (status == PlotStatus::failed) r.error = "why";
    r.rank = 2;
    r.render_ms = 1.5;
    r.timing = {0.25, 0.5, 0.5, 0.125, 0.0625};
    r.outputs.push_back({"png", "a" + dataset + ".png", 123, "ab"});
    if (status == PlotStatus::ok)
        r.thumbnail = OutputFile{"png", ".thumbnails/a" + dataset + ".png", 45, "cd"};
    if (status == PlotStatus::ok) {
        r.axes = {{{"t [s]", 0, 9, "linear"}, {"E", 1e-3, 1e3, "log"}, std::nullopt},
                  {{"x", -1, 1, "linear"}, {"y", 2, 3, "linear"}, DrawnAxis{"rho", 0.5, 4, "log"}}};
    }
    r.fingerprint = "f" + dataset;
    if (status == PlotStatus::ok) {
        r.rule = 2;
        r.frame = 17;
        r.notes = {"a note"};
    }
    return r;
}

TEST_F(Journal, AppendsAndReadsBackEveryField) {
    {
        JournalWriter w(dir_, "run1", 0);
        w.append(record("/x"));
        w.append(record("/y", PlotStatus::failed));
    }
    JournalWriter(dir_, "run1", 1).append(record("/z"));
    const auto all = read_journals(dir_);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].dataset, "/x");
    EXPECT_EQ(all[0].fingerprint, "f/x");
    EXPECT_EQ(all[0].shape, (std::vector<std::uint64_t>{10}));
    EXPECT_EQ(all[0].rank, 2);
    EXPECT_DOUBLE_EQ(all[0].timing.read, 0.25);
    EXPECT_DOUBLE_EQ(all[0].timing.write, 0.125);
    EXPECT_DOUBLE_EQ(all[0].timing.thumbnail, 0.063);  // rounded to microseconds
    ASSERT_EQ(all[0].outputs.size(), 1u);
    EXPECT_EQ(all[0].outputs[0].bytes, 123u);
    ASSERT_TRUE(all[0].thumbnail.has_value());
    EXPECT_EQ(all[0].thumbnail->path, ".thumbnails/a/x.png");
    EXPECT_EQ(all[0].thumbnail->bytes, 45u);
    ASSERT_EQ(all[0].axes.size(), 2u);
    EXPECT_EQ(all[0].axes[0].x.label, "t [s]");
    EXPECT_DOUBLE_EQ(all[0].axes[0].y.hi, 1e3);
    EXPECT_EQ(all[0].axes[0].y.scale, "log");
    EXPECT_FALSE(all[0].axes[0].color.has_value());
    ASSERT_TRUE(all[0].axes[1].color.has_value());
    EXPECT_EQ(all[0].axes[1].color->label, "rho");
    EXPECT_DOUBLE_EQ(all[0].axes[1].color->lo, 0.5);
    EXPECT_EQ(all[0].rule, 2u);
    EXPECT_EQ(all[0].frame, std::optional<std::int64_t>(17));
    EXPECT_EQ(all[0].notes, std::vector<std::string>{"a note"});
    EXPECT_FALSE(all[1].frame.has_value());
    EXPECT_TRUE(all[1].notes.empty());
    EXPECT_TRUE(all[1].axes.empty());
    EXPECT_FALSE(all[1].thumbnail.has_value());
    EXPECT_EQ(all[1].status, PlotStatus::failed);
    EXPECT_EQ(all[1].error, "why");
    EXPECT_EQ(all[2].dataset, "/z");  // journals are read in name order: r0 before r1
}

TEST_F(Journal, TornAndForeignLinesAreSkipped) {
    JournalWriter(dir_, "run1", 0).append(record("/x"));
    std::ofstream(journal_dir(dir_) / "journal-run1-r0.jsonl", std::ios::app)
        << "{\"file\": \"/data/a.h5\", \"datas";  // killed mid-write
    std::ofstream(journal_dir(dir_) / "journal-run0-r0.jsonl") << "[1, 2]\n{\"unrelated\": 1}\n";
    std::ofstream(journal_dir(dir_) / "notes.txt") << "not a journal\n";
    const auto all = read_journals(dir_);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].dataset, "/x");
}

TEST_F(Journal, CompactKeepsOkRecordsInOneFile) {
    JournalWriter(dir_, "run1", 0).append(record("/x"));
    JournalWriter(dir_, "run1", 1).append(record("/y"));
    compact_journals(dir_, {record("/x"), record("/y", PlotStatus::failed), record("/z")});
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(journal_dir(dir_))) names.push_back(e.path().filename());
    EXPECT_EQ(names, std::vector<std::string>{"journal-done.jsonl"});
    const auto all = read_journals(dir_);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].dataset, "/x");
    EXPECT_EQ(all[1].dataset, "/z");
}

// A full disk cuts a line short (simulated with RLIMIT_FSIZE, which fails the write like
// ENOSPC does): the torn part is taken back, so the next line appended reads back whole.
TEST_F(Journal, FailedAppendLeavesNoTornLine) {
    JournalWriter w(dir_, "run1", 0);
    w.append(record("/first"));
    const fs::path file = journal_dir(dir_) / "journal-run1-r0.jsonl";
    const auto size = fs::file_size(file);
    rlimit old{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit tight = old;
    tight.rlim_cur = size + 40;  // room for part of the next line only
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tight), 0);
    std::string error;
    try {
        w.append(record("/second"));
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_NE(error.find("journal: cannot append to '" + file.string() + "': "), std::string::npos)
        << error;
    EXPECT_EQ(fs::file_size(file), size);
    w.append(record("/third"));
    const auto back = read_journals(dir_);
    ASSERT_EQ(back.size(), 2U);
    EXPECT_EQ(back[0].dataset, "/first");
    EXPECT_EQ(back[1].dataset, "/third");
}

PlotKey key(const std::string& dataset) { return {"/data/a.h5", dataset, "f" + dataset}; }

// What the fatal-signal handler does: append the line formatted before the plot.
void crash(JournalWriter& w, const PlotKey& plot) {
    const std::string line = JournalWriter::crashed_line(plot);
    ASSERT_EQ(::write(w.fd(), line.data(), line.size()), static_cast<ssize_t>(line.size()));
}

TEST_F(Journal, StartedAndCrashedLinesAreNoRecords) {
    {
        JournalWriter w(dir_, "run1", 0);
        w.append_started(key("/x"));
        w.append(record("/x"));
        w.append_started(key("/y"));
        crash(w, key("/y"));
    }
    const std::string text = [&] {
        std::ifstream in(journal_dir(dir_) / "journal-run1-r0.jsonl");
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }();
    EXPECT_NE(text.find("{\"started\":{\"file\":\"/data/a.h5\",\"dataset\":\"/x\",\"fingerprint\":\"f/x\"}}\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("{\"crashed\":{\"file\":\"/data/a.h5\",\"dataset\":\"/y\",\"fingerprint\":\"f/y\"}}\n"),
              std::string::npos)
        << text;
    const auto contents = read_journal_contents(dir_);
    ASSERT_EQ(contents.records.size(), 1u);
    EXPECT_EQ(contents.records[0].dataset, "/x");
    EXPECT_EQ(contents.crashes, (std::map<PlotKey, int>{{key("/y"), 1}}));
    EXPECT_EQ(read_run_journals(dir_, "run1").size(), 1u);
}

// mpirun kills the other ranks when one crashes: their plots in hand are not to blame.
TEST_F(Journal, ACrashLineBlamesOnlyItsPlot) {
    JournalWriter crashed(dir_, "run1", 1);
    crashed.append_started(key("/bad"));
    crash(crashed, key("/bad"));
    JournalWriter killed(dir_, "run1", 0);
    killed.append_started(key("/innocent"));  // and then SIGKILL
    JournalWriter other_run(dir_, "run2", 0);
    other_run.append_started(key("/bad"));
    crash(other_run, key("/bad"));
    EXPECT_EQ(read_journal_contents(dir_).crashes, (std::map<PlotKey, int>{{key("/bad"), 2}}));
}

// kill -9 or the OOM killer leave no crash line: each rank's plot in hand counts, the one
// whose started line ends its journal. A plot it got past (a record, the next started
// line of a scan, an idle line) does not.
TEST_F(Journal, WithoutCrashLinesThePlotsInHandCount) {
    JournalWriter r0(dir_, "run1", 0);
    r0.append_started(key("/scanned"));
    r0.append_started(key("/scanned too"));
    r0.append_idle();
    r0.append_started(key("/drawn"));
    r0.append(record("/drawn"));
    r0.append_started(key("/in hand 0"));
    JournalWriter r1(dir_, "run1", 1);
    r1.append(record("/done"));
    JournalWriter r2(dir_, "run1", 2);
    r2.append_started(key("/in hand 2"));
    std::ofstream(journal_dir(dir_) / "journal-run1-r2.jsonl", std::ios::app)
        << "{\"file\": \"/data/a.h5\", \"datas";  // killed while journaling the record
    JournalWriter later(dir_, "run2", 0);
    later.append_started(key("/in hand 0"));
    EXPECT_EQ(read_journal_contents(dir_).crashes,
              (std::map<PlotKey, int>{{key("/in hand 0"), 2}, {key("/in hand 2"), 1}}));
}

// The failed row of a plot left out after two crashes outlives compaction (it is left
// out again until --force); its crash history does not need to.
TEST_F(Journal, CompactKeepsPlotsLeftOutAfterCrashes) {
    JournalWriter w(dir_, "run1", 0);
    w.append_started(key("/bad"));
    crash(w, key("/bad"));
    PlotRecord left_out = record("/bad", PlotStatus::failed);
    left_out.error = std::string(crashed_twice);
    compact_journals(dir_, {record("/x"), left_out, record("/y", PlotStatus::failed)});
    const auto contents = read_journal_contents(dir_);
    ASSERT_EQ(contents.records.size(), 2u);
    EXPECT_EQ(contents.records[0].dataset, "/x");
    EXPECT_EQ(contents.records[1].dataset, "/bad");
    EXPECT_EQ(contents.records[1].error, std::string(crashed_twice));
    EXPECT_EQ(contents.records[1].fingerprint, "f/bad");
    EXPECT_TRUE(contents.crashes.empty());
}

// --- The catalog journal ------------------------------------------------------------

TEST_F(Journal, CatalogWalksThatNeverFinishedCountPerFileAndStamp) {
    {
        CatalogJournal run1(dir_);
        run1.walking({"a.h5", "10 1"});
        run1.walked("a.h5");
        run1.walking({"b.h5", "20 1"});  // and the process died
    }
    {
        CatalogJournal run2(dir_);
        run2.walking({"a.h5", "10 1"});
        run2.walked("a.h5");
        run2.walking({"b.h5", "20 1"});  // died again
    }
    {
        CatalogJournal run3(dir_);
        run3.walking({"b.h5", "30 2"});  // rewritten since: another file
        run3.walked("b.h5");
        run3.walking({"c.h5", "5 1"});
    }
    std::ofstream(journal_dir(dir_) / "catalog-walk.jsonl", std::ios::app) << "{\"walk";  // torn
    const auto history = read_catalog_journal(dir_);
    EXPECT_EQ(history.crashes, (std::map<WalkedFile, int>{{{"b.h5", "20 1"}, 2}, {{"c.h5", "5 1"}, 1}}));
    EXPECT_TRUE(history.left_out.empty());
}

TEST_F(Journal, CatalogJournalKeepsOnlyTheFilesLeftOutAfterAWalk) {
    EXPECT_TRUE(read_catalog_journal(dir_).crashes.empty());  // no journal yet
    CatalogJournal j(dir_);
    j.walking({"a.h5", "10 1"});
    j.walked("a.h5");
    j.walking({"b.h5", "20 1"});
    j.walked("b.h5");
    j.finish({{"c.h5", "5 1"}});
    const auto history = read_catalog_journal(dir_);
    EXPECT_TRUE(history.crashes.empty());
    EXPECT_EQ(history.left_out, (std::set<WalkedFile>{{"c.h5", "5 1"}}));
    std::ifstream in(journal_dir(dir_) / "catalog-walk.jsonl");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "{\"left_out\":\"c.h5\",\"stamp\":\"5 1\"}\n");
}

TEST_F(Journal, UnwritableFolderThrowsNamingTheFile) {
    fs::create_directories(dir_ / "out");
    std::ofstream(dir_ / "out" / ".plotcluster") << "a file where the folder should be";
    try {
        JournalWriter w(dir_ / "out", "run1", 3);
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("journal-run1-r3.jsonl"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace plotcluster
