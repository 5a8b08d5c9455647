// A 2-D histogram of particles (matplotlib's hist2d, datashader's aggregate-then-shade):
// N×2 positions, or 1-D data with its other coordinate from an `x` or `y` dataset, counted
// (or their `weights` summed) in bins over the positions' range, drawn as an image with a
// colorbar of counts. An N×2 dataset too large to read whole is counted in two passes over
// chunks (PlotKind::counts_values): one for the range, one to count; memory is the bins'.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plotcluster/core/color_spec.hpp"
#include "plotcluster/core/colormap.hpp"
#include "plotcluster/core/fields.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/figure/interval.hpp"
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/figure/ticks.hpp"
#include "../figure_parts.hpp"
#include "density_grid.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using density::Bounds;
using density::Grid;
using density::Particles;

// eq_hist: each nonzero bin coloured by the rank of its value among the nonzero bins'
// (histogram equalization, as datashader shades).
enum class DensityNorm { linear, log, eq_hist };
constexpr std::array<std::string_view, 3> norm_names = {"linear", "log", "eq_hist"};
enum class Coordinate { x, y };

struct DensityOptions {
    // The other coordinate of 1-D data, from the rule's `x` (the data is then y) or `y`
    // (the data is then x).
    std::optional<std::string> coordinate;
    Coordinate coordinate_is = Coordinate::x;
    std::optional<std::string> weights;  // one per particle, summed in the bins
    std::vector<double> bins;            // [nx, ny]; empty: about one bin per pixel of the axes
    std::vector<double> range;           // [x_lo, x_hi, y_lo, y_hi]; empty: the positions'
    DensityNorm norm = DensityNorm::linear;
    std::string colormap = "viridis";
    std::string bad_color = "white";  // empty bins under log and eq_hist
};

// The rule's `x` or `y` dataset, where it names one.
bool has_x(const DensityOptions& o) { return o.coordinate && o.coordinate_is == Coordinate::x; }
bool has_y(const DensityOptions& o) { return o.coordinate && o.coordinate_is == Coordinate::y; }

template <fields::same_or_const<DensityOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("coordinate", o.coordinate);
    v("coordinate_is", o.coordinate_is);
    v("weights", o.weights);
    v("bins", o.bins);
    v("range", o.range);
    v("norm", o.norm);
    v("colormap", o.colormap);
    v("bad_color", o.bad_color);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<DensityOptions>() ==
                  fields::member_count<DensityOptions>(),
              "DensityOptions: every member must be in its field list");

constexpr std::array<std::string_view, 8> density_keys = {"x",     "y",    "weights",  "bins",
                                                          "range", "norm", "colormap", "bad_color"};

// Without `bins`: the bins of a figure's axes at about one per device pixel. The axes'
// size in pixels is only known once the chart is laid out from measured text, after the
// counts are made; this is the size of a density plot's axes fitted to the layout at 100
// dpi (800×600: 603×504 pixels, 640×480: 466×384; the margins are in points), a little
// over it so that the image is averaged down to the pixels (ImageLayer's auto resampling)
// rather than stretched over them.
int pixel_bins(int pixels, double dpi, bool along_x) {
    const double n = along_x ? 0.87 * pixels - 0.8 * dpi : pixels - 0.9 * dpi;
    return static_cast<int>(std::ceil(std::max(n, 16.0)));
}
constexpr int max_bins = 16384;

int bins_along(const DensityOptions& o, std::size_t k, const FigureConfig& style) {
    if (o.bins.empty())
        return std::min(pixel_bins(k == 0 ? style.width : style.height, style.dpi, k == 0),
                        max_bins);
    return static_cast<int>(o.bins[std::min(k, o.bins.size() - 1)]);
}

// The bins' range: the rule's `range`, else the positions' (a constant coordinate gets
// a range around it, as any axis does).
Grid make_grid(const DensityOptions& o, const Bounds& b, const FigureConfig& style) {
    Range x{0, 1}, y{0, 1};
    if (!o.range.empty()) {
        x = {o.range[0], o.range[1]};
        y = {o.range[2], o.range[3]};
    } else {
        x = nonsingular(b.x.lo, b.x.hi);
        y = nonsingular(b.y.lo, b.y.hi);
    }
    return {static_cast<std::size_t>(bins_along(o, 0, style)),
            static_cast<std::size_t>(bins_along(o, 1, style)), x, y};
}

