#pragma once
// Picking up where an earlier run stopped (rank 0, before drawing).
#include <cstddef>
#include <filesystem>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// Sets every task's fingerprint from the config, the task and its input file's stamp.
void stamp_fingerprints(const Config& config, std::vector<PlotTask>& tasks);

struct ResumeSplit {
    std::vector<PlotTask> to_draw;  // ids renumbered 0..n-1
    std::vector<PlotRecord> reused;  // earlier ok records, marked reused
};

// A task is kept from an earlier run when a journal holds an ok record for it with the
// same fingerprint and every output it lists still exists with the recorded size.
ResumeSplit split_finished(std::vector<PlotTask> tasks, const std::vector<PlotRecord>& journal,
                           const std::filesystem::path& output_dir);

// Removes the temporary files a killed run can leave in output_dir (".NAME.tmp-PID",
// the names write_file_atomically uses); returns how many.
std::size_t remove_stale_temp_files(const std::filesystem::path& output_dir);

}  // namespace plotcluster
