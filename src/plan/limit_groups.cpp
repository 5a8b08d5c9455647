#include "plotcluster/plan/limit_groups.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace plotcluster {

std::int32_t assign_limit_groups(const Config& config, std::vector<PlotTask>& tasks) {
    std::map<std::tuple<std::uint32_t, std::string>, std::int32_t> ids;
    for (auto& task : tasks) {
        const LimitsShare share = config.plots.at(task.draw.rule).limits.share;
        if (share == LimitsShare::none || !task.job.error.empty()) continue;
        const std::string key = share == LimitsShare::dataset ? task.read.dataset : std::string();
        const auto [it, fresh] = ids.try_emplace({task.draw.rule, key}, static_cast<std::int32_t>(ids.size()));
        task.limits_group = it->second;
    }
    return static_cast<std::int32_t>(ids.size());
}

std::vector<PlotTask> limits_scan_list(const std::vector<PlotTask>& all,
                                       const std::vector<PlotTask>& to_draw) {
    std::set<std::int32_t> needed;
    std::set<std::pair<std::string_view, std::string_view>> unread;  // (file, dataset)
    for (const auto& t : to_draw) {
        if (!t.job.error.empty()) {
            unread.emplace(t.read.file, t.read.dataset);
        } else if (t.limits_group >= 0) {
            needed.insert(t.limits_group);
        }
    }
    std::vector<PlotTask> scan;
    for (const auto& t : all) {
        if (needed.count(t.limits_group) != 0 && unread.count({t.read.file, t.read.dataset}) == 0)
            scan.push_back(t);
    }
    return scan;
}

std::optional<SharedRange> shared_range(const SharedLimits& limits, const PlotTask& task) {
    if (task.limits_group < 0 || static_cast<std::size_t>(task.limits_group) >= limits.size())
        return std::nullopt;
    const SharedRange& range = limits[static_cast<std::size_t>(task.limits_group)];
    if (range.empty()) return std::nullopt;
    return range;
}

}  // namespace plotcluster
