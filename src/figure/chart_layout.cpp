#include "figure/chart_layout.hpp"

#include <algorithm>
#include <cmath>

namespace plotcluster::chart {

namespace {

constexpr double subplot_space = 0.2;  // matplotlib's figure.subplot.wspace and hspace

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

}  // namespace

Axis colorbar_axis(const Colorbar& cb) { return {cb.label, cb.vmin, cb.vmax, cb.scale}; }

FigureLayout layout(const Figure& fig, std::span<const ShownAxes> shown, Canvas& c, const Metrics& m) {
    const double W = fig.width, H = fig.height;
    const double tick_h = c.measure_text("0", m.tick_font).height();
    const double label_h = c.measure_text("0", m.label_font).height();
    const auto rows = static_cast<std::size_t>(fig.rows), cols = static_cast<std::size_t>(fig.cols);
    const std::size_t n = fig.panels.size();
    const auto& panels = fig.panels;
    const bool shared = fig.shared_colorbar.has_value();

    FigureLayout L;
    L.panels.resize(n);
    std::vector<char> offset(rows, 0);  // rows with an offset text ("1e9", "+1.7e9") above their axes
    // An x axis's offset text goes where its label would: a row under the tick labels.
    // The axes' width is not known yet; ticks for matplotlib's default 77.5% of it decide.
    std::vector<char> x_offset(n, 0);
    for (std::size_t k = 0; k < n; ++k) {
        const double guess = 0.775 * W / static_cast<double>(cols);
        x_offset[k] = make_ticks(c, shown[k].x, guess, m.tick_font, true).labels.offset_text.empty() ? 0 : 1;
    }

    // Vertically: the figure title, then per grid row its panel titles, offset row, axes
    // and x axis decorations. A lone panel gets exactly the margins of a one-axes chart.
    double fig_top = m.edge;
    if (!fig.title.empty()) fig_top += c.measure_text(fig.title, m.title_font).height() + m.title_pad;
    auto top_of = [&](double start, std::size_t k) {
        double t = start;
        if (!panels[k].title.empty()) t += c.measure_text(panels[k].title, m.title_font).height() + m.title_pad;
        if (offset[k / cols] != 0) t += tick_h + m.label_pad;
        return t;
    };
    auto bottom_of = [&](double start, std::size_t k) {
        double b = start + m.tick_len + m.tick_pad + tick_h;
        if (!panels[k].x.label.empty() || x_offset[k] != 0) b += m.label_pad + label_h;
        return b;
    };
    double h = 0, grid_h = 0;
    std::vector<double> v_fixed(rows - 1);
    auto vertical = [&] {
        const double top = max_over(n, 0, true, cols, fig_top, [&](std::size_t k) { return top_of(fig_top, k); });
        const double bottom = max_over(n, rows - 1, true, cols, m.edge, [&](std::size_t k) { return bottom_of(m.edge, k); });
        for (std::size_t i = 0; i + 1 < rows; ++i) {
            v_fixed[i] = max_over(n, i, true, cols, 0, [&](std::size_t k) { return bottom_of(0, k); }) +
                         max_over(n, i + 1, true, cols, 0, [&](std::size_t k) { return top_of(0, k); });
        }
        h = share(H - top - bottom, rows, v_fixed, subplot_space);
        grid_h = h * static_cast<double>(rows);
        for (const double f : v_fixed) grid_h += std::max(f, subplot_space * h);
        for (std::size_t k = 0; k < n; ++k) {
            L.panels[k].y_ticks = make_ticks(c, shown[k].y, h, m.tick_font, false);
            if (panels[k].colorbar) {
                L.panels[k].c_ticks = make_ticks(c, colorbar_axis(*panels[k].colorbar), h, m.tick_font, false);
            }
        }
        if (shared) L.shared_ticks = make_ticks(c, colorbar_axis(*fig.shared_colorbar), grid_h, m.tick_font, false);
        return top;
    };
    double top = vertical();
    bool any_offset = shared && !L.shared_ticks.labels.offset_text.empty();
    if (any_offset) offset[0] = 1;  // the shared colorbar's offset text sits over the top row
    for (std::size_t k = 0; k < n; ++k) {
        if (!L.panels[k].y_ticks.labels.offset_text.empty() || !L.panels[k].c_ticks.labels.offset_text.empty()) {
            offset[k / cols] = 1;
            any_offset = true;
        }
    }
    if (any_offset) top = vertical();  // room for the offset text above the axes: ticks for the new height

    // Horizontally: per grid column the y axis decorations, the axes, and a colorbar;
    // the shared colorbar right of the last column.
    auto left_of = [&](double start, std::size_t k) {
        double l = start + L.panels[k].y_ticks.max_width + m.tick_pad + m.tick_len;
        if (!panels[k].y.label.empty()) l += label_h + m.label_pad;
        return l;
    };
    const double left = max_over(n, 0, false, cols, m.edge, [&](std::size_t k) { return left_of(m.edge, k); });
    std::vector<double> h_fixed(cols - 1);
    auto left_gap = [&](std::size_t j) {
        return max_over(n, j, false, cols, 0, [&](std::size_t k) { return left_of(0, k); });
    };
    // The last x tick label may stick out on the right; the gap before a colorbar is 5%
    // of the axes' width without colorbars (matplotlib's pad).
    for (std::size_t j = 0; j + 1 < cols; ++j) h_fixed[j] = max_over(n, j, false, cols, 0, [&](std::size_t) { return m.tick_font; }) + left_gap(j + 1);
    const double cb_gap = 0.05 * share(W - left - (m.edge + m.tick_font), cols, h_fixed, subplot_space);
    const double cb_width = std::max(8 * m.pt, h / 20);  // matplotlib's colorbar aspect of 20
    const double shared_width = std::max(8 * m.pt, grid_h / 20);
    auto own_colorbar = [&](double start, std::size_t k) {
        double r = start + cb_gap + cb_width + m.tick_len + m.tick_pad + L.panels[k].c_ticks.max_width;
        if (!panels[k].colorbar->label.empty()) r += m.label_pad + label_h;
        return r;
    };
    auto shared_colorbar = [&](double start) {
        double r = start + cb_gap + shared_width + m.tick_len + m.tick_pad + L.shared_ticks.max_width;
        if (!fig.shared_colorbar->label.empty()) r += m.label_pad + label_h;
        return r;
    };
    auto right_of = [&](double start, std::size_t k, bool last) {
        double r = start;
        if (panels[k].colorbar) {
            r = own_colorbar(r, k);
        } else if (!(last && shared)) {
            r += m.tick_font;
        }
        return last && shared ? shared_colorbar(r) : r;
    };
    const double right = max_over(n, cols - 1, false, cols, shared ? shared_colorbar(m.edge) : m.edge,
                                  [&](std::size_t k) { return right_of(m.edge, k, true); });
    for (std::size_t j = 0; j + 1 < cols; ++j) {
        h_fixed[j] = max_over(n, j, false, cols, 0, [&](std::size_t k) { return right_of(0, k, false); }) + left_gap(j + 1);
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
        if (panels[k].equal_aspect) {
            any_aspect = true;
            // Square cells when they fit (imshow's aspect='equal'), centred in the space.
            const double sx = P.axes.w / (a.x.hi - a.x.lo);
            const double sy = P.axes.h / (a.y.hi - a.y.lo);
            const double s = std::min(sx, sy);
            const double aw = std::round(s * (a.x.hi - a.x.lo));
            const double ah = std::round(s * (a.y.hi - a.y.lo));
            P.axes.x += std::round((P.axes.w - aw) / 2);
            P.axes.y += std::round((P.axes.h - ah) / 2);
            P.axes.w = aw;
            P.axes.h = ah;
            P.y_ticks = make_ticks(c, a.y, ah, m.tick_font, false);
            if (panels[k].colorbar) {
                P.c_ticks = make_ticks(c, colorbar_axis(*panels[k].colorbar), ah, m.tick_font, false);
            }
        }
        if (panels[k].colorbar) {
            P.colorbar = {std::round(P.axes.right() + cb_gap), P.axes.y, std::round(cb_width), P.axes.h};
        }
        P.x_ticks = make_ticks(c, a.x, P.axes.w, m.tick_font, true);
    }
    if (shared && n > 0) {
        double x = 0, y0 = 0, y1 = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const PanelLayout& P = L.panels[k];
            double end = P.axes.right();
            if (panels[k].colorbar) {  // right of the panel's own colorbar and its labels
                end = P.colorbar.right() + m.tick_len + m.tick_pad + P.c_ticks.max_width;
                if (!panels[k].colorbar->label.empty()) end += m.label_pad + label_h;
            }
            x = k == 0 ? end : std::max(x, end);
            y0 = k == 0 ? P.axes.y : std::min(y0, P.axes.y);
            y1 = k == 0 ? P.axes.bottom() : std::max(y1, P.axes.bottom());
        }
        L.shared_colorbar = {std::round(x + cb_gap), y0, std::round(shared_width), y1 - y0};
        if (any_aspect) L.shared_ticks = make_ticks(c, colorbar_axis(*fig.shared_colorbar), y1 - y0, m.tick_font, false);
    }
    return L;
}

}  // namespace plotcluster::chart
