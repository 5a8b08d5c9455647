#include "plotcluster/core/coordinate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace plotcluster {

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string at_text(std::size_t i, double v) {
    return "value " + std::to_string(i) + " (" + number(v) + ")";
}

}  // namespace

std::string_view coordinate_source_name(CoordinateSource source) {
    switch (source) {
        case CoordinateSource::none: return "array index";
        case CoordinateSource::rule: return "rule's dataset";
        case CoordinateSource::dimension_scale: return "HDF5 dimension scale";
        case CoordinateSource::netcdf_variable: return "netCDF coordinate variable";
        case CoordinateSource::cf_auxiliary: return "CF auxiliary coordinate";
        case CoordinateSource::nexus: return "NeXus NXdata axis";
        case CoordinateSource::openpmd: return "openPMD mesh";
    }
    return "unknown";
}

std::string coordinate_label(const AxisCoordinate& c) {
    std::string label = !c.label.empty() ? c.label : c.name;
    if (!label.empty() && !c.units.empty()) label += " [" + c.units + "]";
    return label;
}

MonotonicCheck monotonic(std::span<const double> values) {
    if (values.size() < 2) return {Monotonic::ascending, 0};
    // NaN compares false both ways, so it breaks either order.
    const bool up = values[1] > values[0];
    const bool down = values[1] < values[0];
    if (!up && !down) return {Monotonic::neither, 1};
    for (std::size_t i = 2; i < values.size(); ++i) {
        if (up ? !(values[i] > values[i - 1]) : !(values[i] < values[i - 1]))
            return {Monotonic::neither, i};
    }
    return {up ? Monotonic::ascending : Monotonic::descending, 0};
}

bool uniform(std::span<const double> values) {
    const std::size_t n = values.size();
    if (n < 3) return true;
    const double first = values.front();
    const double step = (values.back() - first) / static_cast<double>(n - 1);
    double magnitude = 0;
    for (const double v : values) magnitude = std::max(magnitude, std::fabs(v));
    const double tolerance = std::max(1e-3 * std::fabs(step), std::ldexp(magnitude, -21));
    for (std::size_t i = 1; i + 1 < n; ++i) {
        const double line = first + static_cast<double>(i) * step;
        if (!(std::fabs(values[i] - line) <= tolerance)) return false;
    }
    return true;
}

std::vector<double> centres_to_edges(std::span<const double> centres) {
    const std::size_t n = centres.size();
    if (n == 0) return {};
    if (n == 1) return {centres[0] - 0.5, centres[0] + 0.5};
    std::vector<double> edges(n + 1);
    for (std::size_t i = 1; i < n; ++i) edges[i] = 0.5 * (centres[i - 1] + centres[i]);
    edges[0] = centres[0] - 0.5 * (centres[1] - centres[0]);
    edges[n] = centres[n - 1] + 0.5 * (centres[n - 1] - centres[n - 2]);
    return edges;
}

std::string classify(std::span<const double> values, std::uint64_t cells, AxisCoordinate& out) {
    out.form = AxisCoordinate::Form::index;
    out.cells = cells;
    out.edges_given = false;
    const std::uint64_t n = values.size();
    if (n != cells && n != cells + 1) {
        return std::to_string(n) + " value" + (n == 1 ? "" : "s") + " fit neither its " +
               std::to_string(cells) + " cell" + (cells == 1 ? "" : "s") + " nor their " +
               std::to_string(cells + 1) + " edges";
    }
    if (cells == 0) return {};  // nothing to place: indices are as good
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) return "value " + std::to_string(i) + " is NaN";
        if (std::isinf(values[i])) return at_text(i, values[i]) + " is infinite";
    }
    if (const MonotonicCheck m = monotonic(values); m.order == Monotonic::neither) {
        const std::size_t i = m.at;
        const std::string before = i >= 2 ? (values[1] > values[0] ? ", after ascending values"
                                                                   : ", after descending values")
                                          : "";
        return "not monotonic: " + at_text(i, values[i]) +
               (values[i] == values[i - 1] ? " repeats " : " follows ") +
               at_text(i - 1, values[i - 1]) + before;
    }
    const bool centres = n == cells;
    out.edges_given = !centres;
    if (n >= 2 && uniform(values)) {
        const double step = (values.back() - values.front()) / static_cast<double>(n - 1);
        out.form = AxisCoordinate::Form::uniform;
        out.step = step;
        out.start = centres ? values.front() : values.front() + 0.5 * step;
        out.values.clear();
        return {};
    }
    out.form = centres ? AxisCoordinate::Form::points : AxisCoordinate::Form::edges;
    out.values.assign(values.begin(), values.end());
    return {};
}

