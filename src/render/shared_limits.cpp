#include "plotcluster/render/shared_limits.hpp"

#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "plotcluster/render/crash_watch.hpp"
#include "plotcluster/schedule/schedule.hpp"

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

void share_limits(Comm& comm, JobSetup& setup, Renderer* renderer, JournalWriter* journal) {
    if (setup.limit_groups == 0) return;
    const auto groups = static_cast<std::size_t>(setup.limit_groups);
    std::vector<double> lo(groups, std::numeric_limits<double>::infinity());
    std::vector<double> hi(groups, -std::numeric_limits<double>::infinity());
    std::vector<std::uint64_t> costs;
    for (const auto& t : setup.scan) costs.push_back(t.job.cost);
    const auto mine = partition_by_cost(costs, comm.size())[static_cast<std::size_t>(comm.rank())];
    PlotWatch watch(comm.rank(), journal);
    for (const auto i : mine) {
        const PlotTask& task = setup.scan[i];
        if (renderer == nullptr) continue;
        watch.begin(task);
        const auto extent = renderer->scan_extent(task);
        watch.end();
        if (!extent) continue;
        const auto g = static_cast<std::size_t>(task.limits_group);
        lo[g] = std::min(lo[g], extent->first);
        hi[g] = std::max(hi[g], extent->second);
    }
    if (renderer != nullptr && !mine.empty()) watch.idle();
    comm.reduce_extents(lo, hi);
    for (auto& task : setup.tasks) {
        if (task.limits_group < 0) continue;
        task.shared_lo = lo[static_cast<std::size_t>(task.limits_group)];
        task.shared_hi = hi[static_cast<std::size_t>(task.limits_group)];
    }
}

}  // namespace plotcluster
