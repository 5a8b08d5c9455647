#include "figure/axis_ticks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace plotcluster::chart {

namespace {

// "10" with a raised exponent, as matplotlib's log axes label decades; "2×10" before it
// for a coefficient other than 1.
std::string power_base(int coefficient) {
    return coefficient == 1 ? "10" : std::to_string(coefficient) + "×10";
}

double power_width(Canvas& c, int coefficient, int exponent, double font) {
    return c.measure_text(power_base(coefficient), font).width +
           c.measure_text(format_number(exponent), font * 0.7).width;
}

void draw_power(Canvas& c, int coefficient, int exponent, Point at, HAlign h, VAlign v,
                double font) {
    const std::string base_text = power_base(coefficient);
    const double w = power_width(c, coefficient, exponent, font);
    double x = at.x - (h == HAlign::right ? w : h == HAlign::center ? w / 2 : 0);
    const TextExtents e = c.measure_text(base_text, font);
    double base = at.y;
    if (v == VAlign::top) base += e.ascent + font * 0.25;  // room for the raised exponent
    if (v == VAlign::center) base += (e.ascent - e.descent) / 2;
    c.text(base_text, {x, base}, {font, {0, 0, 0, 1}, HAlign::left, VAlign::baseline, 0});
    x += e.width;
    c.text(format_number(exponent), {x, base - font * 0.4},
           {font * 0.7, {0, 0, 0, 1}, HAlign::left, VAlign::baseline, 0});
}

// On a log axis [lo, hi]: to 1e-9 of a decade, and never inf (10^309 is).
bool inside(double v, double lo, double hi) {
    return std::isfinite(v) && v > 0 && std::log10(v) >= std::log10(lo) - 1e-9 &&
           std::log10(v) <= std::log10(hi) + 1e-9;
}

// matplotlib's LogLocator (base 10, numticks = the tick space clipped to 2..9) for the
// decades, its subs='auto' minor locator for 2..9 × 10ⁿ, and LogFormatterSciNotation's
// choice of labels (minor_thresholds (1, 0.4)). Empty when the axis is too narrow for
// two minor ticks; the caller then labels it linearly.
AxisTicks log_ticks(Canvas& c, double lo, double hi, int numticks, double font) {
    const double log_lo = std::log10(lo), log_hi = std::log10(hi);
    // log10 of an exact power of ten is exact, so floor and ceil are safe.
    const int first = static_cast<int>(std::floor(log_lo)),
              last = static_cast<int>(std::ceil(log_hi));
    const int numdec = static_cast<int>(std::floor(log_hi)) - static_cast<int>(std::ceil(log_lo));
    int stride = (numdec + 1) / numticks + 1;
    if (stride >= numdec) stride = std::max(1, numdec - 1);

    AxisTicks t;
    for (int k = first - stride; k <= last + 2 * stride; k += stride) {
        const double v = std::pow(10.0, k);
        if (!inside(v, lo, hi)) continue;
        t.values.push_back(v);
        t.powers.push_back(k);
        t.coefficients.push_back(1);
    }
    // Minor ticks only between decades one stride apart, and not over more than 10 decades.
    std::vector<std::pair<int, int>> subs;  // (coefficient, power) inside the view
    if (stride == 1 && numdec <= 10) {
        for (int k = first; k <= last; ++k) {
            for (int s = 2; s <= 9; ++s) {
                if (inside(s * std::pow(10.0, k), lo, hi)) subs.emplace_back(s, k);
            }
        }
    }
    if (t.values.size() < 2) {
        if (subs.size() < 2) return {};  // matplotlib switches to AutoLocator here
        // Under two decades in view: the minor ticks carry labels too, those at 2, 3, 4
        // and 6 over 0.4 to 1 decade, all of them under 0.4 decade.
        const double span = log_hi - log_lo;
        t = {};
        std::vector<std::pair<int, int>> all = subs;
        for (int k = first; k <= last; ++k) {
            if (inside(std::pow(10.0, k), lo, hi)) all.emplace_back(1, k);
        }
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second < b.second : a.first < b.first;
        });
        for (const auto& [s, k] : all) {
            const bool labelled =
                span <= 1 && (span <= 0.4 || s == 1 || s == 2 || s == 3 || s == 4 || s == 6);
            const double v = s * std::pow(10.0, k);
            if (s == 1 || labelled) {
                t.values.push_back(v);
                t.powers.push_back(k);
                t.coefficients.push_back(s);
            } else {
                t.minor.push_back(v);
            }
        }
    } else {
        t.minor.reserve(subs.size());
        for (const auto& [s, k] : subs) t.minor.push_back(s * std::pow(10.0, k));
    }
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        t.labels.labels.push_back(std::to_string(t.coefficients[i]) + "×10^" +
                                  std::to_string(t.powers[i]));
        t.max_width = std::max(t.max_width, power_width(c, t.coefficients[i], t.powers[i], font));
    }
    return t;
}

