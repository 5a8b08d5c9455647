// kind: contour — lines of equal value on a 2-D field, or with `filled: true` the bands
// between them (matplotlib's contour and contourf), on the coordinates a heatmap of the
// same data is drawn on. The points of the field sit at the cells' centres.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
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
#include "plotcluster/figure/plot_kind.hpp"
#include "plotcluster/figure/ticks.hpp"
#include "../figure_parts.hpp"
#include "cell_grid.hpp"
#include "series_keys.hpp"

namespace plotcluster {
namespace {

using namespace figure_parts;  // NOLINT(google-build-using-namespace): the kinds' vocabulary
using cell_grid::axis_label;
using cell_grid::centre_grid;
constexpr std::array<std::string_view, 2> norm_names = {"linear", "log"};
// Which ends of the levels get a band beyond them (matplotlib's contourf `extend`).
enum class Extend { neither, min, max, both };
constexpr std::array<std::string_view, 4> extend_names = {"neither", "min", "max", "both"};
constexpr double infinity = std::numeric_limits<double>::infinity();

struct ContourOptions {
    std::vector<double> levels;  // explicit, ascending and distinct; empty: `level_count` nice ones
    int level_count = 7;         // matplotlib's default
    bool filled = false;
    std::string colormap = "viridis";
    std::optional<std::string> color;  // one colour for every line or band instead of the colormap
    double linewidth = 1.5;
    Scale norm = Scale::linear;
    Extend extend = Extend::neither;
    bool labels = false;
    // Datasets placing the columns (x) and rows (y), as a heatmap's.
    std::optional<std::string> x;
    std::optional<std::string> y;
};

template <fields::same_or_const<ContourOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("levels", o.levels);
    v("level_count", o.level_count);
    v("filled", o.filled);
    v("colormap", o.colormap);
    v("color", o.color);
    v("linewidth", o.linewidth);
    v("norm", o.norm);
    v("extend", o.extend);
    v("labels", o.labels);
    v("x", o.x);
    v("y", o.y);
}
// A member missing from the list would reach neither the other ranks nor the fingerprint.
static_assert(fields::listed_field_count<ContourOptions>() ==
                  fields::member_count<ContourOptions>(),
              "ContourOptions: every member must be in its field list");

constexpr std::array<std::string_view, 10> contour_keys = {
    "levels", "filled", "colormap", "color", "linewidth", "norm", "extend", "labels", "x", "y"};

// ---- Levels ----

// `count` levels over [lo, hi] as matplotlib's contour picks them: MaxNLocator(count + 1)
// ticks, with one step more at either end where the ticks inside stop short of the data
// (so that filled bands cover it).
std::vector<double> linear_levels(double lo, double hi, int count) {
    std::vector<double> t = nice_levels(lo, hi, count + 1);
    if (t.size() >= 2) {
        const double step = t[1] - t[0];
        if (t.front() > lo) t.insert(t.begin(), t.front() - step);
        if (t.back() < hi) t.push_back(t.back() + step);
    }
    return t;
}

// Levels evenly spaced in log10 over [lo, hi] (lo > 0): whole decades, every k-th so that
// at most count + 1 intervals cover the range, or 1-2-5 steps within a decade or two.
std::vector<double> log_levels(double lo, double hi, int count) {
    const int e_lo = static_cast<int>(std::floor(std::log10(lo)));
    const int e_hi = static_cast<int>(std::ceil(std::log10(hi)));
    std::vector<double> out;
    if (e_hi - e_lo >= 3) {
        const int stride = std::max(1, (e_hi - e_lo + count) / (count + 1));
        int first = e_lo - ((e_lo % stride) + stride) % stride;
        for (int e = first; e < e_hi + stride; e += stride) out.push_back(std::pow(10.0, e));
    } else {
        for (int e = e_lo - 1; e <= e_hi; ++e) {
            for (const double m : {1.0, 2.0, 5.0}) out.push_back(m * std::pow(10.0, e));
        }
    }
    // Keep one level at or under lo and one at or over hi, no more.
    const auto first = std::upper_bound(out.begin(), out.end(), lo * (1 + 1e-12));
    const auto last = std::lower_bound(out.begin(), out.end(), hi * (1 - 1e-12));
    std::vector<double> kept(first == out.begin() ? first : first - 1,
                             last == out.end() ? last : last + 1);
    return kept;
}

// The levels the figure draws for data (or limits) [lo, hi]: explicit ones as given;
// computed ones covering the range for bands, strictly inside it for lines.
std::vector<double> contour_levels(const ContourOptions& o, Range r) {
    if (!o.levels.empty()) return o.levels;
    std::vector<double> levels = o.norm == Scale::log ? log_levels(r.lo, r.hi, o.level_count)
                                                      : linear_levels(r.lo, r.hi, o.level_count);
    if (!o.filled) {
        std::erase_if(levels, [&](double v) { return !(v > r.lo && v < r.hi); });
    }
    return levels;
}

// ---- Marching squares ----

// The field: values at the cells' centres and where those centres are.
struct Field {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<double> z;  // row-major; NaN where not shown
    std::vector<double> x;  // the same shape
    std::vector<double> y;
};

// A point of a contour, named exactly so that neighbouring cells name it alike: a corner
// of the grid, or where level `level` crosses an edge between two corners.
using Key = std::uint64_t;

// A point on a cell's boundary, walked counter-clockwise: whether the stretch after it
// lies in the band.
struct Stop {
    Key key = 0;
    bool inside_after = false;
};

class Tracer {
public:
    Tracer(const Field& f, std::span<const double> levels) : f_(f), levels_(levels) {}

