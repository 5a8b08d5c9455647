#include "plotcluster/plan/plan.hpp"

#include <gtest/gtest.h>

#include "plotcluster/plan/kind_plan.hpp"
#include "plotcluster/plan/selection.hpp"
#include "support/rules.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace plotcluster {
namespace {

using Shape = std::vector<std::uint64_t>;

DType f64() {
    DType d;
    d.cls = DType::Class::floating;
    d.bytes = 8;
    d.name = "float64";
    return d;
}

DType other(const std::string& name) {
    DType d;
    d.cls = DType::Class::other;
    d.name = name;
    return d;
}

DatasetInfo dataset(const std::string& file, const std::string& path, Shape shape,
                    DType dtype = f64(), std::map<std::string, std::string> attrs = {}) {
    DatasetInfo d;
    d.file = file;
    d.dataset = path;
    d.shape = std::move(shape);
    d.dtype = std::move(dtype);
    d.attrs = std::move(attrs);
    return d;
}

// A rule as the config parses it; `options` are more of its keys ("x: t").
PlotRule rule(const std::string& match, const std::string& kind, std::string_view options = "") {
    return test::rule_of(kind, options, match);
}

Config config_with(std::vector<PlotRule> rules) {
    Config c;
    c.base_dir = "/cfg";
    c.output.dir = "/out";
    c.plots = std::move(rules);
    return c;
}

const std::string run1 = "/data/run_0001.h5";
const std::string run2 = "/data/run_0002.h5";

// The single task of a plan, by value (the plan is usually a temporary).
PlotTask only(const Plan& plan) {
    EXPECT_EQ(plan.tasks.size(), 1U);
    return plan.tasks.at(0);
}

TEST(Plan, FirstMatchingRuleWins) {
    PlotRule fields = rule("/fields/**", "heatmap", "colormap: magma");
    PlotRule all = rule("/**", "line");
    Catalog cat;
    cat.files = {run1};
    cat.datasets = {dataset(run1, "/fields/rho", {4, 5}), dataset(run1, "/series/t", {10})};

    const Plan plan = make_plan(config_with({fields, all}), cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].read.dataset, "/fields/rho");
    EXPECT_EQ(plan.tasks[0].draw.kind, "heatmap");
    EXPECT_EQ(plan.tasks[0].draw.rule, 0U);
    EXPECT_EQ(plan.tasks[1].read.dataset, "/series/t");
    EXPECT_EQ(plan.tasks[1].draw.kind, "line");
    EXPECT_EQ(plan.tasks[1].draw.rule, 1U);
    EXPECT_TRUE(plan.unmatched.empty());

    // The catch-all first shadows the specific rule.
    const Plan reversed = make_plan(config_with({all, fields}), cat);
    ASSERT_EQ(reversed.tasks.size(), 2U);
    EXPECT_EQ(reversed.tasks[0].draw.kind, "line");
    EXPECT_EQ(reversed.tasks[0].draw.rule, 0U);
}

TEST(Plan, AlsoRuleDrawsAndMatchingGoesOn) {
    Catalog cat;
    cat.files = {run1};
    cat.datasets = {dataset(run1, "/fields/rho", {4, 5}), dataset(run1, "/series/t", {10})};
    const Plan plan = make_plan(config_with({rule("/fields/*", "heatmap", "also: true"),
                                             rule("/fields/*", "histogram"), rule("/**", "line")}),
                                cat);
    // rho by the heatmap and the histogram (not by the catch-all after the histogram), t by the
    // line.
    ASSERT_EQ(plan.tasks.size(), 3U);
    EXPECT_EQ(plan.tasks[0].read.dataset, "/fields/rho");
    EXPECT_EQ(plan.tasks[0].draw.rule, 0U);
    EXPECT_EQ(plan.tasks[0].job.output_stem, "run_0001/fields/rho");
    EXPECT_EQ(plan.tasks[1].read.dataset, "/fields/rho");
    EXPECT_EQ(plan.tasks[1].draw.rule, 1U);
    EXPECT_EQ(plan.tasks[1].draw.kind, "histogram");
    EXPECT_EQ(plan.tasks[1].job.output_stem, "run_0001/fields/rho_histogram");
    EXPECT_EQ(plan.tasks[2].read.dataset, "/series/t");
    EXPECT_EQ(plan.tasks[2].draw.rule, 2U);
    for (const auto& t : plan.tasks) EXPECT_EQ(t.job.error, "") << t.read.dataset;
    EXPECT_TRUE(plan.unmatched.empty());

    // Without also: the first rule is the only one.
    const Plan first =
        make_plan(config_with({rule("/fields/*", "heatmap"), rule("/fields/*", "histogram")}), cat);
    ASSERT_EQ(first.tasks.size(), 1U);
    EXPECT_EQ(first.tasks[0].draw.kind, "heatmap");
}

TEST(Plan, AlsoRulesOfOneKindAreNumbered) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/fields/rho", {4, 5})};
    const Plan plan = make_plan(config_with({rule("/fields/*", "heatmap", "also: true"),
                                             rule("/fields/*", "histogram", "also: true"),
                                             rule("/fields/*", "histogram", "bins: 5, also: true"),
                                             rule("/fields/*", "heatmap", "colormap: magma")}),
                                cat);
    ASSERT_EQ(plan.tasks.size(), 4U);
    EXPECT_EQ(plan.tasks[0].job.output_stem, "run_0001/fields/rho");
    EXPECT_EQ(plan.tasks[1].job.output_stem, "run_0001/fields/rho_histogram");
    EXPECT_EQ(plan.tasks[2].job.output_stem, "run_0001/fields/rho_histogram2");
    EXPECT_EQ(plan.tasks[3].job.output_stem, "run_0001/fields/rho_heatmap2");
    for (const auto& t : plan.tasks) EXPECT_EQ(t.job.error, "") << t.job.output_stem;
    // The fingerprints tell the plots of one dataset apart (resume keys on them).
    EXPECT_EQ(plan.tasks[0].draw.rule, 0U);
    EXPECT_EQ(plan.tasks[2].draw.rule, 2U);
}

TEST(Plan, AlsoRulesStillClashWhenTheOutputNameIgnoresTheDataset) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/fields/rho", {4, 5}), dataset(run1, "/fields/T", {4, 5})};
    Config config = config_with({rule("/fields/*", "heatmap")});
    config.output.name = "{file_stem}/all";
    const Plan plan = make_plan(config, cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_NE(plan.tasks[1].job.error.find("is already used by dataset"), std::string::npos)
        << plan.tasks[1].job.error;
}

