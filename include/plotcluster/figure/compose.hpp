#pragma once
// Figures composed of parts (PlotTask::parts): `overlay:` layers drawn over a panel, and
// the grid of `kind: panels`. Each part is read and built as a plot of its own, by its
// kind's build (build_figure); the parts' panels are then merged: an overlay's layers are
// appended to its parent's panel, on the parent's axes, and the panels are placed in the
// grid with `share:` applied.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster {

// Reads the data of one part, given as a task of its own (the renderer's read_plot; a
// test's data in memory). Throws DatasetError as read_plot does.
using PartReader = std::function<PlotData(const PlotTask& part, const PlotRule& rule)>;

// The part as a task of its own: its read and draw, the task's job.
PlotTask part_task(const PlotTask& task, const TaskPart& part);

// The near-square grid matplotlib users pick for n panels: 1×n up to 3, then
// ceil(sqrt(n)) columns (4: 2×2, 5 and 6: 2×3, 7 to 9: 3×3).
std::pair<int, int> auto_grid(std::size_t n);

// The figure of a task with parts. `base`: the task's own figure, built from its data;
// nothing for a kind drawn from its panels alone (PlotKind::panel_grid). `rules`:
// Config::plots. A panel that fails is drawn empty with its message and listed in
// `notes` ("panel 3 (/fields/vx): …"); a failed overlay of the task's own panel, or every
// panel failing, throws DatasetError naming the part.
Figure compose_figure(const PlotTask& task, const std::vector<PlotRule>& rules,
                      std::optional<Figure> base, const PartReader& read, const FigureConfig& style,
                      std::vector<std::string>& notes);

}  // namespace plotcluster