[[noreturn]] void no_particles(const std::string& dataset, std::uint64_t ignored, bool weighted) {
    throw DatasetError("no finite particle positions in '" + dataset + "' (" +
                       std::to_string(ignored) +
                       (weighted ? " particles, each with a NaN/Inf coordinate or weight)"
                                 : " particles, each with a NaN/Inf coordinate)"));
}

// Where each value lands under eq_hist, as datashader's eq_hist: the fraction of the
// nonzero bins whose value is at most it (linear between the distinct values), rescaled so
// that the smallest is 0 and the largest 1. Zero bins are not ranked.
class Equalizer {
public:
    explicit Equalizer(const std::vector<double>& sums) {
        std::vector<double> nonzero;
        for (const double v : sums)
            if (v != 0 && std::isfinite(v)) nonzero.push_back(v);
        std::sort(nonzero.begin(), nonzero.end());
        for (std::size_t k = 0; k < nonzero.size(); ++k) {
            if (k + 1 < nonzero.size() && nonzero[k + 1] == nonzero[k]) continue;
            values_.push_back(nonzero[k]);
            cumulative_.push_back(static_cast<double>(k + 1));
        }
    }
    bool empty() const { return values_.empty(); }
    double lowest() const { return values_.front(); }
    double highest() const { return values_.back(); }
    double at(double v) const {
        if (values_.size() == 1) return 1;
        const double first = cumulative_.front(), span = cumulative_.back() - first;
        if (v <= values_.front()) return 0;
        if (v >= values_.back()) return 1;
        const auto it = std::upper_bound(values_.begin(), values_.end(), v);
        const auto k =
            static_cast<std::size_t>(it - values_.begin());  // values_[k - 1] <= v < values_[k]
        const double t = (v - values_[k - 1]) / (values_[k] - values_[k - 1]);
        const double c = cumulative_[k - 1] + t * (cumulative_[k] - cumulative_[k - 1]);
        return (c - first) / span;
    }

private:
    std::vector<double> values_;
    std::vector<double> cumulative_;  // bins with a value <= values_[k]
};

// One to two significant digits: the count a tick names.
double round_count(double v) {
    if (v == 0 || !std::isfinite(v)) return v;
    const double p = std::pow(10.0, std::floor(std::log10(std::abs(v))) - 1);
    return std::round(v / p) * p;
}

// The colorbar's ticks under eq_hist: counts at even steps of the equalized scale,
// rounded to two digits, each placed where its count falls; the ends are the smallest and
// largest values.
void equalized_ticks(Colorbar& cb, const Equalizer& eq) {
    constexpr int steps = 5;
    std::vector<double> counts;
    for (int k = 0; k <= steps; ++k) {
        const double target = static_cast<double>(k) / steps;
        // The smallest value whose place reaches the target, found on the values' scale.
        double lo = eq.lowest(), hi = eq.highest();
        for (int it = 0; it < 60; ++it) {
            const double mid = lo + (hi - lo) / 2;
            (eq.at(mid) < target ? lo : hi) = mid;
        }
        counts.push_back(k == 0 ? eq.lowest() : k == steps ? eq.highest() : round_count(hi));
    }
    std::sort(counts.begin(), counts.end());
    counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
    double last = -1;
    for (const double c : counts) {
        const double at = eq.at(c);
        if (at - last < 0.08 && c != eq.highest()) continue;  // too close to the tick below
        if (!cb.tick_values.empty() && at - last < 0.08) {    // the top wins over its neighbour
            cb.tick_values.pop_back();
            cb.tick_labels.pop_back();
        }
        cb.tick_values.push_back(at);
        cb.tick_labels.push_back(format_number(c, 4));
        last = at;
    }
}

