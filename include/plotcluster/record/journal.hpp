#pragma once
// The journals: each rank appends every finished record to its own file under
// <output.dir>/.plotcluster/ and makes it durable before the plot counts as done, so a
// killed job loses nothing it finished and the next run picks up where it stopped.
#include <filesystem>
#include <string>
#include <vector>

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

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

// Every record in the journals under output_dir, file by file in name order. A torn last
// line (the job was killed while writing it) and unreadable lines are skipped.
std::vector<PlotRecord> read_journals(const std::filesystem::path& output_dir);

// The records one run's ranks journaled (journal-<run_id>-r*.jsonl).
std::vector<PlotRecord> read_run_journals(const std::filesystem::path& output_dir,
                                          const std::string& run_id);

// After a complete run: the ok records become the one journal the next run starts from
// (written atomically), and the per-run journals are removed.
void compact_journals(const std::filesystem::path& output_dir,
                      const std::vector<PlotRecord>& records);

}  // namespace plotcluster