    static constexpr std::uint8_t no_crossing = 255;

    Key corner_key(std::size_t i, std::size_t j) const { return i * f_.cols + j; }
    // Edge e of corner (i, j): 0 to (i, j + 1), 1 to (i + 1, j).
    Key crossing_key(std::size_t i, std::size_t j, int e, std::size_t level) const {
        const std::size_t n = f_.rows * f_.cols;
        return n + ((2 * (i * f_.cols + j) + static_cast<std::size_t>(e)) * levels_.size() + level);
    }
    Point at(Key k) const {
        const std::size_t n = f_.rows * f_.cols;
        if (k < n) return {f_.x[k], f_.y[k]};
        const std::size_t rest = k - n;
        const std::size_t level = rest % levels_.size();
        const std::size_t edge = rest / levels_.size();
        const std::size_t a = edge / 2;
        const std::size_t b = edge % 2 == 0 ? a + 1 : a + f_.cols;
        // From the lower-numbered corner, so that both cells get the same bits.
        const double t = (levels_[level] - f_.z[a]) / (f_.z[b] - f_.z[a]);
        return {f_.x[a] + t * (f_.x[b] - f_.x[a]), f_.y[a] + t * (f_.y[b] - f_.y[a])};
    }

    // The segments of level `level` in cell (i, j) (corners (i, j), (i, j + 1),
    // (i + 1, j + 1), (i + 1, j)), as pairs of crossing keys; a cell with a NaN corner has
    // none. The two saddles are told apart by the mean of the corners, as matplotlib's
    // mpl2014 algorithm does: above the level, the corners above it join across the cell.
    int segments(std::size_t i, std::size_t j, std::size_t level, std::array<Key, 4>& out) const {
        const double lv = levels_[level];
        const std::array<double, 4> z = corners(i, j);
        std::array<bool, 4> up{};
        for (int c = 0; c < 4; ++c) up[c] = z[c] > lv;
        // Side s runs from corner s to corner s + 1 (counter-clockwise in index space).
        std::array<Key, 4> side{};
        std::array<bool, 4> crossed{};
        int n = 0;
        for (int s = 0; s < 4; ++s) {
            crossed[s] = up[s] != up[(s + 1) % 4];
            if (crossed[s]) {
                side[s] = side_key(i, j, s, level);
                ++n;
            }
        }
        if (n == 2) {
            int k = 0;
            for (int s = 0; s < 4; ++s)
                if (crossed[s]) out[k++] = side[s];
            return 1;
        }
        if (n == 4) {
            const bool centre_up = (z[0] + z[1] + z[2] + z[3]) / 4 > lv;
            // Cut off the corners on the centre's other side: corner c lies between sides
            // c - 1 and c.
            int k = 0;
            for (int c = 0; c < 4; ++c) {
                if (up[c] != centre_up) {
                    out[k++] = side[(c + 3) % 4];
                    out[k++] = side[c];
                }
            }
            return 2;
        }
        return 0;
    }