TEST(Plan, WhenConditionsPickTheRule) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/a", {10, 2}), dataset(run1, "/b", {4, 5, 6}),
                    dataset(run1, "/c", {100, 3}, f64(), {{"NX_class", "NXdata"}}),
                    dataset(run1, "/d", {7}, f64(), {{"NX_class", "NXentry"}})};
    const Plan plan = make_plan(
        config_with({rule("/**", "heatmap", "when: {ndim: 3}, slice: {axis: 0, index: 1}"),
                     rule("/**", "scatter", "when: {shape: [null, 2]}"),
                     rule("/**", "heatmap", "when: {attr: {NX_class: NXdata}, shape: [100, 3]}"),
                     rule("/**", "line", "when: {shape: [100]}")}),
        cat);
    ASSERT_EQ(plan.tasks.size(), 3U);
    EXPECT_EQ(plan.tasks[0].read.dataset, "/a");
    EXPECT_EQ(plan.tasks[0].draw.rule, 1U);
    EXPECT_EQ(plan.tasks[1].read.dataset, "/b");
    EXPECT_EQ(plan.tasks[1].draw.rule, 0U);
    EXPECT_EQ(plan.tasks[2].read.dataset, "/c");
    EXPECT_EQ(plan.tasks[2].draw.rule, 2U);
    // /d: NXentry, and 7 values where the line asks for 100.
    ASSERT_EQ(plan.unmatched.size(), 1U);
    EXPECT_EQ(plan.unmatched[0].dataset, "/d");
}

TEST(Plan, WhenThatFailsTriesTheNextRuleAlsoAfterAnAlsoRule) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/f", {8, 8}), dataset(run1, "/g", {8, 8, 8})};
    const Plan plan = make_plan(config_with({rule("/**", "heatmap", "also: true, when: {ndim: 2}"),
                                             rule("/**", "histogram")}),
                                cat);
    ASSERT_EQ(plan.tasks.size(), 3U);
    EXPECT_EQ(plan.tasks[0].read.dataset, "/f");
    EXPECT_EQ(plan.tasks[0].draw.kind, "heatmap");
    EXPECT_EQ(plan.tasks[1].read.dataset, "/f");
    EXPECT_EQ(plan.tasks[1].draw.kind, "histogram");
    EXPECT_EQ(plan.tasks[1].job.output_stem, "run_0001/f_histogram");
    // /g's only rule is the histogram: its first plot, with the plain name.
    EXPECT_EQ(plan.tasks[2].read.dataset, "/g");
    EXPECT_EQ(plan.tasks[2].draw.kind, "histogram");
    EXPECT_EQ(plan.tasks[2].job.output_stem, "run_0001/g");
}

TEST(Plan, UnmatchedDatasetsAreListed) {
    Catalog cat;
    cat.files = {run1, run2};
    cat.datasets = {dataset(run1, "/fields/rho", {4, 5}), dataset(run1, "/meta/step", {3}),
                    dataset(run2, "/fields/rho", {4, 5}), dataset(run2, "/fields/sub/u", {4, 5})};
    const Plan plan = make_plan(config_with({rule("/fields/*", "heatmap")}), cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].read.file, run1);
    EXPECT_EQ(plan.tasks[1].read.file, run2);
    ASSERT_EQ(plan.unmatched.size(), 2U);
    EXPECT_EQ(plan.unmatched[0].file, run1);
    EXPECT_EQ(plan.unmatched[0].dataset, "/meta/step");
    EXPECT_EQ(plan.unmatched[1].file, run2);
    EXPECT_EQ(plan.unmatched[1].dataset, "/fields/sub/u");  // '*' stays within one group
}

TEST(Plan, NoRulesLeavesEverythingUnmatched) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/a", {3}), dataset(run1, "/b", {3})};
    const Plan plan = make_plan(config_with({}), cat);
    EXPECT_TRUE(plan.tasks.empty());
    EXPECT_EQ(plan.unmatched.size(), 2U);
}

// A stand-in kind with the companions the particle and vector kinds read: `u` of the
// data's shape (cut where the data is) and `w` with one value per row.
class TwoCompanions final : public KindPlan {
public:
    struct Options {};
    std::string_view name() const override { return "two_companions"; }
    std::span<const std::string_view> keys() const override { return {}; }
    std::unique_ptr<KindOptions> parse(const RuleKeys& /*keys*/) const override { return defaults(); }
    std::unique_ptr<KindOptions> defaults() const override { return std::make_unique<OptionsOf<Options>>(); }
    Selection select(const PlotRule& r, const Shape& shape) const override {
        return resolve_selection(shape, r.slice, 2, "needs 2-D data");
    }
    std::vector<CompanionKey> companions(const PlotRule& /*rule*/) const override {
        return {{"u", "u", std::nullopt, CompanionFit::shape}, {"w", "/w", std::nullopt, CompanionFit::rows}};
    }
    AxisLabels default_labels(const PlotRule& /*rule*/, const LabelSources& /*from*/) const override {
        return {};
    }
};

template <class S, class V>
    requires std::same_as<std::remove_const_t<S>, TwoCompanions::Options>
void for_each_field(S& /*o*/, V&& /*v*/) {}

TEST(Plan, CompanionsFitByShapeOrByRows) {
    const TwoCompanions kind;
    PlotRule r;
    r.match = "/**";
    r.kind = &kind;
    r.options = kind.defaults();
    const auto plan_of = [&](Shape u, Shape w) {
        Catalog cat;
        cat.datasets = {dataset(run1, "/f/rho", {100, 2}), dataset(run1, "/f/u", std::move(u)),
                        dataset(run1, "/w", std::move(w))};
        Config c = config_with({r});
        c.plots[0].match = "/f/rho";
        return only(make_plan(c, cat));
    };
    const PlotTask ok = plan_of({100, 2}, {100});
    EXPECT_EQ(ok.job.error, "");
    ASSERT_EQ(ok.read.companions.size(), 2U);
    EXPECT_EQ(ok.read.companions[0], (Companion{"u", "/f/u", true}));  // sliced as the data
    EXPECT_EQ(ok.read.companions[1], (Companion{"w", "/w", false}));   // read whole
    EXPECT_NE(plan_of({100, 3}, {100}).job.error.find("u dataset '/f/u' has shape"), std::string::npos);
    EXPECT_NE(plan_of({100, 3}, {100}).job.error.find("u needs the data's shape"), std::string::npos);
    const std::string rows = plan_of({100, 2}, {99}).job.error;
    EXPECT_NE(rows.find("w dataset '/w' has 99 values but the data has 100 rows"), std::string::npos) << rows;
    EXPECT_NE(rows.find("w needs one value per row"), std::string::npos) << rows;
}

TEST(Plan, TaskCarriesDatasetFacts) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/fields/rho", {1, 47, 47})};
    const PlotTask t = only(make_plan(config_with({rule("/**", "heatmap")}), cat));
    EXPECT_EQ(t.read.file, run1);
    EXPECT_EQ(t.read.dataset, "/fields/rho");
    EXPECT_EQ(t.read.shape, (Shape{1, 47, 47}));
    EXPECT_EQ(t.read.dtype, "float64");
    EXPECT_EQ(t.job.error, "");
}

TEST(Plan, DefaultTemplatesForLine) {
    Catalog cat;
    cat.datasets = {
        dataset(run1, "/series/energy", {50}, f64(), {{"long_name", "Energy"}, {"units", "J"}}),
        dataset(run1, "/series/count", {50}),
        dataset(run1, "/series/temp", {50}, f64(), {{"units", "K"}}),
        dataset(run1, "/series/mass", {50}, f64(), {{"long_name", "Mass"}, {"units", ""}}),
    };
    const Plan plan = make_plan(config_with({rule("/**", "line")}), cat);
    ASSERT_EQ(plan.tasks.size(), 4U);
    const PlotTask& energy = plan.tasks[0];
    EXPECT_EQ(energy.draw.title, "/series/energy (run_0001)");
    EXPECT_EQ(energy.draw.x_label, "index");
    EXPECT_EQ(energy.draw.y_label, "Energy [J]");
    EXPECT_EQ(energy.draw.value_label, "Energy [J]");
    EXPECT_EQ(plan.tasks[1].draw.y_label, "count");  // no attributes: the dataset's name
    EXPECT_EQ(plan.tasks[2].draw.y_label, "temp [K]");
    EXPECT_EQ(plan.tasks[3].draw.y_label, "Mass");  // empty units: no brackets
    for (const auto& t : plan.tasks) EXPECT_EQ(t.job.error, "") << t.read.dataset;
}

