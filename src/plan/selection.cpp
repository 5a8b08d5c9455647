#include "plotcluster/plan/selection.hpp"

#include <algorithm>

#include "../config/did_you_mean.hpp"

namespace plotcluster {

namespace {

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The `slice:` text that fixes `axes` at their middle, for messages telling how to fix a rule.
std::string slice_hint(const std::vector<std::size_t>& axes) {
    std::string items;
    for (std::size_t i = 0; i < axes.size(); ++i) {
        if (i) items += ", ";
        items += "{axis: " + std::to_string(axes[i]) + ", index: middle}";
    }
    return axes.size() == 1 ? "`slice: " + items + "`" : "`slice: [" + items + "]`";
}

// "slice axis 2", "slice axis 'z' (axis 2)".
std::string slice_named(const SliceSpec& s) {
    const std::string number = "axis " + std::to_string(s.axis);
    return "slice " + (s.name.empty() ? number : "axis '" + s.name + "' (" + number + ")");
}

}  // namespace

std::string number_named_slices(std::vector<SliceSpec>& slices, const std::vector<std::string>& dims,
                                const std::vector<std::uint64_t>& shape) {
    std::vector<std::string> names;
    std::string listed;
    for (std::size_t a = 0; a < dims.size(); ++a) {
        if (dims[a].empty()) continue;
        names.push_back(dims[a]);
        listed += (listed.empty() ? "" : ", ") + dims[a] + " (axis " + std::to_string(a) + ")";
    }
    for (auto& s : slices) {
        if (s.name.empty()) continue;
        const std::string what = "slice axis '" + s.name + "'";
        if (names.empty()) {
            return what + ": the dataset's dimensions have no names (no dimension scales, netCDF "
                          "dimensions, NeXus axes or openPMD axisLabels); give the axis by number" +
                   (shape.empty() ? std::string()
                                  : " (0 to " + std::to_string(shape.size() - 1) + ", shape " +
                                        shape_text(shape) + ")");
        }
        const auto first = std::find(dims.begin(), dims.end(), s.name);
        if (first == dims.end()) {
            return what + " is not a dimension of this dataset, whose dimensions are " + listed +
                   detail::did_you_mean(s.name, names);
        }
        if (std::find(first + 1, dims.end(), s.name) != dims.end()) {
            return what + " is ambiguous: the dataset has more than one dimension of that name (" +
                   listed + "); give the axis by number";
        }
        s.axis = static_cast<int>(first - dims.begin());
    }
    return {};
}

std::uint64_t Selection::elements() const {
    std::uint64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

std::string slice_text(const std::vector<std::int64_t>& fixed) {
    if (std::none_of(fixed.begin(), fixed.end(), [](auto i) { return i >= 0; })) return {};
    std::string s = "[";
    for (std::size_t a = 0; a < fixed.size(); ++a) {
        if (a) s += ", ";
        s += fixed[a] >= 0 ? std::to_string(fixed[a]) : ":";
    }
    return s + "]";
}

std::string shape_story(const std::vector<std::uint64_t>& shape,
                        const std::vector<std::int64_t>& fixed,
                        const std::vector<std::uint64_t>& kept) {
    std::string story = "shape " + shape_text(shape);
    if (const std::string sliced = slice_text(fixed); !sliced.empty()) story += " sliced " + sliced;
    // Nothing left is one value, not a "scalar" dataset.
    if (kept != shape) story += " → " + (kept.empty() ? std::string("1 value") : shape_text(kept));
    return story;
}

Selection resolve_selection(const std::vector<std::uint64_t>& shape,
                            const std::vector<SliceSpec>& slices, int dims,
                            const std::string& what) {
    Selection sel;
    sel.fixed.assign(shape.size(), -1);
    for (const auto& s : slices) {
        const auto axis = static_cast<std::size_t>(s.axis);
        if (s.axis < 0 || axis >= shape.size()) {
            sel.error = slice_named(s) + " does not exist: shape " +
                        shape_text(shape) + " has " + std::to_string(shape.size()) +
                        (shape.size() == 1 ? " axis" : " axes") +
                        (shape.empty() ? "" : " (0 to " + std::to_string(shape.size() - 1) + ")");
            return sel;
        }
        if (shape[axis] == 1 && !s.frames) {  // one frame is fine: a movie of one step
            sel.error = slice_named(s) + " has extent 1 in shape " +
                        shape_text(shape) +
                        ": it is dropped anyway, remove it from the rule's `slice`";
            return sel;
        }
        if (sel.fixed[axis] >= 0) {
            sel.error = slice_named(s) + " is given twice";
            return sel;
        }
        if (s.value) {  // the reader picks the cell from the axis's coordinates
            sel.fixed[axis] = 0;
            continue;
        }
        const std::uint64_t index = s.index.value_or(shape[axis] / 2);
        if (index >= shape[axis]) {
            sel.error = "slice index " + std::to_string(index) + " is out of range for axis " +
                        std::to_string(axis) + " of extent " + std::to_string(shape[axis]) +
                        " (shape " + shape_text(shape) + "; indices 0 to " +
                        std::to_string(shape[axis] - 1) + ")";
            return sel;
        }
        sel.fixed[axis] = static_cast<std::int64_t>(index);
    }
    std::vector<std::size_t> free_axes;  // kept and not 1: candidates for a slice
    for (std::size_t a = 0; a < shape.size(); ++a) {
        if (sel.fixed[a] < 0 && shape[a] != 1) {
            sel.shape.push_back(shape[a]);
            free_axes.push_back(a);
        }
    }
    if (dims < 0) return sel;
    const auto want = static_cast<std::size_t>(dims);
    const std::size_t have = sel.shape.size();
    // A single value squeezes to no dimensions: still a 1-point line.
    if (have == want || (have == 0 && want == 1)) return sel;
    sel.error = what + "; " + shape_story(shape, sel.fixed, sel.shape) + " has " +
                plural(have, "dimension") + " that " + (have == 1 ? "is" : "are") + " not 1";
    if (have > want) {
        const std::vector<std::size_t> extra(free_axes.begin(),
                                             free_axes.begin() + static_cast<long>(have - want));
        sel.error += ": add " + slice_hint(extra) + " to the rule";
        if (!slices.empty()) sel.error += " (besides the slices it has)";
    } else if (!slices.empty() && have + slices.size() >= want) {
        sel.error += ": slice fewer axes";
    }
    return sel;
}

}  // namespace plotcluster
