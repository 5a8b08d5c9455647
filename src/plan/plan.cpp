#include "plotcluster/plan/plan.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <string_view>
#include <stdexcept>
#include <tuple>

#include "plotcluster/config/text_template.hpp"
#include "plotcluster/core/output_layout.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/config/dataset_glob.hpp"
#include "plotcluster/plan/kind_plan.hpp"
#include "plotcluster/plan/output_path.hpp"
#include "plotcluster/plan/selection.hpp"

namespace plotcluster {

namespace {

using DatasetIndex = std::map<std::pair<std::string, std::string>, const DatasetInfo*>;

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Why this dataset holds nothing plottable whatever the kind, or "".
std::string content_problem(const DatasetInfo& ds) {
    if (!ds.problem.empty()) return ds.problem;
    if (!ds.dtype.numeric()) {
        if (ds.dtype.name.rfind("unreadable", 0) == 0) return ds.dtype.name;
        return ds.dtype.name + " dataset cannot be plotted (only integer and float data)";
    }
    if (ds.shape.empty()) return "scalar dataset: a single value has nothing to plot";
    if (ds.elements() == 0) return "empty dataset (shape " + shape_text(ds.shape) + ")";
    return {};
}

// The rule's companion `path` as an absolute path: as written, or a sibling of `dataset`.
std::string companion_path(const std::string& path, const std::string& dataset) {
    if (path.front() == '/') return path;
    const std::string parent = parent_of(dataset);
    return parent == "/" ? "/" + path : parent + "/" + path;
}

// The dataset's number of the `k`-th axis `sel` keeps (not fixed, longer than 1).
std::size_t kept_axis(const Selection& sel, const std::vector<std::uint64_t>& shape, std::size_t k) {
    std::size_t seen = 0;
    for (std::size_t a = 0; a < shape.size() && a < sel.fixed.size(); ++a) {
        if (sel.fixed[a] >= 0 || shape[a] == 1) continue;
        if (seen++ == k) return a;
    }
    return k;
}

// Why companion `role` at `path` cannot go with the data `sel` selects from `shape`, or "".
std::string companion_problem(const CompanionKey& key, const DatasetInfo* c,
                              const std::string& path, const std::vector<std::uint64_t>& shape,
                              const Selection& sel) {
    const std::string& role = key.role;
    const std::uint64_t length = sel.elements();
    const std::string named = role + " dataset '" + path + "'";
    if (c == nullptr) return named + " does not exist in this file";
    if (std::string why = content_problem(*c); !why.empty()) return named + ": " + why;
    std::size_t dims = 0;
    for (auto d : c->shape) dims += d != 1 ? 1 : 0;
    if (key.fit == CompanionFit::shape && !key.axis) {
        if (c->shape == shape) return {};
        return named + " has shape " + shape_text(c->shape) + " but the data has " + shape_text(shape) +
               ": " + role + " needs the data's shape";
    }
    if (dims > 1) {
        return named + " has shape " + shape_text(c->shape) + ": " + role + " needs 1-D data";
    }
    if (key.fit == CompanionFit::rows && !key.axis) {
        const std::uint64_t rows = sel.shape.empty() ? 0 : sel.shape.front();
        if (c->elements() == rows) return {};
        return named + " has " + std::to_string(c->elements()) + " values but the data has " +
               std::to_string(rows) + " rows (" + shape_text(sel.shape) + "): " + role +
               " needs one value per row";
    }
    if (key.axis && *key.axis < sel.shape.size()) {
        // The coordinate of one axis: its cells' centres or their edges.
        const std::uint64_t cells = sel.shape[*key.axis];
        if (c->elements() == cells || c->elements() == cells + 1) return {};
        const std::string story = sel.shape == shape ? "" : " (" + shape_story(shape, sel.fixed, sel.shape) + ")";
        return named + " has " + std::to_string(c->elements()) + " values but the data has " +
               std::to_string(cells) + " along axis " + std::to_string(kept_axis(sel, shape, *key.axis)) +
               story + ": " + role + " needs " + std::to_string(cells) + " (one per point or cell) or " +
               std::to_string(cells + 1) + " (cell edges)";
    }
    if (c->elements() != length) {
        // The data's count is after slicing; its shape says so when it is not the dataset's.
        const std::string story = sel.shape == shape ? "" : " (" + shape_story(shape, sel.fixed, sel.shape) + ")";
        return named + " has " + std::to_string(c->elements()) + " values but the data has " +
               std::to_string(length) + story + ": " + role + " needs one value per point";
    }
    return {};
}

// An openPMD mesh record component (".../meshes/E/x", with its unitSI) is named as
// physicists write it, "$E_x$" (drawn E with a subscript x); "" for anything else.
std::string openpmd_component_name(const DatasetInfo& ds) {
    if (!ds.attrs.contains("unitSI")) return "";
    const std::string& p = ds.dataset;
    const std::size_t c = p.rfind('/');
    if (c == std::string::npos || c == 0) return "";
    const std::size_t r = p.rfind('/', c - 1);
    if (r == std::string::npos || r < 7 || p.compare(r - 7, 7, "/meshes") != 0) return "";
    const std::string record = p.substr(r + 1, c - r - 1), component = p.substr(c + 1);
    const auto plain = [](const std::string& s) {
        return !s.empty() && s.size() <= 8 &&
               std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isalnum(ch) != 0; });
    };
    if (!plain(record) || !plain(component)) return "";
    return "$" + record + "_{" + component + "}$";
}