TEST(Plan, DefaultTemplatesForHeatmap) {
    Catalog cat;
    cat.datasets = {dataset(run2, "/fields/rho", {8, 9}, f64(),
                            {{"long_name", "Density"}, {"units", "kg/m^3"}})};
    const PlotTask t = only(make_plan(config_with({rule("/**", "heatmap")}), cat));
    EXPECT_EQ(t.draw.title, "/fields/rho (run_0002)");
    EXPECT_EQ(t.draw.x_label, "axis 1");
    EXPECT_EQ(t.draw.y_label, "axis 0");
    EXPECT_EQ(t.draw.value_label, "Density [kg/m^3]");
}

// openPMD mesh record components are named as physicists write them; other datasets,
// and components with a long_name, keep their names.
TEST(Plan, OpenPmdComponentsAreNamedByRecordAndComponent) {
    Catalog cat;
    cat.datasets = {dataset(run2, "/data/100/meshes/E/x", {8, 9}, f64(), {{"unitSI", "1e12"}}),
                    dataset(run2, "/data/100/meshes/rho", {8, 9}, f64(), {{"unitSI", "1"}}),
                    dataset(run2, "/data/100/meshes/B/z", {8, 9}, f64(), {{"unitSI", "1"}, {"long_name", "Bz"}}),
                    dataset(run2, "/data/100/fields/E/x", {8, 9}, f64(), {{"unitSI", "1"}}),
                    dataset(run2, "/data/100/meshes/E/y", {8, 9})};
    const Plan plan = make_plan(config_with({rule("/**", "heatmap")}), cat);
    ASSERT_EQ(plan.tasks.size(), 5u);
    std::map<std::string, std::string> labels;
    for (const auto& t : plan.tasks) labels[t.read.dataset] = t.draw.value_label;
    EXPECT_EQ(labels["/data/100/meshes/E/x"], "$E_{x}$");
    EXPECT_EQ(labels["/data/100/meshes/rho"], "rho");
    EXPECT_EQ(labels["/data/100/meshes/B/z"], "Bz");
    EXPECT_EQ(labels["/data/100/fields/E/x"], "x");
    EXPECT_EQ(labels["/data/100/meshes/E/y"], "y");  // no unitSI: not an openPMD component
}

TEST(Plan, CustomTemplatesAreExpanded) {
    PlotRule r = rule("/**", "line");
    r.title = "{name} of {file} at {attr:time} {{s}}";
    r.x_label = "step ({file_stem})";
    r.y_label = "{attr:long_name} in {attr:units}";
    Catalog cat;
    cat.datasets = {dataset(run1, "/series/energy", {50}, f64(),
                            {{"long_name", "Energy"}, {"units", "J"}, {"time", "0.5"}})};
    Config c = config_with({r});
    c.output.name = "plots/{file_stem}-{name}";
    const PlotTask t = only(make_plan(c, cat));
    EXPECT_EQ(t.draw.title, "energy of run_0001.h5 at 0.5 {s}");
    EXPECT_EQ(t.draw.x_label, "step (run_0001)");
    EXPECT_EQ(t.draw.y_label, "Energy in J");
    EXPECT_EQ(t.job.output_stem, "plots/run_0001-energy");
    EXPECT_EQ(t.job.error, "");
}

TEST(Plan, DefaultOutputStem) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/fields/rho", {3, 3})};
    const PlotTask t = only(make_plan(config_with({rule("/**", "heatmap")}), cat));
    EXPECT_EQ(t.job.output_stem, "run_0001/fields/rho");
}

TEST(Plan, MissingAttributeInTitleIsTaskError) {
    PlotRule r = rule("/**", "line");
    r.title = "{dataset} at t={attr:time}";
    Catalog cat;
    cat.datasets = {dataset(run1, "/a", {5}), dataset(run1, "/b", {5}, f64(), {{"time", "2"}})};
    const Plan plan = make_plan(config_with({r}), cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_NE(plan.tasks[0].job.error.find("time"), std::string::npos) << plan.tasks[0].job.error;
    EXPECT_FALSE(plan.tasks[0].job.output_stem.empty());
    EXPECT_EQ(plan.tasks[1].job.error, "");
    EXPECT_EQ(plan.tasks[1].draw.title, "/b at t=2");
}

TEST(Plan, MissingAttributeInOutputNameIsTaskErrorWithStem) {
    Config c = config_with({rule("/**", "line")});
    c.output.name = "{attr:run_id}/{name}";
    Catalog cat;
    cat.datasets = {dataset(run1, "/a", {5})};
    const PlotTask t = only(make_plan(c, cat));
    EXPECT_NE(t.job.error.find("run_id"), std::string::npos) << t.job.error;
    EXPECT_FALSE(t.job.output_stem.empty());
    EXPECT_NE(t.job.output_stem.front(), '/');
}

TEST(Plan, NonNumericDtypesAreTaskErrors) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/c", {3}, other("compound")),
                    dataset(run1, "/s", {3}, other("string (fixed length)")),
                    dataset(run1, "/v", {3}, other("string (variable length)")),
                    dataset(run1, "/e", {3}, other("enum"))};
    const Plan plan = make_plan(config_with({rule("/**", "line")}), cat);
    ASSERT_EQ(plan.tasks.size(), 4U);
    EXPECT_NE(plan.tasks[0].job.error.find("compound"), std::string::npos) << plan.tasks[0].job.error;
    EXPECT_NE(plan.tasks[1].job.error.find("string"), std::string::npos) << plan.tasks[1].job.error;
    EXPECT_NE(plan.tasks[2].job.error.find("string"), std::string::npos) << plan.tasks[2].job.error;
    EXPECT_NE(plan.tasks[3].job.error.find("enum"), std::string::npos) << plan.tasks[3].job.error;
    EXPECT_EQ(plan.tasks[0].job.error, "compound dataset cannot be plotted (only integer and float data)");
}

TEST(Plan, ScalarAndEmptyAreTaskErrors) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/empty", {0}), dataset(run1, "/empty2d", {4, 0}),
                    dataset(run1, "/scalar", {})};
    for (const std::string kind : {"line", "heatmap"}) {
        const Plan plan = make_plan(config_with({rule("/**", kind)}), cat);
        ASSERT_EQ(plan.tasks.size(), 3U);
        EXPECT_NE(plan.tasks[0].job.error.find("empty"), std::string::npos) << plan.tasks[0].job.error;
        EXPECT_NE(plan.tasks[1].job.error.find("empty"), std::string::npos) << plan.tasks[1].job.error;
        EXPECT_NE(plan.tasks[2].job.error.find("scalar"), std::string::npos) << plan.tasks[2].job.error;
    }
}

