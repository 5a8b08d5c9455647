#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace plotcluster {

// Expands input.files patterns (globs, relative to base_dir) into existing regular files:
// each pattern's matches sorted, paths lexically normalized where that names the same
// file ("cfg/../data/x.h5" is "data/x.h5"), duplicates dropped (also when two patterns
// spell one file differently), order of patterns kept. Throws
// SetupError when a pattern matches nothing or names a directory.
std::vector<std::string> expand_input_files(const std::vector<std::string>& patterns,
                                            const std::filesystem::path& base_dir);

}  // namespace plotcluster