std::string place_coordinate(std::span<const double> values, const std::vector<std::uint64_t>& shape,
                             const std::vector<std::size_t>& spans,
                             const std::vector<std::uint64_t>& dims,
                             const std::vector<std::int64_t>& fixed, std::size_t axis,
                             AxisCoordinate& c) {
    c.cells = axis < dims.size() ? dims[axis] : 0;
    c.spans.clear();
    c.grid.clear();
    const auto fixed_at = [&fixed](std::size_t a) {
        return a < fixed.size() ? fixed[a] : std::int64_t{-1};
    };
    if (spans.size() <= 1) return classify(values, c.cells, c);
    const std::size_t row = spans[0], column = spans[1];
    if (spans.size() != 2 || row >= dims.size() || column >= dims.size() || shape.size() != 2 ||
        shape[0] != dims[row] || shape[1] != dims[column] ||
        values.size() != shape[0] * shape[1]) {
        std::string got = shape.size() == 2 ? std::to_string(shape[0]) + "×" + std::to_string(shape[1])
                                            : std::to_string(shape.size()) + "-D";
        std::string want = row < dims.size() && column < dims.size()
                               ? std::to_string(dims[row]) + "×" + std::to_string(dims[column])
                               : std::string("out of range");
        return "its 2-D coordinate is " + got + ", the data's axes " + std::to_string(row) +
               " and " + std::to_string(column) + " are " + want;
    }
    if (axis != row && axis != column) return "its 2-D coordinate does not run along this axis";
    c.form = AxisCoordinate::Form::index;
    c.values.clear();
    if (fixed_at(axis) >= 0) {
        // One row of a 2-D grid has no single position: the axis keeps only its name.
        c.label.clear();
        c.units.clear();
        c.source = CoordinateSource::none;
        c.path.clear();
        return {};
    }
    const std::size_t other = axis == row ? column : row;
    if (const std::int64_t at = fixed_at(other); at >= 0) {
        const auto o = static_cast<std::uint64_t>(at);
        if (o >= dims[other]) return "slice index " + std::to_string(at) + " is out of range";
        std::vector<double> line;
        line.reserve(c.cells);
        for (std::uint64_t i = 0; i < c.cells; ++i)
            line.push_back(axis == row ? values[i * shape[1] + o] : values[o * shape[1] + i]);
        return classify(line, c.cells, c);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            return "value " + std::to_string(i) + " of its 2-D coordinate is " +
                   (std::isnan(values[i]) ? "NaN" : "infinite");
    }
    c.form = AxisCoordinate::Form::curvilinear;
    c.values.assign(values.begin(), values.end());
    c.spans = spans;
    c.grid = shape;
    return {};
}

double cell_centre(const AxisCoordinate& c, std::uint64_t i) {
    switch (c.form) {
        case AxisCoordinate::Form::uniform: return c.start + static_cast<double>(i) * c.step;
        case AxisCoordinate::Form::points: return c.values.at(i);
        case AxisCoordinate::Form::edges: return 0.5 * (c.values.at(i) + c.values.at(i + 1));
        case AxisCoordinate::Form::index:
        case AxisCoordinate::Form::curvilinear: break;
    }
    return static_cast<double>(i);
}

std::vector<double> cell_edges(const AxisCoordinate& c) {
    switch (c.form) {
        case AxisCoordinate::Form::points: return centres_to_edges(c.values);
        case AxisCoordinate::Form::edges: return c.values;
        case AxisCoordinate::Form::index:
        case AxisCoordinate::Form::uniform:
        case AxisCoordinate::Form::curvilinear: break;
    }
    const bool uniform_form = c.form == AxisCoordinate::Form::uniform;
    const double start = uniform_form ? c.start : 0;
    const double step = uniform_form ? c.step : 1;
    std::vector<double> edges;
    edges.reserve(c.cells + 1);
    for (std::uint64_t i = 0; i <= c.cells; ++i)
        edges.push_back(start + (static_cast<double>(i) - 0.5) * step);
    return edges;
}

namespace {

// Edge i (0..cells) of a 1-D coordinate without building them all.
double edge_at(const AxisCoordinate& c, std::uint64_t i) {
    const auto n = c.cells;
    switch (c.form) {
        case AxisCoordinate::Form::edges: return c.values[i];
        case AxisCoordinate::Form::points: {
            const auto& v = c.values;
            if (n == 1) return v[0] + (i == 0 ? -0.5 : 0.5);
            if (i == 0) return v[0] - 0.5 * (v[1] - v[0]);
            if (i == n) return v[n - 1] + 0.5 * (v[n - 1] - v[n - 2]);
            return 0.5 * (v[i - 1] + v[i]);
        }
        case AxisCoordinate::Form::uniform:
            return c.start + (static_cast<double>(i) - 0.5) * c.step;
        case AxisCoordinate::Form::index:
        case AxisCoordinate::Form::curvilinear: break;
    }
    return static_cast<double>(i) - 0.5;
}

}  // namespace

