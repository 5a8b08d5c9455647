#include "plotcluster/figure/panel.hpp"

#include <cmath>
#include <span>
#include <variant>

namespace plotcluster {

namespace {

// What the layers put on one axis: whether any finite value, and whether one with a fraction.
struct Integers {
    bool any = false;
    bool fraction = false;
    bool unknown = false;  // a layer whose values on this axis are not plain data (an image)

    void add(std::span<const double> values) {
        if (fraction) return;
        for (const double v : values) {
            if (!std::isfinite(v)) continue;
            any = true;
            if (v != std::floor(v)) {
                fraction = true;  // decided: the rest of 10^6 points need no look
                return;
            }
        }
    }
    void add(const SeenValues& seen) {
        any = any || seen.any;
        fraction = fraction || seen.fraction;
    }
    bool integer() const { return any && !fraction && !unknown; }
};

}  // namespace

void mark_integer_axes(Panel& panel) {
    Integers x, y;
    for (const Layer& layer : panel.layers) {
        if (const auto* l = std::get_if<LinesLayer>(&layer)) {
            x.add(l->x);
            y.add(l->y);
        } else if (const auto* p = std::get_if<MarkersLayer>(&layer)) {
            x.add(p->x);
            y.add(p->y);
            x.add(p->x_seen);  // points read in blocks
            y.add(p->y_seen);
        } else if (const auto* b = std::get_if<BarsLayer>(&layer)) {
            x.unknown = true;  // bin edges are where the bins start, not data
            y.add(b->counts);
        } else if (const auto* band = std::get_if<BandLayer>(&layer)) {
            x.add(band->x);
            y.add(band->y_lo);
            y.add(band->y_hi);
        } else if (const auto* bars = std::get_if<ErrorBarsLayer>(&layer)) {
            x.add(bars->x);
            y.add(bars->y_lo);
            y.add(bars->y_hi);
        } else if (std::holds_alternative<ReferenceLinesLayer>(layer)) {
            // Guides at chosen values, not data: the ticks follow the data.
        } else {
            x.unknown = true;
            y.unknown = true;
        }
    }
    panel.x.integer = x.integer();
    panel.y.integer = y.integer();
}

}  // namespace plotcluster
