#include "figure/legend.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {

// What one legend row shows before its label: a line sample, a marker, or a patch.
struct Entry {
    const std::string* label;
    Color color;
    double line_pt = 0;  // > 0: a line sample
    Dash dash = Dash::solid;
    std::optional<MarkerShape> marker;
    double marker_pt = 0;
    bool patch = false;
    std::optional<Outline> outline;  // a patch's edge
};

Entry line_entry(const std::string& label, Color color, double width_pt, Dash dash,
                 std::optional<MarkerShape> marker, double marker_pt) {
    return {&label, color, width_pt, dash, marker, marker_pt, false, std::nullopt};
}

Entry patch_entry(const std::string& label, Color color, std::optional<Outline> outline) {
    return {&label, color, 0, Dash::solid, std::nullopt, 0, true, outline};
}

std::vector<Entry> entries_of(const Panel& panel) {
    std::vector<Entry> out;
    for (const Layer& layer : panel.layers) {
        if (const auto* s = std::get_if<LinesLayer>(&layer); s && !s->label.empty()) {
            out.push_back(line_entry(s->label, s->color, s->width_pt, s->dash, s->marker, s->marker_pt));
        } else if (const auto* p = std::get_if<MarkersLayer>(&layer); p && !p->label.empty()) {
            out.push_back(line_entry(p->label, p->color, 0, Dash::solid, p->shape, p->size_pt));
        } else if (const auto* b = std::get_if<BarsLayer>(&layer); b && !b->label.empty()) {
            out.push_back(patch_entry(b->label, b->color, std::nullopt));
        } else if (const auto* band = std::get_if<BandLayer>(&layer); band && !band->label.empty()) {
            out.push_back(patch_entry(band->label, band->color, std::nullopt));
        } else if (const auto* poly = std::get_if<PolygonsLayer>(&layer); poly && !poly->label.empty()) {
            if (poly->closed) {
                out.push_back(patch_entry(poly->label, poly->fill, poly->outline));
            } else if (poly->outline) {  // open paths: a line sample
                out.push_back(line_entry(poly->label, poly->outline->color, poly->outline->width_pt,
                                         Dash::solid, std::nullopt, 0));
            }
        }
    }
    return out;
}

// matplotlib's legend metrics, in font sizes: borderpad, handlelength, handletextpad,
// columnspacing, borderaxespad; a row is the text's height and the labelspacing.
struct Sizes {
    double font, pad, handle, gap, column_gap, row;
    explicit Sizes(double f) : font(f), pad(0.4 * f), handle(2 * f), gap(0.8 * f), column_gap(2 * f), row(1.25 * f) {}
};

constexpr double full_pt = 10;  // legend.fontsize: medium

// One label at `font` on one line, no wider than `room` (else ended with "…").
FittedText label_at(Canvas& c, const std::string& text, double font, double room) {
    return fit_text(c, text, font, font, room, 1);
}

// The plan with `columns` columns and at most `cells` cells (the last "+N more" when
// there are more entries), its labels ending in "…" beyond `room_w`.
LegendPlan arrange(Canvas& c, const std::vector<Entry>& entries, double font, std::size_t columns,
                   std::size_t cells, double room_w) {
    const Sizes s(font);
    LegendPlan p;
    p.font = font;
    const std::size_t n = entries.size();
    const std::size_t shown = cells >= n ? n : cells - 1;
    const std::size_t total = shown + (shown < n ? 1 : 0);
    p.columns = std::max<std::size_t>(1, std::min(columns, total));
    p.rows = (total + p.columns - 1) / p.columns;
    const double cols = static_cast<double>(p.columns);
    const double label_room = (room_w - 2 * s.pad - (cols - 1) * s.column_gap) / cols - s.handle - s.gap;
    p.entries.reserve(total);
    p.labels.reserve(total);
    for (std::size_t i = 0; i < total; ++i) {
        const bool more = i == shown;
        p.entries.push_back(more ? LegendPlan::more : i);
        const std::string text = more ? "+" + std::to_string(n - shown) + " more" : *entries[i].label;
        p.labels.push_back(label_at(c, text, font, label_room));
    }
    p.column_widths.assign(p.columns, 0);
    for (std::size_t i = 0; i < total; ++i) {
        double& w = p.column_widths[i / p.rows];
        w = std::max(w, p.labels[i].width);
    }
    p.w = 2 * s.pad + (cols - 1) * s.column_gap;
    for (const double w : p.column_widths) p.w += s.handle + s.gap + w;
    p.h = 2 * s.pad + s.row * static_cast<double>(p.rows);
    return p;
}

// The widest label at `font`, unshortened.
double natural_width(Canvas& c, const std::vector<Entry>& entries, double font) {
    double w = 0;
    for (const Entry& e : entries) w = std::max(w, label_at(c, *e.label, font, 1e9).width);
    return w;
}

