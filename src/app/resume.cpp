#include "plotcluster/app/resume.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "plotcluster/core/output_layout.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "plotcluster/version.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

bool intact(const OutputFile& o, const fs::path& output_dir) {
    std::error_code ec;
    const auto size = fs::file_size(output_dir / o.path, ec);
    return !ec && size == o.bytes;
}

// A record without a thumbnail (journaled before the gallery) is kept: the gallery then
// shows its full image.
bool outputs_intact(const PlotRecord& r, const fs::path& output_dir) {
    if (r.outputs.empty()) return false;
    if (r.thumbnail && !intact(*r.thumbnail, output_dir)) return false;
    return std::all_of(r.outputs.begin(), r.outputs.end(),
                       [&](const OutputFile& o) { return intact(o, output_dir); });
}

}  // namespace

FileStamp file_stamp(const std::string& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return {};
    return {static_cast<std::uint64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

void stamp_fingerprints(const Config& config, std::vector<PlotTask>& tasks) {
    std::map<std::string, FileStamp> stamps;
    auto stamp = [&](const std::string& file) -> const FileStamp& {
        auto it = stamps.find(file);
        if (it == stamps.end()) it = stamps.emplace(file, file_stamp(file)).first;
        return it->second;
    };
    // A plot sharing its range depends on every plot of its group: a new frame in a
    // movie changes the colour scale of all the others.
    // Shared x ranges (x_limits) likewise.
    std::map<std::int32_t, std::string> groups;
    for (const auto& task : tasks) {
        if (task.limits_group < 0 && task.x_limits_group < 0) continue;
        const FileStamp& s = stamp(task.read.file);
        const std::string member = task.read.file + '\n' + task.read.dataset + '\n' + std::to_string(s.size) +
                                   ' ' + std::to_string(s.mtime_ns) + '\n';
        if (task.limits_group >= 0) groups[task.limits_group] += member;
        if (task.x_limits_group >= 0) groups[task.x_limits_group] += member;
    }
    const auto members = [&](std::int32_t id) {
        const auto group = groups.find(id);
        return group == groups.end() ? std::string() : group->second;
    };
    for (auto& task : tasks) {
        // A shared x range depends on its own group's plots as well.
        std::string group = members(task.limits_group);
        if (task.x_limits_group >= 0) group += "x:\n" + members(task.x_limits_group);
        task.job.fingerprint = plot_fingerprint(config, task, stamp(task.read.file), version, group);
    }
}

ResumeSplit split_finished(std::vector<PlotTask> tasks, const std::vector<PlotRecord>& journal,
                           const fs::path& output_dir, const std::map<PlotKey, int>& crashes) {
    std::vector<JournaledPlot> plots;
    plots.reserve(journal.size());
    for (const auto& r : journal) {
        plots.push_back({r.file, r.dataset, r.fingerprint, r.status == PlotStatus::ok,
                         r.status != PlotStatus::ok && r.error == crashed_twice});
    }
    JournalSplit split = split_by_journal(std::move(tasks), plots, crashes, [&](std::size_t i) {
        return outputs_intact(journal[i], output_dir);
    });
    ResumeSplit out;
    out.to_draw = std::move(split.to_draw);
    out.reused.reserve(split.reused.size());
    for (const auto i : split.reused) {
        PlotRecord r = journal[i];
        r.reused = true;
        out.reused.push_back(std::move(r));
    }
    return out;
}

std::size_t remove_stale_temp_files(const fs::path& output_dir) {
    std::size_t removed = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(output_dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code type_ec;
        if (it->is_regular_file(type_ec) && output_layout::is_temp_name(it->path().filename().string())) {
            std::error_code rm_ec;
            if (fs::remove(it->path(), rm_ec)) ++removed;
        }
    }
    return removed;
}

}  // namespace plotcluster