TEST(Plan, LineNeedsOneDimensionAfterSqueezing) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/a_1d", {50}),        dataset(run1, "/b_1x50", {1, 50}),
                    dataset(run1, "/c_50x1x1", {50, 1, 1}), dataset(run1, "/d_one", {1}),
                    dataset(run1, "/e_2x50", {2, 50}),   dataset(run1, "/f_3x4x5", {3, 4, 5})};
    const Plan plan = make_plan(config_with({rule("/**", "line")}), cat);
    ASSERT_EQ(plan.tasks.size(), 6U);
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_EQ(plan.tasks[1].job.error, "");
    EXPECT_EQ(plan.tasks[2].job.error, "");
    EXPECT_EQ(plan.tasks[3].job.error, "");
    EXPECT_FALSE(plan.tasks[4].job.error.empty());
    EXPECT_NE(plan.tasks[4].job.error.find("1-D"), std::string::npos) << plan.tasks[4].job.error;
    EXPECT_FALSE(plan.tasks[5].job.error.empty());
}

TEST(Plan, HeatmapNeedsTwoDimensionsAfterSqueezing) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/a_47x47", {47, 47}),  dataset(run1, "/b_1x47x47", {1, 47, 47}),
                    dataset(run1, "/c_47x1x3", {47, 1, 3}), dataset(run1, "/d_3x4x5", {3, 4, 5}),
                    dataset(run1, "/e_50", {50}),        dataset(run1, "/f_1x50", {1, 50})};
    const Plan plan = make_plan(config_with({rule("/**", "heatmap")}), cat);
    ASSERT_EQ(plan.tasks.size(), 6U);
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_EQ(plan.tasks[1].job.error, "");
    EXPECT_EQ(plan.tasks[2].job.error, "");
    EXPECT_NE(plan.tasks[3].job.error.find("2-D"), std::string::npos) << plan.tasks[3].job.error;
    EXPECT_FALSE(plan.tasks[4].job.error.empty());
    EXPECT_FALSE(plan.tasks[5].job.error.empty());
}

TEST(Plan, OutputStemsAreSanitizedAndNeverEscape) {
    Config c = config_with({rule("/**", "line")});
    c.output.name = "{dataset}";
    Catalog cat;
    cat.datasets = {dataset(run1, "/../../etc/passwd", {3}), dataset(run1, "/a:b*c?", {3}),
                    dataset(run1, "/./x/../y", {3}), dataset(run1, "/tab\there", {3})};
    const Plan plan = make_plan(c, cat);
    ASSERT_EQ(plan.tasks.size(), 4U);
    EXPECT_EQ(plan.tasks[0].job.output_stem, "__/__/etc/passwd");
    EXPECT_EQ(plan.tasks[1].job.output_stem, "a_b_c_");
    EXPECT_EQ(plan.tasks[2].job.output_stem, "_/x/__/y");
    EXPECT_EQ(plan.tasks[3].job.output_stem, "tab_here");
    const std::filesystem::path out = c.output.dir;
    for (const auto& t : plan.tasks) {
        ASSERT_FALSE(t.job.output_stem.empty());
        EXPECT_NE(t.job.output_stem.front(), '/') << t.job.output_stem;
        const auto joined = (out / t.job.output_stem).lexically_normal();
        const auto rel = joined.lexically_relative(out);
        EXPECT_FALSE(rel.empty()) << t.job.output_stem;
        EXPECT_NE(rel.begin()->string(), "..") << t.job.output_stem;
        for (const auto& part : std::filesystem::path(t.job.output_stem)) {
            EXPECT_NE(part.string(), "..") << t.job.output_stem;
            EXPECT_NE(part.string(), ".") << t.job.output_stem;
        }
    }
}

TEST(Plan, FileStemWithDotsIsSafe) {
    Catalog cat;
    cat.datasets = {dataset("/data/...h5", "/x", {3})};  // stem ".." of a strange file name
    const PlotTask t = only(make_plan(config_with({rule("/**", "line")}), cat));
    for (const auto& part : std::filesystem::path(t.job.output_stem)) {
        EXPECT_NE(part.string(), "..") << t.job.output_stem;
    }
}

TEST(Plan, SameOutputStemSecondGetsErrorNamingFirst) {
    Config c = config_with({rule("/**", "line")});
    c.output.name = "{name}";
    Catalog cat;
    cat.datasets = {dataset(run1, "/a/rho", {3}), dataset(run1, "/b/rho", {3}),
                    dataset(run1, "/c/u", {3})};
    const Plan plan = make_plan(c, cat);
    ASSERT_EQ(plan.tasks.size(), 3U);
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_EQ(plan.tasks[0].job.output_stem, "rho");
    const std::string& err = plan.tasks[1].job.error;
    EXPECT_NE(err.find("rho"), std::string::npos) << err;
    EXPECT_NE(err.find("/a/rho"), std::string::npos) << err;
    EXPECT_NE(err.find(run1), std::string::npos) << err;
    EXPECT_EQ(plan.tasks[2].job.error, "");
}

