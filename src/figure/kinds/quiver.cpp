// quiver: arrows of a 2-D vector field on the grid a heatmap of the same data draws, from
// two companion datasets `u:` and `v:` of the matched dataset's shape (which then only
// gives the grid: a density the arrows go over), or from the matched dataset's last axis
// of length 2 or 3 (components 0 and 1 drawn). Thinned to about 25 arrows across the
// wider axis, scaled so that a typical arrow is 0.6 of their spacing, with a
// reference arrow of a round magnitude; `color_by: magnitude` colours them.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "../figure_parts.hpp"
#include "cell_grid.hpp"
#include "vector_field.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using cell_grid::axis_label;
using vector_field::Field;
using vector_field::Grid;
using vector_field::aspect_of;
using vector_field::drawable;
using vector_field::place_grid;

// Arrows across the wider axis when `stride` is not given (matplotlib users thin to 20–40).
constexpr double arrows_across = 25;
// A typical arrow's length over the spacing of the arrows: about matplotlib's autoscale
// (a mean arrow 1 / 1.8 of the axes' width over the square root of the count), so that
// only arrows well above the typical magnitude reach their neighbours.
constexpr double typical_length = 0.6;

enum class ColorBy { none, magnitude };
constexpr std::array<std::string_view, 2> color_by_names = {"none", "magnitude"};
constexpr std::array<std::string_view, 3> pivot_names = {"tail", "middle", "tip"};

struct QuiverOptions {
    // The components' datasets, of the matched dataset's shape; unset: its last axis.
    std::optional<std::string> u;
    std::optional<std::string> v;
    std::vector<double> stride;  // [s] or [s_rows, s_cols] cells between arrows; empty: auto
    double scale = 0;            // axis units per unit of magnitude; 0: auto
    ColorBy color_by = ColorBy::none;
    std::string colormap = "viridis";
    std::optional<std::string> color;  // unset: black
    double alpha = 1;
    ArrowPivot pivot = ArrowPivot::tail;
    bool key = true;                       // the reference arrow
    std::optional<std::string> key_units;  // the reference arrow's units; unset: u's `units`
    // Datasets placing the columns (x) and rows (y), as heatmap's.
    std::optional<std::string> x;
    std::optional<std::string> y;
};

template <fields::same_or_const<QuiverOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("u", o.u);
    v("v", o.v);
    v("stride", o.stride);
    v("scale", o.scale);
    v("color_by", o.color_by);
    v("colormap", o.colormap);
    v("color", o.color);
    v("alpha", o.alpha);
    v("pivot", o.pivot);
    v("key", o.key);
    v("key_units", o.key_units);
    v("x", o.x);
    v("y", o.y);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<QuiverOptions>() == fields::member_count<QuiverOptions>(),
              "QuiverOptions: every member must be in its field list");

constexpr std::array<std::string_view, 13> quiver_keys = {
    "u",     "v",     "stride", "scale",     "color_by", "colormap", "color",
    "alpha", "pivot", "key",    "key_units", "x",        "y"};

// Cells between arrows along the rows and along the columns: the rule's, else one stride
// for both that leaves about `arrows_across` arrows across the wider axis.
std::array<std::size_t, 2> strides(const QuiverOptions& o, std::size_t rows, std::size_t cols) {
    if (o.stride.size() == 1)
        return {static_cast<std::size_t>(o.stride[0]), static_cast<std::size_t>(o.stride[0])};
    if (o.stride.size() == 2)
        return {static_cast<std::size_t>(o.stride[0]), static_cast<std::size_t>(o.stride[1])};
    const double wider = static_cast<double>(std::max(rows, cols));
    const auto s = static_cast<std::size_t>(std::max(1.0, std::round(wider / arrows_across)));
    return {s, s};
}

// The cells sampled along an axis of n cells every `stride`: centred, so that the margins
// at both ends are equal (the lower one takes the odd cell).
std::vector<std::size_t> samples(std::size_t n, std::size_t stride) {
    std::vector<std::size_t> at;
    if (n == 0 || stride == 0) return at;
    const std::size_t count = (n - 1) / stride + 1;
    const std::size_t first = (n - 1 - (count - 1) * stride) / 2;
    at.reserve(count);
    for (std::size_t k = 0; k < count; ++k) at.push_back(first + k * stride);
    return at;
}

// The median of `v` (non-empty), the mean of the two middle values for an even count.
double median(std::vector<double> v) {
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    const double upper = *mid;
    if (v.size() % 2 == 1) return upper;
    return (*std::max_element(v.begin(), mid) + upper) / 2;
}

// The round value (1, 2 or 5 times a power of ten) nearest to `typical` on a log scale.
double round_magnitude(double typical) {
    const double decade = std::pow(10.0, std::floor(std::log10(typical)));
    double best = decade;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (std::abs(std::log(m * decade / typical)) < std::abs(std::log(best / typical)))
            best = m * decade;
    }
    return best;
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// What the drawn arrows are: positions, components, and the arithmetic of their look.
struct Arrows {
    std::vector<double> x, y, u, v, magnitude;
    double spacing = 1;  // between neighbouring arrows, in axis units
};