Extent coordinate_extent(const AxisCoordinate& c) {
    if (c.form == AxisCoordinate::Form::curvilinear) {
        if (c.values.empty()) return {};
        const auto [lo, hi] = std::minmax_element(c.values.begin(), c.values.end());
        return {*lo, *hi};
    }
    if (c.cells == 0) return {};
    const double a = edge_at(c, 0);
    const double b = edge_at(c, c.cells);
    return {std::min(a, b), std::max(a, b)};
}

CellPick nearest_cell(const AxisCoordinate& c, double value) {
    CellPick pick;
    if (c.form == AxisCoordinate::Form::curvilinear) {
        pick.problem = "its coordinate is 2-D (curvilinear); a slice by value needs a 1-D one";
        return pick;
    }
    if (c.cells == 0) {
        pick.problem = "the axis has no cells";
        return pick;
    }
    if (std::isnan(value)) {
        pick.problem = "the value is NaN";
        return pick;
    }
    const Extent extent = coordinate_extent(c);
    if (value < extent.lo || value > extent.hi) {
        pick.problem = "value " + number(value) + " is outside the axis's cells, which span " +
                       number(extent.lo) + " to " + number(extent.hi);
        return pick;
    }
    // Edges are strictly monotonic: the first edge past the value (ascending) ends its cell.
    const auto edge = [&c](std::uint64_t i) { return edge_at(c, i); };
    const bool ascending = edge(c.cells) >= edge(0);
    std::uint64_t lo = 1, hi = c.cells;  // the cell's upper edge index, in 1..cells
    while (lo < hi) {
        const std::uint64_t mid = lo + (hi - lo) / 2;
        if (ascending ? edge(mid) < value : edge(mid) > value)
            lo = mid + 1;
        else
            hi = mid;
    }
    const std::uint64_t best = lo - 1;
    pick.index = best;
    pick.centre = cell_centre(c, best);
    return pick;
}

namespace {

using Powers = std::array<double, 7>;  // L, M, T, I, theta, N, J

struct NamedUnit {
    const char* symbol;
    Powers powers;
};

constexpr std::array<NamedUnit, 11> named_units{{
    {"N", {1, 1, -2, 0, 0, 0, 0}},
    {"J", {2, 1, -2, 0, 0, 0, 0}},
    {"W", {2, 1, -3, 0, 0, 0, 0}},
    {"Pa", {-1, 1, -2, 0, 0, 0, 0}},
    {"C", {0, 0, 1, 1, 0, 0, 0}},
    {"V", {2, 1, -3, -1, 0, 0, 0}},
    {"T", {0, 1, -2, -1, 0, 0, 0}},
    {"Wb", {2, 1, -2, -1, 0, 0, 0}},
    {"Ω", {2, 1, -3, -2, 0, 0, 0}},
    {"F", {-2, -1, 4, 2, 0, 0, 0}},
    {"H", {2, 1, -2, -2, 0, 0, 0}},
}};

// Base units in the order they are written ("kg m s^-1").
constexpr std::array<std::pair<std::size_t, const char*>, 7> base_order{{
    {1, "kg"}, {0, "m"}, {2, "s"}, {3, "A"}, {4, "K"}, {5, "mol"}, {6, "cd"}}};

std::string power_text(const char* symbol, double p) {
    if (p == 1) return symbol;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s^%g", symbol, p);
    return buf;
}

// Positive powers first, then negative ones, each group in base_order.
std::string base_text(const Powers& p) {
    std::string out;
    for (const bool positive : {true, false}) {
        for (const auto& [index, symbol] : base_order) {
            const double v = p[index];
            if (v == 0 || (v > 0) != positive) continue;
            if (!out.empty()) out += ' ';
            out += power_text(symbol, v);
        }
    }
    return out;
}

}  // namespace

std::string si_units_text(std::span<const double> powers_in) {
    Powers p{};
    for (std::size_t i = 0; i < p.size() && i < powers_in.size(); ++i) {
        const double r = std::round(powers_in[i]);
        p[i] = std::fabs(powers_in[i] - r) < 1e-9 ? r : powers_in[i];
    }
    const auto nonzero = std::count_if(p.begin(), p.end(), [](double v) { return v != 0; });
    if (nonzero == 0) return {};
    if (nonzero <= 2) return base_text(p);
    // A named unit times metres to some power: the one with the smallest such power.
    const NamedUnit* best = nullptr;
    double best_length = 0;
    for (const NamedUnit& u : named_units) {
        bool only_length = true;
        for (std::size_t i = 1; i < p.size(); ++i) only_length = only_length && p[i] == u.powers[i];
        if (!only_length) continue;
        const double length = p[0] - u.powers[0];
        if (best == nullptr || std::fabs(length) < std::fabs(best_length)) {
            best = &u;
            best_length = length;
        }
    }
    if (best == nullptr) return base_text(p);
    return best_length == 0 ? std::string(best->symbol)
                            : std::string(best->symbol) + " " + power_text("m", best_length);
}

}  // namespace plotcluster
