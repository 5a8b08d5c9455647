#include "plotcluster/record/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "plotcluster/core/output_layout.hpp"
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

detail::Json key_json(const PlotKey& plot) {
    detail::Json j;
    j["file"] = plot.file;
    j["dataset"] = plot.dataset;
    j["fingerprint"] = plot.fingerprint;
    return j;
}

std::optional<PlotKey> key_from_json(const detail::Json& j) {
    if (!j.is_object()) return std::nullopt;
    const auto text = [&](const char* name) -> std::optional<std::string> {
        const auto it = j.find(name);
        if (it == j.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    };
    auto file = text("file");
    auto dataset = text("dataset");
    auto fingerprint = text("fingerprint");
    if (!file || !dataset || !fingerprint) return std::nullopt;
    return PlotKey{std::move(*file), std::move(*dataset), std::move(*fingerprint)};
}

// {"started": {...}} and {"crashed": {...}}: one line, like a record's.
std::string event_line(std::string_view event, const PlotKey& plot) {
    detail::Json j;
    j[std::string(event)] = key_json(plot);
    return j.dump(-1, ' ', false, detail::Json::error_handler_t::replace) + "\n";
}

// One write per line: with O_APPEND a line is never interleaved with another. A write
// that fails part way (a full disk) is cut off again: the next line appended would
// otherwise continue the torn one, and both would be lost to the reader. Returns 0 or
// the errno.
int write_line(int fd, const std::string& line) {
    const off_t end = ::lseek(fd, 0, SEEK_END);
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            if (done > 0 && end >= 0) (void)::ftruncate(fd, end);
            return error;
        }
        done += static_cast<std::size_t>(n);
    }
    return 0;
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

// What one rank's journal says about crashes.
struct CrashEvents {
    std::vector<PlotKey> crashed;   // its crash lines (the handler writes one at most)
    std::optional<PlotKey> in_hand;  // the journal ends with this plot's started line
};

CrashEvents read_journal_file(const fs::path& file, std::vector<PlotRecord>& records) {
    CrashEvents events;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto j = detail::Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded() || !j.is_object()) continue;  // torn or foreign line
        // Any line after a started line means the rank got past that plot.
        std::optional<PlotKey> started;
        if (const auto it = j.find("started"); it != j.end()) {
            started = key_from_json(*it);
        } else if (const auto c = j.find("crashed"); c != j.end()) {
            if (auto key = key_from_json(*c)) events.crashed.push_back(std::move(*key));
        } else if (!j.contains("idle")) {
            if (auto rec = detail::record_from_json(j)) records.push_back(std::move(*rec));
        }
        events.in_hand = std::move(started);
    }
    return events;
}

// "journal-RUN-rN.jsonl" -> "RUN"; the compacted journal is a run of its own.
std::string run_of(const fs::path& journal) {
    std::string name = journal.stem().string().substr(std::string_view("journal-").size());
    const auto r = name.rfind("-r");
    if (r != std::string::npos && r + 2 < name.size() &&
        std::all_of(name.begin() + static_cast<std::ptrdiff_t>(r + 2), name.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
        name.resize(r);
    }
    return name;
}

}  // namespace

fs::path journal_dir(const fs::path& output_dir) { return output_dir / output_layout::state; }

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
    if (const int error = write_line(fd_, journal_line(record)); error != 0) {
        throw std::runtime_error("journal: cannot append to '" + path_.string() +
                                 "': " + std::generic_category().message(error));
    }
    if (::fdatasync(fd_) != 0) {
        throw std::runtime_error("journal: cannot sync '" + path_.string() +
                                 "': " + std::generic_category().message(errno));
    }
}

void JournalWriter::append_started(const PlotKey& plot) {
    (void)write_line(fd_, event_line("started", plot));
}

void JournalWriter::append_idle() { (void)write_line(fd_, "{\"idle\":true}\n"); }

std::string JournalWriter::crashed_line(const PlotKey& plot) { return event_line("crashed", plot); }

std::vector<PlotRecord> read_journals(const fs::path& output_dir) {
    return read_journal_contents(output_dir).records;
}

JournalContents read_journal_contents(const fs::path& output_dir) {
    JournalContents contents;
    std::map<std::string, std::vector<CrashEvents>> runs;
    for (const auto& file : journal_files(output_dir))
        runs[run_of(file)].push_back(read_journal_file(file, contents.records));
    for (const auto& [run, ranks] : runs) {
        const bool any_crash_line = std::any_of(ranks.begin(), ranks.end(),
                                                [](const CrashEvents& e) { return !e.crashed.empty(); });
        for (const auto& rank : ranks) {
            if (any_crash_line) {
                for (const auto& key : rank.crashed) ++contents.crashes[key];
            } else if (rank.in_hand) {
                ++contents.crashes[*rank.in_hand];
            }
        }
    }
    return contents;
}

std::vector<PlotRecord> read_run_journals(const fs::path& output_dir, const std::string& run_id) {
    std::vector<PlotRecord> records;
    const std::string prefix = "journal-" + run_id + "-r";
    for (const auto& file : journal_files(output_dir)) {
        if (file.filename().string().starts_with(prefix)) (void)read_journal_file(file, records);
    }
    return records;
}

void compact_journals(const fs::path& output_dir, const std::vector<PlotRecord>& records) {
    std::string text;
    for (const auto& r : records) {
        const bool left_out = r.status == PlotStatus::failed && r.error == crashed_twice;
        if ((r.status == PlotStatus::ok || left_out) && !r.fingerprint.empty())
            text += journal_line(r);
    }
    const fs::path done = journal_dir(output_dir) / compacted_name;
    write_file_atomically(done, text);
    for (const auto& file : journal_files(output_dir)) {
        std::error_code ec;
        if (file != done) fs::remove(file, ec);
    }
}

}  // namespace plotcluster
