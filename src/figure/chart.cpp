#include "plotcluster/figure/chart.hpp"

#include <algorithm>
#include <cmath>

#include "plotcluster/figure/ticks.hpp"

namespace plotcluster {

namespace {

constexpr Color black{0, 0, 0, 1};
constexpr Color white{1, 1, 1, 1};

// Sizes in points, after matplotlib's defaults (rcParams), converted with the figure dpi.
struct Metrics {
    double pt;  // pixels per point
    double tick_font, label_font, title_font;
    double tick_len, tick_pad, label_pad, title_pad, edge, line_w;
    explicit Metrics(double dpi)
        : pt(dpi / 72.0),
          tick_font(10 * pt),
          label_font(10 * pt),
          title_font(12 * pt),
          tick_len(3.5 * pt),
          tick_pad(3.5 * pt),
          label_pad(4 * pt),
          title_pad(6 * pt),
          edge(7 * pt),
          line_w(0.8 * pt) {}
};

// Puts a line of width w on pixel centres so that it stays crisp.
double crisp(double v, double w) {
    return std::lround(w) % 2 == 1 ? std::floor(v) + 0.5 : std::round(v);
}

double to_px(double v, const Axis& a, double p0, double len) {
    return p0 + (v - a.lo) / (a.hi - a.lo) * len;
}

struct AxisTicks {
    std::vector<double> values;
    TickLabels labels;
    double max_width = 0;
};

AxisTicks make_ticks(Canvas& c, double lo, double hi, double length_px, double spacing_px,
                     double font, bool horizontal) {
    int target = std::clamp(static_cast<int>(std::lround(length_px / spacing_px)), 2, 9);
    AxisTicks t;
    for (;; --target) {
        t.values = nice_ticks(lo, hi, target, std::min(target, 4), 9);
        t.labels = format_ticks(t.values);
        t.max_width = 0;
        double total = 0;
        for (const auto& s : t.labels.labels) {
            const double w = c.measure_text(s, font).width;
            t.max_width = std::max(t.max_width, w);
            total += w;
        }
        // Horizontal labels need room between them; vertical ones only their line height.
        const double needed = horizontal
                                  ? total + font * 0.8 * static_cast<double>(t.values.size())
                                  : font * 1.5 * static_cast<double>(t.values.size());
        if (needed <= length_px || target <= 2) break;
    }
    return t;
}

// "×10⁵"-style offset drawn as "×10" plus a raised, smaller exponent.
double offset_label_width(Canvas& c, int exponent, double font) {
    return c.measure_text("×10", font).width +
           c.measure_text(format_number(exponent), font * 0.7).width;
}

void draw_offset_label(Canvas& c, int exponent, Point at, HAlign h, double font) {
    const double w = offset_label_width(c, exponent, font);
    double x = at.x - (h == HAlign::right ? w : h == HAlign::center ? w / 2 : 0);
    TextStyle base{font, black, HAlign::left, VAlign::baseline, 0};
    c.text("×10", {x, at.y}, base);
    x += c.measure_text("×10", font).width;
    TextStyle sup{font * 0.7, black, HAlign::left, VAlign::baseline, 0};
    c.text(format_number(exponent), {x, at.y - font * 0.4}, sup);
}

void draw_lines(const Figure& fig, Canvas& c, const Rect& box, const Metrics& m) {
    std::vector<Point> run;
    for (const auto& s : fig.lines) {
        const Stroke stroke{s.color, s.width_pt * m.pt};
        auto flush = [&] {
            if (run.size() >= 2) {
                c.polyline(run, stroke);
            } else if (run.size() == 1) {  // an isolated point would be invisible as a line
                const double r = stroke.width;
                c.fill_rect({run[0].x - r, run[0].y - r, 2 * r, 2 * r}, s.color);
            }
            run.clear();
        };
        for (std::size_t i = 0; i < s.y.size(); ++i) {
            if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
                flush();  // NaN/Inf leave a gap
                continue;
            }
            run.push_back({to_px(s.x[i], fig.x, box.x, box.w),
                           to_px(s.y[i], fig.y, box.bottom(), -box.h)});
        }
        flush();
    }
}

RgbImage heatmap_image(const HeatmapLayer& h) {
    RgbImage img;
    img.width = static_cast<int>(h.cols);
    img.height = static_cast<int>(h.rows);
    img.rgb.resize(h.rows * h.cols * 3);
    const auto& lut = h.colormap->table();
    const Rgb8 bad{static_cast<std::uint8_t>(std::lround(h.bad_color.r * 255)),
                   static_cast<std::uint8_t>(std::lround(h.bad_color.g * 255)),
                   static_cast<std::uint8_t>(std::lround(h.bad_color.b * 255))};
    const double scale = 256.0 / (h.vmax - h.vmin);
    for (std::size_t r = 0; r < h.rows; ++r) {
        const std::size_t src = h.origin_lower ? h.rows - 1 - r : r;
        const double* row = h.values.data() + src * h.cols;
        std::uint8_t* out = img.rgb.data() + r * h.cols * 3;
        for (std::size_t col = 0; col < h.cols; ++col) {
            const double v = row[col];
            Rgb8 px = bad;
            if (std::isfinite(v)) {
                const double t = (v - h.vmin) * scale;
                px = lut[static_cast<std::size_t>(std::clamp(t, 0.0, 255.0))];
            }
            out[3 * col] = px.r;
            out[3 * col + 1] = px.g;
            out[3 * col + 2] = px.b;
        }
    }
    return img;
}

RgbImage colorbar_image(const Colormap& cmap) {
    RgbImage img{1, 256, std::vector<std::uint8_t>(256 * 3)};
    for (int i = 0; i < 256; ++i) {
        const Rgb8 c = cmap.table()[static_cast<std::size_t>(255 - i)];  // top is the maximum
        img.rgb[3 * i] = c.r;
        img.rgb[3 * i + 1] = c.g;
        img.rgb[3 * i + 2] = c.b;
    }
    return img;
}

void draw_x_axis(Canvas& c, const Axis& axis, const AxisTicks& t, const Rect& box,
                 const Metrics& m) {
    const Stroke tick{black, m.line_w};
    const double y0 = crisp(box.bottom(), m.line_w);
    const double label_y = box.bottom() + m.tick_len + m.tick_pad;
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        const double x = crisp(to_px(t.values[i], axis, box.x, box.w), m.line_w);
        const Point seg[2] = {{x, y0}, {x, y0 + m.tick_len}};
        c.polyline(seg, tick);
        c.text(t.labels.labels[i], {x, label_y}, {m.tick_font, black, HAlign::center, VAlign::top, 0});
    }
    const double row = label_y + c.measure_text("0", m.tick_font).height() + m.label_pad;
    if (t.labels.exponent != 0) {
        const double base = row + c.measure_text("0", m.tick_font).ascent;
        draw_offset_label(c, t.labels.exponent, {box.right(), base}, HAlign::right, m.tick_font);
    }
    if (!axis.label.empty()) {
        c.text(axis.label, {box.x + box.w / 2, row},
               {m.label_font, black, HAlign::center, VAlign::top, 0});
    }
}

