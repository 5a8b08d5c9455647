#include "figure/axis_ticks.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace plotcluster::chart {

namespace {

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

}  // namespace

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

void draw_x_axis(Canvas& c, const Axis& axis, const AxisTicks& t, const FittedText& label, const Rect& box,
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
    draw_text(c, label, {box.x + box.w / 2, row}, HAlign::center, VAlign::top, 0);
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

}  // namespace plotcluster::chart
