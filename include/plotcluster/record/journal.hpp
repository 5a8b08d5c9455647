#pragma once
// The journals: each rank appends every finished record to its own file under
// <output.dir>/.plotcluster/ and makes it durable before the plot counts as done, so a
// killed job loses nothing it finished and the next run picks up where it stopped.
#include <compare>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/plan/resume_split.hpp"  // PlotKey, crashed_twice
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// The folder of the journals inside output.dir.
std::filesystem::path journal_dir(const std::filesystem::path& output_dir);

class JournalWriter {
public:
    // Opens .plotcluster/journal-<run_id>-r<rank>.jsonl for appending. Throws
    // std::runtime_error naming the file when it cannot.
    JournalWriter(const std::filesystem::path& output_dir, const std::string& run_id, int rank);
    ~JournalWriter();
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;

    // One JSON line, then fdatasync. Throws std::runtime_error when either fails.
    void append(const PlotRecord& record);

    // The rank starts reading a plot (to draw it, or to scan its range). A plain write,
    // no sync: it has to outlive a crash of the process, which the page cache does, not
    // one of the machine. A failed write is not reported: a rerun then just cannot pin
    // a crash on this plot.
    void append_started(const PlotKey& plot);

    // The rank has no plot in hand any more (after the limits scan, which journals no
    // record): the last started line before this is not the one it died on.
    void append_idle();

    // The line the fatal-signal handler appends when `plot` crashes the process,
    // formatted before the plot starts (the handler may only write()).
    static std::string crashed_line(const PlotKey& plot);

    // For that handler.
    int fd() const { return fd_; }

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

// Every record in the journals under output_dir, file by file in name order. A torn last
// line (the job was killed while writing it) and unreadable lines are skipped.
std::vector<PlotRecord> read_journals(const std::filesystem::path& output_dir);

struct JournalContents {
    std::vector<PlotRecord> records;  // as read_journals
    // The plots that took a rank down, and how often: in a run with crash lines, the
    // plots they name (mpirun killed the other ranks, whose plots in hand are innocent);
    // in a run without (kill -9, the OOM killer), each rank's plot in hand when it died
    // (its journal ends with its started line).
    std::map<PlotKey, int> crashes;
};

// The records and the crash history, in one pass over the journals.
JournalContents read_journal_contents(const std::filesystem::path& output_dir);

// The records one run's ranks journaled (journal-<run_id>-r*.jsonl).
std::vector<PlotRecord> read_run_journals(const std::filesystem::path& output_dir,
                                          const std::string& run_id);

// After a complete run: the ok records, and the failed rows of plots left out because
// they crashed twice (crashed_twice), become the one journal the next run starts from
// (written atomically), and the per-run journals are removed.
void compact_journals(const std::filesystem::path& output_dir,
                      const std::vector<PlotRecord>& records);

}  // namespace plotcluster