std::string value_label(const DatasetInfo& ds, const std::string& name) {
    auto it = ds.attrs.find("long_name");
    const std::string component = openpmd_component_name(ds);
    std::string label = it != ds.attrs.end() ? it->second : component.empty() ? name : component;
    auto units = ds.attrs.find("units");
    if (units != ds.attrs.end() && !units->second.empty()) label += " [" + units->second + "]";
    return label;
}

// "axis N", numbered as in the dataset, of the `k`-th axis a heatmap keeps (0: rows).
std::string kept_axis_label(const Selection& sel, const std::vector<std::uint64_t>& shape,
                            std::size_t k) {
    std::size_t seen = 0;
    for (std::size_t a = 0; a < shape.size() && a < sel.fixed.size(); ++a) {
        if (sel.fixed[a] >= 0 || shape[a] == 1) continue;
        if (seen++ == k) return "axis " + std::to_string(a);
    }
    return "axis " + std::to_string(k);  // data that is no heatmap: the row fails anyway
}

// Whether the dataset is what the rule's `when:` asks for.
bool holds(const RuleCondition& when, const DatasetInfo& ds) {
    if (when.ndim && ds.shape.size() != static_cast<std::size_t>(*when.ndim)) return false;
    if (when.shape) {
        if (when.shape->size() != ds.shape.size()) return false;
        for (std::size_t a = 0; a < ds.shape.size(); ++a) {
            if ((*when.shape)[a] && *(*when.shape)[a] != ds.shape[a]) return false;
        }
    }
    for (const AttrCondition& attr : when.attrs) {
        const auto it = ds.attrs.find(attr.name);
        if (it == ds.attrs.end() || it->second != attr.text) return false;
    }
    return true;
}

// The rules that draw `ds`, in config order: those that match it and whose `when:` holds,
// up to the first without `also: true`. A rule matches by its pattern; an alias or an
// unfollowed link only a rule naming its path literally, since a pattern ("/**") would
// draw the aliased dataset a second time.
std::vector<const PlotRule*> matching_rules(const Config& config, const DatasetInfo& ds) {
    std::vector<const PlotRule*> rules;
    for (const auto& rule : config.plots) {
        if (rule.part) continue;  // drawn only as its parent's overlay or panel
        const bool matches = ds.by_name_only() ? rule.match == ds.dataset
                                               : dataset_glob_match(rule.match, ds.dataset);
        if (!matches || !holds(rule.when, ds)) continue;
        rules.push_back(&rule);
        if (!rule.also) break;
    }
    return rules;
}

const DatasetInfo* find(const DatasetIndex& index, const std::string& file,
                        const std::string& dataset) {
    auto it = index.find({file, dataset});
    return it == index.end() ? nullptr : it->second;
}