TEST(Plan, SameOutputStemAcrossFiles) {
    Config c = config_with({rule("/**", "line")});
    c.output.name = "{dataset}";
    Catalog cat;
    cat.files = {run1, run2};
    cat.datasets = {dataset(run1, "/x", {3}), dataset(run2, "/x", {3})};
    const Plan plan = make_plan(c, cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_NE(plan.tasks[1].job.error.find(run1), std::string::npos) << plan.tasks[1].job.error;
    EXPECT_NE(plan.tasks[1].job.error.find("'/x'"), std::string::npos) << plan.tasks[1].job.error;
}

TEST(Plan, SanitizingCanCollideAndIsCaught) {
    Config c = config_with({rule("/**", "line")});
    c.output.name = "{dataset}";
    Catalog cat;
    cat.datasets = {dataset(run1, "/a:b", {3}), dataset(run1, "/a?b", {3})};  // both "a_b"
    const Plan plan = make_plan(c, cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_NE(plan.tasks[1].job.error.find("/a:b"), std::string::npos) << plan.tasks[1].job.error;
}

// A file and a folder of one name cannot both be written, and the folders plotcluster
// keeps for itself are not output names: the plan fails the later plot, on any rank count.
TEST(Plan, OutputFileAndFolderOfOneNameAndReservedFoldersAreCaught) {
    Config c = config_with({rule("/**", "line")});
    c.output.name = "{dataset}";
    c.output.formats = {OutputFormat::png, OutputFormat::svg};
    Catalog cat;
    cat.datasets = {dataset(run1, "/.plotcluster/j", {3}), dataset(run1, "/.thumbnails/x", {3}),
                    dataset(run1, "/a", {3}),           dataset(run1, "/a.png/b", {3}),
                    dataset(run1, "/c.svg/d", {3}),     dataset(run1, "/c", {3}),
                    dataset(run1, "/x", {3})};
    const Plan plan = make_plan(c, cat);
    ASSERT_EQ(plan.tasks.size(), 7U);
    const std::string tail = " (make output.name more specific)";
    EXPECT_EQ(plan.tasks[0].job.error,
              "output name '.plotcluster/j' is inside '.plotcluster/', which plotcluster keeps "
              "for its own files" + tail);
    EXPECT_EQ(plan.tasks[1].job.error,
              "output name '.thumbnails/x' is inside '.thumbnails/', which plotcluster keeps "
              "for its own files" + tail);
    EXPECT_EQ(plan.tasks[2].job.error, "");
    EXPECT_EQ(plan.tasks[3].job.error, "output name 'a.png/b' needs a folder 'a.png' where dataset "
                                   "'/a' in '" + run1 + "' writes a file" + tail);
    EXPECT_EQ(plan.tasks[4].job.error, "");
    EXPECT_EQ(plan.tasks[5].job.error, "output name 'c' writes 'c.svg', a folder dataset '/c.svg/d' "
                                   "in '" + run1 + "' writes in" + tail);
    EXPECT_EQ(plan.tasks[6].job.error, "");
}

TEST(Plan, IdsAreSequentialInCatalogOrder) {
    Catalog cat;
    cat.files = {run1, run2};
    cat.datasets = {dataset(run1, "/a", {3}),      dataset(run1, "/skip/x", {3}),
                    dataset(run1, "/b", {3}),      dataset(run2, "/a", {3}),
                    dataset(run2, "/c", {3}, other("compound"))};
    // "/?" matches one-letter names only: /skip/x stays unmatched.
    const Plan plan =
        make_plan(config_with({rule("/nothing", "line"), rule("/?", "line")}), cat);
    ASSERT_EQ(plan.tasks.size(), 4U);
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        EXPECT_EQ(plan.tasks[i].job.id, i);
    }
    EXPECT_EQ(plan.tasks[0].read.dataset, "/a");
    EXPECT_EQ(plan.tasks[1].read.dataset, "/b");
    EXPECT_EQ(plan.tasks[2].read.file, run2);
    EXPECT_EQ(plan.tasks[3].read.dataset, "/c");
    ASSERT_EQ(plan.unmatched.size(), 1U);
    EXPECT_EQ(plan.unmatched[0].dataset, "/skip/x");
}

TEST(Plan, CostsGrowWithElements) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/a", {10}), dataset(run1, "/b", {1000}),
                    dataset(run1, "/c", {1000, 1000}), dataset(run1, "/d", {2000, 1000})};
    const Plan plan = make_plan(config_with({rule("/**", "line")}), cat);
    ASSERT_EQ(plan.tasks.size(), 4U);
    EXPECT_LT(plan.tasks[0].job.cost, plan.tasks[1].job.cost);
    EXPECT_LT(plan.tasks[1].job.cost, plan.tasks[2].job.cost);
    EXPECT_LT(plan.tasks[2].job.cost, plan.tasks[3].job.cost);
    EXPECT_EQ(plan.tasks[3].job.cost - plan.tasks[2].job.cost, 1000000U);  // linear in elements
    EXPECT_GT(plan.tasks[0].job.cost, 10U);  // a fixed per-plot share on top

    EXPECT_LT(estimate_cost({10}, 800, 600), estimate_cost({11}, 800, 600));
    EXPECT_LT(estimate_cost({100, 100}, 800, 600), estimate_cost({100, 101}, 800, 600));
    EXPECT_LT(estimate_cost({100}, 400, 300), estimate_cost({100}, 800, 600));  // bigger image
    EXPECT_GT(estimate_cost({0}, 800, 600), 0U);
    // Large but real shapes: no overflow to a small number.
    EXPECT_GT(estimate_cost({1U << 20, 1U << 20}, 800, 600), estimate_cost({1U << 20}, 800, 600));
}

TEST(Plan, PlanIsPure) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/a", {5}), dataset(run2, "/b", {4, 4})};
    const Config c = config_with({rule("/a", "line"), rule("/b", "heatmap")});
    const Plan p1 = make_plan(c, cat);
    const Plan p2 = make_plan(c, cat);
    ASSERT_EQ(p1.tasks.size(), p2.tasks.size());
    for (std::size_t i = 0; i < p1.tasks.size(); ++i) {
        EXPECT_EQ(p1.tasks[i].job.output_stem, p2.tasks[i].job.output_stem);
        EXPECT_EQ(p1.tasks[i].draw.title, p2.tasks[i].draw.title);
        EXPECT_EQ(p1.tasks[i].job.cost, p2.tasks[i].job.cost);
    }
}

// --- N-D data: slice -------------------------------------------------------------------

PlotRule sliced(const std::string& kind, std::vector<SliceSpec> slices) {
    PlotRule r = rule("/**", kind);
    r.slice = std::move(slices);
    return r;
}

PlotTask plan_one(const PlotRule& r, Shape shape) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/f", std::move(shape))};
    return only(make_plan(config_with({r}), cat));
}

TEST(PlanSlice, TooManyDimensionsSaysWhichSliceToAdd) {
    const PlotTask t = plan_one(rule("/**", "heatmap"), {4, 64, 64});
    EXPECT_EQ(t.job.error,
              "heatmap needs 2-D data; shape 4×64×64 has 3 dimensions that are not 1: add "
              "`slice: {axis: 0, index: middle}` to the rule");
    const PlotTask line = plan_one(rule("/**", "line"), {3, 1, 5, 7});
    EXPECT_NE(line.job.error.find("line plot needs 1-D data"), std::string::npos) << line.job.error;
    EXPECT_NE(line.job.error.find("`slice: [{axis: 0, index: middle}, {axis: 2, index: middle}]`"),
              std::string::npos)
        << line.job.error;
}

TEST(PlanSlice, FixedIndicesAreRecordedPerAxis) {
    const PlotTask mid = plan_one(sliced("heatmap", {{0, std::nullopt}}), {4, 64, 48});
    EXPECT_EQ(mid.job.error, "");
    EXPECT_EQ(mid.read.fixed, (std::vector<std::int64_t>{2, -1, -1}));  // middle of 4
    EXPECT_EQ(mid.read.shape, (Shape{4, 64, 48}));                      // the dataset's own shape
    EXPECT_EQ(mid.draw.title, "/f[2, :, :] (run_0001)");
    EXPECT_EQ(mid.draw.x_label, "axis 2");
    EXPECT_EQ(mid.draw.y_label, "axis 1");

    const PlotTask line = plan_one(sliced("line", {{0, 1}, {2, 6}}), {3, 1, 7, 5});
    EXPECT_EQ(line.job.error, "");
    EXPECT_EQ(line.read.fixed, (std::vector<std::int64_t>{1, -1, 6, -1}));
    EXPECT_LT(line.job.cost, plan_one(rule("/**", "histogram"), {3, 1, 7, 5}).job.cost);

    const PlotTask plain = plan_one(rule("/**", "heatmap"), {1, 47, 47});
    EXPECT_EQ(plain.job.error, "");
    EXPECT_EQ(plain.read.fixed, (std::vector<std::int64_t>{-1, -1, -1}));
    EXPECT_EQ(plain.draw.title, "/f (run_0001)");
}

TEST(PlanSlice, IndexOutOfRangeNamesAxisIndexAndExtent) {
    const PlotTask t = plan_one(sliced("heatmap", {{1, 9}}), {5, 4, 6});
    EXPECT_NE(t.job.error.find("slice index 9"), std::string::npos) << t.job.error;
    EXPECT_NE(t.job.error.find("axis 1"), std::string::npos) << t.job.error;
    EXPECT_NE(t.job.error.find("extent 4"), std::string::npos) << t.job.error;
}