// Does a segment cross (or touch) the box?
bool crosses(Point a, Point b, const Rect& r) {
    double t0 = 0, t1 = 1;  // Liang-Barsky
    const double dx = b.x - a.x, dy = b.y - a.y;
    const std::array<double, 4> p = {-dx, dx, -dy, dy};
    const std::array<double, 4> q = {a.x - r.x, r.right() - a.x, a.y - r.y, r.bottom() - a.y};
    for (std::size_t i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
        } else {
            const double t = q[i] / p[i];
            if (p[i] < 0) t0 = std::max(t0, t);
            else t1 = std::min(t1, t);
            if (t0 > t1) return false;
        }
    }
    return true;
}

bool inside(Point p, const Rect& r) { return p.x >= r.x && p.x <= r.right() && p.y >= r.y && p.y <= r.bottom(); }

}  // namespace

LegendPlan plan_legend(const Panel& panel, Canvas& c, const Metrics& m, double room_w, double room_h) {
    const std::vector<Entry> entries = entries_of(panel);
    if (entries.empty()) return {};
    const std::size_t n = entries.size();
    const double min_font = min_text_size(m);
    // Smaller text first, in half points, down to the minimum readable size.
    for (double pt = full_pt; pt * m.pt >= min_font - 1e-9; pt -= 0.5) {
        LegendPlan p = arrange(c, entries, pt * m.pt, 1, n, room_w);
        if (p.h <= room_h) return p;
    }
    // Then columns, as long as their labels fit whole.
    const Sizes s(min_font);
    const double cell_w = s.handle + s.gap + natural_width(c, entries, min_font);
    const auto fitting_columns = static_cast<std::size_t>(
        std::max(1.0, std::floor((room_w - 2 * s.pad + s.column_gap) / (cell_w + s.column_gap))));
    const auto fitting_rows = static_cast<std::size_t>(std::max(0.0, std::floor((room_h - 2 * s.pad) / s.row)));
    if (fitting_rows == 0) return {};
    const std::size_t columns = std::min(fitting_columns, n);
    if (fitting_rows * columns >= n) return arrange(c, entries, min_font, columns, n, room_w);
    // Then the entries that fit, and a last cell saying how many did not.
    if (fitting_rows * columns < 2) return {};
    return arrange(c, entries, min_font, columns, fitting_rows * columns, room_w);
}

Point legend_corner(LegendPlace place, const Rect& box, double inset, double w, double h) {
    const double left = box.x + inset, right = box.right() - inset - w;
    const double top = box.y + inset, bottom = box.bottom() - inset - h;
    const double cx = box.x + (box.w - w) / 2, cy = box.y + (box.h - h) / 2;
    switch (place) {
        case LegendPlace::upper_left: return {left, top};
        case LegendPlace::lower_left: return {left, bottom};
        case LegendPlace::lower_right: return {right, bottom};
        case LegendPlace::right:
        case LegendPlace::center_right: return {right, cy};
        case LegendPlace::center_left: return {left, cy};
        case LegendPlace::lower_center: return {cx, bottom};
        case LegendPlace::upper_center: return {cx, top};
        case LegendPlace::center: return {cx, cy};
        case LegendPlace::best:
        case LegendPlace::upper_right:
        case LegendPlace::outside:
        case LegendPlace::none: break;
    }
    return {right, top};
}

std::size_t legend_badness(const Panel& panel, const PlotArea& area, const Rect& box) {
    std::size_t n = 0;
    auto path = [&](const std::vector<double>& xs, const std::vector<double>& ys) {
        const std::size_t size = std::min(xs.size(), ys.size());
        bool crossed = false, joined = false;  // joined: to `last`
        Point last;
        for (std::size_t i = 0; i < size; ++i) {
            if (!std::isfinite(ys[i]) || !std::isfinite(xs[i])) {
                joined = false;
                continue;
            }
            const Point p = area.at(xs[i], ys[i]);
            n += inside(p, box) ? 1 : 0;
            if (!crossed && joined && crosses(last, p, box)) crossed = true;
            last = p;
            joined = true;
        }
        n += crossed ? 1 : 0;
    };
    auto points = [&](const std::vector<double>& xs, const std::vector<double>& ys) {
        const std::size_t size = std::min(xs.size(), ys.size());
        for (std::size_t i = 0; i < size; ++i) {
            if (std::isfinite(ys[i]) && std::isfinite(xs[i])) n += inside(area.at(xs[i], ys[i]), box) ? 1 : 0;
        }
    };
    for (const Layer& layer : panel.layers) {
        if (const auto* s = std::get_if<LinesLayer>(&layer)) {
            if (s->width_pt > 0) {
                path(s->x, s->y);
            } else {
                points(s->x, s->y);
            }
        } else if (const auto* p = std::get_if<MarkersLayer>(&layer)) {
            points(p->x, p->y);
        } else if (const auto* b = std::get_if<BandLayer>(&layer)) {
            path(b->x, b->y_lo);
            path(b->x, b->y_hi);
        } else if (const auto* bars = std::get_if<BarsLayer>(&layer)) {
            for (std::size_t i = 0; i < bars->counts.size() && i + 1 < bars->edges.size(); ++i) {
                if (!(bars->counts[i] > 0)) continue;
                const double x0 = area.px(bars->edges[i]), x1 = area.px(bars->edges[i + 1]);
                const double y0 = area.py(bars->counts[i]), y1 = area.box.bottom();
                const bool overlaps = std::min(x0, x1) <= box.right() && std::max(x0, x1) >= box.x &&
                                      std::min(y0, y1) <= box.bottom() && std::max(y0, y1) >= box.y;
                n += overlaps ? 1 : 0;
            }
        }
    }
    return n;
}

