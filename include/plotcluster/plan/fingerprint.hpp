#pragma once
// A plot's fingerprint: everything that decides its output bytes (the rule and figure
// settings, the output formats, the source dataset's identity, the plotcluster version)
// folded into one hash, so a rerun can tell which finished plots it may keep (pure).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "plotcluster/config/config.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/plan/plan.hpp"

namespace plotcluster {

// The input file as it was when planned: a rewritten file gets a new stamp.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
};

// Each struct's field list follows it (core/fields.hpp): what other ranks receive and
// the fingerprint hashes. A member missing from its list fails test_fields.
template <fields::same_or_const<FileStamp> S, class V>
constexpr void for_each_field(S& s, V&& v) {
    v("size", s.size);
    v("mtime_ns", s.mtime_ns);
}

// A field the fingerprint leaves out, by path ("task.id", "rule.line", "config.run.schedule"),
// and why it cannot change a plot's bytes. Every other listed field goes in.
struct FingerprintExclusion {
    std::string_view field;
    std::string_view why;
};
std::span<const FingerprintExclusion> fingerprint_exclusions();

// 32 hex digits. `group` describes the other plots whose data decides this one's range
// (limits: shared | rule): their files, datasets and stamps.
std::string plot_fingerprint(const Config& config, const PlotTask& task, const FileStamp& stamp,
                             std::string_view version, std::string_view group = {});

}  // namespace plotcluster
