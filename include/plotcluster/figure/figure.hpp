#pragma once
// A figure as a backend-neutral description: what to show, not how to lay it out.
#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "plotcluster/core/canvas.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster {

struct Axis {
    std::string label;
    double lo = 0;  // view range, lo < hi (both > 0 on a log axis)
    double hi = 1;
    Scale scale = Scale::linear;
    bool inverted = false;  // hi at the bottom (a heatmap with origin: upper)
};

struct LineSeries {
    std::vector<double> x;
    std::vector<double> y;  // NaN/Inf leave gaps
    Color color;            // alpha included
    double width_pt = 1.5;  // 0: no line (scatter)
    std::optional<MarkerShape> marker;
    double marker_pt = 6;  // marker width in points
    std::string label;     // legend entry; empty: not in the legend
};

// Histogram bars: counts[i] between edges[i] and edges[i + 1].
struct Bars {
    std::vector<double> edges;
    std::vector<double> counts;
    Color color;
};

struct HeatmapLayer {
    std::size_t rows = 0;  // first dimension, drawn along y
    std::size_t cols = 0;  // second dimension, drawn along x
    std::vector<double> values;  // row-major rows x cols
    const Colormap* colormap = nullptr;
    double vmin = 0;
    double vmax = 1;
    Scale norm = Scale::linear;  // log: values <= 0 are drawn as bad
    bool origin_lower = true;    // row 0 at the bottom, as in a mesh
    Color bad_color{1, 1, 1, 1};
};

struct Colorbar {
    std::string label;
    double vmin = 0;
    double vmax = 1;
    const Colormap* colormap = nullptr;
    Scale scale = Scale::linear;
};

struct Figure {
    int width = 800;
    int height = 600;
    double dpi = 100;
    std::string title;
    Axis x;
    Axis y;
    bool grid = false;
    bool legend = false;
    std::vector<LineSeries> lines;
    std::optional<Bars> bars;
    std::optional<HeatmapLayer> heatmap;
    std::optional<Colorbar> colorbar;
    std::uint64_t ignored = 0;  // values left out: NaN/Inf, or <= 0 on a log scale
    // The value range used: a heatmap's colour range, a line's or scatter plot's y
    // range before margins, a histogram's x range.
    double vmin = 0;
    double vmax = 1;
};

// Builds the figure for one task from its data, as the rule's kind does (plot_kind.hpp).
// Throws DatasetError when the data does not suit the kind ("line needs 1-D data, got
// shape 3×4", "no finite values").
Figure build_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                    const FigureConfig& style);

// The range of the values `limits` applies to (what limits: shared pools across plots):
// finite, and positive on a log scale. Nothing when there are none.
std::optional<std::pair<double, double>> value_extent(const PlotRule& rule, const PlotData& data);

// The range to show for data [lo, hi]: a constant gets a non-zero range around it.
struct Range {
    double lo;
    double hi;
};
Range nonsingular(double lo, double hi);

// Freedman–Diaconis bin count for the finite values (Sturges when their spread is 0),
// between 1 and 1000.
int auto_bins(std::vector<double> finite_values);

}  // namespace plotcluster