AxisTicks linear_ticks(Canvas& c, const Axis& axis, int bins, double font) {
    AxisTicks t;
    t.values = nice_ticks(axis.lo, axis.hi, bins, axis.integer);
    if (axis.scale == Scale::log) {  // a log axis within a decade: keep the ticks it can show
        std::erase_if(t.values, [](double v) { return !(v > 0); });
    }
    t.labels = format_ticks(t.values, axis.lo, axis.hi);
    for (const auto& s : t.labels.labels)
        t.max_width = std::max(t.max_width, c.measure_text(s, font).width);
    return t;
}

// Horizontal labels need room between them; vertical ones only their line height.
bool labels_fit(Canvas& c, const AxisTicks& t, double length_px, double font, bool horizontal) {
    const auto n = static_cast<double>(t.values.size());
    if (!horizontal) return font * 1.5 * n <= length_px;
    double total = 0;
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        total += t.powers.empty() ? c.measure_text(t.labels.labels[i], font).width
                                  : power_width(c, t.coefficients[i], t.powers[i], font);
    }
    return total + font * 0.8 * n <= length_px;
}

// How far label i reaches along the axis: its width on x, its height on y (a power's raised
// exponent adds to the height).
double label_length(Canvas& c, const AxisTicks& t, std::size_t i, double font, bool horizontal) {
    if (!t.powers.empty()) {
        if (horizontal) return power_width(c, t.coefficients[i], t.powers[i], font);
        return c.measure_text(power_base(t.coefficients[i]), font).height() + font * 0.4;
    }
    const TextExtents e = c.measure_text(t.labels.labels[i], font);
    return horizontal ? e.width : e.height();
}

// True when no two neighbouring labels, each centred on its tick, come closer than a
// small gap (a third of the font on x, a tenth on y) where the axis puts them.
bool labels_clear(Canvas& c, const AxisTicks& t, const Axis& axis, double length_px, double font,
                  bool horizontal) {
    const double gap = font * (horizontal ? 0.3 : 0.1);
    for (std::size_t i = 0; i + 1 < t.values.size(); ++i) {
        const double apart =
            std::abs(axis_fraction(t.values[i + 1], axis) - axis_fraction(t.values[i], axis)) *
            length_px;
        const double need = (label_length(c, t, i, font, horizontal) +
                             label_length(c, t, i + 1, font, horizontal)) /
                                2 +
                            gap;
        if (!(apart >= need)) return false;
    }
    return true;
}

// Every step-th tick from `phase`, with its label.
AxisTicks every_nth(const AxisTicks& t, std::size_t step, std::size_t phase) {
    AxisTicks out;
    out.labels.exponent = t.labels.exponent;
    out.labels.offset = t.labels.offset;
    out.labels.offset_text = t.labels.offset_text;
    out.minor = t.minor;
    for (std::size_t i = phase; i < t.values.size(); i += step) {
        out.values.push_back(t.values[i]);
        out.labels.labels.push_back(t.labels.labels[i]);
        if (!t.powers.empty()) {
            out.powers.push_back(t.powers[i]);
            out.coefficients.push_back(t.coefficients[i]);
        }
    }
    return out;
}

}  // namespace

AxisTicks unlabelled(AxisTicks t) {
    t.labelled = false;
    t.max_width = 0;
    t.labels.offset_text.clear();
    return t;
}

void thin_to_fit(Canvas& c, AxisTicks& t, const Axis& axis, double length_px, double font,
                 bool horizontal) {
    if (t.values.size() != t.labels.labels.size()) return;  // unlabelled: nothing to overlap
    for (std::size_t step = 2; !labels_clear(c, t, axis, length_px, font, horizontal); ++step) {
        if (step > t.values.size()) return;  // one label left: clear of any other
        // The phase that keeps the tick nearest zero (or, on a log axis, nearest 10⁰).
        std::size_t phase = 0;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < t.values.size(); ++i) {
            const double v = t.values[i];
            const double d = t.powers.empty() ? std::abs(v) : std::abs(std::log10(v));
            if (d < best) {
                best = d;
                phase = i % step;
            }
        }
        AxisTicks fewer = every_nth(t, step, phase);
        if (labels_clear(c, fewer, axis, length_px, font, horizontal) || fewer.values.size() == 1) {
            fewer.max_width = 0;
            for (std::size_t i = 0; i < fewer.values.size(); ++i)
                fewer.max_width = std::max(fewer.max_width, label_length(c, fewer, i, font, true));
            t = std::move(fewer);
            return;
        }
    }
}

