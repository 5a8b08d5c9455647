#include "plotcluster/record/journal.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <fstream>

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
    r.fingerprint = "f" + dataset;
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
