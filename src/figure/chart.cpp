#include "plotcluster/figure/chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "plotcluster/figure/ticks.hpp"
#include "plotcluster/figure/interval.hpp"

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

// Where v falls on the axis: 0 at lo, 1 at hi.
double axis_fraction(double v, const Axis& a) {
    if (a.scale == Scale::log) {
        const double lo = std::log10(a.lo), hi = std::log10(a.hi);
        if (hi > lo) return (std::log10(v) - lo) / (hi - lo);
        // Narrower than log10's precision (a few ulps at 1e300): linear at that scale.
    }
    return interval::fraction(v, a.lo, a.hi);
}

// Data value to pixel along an axis that starts at p0 and runs len pixels (len < 0: up).
double to_px(double v, const Axis& a, double p0, double len) {
    if (a.inverted) {
        p0 += len;
        len = -len;
    }
    const double f = axis_fraction(v, a);
    const double px = p0 + f * len;
    // A value 1e307 widths off the axis (far outside explicit limits) overflows here;
    // held at interval::far widths it stays off the plot, and finite.
    if (!std::isfinite(px) && std::isfinite(f)) return p0 + std::clamp(f, -interval::far, interval::far) * len;
    return px;
}

struct AxisTicks {
    std::vector<double> values;
    TickLabels labels;
    std::vector<int> powers;  // log axes: label i is 10^powers[i], drawn with a superscript
    double max_width = 0;
};

// "10" with a raised exponent, as matplotlib's log axes label decades.
double power_width(Canvas& c, int exponent, double font) {
    return c.measure_text("10", font).width + c.measure_text(format_number(exponent), font * 0.7).width;
}

void draw_power(Canvas& c, int exponent, Point at, HAlign h, VAlign v, double font) {
    const double w = power_width(c, exponent, font);
    double x = at.x - (h == HAlign::right ? w : h == HAlign::center ? w / 2 : 0);
    const TextExtents e = c.measure_text("10", font);
    double base = at.y;
    if (v == VAlign::top) base += e.ascent + font * 0.25;  // room for the raised exponent
    if (v == VAlign::center) base += (e.ascent - e.descent) / 2;
    c.text("10", {x, base}, {font, {0, 0, 0, 1}, HAlign::left, VAlign::baseline, 0});
    x += e.width;
    c.text(format_number(exponent), {x, base - font * 0.4},
           {font * 0.7, {0, 0, 0, 1}, HAlign::left, VAlign::baseline, 0});
}

// Decades inside [lo, hi]; every k-th when there are too many for the room.
AxisTicks log_ticks(Canvas& c, double lo, double hi, double length_px, double spacing_px, double font) {
    const int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
    const int last = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
    AxisTicks t;
    if (last - first < 1) return t;  // less than two decades: linear ticks serve better
    const int room = std::max(2, static_cast<int>(length_px / spacing_px));
    const int step = std::max(1, (last - first + room) / room);
    for (int k = first - ((first % step) + step) % step; k <= last; k += step) {
        if (k < first) continue;
        t.values.push_back(std::pow(10.0, k));
        t.powers.push_back(k);
        t.labels.labels.push_back("10^" + std::to_string(k));
        t.max_width = std::max(t.max_width, power_width(c, k, font));
    }
    return t;
}