    // The faces of cell (i, j) whose values lie in (lo, hi] (levels lo_level and
    // hi_level; -1 / levels.size() for an open end), each a counter-clockwise ring of keys.
    // A cell wholly in the band adds only those of its sides that its neighbour does not
    // share (one wholly in the band too would cancel them), to `edges`.
    void band_faces(std::size_t i, std::size_t j, int lo_level, int hi_level,
                    std::vector<std::vector<Key>>& faces,
                    std::vector<std::pair<Key, Key>>& edges) const {
        const std::array<double, 4> z = corners(i, j);
        double lo = -infinity;
        double hi = infinity;
        if (lo_level >= 0) lo = levels_[static_cast<std::size_t>(lo_level)];
        if (hi_level < static_cast<int>(levels_.size()))
            hi = levels_[static_cast<std::size_t>(hi_level)];
        // 0: at or under lo, 1: in the band, 2: over hi.
        std::array<int, 4> cls{};
        int inside = 0;
        for (int c = 0; c < 4; ++c) {
            cls[c] = z[c] > hi ? 2 : (z[c] > lo ? 1 : 0);
            inside += cls[c] == 1 ? 1 : 0;
        }
        if (inside == 4) {
            const auto whole = [&](std::size_t ni, std::size_t nj) {
                const std::array<double, 4> n = corners(ni, nj);
                return std::all_of(n.begin(), n.end(), [&](double v) { return v > lo && v <= hi; });
            };
            const std::array<bool, 4> shared = {
                i > 0 && whole(i - 1, j), j + 2 < f_.cols && whole(i, j + 1),
                i + 2 < f_.rows && whole(i + 1, j), j > 0 && whole(i, j - 1)};
            for (int s = 0; s < 4; ++s) {
                if (!shared[s])
                    edges.emplace_back(key_of_corner(i, j, s), key_of_corner(i, j, (s + 1) % 4));
            }
            return;
        }
        const bool all_low = cls[0] == 0 && cls[1] == 0 && cls[2] == 0 && cls[3] == 0;
        const bool all_high = cls[0] == 2 && cls[1] == 2 && cls[2] == 2 && cls[3] == 2;
        if (all_low || all_high) return;
        // The cell's boundary counter-clockwise: corners and crossings, each with whether
        // the stretch after it is in the band, and for crossings which level they are of.
        std::array<Stop, 12> stops{};
        int n = 0;
        for (int s = 0; s < 4; ++s) {
            const int a = cls[s], b = cls[(s + 1) % 4];
            stops[n++] = {key_of_corner(i, j, s), a == 1};
            if (a < b) {
                for (int k = a; k < b; ++k) {
                    const int level = k == 0 ? lo_level : hi_level;
                    stops[n++] = {side_key(i, j, s, static_cast<std::size_t>(level)), k == 0};
                }
            } else {
                for (int k = a - 1; k >= b; --k) {
                    const int level = k == 0 ? lo_level : hi_level;
                    stops[n++] = {side_key(i, j, s, static_cast<std::size_t>(level)), k == 1};
                }
            }
        }
        // Each crossing's partner across the cell: the other end of its level's segment.
        std::array<int, 12> partner{};
        partner.fill(-1);
        for (const int level : {lo_level, hi_level}) {
            if (level < 0 || level >= static_cast<int>(levels_.size())) continue;
            std::array<Key, 4> seg{};
            const int count = segments(i, j, static_cast<std::size_t>(level), seg);
            for (int q = 0; q < count; ++q) {
                const int a = find_stop(stops, n, seg[2 * static_cast<std::size_t>(q)]);
                const int b = find_stop(stops, n, seg[2 * static_cast<std::size_t>(q) + 1]);
                if (a < 0 || b < 0) continue;  // cannot happen: both ends are on the boundary
                partner[a] = b;
                partner[b] = a;
            }
        }
        std::array<bool, 12> used{};
        for (int start = 0; start < n; ++start) {
            if (used[start] || !stops[start].inside_after) continue;
            std::vector<Key> face;
            int at = start;
            while (true) {
                used[at] = true;
                face.push_back(stops[at].key);
                int next = (at + 1) % n;
                if (!stops[at]
                         .inside_after) {  // leaves the band: along the segment to its other end
                    const int other = partner[at];
                    if (other < 0 || other == start) break;
                    used[other] = true;
                    face.push_back(stops[other].key);
                    next = (other + 1) % n;
                }
                if (next == start || face.size() > 2 * static_cast<std::size_t>(n)) break;
                at = next;
            }
            if (face.size() >= 3) faces.push_back(std::move(face));
        }
    }

