#include "figure/legend.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "figure/text_fit.hpp"

namespace plotcluster::chart {

namespace {

// What one legend row shows before its label: a line sample, a marker, or a patch.
struct Entry {
    const std::string* label;
    Color color;
    double line_pt = 0;  // > 0: a line sample
    std::optional<MarkerShape> marker;
    double marker_pt = 0;
    bool patch = false;
    std::optional<Outline> outline;  // a patch's edge
};

Entry line_entry(const std::string& label, Color color, double width_pt,
                 std::optional<MarkerShape> marker, double marker_pt) {
    return {&label, color, width_pt, marker, marker_pt, false, std::nullopt};
}

Entry patch_entry(const std::string& label, Color color, std::optional<Outline> outline) {
    return {&label, color, 0, std::nullopt, 0, true, outline};
}

std::vector<Entry> entries_of(const Panel& panel) {
    std::vector<Entry> out;
    for (const Layer& layer : panel.layers) {
        if (const auto* s = std::get_if<LinesLayer>(&layer); s && !s->label.empty()) {
            out.push_back(line_entry(s->label, s->color, s->width_pt, s->marker, s->marker_pt));
        } else if (const auto* p = std::get_if<MarkersLayer>(&layer); p && !p->label.empty()) {
            out.push_back(line_entry(p->label, p->color, 0, p->shape, p->size_pt));
        } else if (const auto* b = std::get_if<BarsLayer>(&layer); b && !b->label.empty()) {
            out.push_back(patch_entry(b->label, b->color, std::nullopt));
        } else if (const auto* band = std::get_if<BandLayer>(&layer); band && !band->label.empty()) {
            out.push_back(patch_entry(band->label, band->color, std::nullopt));
        } else if (const auto* poly = std::get_if<PolygonsLayer>(&layer); poly && !poly->label.empty()) {
            if (poly->closed) {
                out.push_back(patch_entry(poly->label, poly->fill, poly->outline));
            } else if (poly->outline) {  // open paths: a line sample
                out.push_back(line_entry(poly->label, poly->outline->color, poly->outline->width_pt,
                                         std::nullopt, 0));
            }
        }
    }
    return out;
}

// How many of the panel's data points fall into the box (at most about 2000 per curve).
std::size_t covered(const Panel& panel, const PlotArea& area, Point corner, double w, double h) {
    std::size_t n = 0;
    auto count = [&](const std::vector<double>& xs, const std::vector<double>& ys) {
        const std::size_t size = std::min(xs.size(), ys.size());
        const std::size_t step = std::max<std::size_t>(1, size / 2000);
        for (std::size_t i = 0; i < size; i += step) {
            if (!std::isfinite(ys[i]) || !std::isfinite(xs[i])) continue;
            const double x = area.px(xs[i]);
            const double y = area.py(ys[i]);
            n += x >= corner.x && x <= corner.x + w && y >= corner.y && y <= corner.y + h;
        }
    };
    for (const Layer& layer : panel.layers) {
        if (const auto* s = std::get_if<LinesLayer>(&layer)) count(s->x, s->y);
        if (const auto* p = std::get_if<MarkersLayer>(&layer)) count(p->x, p->y);
        if (const auto* b = std::get_if<BandLayer>(&layer)) {
            count(b->x, b->y_lo);
            count(b->x, b->y_hi);
        }
    }
    return n;
}

}  // namespace

void draw_legend(const Panel& panel, Canvas& c, const PlotArea& area, const Metrics& m) {
    const Rect& box = area.box;
    const double font = 10 * m.pt, line_len = 2 * font, gap = 0.8 * font / 2, pad = 0.4 * font;
    const double row = font * 1.25;
    const std::vector<Entry> entries = entries_of(panel);
    if (entries.empty()) return;
    const double inset = 0.5 * font;
    // A label longer than the axes leave room for ends in "…" (one line, as in a table).
    const double room = box.w - 2 * inset - (pad + line_len + gap + pad);
    std::vector<FittedText> labels;
    labels.reserve(entries.size());
    double text_w = 0;
    for (const Entry& e : entries) {
        labels.push_back(fit_text(c, *e.label, font, font, room, 1));
        text_w = std::max(text_w, labels.back().width);
    }
    const double w = pad + line_len + gap + text_w + pad;
    const double h = pad + row * static_cast<double>(entries.size()) + pad;
    const std::array<Point, 4> corners = {Point{box.right() - inset - w, box.y + inset},
                                          Point{box.x + inset, box.y + inset},
                                          Point{box.x + inset, box.bottom() - inset - h},
                                          Point{box.right() - inset - w, box.bottom() - inset - h}};
    Point best = corners[0];
    std::size_t fewest = std::numeric_limits<std::size_t>::max();
    for (const Point& corner : corners) {  // upper right first, as 'best' prefers it
        const std::size_t n = covered(panel, area, corner, w, h);
        if (n < fewest) {
            fewest = n;
            best = corner;
        }
    }
    const Rect frame{std::round(best.x), std::round(best.y), std::round(w), std::round(h)};
    c.fill_rect(frame, {1, 1, 1, 0.8});
    c.stroke_rect({crisp(frame.x, m.line_w), crisp(frame.y, m.line_w), frame.w, frame.h},
                  {{0.8, 0.8, 0.8, 1}, m.line_w});
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        const double y = frame.y + pad + row * (static_cast<double>(i) + 0.5);
        const double x = frame.x + pad;
        if (e.patch) {  // matplotlib's patch handle: 2 × 0.7 font sizes
            const Rect swatch{x, y - 0.35 * font, line_len, 0.7 * font};
            c.fill_rect(swatch, e.color);
            if (e.outline) c.stroke_rect(swatch, {e.outline->color, e.outline->width_pt * m.pt});
        }
        if (e.line_pt > 0) {
            const Point seg[2] = {{x, y}, {x + line_len, y}};
            c.polyline(seg, {e.color, e.line_pt * m.pt});
        }
        if (e.marker) {
            const Point centre[1] = {{x + line_len / 2, y}};
            c.markers(centre, *e.marker, e.marker_pt * m.pt, e.color);
        }
        draw_text(c, labels[i], {x + line_len + gap, y}, HAlign::left, VAlign::center, 0);
    }
}

}  // namespace plotcluster::chart
