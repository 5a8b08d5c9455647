#include "plotcluster/render/drawn_axes.hpp"

#include <string>

namespace plotcluster {
namespace {

std::string scale_name(Scale scale) { return scale == Scale::log ? "log" : "linear"; }

DrawnAxis drawn(const Axis& axis) { return {axis.label, axis.lo, axis.hi, scale_name(axis.scale)}; }

DrawnAxis drawn(const Colorbar& bar) { return {bar.label, bar.vmin, bar.vmax, scale_name(bar.scale)}; }

}  // namespace

std::vector<DrawnPanel> drawn_axes(const Figure& figure) {
    std::vector<DrawnPanel> panels;
    panels.reserve(figure.panels.size());
    for (const Panel& panel : figure.panels) {
        DrawnPanel& p = panels.emplace_back(DrawnPanel{drawn(panel.x), drawn(panel.y), std::nullopt});
        if (panel.colorbar) {
            p.color = drawn(*panel.colorbar);
        } else if (figure.shared_colorbar) {
            p.color = drawn(*figure.shared_colorbar);
        }
    }
    return panels;
}

}  // namespace plotcluster