TemplateContext context_for(const std::string& file, const std::string& dataset,
                            const std::map<std::string, std::string>& attrs) {
    const std::filesystem::path file_path(file);
    TemplateContext ctx;
    ctx.file = file_path.filename().string();
    ctx.file_stem = file_path.stem().string();
    ctx.dataset = dataset;
    ctx.name = dataset == "/" ? ctx.file_stem : name_of(dataset);
    ctx.attrs = &attrs;
    return ctx;
}

// Title, labels and output stem from the templates; a template error becomes the task's.
// `default_slice_at`: where the slices' text goes in `default_title`.
void expand_texts(const Config& config, const PlotRule& rule, const TemplateContext& ctx,
                  const std::string& default_title, const std::vector<std::size_t>& default_slice_at,
                  const AxisLabels& defaults, PlotTask& task) {
    try {
        task.job.output_stem = safe_relative_path(expand_template(config.output.name, ctx));
        std::vector<std::size_t> slice_at = default_slice_at;
        if (rule.title) {
            slice_at.clear();
            TemplateContext title_ctx = ctx;
            title_ctx.slice_at = &slice_at;
            task.draw.title = expand_template(*rule.title, title_ctx);
        } else {
            task.draw.title = default_title;
        }
        task.draw.title_slice_at.clear();
        for (const auto at : slice_at) task.draw.title_slice_at.push_back(static_cast<std::uint32_t>(at));
        task.draw.x_label = rule.x_label ? expand_template(*rule.x_label, ctx) : defaults.x;
        task.draw.y_label = rule.y_label ? expand_template(*rule.y_label, ctx) : defaults.y;
    } catch (const DatasetError& e) {
        task.job.error = e.what();
    }
    if (task.job.output_stem.empty())
        task.job.output_stem = safe_relative_path(ctx.file_stem + ctx.dataset);
    // A frame whose output.name does not say where its frame goes: "rho_007".
    if (!ctx.frame.empty() && !uses_frame(config.output.name))
        task.job.output_stem += "_" + ctx.frame;
}

// The part of `ds` the rule draws: its slices numbered against the dataset's dimension
// names, then the kind's selection; `problem` is why nothing can be drawn.
struct Sliced {
    Selection sel;
    std::vector<TaskSlice> slices;  // by axis
    std::string problem;
    bool by_value = false;  // a slice picks its cell from a value, when the data is read
};

// `frame`: the index the rule's frame slice (`index: each`) takes, for one frame's task.
Sliced slice_dataset(const KindPlan& kind, const PlotRule& rule, const DatasetInfo& ds,
                     std::optional<std::uint64_t> frame = std::nullopt) {
    Sliced out;
    out.problem = content_problem(ds);
    if (!out.problem.empty()) return out;
    std::vector<SliceSpec> numbered = rule.slice;
    out.problem = number_named_slices(numbered, ds.dims, ds.shape);
    if (!out.problem.empty()) return out;
    for (auto& s : numbered) {
        if (s.frames) s.index = frame.value_or(0);
    }
    const bool named =
        has_frames(rule) || std::any_of(rule.slice.begin(), rule.slice.end(),
                                        [](const SliceSpec& s) { return !s.name.empty(); });
    if (named) {
        PlotRule resolved = rule;
        resolved.slice = numbered;
        out.sel = kind.select(resolved, ds.shape);
    } else {
        out.sel = kind.select(rule, ds.shape);
    }
    out.problem = out.sel.error;
    if (!out.problem.empty()) return out;
    for (const auto& s : numbered) {
        const auto axis = static_cast<std::size_t>(s.axis);
        out.slices.push_back({static_cast<std::uint32_t>(axis), axis < ds.dims.size() ? ds.dims[axis] : "", s.value});
        out.by_value = out.by_value || s.value.has_value();
    }
    std::sort(out.slices.begin(), out.slices.end(),
              [](const TaskSlice& a, const TaskSlice& b) { return a.axis < b.axis; });
    return out;
}

