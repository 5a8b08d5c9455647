#include "plotcluster/read/source.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

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
    if (task.read.members.empty()) {
        data.series.push_back({task.read.dataset,
                               source.read_slab(task.read.file, task.read.dataset, task.read.fixed, rule.decode),
                               ""});
    }
    for (std::size_t i = 0; i < task.read.members.size(); ++i) {
        const auto& fixed = i < task.read.member_fixed.size() ? task.read.member_fixed[i] : task.read.fixed;
        std::string label = i < task.draw.member_labels.size() ? task.draw.member_labels[i] : "";
        data.series.push_back({task.read.members[i],
                               source.read_slab(task.read.file, task.read.members[i], fixed, rule.decode),
                               std::move(label)});
    }
    for (const auto& c : task.read.companions) {
        if (c.role != "x") throw std::logic_error("no reader for companion dataset '" + c.role + "'");
        data.x = source.read_slab(task.read.file, c.dataset, {}, rule.decode);
    }
    for (const auto& s : data.series) add_conventions(data.decoded, s.values.decoded);
    if (data.x) add_conventions(data.decoded, data.x->decoded);
    return data;
}

}  // namespace plotcluster
