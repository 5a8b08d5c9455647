#include "plotcluster/plan/plan.hpp"

#include <filesystem>
#include <map>

#include "plotcluster/config/text_template.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/plan/dataset_glob.hpp"
#include "plotcluster/plan/output_path.hpp"

namespace plotcluster {

namespace {

std::string shape_text(const std::vector<std::uint64_t>& shape) {
    if (shape.empty()) return "scalar";
    std::string s;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += "×";
        s += std::to_string(shape[i]);
    }
    return s;
}

std::vector<std::uint64_t> squeezed(const std::vector<std::uint64_t>& shape) {
    std::vector<std::uint64_t> out;
    for (auto d : shape)
        if (d != 1) out.push_back(d);
    return out;
}

// Why this dataset cannot be drawn as `kind`, or "" when it can.
std::string shape_problem(const DatasetInfo& ds, PlotKind kind) {
    if (!ds.dtype.numeric()) {
        if (ds.dtype.name.rfind("unreadable", 0) == 0) return ds.dtype.name;
        return ds.dtype.name + " data cannot be plotted (only integer and float datasets)";
    }
    if (ds.shape.empty()) return "scalar dataset: a single value has nothing to plot";
    if (ds.elements() == 0) return "empty dataset (shape " + shape_text(ds.shape) + ")";
    const auto dims = squeezed(ds.shape).size();
    const std::size_t want = kind == PlotKind::line ? 1 : 2;
    // All-singleton data (one value) squeezes to 0 dimensions: still a 1-point line.
    if (dims == want || (dims == 0 && kind == PlotKind::line)) return {};
    return std::string(to_string(kind)) + " plots need " + std::to_string(want) +
           "-D data; shape " + shape_text(ds.shape) + " has " + std::to_string(dims) +
           " dimensions that are not 1";
}

std::string value_label(const DatasetInfo& ds, const std::string& name) {
    auto it = ds.attrs.find("long_name");
    std::string label = it != ds.attrs.end() ? it->second : name;
    auto units = ds.attrs.find("units");
    if (units != ds.attrs.end() && !units->second.empty()) label += " [" + units->second + "]";
    return label;
}

const PlotRule* first_matching_rule(const Config& config, const std::string& dataset) {
    for (const auto& rule : config.plots)
        if (dataset_glob_match(rule.match, dataset)) return &rule;
    return nullptr;
}

PlotTask make_task(const Config& config, const PlotRule& rule, const DatasetInfo& ds) {
    PlotTask task;
    task.rule = static_cast<std::uint32_t>(&rule - config.plots.data());
    task.file = ds.file;
    task.dataset = ds.dataset;
    task.kind = rule.kind;
    task.shape = ds.shape;
    task.dtype = ds.dtype.name;
    task.colormap = rule.colormap;
    task.cost = estimate_cost(ds.shape, config.figure.width, config.figure.height);

    const std::filesystem::path file_path(ds.file);
    TemplateContext ctx;
    ctx.file = file_path.filename().string();
    ctx.file_stem = file_path.stem().string();
    ctx.dataset = ds.dataset;
    ctx.name = ds.dataset.substr(ds.dataset.rfind('/') + 1);
    ctx.attrs = &ds.attrs;

    task.value_label = value_label(ds, ctx.name);
    const bool line = rule.kind == PlotKind::line;
    try {
        task.output_stem = safe_relative_path(expand_template(config.output.name, ctx));
        task.title = expand_template(rule.title.value_or("{dataset} ({file_stem})"), ctx);
        task.x_label = rule.x_label ? expand_template(*rule.x_label, ctx)
                                    : (line ? "index" : "axis 1");
        task.y_label = rule.y_label ? expand_template(*rule.y_label, ctx)
                                    : (line ? task.value_label : "axis 0");
    } catch (const DatasetError& e) {
        task.error = e.what();
    }
    if (task.output_stem.empty()) task.output_stem = safe_relative_path(ctx.file_stem + ds.dataset);
    if (task.error.empty()) task.error = shape_problem(ds, rule.kind);
    return task;
}

}  // namespace

std::uint64_t estimate_cost(const std::vector<std::uint64_t>& shape, int width, int height) {
    std::uint64_t elements = 1;
    for (auto d : shape) elements *= d;
    // Drawing and encoding a whole image costs about as much as handling a quarter of its
    // pixels' worth of values.
    const auto per_plot = static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height) / 4;
    return elements + per_plot;
}

Plan make_plan(const Config& config, const Catalog& catalog) {
    Plan plan;
    std::map<std::string, const PlotTask*> owners;  // output stem -> first task using it
    plan.tasks.reserve(catalog.datasets.size());
    for (const auto& ds : catalog.datasets) {
        const PlotRule* rule = first_matching_rule(config, ds.dataset);
        if (rule == nullptr) {
            plan.unmatched.push_back({ds.file, ds.dataset});
            continue;
        }
        plan.tasks.push_back(make_task(config, *rule, ds));
    }
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        auto& task = plan.tasks[i];
        task.id = static_cast<std::uint32_t>(i);
        auto [it, fresh] = owners.emplace(task.output_stem, &task);
        if (!fresh && task.error.empty()) {
            // Never overwrite another plot's output silently: the first (sorted) one keeps it.
            task.error = "output name '" + task.output_stem + "' is already used by dataset '" +
                         it->second->dataset + "' in '" + it->second->file +
                         "' (make output.name more specific)";
        }
    }
    return plan;
}

}  // namespace plotcluster
