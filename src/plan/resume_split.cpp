#include "plotcluster/plan/resume_split.hpp"

#include <set>
#include <tuple>

namespace plotcluster {

JournalSplit split_by_journal(std::vector<PlotTask> tasks, const std::vector<JournaledPlot>& journal,
                              const std::map<PlotKey, int>& crashes,
                              const std::function<bool(std::size_t record)>& outputs_intact) {
    using Key = std::tuple<std::string_view, std::string_view, std::string_view>;
    std::map<Key, std::size_t> finished;  // (file, dataset, fingerprint) -> record
    std::set<Key> left_out;
    for (std::size_t i = 0; i < journal.size(); ++i) {
        const JournaledPlot& r = journal[i];
        if (r.fingerprint.empty()) continue;
        if (r.ok) {
            finished[{r.file, r.dataset, r.fingerprint}] = i;  // later lines win
        } else if (r.left_out) {
            left_out.insert({r.file, r.dataset, r.fingerprint});
        }
    }
    for (const auto& [plot, count] : crashes) {
        if (count >= crash_attempts) left_out.insert({plot.file, plot.dataset, plot.fingerprint});
    }
    JournalSplit split;
    for (auto& task : tasks) {
        const auto it = finished.find({task.read.file, task.read.dataset, task.job.fingerprint});
        if (task.job.error.empty() && it != finished.end() && outputs_intact(it->second)) {
            split.reused.push_back(it->second);
            continue;
        }
        if (task.job.error.empty() && left_out.count({task.read.file, task.read.dataset, task.job.fingerprint}) != 0)
            task.job.error = crashed_twice;
        task.job.id = static_cast<std::uint32_t>(split.to_draw.size());
        split.to_draw.push_back(std::move(task));
    }
    return split;
}

}  // namespace plotcluster
