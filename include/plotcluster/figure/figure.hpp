#pragma once
// A figure as a backend-neutral description: what to show, not how to lay it out.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/figure/panel.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster {

// A figure: a title over a grid of panels, each with its own axes and layers.
struct Figure {
    int width = 800;
    int height = 600;
    double dpi = 100;
    std::string title;  // over the grid
    int rows = 1;       // the grid of panels
    int cols = 1;
    std::vector<Panel> panels;  // row by row; at most rows × cols, empty places stay empty
    // One colorbar for all panels (several fields on one colour scale), right of the grid
    // and as tall as it.
    std::optional<Colorbar> shared_colorbar;
    // For the record of the plot:
    std::uint64_t ignored = 0;  // values left out: NaN/Inf, or <= 0 on a log scale
    // The value range used: a heatmap's colour range, a line's or scatter plot's y
    // range before margins, a histogram's x range.
    double vmin = 0;
    double vmax = 1;
    // Notes for the manifest row (PlotRecord::notes) when the plot is also written as SVG
    // or PDF: what those documents draw differently ("scatter: 1000000 points rasterized
    // into the SVG/PDF as an image").
    std::vector<std::string> vector_notes{};
    // What the row should say beside a plot that drew but not all it was asked to (the
    // manifest row's `notes`): "contour levels outside the values …".
    std::vector<std::string> notes{};
};

// Builds the figure for one task from its data, as the rule's kind does (plot_kind.hpp),
// with the slices' text (PlotData::slice) where its title has {slice}. Throws
// DatasetError when the data does not suit the kind ("line needs 1-D data, got shape
// 3×4", "no finite values"). `shared`: the ranges of the task's limits groups (limits,
// x_limits: shared | rule), each used unless it is empty or the rule gives explicit ones.
Figure build_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                    const FigureConfig& style, const SharedRanges& shared = {});

// The range of the values `limits` applies to (what limits: shared pools across plots):
// finite, and positive on a log scale. Nothing when there are none.
std::optional<std::pair<double, double>> value_extent(const PlotRule& rule, const PlotData& data);

// The range x_limits: shared pools across plots (PlotKind::x_extent); nothing for a kind
// without x limits.
std::optional<std::pair<double, double>> x_extent(const PlotTask& task, const PlotRule& rule,
                                                  PlotData data);

// The range to show for data [lo, hi]: a constant gets a non-zero range around it.
struct Range {
    double lo;
    double hi;
};
Range nonsingular(double lo, double hi);

// Freedman–Diaconis bin count for the finite values (Sturges when their spread is 0),
// between 1 and 1000.
int auto_bins(std::vector<double> finite_values);

// The same from what it is computed of: `n` values from lo to hi whose order statistics
// at quantile_rank(0.25, n) and quantile_rank(0.75, n) (0-based) are q1 and q3.
int auto_bins(std::uint64_t n, double q1, double q3, double lo, double hi);
std::uint64_t quantile_rank(double q, std::uint64_t n);

// One dataset's values streamed in chunks, for data too large to read whole: each call
// runs one pass over all of them, in order, handing `consume` a chunk at a time.
using ValuePass = std::function<void(const std::function<void(std::span<const double>)>& consume)>;

// One dataset's values streamed with its companions in step, for a kind that goes through
// rows of several datasets (PlotKind::counts_rows: a density plot's positions and weights,
// a scatter's points and colours; or of the data alone, a scatter's N×2 points): `lengths`
// holds how many values the data's selection and each companion (in the task's
// read.companions order) have; each call of `run` is one pass handing `consume` the same
// rows of each, the data's values first, then each companion's, a chunk at a time (whole
// rows of the data, one value of each companion a row).
using RowChunk = std::span<const std::span<const double>>;
struct RowPass {
    std::vector<std::uint64_t> lengths;
    std::function<void(const std::function<void(RowChunk)>& consume)> run;
};

// As build_figure and value_extent, from passes over one dataset's values, for a kind
// that only counts them (PlotKind::counts_values); `slice`: where the rule's slices cut
// the data, for a title's {slice} (PlotData::slice).
Figure build_streamed_figure(const PlotTask& task, const PlotRule& rule, const ValuePass& pass,
                             const FigureConfig& style, const std::optional<SharedRange>& shared = std::nullopt,
                             const std::string& slice = "");
std::optional<std::pair<double, double>> streamed_extent(const PlotRule& rule, const ValuePass& pass);
// As build_figure, value_extent and x_extent, from passes over the rows of a dataset and
// its companions; the figure may run `pass` again when it is drawn (PlotKind::counts_rows).
Figure build_rows_figure(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                         const FigureConfig& style, const SharedRanges& shared = {},
                         const std::string& slice = "");
PlotExtents rows_extents(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                         bool value, bool x);

}  // namespace plotcluster
