#include "plotcluster/app/plan_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>

#include "plotcluster/config/dataset_glob.hpp"
#include "plotcluster/plan/selection.hpp"
#include "plotcluster/schedule/schedule.hpp"

namespace plotcluster {
namespace {

constexpr std::size_t max_listed = 20;  // of unmatched datasets and failing plots

using Key = std::pair<std::string, std::string>;  // (file, dataset)

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    return buf;
}

std::string padded(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

// Which rule draws each dataset, as the plan decided (group members included).
std::map<Key, std::uint32_t> rules_by_dataset(const Plan& plan) {
    std::map<Key, std::uint32_t> rules;
    for (const auto& t : plan.tasks) {
        if (t.read.members.empty()) rules.emplace(Key{t.read.file, t.read.dataset}, t.draw.rule);
        for (const auto& m : t.read.members) rules.emplace(Key{t.read.file, m}, t.draw.rule);
    }
    return rules;
}

// "plots[0] ('/**')": a rule as warnings name it.
std::string short_label(const Config& config, std::uint32_t rule) {
    return "plots[" + std::to_string(rule) + "] ('" + config.plots[rule].match + "')";
}

void list_some(std::ostringstream& out, std::size_t total, std::size_t shown) {
    if (total > shown) out << "  ... and " << total - shown << " more\n";
}

}  // namespace

std::string rule_label(const Config& config, std::uint32_t rule) {
    if (rule >= config.plots.size()) return "no rule";
    const PlotRule& r = config.plots[rule];
    return "plots[" + std::to_string(rule) + "]: " + std::string(kind_name(r)) + " \"" +
           r.match + "\"";
}

std::vector<std::string> rule_warnings(const Config& config, const Catalog& catalog) {
    std::set<std::string> paths;  // the same path in many files is tested once
    for (const auto& ds : catalog.datasets) paths.insert(ds.dataset);
    // takers[r]: the rules that take the datasets rule r's glob matches.
    std::vector<std::set<std::uint32_t>> takers(config.plots.size());
    // A rule with `also: true` lets the rules after it draw the dataset too, and one with
    // a `when:` may not take every dataset of that path: neither stops the matching.
    for (const auto& path : paths) {
        std::optional<std::uint32_t> first;
        for (std::uint32_t r = 0; r < config.plots.size(); ++r) {
            const PlotRule& rule = config.plots[r];
            if (rule.part || !dataset_glob_match(rule.match, path)) continue;
            takers[r].insert(first.value_or(r));
            if (!first && !rule.also && rule.when == RuleCondition{}) first = r;
        }
    }
    std::vector<std::string> warnings;
    for (std::uint32_t r = 0; r < config.plots.size(); ++r) {
        if (config.plots[r].part || takers[r].count(r) != 0)
            continue;  // a part is drawn by its rule
        std::string why;
        if (takers[r].empty()) {
            why = "it matches no dataset in the input files";
        } else {
            why = "every dataset it matches is taken by ";
            std::size_t i = 0;
            for (const auto taker : takers[r]) {
                if (i > 0) why += i + 1 == takers[r].size() ? " and " : ", ";
                why += short_label(config, taker);
                ++i;
            }
        }
        warnings.push_back("warning: " + short_label(config, r) + " draws nothing: " + why);
    }
    return warnings;
}

std::string plan_report(const Config& config, const Catalog& catalog, const Plan& plan,
                        const std::vector<PlotTask>& to_draw, int ranks) {
    std::ostringstream out;
    const auto failing = std::count_if(plan.tasks.begin(), plan.tasks.end(),
                                       [](const PlotTask& t) { return !t.job.error.empty(); });
    out << "plotcluster --dry-run: " << config.source.string() << " (nothing is drawn or written)\n"
        << "input: " << plural(catalog.files.size(), "file") << ", "
        << plural(catalog.datasets.size(), "dataset") << '\n'
        << "plan: " << plural(plan.tasks.size() + plan.unreadable.size(), "plot")
        << " (the manifest's rows), " << failing + plan.unreadable.size()
        << " of them fail before drawing; " << plural(plan.unmatched.size(), "dataset")
        << " matched by no rule\n";
    if (!plan.unreadable.empty()) {
        out << "cannot be read (a failed row each, dataset '/'; the other files are drawn):\n";
        for (const auto& u : plan.unreadable) out << "  " << u.file << ": " << u.error << '\n';
    }

    out << "per rule:\n";
    std::vector<std::size_t> per_rule(config.plots.size()), failing_per_rule(config.plots.size());
    for (const auto& t : plan.tasks) {
        ++per_rule[t.draw.rule];
        if (!t.job.error.empty()) ++failing_per_rule[t.draw.rule];
    }
    std::size_t width = 0;
    for (std::uint32_t r = 0; r < config.plots.size(); ++r)
        width = std::max(width, rule_label(config, r).size());
    for (std::uint32_t r = 0; r < config.plots.size(); ++r) {
        if (config.plots[r].part) continue;  // drawn in its rule's plots
        out << "  " << padded(rule_label(config, r), width) << "  " << plural(per_rule[r], "plot");
        if (failing_per_rule[r] > 0) out << " (" << failing_per_rule[r] << " fail before drawing)";
        out << '\n';
    }
    out << "  " << padded("no rule", width) << "  " << plural(plan.unmatched.size(), "dataset")
        << '\n';
    for (const auto& w : rule_warnings(config, catalog)) out << w << '\n';

    out << "per file:\n";
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_file;  // plots, unmatched
    for (const auto& t : plan.tasks) ++per_file[t.read.file].first;
    for (const auto& u : plan.unmatched) ++per_file[u.file].second;
    for (const auto& file : catalog.files) {
        const auto& [plots, unmatched] = per_file[file];
        out << "  " << file << ": " << plural(plots, "plot") << ", " << unmatched << " unmatched\n";
    }

    if (!plan.unmatched.empty()) {
        out << "matched by no rule (not drawn, listed in the manifest):\n";
        for (std::size_t i = 0; i < plan.unmatched.size() && i < max_listed; ++i)
            out << "  " << plan.unmatched[i].file << ':' << plan.unmatched[i].dataset << '\n';
        list_some(out, plan.unmatched.size(), max_listed);
    }
    if (failing > 0) {
        out << "fail before drawing (failed rows in the manifest):\n";
        std::size_t shown = 0;
        for (const auto& t : plan.tasks) {
            if (t.job.error.empty() || shown++ >= max_listed) continue;
            out << "  " << t.read.file << ':' << t.read.dataset << ": " << t.job.error << '\n';
        }
        list_some(out, static_cast<std::size_t>(failing), max_listed);
    }

    const std::size_t kept = plan.tasks.size() - to_draw.size();
    if (kept > 0) {
        out << "resume: " << plural(kept, "plot") << " finished by an earlier run would be kept, "
            << to_draw.size() << " to draw (--force redraws them all)\n";
    }
    std::vector<std::uint64_t> costs;
    for (const auto& t : to_draw) {
        if (!t.job.error.empty()) continue;
        costs.push_back(t.job.cost);
    }
    const std::uint64_t total = std::accumulate(costs.begin(), costs.end(), std::uint64_t{0});
    out << "estimated cost per rank on " << plural(static_cast<std::size_t>(ranks), "rank")
        << " (values read plus a per-image share; as the static schedule splits it, the dynamic "
           "one evens out while running):\n";
    const auto parts = partition_by_cost(costs, ranks);
    for (std::size_t r = 0; r < parts.size(); ++r) {
        std::uint64_t cost = 0;
        for (const auto i : parts[r]) cost += costs[i];
        out << "  rank " << r << ": " << plural(parts[r].size(), "plot") << ", cost " << cost
            << " (" << percent(cost, total) << ")\n";
    }
    out << "outputs would go to " << config.output.dir.string()
        << " (manifest.json, data.csv, index.html)\n";
    return out.str();
}

std::string catalog_listing(const Config& config, const Catalog& catalog, const Plan& plan) {
    const auto rules = rules_by_dataset(plan);
    std::ostringstream out;
    std::size_t matched = 0;
    std::size_t other_names = 0;  // aliases and unfollowed links no rule names
    std::size_t dimensions = 0;   // netCDF dimensions without values no rule names
    std::map<std::string, std::string> unreadable;
    for (const auto& u : catalog.unreadable) unreadable.emplace(u.file, u.error);
    for (const auto& file : catalog.files) {
        out << file << '\n';
        if (const auto bad = unreadable.find(file); bad != unreadable.end()) {
            out << "  cannot be read: " << bad->second << '\n';
            continue;
        }
        std::vector<const DatasetInfo*> mine;
        for (const auto& ds : catalog.datasets)
            if (ds.file == file) mine.push_back(&ds);
        std::size_t path_w = 0, shape_w = 0, type_w = 0;
        auto shape_of = [](const DatasetInfo& ds) {
            if (ds.dtype.name == "link") return std::string("Link");  // to no dataset
            if (ds.shape.empty()) return std::string("Dataset {SCALAR}");
            std::string s = "Dataset {";
            for (std::size_t i = 0; i < ds.shape.size(); ++i)
                s += (i ? ", " : "") + std::to_string(ds.shape[i]);
            return s + "}";
        };
        for (const auto* ds : mine) {
            path_w = std::max(path_w, ds->dataset.size());
            shape_w = std::max(shape_w, shape_of(*ds).size());
            type_w = std::max(type_w, ds->dtype.name.size());
        }
        for (const auto* ds : mine) {
            const auto rule = rules.find({ds->file, ds->dataset});
            if (rule != rules.end()) ++matched;
            out << "  " << padded(ds->dataset, path_w) << "  " << padded(shape_of(*ds), shape_w)
                << "  " << padded(ds->dtype.name, type_w) << "  "
                << (rule != rules.end() ? rule_label(config, rule->second) : "no rule");
            if (!ds->link.empty()) out << "  (" << ds->link << ')';
            if (!ds->alias_of.empty()) out << "  = " << ds->alias_of;
            if (!ds->problem.empty()) out << "  ! " << ds->problem;
            if (!ds->note.empty()) out << "  ~ " << ds->note;
            out << '\n';
            if (rule == rules.end() && ds->dimension_only) {
                ++dimensions;
            } else if (rule == rules.end() && ds->by_name_only()) {
                ++other_names;
            }
        }
    }
    if (!catalog.unreadable.empty()) {
        out << plural(catalog.unreadable.size(), "file") << " cannot be read (a failed row each)\n";
    }
    out << plural(catalog.datasets.size(), "dataset") << " in "
        << plural(catalog.files.size(), "file") << ": " << matched << " matched by a rule, "
        << catalog.datasets.size() - matched - other_names - dimensions << " by none";
    if (other_names > 0) {
        out << ", " << other_names
            << (other_names == 1 ? " alias or unfollowed link" : " aliases or unfollowed links")
            << " (drawn only by a rule naming them)";
    }
    if (dimensions > 0) {
        out << ", " << plural(dimensions, "netCDF dimension") << " without values (not drawn)";
    }
    out << '\n';
    for (const auto& w : rule_warnings(config, catalog)) out << w << '\n';
    return out.str();
}

}  // namespace plotcluster
