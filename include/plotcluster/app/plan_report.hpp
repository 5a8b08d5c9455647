#pragma once
// --dry-run and --list: what a run would do, told from the config and the catalog alone
// (pure text; nothing is read beyond the catalog, nothing is written).
#include <cstddef>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"

namespace plotcluster {

// How the output names a rule: `plots[2]: heatmap "/fields/**"` (indices as in config
// messages).
std::string rule_label(const Config& config, std::uint32_t rule);

// Rules that draw nothing: "warning: plots[2] ('/fields/*') draws nothing: every dataset it
// matches is taken by plots[0] ('/**')", or "... it matches no dataset in the input
// files". The first rule whose match fits takes a dataset, as in the plan; a rule that
// earlier ones overlap only in part draws something and is not named.
std::vector<std::string> rule_warnings(const Config& config, const Catalog& catalog);

// --dry-run: plots per rule and per input file (these are the manifest's rows), datasets
// no rule matches, plots that fail before drawing, plots an earlier run finished (`plan`
// holds every task, `to_draw` those left to draw), and the estimated cost per rank of
// what is left, partitioned as the static schedule would; rule_warnings after the rules.
std::string plan_report(const Config& config, const Catalog& catalog, const Plan& plan,
                        const std::vector<PlotTask>& to_draw, int ranks);

// --list: the catalog like `h5ls -r`: per file, each dataset's path, shape and dtype, and
// the rule that draws it (from the plan, so groups and left-out members agree with a run);
// rule_warnings at the end.
std::string catalog_listing(const Config& config, const Catalog& catalog, const Plan& plan);

}  // namespace plotcluster