// The title of a plot without a `title:`: "/rho[2, :, :] (run)", or with a slice by value,
// whose cell is known only once read, "/rho at z = 0.25 m (run)" (`slice_at` says where).
std::string default_title(const std::string& dataset, const Sliced& sliced,
                          const std::string& file_stem, std::vector<std::size_t>& slice_at) {
    if (!sliced.by_value) return dataset + slice_text(sliced.sel.fixed) + " (" + file_stem + ")";
    const std::string head = dataset + " at ";
    slice_at.push_back(head.size());
    return head + " (" + file_stem + ")";
}

std::uint32_t rule_index(const Config& config, const PlotRule& rule) {
    return static_cast<std::uint32_t>(&rule - config.plots.data());
}

// The rule's companions of `dataset`, resolved, and the first problem one of them has.
struct Companions {
    std::vector<Companion> resolved;
    const DatasetInfo* x = nullptr;  // the `x` companion's catalog entry, for its label
    const DatasetInfo* y = nullptr;  // the `y` companion's
    std::string problem;
};

Companions companions_of(const KindPlan& kind, const PlotRule& rule, const DatasetInfo& ds,
                         const Selection& sel, const DatasetIndex& index, bool check) {
    Companions out;
    const std::vector<CompanionKey> keys = kind.companions(rule);
    out.resolved.reserve(keys.size());
    for (const auto& key : keys) {
        Companion c{key.role, companion_path(key.path, ds.dataset),
                    !key.axis && key.fit == CompanionFit::shape};
        const DatasetInfo* found = find(index, ds.file, c.dataset);
        if (found != nullptr) {
            if (const auto units = found->attrs.find("units"); units != found->attrs.end()) c.units = units->second;
        }
        if (key.role == "x") out.x = found;
        if (key.role == "y") out.y = found;
        if (check && out.problem.empty()) {
            out.problem = companion_problem(key, found, c.dataset, ds.shape, sel);
        }
        out.resolved.push_back(std::move(c));
    }
    return out;
}

// One frame of a rule with frames: its index along the frame axis, and the dataset's last
// frame index (for {frame}'s padding).
struct FrameAt {
    std::uint64_t index = 0;
    std::uint64_t last = 0;
};

PlotTask make_task(const Config& config, const PlotRule& rule, const DatasetInfo& ds,
                   const DatasetIndex& index, std::optional<FrameAt> frame = std::nullopt) {
    const KindPlan& kind = kind_plan(rule);
    PlotTask task;
    task.draw.rule = rule_index(config, rule);
    task.draw.kind = std::string(kind.name());
    task.read.file = ds.file;
    task.read.dataset = ds.dataset;
    task.read.shape = ds.shape;
    task.read.dtype = ds.dtype.name;

    TemplateContext ctx = context_for(ds.file, ds.dataset, ds.attrs);
    if (frame) {
        task.draw.frame = static_cast<std::int64_t>(frame->index);
        ctx.frame = frame_text(frame->index, frame->last);
    }
    Sliced sliced =
        slice_dataset(kind, rule, ds, frame ? std::optional(frame->index) : std::nullopt);
    std::string problem = sliced.problem;
    const Selection& sel = sliced.sel;
    Companions companions = companions_of(kind, rule, ds, sel, index, problem.empty());
    if (problem.empty()) problem = companions.problem;
    task.read.companions = std::move(companions.resolved);
    task.read.fixed = sel.fixed;
    task.read.slices = sliced.slices;
    task.job.cost = estimate_cost(problem.empty() ? sel.shape : ds.shape, config.figure.width,
                                  config.figure.height);

    task.draw.value_label = value_label(ds, ctx.name);
    std::vector<std::size_t> title_slice_at;
    const std::string title = default_title(ds.dataset, sliced, ctx.file_stem, title_slice_at);
    const LabelSources labels{
        task.draw.value_label,
        companions.x != nullptr ? value_label(*companions.x, name_of(companions.x->dataset)) : "index",
        companions.y != nullptr ? value_label(*companions.y, name_of(companions.y->dataset)) : "",
        kept_axis_label(sel, ds.shape, 0), kept_axis_label(sel, ds.shape, 1)};
    expand_texts(config, rule, ctx, title, title_slice_at, kind.default_labels(rule, labels), task);
    if (task.job.error.empty()) task.job.error = problem;
    return task;
}

