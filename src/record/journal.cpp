#include "plotcluster/record/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "plotcluster/encode/atomic_file.hpp"
#include "record_json.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view compacted_name = "journal-done.jsonl";

std::string journal_line(const PlotRecord& record) {
    detail::Json j = detail::record_json(record);
    j["fingerprint"] = record.fingerprint;
    return j.dump(-1, ' ', false, detail::Json::error_handler_t::replace) + "\n";
}

bool is_journal(const fs::path& p) {
    const std::string name = p.filename().string();
    return name.starts_with("journal-") && p.extension() == ".jsonl";
}

std::vector<fs::path> journal_files(const fs::path& output_dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(journal_dir(output_dir), ec)) {
        if (entry.is_regular_file(ec) && is_journal(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

void read_journal_file(const fs::path& file, std::vector<PlotRecord>& records) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto j = detail::Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded() || !j.is_object()) continue;  // torn or foreign line
        if (auto rec = detail::record_from_json(j)) records.push_back(std::move(*rec));
    }
}

}  // namespace

fs::path journal_dir(const fs::path& output_dir) { return output_dir / ".plotcluster"; }

JournalWriter::JournalWriter(const fs::path& output_dir, const std::string& run_id, int rank)
    : path_(journal_dir(output_dir) / ("journal-" + run_id + "-r" + std::to_string(rank) + ".jsonl")) {
    std::error_code ec;
    fs::create_directories(path_.parent_path(), ec);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd_ < 0) {
        throw std::runtime_error("journal: cannot open '" + path_.string() +
                                 "': " + std::generic_category().message(errno));
    }
}

JournalWriter::~JournalWriter() {
    if (fd_ >= 0) ::close(fd_);
}

void JournalWriter::append(const PlotRecord& record) {
    const std::string line = journal_line(record);
    // A write that fails part way (a full disk) is cut off again: the next line appended
    // would otherwise continue the torn one, and both would be lost to the reader.
    const off_t end = ::lseek(fd_, 0, SEEK_END);
    // One write per line: with O_APPEND a line is never interleaved with another.
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            if (done > 0 && end >= 0) (void)::ftruncate(fd_, end);
            throw std::runtime_error("journal: cannot append to '" + path_.string() +
                                     "': " + std::generic_category().message(error));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd_) != 0) {
        throw std::runtime_error("journal: cannot sync '" + path_.string() +
                                 "': " + std::generic_category().message(errno));
    }
}

std::vector<PlotRecord> read_journals(const fs::path& output_dir) {
    std::vector<PlotRecord> records;
    for (const auto& file : journal_files(output_dir)) read_journal_file(file, records);
    return records;
}

std::vector<PlotRecord> read_run_journals(const fs::path& output_dir, const std::string& run_id) {
    std::vector<PlotRecord> records;
    const std::string prefix = "journal-" + run_id + "-r";
    for (const auto& file : journal_files(output_dir)) {
        if (file.filename().string().starts_with(prefix)) read_journal_file(file, records);
    }
    return records;
}

void compact_journals(const fs::path& output_dir, const std::vector<PlotRecord>& records) {
    std::string text;
    for (const auto& r : records) {
        if (r.status == PlotStatus::ok && !r.fingerprint.empty()) text += journal_line(r);
    }
    const fs::path done = journal_dir(output_dir) / compacted_name;
    write_file_atomically(done, text);
    for (const auto& file : journal_files(output_dir)) {
        std::error_code ec;
        if (file != done) fs::remove(file, ec);
    }
}

}  // namespace plotcluster
