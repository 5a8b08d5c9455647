#include "plotcluster/figure/compose.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <utility>

#include "plotcluster/error.hpp"

namespace plotcluster {

namespace {

// One part as read and built: its figure, or why there is none.
struct Built {
    std::optional<PlotData> data;
    std::optional<Figure> figure;
    std::string error;
};

bool top_panel(const TaskPart& p) { return p.parent < 0 && p.role == PartRole::panel; }

// The union of two ranges, either of which may be missing.
std::optional<SharedRange> widened(std::optional<SharedRange> r, double lo, double hi) {
    if (!r) r = SharedRange{};
    r->lo = std::min(r->lo, lo);
    r->hi = std::max(r->hi, hi);
    return r;
}

// Every panel's axis `which` (x or y) set to the range all of them span.
void share_axis(std::vector<Panel*>& panels, Axis Panel::*which) {
    if (panels.empty()) return;
    double lo = (panels.front()->*which).lo, hi = (panels.front()->*which).hi;
    for (const Panel* p : panels) {
        lo = std::min(lo, (p->*which).lo);
        hi = std::max(hi, (p->*which).hi);
    }
    for (Panel* p : panels) {
        (p->*which).lo = lo;
        (p->*which).hi = hi;
    }
}

// A shared axis labelled once, as matplotlib's sharex / sharey (label_outer): x only on the
// bottom-most panel with data of each column, y only on the left-most of each row. A failed
// or missing panel below (or left of) one leaves the labels to it.
void label_outer(Figure& fig, bool x, bool y) {
    const std::size_t n = fig.panels.size(), cols = static_cast<std::size_t>(fig.cols);
    const auto drawn = [&](std::size_t k) { return !fig.panels[k].axis_off; };
    for (std::size_t k = 0; k < n; ++k) {
        Panel& p = fig.panels[k];
        for (std::size_t below = k + cols; x && below < n; below += cols) {
            if (drawn(below)) p.x_labels = false;
        }
        for (std::size_t left = k - k % cols; y && left < k; ++left) {
            if (drawn(left)) p.y_labels = false;
        }
    }
}

// The panels in the grid, with `share:` applied; failed ones empty with their message.
Figure grid_figure(const PlotTask& task, const PanelGrid& grid, std::vector<Built>& built,
                   const FigureConfig& style, std::vector<std::string>& notes) {
    Figure fig;
    fig.width = style.width;
    fig.height = style.height;
    fig.dpi = style.dpi;
    fig.title = task.draw.title;
    std::size_t count = 0;
    for (const auto& p : task.parts) count += top_panel(p) ? 1 : 0;
    const auto [rows, cols] = grid.rows > 0 ? std::pair{grid.rows, grid.cols} : auto_grid(count);
    if (static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) < count) {
        throw DatasetError("layout [" + std::to_string(rows) + ", " + std::to_string(cols) +
                           "] holds " + std::to_string(rows * cols) + " panels, but there are " +
                           std::to_string(count));
    }
    fig.rows = rows;
    fig.cols = cols;
    std::vector<Panel*> drawn;
    std::vector<const std::string*> drawn_labels;  // each drawn panel's part's label
    std::vector<std::string> failures;
    bool any = false;
    fig.panels.reserve(count);
    for (std::size_t k = 0; k < task.parts.size(); ++k) {
        const TaskPart& part = task.parts[k];
        if (!top_panel(part)) continue;
        Built& b = built[k];
        if (!b.figure) {
            Panel& empty = fig.panels.emplace_back();
            empty.title = part.draw.title.empty() ? part.read.dataset : part.draw.title;
            empty.message = b.error;
            empty.axis_off = true;
            failures.push_back(part.label + ": " + b.error);
            continue;
        }
        any = true;
        Figure& f = *b.figure;
        Panel& panel = fig.panels.emplace_back(std::move(f.panels.front()));
        panel.title = f.title;
        fig.ignored += f.ignored;
        if (drawn.empty()) {
            fig.vmin = f.vmin;
            fig.vmax = f.vmax;
        } else {
            fig.vmin = std::min(fig.vmin, f.vmin);
            fig.vmax = std::max(fig.vmax, f.vmax);
        }
        drawn.push_back(&panel);
        drawn_labels.push_back(&part.label);
    }
    if (!any) {
        std::string all;
        for (const auto& f : failures) all += (all.empty() ? "" : "; ") + f;
        throw DatasetError("every panel fails: " + all);
    }
    notes.insert(notes.end(), failures.begin(), failures.end());
    const bool share_x = grid.share == PanelShare::x || grid.share == PanelShare::both;
    const bool share_y = grid.share == PanelShare::y || grid.share == PanelShare::both;
    if (share_x) share_axis(drawn, &Panel::x);
    if (share_y) share_axis(drawn, &Panel::y);
    label_outer(fig, share_x, share_y);
    if (grid.share == PanelShare::colorbar) {
        // One colour range (the panels were built with it) and one colorbar: the first
        // panel's, labelled only with what every panel's label says.
        for (std::size_t i = 0; i < drawn.size(); ++i) {
            Panel* p = drawn[i];
            if (!p->colorbar) continue;
            if (!fig.shared_colorbar) {
                fig.shared_colorbar = p->colorbar;
            } else {
                // Its colours are not the ones the colorbar shows: the row says so.
                const Colorbar& shown = *fig.shared_colorbar;
                if (p->colorbar->colormap != shown.colormap || p->colorbar->scale != shown.scale) {
                    notes.push_back(*drawn_labels[i] +
                                    ": its colormap or norm differs from the first panel's, " +
                                    "which the shared colorbar shows");
                }
                fig.shared_colorbar->vmin = std::min(fig.shared_colorbar->vmin, p->colorbar->vmin);
                fig.shared_colorbar->vmax = std::max(fig.shared_colorbar->vmax, p->colorbar->vmax);
                if (fig.shared_colorbar->label != p->colorbar->label)
                    fig.shared_colorbar->label.clear();
            }
            p->colorbar.reset();
        }
    }
    return fig;
}

}  // namespace