    bool has_nan(std::size_t i, std::size_t j) const {
        const std::array<double, 4> z = corners(i, j);
        return std::isnan(z[0]) || std::isnan(z[1]) || std::isnan(z[2]) || std::isnan(z[3]);
    }

private:
    static int find_stop(const std::array<Stop, 12>& stops, int n, Key k) {
        for (int q = 0; q < n; ++q)
            if (stops[q].key == k) return q;
        return -1;
    }

    std::array<double, 4> corners(std::size_t i, std::size_t j) const {
        const std::size_t c = f_.cols;
        return {f_.z[i * c + j], f_.z[i * c + j + 1], f_.z[(i + 1) * c + j + 1],
                f_.z[(i + 1) * c + j]};
    }
    Key key_of_corner(std::size_t i, std::size_t j, int c) const {
        switch (c) {
            case 0:
                return corner_key(i, j);
            case 1:
                return corner_key(i, j + 1);
            case 2:
                return corner_key(i + 1, j + 1);
            default:
                return corner_key(i + 1, j);
        }
    }
    // The crossing of `level` on side s of cell (i, j): bottom, right, top, left.
    Key side_key(std::size_t i, std::size_t j, int s, std::size_t level) const {
        switch (s) {
            case 0:
                return crossing_key(i, j, 0, level);
            case 1:
                return crossing_key(i, j + 1, 1, level);
            case 2:
                return crossing_key(i + 1, j, 0, level);
            default:
                return crossing_key(i, j, 1, level);
        }
    }