TEST(PlanSlice, SingletonOrAbsentAxisIsAnError) {
    const PlotTask one = plan_one(sliced("heatmap", {{0, 0}}), {1, 47, 47});
    EXPECT_NE(one.job.error.find("axis 0 has extent 1"), std::string::npos) << one.job.error;
    const PlotTask absent = plan_one(sliced("line", {{3, 0}}), {4, 5});
    EXPECT_NE(absent.job.error.find("slice axis 3 does not exist"), std::string::npos) << absent.job.error;
    EXPECT_NE(absent.job.error.find("2 axes"), std::string::npos) << absent.job.error;
}

TEST(PlanSlice, SlicingTooMuchSaysSo) {
    const PlotTask t = plan_one(sliced("heatmap", {{0, 0}, {1, 0}}), {4, 5, 6});
    EXPECT_EQ(t.job.error,
              "heatmap needs 2-D data; shape 4×5×6 sliced [0, 0, :] → 6 has 1 dimension that is "
              "not 1: slice fewer axes");
}

// Messages about a sliced or squeezed dataset give the dataset's shape and the one drawn.
TEST(PlanSlice, MessagesSayTheShapeAfterSlicing) {
    EXPECT_EQ(plan_one(sliced("line", {{0, 3}}), {4, 5, 6}).job.error,
              "line plot needs 1-D data; shape 4×5×6 sliced [3, :, :] → 5×6 has 2 dimensions "
              "that are not 1: add `slice: {axis: 1, index: middle}` to the rule (besides the "
              "slices it has)");
    EXPECT_EQ(plan_one(rule("/**", "heatmap"), {1, 4, 5, 6}).job.error,
              "heatmap needs 2-D data; shape 1×4×5×6 → 4×5×6 has 3 dimensions that are not 1: "
              "add `slice: {axis: 1, index: middle}` to the rule");
    EXPECT_EQ(plan_one(sliced("heatmap", {{1, std::nullopt}}), {4, 5, 1}).job.error,
              "heatmap needs 2-D data; shape 4×5×1 sliced [:, 2, :] → 4 has 1 dimension that is "
              "not 1: slice fewer axes");
    EXPECT_EQ(plan_one(sliced("heatmap", {{0, 1}}), {2, 1}).job.error,
              "heatmap needs 2-D data; shape 2×1 sliced [1, :] → 1 value has 0 dimensions that "
              "are not 1");
    EXPECT_EQ(plan_one(sliced("scatter", {{0, 0}}), {2, 100, 3}).job.error,
              "scatter plot without `x` needs N×2 data (x, y columns); shape 2×100×3 sliced "
              "[0, :, :] → 100×3 has 3 columns (or give the rule an `x` dataset)");
    EXPECT_EQ(plan_one(sliced("scatter", {{0, 0}}), {2, 100, 2}).job.error, "");
}

TEST(PlanSlice, SliceAndShapeTexts) {
    EXPECT_EQ(slice_text({-1, -1}), "");
    EXPECT_EQ(slice_text({2, -1, 0}), "[2, :, 0]");
    EXPECT_EQ(shape_story({4, 5}, {-1, -1}, {4, 5}), "shape 4×5");
    EXPECT_EQ(shape_story({1, 5}, {-1, -1}, {5}), "shape 1×5 → 5");
    EXPECT_EQ(shape_story({4, 5}, {1, -1}, {5}), "shape 4×5 sliced [1, :] → 5");
}

PlotTask plan_named(const PlotRule& r, Shape shape, std::vector<std::string> dims) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/f", std::move(shape))};
    cat.datasets.front().dims = std::move(dims);
    return only(make_plan(config_with({r}), cat));
}

// `axis: z` is looked up in the dataset's dimension names (DatasetInfo::dims): pure.
TEST(PlanSlice, ByNameResolvesAgainstTheDatasetsDimensions) {
    const PlotTask t = plan_named(rule("/**", "heatmap", "slice: {axis: z, index: 1}"), {4, 5, 6},
                                  {"z", "y", "x"});
    EXPECT_EQ(t.job.error, "");
    EXPECT_EQ(t.read.fixed, (std::vector<std::int64_t>{1, -1, -1}));
    EXPECT_EQ(t.read.slices, (std::vector<TaskSlice>{{0, "z", std::nullopt}}));
    EXPECT_EQ(t.draw.title, "/f[1, :, :] (run_0001)");  // as with `axis: 0`
    EXPECT_TRUE(t.draw.title_slice_at.empty());

    // The same name at another position picks that axis; the middle by default.
    const PlotTask x = plan_named(rule("/**", "line", "slice: [{axis: y}, {axis: x, index: 0}]"),
                                  {4, 5, 6}, {"t", "x", "y"});
    EXPECT_EQ(x.job.error, "");
    EXPECT_EQ(x.read.fixed, (std::vector<std::int64_t>{-1, 0, 3}));
    EXPECT_EQ(x.read.slices, (std::vector<TaskSlice>{{1, "x", std::nullopt}, {2, "y", std::nullopt}}));
    // Numbered slices learn their dimension's name too, for {slice}.
    EXPECT_EQ(plan_named(rule("/**", "line", "slice: [{axis: 0}, {axis: 1}]"), {4, 5, 6}, {"t", "", "y"})
                  .read.slices,
              (std::vector<TaskSlice>{{0, "t", std::nullopt}, {1, "", std::nullopt}}));
}

TEST(PlanSlice, UnknownNameFailsTheRowNamingTheDimensions) {
    EXPECT_EQ(plan_named(rule("/**", "heatmap", "slice: {axis: zz}"), {4, 5, 6}, {"z", "y", "x"}).job.error,
              "slice axis 'zz' is not a dimension of this dataset, whose dimensions are z (axis 0), y "
              "(axis 1), x (axis 2) (did you mean 'z'?)");
    EXPECT_EQ(plan_named(rule("/**", "heatmap", "slice: {axis: time}"), {4, 5, 6}, {"z", "", "x"}).job.error,
              "slice axis 'time' is not a dimension of this dataset, whose dimensions are z (axis 0), x "
              "(axis 2)");
    EXPECT_EQ(plan_named(rule("/**", "heatmap", "slice: {axis: z}"), {4, 5, 6}, {}).job.error,
              "slice axis 'z': the dataset's dimensions have no names (no dimension scales, netCDF "
              "dimensions, NeXus axes or openPMD axisLabels); give the axis by number (0 to 2, shape "
              "4×5×6)");
    EXPECT_NE(plan_named(rule("/**", "heatmap", "slice: {axis: x}"), {4, 5, 6}, {"x", "y", "x"})
                  .job.error.find("ambiguous"),
              std::string::npos);
    // A name and a number for one axis.
    EXPECT_EQ(plan_named(rule("/**", "line", "slice: [{axis: z}, {axis: 0}]"), {4, 5, 6}, {"z", "y", "x"})
                  .job.error,
              "slice axis 0 is given twice");
    EXPECT_EQ(plan_named(rule("/**", "heatmap", "slice: {axis: z, index: 9}"), {4, 5, 6}, {"z", "y", "x"})
                  .job.error,
              "slice index 9 is out of range for axis 0 of extent 4 (shape 4×5×6; indices 0 to 3)");
    EXPECT_EQ(plan_named(rule("/**", "heatmap", "slice: {axis: w}"), {1, 5, 6}, {"w", "y", "x"}).job.error,
              "slice axis 'w' (axis 0) has extent 1 in shape 1×5×6: it is dropped anyway, remove it "
              "from the rule's `slice`");
}

