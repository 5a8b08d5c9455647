#include "plotcluster/render/shared_limits.hpp"

#include <algorithm>
#include <limits>

#include "plotcluster/render/crash_watch.hpp"
#include "plotcluster/schedule/schedule.hpp"

namespace plotcluster {

SharedLimits share_limits(Transport& transport, const JobSetup& setup, Renderer* renderer,
                          JournalWriter* journal) {
    if (setup.limit_groups <= 0) return {};
    const auto groups = static_cast<std::size_t>(setup.limit_groups);
    std::vector<double> lo(groups, std::numeric_limits<double>::infinity());
    std::vector<double> hi(groups, -std::numeric_limits<double>::infinity());
    std::vector<std::uint64_t> costs;
    costs.reserve(setup.scan.size());
    for (const auto& t : setup.scan) costs.push_back(t.job.cost);
    const auto mine =
        partition_by_cost(costs, transport.size())[static_cast<std::size_t>(transport.rank())];
    PlotWatch watch(transport.rank(), journal);
    for (const auto i : mine) {
        const PlotTask& task = setup.scan[i];
        if (renderer == nullptr) continue;
        watch.begin(task);
        const PlotExtents extents = renderer->scan_extents(task);
        watch.end();
        const auto add = [&](std::int32_t group, const std::optional<std::pair<double, double>>& extent) {
            if (group < 0 || !extent || static_cast<std::size_t>(group) >= groups) return;
            const auto g = static_cast<std::size_t>(group);
            lo[g] = std::min(lo[g], extent->first);
            hi[g] = std::max(hi[g], extent->second);
        };
        add(task.limits_group, extents.value);
        add(task.x_limits_group, extents.x);
    }
    if (renderer != nullptr && !mine.empty()) watch.idle();
    transport.reduce_extents(lo, hi);
    SharedLimits limits(groups);
    for (std::size_t g = 0; g < groups; ++g) limits[g] = {lo[g], hi[g]};
    return limits;
}

}  // namespace plotcluster