    const Field& f_;
    std::span<const double> levels_;
};

// ---- Joining ----

// Segments of one level joined into polylines: open ones first, from their lower-keyed
// end in key order, then closed rings (first point repeated at the end), each from its
// lowest key. Every crossing is on at most two segments.
std::vector<std::vector<Key>> join_segments(const std::vector<std::pair<Key, Key>>& segments) {
    std::vector<std::pair<Key, Key>> ends;  // both directions, sorted by the first key
    ends.reserve(2 * segments.size());
    for (const auto& [a, b] : segments) {
        ends.emplace_back(a, b);
        ends.emplace_back(b, a);
    }
    std::sort(ends.begin(), ends.end());
    const auto first_of = [&](Key k) {
        return static_cast<std::size_t>(
            std::lower_bound(ends.begin(), ends.end(), std::make_pair(k, Key{0})) - ends.begin());
    };
    std::vector<bool> used(ends.size(), false);  // by the index of the direction a -> b
    const auto mark = [&](std::size_t e) {
        used[e] = true;
        const auto& [a, b] = ends[e];
        const std::size_t back = static_cast<std::size_t>(
            std::lower_bound(ends.begin(), ends.end(), std::make_pair(b, a)) - ends.begin());
        used[back] = true;
    };
    const auto next_from = [&](Key k) -> std::optional<std::size_t> {
        for (std::size_t e = first_of(k); e < ends.size() && ends[e].first == k; ++e)
            if (!used[e]) return e;
        return std::nullopt;
    };
    const auto walk = [&](std::size_t e) {
        std::vector<Key> line{ends[e].first};
        std::optional<std::size_t> at = e;
        while (at) {
            mark(*at);
            line.push_back(ends[*at].second);
            at = next_from(ends[*at].second);
        }
        return line;
    };
    std::vector<std::vector<Key>> lines;
    for (std::size_t e = 0; e < ends.size(); ++e) {
        if (used[e]) continue;
        const bool end_point = (e == 0 || ends[e - 1].first != ends[e].first) &&
                               (e + 1 == ends.size() || ends[e + 1].first != ends[e].first);
        if (end_point) lines.push_back(walk(e));
    }
    for (std::size_t e = 0; e < ends.size(); ++e) {
        if (!used[e]) lines.push_back(walk(e));  // a ring: it ends where it began
    }
    return lines;
}

// The outline of a union of counter-clockwise faces: edges two faces share (run both
// ways) cancel, the rest join into rings, each started at its lowest remaining edge.
std::vector<std::vector<Key>> outline_rings(const std::vector<std::vector<Key>>& faces,
                                            std::vector<std::pair<Key, Key>> edges) {
    for (const auto& face : faces) {
        for (std::size_t k = 0; k < face.size(); ++k) {
            const Key a = face[k], b = face[(k + 1) % face.size()];
            if (a != b) edges.emplace_back(a, b);
        }
    }
    std::sort(edges.begin(), edges.end());
    std::vector<std::pair<Key, Key>> kept;
    kept.reserve(edges.size());
    for (const auto& [a, b] : edges) {
        if (!std::binary_search(edges.begin(), edges.end(), std::make_pair(b, a)))
            kept.emplace_back(a, b);
    }
    std::vector<bool> used(kept.size(), false);
    std::vector<std::vector<Key>> rings;
    for (std::size_t e = 0; e < kept.size(); ++e) {
        if (used[e]) continue;
        std::vector<Key> ring;
        std::size_t at = e;
        while (true) {
            used[at] = true;
            ring.push_back(kept[at].first);
            const Key to = kept[at].second;
            if (to == kept[e].first) break;
            std::size_t next = static_cast<std::size_t>(
                std::lower_bound(kept.begin(), kept.end(), std::make_pair(to, Key{0})) -
                kept.begin());
            while (next < kept.size() && kept[next].first == to && used[next]) ++next;
            if (next == kept.size() || kept[next].first != to) break;  // cannot happen: rings close
            at = next;
        }
        if (ring.size() >= 3) rings.push_back(std::move(ring));
    }
    return rings;
}

// ---- The figure ----

// Where level `v` falls between the colour limits, on the norm's scale.
double colour_position(double v, double lo, double hi, Scale norm) {
    if (norm == Scale::log) {
        v = std::log10(std::max(v, smallest));
        lo = std::log10(lo);
        hi = std::log10(hi);
    }
    if (!(hi > lo)) return 0;
    return std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
}

Color colour_at(const Colormap& cmap, double t) {
    const Rgb8 c = cmap.at(t);
    return {c.r / 255.0, c.g / 255.0, c.b / 255.0, 1};
}

// The field's points: at the cells' centres on the file's coordinates, or on the indices.
Field field_of(std::vector<double> z, std::size_t rows, std::size_t cols,
               const std::vector<AxisCoordinate>& coordinates) {
    Field f{rows, cols, std::move(z), {}, {}};
    if (coordinates.size() == 2 && (coordinates[0].physical() || coordinates[1].physical())) {
        f.x = centre_grid(coordinates[1], rows, cols, false);
        f.y = centre_grid(coordinates[0], rows, cols, true);
    } else {
        f.x.resize(rows * cols);
        f.y.resize(rows * cols);
        for (std::size_t i = 0; i < rows; ++i) {
            for (std::size_t j = 0; j < cols; ++j) {
                f.x[i * cols + j] = static_cast<double>(j);
                f.y[i * cols + j] = static_cast<double>(i);
            }
        }
    }
    // A point without a place is a hole, as a NaN value is.
    for (std::size_t k = 0; k < f.z.size(); ++k) {
        if (!std::isfinite(f.x[k]) || !std::isfinite(f.y[k])) f.z[k] = nan;
    }
    return f;
}

std::vector<Point> points_of(const Tracer& t, const std::vector<Key>& keys) {
    std::vector<Point> out;
    out.reserve(keys.size());
    for (const Key k : keys) out.push_back(t.at(k));
    return out;
}

// The text of each level on its lines: as matplotlib's clabel writes them (its
// ScalarFormatter without an offset), else each value alone.
std::vector<std::string> level_texts(const std::vector<double>& levels) {
    const TickLabels t = format_ticks(levels, levels.front(), levels.back());
    if (t.offset == 0 && t.exponent == 0 && t.labels.size() == levels.size()) return t.labels;
    std::vector<std::string> out;
    out.reserve(levels.size());
    for (const double v : levels) out.push_back(format_number(v, 4));
    return out;
}

// Each level's polylines, in data coordinates.
std::vector<std::vector<std::vector<Point>>> level_lines(const Field& f,
                                                         const std::vector<double>& levels) {
    const Tracer tracer(f, levels);
    std::vector<std::vector<std::vector<Point>>> out(levels.size());
    std::vector<std::pair<Key, Key>> segments;
    std::array<Key, 4> seg{};
    for (std::size_t level = 0; level < levels.size(); ++level) {
        segments.clear();
        for (std::size_t i = 0; i + 1 < f.rows; ++i) {
            for (std::size_t j = 0; j + 1 < f.cols; ++j) {
                if (tracer.has_nan(i, j)) continue;
                const int n = tracer.segments(i, j, level, seg);
                for (std::size_t q = 0; q < static_cast<std::size_t>(n); ++q)
                    segments.emplace_back(seg[2 * q], seg[2 * q + 1]);
            }
        }
        for (const auto& line : join_segments(segments))
            out[level].push_back(points_of(tracer, line));
    }
    return out;
}

// Labels on each level's lines: one layer per level, its lines stroked (width 0: not,
// over filled bands) and written on.
void add_labelled(Panel& panel, const std::vector<std::vector<std::vector<Point>>>& lines,
                  const std::vector<double>& levels, const std::vector<Color>& colours,
                  double width_pt) {
    const std::vector<std::string> texts = level_texts(levels);
    for (std::size_t level = 0; level < levels.size(); ++level) {
        LabelledLinesLayer layer;
        layer.color = colours[level];
        layer.text_color = width_pt > 0 ? colours[level] : Color{0, 0, 0, 1};
        layer.width_pt = width_pt;
        for (const auto& points : lines[level]) layer.lines.push_back({points, texts[level]});
        panel.layers.emplace_back(std::move(layer));
    }
}

// The lines of each level, one open-path layer per level (or labelled lines).
void add_lines(Panel& panel, const Field& f, const std::vector<double>& levels,
               const ContourOptions& o, const Colormap& cmap) {
    const std::optional<Color> one = o.color ? parse_color(*o.color) : std::nullopt;
    std::vector<Color> colours;
    colours.reserve(levels.size());
    for (const double v : levels) {
        colours.push_back(
            one ? *one
                : colour_at(cmap, colour_position(v, levels.front(), levels.back(), o.norm)));
    }
    const auto lines = level_lines(f, levels);
    if (o.labels) {
        add_labelled(panel, lines, levels, colours, o.linewidth);
        return;
    }
    for (std::size_t level = 0; level < levels.size(); ++level) {
        PolygonsLayer layer;
        layer.closed = false;
        layer.fill = Color{0, 0, 0, 0};
        layer.outline = Outline{colours[level], o.linewidth};
        for (const auto& line : lines[level]) layer.polygons.push_back({{line}});
        panel.layers.emplace_back(std::move(layer));
    }
}

// Where band `band` (from level band to band + 1; -1 and levels.size() - 1 are the ones
// beyond the ends) takes its colour: matplotlib colours a band by its middle (geometric on
// a log norm); those beyond the ends take the colormap's ends.
double band_position(const std::vector<double>& levels, int band, Scale norm) {
    const int n = static_cast<int>(levels.size());
    if (band < 0) return 0;
    if (band + 1 >= n) return 1;
    const double lo = levels[static_cast<std::size_t>(band)],
                 hi = levels[static_cast<std::size_t>(band) + 1];
    const double mid = norm == Scale::log ? std::sqrt(lo) * std::sqrt(hi) : 0.5 * (lo + hi);
    return colour_position(mid, levels.front(), levels.back(), norm);
}

// The bands between consecutive levels (and beyond the ends where `extend` says), each
// one even-odd polygon of all its rings, outlined thinly in its own colour so that
// neighbouring bands leave no antialiased seam between them.
void add_bands(Panel& panel, const Field& f, const std::vector<double>& levels,
               const ContourOptions& o, const Colormap& cmap, double dpi) {
    // An outline 1.2 px wide covers a boundary pixel whatever share of it each band has,
    // so the background cannot show through between two antialiased bands.
    const double seam_pt = 1.2 * 72.0 / dpi;
    const Tracer tracer(f, levels);
    const std::optional<Color> one = o.color ? parse_color(*o.color) : std::nullopt;
    const int n = static_cast<int>(levels.size());
    const int first = o.extend == Extend::min || o.extend == Extend::both ? -1 : 0;
    const int last = o.extend == Extend::max || o.extend == Extend::both ? n : n - 1;
    std::vector<std::vector<Key>> faces;
    for (int band = first; band < last; ++band) {
        faces.clear();
        std::vector<std::pair<Key, Key>> edges;
        for (std::size_t i = 0; i + 1 < f.rows; ++i) {
            for (std::size_t j = 0; j + 1 < f.cols; ++j) {
                if (!tracer.has_nan(i, j)) tracer.band_faces(i, j, band, band + 1, faces, edges);
            }
        }
        const double t = band_position(levels, band, o.norm);
        PolygonsLayer layer;
        layer.fill = one ? *one : colour_at(cmap, t);
        layer.outline = Outline{layer.fill, seam_pt};
        Polygon polygon;
        for (const auto& ring : outline_rings(faces, std::move(edges)))
            polygon.rings.push_back(points_of(tracer, ring));
        if (!polygon.rings.empty()) layer.polygons.push_back(std::move(polygon));
        panel.layers.emplace_back(std::move(layer));
    }
}

Figure contour_figure(const PlotTask& task, const PlotRule& rule, PlotData data,
                      const FigureConfig& style, const std::optional<SharedRange>& shared) {
    if (data.series.size() != 1) throw DatasetError("a contour draws one dataset");
    const ContourOptions& o = options_as<ContourOptions>(rule.options.get());
    auto& in = data.series.front();
    const auto dims = squeeze(in.values.shape);
    if (dims.size() != 2) {
        throw DatasetError("a contour needs 2-D data; '" + in.dataset + "' has shape " +
                           shape_text(in.values.shape));
    }
    if (dims[0] < 2 || dims[1] < 2) {
        throw DatasetError("a contour needs at least 2×2 values; '" + in.dataset + "' has shape " +
                           shape_text(in.values.shape));
    }
    const Colormap* cmap = Colormap::find(o.colormap);
    if (cmap == nullptr) throw DatasetError("unknown colormap '" + o.colormap + "'");
    std::vector<double> z = std::move(in.values.values);
    Figure fig = base_figure(task, rule, style);
    fig.ignored = mask_unshown(z, o.norm);
    Field f = field_of(std::move(z), dims[0], dims[1], data.coordinates);
    Finite values;
    for (const double v : f.z)
        if (std::isfinite(v)) values.add(v);
    if (!values.any()) {
        throw DatasetError(
            o.norm == Scale::log
                ? "no positive finite values to contour with a log norm in '" + in.dataset + "'"
                : "no finite values to contour in '" + in.dataset + "' (all NaN or Inf)");
    }
    if (values.lo == values.hi) {
        throw DatasetError("a contour needs values that vary; every finite value of '" +
                           in.dataset + "' is " + format_number(values.lo, 6));
    }
    if (o.norm == Scale::log) {
        for (const double v : o.levels) {
            if (v <= 0)
                throw DatasetError("levels for a log norm must be positive; got " +
                                   format_number(v, 6));
        }
    }
    const Range r = value_range(rule, values, o.norm, shared, true);
    std::vector<double> levels = contour_levels(o, r);
    // Lines strictly inside a narrow range may need finer steps to find any.
    for (int more = 2; levels.empty() && o.levels.empty() && more <= 8; more *= 2) {
        ContourOptions finer = o;
        finer.level_count = o.level_count * more;
        levels = contour_levels(finer, r);
    }
    if (levels.empty())
        throw DatasetError("no contour levels inside the values of '" + in.dataset + "'");
    if (o.filled && levels.size() < 2 && o.extend == Extend::neither) {
        throw DatasetError(
            "filled contours need at least two levels (or extend: min, max or both)");
    }

    // Explicit levels the values never reach draw nothing: the row says so.
    std::string outside;
    for (const double v : o.levels) {
        if (!(v > values.lo && v < values.hi))
            outside += (outside.empty() ? "" : ", ") + format_number(v, 6);
    }
    if (!outside.empty()) {
        fig.notes.push_back("contour levels outside the values of '" + in.dataset + "' (" +
                            format_number(values.lo, 6) + " to " + format_number(values.hi, 6) +
                            ") have no line: " + outside);
    }

    Panel& panel = fig.panels.front();
    if (o.filled) {
        add_bands(panel, f, levels, o, *cmap, fig.dpi);
        if (o.labels)
            add_labelled(panel, level_lines(f, levels), levels, std::vector<Color>(levels.size()),
                         0);
    } else {
        add_lines(panel, f, levels, o, *cmap);
    }
    Finite xs, ys;
    for (std::size_t k = 0; k < f.x.size(); ++k) {
        if (std::isfinite(f.x[k]) && std::isfinite(f.y[k])) {
            xs.add(f.x[k]);
            ys.add(f.y[k]);
        }
    }
    // As matplotlib's contour: the axes end at the outermost points, without margins.
    const Range xr = nonsingular(xs.lo, xs.hi), yr = nonsingular(ys.lo, ys.hi);
    panel.x = Axis{axis_label(rule.x_label.has_value(), task.draw.x_label, data.coordinates, 1),
                   xr.lo, xr.hi};
    panel.y = Axis{axis_label(rule.y_label.has_value(), task.draw.y_label, data.coordinates, 0),
                   yr.lo, yr.hi};
    fig.vmin = levels.front();
    fig.vmax = levels.back();
    if (o.filled && !o.color) {
        std::string value_label = task.draw.value_label;
        if (!data.value_units.empty()) value_label += " [" + data.value_units + "]";
        const bool one_level = levels.size() < 2;
        panel.colorbar = Colorbar{value_label, levels.front(),
                                  one_level ? levels.front() + 1 : levels.back(), cmap, o.norm};
        // As contourf's colorbar: one block per band between the levels.
        if (!one_level) {
            panel.colorbar->boundaries = levels;
            for (int band = 0; band + 1 < static_cast<int>(levels.size()); ++band) {
                panel.colorbar->colors.push_back(
                    colour_at(*cmap, band_position(levels, band, o.norm)));
            }
        }
    }
    return fig;
}

class ContourKind final : public PlotKind {
public:
    std::string_view name() const override { return "contour"; }
    std::span<const std::string_view> keys() const override { return contour_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<ContourOptions>>();
        ContourOptions& o = options->value;
        if (keys.has("levels")) {
            // A number alone is how many levels; a list gives them.
            const auto count = keys.numbers("levels", -biggest, biggest, 1, 1000);
            const bool scalar =
                count->size() == 1 && std::floor(count->front()) == count->front() &&
                keys.is("levels", std::to_string(static_cast<long long>(count->front())));
            if (scalar) {
                o.level_count = *keys.integer("levels", 1, 100);
            } else {
                o.levels = *count;
                std::sort(o.levels.begin(), o.levels.end());
                if (std::adjacent_find(o.levels.begin(), o.levels.end()) != o.levels.end()) {
                    keys.fail("levels", "lists a level twice");
                }
                o.level_count = 0;
            }
        }
        o.filled = keys.boolean("filled").value_or(o.filled);
        o.colormap = keys.colormap("colormap").value_or(o.colormap);
        o.color = keys.color("color");
        o.linewidth = keys.number("linewidth", 0, 100).value_or(o.linewidth);
        if (auto i = keys.choice("norm", "norm", norm_names)) o.norm = static_cast<Scale>(*i);
        if (auto i = keys.choice("extend", "extend", extend_names))
            o.extend = static_cast<Extend>(*i);
        o.labels = keys.boolean("labels").value_or(o.labels);
        o.x = series_keys::x_dataset(keys);
        o.y = keys.text("y");
        if (o.y && o.y->find_first_of("*?[") != std::string::npos)
            keys.fail("y", "must name one dataset, not a pattern");
        if (o.norm == Scale::log) {
            for (const double v : o.levels) {
                if (v <= 0)
                    keys.fail("levels",
                              "levels for norm: log must be positive, got " + format_number(v, 6));
            }
        }
        if (o.extend != Extend::neither && !o.filled)
            keys.fail("extend", "applies to filled contours (filled: true)");
        for (const auto key : {"xscale", "yscale"}) {
            if (keys.has(key))
                keys.fail(key,
                          "contour axes are linear (indices or coordinates); use norm: log for "
                          "log-spaced levels");
        }
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<ContourOptions>>();
    }

    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        return resolve_selection(shape, rule.slice, 2, "contour needs 2-D data");
    }
    std::vector<CompanionKey> companions(const PlotRule& rule) const override {
        const ContourOptions& o = options_as<ContourOptions>(rule.options.get());
        return cell_grid::axis_companions(o.x, o.y);
    }
    bool draws_coordinates(const PlotRule& /*rule*/) const override { return true; }
    AxisLabels default_labels(const PlotRule& rule, const LabelSources& from) const override {
        const ContourOptions& o = options_as<ContourOptions>(rule.options.get());
        return cell_grid::axis_labels(o.x, o.y, from);
    }
    std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                          const PlotData& data) const override {
        return series_extent(data, options_as<ContourOptions>(rule.options.get()).norm);
    }
    std::optional<std::pair<double, double>> x_extent(const PlotTask& task, const PlotRule& rule,
                                                      PlotData&& data) const override {
        const Figure fig =
            contour_figure(task, rule, std::move(data), FigureConfig{}, std::nullopt);
        const Axis& x = fig.panels.front().x;
        return std::make_pair(x.lo, x.hi);
    }
    Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                 const FigureConfig& style, const SharedRanges& shared) const override {
        Figure fig = contour_figure(task, rule, std::move(data), style, shared.value);
        view_x_limits(fig.panels.front().x, rule, shared.x);
        return fig;
    }
};

}  // namespace

const PlotKind& contour_kind() {
    static const ContourKind kind;
    return kind;
}

}  // namespace plotcluster
