#include "plotcluster/app/catalog_watch.hpp"

#include "plotcluster/render/crash_watch.hpp"
#include "plotcluster/app/resume.hpp"

namespace plotcluster {

CatalogWatch::CatalogWatch(const std::filesystem::path& output_dir,
                           const std::vector<std::string>& files, bool record, bool force) {
    for (const auto& file : files) {
        const FileStamp s = file_stamp(file);
        stamps_[file] = std::to_string(s.size) + " " + std::to_string(s.mtime_ns);
    }
    if (!force) {
        const CatalogHistory history = read_catalog_journal(output_dir);
        for (const auto& [file, stamp] : stamps_) {
            const WalkedFile key{file, stamp};
            const auto crashes = history.crashes.find(key);
            if (history.left_out.count(key) != 0 ||
                (crashes != history.crashes.end() && crashes->second >= crash_attempts)) {
                skip_.emplace(file, catalog_crashed_twice);
            }
        }
    }
    if (record) journal_ = std::make_unique<CatalogJournal>(output_dir);
}

void CatalogWatch::watch(CatalogOptions& options) {
    for (const auto& [file, why] : skip_) options.skip.emplace(file, why);
    options.before_file = [this](const std::string& file) {
        if (journal_) journal_->walking({file, stamps_[file]});
        watch_for_crash("plotcluster: crashed (",
                        ") while reading the catalog of '" + file + "'\n");
        test_crash_catalog(file);
    };
    options.after_file = [this](const std::string& file) {
        end_crash_watch();
        if (journal_) journal_->walked(file);
    };
}

void CatalogWatch::finish() {
    if (!journal_) return;
    std::vector<WalkedFile> left_out;
    left_out.reserve(skip_.size());
    for (const auto& entry : skip_) left_out.emplace_back(entry.first, stamps_[entry.first]);
    journal_->finish(left_out);
    journal_.reset();
}

}  // namespace plotcluster