// Where the tasks of a rule with frames go: one per frame, or the single failed row
// saying why there are none.
std::vector<PlotTask> make_tasks(const Config& config, const PlotRule& rule, const DatasetInfo& ds,
                                 const DatasetIndex& index) {
    const SliceSpec* at = frame_slice(rule);
    if (at == nullptr) return {make_task(config, rule, ds, index)};
    // Problems of the dataset or of the slices, the same for every frame: one failed row.
    PlotTask first = make_task(config, rule, ds, index);
    std::vector<SliceSpec> numbered = rule.slice;
    if (!ds.problem.empty() || !ds.dtype.numeric() || ds.shape.empty() ||
        !number_named_slices(numbered, ds.dims, ds.shape).empty()) {
        return {std::move(first)};
    }
    // The frame slice's axis number, resolved from its name (if any) in `numbered`.
    const auto axis = static_cast<std::size_t>(
        std::find_if(numbered.begin(), numbered.end(), [](const SliceSpec& s) {
            return s.frames.has_value();
        })->axis);
    const std::string where =
        (at->name.empty() ? "slice axis " + std::to_string(axis)
                          : "slice axis '" + at->name + "' (axis " + std::to_string(axis) + ")") +
        " of '" + ds.dataset + "'";
    if (axis >= ds.shape.size()) return {std::move(first)};  // the selection says so
    const std::uint64_t length = ds.shape[axis];
    const FrameSpec& frames = *at->frames;
    const std::string story = " (shape " + shape_text(ds.shape) + ")";
    if (length == 0) {
        first.job.error = where + " has length 0" + story + ": no frames to draw";
        return {std::move(first)};
    }
    const std::string indices = "indices 0 to " + std::to_string(length - 1);
    if (frames.from >= length) {
        first.job.error = where + " has length " + std::to_string(length) + story +
                          ": frames from " + std::to_string(frames.from) + " are outside it (" +
                          indices + ")";
        return {std::move(first)};
    }
    if (frames.to && *frames.to > length) {
        first.job.error = where + " has length " + std::to_string(length) + story + ": frames to " +
                          std::to_string(*frames.to) + " go beyond it (" + indices +
                          "; `to` is exclusive, so at most to: " + std::to_string(length) + ")";
        return {std::move(first)};
    }
    const std::uint64_t end = frames.to.value_or(length);
    const std::uint64_t count = (end - frames.from + frames.every - 1) / frames.every;
    const std::uint64_t last = frames.from + (count - 1) * frames.every;  // sets {frame}'s width
    std::vector<PlotTask> out;
    out.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t f = frames.from; f < end; f += frames.every) {
        out.push_back(make_task(config, rule, ds, index, FrameAt{f, last}));
        // What fails one frame (a kind needing 2-D data, a companion of the wrong shape, a
        // missing attribute) fails them all: one row says so, not one per frame.
        if (!out.front().job.error.empty()) {
            PlotTask failed = std::move(out.front());
            failed.draw.frame.reset();
            failed.job.error += " (each of its " + std::to_string(count) + " frames)";
            return {std::move(failed)};
        }
    }
    return out;
}

