#include "plotcluster/read/source.hpp"

#include <algorithm>

namespace plotcluster {
namespace {

// Each name of `from` not yet in `into`, in order.
void add_conventions(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const auto& name : from)
        if (std::find(into.begin(), into.end(), name) == into.end()) into.push_back(name);
}

}  // namespace

PlotData read_plot(Source& source, const PlotTask& task, const PlotRule& rule) {
    PlotData data;
    if (task.members.empty()) {
        data.series.push_back(
            {task.dataset, source.read_slab(task.file, task.dataset, task.fixed, rule.decode), ""});
    }
    for (std::size_t i = 0; i < task.members.size(); ++i) {
        const auto& fixed = i < task.member_fixed.size() ? task.member_fixed[i] : task.fixed;
        std::string label = i < task.member_labels.size() ? task.member_labels[i] : "";
        data.series.push_back({task.members[i],
                               source.read_slab(task.file, task.members[i], fixed, rule.decode),
                               std::move(label)});
    }
    if (!task.x_dataset.empty()) data.x = source.read_slab(task.file, task.x_dataset, {}, rule.decode);
    for (const auto& s : data.series) add_conventions(data.decoded, s.values.decoded);
    if (data.x) add_conventions(data.decoded, data.x->decoded);
    return data;
}

}  // namespace plotcluster
