#pragma once
// What the plan needs of a plot kind, beyond its syntax: the part of a dataset it draws,
// the companion datasets it reads beside it, whether it draws a group's members together,
// and its default axis labels. Implemented with the rest of the kind in figure/kinds/.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plotcluster/config/config.hpp"
#include "plotcluster/config/kind_syntax.hpp"
#include "plotcluster/plan/selection.hpp"

namespace plotcluster {

// How a companion dataset must fit the drawn data, which the plan checks.
enum class CompanionFit {
    points,  // 1-D, one value per point of the selected data (a scatter's x)
    shape,   // the drawn dataset's stored shape, read with the same slice (u/v, yerr)
    rows,    // 1-D, one value per entry of the selected data's first axis (the weights of
             // N×2 particle positions)
};

// A dataset read beside the drawn one: `x`, `y`, `u`/`v`, `yerr`, `weights`. The plan
// resolves the path against the drawn dataset's group and checks that it fits (`fit`),
// or, when it places an axis, that it is 1-D with one value per cell of that axis or one
// per edge. PlotData::companions holds it, by role, once read.
struct CompanionKey {
    std::string role;  // the rule key naming it, also its name in messages
    std::string path;  // as written: absolute, or a sibling's name
    // Set: the coordinate of the drawn data's kept axis `axis` (0: the first kept, a
    // heatmap's rows), as cell centres (n values) or edges (n + 1), which wins over what the
    // file says; read_plot checks it is monotonic. Unset: it fits as `fit` says.
    std::optional<std::size_t> axis{};
    CompanionFit fit = CompanionFit::points;
};

// What default labels are made of, as the plan finds them for one dataset.
struct LabelSources {
    std::string value;  // the dataset's long_name (or name) with its units
    std::string x;      // the `x` dataset's label, or "index" without one
    std::string y;      // the `y` dataset's label, or "" without one
    std::string rows;   // "axis N" of the first axis kept (a heatmap's rows)
    std::string cols;   // "axis N" of the second axis kept
};

struct AxisLabels {
    std::string x;
    std::string y;
};

class KindPlan : public KindSyntax {
public:
    // The part of `shape` the kind draws: the rule's slice checked against the number of
    // dimensions it draws; the error says why there is none ("line plot needs 1-D data").
    virtual Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const = 0;
    // The datasets it reads beside the drawn one, in order.
    virtual std::vector<CompanionKey> companions(const PlotRule& /*rule*/) const { return {}; }
    // Whether it draws the data against the coordinates of its kept axes (PlotData::
    // coordinates): read_plot reads them only then.
    virtual bool draws_coordinates(const PlotRule& /*rule*/) const { return false; }
    // `group: parent`: one figure of the members of each HDF5 group the rule matches.
    virtual bool draws_groups(const PlotRule& /*rule*/) const { return false; }
    // The labels used where the rule gives no x_label / y_label.
    virtual AxisLabels default_labels(const PlotRule& rule, const LabelSources& from) const = 0;
    // Whether `limits: shared | rule` shares the x axis too where the rule gives no
    // x_limits: for series against x (lines, scatter plots), whose frames are useless
    // when x jumps from one to the next.
    virtual bool x_follows_limits() const { return false; }
};

// The x limits the rule's plots are drawn with: its x_limits, else auto, shared as its
// `limits` are where the kind's x follows them.
Limits x_limits_of(const PlotRule& rule);

// The planning side of the rule's kind; throws std::logic_error for a rule without a kind
// or with one that is only syntax (a test's stand-in).
const KindPlan& kind_plan(const PlotRule& rule);

}  // namespace plotcluster
