#include "plotcluster/read/source.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "plotcluster/error.hpp"
#include "plotcluster/plan/kind_plan.hpp"

namespace plotcluster {

Source::Viewed Source::view_values(const std::string& file, const std::string& dataset,
                                   std::uint64_t first, std::size_t count,
                                   std::vector<double>& scratch, bool decode) {
    scratch.resize(count);
    Streamed read = read_values(file, dataset, first, scratch, decode);
    return {scratch, std::move(read)};
}
namespace {

// Each name of `from` not yet in `into`, in order.
void add_conventions(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const auto& name : from)
        if (std::find(into.begin(), into.end(), name) == into.end()) into.push_back(name);
}

// The dataset's axes the selection keeps (not fixed, longer than 1), in order.
std::vector<std::size_t> kept_axes(const std::vector<std::uint64_t>& shape,
                                   const std::vector<std::int64_t>& fixed) {
    std::vector<std::size_t> kept;
    for (std::size_t a = 0; a < shape.size(); ++a) {
        const bool is_fixed = a < fixed.size() && fixed[a] >= 0;
        if (!is_fixed && shape[a] != 1) kept.push_back(a);
    }
    return kept;
}

// A companion dataset as read, whole.
struct ReadCompanion {
    const Companion* companion;
    Array values;
};

// The rule's dataset `c` as the coordinate of data axis `axis` (`cells` long): n centres or
// n + 1 edges, monotonic. A DatasetError names the dataset, its length and the axis. With
// `points_may_wander` (a line's x) n values need not be monotonic: the line goes where they
// say, and the coordinate keeps the index form.
AxisCoordinate rule_coordinate(const Companion& c, const Array& values, std::size_t axis,
                               std::uint64_t cells, bool points_may_wander) {
    AxisCoordinate out;
    const std::string why = classify(values.values, cells, out);
    out.source = CoordinateSource::rule;
    out.path = c.dataset;
    if (!why.empty() && !(points_may_wander && values.values.size() == cells)) {
        throw DatasetError(c.role + " dataset '" + c.dataset + "' (" +
                           std::to_string(values.values.size()) + " values) cannot place axis " +
                           std::to_string(axis) + " of the data (" + std::to_string(cells) +
                           " cells): " + why);
    }
    return out;
}

// Fills data.coordinates for the first series: the rule's datasets where they place an axis,
// the file's coordinates for the others.
// `fixed`: the first series' selection as read (its slices by value picked).
void read_coordinates(Source& source, const PlotTask& task, const PlotRule& rule,
                      const KindPlan& kind, const std::vector<ReadCompanion>& companions,
                      const std::vector<std::int64_t>& fixed, PlotData& data) {
    const std::string& dataset = task.read.members.empty() ? task.read.dataset : task.read.members.front();
    const std::vector<std::size_t> kept = kept_axes(task.read.shape, fixed);
    std::vector<std::optional<AxisCoordinate>> placed(kept.size());
    for (const CompanionKey& key : kind.companions(rule)) {
        if (!key.axis || *key.axis >= kept.size()) continue;
        const std::size_t k = *key.axis;
        for (const auto& c : companions) {
            if (c.companion->role != key.role) continue;
            placed[k] = rule_coordinate(*c.companion, c.values, kept[k], task.read.shape[kept[k]],
                                        kept.size() == 1);
        }
    }
    std::vector<std::size_t> from_file;
    for (std::size_t k = 0; k < kept.size(); ++k)
        if (!placed[k]) from_file.push_back(kept[k]);
    Coordinates file;
    if (!from_file.empty()) file = source.read_coordinates(task.read.file, dataset, fixed, from_file);
    std::size_t next = 0;
    data.coordinates.reserve(kept.size());
    for (std::size_t k = 0; k < kept.size(); ++k) {
        if (placed[k]) {
            data.coordinates.push_back(std::move(*placed[k]));
        } else if (next < file.axes.size()) {
            data.coordinates.push_back(std::move(file.axes[next++]));
        } else {
            AxisCoordinate index;
            index.cells = task.read.shape[kept[k]];
            data.coordinates.push_back(std::move(index));
        }
    }
    take_value_units(data, file);
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

void take_value_units(PlotData& data, const Coordinates& found) {
    data.value_units = found.value_units;
    if (data.value_units.empty() || found.value_unit_si == 1 || !std::isfinite(found.value_unit_si)) return;
    for (auto& s : data.series)
        for (double& v : s.values.values) v *= found.value_unit_si;
}

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
    std::vector<std::int64_t> first_fixed;  // the first series' selection, as read
    if (task.read.members.empty()) {
        const SlicePick pick = pick_slices(source, task.read.file, task.read.dataset, task.read.fixed,
                                           task.read.slices, describe);
        data.slice = pick.text;
        first_fixed = pick.fixed;
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
        if (i == 0) {
            data.slice = pick.text;
            first_fixed = pick.fixed;
        }
        std::string label = i < task.draw.member_labels.size() ? task.draw.member_labels[i] : "";
        data.series.push_back({task.read.members[i],
                               source.read_slab(task.read.file, task.read.members[i], pick.fixed, rule.decode),
                               std::move(label)});
    }
    // A rule without a kind (a test's) reads its data as stored, without coordinates.
    const auto* kind = dynamic_cast<const KindPlan*>(rule.kind);
    std::vector<ReadCompanion> companions;
    companions.reserve(task.read.companions.size());
    for (const auto& c : task.read.companions) {
        // A companion of the data's shape is cut where the data is.
        const std::vector<std::int64_t> none;
        companions.push_back({&c, source.read_slab(task.read.file, c.dataset, c.sliced ? first_fixed : none,
                                                   rule.decode)});
        if (c.role == "x") data.x = companions.back().values;
    }
    for (const auto& s : data.series) add_conventions(data.decoded, s.values.decoded);
    for (const auto& c : companions) add_conventions(data.decoded, c.values.decoded);
    if (kind != nullptr && kind->draws_coordinates(rule))
        read_coordinates(source, task, rule, *kind, companions, first_fixed, data);
    data.companions.reserve(companions.size());
    for (auto& c : companions) {
        if (c.companion->role == "x") continue;
        data.companions.push_back({c.companion->role, c.companion->dataset, std::move(c.values), c.companion->units});
    }
    return data;
}

}  // namespace plotcluster