// A value's cell is picked when the data is read; the plan fixes the axis and says so.
TEST(PlanSlice, ByValueIsLeftToTheReaderAndTheDefaultTitleShowsIt) {
    const PlotTask t = plan_named(rule("/**", "heatmap", "slice: {axis: z, value: 0.25}"), {4, 5, 6},
                                  {"z", "y", "x"});
    EXPECT_EQ(t.job.error, "");
    EXPECT_EQ(t.read.fixed, (std::vector<std::int64_t>{0, -1, -1}));
    EXPECT_EQ(t.read.slices, (std::vector<TaskSlice>{{0, "z", 0.25}}));
    EXPECT_EQ(t.draw.title, "/f at  (run_0001)");
    EXPECT_EQ(t.draw.title_slice_at, (std::vector<std::uint32_t>{6}));
    // A value needs no range check in the plan: any value reaches the reader.
    EXPECT_EQ(plan_named(rule("/**", "heatmap", "slice: {axis: 0, value: 1e9}"), {4, 5, 6}, {}).job.error, "");
}

TEST(PlanSlice, TitleSlicePlaceholderLeavesItsPlace) {
    const PlotTask t = plan_named(rule("/**", "heatmap", "slice: {axis: z, index: 2}, title: '{name} at {slice}!'"),
                                  {4, 5, 6}, {"z", "y", "x"});
    EXPECT_EQ(t.draw.title, "f at !");
    EXPECT_EQ(t.draw.title_slice_at, (std::vector<std::uint32_t>{5}));
    // Without {slice}, a title is what it was.
    const PlotTask plain = plan_named(rule("/**", "heatmap", "slice: {axis: z}, title: '{name}'"),
                                      {4, 5, 6}, {"z", "y", "x"});
    EXPECT_EQ(plain.draw.title, "f");
    EXPECT_TRUE(plain.draw.title_slice_at.empty());
}

TEST(PlanSlice, HistogramTakesAnyShapeAndScatterNeedsTwoColumns) {
    EXPECT_EQ(plan_one(rule("/**", "histogram"), {3, 4, 5}).job.error, "");
    EXPECT_EQ(plan_one(rule("/**", "scatter"), {100, 2}).job.error, "");
    const PlotTask three = plan_one(rule("/**", "scatter"), {100, 3});
    EXPECT_NE(three.job.error.find("N×2"), std::string::npos) << three.job.error;
    EXPECT_NE(plan_one(rule("/**", "scatter"), {100}).job.error.find("N×2"),
              std::string::npos);
}

// --- x ---------------------------------------------------------------------------------

TEST(PlanX, SiblingAndAbsolutePathsResolve) {
    PlotRule sibling = rule("/probes/*", "line", "x: time");
    PlotRule absolute = rule("/other/*", "scatter", "x: /grid/t");
    Catalog cat;
    cat.datasets = {dataset(run1, "/grid/t", {50}, f64(), {{"units", "s"}}),
                    dataset(run1, "/other/v", {1, 50}),
                    dataset(run1, "/probes/p1", {50}),
                    dataset(run1, "/probes/time", {50, 1})};
    const Plan plan = make_plan(config_with({sibling, absolute}), cat);
    ASSERT_EQ(plan.tasks.size(), 3U);
    EXPECT_EQ(plan.tasks[0].read.dataset, "/other/v");
    EXPECT_EQ(plan.tasks[0].read.companions, (std::vector<Companion>{{"x", "/grid/t", false, "s"}}));
    EXPECT_EQ(plan.tasks[0].draw.x_label, "t [s]");
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_EQ(plan.tasks[1].read.companions, (std::vector<Companion>{{"x", "/probes/time"}}));
    EXPECT_EQ(plan.tasks[1].job.error, "");
    EXPECT_EQ(plan.tasks[2].read.dataset, "/probes/time");  // matched too: drawn against itself
    EXPECT_EQ(plan.tasks[2].job.error, "");
}

TEST(PlanX, MissingWrongTypeShapeOrLengthAreTaskErrors) {
    PlotRule r = rule("/y*", "line");
    Catalog cat;
    cat.files = {run1, run2};
    cat.datasets = {dataset(run1, "/s", {10}, other("string (fixed length)")),
                    dataset(run1, "/t2d", {10, 2}),
                    dataset(run1, "/t9", {9}),
                    dataset(run1, "/y", {10}),
                    dataset(run2, "/t", {10})};  // another file: not found from run1
    auto error_with = [&](const std::string& x) {
        r = rule("/y*", "line", "x: '" + x + "'");
        const Plan plan = make_plan(config_with({r}), cat);
        return only(plan).job.error;
    };
    EXPECT_NE(error_with("t").find("x dataset '/t' does not exist"), std::string::npos);
    EXPECT_NE(error_with("/s").find("string (fixed length) dataset cannot be plotted"),
              std::string::npos);
    EXPECT_NE(error_with("t2d").find("x needs 1-D data"), std::string::npos);
    const std::string length = error_with("/t9");
    EXPECT_EQ(length, "x dataset '/t9' has 9 values but the data has 10 along axis 0: x needs 10 (one "
                      "per point or cell) or 11 (cell edges)");
}

TEST(PlanX, LengthMessageSaysTheSlicedShape) {
    PlotRule r = rule("/y", "line", "x: t");
    r.slice = {{0, 1}};
    Catalog cat;
    cat.datasets = {dataset(run1, "/t", {10}), dataset(run1, "/y", {3, 12})};
    EXPECT_EQ(only(make_plan(config_with({r}), cat)).job.error,
              "x dataset '/t' has 10 values but the data has 12 along axis 1 (shape 3×12 sliced [1, :] → 12): "
              "x needs 12 (one per point or cell) or 13 (cell edges)");
    cat.datasets[1].shape = {3, 10};
    EXPECT_EQ(only(make_plan(config_with({r}), cat)).job.error, "");
    cat.datasets[1].shape = {3, 9};  // 10 edges of 9 cells: a step line
    EXPECT_EQ(only(make_plan(config_with({r}), cat)).job.error, "");
}

// A heatmap's x places its columns and y its rows: centres or edges of the kept axes,
// named in the message by the dataset's own axis numbers; their labels label the axes.
TEST(PlanX, HeatmapXAndYPlaceColumnsAndRows) {
    PlotRule r = rule("/f", "heatmap", "x: xe, y: /grid/lat");
    r.slice = {{0, 0}};
    Catalog cat;
    cat.datasets = {dataset(run1, "/f", {2, 4, 6}),
                    dataset(run1, "/xe", {7}, f64(), {{"long_name", "x edge"}, {"units", "m"}}),
                    dataset(run1, "/grid/lat", {4}, f64(), {{"units", "degrees_north"}})};
    const PlotTask ok = only(make_plan(config_with({r}), cat));
    EXPECT_EQ(ok.job.error, "");
    EXPECT_EQ(ok.read.companions,
              (std::vector<Companion>{{"x", "/xe", false, "m"}, {"y", "/grid/lat", false, "degrees_north"}}));
    EXPECT_EQ(ok.draw.x_label, "x edge [m]");
    EXPECT_EQ(ok.draw.y_label, "lat [degrees_north]");
    cat.datasets[1].shape = {5};
    EXPECT_EQ(only(make_plan(config_with({r}), cat)).job.error,
              "x dataset '/xe' has 5 values but the data has 6 along axis 2 (shape 2×4×6 sliced [0, :, :] "
              "→ 4×6): x needs 6 (one per point or cell) or 7 (cell edges)");
    cat.datasets[1].shape = {6};
    cat.datasets[2].shape = {3};
    EXPECT_EQ(only(make_plan(config_with({r}), cat)).job.error,
              "y dataset '/grid/lat' has 3 values but the data has 4 along axis 1 (shape 2×4×6 sliced [0, :, :] "
              "→ 4×6): y needs 4 (one per point or cell) or 5 (cell edges)");
}

