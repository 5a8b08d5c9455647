#pragma once
// Rank 0's crash protection of the catalog walk: each file's walk is journaled before
// and after (catalog_journal.hpp) with the fatal-signal handler armed to name the file
// ("plotcluster: crashed (SIGSEGV) while reading the catalog of 'x.h5'"). A file whose
// walk crashed the process once is walked again; after two, it is left out with a
// failed row of its own, and the other files are drawn.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/hdf5/hdf5_catalog.hpp"
#include "plotcluster/record/catalog_journal.hpp"

namespace plotcluster {

// Why a file is left out: the failed row's reason.
inline constexpr std::string_view catalog_crashed_twice =
    "crashed the process while reading its catalog; left out after 2 attempts";

class CatalogWatch {
public:
    // `record`: journal the walk (a run); --list and --dry-run write nothing, yet are
    // left out the same files and get the handler's line. `force` (--force): every file
    // is walked again. Throws std::runtime_error when the journal cannot be opened.
    CatalogWatch(const std::filesystem::path& output_dir, const std::vector<std::string>& files,
                 bool record, bool force);

    // Sets the options' skip list and their before/after-file hooks; this watch must
    // outlive the walk.
    void watch(CatalogOptions& options);

    // After a walk that finished: the journal keeps only the files left out.
    void finish();

private:
    std::map<std::string, std::string> stamps_;  // per file
    std::map<std::string, std::string> skip_;    // file -> catalog_crashed_twice
    std::unique_ptr<CatalogJournal> journal_;
};

}  // namespace plotcluster
