#include "plotcluster/record/catalog_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "plotcluster/core/output_layout.hpp"
#include "plotcluster/encode/atomic_file.hpp"
#include "plotcluster/record/journal.hpp"
#include "record_json.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

fs::path journal_path(const fs::path& output_dir) {
    return journal_dir(output_dir) / output_layout::catalog_journal;
}

std::string line(const char* event, const std::string& file, const std::string* stamp) {
    detail::Json j;
    j[event] = file;
    if (stamp != nullptr) j["stamp"] = *stamp;
    return j.dump(-1, ' ', false, detail::Json::error_handler_t::replace) + "\n";
}

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // a rerun then cannot pin a crash on this file: no worse than before
        done += static_cast<std::size_t>(n);
    }
}

std::optional<WalkedFile> walked_file(const detail::Json& j, const char* event) {
    const auto file = j.find(event);
    const auto stamp = j.find("stamp");
    if (file == j.end() || !file->is_string() || stamp == j.end() || !stamp->is_string())
        return std::nullopt;
    return WalkedFile{file->get<std::string>(), stamp->get<std::string>()};
}

}  // namespace

CatalogHistory read_catalog_journal(const fs::path& output_dir) {
    CatalogHistory history;
    std::ifstream in(journal_path(output_dir));
    std::string text;
    std::optional<WalkedFile> walking;  // started and not (yet) seen finished
    while (std::getline(in, text)) {
        const auto j = detail::Json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded() || !j.is_object()) continue;
        if (auto started = walked_file(j, "walking")) {
            // One process walks one file at a time: a new walk means the last one died.
            if (walking) ++history.crashes[*walking];
            walking = std::move(started);
        } else if (const auto done = j.find("walked"); done != j.end() && done->is_string()) {
            if (walking && walking->first == done->get<std::string>()) walking.reset();
        } else if (auto left = walked_file(j, "left_out")) {
            history.left_out.insert(std::move(*left));
        }
    }
    if (walking) ++history.crashes[*walking];
    return history;
}

CatalogJournal::CatalogJournal(const fs::path& output_dir) : path_(journal_path(output_dir)) {
    std::error_code ec;
    fs::create_directories(path_.parent_path(), ec);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd_ < 0) {
        throw std::runtime_error("catalog journal: cannot open '" + path_.string() +
                                 "': " + std::generic_category().message(errno));
    }
}

CatalogJournal::~CatalogJournal() {
    if (fd_ >= 0) ::close(fd_);
}

void CatalogJournal::walking(const WalkedFile& file) {
    write_all(fd_, line("walking", file.first, &file.second));
}

void CatalogJournal::walked(const std::string& file) { write_all(fd_, line("walked", file, nullptr)); }

void CatalogJournal::finish(const std::vector<WalkedFile>& left_out) {
    std::string text;
    for (const auto& [file, stamp] : left_out) text += line("left_out", file, &stamp);
    write_file_atomically(path_, text);
}

}  // namespace plotcluster
