#include "figure/chart_layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "figure/legend.hpp"

namespace plotcluster::chart {

namespace {

constexpr double subplot_space = 0.2;  // matplotlib's figure.subplot.wspace and hspace
constexpr double min_colorbar = 0.5;   // a colorbar is at least this part of its axes' space tall
constexpr double thin = 0.25;  // Aspect::unless_thin: narrower than this part of the panel's share

// The axes inside `space` with the aspect's ratio, centred (matplotlib's adjustable='box',
// anchor 'C'); nothing where they fill the space: no ratio, a range that gives none, or
// `unless_thin` and the ratio would leave the axes thinner than `thin` of the panel's
// share of the figure (`share_w` × `share_h`).
std::optional<Rect> aspect_box(const Aspect& aspect, const ShownAxes& a, const Rect& space,
                               double share_w, double share_h) {
    if (!aspect.ratio || !(*aspect.ratio > 0)) return std::nullopt;
    const double dx = a.x.hi - a.x.lo, dy = (a.y.hi - a.y.lo) * *aspect.ratio;
    if (!(dx > 0) || !(dy > 0) || !std::isfinite(dx) || !std::isfinite(dy)) return std::nullopt;
    // The box's own ratio, so a range of 1e300 does not overflow the scale.
    const double box_ratio = dy / dx;
    double w = space.w, h = space.w * box_ratio;
    if (h > space.h) {
        h = space.h;
        w = space.h / box_ratio;
    }
    w = std::max(1.0, std::round(w));
    h = std::max(1.0, std::round(h));
    if (aspect.unless_thin && (w < thin * share_w || h < thin * share_h)) return std::nullopt;
    return Rect{space.x + std::round((space.w - w) / 2), space.y + std::round((space.h - h) / 2), w,
                h};
}

// The size s of `count` equal axes such that they and the gaps between them, gap i being
// max(fixed[i], frac * s), fill `room`. One axes gets all of it.
double share(double room, std::size_t count, const std::vector<double>& fixed, double frac) {
    std::vector<bool> pinned(fixed.size(), false);
    for (;;) {
        double rest = room;
        double parts = static_cast<double>(count);
        for (std::size_t i = 0; i < fixed.size(); ++i) {
            if (pinned[i]) {
                rest -= fixed[i];
            } else {
                parts += frac;
            }
        }
        const double s = rest / parts;
        bool changed = false;  // a gap pinned to its labels only makes s smaller: it stays pinned
        for (std::size_t i = 0; i < fixed.size(); ++i) {
            if (!pinned[i] && fixed[i] > frac * s) {
                pinned[i] = true;
                changed = true;
            }
        }
        if (!changed) return s;
    }
}

// Where each of `count` axes of size s starts, from `first`.
std::vector<double> starts(double first, double s, const std::vector<double>& fixed, double frac) {
    std::vector<double> out{first};
    out.reserve(fixed.size() + 1);
    for (const double f : fixed) out.push_back(out.back() + s + std::max(f, frac * s));
    return out;
}

// The largest of f(k) over the panels k in grid row (or column) i, else `none`.
template <class F>
double max_over(std::size_t count, std::size_t i, bool by_row, std::size_t cols, double none, F f) {
    double best = none;
    bool any = false;
    for (std::size_t k = 0; k < count; ++k) {
        if ((by_row ? k / cols : k % cols) != i) continue;
        const double v = f(k);
        best = any ? std::max(best, v) : v;
        any = true;
    }
    return best;
}

// A panel's ticks on one axis: none with its axis off, tick marks alone where that axis's
// labels are hidden (Panel::x_labels, y_labels).
AxisTicks panel_ticks(Canvas& c, const Panel& p, const Axis& a, double length_px, double font,
                      bool horizontal) {
    if (p.axis_off) return {};
    AxisTicks t = make_ticks(c, a, length_px, font, horizontal);
    return (horizontal ? p.x_labels : p.y_labels) ? t : unlabelled(std::move(t));
}

struct PanelTexts {
    FittedText title, x_label, y_label, c_label;
};

struct FigureTexts {
    FittedText title, shared_label;
    std::vector<PanelTexts> panels;
};

// The length each text may take: along the axes for titles and labels, along the bar for
// colorbar labels.
struct Rooms {
    double title = 0, x = 0, y = 0, c = 0;
};

// The layout for texts fitted to given rooms (see layout() for how the rooms are found).
FigureLayout layout_pass(const Figure& fig, std::span<const ShownAxes> shown, Canvas& c,
                         const Metrics& m, const FigureTexts& texts) {
    const double W = fig.width, H = fig.height;
    const double tick_h = c.measure_text("0", m.tick_font).height();
    const auto rows = static_cast<std::size_t>(fig.rows), cols = static_cast<std::size_t>(fig.cols);
    const std::size_t n = fig.panels.size();
    const auto& panels = fig.panels;
    const bool shared = fig.shared_colorbar.has_value();

    FigureLayout L;
    L.panels.resize(n);
    // Rows with an offset text ("1e9", "+1.7e9") above their axes.
    std::vector<char> offset(rows, 0);
    // An x axis's offset text goes where its label would: a row under the tick labels.
    // The axes' width is not known yet; ticks for matplotlib's default 77.5% of it decide.
    std::vector<char> x_offset(n, 0);
    for (std::size_t k = 0; k < n; ++k) {
        const double guess = 0.775 * W / static_cast<double>(cols);
        x_offset[k] = panel_ticks(c, panels[k], shown[k].x, guess, m.tick_font, true)
                              .labels.offset_text.empty()
                          ? 0
                          : 1;
    }

    // Vertically: the figure title, then per grid row its panel titles, offset row, axes
    // and x axis decorations. A lone panel gets exactly the margins of a one-axes chart.
    double fig_top = m.edge;
    if (!texts.title.empty()) fig_top += texts.title.height + m.title_pad;
    auto top_of = [&](double start, std::size_t k) {
        double t = start;
        if (!texts.panels[k].title.empty()) t += texts.panels[k].title.height + m.title_pad;
        if (offset[k / cols] != 0) t += tick_h + m.label_pad;
        return t;
    };
    auto bottom_of = [&](double start, std::size_t k) {
        if (panels[k].axis_off) return start;
        // Summed in this order, so that a labelled axis gets the very same margins as before.
        double b =
            panels[k].x_labels ? start + m.tick_len + m.tick_pad + tick_h : start + m.tick_len;
        if (!texts.panels[k].x_label.empty()) {
            b += m.label_pad + texts.panels[k].x_label.height;
        } else if (x_offset[k] != 0) {  // the offset text takes the label's row
            b += m.label_pad + tick_h;
        }
        return b;
    };
    double h = 0, grid_h = 0;
    std::vector<double> v_fixed(rows - 1);
    auto vertical = [&] {
        const double top =
            max_over(n, 0, true, cols, fig_top, [&](std::size_t k) { return top_of(fig_top, k); });
        const double bottom = max_over(n, rows - 1, true, cols, m.edge,
                                       [&](std::size_t k) { return bottom_of(m.edge, k); });
        for (std::size_t i = 0; i + 1 < rows; ++i) {
            v_fixed[i] =
                max_over(n, i, true, cols, 0, [&](std::size_t k) { return bottom_of(0, k); }) +
                max_over(n, i + 1, true, cols, 0, [&](std::size_t k) { return top_of(0, k); });
        }
        h = share(H - top - bottom, rows, v_fixed, subplot_space);
        grid_h = h * static_cast<double>(rows);
        for (const double f : v_fixed) grid_h += std::max(f, subplot_space * h);
        for (std::size_t k = 0; k < n; ++k) {
            L.panels[k].y_ticks = panel_ticks(c, panels[k], shown[k].y, h, m.tick_font, false);
            if (panels[k].colorbar) {
                L.panels[k].c_ticks = colorbar_ticks(c, *panels[k].colorbar, h, m.tick_font, false);
            }
        }
        if (shared)
            L.shared_ticks = colorbar_ticks(c, *fig.shared_colorbar, grid_h, m.tick_font, false);
        return top;
    };
    double top = vertical();
    bool any_offset = shared && !L.shared_ticks.labels.offset_text.empty();
    if (any_offset) offset[0] = 1;  // the shared colorbar's offset text sits over the top row
    for (std::size_t k = 0; k < n; ++k) {
        if (!L.panels[k].y_ticks.labels.offset_text.empty() ||
            !L.panels[k].c_ticks.labels.offset_text.empty()) {
            offset[k / cols] = 1;
            any_offset = true;
        }
    }
    if (any_offset)
        top = vertical();  // room for the offset text above the axes: ticks for the new height

    // Horizontally: per grid column the y axis decorations, the axes, and a colorbar;
    // the shared colorbar right of the last column.
    auto left_of = [&](double start, std::size_t k) {
        if (panels[k].axis_off) return start;
        double l = panels[k].y_labels
                       ? start + L.panels[k].y_ticks.max_width + m.tick_pad + m.tick_len
                       : start + m.tick_len;
        if (!texts.panels[k].y_label.empty()) l += texts.panels[k].y_label.height + m.label_pad;
        return l;
    };
    const double left =
        max_over(n, 0, false, cols, m.edge, [&](std::size_t k) { return left_of(m.edge, k); });
    std::vector<double> h_fixed(cols - 1);
    auto left_gap = [&](std::size_t j) {
        return max_over(n, j, false, cols, 0, [&](std::size_t k) { return left_of(0, k); });
    };
    // The last x tick label may stick out on the right; the gap before a colorbar is 5%
    // of the axes' width without colorbars (matplotlib's pad).
    for (std::size_t j = 0; j + 1 < cols; ++j)
        h_fixed[j] = max_over(n, j, false, cols, 0, [&](std::size_t) { return m.tick_font; }) +
                     left_gap(j + 1);
    const double cb_gap =
        0.05 * share(W - left - (m.edge + m.tick_font), cols, h_fixed, subplot_space);
    const double cb_width = std::max(8 * m.pt, h / 20);  // matplotlib's colorbar aspect of 20
    const double shared_width = std::max(8 * m.pt, grid_h / 20);
    auto own_colorbar = [&](double start, std::size_t k) {
        double r =
            start + cb_gap + cb_width + m.tick_len + m.tick_pad + L.panels[k].c_ticks.max_width;
        if (!texts.panels[k].c_label.empty()) r += m.label_pad + texts.panels[k].c_label.height;
        return r;
    };
    auto shared_colorbar = [&](double start) {
        double r =
            start + cb_gap + shared_width + m.tick_len + m.tick_pad + L.shared_ticks.max_width;
        if (!texts.shared_label.empty()) r += m.label_pad + texts.shared_label.height;
        return r;
    };
    // An outside legend's width, planned for the axes' height (0: none).
    std::vector<double> legend_w(n, 0);
    for (std::size_t k = 0; k < n; ++k) {
        if (panels[k].legend != LegendPlace::outside) continue;
        const LegendPlan plan = plan_legend(panels[k], c, m, outside_legend_room(W), h);
        if (!plan.empty()) legend_w[k] = plan.w;
    }
    auto right_of = [&](double start, std::size_t k, bool last) {
        double r = start;
        if (panels[k].colorbar) {
            r = own_colorbar(r, k);
        } else if (!(last && shared)) {
            r += legend_w[k] > 0 ? 0 : m.tick_font;
        }
        if (legend_w[k] > 0) r += outside_legend_gap(m) + legend_w[k];
        return last && shared ? shared_colorbar(r) : r;
    };
    const double right =
        max_over(n, cols - 1, false, cols, shared ? shared_colorbar(m.edge) : m.edge,
                 [&](std::size_t k) { return right_of(m.edge, k, true); });
    for (std::size_t j = 0; j + 1 < cols; ++j) {
        h_fixed[j] =
            max_over(n, j, false, cols, 0, [&](std::size_t k) { return right_of(0, k, false); }) +
            left_gap(j + 1);
    }
    const double w = share(W - left - right, cols, h_fixed, subplot_space);

    const std::vector<double> xs = starts(left, w, h_fixed, subplot_space);
    const std::vector<double> ys = starts(top, h, v_fixed, subplot_space);
    bool any_aspect = false;
    for (std::size_t k = 0; k < n; ++k) {
        PanelLayout& P = L.panels[k];
        const ShownAxes& a = shown[k];
        P.offset_row = offset[k / cols] != 0;
        P.axes = {std::round(xs[k % cols]), std::round(ys[k / cols]), std::round(w), std::round(h)};
        if (const auto shape =
                aspect_box(panels[k].aspect, a, P.axes, W / static_cast<double>(cols),
                           H / static_cast<double>(rows))) {
            any_aspect = true;
            P.axes = *shape;
            P.y_ticks = panel_ticks(c, panels[k], a.y, P.axes.h, m.tick_font, false);
        }
        if (panels[k].colorbar) {
            // As tall as the axes, but never shorter than half the space: an axes made
            // flat by its aspect would squeeze the colorbar's labels onto each other.
            const double cb_h = std::max(P.axes.h, std::round(min_colorbar * h));
            const double row_top = std::round(ys[k / cols]);
            const double cb_y = std::clamp(std::round(P.axes.y + (P.axes.h - cb_h) / 2), row_top,
                                           std::max(row_top, std::round(row_top + h - cb_h)));
            P.colorbar = {std::round(P.axes.right() + cb_gap), cb_y, std::round(cb_width), cb_h};
            if (P.colorbar.h != std::round(h)) {
                P.c_ticks =
                    colorbar_ticks(c, *panels[k].colorbar, P.colorbar.h, m.tick_font, false);
            }
        }
        if (legend_w[k] > 0) {
            const double from =
                panels[k].colorbar ? own_colorbar(P.axes.right(), k) : P.axes.right();
            P.legend = {from + outside_legend_gap(m), P.axes.y, outside_legend_room(W), h};
        }
        P.x_ticks = panel_ticks(c, panels[k], a.x, P.axes.w, m.tick_font, true);
    }
    if (shared && n > 0) {
        double x = 0, y0 = 0, y1 = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const PanelLayout& P = L.panels[k];
            double end = P.axes.right();
            if (panels[k].colorbar) {  // right of the panel's own colorbar and its labels
                end = P.colorbar.right() + m.tick_len + m.tick_pad + P.c_ticks.max_width;
                if (!texts.panels[k].c_label.empty())
                    end += m.label_pad + texts.panels[k].c_label.height;
            }
            x = k == 0 ? end : std::max(x, end);
            y0 = k == 0 ? P.axes.y : std::min(y0, P.axes.y);
            y1 = k == 0 ? P.axes.bottom() : std::max(y1, P.axes.bottom());
        }
        // Never shorter than half the grid, as a panel's own (see above).
        const double grow = std::max(0.0, std::round(min_colorbar * grid_h) - (y1 - y0));
        const double grid_top = std::round(ys.front());
        const double cb_y =
            std::clamp(std::round(y0 - grow / 2), grid_top,
                       std::max(grid_top, std::round(grid_top + grid_h - (y1 - y0 + grow))));
        y1 = cb_y + (y1 - y0 + grow);
        y0 = cb_y;
        L.shared_colorbar = {std::round(x + cb_gap), y0, std::round(shared_width), y1 - y0};
        if (any_aspect)
            L.shared_ticks = colorbar_ticks(c, *fig.shared_colorbar, y1 - y0, m.tick_font, false);
    }
    return L;
}

// Each text fitted to its room; `caps`: never more lines or a larger size than these
// (what the layout reserved).
FigureTexts fit_texts(const Figure& fig, std::span<const ShownAxes> shown, Canvas& c,
                      const Metrics& m, const std::vector<Rooms>& rooms, double title_room,
                      double shared_room, const FigureTexts* caps) {
    const double min_size = min_text_size(m);
    auto fit = [&](const std::string& text, double size, double room, const FittedText* cap) {
        if (text.empty()) return FittedText{};
        int lines = 2;
        if (cap != nullptr && !cap->empty()) {
            size = std::min(size, cap->size);
            lines = static_cast<int>(cap->lines.size());
        }
        return fit_text(c, text, size, min_size, room, lines);
    };
    FigureTexts t;
    t.title = fit(fig.title, m.title_font, title_room, caps ? &caps->title : nullptr);
    if (fig.shared_colorbar) {
        t.shared_label = fit(fig.shared_colorbar->label, m.label_font, shared_room,
                             caps ? &caps->shared_label : nullptr);
    }
    t.panels.resize(fig.panels.size());
    for (std::size_t k = 0; k < fig.panels.size(); ++k) {
        const PanelTexts* cap = caps ? &caps->panels[k] : nullptr;
        const Panel& p = fig.panels[k];
        PanelTexts& pt = t.panels[k];
        pt.title = fit(p.title, m.title_font, rooms[k].title, cap ? &cap->title : nullptr);
        pt.x_label = fit(shown[k].x.label, m.label_font, rooms[k].x, cap ? &cap->x_label : nullptr);
        pt.y_label = fit(shown[k].y.label, m.label_font, rooms[k].y, cap ? &cap->y_label : nullptr);
        if (p.colorbar)
            pt.c_label =
                fit(p.colorbar->label, m.label_font, rooms[k].c, cap ? &cap->c_label : nullptr);
    }
    return t;
}

bool same_heights(const FigureTexts& a, const FigureTexts& b) {
    if (a.title.height != b.title.height || a.shared_label.height != b.shared_label.height)
        return false;
    for (std::size_t k = 0; k < a.panels.size(); ++k) {
        const PanelTexts &p = a.panels[k], &q = b.panels[k];
        if (p.title.height != q.title.height || p.x_label.height != q.x_label.height ||
            p.y_label.height != q.y_label.height || p.c_label.height != q.c_label.height) {
            return false;
        }
    }
    return true;
}

void keep_texts(FigureLayout& L, FigureTexts t) {
    L.title = std::move(t.title);
    L.shared_label = std::move(t.shared_label);
    for (std::size_t k = 0; k < L.panels.size(); ++k) {
        L.panels[k].title = std::move(t.panels[k].title);
        L.panels[k].x_label = std::move(t.panels[k].x_label);
        L.panels[k].y_label = std::move(t.panels[k].y_label);
        L.panels[k].c_label = std::move(t.panels[k].c_label);
    }
}

}  // namespace

