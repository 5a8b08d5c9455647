#include <algorithm>
#include <array>
#include <cmath>
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

// Each run between gaps is one polyline; a lone point of a line without markers gets a
// dot, so it does not vanish.
void draw_layer(const LinesLayer& s, Canvas& c, const PlotArea& area, const Metrics& m) {
    std::vector<Point> run;
    std::vector<Point> marks;
    const Stroke stroke{s.color, s.width_pt * m.pt};
    const bool line = s.width_pt > 0;
    auto flush = [&] {
        if (line && run.size() >= 2) {
            dashed_polyline(c, run, stroke, s.dash);
        } else if (line && run.size() == 1 && !s.marker) {
            const double r = stroke.width;
            c.fill_rect({run[0].x - r, run[0].y - r, 2 * r, 2 * r}, s.color);
        }
        run.clear();
    };
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
            flush();  // NaN/Inf leave a gap
            continue;
        }
        const Point p = area.at(s.x[i], s.y[i]);
        if (line) run.push_back(p);
        if (s.marker) marks.push_back(p);
    }
    flush();
    if (s.marker) c.markers(marks, *s.marker, marker_px(*s.marker, s.marker_pt, m), s.color);
}

}  // namespace plotcluster::chart