// --- group: parent ---------------------------------------------------------------------

PlotRule grouped(const std::string& match, std::string_view more = "") {
    return rule(match, "line", "group: parent" + std::string(more.empty() ? "" : ", ") + std::string(more));
}

TEST(PlanGroup, OneTaskPerGroupWithSortedMembersAndLabels) {
    Catalog cat;
    cat.files = {run1, run2};
    cat.datasets = {
        dataset(run1, "/probes/a", {20}, f64(), {{"units", "m/s"}, {"long_name", "Probe A"}}),
        dataset(run1, "/probes/b", {1, 20}, f64(), {{"units", "m/s"}}),
        dataset(run1, "/probes/c", {20}, f64(), {{"units", "m/s"}}),
        dataset(run1, "/zz", {3}),
        dataset(run2, "/probes/a", {20}, f64(), {{"units", "m/s"}}),
        dataset(run2, "/probes/b", {20}, f64(), {{"units", "K"}})};
    Config c = config_with({grouped("/probes/*"), rule("/**", "line")});
    c.output.name = "{file_stem}/{dataset}-{name}";
    const Plan plan = make_plan(c, cat);
    ASSERT_EQ(plan.tasks.size(), 3U);
    const PlotTask& g = plan.tasks[0];
    EXPECT_EQ(g.job.error, "");
    EXPECT_EQ(g.read.dataset, "/probes");
    EXPECT_EQ(g.draw.kind, "line");
    EXPECT_EQ(g.read.members, (std::vector<std::string>{"/probes/a", "/probes/b", "/probes/c"}));
    EXPECT_EQ(g.draw.member_labels, (std::vector<std::string>{"Probe A", "b", "c"}));
    EXPECT_EQ(g.read.member_fixed.size(), 3U);
    EXPECT_EQ(g.read.shape, (Shape{20}));  // the first member's
    EXPECT_EQ(g.draw.title, "/probes (run_0001)");
    EXPECT_EQ(g.draw.y_label, "m/s");
    EXPECT_EQ(g.job.output_stem, "run_0001/probes-probes");
    EXPECT_EQ(g.job.cost, estimate_cost({60}, 800, 600));
    EXPECT_EQ(plan.tasks[1].read.dataset, "/zz");
    EXPECT_EQ(plan.tasks[2].read.file, run2);
    EXPECT_EQ(plan.tasks[2].draw.y_label, "");  // units differ
}

TEST(PlanGroup, BadMembersGetTheirOwnRowsAndAreLeftOut) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/g/a", {20}), dataset(run1, "/g/b", {4, 5}),
                    dataset(run1, "/g/c", {3}, other("compound")),
                    dataset(run1, "/h/only", {3}, other("enum"))};
    const Plan plan = make_plan(config_with({grouped("/**")}), cat);
    ASSERT_EQ(plan.tasks.size(), 5U);
    EXPECT_EQ(plan.tasks[0].read.dataset, "/g");
    EXPECT_EQ(plan.tasks[0].job.error, "");
    EXPECT_EQ(plan.tasks[0].read.members, (std::vector<std::string>{"/g/a"}));
    EXPECT_EQ(plan.tasks[1].read.dataset, "/g/b");
    EXPECT_NE(plan.tasks[1].job.error.find("1-D"), std::string::npos) << plan.tasks[1].job.error;
    EXPECT_NE(plan.tasks[1].job.error.find("left out of group '/g'"), std::string::npos);
    EXPECT_EQ(plan.tasks[2].read.dataset, "/g/c");
    EXPECT_NE(plan.tasks[2].job.error.find("compound"), std::string::npos);
    EXPECT_EQ(plan.tasks[3].read.dataset, "/h");
    EXPECT_NE(plan.tasks[3].job.error.find("no dataset of group '/h'"), std::string::npos);
    EXPECT_EQ(plan.tasks[4].read.dataset, "/h/only");
    EXPECT_NE(plan.tasks[4].job.error.find("enum"), std::string::npos);
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) EXPECT_EQ(plan.tasks[i].job.id, i);
}

TEST(PlanGroup, MixedDtypesAreNamedWhole) {
    DType bf16 = f64(), f16 = f64();
    bf16.name = "bfloat16";
    f16.name = "float16";
    Catalog cat;
    cat.datasets = {dataset(run1, "/g/a", {5}, bf16), dataset(run1, "/g/b", {5}, f16),
                    dataset(run1, "/g/c", {5}, bf16), dataset(run1, "/h/a", {5}, f16),
                    dataset(run1, "/h/b", {5}, f16)};
    const Plan plan = make_plan(config_with({grouped("/**")}), cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].read.dtype, "mixed (bfloat16, float16)");  // "float16" is in "bfloat16"
    EXPECT_EQ(plan.tasks[1].read.dtype, "float16");
}

TEST(PlanGroup, RootGroupIsNamedAfterTheFile) {
    Catalog cat;
    cat.datasets = {dataset(run1, "/a", {5}), dataset(run1, "/b", {5})};
    Config c = config_with({grouped("/*")});
    c.output.name = "{name}";
    const PlotTask t = only(make_plan(c, cat));
    EXPECT_EQ(t.read.dataset, "/");
    EXPECT_EQ(t.job.output_stem, "run_0001");
    EXPECT_EQ(t.job.error, "");
}

TEST(PlanGroup, XIsCheckedPerMember) {
    PlotRule r = grouped("/p/v*", "x: t");
    Catalog cat;
    cat.datasets = {dataset(run1, "/p/t", {10}), dataset(run1, "/p/v1", {10}),
                    dataset(run1, "/p/v2", {11})};
    const Plan plan = make_plan(config_with({r}), cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].read.members, (std::vector<std::string>{"/p/v1"}));
    EXPECT_EQ(plan.tasks[0].read.companions, (std::vector<Companion>{{"x", "/p/t"}}));
    EXPECT_NE(plan.tasks[1].job.error.find("has 10 values but the data has 11"), std::string::npos)
        << plan.tasks[1].job.error;
}

TEST(Plan, FailedRowsClaimNoOutputName) {
    Config c = config_with({rule("/**", "line")});
    c.output.name = "{name}";
    Catalog cat;
    cat.datasets = {dataset(run1, "/a/rho", {3}, other("compound")), dataset(run1, "/b/rho", {3})};
    const Plan plan = make_plan(c, cat);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_NE(plan.tasks[0].job.error, "");
    EXPECT_EQ(plan.tasks[1].job.error, "");
}

}  // namespace
}  // namespace plotcluster