// The arrows drawn: every stride-th cell's vector, and how far apart they are.
Arrows sample_arrows(const Field& f, const Grid& g, const QuiverOptions& o) {
    const auto [sr, sc] = strides(o, f.rows, f.cols);
    Arrows a;
    for (const std::size_t i : samples(f.rows, sr)) {
        for (const std::size_t j : samples(f.cols, sc)) {
            const std::size_t k = i * f.cols + j;
            a.x.push_back(g.x_at(i, j));
            a.y.push_back(g.y_at(i, j));
            a.u.push_back(f.u_at(k));
            a.v.push_back(f.v_at(k));
            a.magnitude.push_back(std::hypot(a.u.back(), a.v.back()));
        }
    }
    // The spacing along the axis where the arrows are closer, in axis units, so that a
    // typical arrow overlaps neither neighbour.
    const double along_x = static_cast<double>(f.cols > 1 ? sc : 1) * std::abs(g.cell_w);
    const double along_y = static_cast<double>(f.rows > 1 ? sr : 1) * std::abs(g.cell_h);
    a.spacing = f.rows == 1 ? along_x : f.cols == 1 ? along_y : std::min(along_x, along_y);
    return a;
}

// The typical magnitude: the median of the drawn arrows' that are finite and not zero,
// else of every vector's (a sample that fell on zeros only); nothing when no vector has one.
std::optional<double> typical_magnitude(const Arrows& a, const Field& f) {
    std::vector<double> m;
    for (std::size_t i = 0; i < a.u.size(); ++i)
        if (drawable(a.u[i], a.v[i])) m.push_back(a.magnitude[i]);
    if (m.empty()) {
        for (std::size_t k = 0; k < f.cells(); ++k)
            if (drawable(f.u_at(k), f.v_at(k))) m.push_back(std::hypot(f.u_at(k), f.v_at(k)));
    }
    if (m.empty()) return std::nullopt;
    const double typical = median(std::move(m));
    if (!std::isfinite(typical) || !(typical > 0)) return std::nullopt;
    return typical;
}

// The range of the drawn arrows' finite magnitudes (what color_by colours, what limits pool).
Finite magnitude_range(const Arrows& a) {
    Finite r;
    for (std::size_t i = 0; i < a.u.size(); ++i)
        if (std::isfinite(a.u[i]) && std::isfinite(a.v[i]) && std::isfinite(a.magnitude[i]))
            r.add(a.magnitude[i]);
    return r;
}

struct Built {
    Figure figure;
    Arrows arrows;
};

Built quiver_figure(const PlotTask& task, const PlotRule& rule, const PlotData& data,
                    const FigureConfig& style, const std::optional<SharedRange>& shared) {
    const QuiverOptions& o = options_as<QuiverOptions>(rule.options.get());
    const Field f = vector_field::field_of(data, o.u && o.v, "quiver");
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    const Grid g = place_grid(panel, data.coordinates, f.rows, f.cols);
    Arrows a = sample_arrows(f, g, o);
    const std::optional<double> typical = typical_magnitude(a, f);
    if (!typical) throw DatasetError("no arrows to draw: every vector is zero or NaN");
    for (std::size_t k = 0; k < f.cells(); ++k)
        fig.ignored += std::isfinite(f.u_at(k)) && std::isfinite(f.v_at(k)) ? 0 : 1;

    ArrowsLayer layer;
    layer.scale = o.scale > 0 ? o.scale : typical_length * a.spacing / *typical;
    layer.pivot = o.pivot;
    layer.color = series_color(o.color ? o.color : std::optional<std::string>("black"), o.alpha, 0);
    // matplotlib's default width: 0.06 of the axes' width over the square root of the
    // arrow count, clamped to [8, 25], with its head 3 shafts wide and 5 long.
    const double count = std::sqrt(static_cast<double>(a.u.size()));
    layer.shaft = 0.06 / std::clamp(count, 8.0, 25.0);
    layer.head_length = 5;
    layer.head_width = 3;
    Finite range = magnitude_range(a);
    if (!range.any()) range.add(*typical);  // the sample fell on NaN: the field's typical one
    const Range limits = value_range(rule, range, Scale::linear, shared);
    fig.vmin = limits.lo;
    fig.vmax = limits.hi;
    // The key's units: the rule's, else the u dataset's `units` attribute, else those
    // openPMD gives the vectors themselves.
    const CompanionData* u = data.companion("u");
    const std::string units = o.key_units    ? *o.key_units
                              : u != nullptr ? u->units
                                             : data.value_units;
    std::string value_label = "magnitude";
    if (!units.empty()) value_label += " [" + units + "]";
    if (o.color_by == ColorBy::magnitude) {
        const Colormap* cmap = Colormap::find(o.colormap);
        if (cmap == nullptr) throw DatasetError("unknown colormap '" + o.colormap + "'");
        layer.values = a.magnitude;
        layer.colormap = cmap;
        layer.vmin = limits.lo;
        layer.vmax = limits.hi;
        panel.colorbar = Colorbar{value_label, limits.lo, limits.hi, cmap, Scale::linear};
    }
    if (o.key) {
        const double m = round_magnitude(*typical);
        layer.key = ArrowKey{m, number_text(m) + (units.empty() ? "" : " " + units)};
    }
    layer.x = a.x;
    layer.y = a.y;
    layer.u = a.u;
    layer.v = a.v;
    panel.layers.emplace_back(std::move(layer));
    panel.x.label = axis_label(rule.x_label.has_value(), task.draw.x_label, data.coordinates, 1);
    panel.y.label = axis_label(rule.y_label.has_value(), task.draw.y_label, data.coordinates, 0);
    panel.aspect = aspect_of(data.coordinates);
    return {std::move(fig), std::move(a)};
}

