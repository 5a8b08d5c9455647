#include "plotcluster/encode/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

#include "plotcluster/core/output_layout.hpp"

namespace plotcluster {
namespace {

[[noreturn]] void fail(const std::filesystem::path& target, int error) {
    throw std::runtime_error("cannot write '" + target.string() +
                             "': " + std::generic_category().message(error));
}

// Writes all bytes to a fresh file; returns 0 or the errno of the first failure.
int write_whole_file(const std::filesystem::path& file, const std::uint8_t* data,
                     std::size_t size) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return errno;
    int error = 0;
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR) continue;
            error = errno;
            break;
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    // close can report delayed write errors (e.g. on NFS or Lustre), so it is checked.
    if (::close(fd) != 0 && error == 0) error = errno;
    return error;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& target,
                           std::span<const std::uint8_t> bytes) {
    const std::filesystem::path folder = target.parent_path();
    if (!folder.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(folder, ec);
        if (ec) fail(target, ec.value());
    }
    // Same folder as the target, so the rename cannot cross file systems.
    const std::filesystem::path temp =
        folder / output_layout::temp_name(target.filename().string(), ::getpid());

    int error = write_whole_file(temp, bytes.data(), bytes.size());
    if (error == 0 && ::rename(temp.c_str(), target.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temp.c_str());  // best effort; the original error is the one to report
        fail(target, error);
    }
}

void write_file_atomically(const std::filesystem::path& target, std::string_view text) {
    write_file_atomically(
        target, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace plotcluster