// The figure of the counted grid, however the particles came.
Figure density_figure(const PlotTask& task, const PlotRule& rule, const DensityOptions& o,
                      const FigureConfig& style, Grid& grid, const Bounds& b,
                      const std::string& dataset) {
    const Colormap* cmap = Colormap::find(o.colormap);
    if (cmap == nullptr) throw DatasetError("unknown colormap '" + o.colormap + "'");
    const bool weighted = o.weights.has_value();
    if (grid.binned() == 0) {
        throw DatasetError("none of the " + std::to_string(b.count) + " particles of '" + dataset +
                           "' lies inside the range [" + format_number(grid.x().lo) + ", " +
                           format_number(grid.x().hi) + "] × [" + format_number(grid.y().lo) +
                           ", " + format_number(grid.y().hi) + "]");
    }
    Figure fig = base_figure(task, rule, style);
    Panel& panel = fig.panels.front();
    fig.ignored = b.ignored;
    ImageLayer image;
    image.rows = grid.ny();
    image.cols = grid.nx();
    image.values = grid.take_sums();
    image.colormap = cmap;
    image.origin_lower = true;
    image.bad_color = parse_color(o.bad_color).value_or(Color{1, 1, 1, 1});
    image.extent = ImageExtent{grid.x().lo, grid.x().hi, grid.y().lo, grid.y().hi};
    std::string label = "count";
    if (weighted) label = "sum of " + o.weights->substr(o.weights->rfind('/') + 1);
    Colorbar cb{label, 0, 1, cmap, Scale::linear};
    const Finite f =
        shown_range(image.values, o.norm == DensityNorm::log ? Scale::log : Scale::linear);
    switch (o.norm) {
        case DensityNorm::linear: {
            // Counts start at 0 (empty bins at the map's bottom, as hist2d draws them);
            // weights that may be negative show their own range.
            Finite with_zero = f;
            if (!weighted || f.lo >= 0) with_zero.add(0);
            const Range r = value_range(rule, with_zero, Scale::linear, std::nullopt);
            image.vmin = cb.vmin = r.lo;
            image.vmax = cb.vmax = r.hi;
            break;
        }
        case DensityNorm::log: {
            if (!f.any())
                throw DatasetError("no bin of '" + dataset + "' has a positive sum for norm: log");
            const Range r =
                value_range(rule, f, Scale::log, std::nullopt, /*positive_log_limits=*/true);
            image.norm = cb.scale = Scale::log;  // empty bins are bad_color
            image.vmin = cb.vmin = r.lo;
            image.vmax = cb.vmax = r.hi;
            break;
        }
        case DensityNorm::eq_hist: {
            const Equalizer eq(image.values);
            if (eq.empty())
                throw DatasetError("no bin of '" + dataset +
                                   "' has a nonzero sum for norm: eq_hist");
            for (double& v : image.values) v = v == 0 ? nan : eq.at(v);  // empty bins are bad_color
            equalized_ticks(cb, eq);
            fig.vmin = eq.lowest();  // the record's range is the counts', not their ranks'
            fig.vmax = eq.highest();
            break;
        }
    }
    if (o.norm != DensityNorm::eq_hist) {
        fig.vmin = cb.vmin;
        fig.vmax = cb.vmax;
    }
    panel.x = {task.draw.x_label, grid.x().lo, grid.x().hi};
    panel.y = {task.draw.y_label, grid.y().lo, grid.y().hi};
    panel.layers.emplace_back(std::move(image));
    panel.colorbar = std::move(cb);
    return fig;
}

// The particles of data read whole.
Particles whole_particles(const PlotData& data, const DensityOptions& o) {
    const std::vector<double>& v = data.series.front().values.values;
    const CompanionData* weights = data.companion("weights");
    const double* w = weights != nullptr ? weights->values.values.data() : nullptr;
    if (has_x(o)) return Particles::columns(data.x->values, v, w);
    if (has_y(o)) return Particles::columns(v, data.companion("y")->values.values, w);
    return Particles::pairs(v, w);
}

