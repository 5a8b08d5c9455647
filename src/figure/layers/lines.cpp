#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <vector>

#include "figure/layers/draw_layer.hpp"

namespace plotcluster::chart {

namespace {
// matplotlib's lines.dashed_pattern, dotted_pattern and dashdot_pattern: on, off, ...
// lengths in line widths.
std::span<const double> pattern(Dash dash) {
    static constexpr std::array<double, 2> dashed = {3.7, 1.6};
    static constexpr std::array<double, 2> dotted = {1, 1.65};
    static constexpr std::array<double, 4> dash_dot = {6.4, 1.6, 1, 1.6};
    switch (dash) {
        case Dash::dashed: return dashed;
        case Dash::dotted: return dotted;
        case Dash::dash_dot: return dash_dot;
        case Dash::solid: break;
    }
    return {};
}
}  // namespace

void dashed_polyline(Canvas& c, std::span<const Point> points, const Stroke& stroke, Dash dash) {
    const std::span<const double> lengths = pattern(dash);
    if (lengths.empty() || points.size() < 2 || !(stroke.width > 0)) {
        c.polyline(points, stroke);
        return;
    }
    const double scale = std::max(stroke.width, 1.0);  // a hairline's dashes stay visible
    std::size_t part = 0;                                // on at even parts
    double left = lengths[0] * scale;                    // of the current part
    std::vector<Point> dash_points{points[0]};
    for (std::size_t i = 1; i < points.size(); ++i) {
        Point from = points[i - 1];
        const Point to = points[i];
        double seg = std::hypot(to.x - from.x, to.y - from.y);
        while (seg > left) {
            const double f = left / seg;
            const Point cut{from.x + (to.x - from.x) * f, from.y + (to.y - from.y) * f};
            if (part % 2 == 0) {
                dash_points.push_back(cut);
                c.polyline(dash_points, stroke);
            }
            dash_points.assign(1, cut);
            seg -= left;
            from = cut;
            part = (part + 1) % lengths.size();
            left = lengths[part] * scale;
        }
        left -= seg;
        if (part % 2 == 0) dash_points.push_back(to);
        else dash_points.assign(1, to);
    }
    if (part % 2 == 0 && dash_points.size() >= 2) c.polyline(dash_points, stroke);
}

namespace {
// The colour of a segment starting at a point of `value` in a colormapped line.
Color mapped(const LinesLayer& s, double value) {
    const double span = s.vmax - s.vmin;
    const double t = span > 0 ? (value - s.vmin) / span : 0.5;
    const Rgb8 rgb = s.colormap->at(std::isfinite(t) ? t : 0);
    return {rgb.r / 255.0, rgb.g / 255.0, rgb.b / 255.0, s.color.a};
}

// A colormapped run: each stretch of segments of one colour is one polyline, so joins
// stay joined where the colour does not change.
void coloured_run(const LinesLayer& s, std::span<const Point> run, std::span<const double> values,
                  Canvas& c, const Metrics& m) {
    std::size_t start = 0;
    while (start + 1 < run.size()) {
        const Color colour = mapped(s, values[start]);
        std::size_t end = start + 1;
        while (end + 1 < run.size() && mapped(s, values[end]) == colour) ++end;
        dashed_polyline(c, run.subspan(start, end - start + 1), {colour, s.width_pt * m.pt}, s.dash);
        start = end;
    }
}
}  // namespace

// Each run between gaps is one polyline; a lone point of a line without markers gets a
// dot, so it does not vanish.
void draw_layer(const LinesLayer& s, Canvas& c, const PlotArea& area, const Metrics& m) {
    std::vector<Point> run;
    std::vector<double> run_values;
    std::vector<Point> marks;
    const Stroke stroke{s.color, s.width_pt * m.pt};
    const bool line = s.width_pt > 0;
    const bool coloured = s.colormap != nullptr && s.values.size() >= std::min(s.x.size(), s.y.size());
    auto flush = [&] {
        if (line && coloured && run.size() >= 2) {
            coloured_run(s, run, run_values, c, m);
        } else if (line && run.size() >= 2) {
            dashed_polyline(c, run, stroke, s.dash);
        } else if (line && run.size() == 1 && !s.marker) {
            const double r = stroke.width;
            c.fill_rect({run[0].x - r, run[0].y - r, 2 * r, 2 * r}, s.color);
        }
        run.clear();
        run_values.clear();
    };
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
            flush();  // NaN/Inf leave a gap
            continue;
        }
        const Point p = area.at(s.x[i], s.y[i]);
        if (line) run.push_back(p);
        if (line && coloured) run_values.push_back(s.values[i]);
        if (s.marker) marks.push_back(p);
    }
    flush();
    if (s.marker) c.markers(marks, *s.marker, marker_px(*s.marker, s.marker_pt, m), s.color);
}

}  // namespace plotcluster::chart