class QuiverKind final : public PlotKind {
public:
    std::string_view name() const override { return "quiver"; }
    std::span<const std::string_view> keys() const override { return quiver_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<QuiverOptions>>();
        QuiverOptions& o = options->value;
        vector_field::parse_components(keys, o.u, o.v);
        if (auto s = keys.numbers("stride", 1, 1e9, 1, 2)) {
            for (const double d : *s) {
                if (d != std::floor(d))
                    keys.fail("stride", "must be whole numbers of cells, got " + number_text(d));
            }
            o.stride = std::move(*s);
        }
        o.scale =
            keys.number("scale", std::numeric_limits<double>::min(), biggest).value_or(o.scale);
        if (auto i = keys.choice("color_by", "color_by", color_by_names))
            o.color_by = static_cast<ColorBy>(*i);
        o.colormap = keys.colormap("colormap").value_or(o.colormap);
        if (keys.has("colormap") && o.color_by != ColorBy::magnitude) {
            keys.fail("colormap", "colours arrows only with color_by: magnitude");
        }
        o.color = keys.color("color");
        if (o.color && o.color_by == ColorBy::magnitude)
            keys.fail("color", "does not apply with color_by: magnitude");
        o.alpha = series_keys::alpha(keys).value_or(o.alpha);
        if (auto i = keys.choice("pivot", "pivot", pivot_names))
            o.pivot = static_cast<ArrowPivot>(*i);
        o.key = keys.boolean("key").value_or(o.key);
        o.key_units = keys.text("key_units");
        o.x = series_keys::x_dataset(keys);
        o.y = keys.text("y");
        if (o.y && o.y->find_first_of("*?[") != std::string::npos)
            keys.fail("y", "must name one dataset, not a pattern");
        for (const auto* key : {"xscale", "yscale"}) {
            if (keys.has(key)) keys.fail(key, "quiver axes are linear (indices or coordinates)");
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<QuiverOptions>>();
    }

    // With u: and v: the matched dataset is the 2-D grid; without, a grid of vectors whose
    // last axis holds 2 or 3 components.
    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        const QuiverOptions& o = options_as<QuiverOptions>(rule.options.get());
        return vector_field::select_field(shape, rule.slice, o.u.has_value(), "quiver", "needs");
    }
    // u and v sliced as the data; the columns' and rows' coordinates as heatmap's.
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const QuiverOptions& o = options_as<QuiverOptions>(rule.options.get());
        return vector_field::field_companions(o.u, o.v, o.x, o.y);
    }
    bool draws_coordinates(const PlotRule& /*rule*/) const override { return true; }
    AxisLabels default_labels(const PlotRule& rule, const LabelSources& from) const override {
        const QuiverOptions& o = options_as<QuiverOptions>(rule.options.get());
        return cell_grid::axis_labels(o.x, o.y, from);
    }

    // The drawn arrows' magnitudes: what color_by colours.
    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        const QuiverOptions& o = options_as<QuiverOptions>(rule.options.get());
        const Field f = vector_field::field_of(data, o.u && o.v, "quiver");
        Panel scratch;
        const Grid g = place_grid(scratch, data.coordinates, f.rows, f.cols);
        const Finite r = magnitude_range(sample_arrows(f, g, o));
        if (!r.any()) return std::nullopt;
        return std::make_pair(r.lo, r.hi);
    }
    std::optional<std::pair<double, double>> x_extent(const PlotTask& task, const PlotRule& rule,
                                                      PlotData&& data) const override {
        const Figure fig = quiver_figure(task, rule, data, FigureConfig{}, std::nullopt).figure;
        const Axis& x = fig.panels.front().x;
        return std::make_pair(std::min(x.lo, x.hi), std::max(x.lo, x.hi));
    }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        Figure fig = quiver_figure(task, rule, data, style, shared.value).figure;
        view_x_limits(fig.panels.front().x, rule, shared.x);
        return fig;
    }
};

}  // namespace

const PlotKind& quiver_kind() {
    static const QuiverKind kind;
    return kind;
}

}  // namespace plotcluster
