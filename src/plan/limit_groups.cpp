#include "plotcluster/plan/limit_groups.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "plotcluster/plan/kind_plan.hpp"

namespace plotcluster {

std::int32_t assign_limit_groups(const Config& config, std::vector<PlotTask>& tasks) {
    // (rule, dataset or "" for the whole rule, axis: 0 `limits`, 1 x)
    std::map<std::tuple<std::uint32_t, std::string, int>, std::int32_t> ids;
    const auto group = [&](const PlotTask& task, LimitsShare share, int axis) {
        const std::string key = share == LimitsShare::dataset ? task.read.dataset : std::string();
        return ids.try_emplace({task.draw.rule, key, axis}, static_cast<std::int32_t>(ids.size())).first->second;
    };
    for (auto& task : tasks) {
        task.limits_group = -1;
        task.x_limits_group = -1;
        if (!task.job.error.empty()) continue;
        const PlotRule& rule = config.plots.at(task.draw.rule);
        if (rule.limits.share != LimitsShare::none) task.limits_group = group(task, rule.limits.share, 0);
        const Limits x = x_limits_of(rule);
        if (x.automatic && x.share != LimitsShare::none) task.x_limits_group = group(task, x.share, 1);
    }
    return static_cast<std::int32_t>(ids.size());
}

std::vector<PlotTask> limits_scan_list(const std::vector<PlotTask>& all,
                                       const std::vector<PlotTask>& to_draw) {
    std::set<std::int32_t> needed;
    // (file, dataset, frame): one frame left out does not leave out the others
    std::set<std::tuple<std::string_view, std::string_view, std::optional<std::int64_t>>> unread;
    for (const auto& t : to_draw) {
        if (!t.job.error.empty()) {
            unread.emplace(t.read.file, t.read.dataset, t.draw.frame);
        } else {
            if (t.limits_group >= 0) needed.insert(t.limits_group);
            if (t.x_limits_group >= 0) needed.insert(t.x_limits_group);
        }
    }
    std::vector<PlotTask> scan;
    for (const auto& t : all) {
        const bool in_group = needed.count(t.limits_group) != 0 || needed.count(t.x_limits_group) != 0;
        if (in_group && unread.count({t.read.file, t.read.dataset, t.draw.frame}) == 0)
            scan.push_back(t);
    }
    return scan;
}

namespace {

std::optional<SharedRange> range_of(const SharedLimits& limits, std::int32_t group) {
    if (group < 0 || static_cast<std::size_t>(group) >= limits.size()) return std::nullopt;
    const SharedRange& range = limits[static_cast<std::size_t>(group)];
    if (range.empty()) return std::nullopt;
    return range;
}

}  // namespace

std::optional<SharedRange> shared_range(const SharedLimits& limits, const PlotTask& task) {
    return range_of(limits, task.limits_group);
}

SharedRanges shared_ranges(const SharedLimits& limits, const PlotTask& task) {
    return {range_of(limits, task.limits_group), range_of(limits, task.x_limits_group)};
}

}  // namespace plotcluster
