#pragma once
// The catalog journal (<output.dir>/.plotcluster/catalog-walk.jsonl): rank 0 notes each
// input file just before and just after walking it, so a walk that crashed the process
// (libhdf5 on a corrupt file) is pinned on its file by the next run. After a walk that
// finished, it keeps only the files that were left out.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace plotcluster {

// (file, stamp): a rewritten file is a new one, whose walks are counted afresh.
using WalkedFile = std::pair<std::string, std::string>;

struct CatalogHistory {
    std::map<WalkedFile, int> crashes;  // walks of the file that never finished
    std::set<WalkedFile> left_out;      // left out by the last walk that finished
};

// Nothing when there is no journal; torn and foreign lines are skipped.
CatalogHistory read_catalog_journal(const std::filesystem::path& output_dir);

class CatalogJournal {
public:
    // Opens the journal for appending. Throws std::runtime_error naming the file.
    explicit CatalogJournal(const std::filesystem::path& output_dir);
    ~CatalogJournal();
    CatalogJournal(const CatalogJournal&) = delete;
    CatalogJournal& operator=(const CatalogJournal&) = delete;

    // Plain writes, no sync: they have to outlive a crash of the process (the page
    // cache does), not one of the machine.
    void walking(const WalkedFile& file);
    void walked(const std::string& file);

    // After a walk that finished: the journal holds only `left_out` (written atomically).
    void finish(const std::vector<WalkedFile>& left_out);

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

}  // namespace plotcluster
