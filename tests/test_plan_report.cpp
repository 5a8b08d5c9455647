#include "plotcluster/app/plan_report.hpp"

#include <gtest/gtest.h>

#include "support/rules.hpp"

namespace plotcluster {
namespace {

DType f64() {
    DType d;
    d.cls = DType::Class::floating;
    d.bytes = 8;
    d.name = "float64";
    return d;
}

DatasetInfo dataset(const std::string& file, const std::string& path,
                    std::vector<std::uint64_t> shape, DType dtype = f64()) {
    DatasetInfo d;
    d.file = file;
    d.dataset = path;
    d.shape = std::move(shape);
    d.dtype = std::move(dtype);
    return d;
}

PlotRule rule(const std::string& match, const std::string& kind, bool grouped = false) {
    return test::rule_of(kind, grouped ? "group: parent" : "", match);
}

struct Fixture {
    Config config;
    Catalog catalog;
    Plan plan;
    Fixture() {
        config.source = "/cfg/c.yaml";
        config.output.dir = "/out";
        config.figure.width = 40;
        config.figure.height = 40;
        config.plots = {rule("/probes/*", "line", true),
                        rule("/fields/*", "heatmap"), rule("/ts/*", "line")};
        DType compound;
        compound.name = "compound";
        catalog.files = {"/d/a.h5", "/d/b.h5"};
        catalog.datasets = {
            dataset("/d/a.h5", "/fields/rho", {8, 8}),    dataset("/d/a.h5", "/grid/x", {8}),
            dataset("/d/a.h5", "/probes/p1", {100}),      dataset("/d/a.h5", "/probes/p2", {100}),
            dataset("/d/a.h5", "/ts/bad", {3}, compound), dataset("/d/a.h5", "/ts/e", {1000}),
            dataset("/d/b.h5", "/fields/rho", {8, 8}),    dataset("/d/b.h5", "/ts/e", {1000})};
        plan = make_plan(config, catalog);
    }
};

TEST(PlanReport, RuleLabelsUseConfigIndices) {
    Fixture f;
    EXPECT_EQ(rule_label(f.config, 1), "plots[1]: heatmap \"/fields/*\"");
    EXPECT_EQ(rule_label(f.config, 9), "no rule");
}

TEST(PlanReport, CountsPerRuleAndFileAreTheManifestRows) {
    Fixture f;
    ASSERT_EQ(f.plan.tasks.size(), 6u);  // one group, two fields, three time series
    const std::string text = plan_report(f.config, f.catalog, f.plan, f.plan.tasks, 2);
    EXPECT_NE(text.find("input: 2 files, 8 datasets\n"), std::string::npos) << text;
    EXPECT_NE(text.find("plan: 6 plots (the manifest's rows), 1 of them fail before drawing; "
                        "1 dataset matched by no rule\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  plots[0]: line \"/probes/*\"     1 plot\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  plots[1]: heatmap \"/fields/*\"  2 plots\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  plots[2]: line \"/ts/*\"         3 plots (1 fail before drawing)\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  /d/a.h5: 4 plots, 1 unmatched\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  /d/b.h5: 2 plots, 0 unmatched\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  /d/a.h5:/grid/x\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  /d/a.h5:/ts/bad: compound dataset cannot be plotted"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("resume:"), std::string::npos) << text;
    // Five drawable plots over two ranks, every one accounted for.
    EXPECT_NE(text.find("on 2 ranks"), std::string::npos) << text;
    const auto r0 = text.find("  rank 0: "), r1 = text.find("  rank 1: ");
    ASSERT_NE(r0, std::string::npos);
    ASSERT_NE(r1, std::string::npos);
    const int n0 = std::stoi(text.substr(r0 + 10)), n1 = std::stoi(text.substr(r1 + 10));
    EXPECT_EQ(n0 + n1, 5);
    EXPECT_NE(text.find("outputs would go to /out"), std::string::npos) << text;
}

TEST(PlanReport, SaysWhatAnEarlierRunLeaves) {
    Fixture f;
    std::vector<PlotTask> left(f.plan.tasks.begin() + 2, f.plan.tasks.end());
    const std::string text = plan_report(f.config, f.catalog, f.plan, left, 1);
    EXPECT_NE(text.find("resume: 2 plots finished by an earlier run would be kept, 4 to draw"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  rank 0: 3 plots, cost "), std::string::npos) << text;
}

TEST(PlanReport, ListingIsLikeH5lsWithTheRule) {
    Fixture f;
    const std::string text = catalog_listing(f.config, f.catalog, f.plan);
    EXPECT_EQ(text.rfind("/d/a.h5\n", 0), 0u) << text;
    EXPECT_NE(text.find("\n/d/b.h5\n"), std::string::npos) << text;
    EXPECT_NE(
        text.find("  /fields/rho  Dataset {8, 8}  float64   plots[1]: heatmap \"/fields/*\"\n"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("  /grid/x      Dataset {8}     float64   no rule\n"), std::string::npos)
        << text;
    // Group members name the group's rule; a member the plan leaves out still does.
    EXPECT_NE(text.find("  /probes/p2   Dataset {100}   float64   plots[0]: line \"/probes/*\"\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  /ts/bad      Dataset {3}     compound  plots[2]: line \"/ts/*\"\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("8 datasets in 2 files: 7 matched by a rule, 1 by none\n"),
              std::string::npos)
        << text;
}

TEST(PlanReport, NoWarningsWhenEveryRuleDraws) {
    Fixture f;
    EXPECT_TRUE(rule_warnings(f.config, f.catalog).empty());
    EXPECT_EQ(plan_report(f.config, f.catalog, f.plan, f.plan.tasks, 1).find("warning"),
              std::string::npos);
    EXPECT_EQ(catalog_listing(f.config, f.catalog, f.plan).find("warning"), std::string::npos);
}

TEST(PlanReport, AlsoAndWhenRulesLetLaterRulesDraw) {
    Fixture f;
    f.config.plots = {test::rule_of("heatmap", "also: true", "/fields/*"),  // /fields/rho, and on
                      test::rule_of("histogram", "when: {ndim: 5}", "/fields/*"),  // may take some
                      rule("/**", "line"), rule("/fields/rho", "heatmap")};
    // Only the last is shadowed: by the catch-all, as the heatmap and the histogram pass it on.
    const std::vector<std::string> expected = {
        "warning: plots[3] ('/fields/rho') draws nothing: every dataset it matches is taken by "
        "plots[2] ('/**')"};
    EXPECT_EQ(rule_warnings(f.config, f.catalog), expected);
}

TEST(PlanReport, WarnsOfRulesThatDrawNothing) {
    Fixture f;
    f.config.plots = {rule("/fields/*", "heatmap"),  // takes /fields/rho
                      rule("/**", "line"),           // takes everything else
                      rule("/fields/rho", "heatmap"),
                      rule("/[ft]*/*", "histogram"),
                      rule("/nothing/*", "line")};
    f.plan = make_plan(f.config, f.catalog);
    const std::vector<std::string> expected = {
        "warning: plots[2] ('/fields/rho') draws nothing: every dataset it matches is taken by "
        "plots[0] ('/fields/*')",
        "warning: plots[3] ('/[ft]*/*') draws nothing: every dataset it matches is taken by "
        "plots[0] ('/fields/*') and plots[1] ('/**')",
        "warning: plots[4] ('/nothing/*') draws nothing: it matches no dataset in the input files"};
    EXPECT_EQ(rule_warnings(f.config, f.catalog), expected);
    // The plan agrees: those rules have no rows.
    for (const auto& t : f.plan.tasks) EXPECT_LT(t.draw.rule, 2u) << t.read.dataset;
    const std::string report = plan_report(f.config, f.catalog, f.plan, f.plan.tasks, 1);
    const std::string listing = catalog_listing(f.config, f.catalog, f.plan);
    for (const auto& w : expected) {
        EXPECT_NE(report.find("\n" + w + "\n"), std::string::npos) << report;
        EXPECT_NE(listing.find("\n" + w + "\n"), std::string::npos) << listing;
    }
}

TEST(PlanReport, ARuleOverlappedInPartIsNoWarning) {
    Fixture f;
    f.config.plots = {rule("/ts/e", "histogram"), rule("/ts/*", "line"),
                      rule("/**", "line")};
    EXPECT_TRUE(rule_warnings(f.config, f.catalog).empty());
    // Three rules ahead of it, one took each: all three named, in order.
    f.config.plots = {rule("/ts/e", "line"), rule("/ts/*", "line"),
                      rule("/fields/*", "heatmap"), rule("/[tf]*/*", "line")};
    EXPECT_EQ(rule_warnings(f.config, f.catalog),
              (std::vector<std::string>{
                  "warning: plots[3] ('/[tf]*/*') draws nothing: every dataset it matches is "
                  "taken by plots[0] ('/ts/e'), plots[1] ('/ts/*') and plots[2] ('/fields/*')"}));
}

}  // namespace
}  // namespace plotcluster