// The parts of `rule` (PlotRule::parts) for the task drawing `ds`, and the overlays of its
// panels after each; `parent`: the part whose panel they go on (-1: the task's own). A
// failed overlay of the task's own panel fails the row; a failed panel, or an overlay of
// one, leaves that panel empty with its message.
void add_parts(const Config& config, const PlotRule& rule, const DatasetInfo& ds,
               const DatasetIndex& index, std::int32_t parent, PlotTask& task) {
    std::size_t overlays = 0, panels = 0;
    for (const RulePart& p : rule.parts) {
        const PlotRule& body = config.plots.at(p.rule);
        const bool overlay = p.role == PartRole::overlay;
        TaskPart part;
        part.role = p.role;
        part.parent = parent;
        part.read.file = ds.file;
        part.read.dataset = p.dataset.empty() ? ds.dataset : companion_path(p.dataset, ds.dataset);
        part.draw.rule = p.rule;
        part.draw.kind = std::string(kind_name(body));
        const std::string number = std::to_string(overlay ? ++overlays : ++panels);
        part.label = (overlay ? "overlay " : "panel ") + number + " (" + part.read.dataset + ")";
        const DatasetInfo* found = find(index, ds.file, part.read.dataset);
        if (found == nullptr) {
            part.error = "dataset '" + part.read.dataset + "' is not in '" +
                         std::filesystem::path(ds.file).filename().string() + "'";
        } else {
            PlotTask alone = make_task(config, body, *found, index);
            part.read = std::move(alone.read);
            part.draw = std::move(alone.draw);
            part.error = std::move(alone.job.error);
            task.job.cost += alone.job.cost;
            // A panel's title names its dataset; the file is the figure's.
            const std::string stem = " (" + std::filesystem::path(ds.file).stem().string() + ")";
            if (!overlay && !body.title && part.draw.title.ends_with(stem))
                part.draw.title.resize(part.draw.title.size() - stem.size());
        }
        const std::string failure = part.error.empty() ? "" : part.label + ": " + part.error;
        if (!failure.empty() && parent < 0 && overlay && task.job.error.empty())
            task.job.error = failure;
        if (!failure.empty() && parent >= 0) {
            auto& owner = task.parts[static_cast<std::size_t>(parent)];
            if (owner.error.empty()) owner.error = failure;
        }
        task.parts.push_back(std::move(part));
        if (found != nullptr && !body.parts.empty())
            add_parts(config, body, *found, index, static_cast<std::int32_t>(task.parts.size() - 1),
                      task);
    }
    if (parent >= 0 || panels == 0) return;
    // A grid of panels is titled by its file; it fails only when every panel does.
    if (!rule.title) {
        task.draw.title = std::filesystem::path(ds.file).stem().string();
        task.draw.title_slice_at.clear();
    }
    const bool any = std::any_of(task.parts.begin(), task.parts.end(), [](const TaskPart& p) {
        return p.parent < 0 && p.role == PartRole::panel && p.error.empty();
    });
    if (!any && task.job.error.empty()) {
        std::string all;
        for (const auto& p : task.parts)
            if (p.parent < 0 && p.role == PartRole::panel)
                all += (all.empty() ? "" : "; ") + p.label + ": " + p.error;
        task.job.error = "every panel fails: " + all;
    }
}

