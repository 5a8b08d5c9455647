#pragma once
// A plot's fingerprint: everything that decides its output bytes (the rule and figure
// settings, the output formats, the source dataset's identity, the plotcluster version)
// folded into one hash, so a rerun can tell which finished plots it may keep (pure).
#include <cstdint>
#include <string>
#include <string_view>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"

namespace plotcluster {

// The input file as it was when planned: a rewritten file gets a new stamp.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
};

// 32 hex digits. `group` describes the other plots whose data decides this one's range
// (limits: shared | rule): their files, datasets and stamps.
std::string plot_fingerprint(const Config& config, const PlotTask& task, const FileStamp& stamp,
                             std::string_view version, std::string_view group = {});

}  // namespace plotcluster
