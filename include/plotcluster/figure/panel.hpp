#pragma once
// One set of axes of a figure and what is drawn in it.
#include <optional>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/figure/layer.hpp"

namespace plotcluster {

struct Axis {
    std::string label;
    double lo = 0;  // view range, lo < hi (both > 0 on a log axis)
    double hi = 1;
    Scale scale = Scale::linear;
    bool inverted = false;  // hi at the bottom (a heatmap with origin: upper)
    bool integer = false;   // the data on it are integers: integer ticks (set by build_figure)
};

struct Colorbar {
    std::string label;
    double vmin = 0;
    double vmax = 1;
    const Colormap* colormap = nullptr;
    Scale scale = Scale::linear;
    // Ticks at these values of the bar, with these labels, instead of ticks computed from
    // its range (a density plot's eq_hist: counts where the equalized scale puts them).
    std::vector<double> tick_values{};
    std::vector<std::string> tick_labels{};
    // Discrete bands (a filled contour's): band i from boundaries[i] to boundaries[i + 1]
    // in colors[i], ticked at the boundaries; empty: the colormap's gradient.
    std::vector<double> boundaries{};
    std::vector<Color> colors{};
};

// How long a data unit on y is on screen against one on x (matplotlib's set_aspect).
struct Aspect {
    std::optional<double>
        ratio;  // y unit's length over x unit's (1: square cells); nothing: fill the space
    // Keep the ratio only while it leaves the axes at least a quarter of their share of the
    // figure (its size over the grid's columns and rows) wide and tall; thinner, fill the
    // space instead (a heatmap's default: a 2000×8 array is not drawn as a sliver).
    bool unless_thin = false;
};

struct Panel {
    std::string title;  // over the axes; empty: none
    Axis x;
    Axis y;
    bool grid = false;
    LegendPlace legend = LegendPlace::none;  // where the labelled layers' legend goes
    Aspect aspect;                     // with a ratio: the axes shrink to it, centred in the space
    std::vector<Layer> layers;         // drawn in order, clipped to the axes
    std::optional<Colorbar> colorbar;  // right of this panel's axes, as tall as they are
    // Drawn across the middle of the axes: why a panel of a composed figure shows no data.
    std::string message{};
    // matplotlib's ax.axis("off") (a failed panel): no ticks, tick labels or axis labels, and
    // a light frame around the message.
    bool axis_off = false;
    // false: the ticks of that axis unlabelled, no axis label and no room kept for them
    // (sharex / sharey: only the bottom row's x and the left column's y are labelled).
    bool x_labels = true;
    bool y_labels = true;
};

// Sets x.integer and y.integer: true where every value the layers put on that axis is an
// integer (lines, markers, bar counts, bands), so the ticks are integers too.
void mark_integer_axes(Panel& panel);

// The first layer of type T in the panel, or nullptr.
template <class T>
const T* find_layer(const Panel& panel) {
    for (const Layer& layer : panel.layers) {
        if (const T* found = std::get_if<T>(&layer)) return found;
    }
    return nullptr;
}

}  // namespace plotcluster
