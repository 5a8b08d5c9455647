#pragma once
// Running the built program from a test: its exit code and everything it printed.
#include <string>

namespace plotcluster::test {

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

CommandResult run_command(const std::string& command);

// A fresh, empty folder under the system temp dir, unique per call.
std::string fresh_dir(const std::string& tag);

// Shell-quotes a path for run_command.
std::string quoted(const std::string& s);

}  // namespace plotcluster::test