void draw_legend(const Panel& panel, Canvas& c, const PlotArea& area, const Metrics& m, const Rect& outside) {
    if (panel.legend == LegendPlace::none) return;
    const bool out = panel.legend == LegendPlace::outside;
    if (out && !(outside.w > 0)) return;
    const Rect& box = area.box;
    const double inset = 0.5 * full_pt * m.pt;  // borderaxespad
    const LegendPlan plan = out ? plan_legend(panel, c, m, outside.w, outside.h)
                                : plan_legend(panel, c, m, box.w - 2 * inset, box.h - 2 * inset);
    if (plan.empty()) return;
    Point at{outside.x, outside.y};
    if (panel.legend == LegendPlace::best) {
        // matplotlib's order of trial: upper right, upper left, lower left, lower right,
        // right, center left, center right, lower center, upper center, center; the first
        // with the least badness, and the first that covers nothing at once.
        std::size_t fewest = std::numeric_limits<std::size_t>::max();
        for (int code = 1; code <= 10; ++code) {
            const auto place = static_cast<LegendPlace>(code);
            const Point p = legend_corner(place, box, inset, plan.w, plan.h);
            const std::size_t bad = legend_badness(panel, area, {p.x, p.y, plan.w, plan.h});
            if (bad < fewest) {
                fewest = bad;
                at = p;
            }
            if (bad == 0) break;
        }
    } else if (!out) {
        at = legend_corner(panel.legend, box, inset, plan.w, plan.h);
    }
    const std::vector<Entry> entries = entries_of(panel);
    const Sizes s(plan.font);
    const Rect frame{std::round(at.x), std::round(at.y), std::round(plan.w), std::round(plan.h)};
    c.fill_rect(frame, {1, 1, 1, 0.8});
    c.stroke_rect({crisp(frame.x, m.line_w), crisp(frame.y, m.line_w), frame.w, frame.h},
                  {{0.8, 0.8, 0.8, 1}, m.line_w});
    const double scale = plan.font / (full_pt * m.pt);  // handles shrink with the text
    double column_x = frame.x + s.pad;
    for (std::size_t col = 0; col < plan.columns; ++col) {
        for (std::size_t r = 0; r < plan.rows; ++r) {
            const std::size_t cell = col * plan.rows + r;
            if (cell >= plan.entries.size()) break;
            const double y = frame.y + s.pad + s.row * (static_cast<double>(r) + 0.5);
            const double x = column_x;
            if (plan.entries[cell] != LegendPlan::more) {
                const Entry& e = entries[plan.entries[cell]];
                if (e.patch) {  // matplotlib's patch handle: 2 × 0.7 font sizes
                    const Rect swatch{x, y - 0.35 * s.font, s.handle, 0.7 * s.font};
                    c.fill_rect(swatch, e.color);
                    if (e.outline) c.stroke_rect(swatch, {e.outline->color, e.outline->width_pt * m.pt});
                }
                if (e.line_pt > 0) {
                    const Point seg[2] = {{x, y}, {x + s.handle, y}};
                    dashed_polyline(c, seg, {e.color, e.line_pt * m.pt}, e.dash);
                }
                if (e.marker) {
                    const Point centre[1] = {{x + s.handle / 2, y}};
                    c.markers(centre, *e.marker, e.marker_pt * m.pt * scale, e.color);
                }
            }
            draw_text(c, plan.labels[cell], {x + s.handle + s.gap, y}, HAlign::left, VAlign::center, 0);
        }
        column_x += s.handle + s.gap + plan.column_widths[col] + s.column_gap;
    }
}

}  // namespace plotcluster::chart