Axis colorbar_axis(const Colorbar& cb) { return {cb.label, cb.vmin, cb.vmax, cb.scale}; }

// The bar's own ticks where it gives them (Colorbar::tick_values: a density's eq_hist
// counts); a gradient's as an axis's; discrete bands' at their boundaries, every k-th so
// that at most 10 (and the bar's room) are labelled, the k-th's phase holding the one
// nearest zero (matplotlib's colorbar of a contour set: FixedLocator(boundaries, nbins=10)).
AxisTicks colorbar_ticks(Canvas& c, const Colorbar& cb, double length_px, double font,
                         bool horizontal) {
    if (!cb.tick_values.empty()) {
        AxisTicks t;
        t.values = cb.tick_values;
        t.labels.labels = cb.tick_labels;
        for (const auto& s : t.labels.labels)
            t.max_width = std::max(t.max_width, c.measure_text(s, font).width);
        thin_to_fit(c, t, colorbar_axis(cb), length_px, font, horizontal);
        return t;
    }
    if (cb.boundaries.size() < 2)
        return make_ticks(c, colorbar_axis(cb), length_px, font, horizontal);
    const auto& b = cb.boundaries;
    const std::size_t room =
        static_cast<std::size_t>(std::clamp(std::floor(length_px / (font * 1.5)), 2.0, 10.0));
    const std::size_t step = std::max<std::size_t>(1, (b.size() + room - 1) / room);
    const auto nearest_zero = [&](std::size_t from) {
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = from; k < b.size(); k += step) best = std::min(best, std::abs(b[k]));
        return best;
    };
    std::size_t phase = 0;
    for (std::size_t from = 1; from < step; ++from) {
        if (nearest_zero(from) < nearest_zero(phase)) phase = from;
    }
    AxisTicks t;
    for (std::size_t k = phase; k < b.size(); k += step) t.values.push_back(b[k]);
    t.labels = format_ticks(t.values, cb.vmin, cb.vmax);
    for (const auto& s : t.labels.labels)
        t.max_width = std::max(t.max_width, c.measure_text(s, font).width);
    thin_to_fit(c, t, colorbar_axis(cb), length_px, font, horizontal);
    return t;
}

