#pragma once
// Error kinds and the exit codes they map to (CLI11 style: one class per outcome).
#include <stdexcept>
#include <string>

namespace plotcluster {

enum class ExitCode : int {
    ok = 0,
    some_failed = 1,  // the run finished, some plots are failed rows
    usage = 2,        // bad command line, config or input files: nothing rendered
    stopped = 3,      // a stop signal ended the run early; the next run completes it
};

// A whole-run problem found before rendering (config, input files). Exit 2.
class SetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A config problem; the message already names file, line and key path.
class ConfigError : public SetupError {
public:
    using SetupError::SetupError;
};

// A problem with one dataset: becomes a failed manifest row, the run goes on.
class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace plotcluster