// Ticks and labels on the left (the y axis) or on the right (a colorbar).
void draw_y_ticks(Canvas& c, const Axis& axis, const AxisTicks& t, const Rect& box,
                  const Metrics& m, bool right) {
    const Stroke tick{black, m.line_w};
    const double x0 = crisp(right ? box.right() : box.x, m.line_w);
    const double dir = right ? 1 : -1;
    const double label_x = x0 + dir * (m.tick_len + m.tick_pad);
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        const double y = crisp(to_px(t.values[i], axis, box.bottom(), -box.h), m.line_w);
        const Point seg[2] = {{x0, y}, {x0 + dir * m.tick_len, y}};
        c.polyline(seg, tick);
        c.text(t.labels.labels[i], {label_x, y},
               {m.tick_font, black, right ? HAlign::left : HAlign::right, VAlign::center, 0});
    }
    if (t.labels.exponent != 0) {
        draw_offset_label(c, t.labels.exponent, {right ? box.right() : box.x, box.y - m.label_pad},
                          right ? HAlign::center : HAlign::left, m.tick_font);
    }
}

struct Layout {
    Rect axes;
    Rect colorbar;  // empty without one
    AxisTicks x_ticks, y_ticks, c_ticks;
    bool offset_row = false;  // an "×10ⁿ" label sits above the axes
};

