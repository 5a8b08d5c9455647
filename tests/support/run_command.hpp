#pragma once
// Running the built program from a test: its exit code and everything it printed.
#include <string>
#include <vector>

namespace plotcluster::test {

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

CommandResult run_command(const std::string& command);

// A program run without a shell, measured: its exit code, its own peak RSS (from wait4,
// this child alone) and its wall time.
struct MeasuredRun {
    int exit_code = -1;
    long max_rss_kib = 0;
    double seconds = 0;
};

// Runs argv[0] with stdout and stderr going to `log`.
MeasuredRun run_measured(std::vector<std::string> argv, const std::string& log = "/dev/null");

// A fresh, empty folder under the system temp dir, unique per call.
std::string fresh_dir(const std::string& tag);

// Shell-quotes a path for run_command.
std::string quoted(const std::string& s);

}  // namespace plotcluster::test