void check_shapes(const PlotTask& task, const PlotData& data, const DensityOptions& o) {
    if (data.series.size() != 1) throw DatasetError("a density plot draws one dataset");
    const SeriesData& in = data.series.front();
    const auto dims = squeeze(in.values.shape);
    if (o.coordinate) {
        const char* role = has_x(o) ? "x" : "y";
        if (dims.size() != 1) {
            throw DatasetError(std::string("a density plot with `") + role + "` needs 1-D data; '" +
                               in.dataset + "' has shape " + shape_text(in.values.shape));
        }
        const std::size_t n =
            has_x(o) ? (data.x ? data.x->values.size() : 0)
                     : (data.companion("y") ? data.companion("y")->values.values.size() : 0);
        if (n != in.values.values.size()) {
            throw DatasetError(std::string(role) + " dataset '" + companion(task.read, role) +
                               "' has " + std::to_string(n) + " values but '" + in.dataset +
                               "' has " + std::to_string(in.values.values.size()));
        }
    } else if (dims.size() != 2 || dims[1] != 2) {
        throw DatasetError(
            "a density plot needs an N×2 dataset of (x, y) positions (or 1-D data with `x` or "
            "`y`); '" +
            in.dataset + "' has shape " + shape_text(in.values.shape));
    }
    const std::size_t particles =
        (o.coordinate) ? in.values.values.size() : in.values.values.size() / 2;
    if (const CompanionData* w = data.companion("weights");
        w != nullptr && w->values.values.size() != particles) {
        throw DatasetError("weights dataset '" + w->dataset + "' has " +
                           std::to_string(w->values.values.size()) + " values but '" + in.dataset +
                           "' has " + std::to_string(particles) + " particles");
    }
}

Figure whole_density(const PlotTask& task, const PlotRule& rule, const PlotData& data,
                     const FigureConfig& style) {
    const DensityOptions& o = options_as<DensityOptions>(rule.options.get());
    check_shapes(task, data, o);
    const std::string& dataset = data.series.front().dataset;
    const Particles p = whole_particles(data, o);
    Bounds b;
    b.add(p);
    if (b.count == 0) no_particles(dataset, b.ignored, o.weights.has_value());
    Grid grid = make_grid(o, b, style);
    grid.add(p);
    return density_figure(task, rule, o, style, grid, b, dataset);
}

// The stream of N×2 values in C order as runs of whole (x, y) pairs, also when a chunk
// ends between the two of a pair (the source keeps whole rows together, but need not).
template <class AddPairs>
void each_streamed_pairs(const ValuePass& pass, AddPairs&& add_pairs) {
    bool odd = false;
    double held[2] = {0, 0};
    pass([&](std::span<const double> values) {
        if (odd && !values.empty()) {
            held[1] = values[0];
            add_pairs(std::span<const double>(held, 2));
            values = values.subspan(1);
            odd = false;
        }
        add_pairs(values.first(values.size() & ~std::size_t{1}));
        if (values.size() % 2 == 1) {
            held[0] = values.back();
            odd = true;
        }
    });
}

// With a `range`, one pass: the bins are known before the first particle. Without, a
// first pass finds the positions' range.
Figure streamed_density(const PlotTask& task, const PlotRule& rule, const ValuePass& pass,
                        const FigureConfig& style) {
    const DensityOptions& o = options_as<DensityOptions>(rule.options.get());
    // The plan selected N×2 (select), so the stream is pairs.
    Bounds b;
    if (o.range.empty()) {
        each_streamed_pairs(pass, [&](std::span<const double> v) { b.add(Particles::pairs(v)); });
        if (b.count == 0) no_particles(task.read.dataset, b.ignored, false);
        Grid grid = make_grid(o, b, style);
        each_streamed_pairs(pass,
                            [&](std::span<const double> v) { grid.add(Particles::pairs(v)); });
        return density_figure(task, rule, o, style, grid, b, task.read.dataset);
    }
    Grid grid = make_grid(o, b, style);
    // The bins are known: one pass counts them and the finite particles.
    each_streamed_pairs(pass, [&](std::span<const double> v) {
        const Particles p = Particles::pairs(v);
        const std::uint64_t finite = grid.add(p);
        b.count += finite;
        b.ignored += p.n - finite;
    });
    if (b.count == 0) no_particles(task.read.dataset, b.ignored, false);
    return density_figure(task, rule, o, style, grid, b, task.read.dataset);
}

