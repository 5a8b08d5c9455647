#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plotcluster/core/fields.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/figure/line_decimator.hpp"
#include "../figure_parts.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using series_keys::Marker;

enum class Grouping { none, parent };  // `group: parent`: one figure per HDF5 group
constexpr std::array<std::string_view, 1> group_names = {"parent"};
enum class Errors { bars, band };  // how `yerr` is drawn
constexpr std::array<std::string_view, 2> errors_names = {"bars", "band"};

struct LineOptions {
    std::optional<std::string> x;  // x dataset: absolute path, or a sibling's name
    Grouping group = Grouping::none;
    Marker marker = Marker::none;
    double linewidth = 1.5;            // points
    std::optional<std::string> color;  // validated colour spec ("C0", "#1f77b4", "red")
    double marker_size = 6;            // points, diameter
    double alpha = 1;                  // 0..1
    // `yerr`: one dataset (symmetric errors) or two (below, above), each of the data's
    // shape: distances from y, not bounds, as matplotlib's errorbar(yerr=[lo, hi]).
    std::optional<std::string> yerr;
    std::optional<std::string> yerr_upper;  // the second of two
    Errors errors = Errors::bars;
    std::vector<double> hlines;  // reference lines (series_keys::reference_lines)
    std::vector<double> vlines;
};

template <fields::same_or_const<LineOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("x", o.x);
    v("group", o.group);
    v("marker", o.marker);
    v("linewidth", o.linewidth);
    v("color", o.color);
    v("marker_size", o.marker_size);
    v("alpha", o.alpha);
    v("yerr", o.yerr);
    v("yerr_upper", o.yerr_upper);
    v("errors", o.errors);
    v("hlines", o.hlines);
    v("vlines", o.vlines);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<LineOptions>() == fields::member_count<LineOptions>(),
              "LineOptions: every member must be in its field list");

constexpr std::array<std::string_view, 11> line_keys = {
    "x",     "group", "marker", "linewidth", "color", "marker_size",
    "alpha", "yerr",  "errors", "hlines",    "vlines"};

// The companion roles the errors are read as: "yerr", or "yerr[0]" and "yerr[1]".
std::string_view below_role(const LineOptions& o) { return o.yerr_upper ? "yerr[0]" : "yerr"; }
constexpr std::string_view above_role = "yerr[1]";

std::string number_text(double v) {
    std::array<char, 32> buf{};
    const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), v).ptr;
    return {buf.data(), end};
}

// One error dataset's values, checked: as many as the line has, none negative (NaN: no
// error drawn at that point).
std::vector<double> error_values(const PlotData& data, std::string_view role, std::size_t n) {
    const CompanionData* c = data.companion(role);
    if (c == nullptr) throw DatasetError("the " + std::string(role) + " dataset was not read");
    std::vector<double> e = c->values.values;
    if (e.size() != n) {
        throw DatasetError(std::string(role) + " dataset '" + c->dataset + "' has " +
                           std::to_string(e.size()) + " values but the line has " +
                           std::to_string(n));
    }
    for (std::size_t k = 0; k < n; ++k) {
        if (e[k] < 0) {
            throw DatasetError("yerr must not be negative: '" + c->dataset + "' has " +
                               number_text(e[k]) + " at index " + std::to_string(k));
        }
    }
    return e;
}

// The lower and upper ends of the error bars around `y` (y - below, y + above); a point
// without a finite error gets NaN ends. Nothing without `yerr`.
struct ErrorEnds {
    std::vector<double> lo;
    std::vector<double> hi;
};
std::optional<ErrorEnds> error_ends(const LineOptions& o, const PlotData& data,
                                    const std::vector<double>& y) {
    if (!o.yerr) return std::nullopt;
    const std::vector<double> below = error_values(data, below_role(o), y.size());
    const std::vector<double> above =
        o.yerr_upper ? error_values(data, above_role, y.size()) : below;
    ErrorEnds ends{std::vector<double>(y.size()), std::vector<double>(y.size())};
    for (std::size_t k = 0; k < y.size(); ++k) {
        const bool finite = std::isfinite(below[k]) && std::isfinite(above[k]);
        ends.lo[k] = finite ? y[k] - below[k] : nan;
        ends.hi[k] = finite ? y[k] + above[k] : nan;
    }
    return ends;
}

