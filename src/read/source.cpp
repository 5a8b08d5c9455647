#include "plotcluster/read/source.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "plotcluster/error.hpp"

namespace plotcluster {
namespace {

// Each name of `from` not yet in `into`, in order.
void add_conventions(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const auto& name : from)
        if (std::find(into.begin(), into.end(), name) == into.end()) into.push_back(name);
}

// Six significant digits, as a title shows a coordinate ("0.25", "1.5e-06").
std::string coordinate_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string axis_text(const TaskSlice& s, const AxisCoordinate& c) {
    if (!s.name.empty()) return s.name;
    if (!c.name.empty()) return c.name;
    return "axis " + std::to_string(s.axis);
}

// "slice value 0.25 on axis 'z' (axis 2) of '/fields/rho' in 'run.h5'".
std::string value_where(const TaskSlice& s, const std::string& file, const std::string& dataset) {
    const std::string number = "axis " + std::to_string(s.axis);
    return "slice value " + coordinate_text(*s.value) + " on " +
           (s.name.empty() ? number : "axis '" + s.name + "' (" + number + ")") + " of '" + dataset +
           "' in '" + file + "'";
}

}  // namespace

SlicePick pick_slices(Source& source, const std::string& file, const std::string& dataset,
                      std::vector<std::int64_t> fixed, const std::vector<TaskSlice>& slices,
                      bool describe) {
    SlicePick pick;
    // Slices by value not picked yet leave their axis whole, so that a coordinate spanning
    // two of them is not mistaken for one along a fixed axis.
    for (const auto& s : slices) {
        if (s.value && s.axis < fixed.size()) fixed[s.axis] = -1;
    }
    for (const auto& s : slices) {
        if (s.axis >= fixed.size()) throw std::logic_error("slice axis outside the selection");
        if (!s.value && !describe) continue;
        std::vector<std::int64_t> whole = fixed;
        whole[s.axis] = -1;
        const Coordinates found = source.read_coordinates(file, dataset, whole, {s.axis});
        const AxisCoordinate c = found.axes.empty() ? AxisCoordinate{} : found.axes.front();
        if (s.value) {
            if (!c.physical()) {
                throw DatasetError(value_where(s, file, dataset) +
                                   ": the file gives this axis no coordinates (no dimension scale, "
                                   "netCDF coordinate variable, NeXus axis or openPMD grid); slice it by index");
            }
            const CellPick cell = nearest_cell(c, *s.value);
            if (!cell.problem.empty()) {
                throw DatasetError(value_where(s, file, dataset) + ": " + cell.problem + " (from " +
                                   std::string(coordinate_source_name(c.source)) + " '" + c.path + "')");
            }
            fixed[s.axis] = static_cast<std::int64_t>(cell.index);
        }
        if (!describe) continue;
        const auto index = static_cast<std::uint64_t>(fixed[s.axis]);
        std::string text;
        if (c.physical() && c.form != AxisCoordinate::Form::curvilinear) {
            text = axis_text(s, c) + " = " + coordinate_text(cell_centre(c, index)) +
                   (c.units.empty() ? "" : " " + c.units);
        } else if (!s.name.empty() || !c.name.empty()) {
            text = axis_text(s, c) + "[" + std::to_string(index) + "]";
        } else {
            text = "axis " + std::to_string(s.axis) + " = " + std::to_string(index);
        }
        pick.text += (pick.text.empty() ? "" : ", ") + text;
    }
    pick.fixed = std::move(fixed);
    return pick;
}

PlotData read_plot(Source& source, const PlotTask& task, const PlotRule& rule) {
    PlotData data;
    const bool describe = !task.draw.title_slice_at.empty();
    if (task.read.members.empty()) {
        const SlicePick pick = pick_slices(source, task.read.file, task.read.dataset, task.read.fixed,
                                           task.read.slices, describe);
        data.slice = pick.text;
        data.series.push_back({task.read.dataset,
                               source.read_slab(task.read.file, task.read.dataset, pick.fixed, rule.decode),
                               ""});
    }
    for (std::size_t i = 0; i < task.read.members.size(); ++i) {
        const auto& fixed = i < task.read.member_fixed.size() ? task.read.member_fixed[i] : task.read.fixed;
        const std::vector<TaskSlice> none;
        const auto& slices = i < task.read.member_slices.size() ? task.read.member_slices[i] : none;
        // The title shows where the first member was cut.
        const SlicePick pick = pick_slices(source, task.read.file, task.read.members[i], fixed, slices,
                                           describe && i == 0);
        if (i == 0) data.slice = pick.text;
        std::string label = i < task.draw.member_labels.size() ? task.draw.member_labels[i] : "";
        data.series.push_back({task.read.members[i],
                               source.read_slab(task.read.file, task.read.members[i], pick.fixed, rule.decode),
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
