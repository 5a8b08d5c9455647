#pragma once
// Picking up where an earlier run stopped (rank 0, before drawing).
#include <cstddef>
#include <filesystem>
#include <map>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/plan/resume_split.hpp"
#include "plotcluster/record/journal.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// The file's size and modification time now; zero when it cannot be read.
FileStamp file_stamp(const std::string& file);

// Sets every task's fingerprint from the config, the task and its input file's stamp.
void stamp_fingerprints(const Config& config, std::vector<PlotTask>& tasks);

struct ResumeSplit {
    std::vector<PlotTask> to_draw;  // ids renumbered 0..n-1
    std::vector<PlotRecord> reused;  // earlier ok records, marked reused
};

// split_by_journal (plan/resume_split.hpp) on the journal's records, with "every output
// a record lists still exists in output_dir with the recorded size" as the check.
ResumeSplit split_finished(std::vector<PlotTask> tasks, const std::vector<PlotRecord>& journal,
                           const std::filesystem::path& output_dir,
                           const std::map<PlotKey, int>& crashes = {});

// Removes the temporary files a killed run can leave in output_dir (".NAME.tmp-PID",
// the names write_file_atomically uses); returns how many.
std::size_t remove_stale_temp_files(const std::filesystem::path& output_dir);

}  // namespace plotcluster