AxisTicks make_ticks(Canvas& c, const Axis& axis, double length_px, double spacing_px,
                     double font, bool horizontal) {
    const double lo = axis.lo, hi = axis.hi;
    // build_figure never makes such an axis; a hand-made Figure gets an axis without ticks.
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) return {};
    if (axis.scale == Scale::log && !(lo > 0)) return {};
    if (axis.scale == Scale::log) {
        AxisTicks t = log_ticks(c, lo, hi, length_px, spacing_px, font);
        if (t.values.size() >= 2) return t;
    }
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
    if (axis.scale == Scale::log) {  // a log axis within a decade: keep the ticks it can show
        TickLabels kept;
        std::vector<double> values;
        for (std::size_t i = 0; i < t.values.size(); ++i) {
            if (t.values[i] > 0) {
                values.push_back(t.values[i]);
                kept.labels.push_back(t.labels.labels[i]);
            }
        }
        kept.exponent = t.labels.exponent;
        t.values = std::move(values);
        t.labels = std::move(kept);
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

// Lines and markers. Each run between gaps is one polyline; a lone point of a line
// without markers gets a dot, so it does not vanish.
void draw_lines(const Figure& fig, Canvas& c, const Rect& box, const Metrics& m) {
    std::vector<Point> run;
    std::vector<Point> marks;
    for (const auto& s : fig.lines) {
        const Stroke stroke{s.color, s.width_pt * m.pt};
        const bool line = s.width_pt > 0;
        auto flush = [&] {
            if (line && run.size() >= 2) {
                c.polyline(run, stroke);
            } else if (line && run.size() == 1 && !s.marker) {
                const double r = stroke.width;
                c.fill_rect({run[0].x - r, run[0].y - r, 2 * r, 2 * r}, s.color);
            }
            run.clear();
        };
        marks.clear();
        for (std::size_t i = 0; i < s.y.size(); ++i) {
            if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
                flush();  // NaN/Inf leave a gap
                continue;
            }
            const Point p{to_px(s.x[i], fig.x, box.x, box.w), to_px(s.y[i], fig.y, box.bottom(), -box.h)};
            if (line) run.push_back(p);
            if (s.marker) marks.push_back(p);
        }
        flush();
        if (s.marker) {
            // matplotlib's '.' is a small dot; the other markers take the size as given.
            const double size = s.marker_pt * m.pt * (*s.marker == MarkerShape::point ? 0.5 : 1.0);
            c.markers(marks, *s.marker, size, s.color);
        }
    }
}

// Histogram bars from the axis floor (0, or the bottom of a log axis) to each count.
void draw_bars(const Figure& fig, Canvas& c, const Rect& box) {
    const Bars& bars = *fig.bars;
    const double floor = fig.y.scale == Scale::log ? fig.y.lo : 0.0;
    for (std::size_t i = 0; i < bars.counts.size(); ++i) {
        if (bars.counts[i] <= 0) continue;
        // Whole pixels: neighbouring bars share an edge instead of leaving a faint seam.
        const double x0 = std::round(to_px(bars.edges[i], fig.x, box.x, box.w));
        const double x1 = std::round(to_px(bars.edges[i + 1], fig.x, box.x, box.w));
        const double y0 = std::round(to_px(floor, fig.y, box.bottom(), -box.h));
        const double y1 = std::round(to_px(bars.counts[i], fig.y, box.bottom(), -box.h));
        c.fill_rect({x0, y1, x1 - x0, y0 - y1}, bars.color);
    }
}

// Light lines at the major ticks, behind the data (matplotlib's grid colour and width).
void draw_grid(Canvas& c, const Figure& fig, const std::vector<double>& xs,
               const std::vector<double>& ys, const Rect& box, const Metrics& m) {
    const Stroke grid{{0xb0 / 255.0, 0xb0 / 255.0, 0xb0 / 255.0, 1}, 0.8 * m.pt};
    for (const double v : xs) {
        const double x = crisp(to_px(v, fig.x, box.x, box.w), grid.width);
        const Point seg[2] = {{x, box.y}, {x, box.bottom()}};
        c.polyline(seg, grid);
    }
    for (const double v : ys) {
        const double y = crisp(to_px(v, fig.y, box.bottom(), -box.h), grid.width);
        const Point seg[2] = {{box.x, y}, {box.right(), y}};
        c.polyline(seg, grid);
    }
}