// The data and its companions streamed in step (RowPass): as whole_density, from one pass
// with `range`, else two.
Figure rows_density(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                    const FigureConfig& style) {
    const DensityOptions& o = options_as<DensityOptions>(rule.options.get());
    const std::string& dataset = task.read.dataset;
    std::size_t other = 0, weights = 0;  // their columns in the pass; 0: none
    for (std::size_t k = 0; k < task.read.companions.size(); ++k) {
        const std::string& role = task.read.companions[k].role;
        if (role == "weights") weights = k + 1;
        if (role == "x" || role == "y") other = k + 1;
    }
    if (o.coordinate && other == 0) throw std::logic_error("density: no streamed x/y companion");
    const std::uint64_t values = pass.lengths.at(0);
    const std::uint64_t particles = o.coordinate ? values : values / 2;
    if (o.coordinate && pass.lengths.at(other) != values) {
        const char* role = has_x(o) ? "x" : "y";
        throw DatasetError(std::string(role) + " dataset '" + companion(task.read, role) +
                           "' has " + std::to_string(pass.lengths.at(other)) + " values but '" +
                           dataset + "' has " + std::to_string(values));
    }
    if (weights != 0 && pass.lengths.at(weights) != particles) {
        throw DatasetError("weights dataset '" + task.read.companions[weights - 1].dataset +
                           "' has " + std::to_string(pass.lengths.at(weights)) + " values but '" +
                           dataset + "' has " + std::to_string(particles) + " particles");
    }
    const auto particles_of = [&](RowChunk c) {
        const double* w = weights != 0 ? c[weights].data() : nullptr;
        if (has_x(o)) return Particles::columns(c[other], c[0], w);
        if (has_y(o)) return Particles::columns(c[0], c[other], w);
        return Particles::pairs(c[0], w);
    };
    Bounds b;
    if (o.range.empty()) {
        pass.run([&](RowChunk c) { b.add(particles_of(c)); });
        if (b.count == 0) no_particles(dataset, b.ignored, weights != 0);
        Grid grid = make_grid(o, b, style);
        pass.run([&](RowChunk c) { grid.add(particles_of(c)); });
        return density_figure(task, rule, o, style, grid, b, dataset);
    }
    Grid grid = make_grid(o, b, style);
    pass.run([&](RowChunk c) {
        const Particles p = particles_of(c);
        const std::uint64_t finite = grid.add(p);
        b.count += finite;
        b.ignored += p.n - finite;
    });
    if (b.count == 0) no_particles(dataset, b.ignored, weights != 0);
    return density_figure(task, rule, o, style, grid, b, dataset);
}

std::optional<std::string> one_dataset(const RuleKeys& keys, std::string_view key) {
    auto path = keys.text(key);
    if (path && path->find_first_of("*?[") != std::string::npos)
        keys.fail(key, "must name one dataset, not a pattern");
    return path;
}