// `group: parent`: the members of one HDF5 group that one rule matched, drawn as one
// figure. A member that cannot be drawn gets its own failed row and is left out; the
// group's row fails only when no member is left. Adds the tasks to `out`.
void add_group_tasks(const Config& config, const PlotRule& rule,
                     std::vector<const DatasetInfo*> members, const DatasetIndex& index,
                     std::vector<PlotTask>& out) {
    const KindPlan& kind = kind_plan(rule);
    std::sort(members.begin(), members.end(),
              [](const DatasetInfo* a, const DatasetInfo* b) { return a->dataset < b->dataset; });
    const DatasetInfo& first = *members.front();
    const std::string group = parent_of(first.dataset);

    std::vector<const DatasetInfo*> good;
    std::vector<PlotTask> left_out;  // rows after the group's own
    std::uint64_t elements = 0;
    PlotTask task;
    for (const DatasetInfo* m : members) {
        PlotTask alone = make_task(config, rule, *m, index);
        // Template errors are the group's own business: only data problems leave a member out.
        const Sliced sliced = slice_dataset(kind, rule, *m);
        const Selection& sel = sliced.sel;
        std::string problem = sliced.problem;
        if (problem.empty()) problem = companions_of(kind, rule, *m, sel, index, true).problem;
        if (!problem.empty()) {
            alone.job.error = problem + " (left out of group '" + group + "')";
            left_out.push_back(std::move(alone));
            continue;
        }
        good.push_back(m);
        elements += sel.elements();
        task.read.members.push_back(m->dataset);
        task.read.member_fixed.push_back(sel.fixed);
        task.read.member_slices.push_back(sliced.slices);
        auto long_name = m->attrs.find("long_name");
        task.draw.member_labels.push_back(long_name != m->attrs.end() ? long_name->second
                                                                      : name_of(m->dataset));
        task.read.companions = alone.read.companions;
    }

    const DatasetInfo& shown = good.empty() ? first : *good.front();
    task.draw.rule = rule_index(config, rule);
    task.draw.kind = std::string(kind.name());
    task.read.file = first.file;
    task.read.dataset = group;
    task.read.shape = shown.shape;
    task.job.cost = estimate_cost({elements}, config.figure.width, config.figure.height);

    // What every member agrees on: dtype, attributes (for templates), units (the y label).
    std::map<std::string, std::string> common = shown.attrs;
    task.read.dtype = shown.dtype.name;
    std::vector<std::string> dtypes = {shown.dtype.name};  // whole names: "float16" is not "bfloat16"
    for (const DatasetInfo* m : good) {
        std::erase_if(common, [&](const auto& kv) {
            auto it = m->attrs.find(kv.first);
            return it == m->attrs.end() || it->second != kv.second;
        });
        if (std::find(dtypes.begin(), dtypes.end(), m->dtype.name) == dtypes.end())
            dtypes.push_back(m->dtype.name);
    }
    if (dtypes.size() > 1) {
        std::string all;
        for (const auto& d : dtypes) all += (all.empty() ? "" : ", ") + d;
        task.read.dtype = "mixed (" + all + ")";
    }
    auto units = common.find("units");
    task.draw.value_label = units != common.end() ? units->second : "";

    const TemplateContext ctx = context_for(first.file, group, common);
    const std::string x_path = companion(task.read, "x");
    const DatasetInfo* x = x_path.empty() ? nullptr : find(index, first.file, x_path);
    const LabelSources labels{task.draw.value_label,
                              x != nullptr ? value_label(*x, name_of(x->dataset)) : "index", "", "",
                              ""};
    expand_texts(config, rule, ctx, group + " (" + ctx.file_stem + ")", {},
                 kind.default_labels(rule, labels), task);
    if (task.job.error.empty() && has_frames(rule)) {
        task.job.error =
            "frames (`slice: {index: each}`) do not go with `group: parent`: a group is "
            "one figure of its members; draw the frames of each dataset without `group`";
    }
    if (task.job.error.empty() && good.empty()) {
        task.job.error =
            "no dataset of group '" + group + "' can be plotted (each has its own failed row)";
    }
    out.push_back(std::move(task));
    for (auto& t : left_out) out.push_back(std::move(t));
}

}  // namespace

const KindPlan& kind_plan(const PlotRule& rule) {
    const auto* kind = dynamic_cast<const KindPlan*>(rule.kind);
    if (kind == nullptr) throw std::logic_error("plot rule without a kind the plan knows");
    return *kind;
}

Limits x_limits_of(const PlotRule& rule) {
    if (rule.x_limits) return *rule.x_limits;
    Limits x;
    const auto* kind = dynamic_cast<const KindPlan*>(rule.kind);
    if (kind != nullptr && kind->x_follows_limits()) x.share = rule.limits.share;
    return x;
}

std::string companion(const TaskRead& read, std::string_view role) {
    for (const auto& c : read.companions) {
        if (c.role == role) return c.dataset;
    }
    return {};
}

std::uint64_t estimate_cost(const std::vector<std::uint64_t>& shape, int width, int height) {
    std::uint64_t elements = 1;
    for (auto d : shape) elements *= d;
    // Drawing and encoding a whole image costs about as much as handling a quarter of its
    // pixels' worth of values.
    const auto per_plot =
        static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height) / 4;
    return elements + per_plot;
}

