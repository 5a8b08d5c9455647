#include "plotcluster/figure/chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "figure/chart_layout.hpp"
#include "figure/layers/draw_layer.hpp"
#include "figure/legend.hpp"

namespace plotcluster {

namespace {

using namespace chart;

// A log axis whose limits were given as [-5, 5] shows what it can, as matplotlib ignores
// a non-positive bound: from below the smallest positive value under hi (else three
// decades under hi) up to hi. With no positive end at all it is drawn linear.
Axis log_view(Axis a, const Panel& panel, bool is_x) {
    if (!(a.hi > 0)) {
        a.scale = Scale::linear;
        return a;
    }
    double low = a.hi / 1000;
    auto consider = [&](const std::vector<double>& values) {
        for (double v : values) {
            if (v > 0 && v < a.hi) low = std::min(low, v / 2);
        }
    };
    for (const Layer& layer : panel.layers) {
        if (const auto* s = std::get_if<LinesLayer>(&layer)) consider(is_x ? s->x : s->y);
        if (const auto* p = std::get_if<MarkersLayer>(&layer)) {
            consider(is_x ? p->x : p->y);
            // Points read in blocks: the smallest positive one is all `consider` would use.
            const double least = (is_x ? p->x_seen : p->y_seen).min_positive;
            if (least < a.hi) low = std::min(low, least / 2);
        }
        if (const auto* e = std::get_if<ErrorBarsLayer>(&layer)) {
            if (is_x) {
                consider(e->x);
            } else {
                consider(e->y_lo);
                consider(e->y_hi);
            }
        }
        if (const auto* b = std::get_if<BandLayer>(&layer)) {
            if (is_x) {
                consider(b->x);
            } else {
                consider(b->y_lo);
                consider(b->y_hi);
            }
        }
    }
    a.lo = std::max(low, std::numeric_limits<double>::denorm_min());
    return a;
}

// The axes as shown; an axis whose labels are hidden (axis off, or a shared axis's inner
// panel) has no label, so the layout keeps no room for one.
ShownAxes shown_axes(const Panel& panel) {
    const auto bad = [](const Axis& a) { return a.scale == Scale::log && !(a.lo > 0); };
    ShownAxes s{bad(panel.x) ? log_view(panel.x, panel, true) : panel.x,
                bad(panel.y) ? log_view(panel.y, panel, false) : panel.y};
    if (panel.axis_off || !panel.x_labels) s.x.label.clear();
    if (panel.axis_off || !panel.y_labels) s.y.label.clear();
    return s;
}

// Light lines at the major ticks, behind the data (matplotlib's grid colour and width).
void draw_grid(Canvas& c, const PlotArea& area, const PanelLayout& P, const Metrics& m) {
    const Stroke grid{{0xb0 / 255.0, 0xb0 / 255.0, 0xb0 / 255.0, 1}, 0.8 * m.pt};
    const Rect& box = area.box;
    for (const double v : P.x_ticks.values) {
        const double x = crisp(area.px(v), grid.width);
        const Point seg[2] = {{x, box.y}, {x, box.bottom()}};
        c.polyline(seg, grid);
    }
    for (const double v : P.y_ticks.values) {
        const double y = crisp(area.py(v), grid.width);
        const Point seg[2] = {{box.x, y}, {box.right(), y}};
        c.polyline(seg, grid);
    }
}

// The baseline of a title over axes whose top is at y (over their offset text row, if any).
double title_baseline(Canvas& c, double y, bool offset_row, const Metrics& m) {
    double baseline = y - m.title_pad;
    if (offset_row) baseline -= c.measure_text("0", m.tick_font).height() + m.label_pad;
    return baseline;
}

// Centred on `centre`, its last line on `baseline`, kept inside the figure (the layout
// fitted it to its room).
void draw_title(Canvas& c, const FittedText& title, double centre, double baseline,
                double fig_width, const Metrics& m) {
    const double width = title.width;
    centre = std::clamp(centre, m.edge + width / 2,
                        std::max(m.edge + width / 2, fig_width - m.edge - width / 2));
    draw_text(c, title, {centre, baseline}, HAlign::center, VAlign::baseline, 0);
}

void draw_panel(const Panel& panel, const ShownAxes& shown, const PanelLayout& P, Canvas& c,
                const Metrics& m, double fig_width) {
    const PlotArea area{P.axes, shown.x, shown.y};
    const Rect& box = P.axes;
    if (panel.grid) draw_grid(c, area, P, m);
    c.push_clip(box);
    for (const Layer& layer : panel.layers) {
        std::visit([&](const auto& l) { draw_layer(l, c, area, m); }, layer);
    }
    c.pop_clip();
    if (!panel.message.empty()) {
        // Up to four lines, as many as the box holds at the smallest size (the rest ends in
        // "…": the row's error has the whole message).
        const double line = 1.2 * min_text_size(m);
        const int lines = std::clamp(static_cast<int>(std::floor(0.9 * box.h / line)), 1, 4);
        const FittedText why =
            fit_text(c, panel.message, m.label_font, min_text_size(m), 0.9 * box.w, lines);
        draw_text(c, why, {box.x + box.w / 2, box.y + box.h / 2}, HAlign::center, VAlign::center, 0,
                  {0.6, 0.1, 0.1, 1});
    }
    draw_legend(panel, c, area, m, P.legend);

    const double w = m.line_w;
    const Color light{0.8, 0.8, 0.8, 1};  // axis off: the frame only marks the panel's place
    c.stroke_rect({crisp(box.x, w), crisp(box.y, w), std::round(box.w), std::round(box.h)},
                  {panel.axis_off ? light : black, w});
    if (!P.title.empty()) {
        draw_title(c, P.title, box.x + box.w / 2, title_baseline(c, box.y, P.offset_row, m),
                   fig_width, m);
    }
    if (panel.axis_off) return;
    draw_x_axis(c, shown.x, P.x_ticks, P.x_label, box, m);
    draw_y_ticks(c, shown.y, P.y_ticks, box, m, false);
    if (!P.y_label.empty()) {
        const double x = box.x - m.tick_len - m.tick_pad - P.y_ticks.max_width - m.label_pad;
        draw_text(c, P.y_label, {x, box.y + box.h / 2}, HAlign::center, VAlign::bottom, 90);
    }
}

// The figure's title: centred over the panels' axes, above the top row's titles.
void draw_figure_title(const Figure& fig, const FigureLayout& L, Canvas& c, const Metrics& m) {
    if (L.title.empty()) return;
    if (L.panels.empty()) {
        const double baseline = m.edge + L.title.height - L.title.lines.back().descent;
        draw_title(c, L.title, fig.width / 2.0, baseline, fig.width, m);
        return;
    }
    double lo = L.panels[0].axes.x, hi = L.panels[0].axes.right();
    double baseline = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < L.panels.size(); ++k) {
        const Rect& axes = L.panels[k].axes;
        lo = std::min(lo, axes.x);
        hi = std::max(hi, axes.right());
        if (k >= static_cast<std::size_t>(fig.cols)) continue;  // not in the top row
        double b = title_baseline(c, axes.y, L.panels[k].offset_row, m);
        const FittedText& above = L.panels[k].title;
        if (!above.empty()) b -= above.height + m.title_pad;
        baseline = std::min(baseline, b);
    }
    draw_title(c, L.title, lo + (hi - lo) / 2, baseline, fig.width, m);
}

RgbImage colorbar_image(const Colormap& cmap) {
    RgbImage img{1, 256, std::vector<std::uint8_t>(std::size_t{256} * 3)};
    for (std::size_t i = 0; i < 256; ++i) {
        const Rgb8 c = cmap.table()[255 - i];  // top is the maximum
        img.rgb[3 * i] = c.r;
        img.rgb[3 * i + 1] = c.g;
        img.rgb[3 * i + 2] = c.b;
    }
    return img;
}

void draw_colorbar(const Colorbar& cb, const Rect& bar, const AxisTicks& ticks,
                   const FittedText& label, Canvas& c, const Metrics& m) {
    if (cb.boundaries.size() >= 2 && cb.colors.size() + 1 == cb.boundaries.size()) {
        const Axis axis = colorbar_axis(cb);
        for (std::size_t k = 0; k < cb.colors.size(); ++k) {
            // On whole pixels, so that neighbouring bands meet without an antialiased seam.
            const double top = std::round(to_px(cb.boundaries[k + 1], axis, bar.bottom(), -bar.h));
            const double bottom = std::round(to_px(cb.boundaries[k], axis, bar.bottom(), -bar.h));
            c.fill_rect({bar.x, top, bar.w, bottom - top}, cb.colors[k]);
        }
    } else if (cb.colormap != nullptr) {
        c.image(colorbar_image(*cb.colormap), bar);
    }
    const double w = m.line_w;
    c.stroke_rect({crisp(bar.x, w), crisp(bar.y, w), std::round(bar.w), std::round(bar.h)},
                  {black, w});
    draw_y_ticks(c, colorbar_axis(cb), ticks, bar, m, true);
    if (!label.empty()) {
        const double x = bar.right() + m.tick_len + m.tick_pad + ticks.max_width + m.label_pad;
        // Reads bottom to top like the y label, so its top faces the colorbar.
        draw_text(c, label, {x, bar.y + bar.h / 2}, HAlign::center, VAlign::top, 90);
    }
}

}  // namespace