// A long line without markers is reduced to what its pixels can show (see LineDecimator).
// Two columns per pixel of the figure's width (the plot area is narrower): with one, the
// points' positions inside a pixel column are lost and the band's rim shows it.
void decimate(LinesLayer& s, const Axis& x, int width) {
    const std::size_t columns = 2 * static_cast<std::size_t>(std::max(width, 1));
    if (s.marker || s.y.size() <= 4 * columns || !non_decreasing(s.x)) return;
    const bool log = x.scale == Scale::log;
    // Columns need an x range: a log axis must also have one in log10 (see padded).
    if (log && !(std::log10(x.hi) > std::log10(x.lo))) return;
    auto at = [&](double v) { return log ? std::log10(v) : v; };
    if (log) {
        for (double& v : s.x) v = std::log10(v);  // finish() replaces s.x
    }
    LineDecimator d(at(x.lo), at(x.hi), columns);
    d.add(s.x, s.y);
    d.finish(s.x, s.y);
    if (log) {
        for (double& v : s.x) v = std::pow(10.0, v);
    }
}

// A long band is reduced to its envelope over columns of the x axis, two per pixel of the
// figure's width, as decimate reduces a line: each column's lowest y_lo and highest y_hi at
// its centre, a column holding a gap is a gap. Filling two million points costs seconds.
void reduce_band(BandLayer& b, const Axis& x, int width) {
    const std::size_t columns = 2 * static_cast<std::size_t>(std::max(width, 1));
    if (b.x.size() <= 4 * columns || x.scale != Scale::linear || !non_decreasing(b.x) || !(x.hi > x.lo)) return;
    const double step = (x.hi - x.lo) / static_cast<double>(columns);
    BandLayer out{{}, {}, {}, b.color, b.label};
    std::size_t k = 0;
    while (k < b.x.size()) {
        if (!std::isfinite(b.x[k])) {
            ++k;
            continue;
        }
        const double col = std::floor((b.x[k] - x.lo) / step);
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        bool gap = false;
        for (; k < b.x.size() && std::isfinite(b.x[k]) && std::floor((b.x[k] - x.lo) / step) == col; ++k) {
            if (!std::isfinite(b.y_lo[k]) || !std::isfinite(b.y_hi[k])) {
                gap = true;
                continue;
            }
            lo = std::min(lo, b.y_lo[k]);
            hi = std::max(hi, b.y_hi[k]);
        }
        if (gap) {
            out.x.push_back(nan);
            out.y_lo.push_back(nan);
            out.y_hi.push_back(nan);
        }
        if (lo <= hi) {
            out.x.push_back(x.lo + (col + 0.5) * step);
            out.y_lo.push_back(lo);
            out.y_hi.push_back(hi);
        }
    }
    b = std::move(out);
}

// The values as steps over their cells (matplotlib's stairs): each value flat from its
// cell's lower edge to its upper one, with risers between neighbours.
void as_steps(LinesLayer& s, const std::vector<double>& edges) {
    std::vector<double> x, y;
    x.reserve(2 * s.y.size());
    y.reserve(2 * s.y.size());
    for (std::size_t k = 0; k < s.y.size(); ++k) {
        x.push_back(edges[k]);
        x.push_back(edges[k + 1]);
        y.push_back(s.y[k]);
        y.push_back(s.y[k]);
    }
    s.x = std::move(x);
    s.y = std::move(y);
}

// Where the points go along x: the rule's `x` values (one per point, or n + 1 edges for
// steps), else the file's coordinate (its centres, or its edges), else the indices.
struct Placement {
    std::optional<std::vector<double>> points;  // one x per value
    std::optional<std::vector<double>> edges;   // n + 1: steps
    bool from_rule = false;  // the rule's `x`; else the first series' coordinate
};