PlotTask part_task(const PlotTask& task, const TaskPart& part) {
    PlotTask t;
    t.read = part.read;
    t.draw = part.draw;
    t.job = task.job;
    t.job.error = part.error;
    return t;
}

std::pair<int, int> auto_grid(std::size_t n) {
    if (n <= 3) return {1, static_cast<int>(std::max<std::size_t>(n, 1))};
    const auto cols = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
    return {static_cast<int>((n + cols - 1) / cols), static_cast<int>(cols)};
}

Figure compose_figure(const PlotTask& task, const std::vector<PlotRule>& rules,
                      std::optional<Figure> base, const PartReader& read, const FigureConfig& style,
                      std::vector<std::string>& notes) {
    const PlotRule& rule = rules.at(task.draw.rule);
    const std::optional<PanelGrid> grid = plot_kind(rule).panel_grid(rule);
    if (!grid && !base)
        throw std::logic_error("compose_figure: no figure to draw the overlays over");

    // Read every part first: a shared colorbar needs all the panels' ranges before any is built.
    std::vector<Built> built(task.parts.size());
    std::vector<PlotTask> tasks;
    tasks.reserve(task.parts.size());
    for (std::size_t k = 0; k < task.parts.size(); ++k) {
        const TaskPart& part = task.parts[k];
        tasks.push_back(part_task(task, part));
        built[k].error = part.error;
        if (!part.error.empty()) continue;
        try {
            built[k].data = read(tasks.back(), rules.at(part.draw.rule));
        } catch (const DatasetError& e) {
            built[k].error = e.what();
        }
    }
    std::optional<SharedRange> colours;
    if (grid && grid->share == PanelShare::colorbar) {
        for (std::size_t k = 0; k < task.parts.size(); ++k) {
            if (!top_panel(task.parts[k]) || !built[k].data) continue;
            try {
                if (const auto e = value_extent(rules.at(task.parts[k].draw.rule), *built[k].data))
                    colours = widened(colours, e->first, e->second);
            } catch (const DatasetError& e) {
                built[k].error = e.what();
                built[k].data.reset();
            }
        }
    }
    for (std::size_t k = 0; k < task.parts.size(); ++k) {
        if (!built[k].data) continue;
        const TaskPart& part = task.parts[k];
        const SharedRanges shared = top_panel(part) ? SharedRanges(colours) : SharedRanges();
        try {
            built[k].figure = build_figure(tasks[k], rules.at(part.draw.rule),
                                           std::move(*built[k].data), style, shared);
        } catch (const DatasetError& e) {
            built[k].error = e.what();
        }
        built[k].data.reset();
    }

    // Overlays in the order listed, each onto the panel it is drawn over: the task's own
    // (-1) or a grid's panel, through any overlays it is an overlay of.
    for (std::size_t k = 0; k < task.parts.size(); ++k) {
        const TaskPart& part = task.parts[k];
        if (part.role != PartRole::overlay) continue;
        std::int32_t root = part.parent;
        while (root >= 0 && task.parts[static_cast<std::size_t>(root)].role == PartRole::overlay)
            root = task.parts[static_cast<std::size_t>(root)].parent;
        Built* owner = root < 0 ? nullptr : &built[static_cast<std::size_t>(root)];
        if (!built[k].figure) {
            const std::string why = part.label + ": " + built[k].error;
            if (owner == nullptr) throw DatasetError(why);
            if (owner->figure) {
                owner->figure.reset();
                owner->error = why;
            }
            continue;
        }
        Figure* target = owner == nullptr ? &*base : owner->figure ? &*owner->figure : nullptr;
        if (target == nullptr) continue;  // its panel failed already
        Panel& onto = target->panels.front();
        for (Layer& layer : built[k].figure->panels.front().layers)
            onto.layers.push_back(std::move(layer));
        target->ignored += built[k].figure->ignored;
    }
    if (grid) return grid_figure(task, *grid, built, style, notes);
    return std::move(*base);
}

}  // namespace plotcluster