// matplotlib's legend: a framed box in the corner that covers the fewest points.
void draw_legend(const Figure& fig, Canvas& c, const Rect& box, const Metrics& m) {
    const double font = 10 * m.pt, line_len = 2 * font, gap = 0.8 * font / 2, pad = 0.4 * font;
    const double row = font * 1.25;
    double text_w = 0;
    std::vector<const LineSeries*> entries;
    for (const auto& s : fig.lines) {
        if (s.label.empty()) continue;
        entries.push_back(&s);
        text_w = std::max(text_w, c.measure_text(s.label, font).width);
    }
    if (entries.empty()) return;
    const double w = pad + line_len + gap + text_w + pad;
    const double h = pad + row * static_cast<double>(entries.size()) + pad;
    const double inset = 0.5 * font;
    const std::array<Point, 4> corners = {Point{box.right() - inset - w, box.y + inset},
                                          Point{box.x + inset, box.y + inset},
                                          Point{box.x + inset, box.bottom() - inset - h},
                                          Point{box.right() - inset - w, box.bottom() - inset - h}};
    Point best = corners[0];
    std::size_t fewest = std::numeric_limits<std::size_t>::max();
    for (const Point& corner : corners) {  // upper right first, as 'best' prefers it
        std::size_t covered = 0;
        for (const auto* s : entries) {
            const std::size_t step = std::max<std::size_t>(1, s->y.size() / 2000);
            for (std::size_t i = 0; i < s->y.size(); i += step) {
                if (!std::isfinite(s->y[i]) || !std::isfinite(s->x[i])) continue;
                const double x = to_px(s->x[i], fig.x, box.x, box.w);
                const double y = to_px(s->y[i], fig.y, box.bottom(), -box.h);
                covered += x >= corner.x && x <= corner.x + w && y >= corner.y && y <= corner.y + h;
            }
        }
        if (covered < fewest) {
            fewest = covered;
            best = corner;
        }
    }
    const Rect frame{std::round(best.x), std::round(best.y), std::round(w), std::round(h)};
    c.fill_rect(frame, {1, 1, 1, 0.8});
    c.stroke_rect({crisp(frame.x, m.line_w), crisp(frame.y, m.line_w), frame.w, frame.h},
                  {{0.8, 0.8, 0.8, 1}, m.line_w});
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const LineSeries& s = *entries[i];
        const double y = frame.y + pad + row * (static_cast<double>(i) + 0.5);
        const double x = frame.x + pad;
        if (s.width_pt > 0) {
            const Point seg[2] = {{x, y}, {x + line_len, y}};
            c.polyline(seg, {s.color, s.width_pt * m.pt});
        }
        if (s.marker) {
            const Point centre[1] = {{x + line_len / 2, y}};
            c.markers(centre, *s.marker, s.marker_pt * m.pt, s.color);
        }
        c.text(s.label, {x + line_len + gap, y}, {font, black, HAlign::left, VAlign::center, 0});
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
    // A log norm narrower than log10's precision maps linearly, which it is at that scale.
    const bool log = h.norm == Scale::log && std::log10(h.vmax) > std::log10(h.vmin);
    const double lo = log ? std::log10(h.vmin) : h.vmin;
    const double hi = log ? std::log10(h.vmax) : h.vmax;
    const double scale = 256.0 / (hi - lo);
    // A colour range whose width overflows or is subnormal (scale 0 or inf) is mapped
    // through interval::fraction instead; ordinary ranges keep the plain product.
    const bool plain = scale > 0 && std::isfinite(scale);
    for (std::size_t r = 0; r < h.rows; ++r) {
        const std::size_t src = h.origin_lower ? h.rows - 1 - r : r;
        const double* row = h.values.data() + src * h.cols;
        std::uint8_t* out = img.rgb.data() + r * h.cols * 3;
        for (std::size_t col = 0; col < h.cols; ++col) {
            const double v = row[col];
            Rgb8 px = bad;
            if (std::isfinite(v) && (h.norm != Scale::log || v > 0)) {
                const double u = log ? std::log10(v) : v;
                const double t = plain ? (u - lo) * scale : interval::fraction(u, lo, hi) * 256;
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
    RgbImage img{1, 256, std::vector<std::uint8_t>(std::size_t{256} * 3)};
    for (std::size_t i = 0; i < 256; ++i) {
        const Rgb8 c = cmap.table()[255 - i];  // top is the maximum
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
        if (!t.powers.empty()) {
            draw_power(c, t.powers[i], {x, label_y}, HAlign::center, VAlign::top, m.tick_font);
        } else {
            c.text(t.labels.labels[i], {x, label_y}, {m.tick_font, black, HAlign::center, VAlign::top, 0});
        }
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
        const HAlign h = right ? HAlign::left : HAlign::right;
        if (!t.powers.empty()) {
            draw_power(c, t.powers[i], {label_x, y}, h, VAlign::center, m.tick_font);
        } else {
            c.text(t.labels.labels[i], {label_x, y}, {m.tick_font, black, h, VAlign::center, 0});
        }
    }
    if (t.labels.exponent != 0) {
        draw_offset_label(c, t.labels.exponent, {right ? box.right() : box.x, box.y - m.label_pad},
                          right ? HAlign::center : HAlign::left, m.tick_font);
    }
}

Axis colorbar_axis(const Colorbar& cb) { return {cb.label, cb.vmin, cb.vmax, cb.scale}; }

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
        L.y_ticks = make_ticks(c, fig.y, height, y_spacing, m.tick_font, false);
        if (fig.colorbar) L.c_ticks = make_ticks(c, colorbar_axis(*fig.colorbar), height, y_spacing, m.tick_font, false);
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
        L.y_ticks = make_ticks(c, fig.y, h, y_spacing, m.tick_font, false);
        L.c_ticks = make_ticks(c, colorbar_axis(*fig.colorbar), h, y_spacing, m.tick_font, false);
    }
    if (fig.colorbar) {
        L.colorbar = {std::round(L.axes.right() + cb_gap), L.axes.y, std::round(cb_width), L.axes.h};
    }
    L.x_ticks = make_ticks(c, fig.x, L.axes.w, x_spacing, m.tick_font, true);
    return L;
}

void draw_colorbar(const Figure& fig, Canvas& c, const Layout& L, const Metrics& m) {
    const Colorbar& cb = *fig.colorbar;
    c.image(colorbar_image(*cb.colormap), L.colorbar);
    const double w = m.line_w;
    c.stroke_rect({crisp(L.colorbar.x, w), crisp(L.colorbar.y, w), std::round(L.colorbar.w),
                   std::round(L.colorbar.h)},
                  {black, w});
    draw_y_ticks(c, colorbar_axis(cb), L.c_ticks, L.colorbar, m, true);
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

// A log axis whose limits were given as [-5, 5] shows what it can, as matplotlib ignores
// a non-positive bound: from below the smallest positive value under hi (else three
// decades under hi) up to hi. With no positive end at all it is drawn linear.
Axis log_view(Axis a, const std::vector<LineSeries>& lines, bool is_x) {
    if (!(a.hi > 0)) {
        a.scale = Scale::linear;
        return a;
    }
    double low = a.hi / 1000;
    for (const auto& s : lines) {
        for (double v : is_x ? s.x : s.y) {
            if (v > 0 && v < a.hi) low = std::min(low, v / 2);
        }
    }
    a.lo = std::max(low, std::numeric_limits<double>::denorm_min());
    return a;
}

void draw_checked(const Figure& fig, Canvas& c);

}  // namespace

void draw_figure(const Figure& fig, Canvas& c) {
    const auto bad = [](const Axis& a) { return a.scale == Scale::log && !(a.lo > 0); };
    if (!bad(fig.x) && !bad(fig.y)) {
        draw_checked(fig, c);
        return;
    }
    Figure shown = fig;  // only for such limits: the copy costs the data once
    if (bad(fig.x)) shown.x = log_view(fig.x, fig.lines, true);
    if (bad(fig.y)) shown.y = log_view(fig.y, fig.lines, false);
    draw_checked(shown, c);
}

namespace {

void draw_checked(const Figure& fig, Canvas& c) {
    const Metrics m(fig.dpi);
    c.clear(white);
    const Layout L = layout(fig, c, m);
    const Rect& box = L.axes;

    if (fig.grid) draw_grid(c, fig, L.x_ticks.values, L.y_ticks.values, box, m);
    c.push_clip(box);
    if (fig.heatmap) c.image(heatmap_image(*fig.heatmap), box);
    if (fig.bars) draw_bars(fig, c, box);
    draw_lines(fig, c, box, m);
    c.pop_clip();
    if (fig.legend) draw_legend(fig, c, box, m);

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

}  // namespace
}  // namespace plotcluster
