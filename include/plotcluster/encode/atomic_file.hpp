#pragma once
// Writing files so that no reader ever sees half of one: write a temporary file in the
// same folder, then rename it into place.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace plotcluster {

// Creates missing parent folders. The temporary name is ".<name>.tmp-<pid>" in the
// target folder, removed again on failure. Throws std::runtime_error naming the path
// and the OS error (e.g. "cannot write 'out/a.png': No space left on device").
void write_file_atomically(const std::filesystem::path& target,
                           std::span<const std::uint8_t> bytes);
void write_file_atomically(const std::filesystem::path& target, std::string_view text);

}  // namespace plotcluster