AxisTicks make_ticks(Canvas& c, const Axis& axis, double length_px, double font, bool horizontal) {
    const double lo = axis.lo, hi = axis.hi;
    // build_figure never makes such an axis; a hand-made Figure gets an axis without ticks.
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) return {};
    if (axis.scale == Scale::log && !(lo > 0)) return {};
    // Axis.get_tick_space: the axis length over 3 (x) or 2 (y) tick label sizes.
    const double space = std::floor(length_px / (font * (horizontal ? 3 : 2)));
    const int bins = static_cast<int>(std::clamp(space, 1.0, 9.0));
    AxisTicks t;
    for (int b = bins;; --b) {
        if (axis.scale == Scale::log) {
            t = log_ticks(c, lo, hi, std::max(b, 2), font);
            if (t.values.empty()) t = linear_ticks(c, axis, b, font);
        } else {
            t = linear_ticks(c, axis, b, font);
        }
        if (b <= 1 || (labels_fit(c, t, length_px, font, horizontal) &&
                       labels_clear(c, t, axis, length_px, font, horizontal))) {
            break;
        }
    }
    // Two ticks still too close (the axis is shorter than their labels): label fewer.
    thin_to_fit(c, t, axis, length_px, font, horizontal);
    return t;
}

void draw_x_axis(Canvas& c, const Axis& axis, const AxisTicks& t, const FittedText& label,
                 const Rect& box, const Metrics& m) {
    const Stroke tick{black, m.line_w};
    const Stroke minor{black, m.minor_w};
    const double y0 = crisp(box.bottom(), m.line_w);
    const double label_y = box.bottom() + m.tick_len + m.tick_pad;
    for (const double v : t.minor) {
        const double x = crisp(to_px(v, axis, box.x, box.w), m.minor_w);
        const Point seg[2] = {{x, y0}, {x, y0 + m.minor_len}};
        c.polyline(seg, minor);
    }
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        const double x = crisp(to_px(t.values[i], axis, box.x, box.w), m.line_w);
        const Point seg[2] = {{x, y0}, {x, y0 + m.tick_len}};
        c.polyline(seg, tick);
        if (!t.labelled) continue;
        if (!t.powers.empty()) {
            draw_power(c, t.coefficients[i], t.powers[i], {x, label_y}, HAlign::center, VAlign::top,
                       m.tick_font);
        } else {
            c.text(t.labels.labels[i], {x, label_y},
                   {m.tick_font, black, HAlign::center, VAlign::top, 0});
        }
    }
    const double row = label_y + c.measure_text("0", m.tick_font).height() + m.label_pad;
    if (!t.labels.offset_text.empty()) {  // right-aligned at the end of the axis, as matplotlib
        c.text(t.labels.offset_text, {box.right(), row},
               {m.tick_font, black, HAlign::right, VAlign::top, 0});
    }
    draw_text(c, label, {box.x + box.w / 2, row}, HAlign::center, VAlign::top, 0);
}

void draw_y_ticks(Canvas& c, const Axis& axis, const AxisTicks& t, const Rect& box,
                  const Metrics& m, bool right) {
    const Stroke tick{black, m.line_w};
    const Stroke minor{black, m.minor_w};
    const double x0 = crisp(right ? box.right() : box.x, m.line_w);
    const double dir = right ? 1 : -1;
    const double label_x = x0 + dir * (m.tick_len + m.tick_pad);
    for (const double v : t.minor) {
        const double y = crisp(to_px(v, axis, box.bottom(), -box.h), m.minor_w);
        const Point seg[2] = {{x0, y}, {x0 + dir * m.minor_len, y}};
        c.polyline(seg, minor);
    }
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        const double y = crisp(to_px(t.values[i], axis, box.bottom(), -box.h), m.line_w);
        const Point seg[2] = {{x0, y}, {x0 + dir * m.tick_len, y}};
        c.polyline(seg, tick);
        if (!t.labelled) continue;
        const HAlign h = right ? HAlign::left : HAlign::right;
        if (!t.powers.empty()) {
            draw_power(c, t.coefficients[i], t.powers[i], {label_x, y}, h, VAlign::center,
                       m.tick_font);
        } else {
            c.text(t.labels.labels[i], {label_x, y}, {m.tick_font, black, h, VAlign::center, 0});
        }
    }
    if (!t.labels.offset_text.empty()) {  // over the top: left-aligned on a y axis
        c.text(t.labels.offset_text, {right ? box.right() : box.x, box.y - m.label_pad},
               {m.tick_font, black, right ? HAlign::center : HAlign::left, VAlign::baseline, 0});
    }
}

}  // namespace plotcluster::chart