Placement placement(PlotData& data, const std::string& x_dataset, std::size_t n) {
    Placement p;
    if (data.x) {
        std::vector<double> x = one_dimensional(*data.x, "the x axis", x_dataset);
        p.from_rule = true;
        if (x.size() == n + 1) {
            p.edges = std::move(x);
        } else {
            p.points = std::move(x);
        }
        return p;
    }
    if (data.coordinates.size() != 1 || !data.coordinates[0].physical() ||
        data.coordinates[0].form == AxisCoordinate::Form::curvilinear || data.coordinates[0].cells != n)
        return p;
    const AxisCoordinate& c = data.coordinates[0];
    if (c.edges_given) {
        p.edges = cell_edges(c);
        return p;
    }
    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) x[k] = cell_centre(c, k);
    p.points = std::move(x);
    return p;
}

Figure line_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                   const FigureConfig& style, const std::optional<SharedRange>& shared,
                   const std::optional<SharedRange>& shared_x) {
    const LineOptions& o = options_as<LineOptions>(rule.options.get());
    if (o.yerr && o.group == Grouping::parent) {
        throw DatasetError("yerr goes with one line; group: parent draws a line per member of '" +
                           task.read.dataset + "'");
    }
    const std::string x_dataset = companion(task.read, "x");
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    std::vector<LinesLayer> lines;
    std::vector<Layer> errors;  // bands go under the lines, bars over them
    std::optional<Placement> place;
    Finite xs, ys;
    for (std::size_t i = 0; i < data.series.size(); ++i) {
        auto& in = data.series[i];
        LinesLayer s;
        s.y = one_dimensional(in.values, "a line plot", in.dataset);
        if (!place) place = placement(data, x_dataset, s.y.size());
        const Placement* here = &*place;
        const Placement indices;
        // A group member of another length than the first has no coordinate: its indices.
        const std::size_t placed = here->edges ? here->edges->size() - 1 : here->points ? here->points->size() : 0;
        if (!here->from_rule && (here->edges || here->points) && placed != s.y.size()) here = &indices;
        if (here->points) {
            if (here->points->size() != s.y.size()) {
                throw DatasetError("x dataset '" + x_dataset + "' has " +
                                   std::to_string(here->points->size()) + " values but '" + in.dataset +
                                   "' has " + std::to_string(s.y.size()));
            }
            s.x = *here->points;
        } else if (!here->edges) {
            s.x.resize(s.y.size());
            for (std::size_t k = 0; k < s.x.size(); ++k) s.x[k] = static_cast<double>(k);
        } else if (here->edges->size() != s.y.size() + 1) {
            throw DatasetError("x dataset '" + x_dataset + "' has " + std::to_string(here->edges->size()) +
                               " edges but '" + in.dataset + "' has " + std::to_string(s.y.size()) +
                               " values");
        }
        fig.ignored += mask_unshown(s.y, rule.yscale);
        if (here->edges) {
            as_steps(s, *here->edges);
            std::vector<double> edges = *here->edges;
            fig.ignored += mask_unshown(edges, rule.xscale);
            mask_unshown(s.x, rule.xscale);
        } else {
            fig.ignored += mask_unshown(s.x, rule.xscale);
        }
        for (std::size_t k = 0; k < s.y.size(); ++k) {
            if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) {
                xs.add(s.x[k]);
                ys.add(s.y[k]);
            }
        }
        s.color = series_color(o.color, o.alpha, i);
        s.dash = o.color ? Dash::solid : cycle_dash(i);
        s.width_pt = o.linewidth;
        s.marker = here->edges ? std::nullopt : marker_shape(o.marker);
        s.marker_pt = o.marker_size;
        s.label = series_label(in);
        if (o.yerr) {
            // One line (group: parent takes no yerr): the bars stand at its points, at the
            // cells' centres where it is drawn as steps.
            std::vector<double> at = s.x;
            if (here->edges) {
                at.assign(s.y.size() / 2, nan);
                for (std::size_t k = 0; k < at.size(); ++k)
                    at[k] = 0.5 * ((*here->edges)[k] + (*here->edges)[k + 1]);
                mask_unshown(at, rule.xscale);
            }
            std::vector<double> y = s.y;
            if (here->edges) {
                y.resize(at.size());
                for (std::size_t k = 0; k < y.size(); ++k) y[k] = s.y[2 * k];
            }
            ErrorEnds ends = *error_ends(o, data, y);
            for (std::size_t k = 0; k < y.size(); ++k) {
                if (!std::isfinite(at[k]) || !std::isfinite(y[k])) continue;
                if (shown(ends.lo[k], rule.yscale)) ys.add(ends.lo[k]);
                if (shown(ends.hi[k], rule.yscale)) ys.add(ends.hi[k]);
            }
            const Color color = series_color(o.color, o.alpha, i);
            if (o.errors == Errors::band) {
                BandLayer band{std::move(at), std::move(ends.lo), std::move(ends.hi), color, ""};
                band.color.a *= 0.3;
                if (rule.yscale == Scale::log) {
                    for (double& v : band.y_lo) {
                        if (std::isfinite(v) && v <= 0) v = smallest;
                    }
                }
                errors.emplace_back(std::move(band));
            } else {
                ErrorBarsLayer bars{std::move(at), std::move(ends.lo), std::move(ends.hi), color,
                                    o.linewidth};
                errors.emplace_back(std::move(bars));
            }
        }
        lines.push_back(std::move(s));
    }
    for (const double h : o.hlines) {
        if (shown(h, rule.yscale)) ys.add(h);
    }
    for (const double v : o.vlines) {
        if (shown(v, rule.xscale)) xs.add(v);
    }
    if (!ys.any()) {
        throw DatasetError(rule.yscale == Scale::log || rule.xscale == Scale::log
                               ? "no finite positive values to plot on a log axis"
                               : "no finite values to plot (all NaN or Inf)");
    }
    std::string x_label = task.draw.x_label;
    if (!rule.x_label && x_dataset.empty() && data.coordinates.size() == 1) {
        if (std::string label = coordinate_label(data.coordinates[0]); !label.empty()) x_label = std::move(label);
    }
    std::string y_label = task.draw.y_label;
    if (!rule.y_label && !data.value_units.empty()) y_label += " [" + data.value_units + "]";
    panel.x = x_axis(rule, std::move(x_label), xs, shared_x);
    const Range y = value_range(rule, ys, rule.yscale, shared);
    panel.y = value_axis(rule, std::move(y_label), y, rule.yscale);
    fig.vmin = y.lo;
    fig.vmax = y.hi;
    if (data.reduced_ignored) fig.ignored = *data.reduced_ignored;  // not the gaps it left
    panel.legend = lines.size() > 1 ? LegendPlace::best : LegendPlace::none;
    for (auto& e : errors) {
        if (auto* band = std::get_if<BandLayer>(&e)) {
            reduce_band(*band, panel.x, style.width);
            panel.layers.push_back(std::move(e));
        }
    }
    for (auto& s : lines) {
        decimate(s, panel.x, style.width);
        panel.layers.emplace_back(std::move(s));
    }
    for (auto& e : errors) {
        if (std::holds_alternative<ErrorBarsLayer>(e)) panel.layers.push_back(std::move(e));
    }
    mark_integer_axes(panel);
    add_reference_lines(panel, o.hlines, o.vlines);
    return fig;
}