void draw_figure(const Figure& fig, Canvas& c) {
    if (fig.rows < 1 || fig.cols < 1 ||
        fig.panels.size() >
            static_cast<std::size_t>(fig.rows) * static_cast<std::size_t>(fig.cols)) {
        throw std::invalid_argument("figure: " + std::to_string(fig.panels.size()) +
                                    " panels do not fit a grid of " + std::to_string(fig.rows) +
                                    "×" + std::to_string(fig.cols));
    }
    const Metrics m(fig.dpi);
    std::vector<ShownAxes> shown;
    shown.reserve(fig.panels.size());
    for (const Panel& panel : fig.panels) shown.push_back(shown_axes(panel));
    c.clear(white);
    const FigureLayout L = layout(fig, shown, c, m);
    for (std::size_t k = 0; k < fig.panels.size(); ++k) {
        draw_panel(fig.panels[k], shown[k], L.panels[k], c, m, fig.width);
    }
    if (!fig.title.empty()) draw_figure_title(fig, L, c, m);
    for (std::size_t k = 0; k < fig.panels.size(); ++k) {
        const Panel& panel = fig.panels[k];
        if (panel.colorbar)
            draw_colorbar(*panel.colorbar, L.panels[k].colorbar, L.panels[k].c_ticks,
                          L.panels[k].c_label, c, m);
    }
    if (fig.shared_colorbar && !fig.panels.empty())
        draw_colorbar(*fig.shared_colorbar, L.shared_colorbar, L.shared_ticks, L.shared_label, c,
                      m);
}

}  // namespace plotcluster
