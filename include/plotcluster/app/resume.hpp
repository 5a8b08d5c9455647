#pragma once
// Picking up where an earlier run stopped (rank 0, before drawing).
#include <cstddef>
#include <filesystem>
#include <map>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "plotcluster/plan/plan.hpp"
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

// How often a plot may take a rank down before it is left out.
inline constexpr int crash_attempts = 2;

// A task is kept from an earlier run when a journal holds an ok record for it with the
// same fingerprint and every output it lists still exists with the recorded size. One
// that crashed the process `crash_attempts` times (`crashes`, from the journals), or
// that an earlier run left out for that, is not drawn: it fails with `crashed_twice`
// (rank 0 records it, as a task the plan failed).
ResumeSplit split_finished(std::vector<PlotTask> tasks, const std::vector<PlotRecord>& journal,
                           const std::filesystem::path& output_dir,
                           const std::map<PlotKey, int>& crashes = {});

// Removes the temporary files a killed run can leave in output_dir (".NAME.tmp-PID",
// the names write_file_atomically uses); returns how many.
std::size_t remove_stale_temp_files(const std::filesystem::path& output_dir);

}  // namespace plotcluster