Plan make_plan(const Config& config, const Catalog& catalog) {
    Plan plan;
    DatasetIndex index;
    for (const auto& ds : catalog.datasets) index.emplace(std::make_pair(ds.file, ds.dataset), &ds);

    // Tasks stay in catalog order; a group's tasks take the place of its first member.
    std::vector<std::vector<PlotTask>> slots;
    struct Group {
        std::size_t slot;
        std::vector<const DatasetInfo*> members;
    };
    std::map<std::tuple<std::string, std::string, const PlotRule*>, Group> groups;
    slots.reserve(catalog.datasets.size());
    for (const auto& ds : catalog.datasets) {
        const std::vector<const PlotRule*> rules = matching_rules(config, ds);
        // An alias is drawn (or listed unmatched) under its first path.
        if (rules.empty() && !ds.by_name_only()) plan.unmatched.push_back({ds.file, ds.dataset});
        std::map<std::string_view, int> drawn_as;  // how many plots of each kind this dataset has
        for (std::size_t nth = 0; nth < rules.size(); ++nth) {
            const PlotRule* rule = rules[nth];
            const int same_kind = drawn_as[kind_name(*rule)]++;
            if (kind_plan(*rule).draws_groups(*rule)) {
                auto [it, fresh] = groups.try_emplace({ds.file, parent_of(ds.dataset), rule});
                if (fresh) {
                    it->second.slot = slots.size();
                    slots.emplace_back();
                }
                it->second.members.push_back(&ds);
                continue;
            }
            std::vector<PlotTask> tasks = make_tasks(config, *rule, ds, index);
            for (PlotTask& task : tasks) {
                // The second and later plots of a dataset (an earlier rule had `also: true`)
                // are named after their kind too, so that a heatmap and a histogram of it do
                // not clash, and numbered from 2 when the kind repeats (contour lines and
                // filled contours: rho, rho_contour2).
                if (nth > 0) task.job.output_stem += "_" + task.draw.kind;
                if (same_kind > 0) task.job.output_stem += std::to_string(same_kind + 1);
                add_parts(config, *rule, ds, index, -1, task);
            }
            slots.push_back(std::move(tasks));
        }
    }
    for (const auto& [key, group] : groups) {
        add_group_tasks(config, *std::get<2>(key), group.members, index, slots[group.slot]);
    }
    for (auto& slot : slots) {
        for (auto& task : slot) plan.tasks.push_back(std::move(task));
    }
    plan.unreadable = catalog.unreadable;

    std::map<std::string, const PlotTask*> owners;  // output stem -> first task drawing it
    // Output files and the folders they need, each with the first task claiming it: a
    // file and a folder of one name ('/a' drawn to a.png, '/a.png/b' to a.png/b.png)
    // would otherwise fail at write time, on whichever rank came second.
    std::map<std::string, const PlotTask*> files, folders;
    // Thumbnails (.thumbnails/STEM.png) mirror the stems, so they clash where a PNG would.
    std::vector<std::string> extensions;
    for (const auto format : config.output.formats) extensions.emplace_back(to_string(format));
    if (config.output.gallery && std::find(extensions.begin(), extensions.end(), "png") == extensions.end())
        extensions.emplace_back("png");
    const auto named = [](const PlotTask* t) {
        return "dataset '" + t->read.dataset + "' in '" + t->read.file + "'";
    };
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        auto& task = plan.tasks[i];
        task.job.id = static_cast<std::uint32_t>(i);
        if (!task.job.error.empty()) continue;  // writes nothing, so claims no output name
        const std::string& stem = task.job.output_stem;
        std::string clash;
        if (output_layout::is_reserved_stem(stem)) {
            clash = "is inside '" + stem.substr(0, stem.find('/')) +
                    "/', which plotcluster keeps for its own files";
        } else if (const auto it = owners.find(stem); it != owners.end()) {
            // Never overwrite another plot's output silently: the first (sorted) one keeps it.
            clash = "is already used by " + named(it->second);
        }
        for (std::size_t at = stem.find('/'); clash.empty() && at != std::string::npos;
             at = stem.find('/', at + 1)) {
            if (const auto it = files.find(stem.substr(0, at)); it != files.end())
                clash = "needs a folder '" + it->first + "' where " + named(it->second) +
                        " writes a file";
        }
        for (const auto& extension : extensions) {
            const auto it = folders.find(stem + "." + extension);
            if (clash.empty() && it != folders.end())
                clash = "writes '" + it->first + "', a folder " + named(it->second) + " writes in";
        }
        if (!clash.empty()) {
            task.job.error = "output name '" + stem + "' " + clash + " (make output.name more specific)";
            continue;
        }
        owners.emplace(stem, &task);
        for (const auto& extension : extensions) files.emplace(stem + "." + extension, &task);
        for (std::size_t at = stem.find('/'); at != std::string::npos; at = stem.find('/', at + 1))
            folders.emplace(stem.substr(0, at), &task);
    }
    return plan;
}

}  // namespace plotcluster