class DensityKind final : public PlotKind {
public:
    std::string_view name() const override { return "density"; }
    std::span<const std::string_view> keys() const override { return density_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<DensityOptions>>();
        DensityOptions& o = options->value;
        const auto x = one_dataset(keys, "x");
        const auto y = one_dataset(keys, "y");
        if (x && y) {
            keys.fail("y",
                      "give `x` (the matched data is then y) or `y` (the matched data is then x), "
                      "not both");
        }
        o.coordinate = x ? x : y;
        if (y) o.coordinate_is = Coordinate::y;
        o.weights = one_dataset(keys, "weights");
        if (keys.has("bins") && !keys.is("bins", "auto")) {
            o.bins = *keys.numbers("bins", 1, max_bins, 1, 2);
            for (const double n : o.bins)
                if (n != std::floor(n))
                    keys.fail("bins", "expected whole numbers of bins, [nx, ny] or one for both");
        }
        if (keys.has("range")) {
            o.range = *keys.numbers("range", -biggest, biggest, 4, 4);
            if (!(o.range[0] < o.range[1]) || !(o.range[2] < o.range[3])) {
                keys.fail("range",
                          "expected [x_lo, x_hi, y_lo, y_hi] with x_lo < x_hi and y_lo < y_hi");
            }
        }
        if (auto i = keys.choice("norm", "norm", norm_names)) o.norm = static_cast<DensityNorm>(*i);
        o.colormap = keys.colormap("colormap").value_or(o.colormap);
        o.bad_color = keys.color("bad_color").value_or(o.bad_color);
        if (keys.has("x_limits"))
            keys.fail("x_limits",
                      "a density plot's x and y ranges are its `range: [x_lo, x_hi, y_lo, y_hi]`");
        for (const auto key : {"xscale", "yscale"}) {
            if (keys.has(key))
                keys.fail(key, "density axes are linear; use norm: log or eq_hist for the counts");
        }
        if (o.norm == DensityNorm::eq_hist && keys.has("limits") && !keys.is("limits", "auto")) {
            keys.fail("limits",
                      "norm: eq_hist colours each bin by its rank, not by a range; "
                      "give limits with norm: linear or log");
        }
        // The counts depend on bins sized from each figure: no range to pool before drawing.
        if (keys.is("limits", "shared") || keys.is("limits", "rule")) {
            keys.fail(
                "limits",
                "a density plot takes auto or [lo, hi] (its colour range), not shared or rule");
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<DensityOptions>>();
    }

    // With `x` or `y`: 1-D values of the other coordinate; without: N×2 (x, y columns).
    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        const DensityOptions& o = options_as<DensityOptions>(rule.options.get());
        if (o.coordinate) {
            return resolve_selection(shape, rule.slice, 1,
                                     has_x(o) ? "density plot with `x` needs 1-D data (its y)"
                                              : "density plot with `y` needs 1-D data (its x)");
        }
        Selection sel =
            resolve_selection(shape, rule.slice, 2, "density plot needs N×2 data (x, y columns)");
        if (sel.error.empty() && sel.shape[1] != 2) {
            sel.error = "density plot needs N×2 data (x, y columns); " +
                        shape_story(shape, sel.fixed, sel.shape) + " has " +
                        std::to_string(sel.shape[1]) +
                        " columns (or give the rule an `x` or `y` dataset)";
        }
        return sel;
    }
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const DensityOptions& o = options_as<DensityOptions>(rule.options.get());
        std::vector<CompanionKey> keys;
        if (o.coordinate) keys.push_back({has_x(o) ? "x" : "y", *o.coordinate});
        if (o.weights) keys.push_back({"weights", *o.weights, std::nullopt, CompanionFit::rows});
        return keys;
    }
    AxisLabels default_labels(const PlotRule& rule, const LabelSources& from) const override {
        const DensityOptions& o = options_as<DensityOptions>(rule.options.get());
        if (has_x(o)) return {from.x, from.value};
        if (has_y(o)) return {from.value, from.y};
        return {from.value + " (column 0)", from.value + " (column 1)"};
    }

    // `limits` is the colour range, which depends on the bins: not pooled (parse refuses).
    std::optional<std::pair<double, double>> value_extent(const PlotRule& /*rule*/,
                                                          const PlotData& /*data*/) const override {
        return std::nullopt;
    }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& /*shared*/) const override {
        return whole_density(task, rule, data, style);
    }

    // N×2 positions alone stream as values; with companions, as rows of each.
    bool counts_values(const PlotRule& rule) const override {
        const DensityOptions& o = options_as<DensityOptions>(rule.options.get());
        return !o.coordinate && !o.weights;
    }
    bool counts_rows(const PlotRule& rule) const override { return !counts_values(rule); }
    Figure build_rows(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                      const FigureConfig& style, const SharedRanges& /*shared*/) const override {
        return rows_density(task, rule, pass, style);
    }
    Figure build_streamed(const PlotTask& task, const PlotRule& rule, const ValuePass& pass,
                          const FigureConfig& style,
                          const std::optional<SharedRange>& /*shared*/) const override {
        return streamed_density(task, rule, pass, style);
    }
    std::optional<std::pair<double, double>> streamed_extent(
        const PlotRule& /*rule*/, const ValuePass& /*pass*/) const override {
        return std::nullopt;
    }
};

}  // namespace

const PlotKind& density_kind() {
    static const DensityKind kind;
    return kind;
}

}  // namespace plotcluster