class LineKind final : public PlotKind {
public:
    std::string_view name() const override { return "line"; }
    std::span<const std::string_view> keys() const override { return line_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<LineOptions>>();
        LineOptions& o = options->value;
        o.x = series_keys::x_dataset(keys);
        if (keys.choice("group", "group", group_names)) o.group = Grouping::parent;
        o.marker = series_keys::marker(keys).value_or(o.marker);
        o.linewidth = keys.number("linewidth", 0, 100).value_or(o.linewidth);
        o.color = keys.color("color");
        o.marker_size = series_keys::marker_size(keys).value_or(o.marker_size);
        o.alpha = series_keys::alpha(keys).value_or(o.alpha);
        if (auto yerr = keys.texts("yerr", 1, 2)) {
            for (const std::string& name : *yerr) {
                if (name.find_first_of("*?[") != std::string::npos)
                    keys.fail("yerr", "must name datasets, not patterns");
            }
            o.yerr = yerr->front();
            if (yerr->size() == 2) o.yerr_upper = yerr->back();
        }
        if (auto errors = keys.choice("errors", "errors", errors_names)) {
            if (!o.yerr) keys.fail("errors", "needs yerr: the errors to draw");
            o.errors = static_cast<Errors>(*errors);
        }
        o.hlines = series_keys::reference_lines(keys, "hlines");
        o.vlines = series_keys::reference_lines(keys, "vlines");
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<LineOptions>>();
    }

    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        return resolve_selection(shape, rule.slice, 1, "line plot needs 1-D data");
    }
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const LineOptions& o = options_as<LineOptions>(rule.options.get());
        std::vector<CompanionKey> keys;
        if (o.x) keys.push_back({"x", *o.x, 0});  // one x per value, or the n + 1 edges of steps
        if (o.yerr)
            keys.push_back(
                {std::string(below_role(o)), *o.yerr, std::nullopt, CompanionFit::shape});
        if (o.yerr_upper)
            keys.push_back(
                {std::string(above_role), *o.yerr_upper, std::nullopt, CompanionFit::shape});
        return keys;
    }
    bool draws_coordinates(const PlotRule& /*rule*/) const override { return true; }
    bool draws_groups(const PlotRule& rule) const override {
        return options_as<LineOptions>(rule.options.get()).group == Grouping::parent;
    }
    AxisLabels default_labels(const PlotRule& /*rule*/, const LabelSources& from) const override {
        return {from.x, from.value};
    }

    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        const LineOptions& o = options_as<LineOptions>(rule.options.get());
        auto extent = series_extent(data, rule.yscale);
        Finite ys;
        if (extent) {
            ys.add(extent->first);
            ys.add(extent->second);
        }
        if (o.yerr && data.series.size() == 1) {
            const std::vector<double>& y = data.series.front().values.values;
            if (const auto ends = error_ends(o, data, y)) {
                for (std::size_t k = 0; k < y.size(); ++k) {
                    if (!shown(y[k], rule.yscale)) continue;
                    if (shown(ends->lo[k], rule.yscale)) ys.add(ends->lo[k]);
                    if (shown(ends->hi[k], rule.yscale)) ys.add(ends->hi[k]);
                }
            }
        }
        for (const double h : o.hlines) {
            if (shown(h, rule.yscale)) ys.add(h);
        }
        if (!ys.any()) return std::nullopt;
        return std::make_pair(ys.lo, ys.hi);
    }
    // Where the figure puts the points (the rule's x, the file's coordinate, steps' edges),
    // over the points it shows.
    std::optional<std::pair<double, double>> x_extent(const PlotTask& task, const PlotRule& rule,
                                                      PlotData&& data) const override {
        const Figure fig = line_figure(task, rule, std::move(data), FigureConfig{}, std::nullopt, std::nullopt);
        Finite xs;
        for (const double v : options_as<LineOptions>(rule.options.get()).vlines) {
            if (shown(v, rule.xscale)) xs.add(v);
        }
        for (const Layer& layer : fig.panels.front().layers) {
            const auto* s = std::get_if<LinesLayer>(&layer);
            if (s == nullptr) continue;
            for (std::size_t k = 0; k < s->x.size() && k < s->y.size(); ++k) {
                if (std::isfinite(s->x[k]) && std::isfinite(s->y[k])) xs.add(s->x[k]);
            }
        }
        if (!xs.any()) return std::nullopt;
        return std::make_pair(xs.lo, xs.hi);
    }
    bool x_follows_limits() const override { return true; }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        return line_figure(task, rule, std::move(data), style, shared.value, shared.x);
    }
    // Explicit x limits may zoom into the series, where a reduction over all of it would
    // leave too few points per pixel. A line with yerr is read whole: its errors are drawn
    // at every point (bars), or as a band through every point.
    bool draws_reduced_series(const PlotRule& rule) const override {
        const LineOptions& o = options_as<LineOptions>(rule.options.get());
        return o.marker == Marker::none && !o.yerr && rule.xscale == Scale::linear &&
               x_limits_of(rule).automatic;
    }
};

}  // namespace

const PlotKind& line_kind() {
    static const LineKind kind;
    return kind;
}

}  // namespace plotcluster