Layout layout(const Figure& fig, Canvas& c, const Metrics& m) {
    const double W = fig.width, H = fig.height;
    const double tick_h = c.measure_text("0", m.tick_font).height();
    const double label_h = c.measure_text("0", m.label_font).height();
    const double x_spacing = 100 * m.pt * 72 / 100;  // about one tick per inch
    const double y_spacing = 55 * m.pt * 72 / 100;

    double top = m.edge;
    if (!fig.title.empty()) top += c.measure_text(fig.title, m.title_font).height() + m.title_pad;
    double bottom = m.edge + m.tick_len + m.tick_pad + tick_h;
    if (!fig.x.label.empty()) bottom += m.label_pad + label_h;

    Layout L;
    double height = H - top - bottom;
    auto vertical_ticks = [&] {
        L.y_ticks = make_ticks(c, fig.y.lo, fig.y.hi, height, y_spacing, m.tick_font, false);
        if (fig.colorbar)
            L.c_ticks = make_ticks(c, fig.colorbar->vmin, fig.colorbar->vmax, height, y_spacing,
                                   m.tick_font, false);
    };
    vertical_ticks();
    L.offset_row = L.y_ticks.labels.exponent != 0 || L.c_ticks.labels.exponent != 0;
    if (L.offset_row) {  // room for "×10ⁿ" above the axes
        top += tick_h + m.label_pad;
        height = H - top - bottom;
        vertical_ticks();
    }
    double left = m.edge + L.y_ticks.max_width + m.tick_pad + m.tick_len;
    if (!fig.y.label.empty()) left += label_h + m.label_pad;

    double right = m.edge + m.tick_font;  // the last x tick label may stick out
    double cb_width = 0, cb_gap = 0;
    if (fig.colorbar) {
        cb_width = std::max(8 * m.pt, height / 20);  // matplotlib's colorbar aspect of 20
        cb_gap = 0.05 * (W - left - right);
        right = m.edge + cb_gap + cb_width + m.tick_len + m.tick_pad + L.c_ticks.max_width;
        if (!fig.colorbar->label.empty()) right += m.label_pad + label_h;
    }
    L.axes = {std::round(left), std::round(top), std::round(W - left - right),
              std::round(H - top - bottom)};

    if (fig.heatmap) {
        // Square cells when they fit (imshow's aspect='equal'), centred in the space.
        const double sx = L.axes.w / (fig.x.hi - fig.x.lo);
        const double sy = L.axes.h / (fig.y.hi - fig.y.lo);
        const double s = std::min(sx, sy);
        const double w = std::round(s * (fig.x.hi - fig.x.lo));
        const double h = std::round(s * (fig.y.hi - fig.y.lo));
        L.axes.x += std::round((L.axes.w - w) / 2);
        L.axes.y += std::round((L.axes.h - h) / 2);
        L.axes.w = w;
        L.axes.h = h;
        L.y_ticks = make_ticks(c, fig.y.lo, fig.y.hi, h, y_spacing, m.tick_font, false);
        L.c_ticks = make_ticks(c, fig.colorbar->vmin, fig.colorbar->vmax, h, y_spacing,
                               m.tick_font, false);
    }
    if (fig.colorbar) {
        L.colorbar = {std::round(L.axes.right() + cb_gap), L.axes.y, std::round(cb_width), L.axes.h};
    }
    L.x_ticks = make_ticks(c, fig.x.lo, fig.x.hi, L.axes.w, x_spacing, m.tick_font, true);
    return L;
}

void draw_colorbar(const Figure& fig, Canvas& c, const Layout& L, const Metrics& m) {
    const Colorbar& cb = *fig.colorbar;
    c.image(colorbar_image(*cb.colormap), L.colorbar);
    const double w = m.line_w;
    c.stroke_rect({crisp(L.colorbar.x, w), crisp(L.colorbar.y, w), std::round(L.colorbar.w),
                   std::round(L.colorbar.h)},
                  {black, w});
    const Axis axis{cb.label, cb.vmin, cb.vmax};
    draw_y_ticks(c, axis, L.c_ticks, L.colorbar, m, true);
    if (!cb.label.empty()) {
        const double x = L.colorbar.right() + m.tick_len + m.tick_pad + L.c_ticks.max_width +
                         m.label_pad;
        // Reads bottom to top like the y label, so its top faces the colorbar.
        c.text(cb.label, {x, L.colorbar.y + L.colorbar.h / 2},
               {m.label_font, black, HAlign::center, VAlign::top, 90});
    }
}

// Centred over the axes; a title too long for the figure is set smaller and kept inside.
void draw_title(const Figure& fig, Canvas& c, const Layout& L, const Metrics& m) {
    const double room = fig.width - 2 * m.edge;
    double size = m.title_font;
    double width = c.measure_text(fig.title, size).width;
    if (width > room) {
        size *= room / width;
        width = room;
    }
    const double centre = std::clamp(L.axes.x + L.axes.w / 2, m.edge + width / 2,
                                     fig.width - m.edge - width / 2);
    double baseline = L.axes.y - m.title_pad;
    if (L.offset_row) baseline -= c.measure_text("0", m.tick_font).height() + m.label_pad;
    c.text(fig.title, {centre, baseline}, {size, black, HAlign::center, VAlign::baseline, 0});
}

}  // namespace

void draw_figure(const Figure& fig, Canvas& c) {
    const Metrics m(fig.dpi);
    c.clear(white);
    const Layout L = layout(fig, c, m);
    const Rect& box = L.axes;

    c.push_clip(box);
    if (fig.heatmap) c.image(heatmap_image(*fig.heatmap), box);
    draw_lines(fig, c, box, m);
    c.pop_clip();

    const double w = m.line_w;
    c.stroke_rect({crisp(box.x, w), crisp(box.y, w), std::round(box.w), std::round(box.h)},
                  {black, w});
    draw_x_axis(c, fig.x, L.x_ticks, box, m);
    draw_y_ticks(c, fig.y, L.y_ticks, box, m, false);
    if (!fig.y.label.empty()) {
        const double x = box.x - m.tick_len - m.tick_pad - L.y_ticks.max_width - m.label_pad;
        c.text(fig.y.label, {x, box.y + box.h / 2},
               {m.label_font, black, HAlign::center, VAlign::bottom, 90});
    }
    if (!fig.title.empty()) draw_title(fig, c, L, m);
    if (fig.colorbar) draw_colorbar(fig, c, L, m);
}

}  // namespace plotcluster