// A label's room is the size of the axes it goes with, which depends on how many lines the
// labels take: fit to a guess, lay out, refit to the axes that came out, and repeat until
// the lines agree (short labels: at once). If they do not settle, the last layout stands
// and its texts are fitted into what it reserved (fewer lines or "…", never overlap).
FigureLayout layout(const Figure& fig, std::span<const ShownAxes> shown, Canvas& c,
                    const Metrics& m) {
    const std::size_t n = fig.panels.size();
    const double cols = std::max(1, fig.cols), rows = std::max(1, fig.rows);
    const double guess_w = 0.75 * (fig.width - 2 * m.edge) / cols;
    const double guess_h = 0.7 * (fig.height - 2 * m.edge) / rows;
    std::vector<Rooms> rooms(n, Rooms{guess_w, guess_w, guess_h, guess_h});
    double shared_room = 0.7 * (fig.height - 2 * m.edge);
    // The figure's title spans its panels' axes (the whole figure without panels): wider,
    // it would run into the tick labels beside the top row.
    double title_room = n == 0 ? fig.width - 2 * m.edge : 0.75 * (fig.width - 2 * m.edge);
    FigureTexts texts = fit_texts(fig, shown, c, m, rooms, title_room, shared_room, nullptr);
    for (int pass = 0;; ++pass) {
        FigureLayout L = layout_pass(fig, shown, c, m, texts);
        for (std::size_t k = 0; k < n; ++k) {
            const PanelLayout& P = L.panels[k];
            rooms[k] = {std::max(P.axes.w, 1.0), std::max(P.axes.w, 1.0), std::max(P.axes.h, 1.0),
                        std::max(P.colorbar.h, 1.0)};
        }
        shared_room = std::max(L.shared_colorbar.h, 1.0);
        if (n > 0) {
            double lo = L.panels[0].axes.x, hi = L.panels[0].axes.right();
            for (const PanelLayout& P : L.panels) {
                lo = std::min(lo, P.axes.x);
                hi = std::max(hi, P.axes.right());
            }
            title_room = std::max(hi - lo, 1.0);
        }
        FigureTexts refit = fit_texts(fig, shown, c, m, rooms, title_room, shared_room, nullptr);
        if (same_heights(refit, texts)) {
            keep_texts(L, std::move(refit));
            return L;
        }
        if (pass == 3) {
            keep_texts(L, fit_texts(fig, shown, c, m, rooms, title_room, shared_room, &texts));
            return L;
        }
        texts = std::move(refit);
    }
}

}  // namespace plotcluster::chart
