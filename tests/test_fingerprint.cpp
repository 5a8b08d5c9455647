#include "plotcluster/plan/fingerprint.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/rules.hpp"

namespace plotcluster {
namespace {

TEST(Fingerprint, ChangesWithWhatDecidesTheBytesOnly) {
    Config config;
    config.plots = {test::rule_of("line")};
    PlotTask t;
    t.read.file = "/data/a.h5";
    t.read.dataset = std::string("/x");  // not the literal: GCC 12 -O3 warns falsely (PR 105329)
    t.read.shape = {10};
    const FileStamp stamp{100, 5};
    const auto base = plot_fingerprint(config, t, stamp, "0.1.0");
    EXPECT_EQ(base.size(), 32u);
    EXPECT_EQ(plot_fingerprint(config, t, stamp, "0.1.0"), base);
    EXPECT_NE(plot_fingerprint(config, t, stamp, "0.2.0"), base);
    EXPECT_NE(plot_fingerprint(config, t, {100, 6}, "0.1.0"), base);
    EXPECT_NE(plot_fingerprint(config, t, {101, 5}, "0.1.0"), base);
    Config wider = config;
    wider.figure.width += 1;
    EXPECT_NE(plot_fingerprint(wider, t, stamp, "0.1.0"), base);
    Config thicker = config;
    thicker.plots[0] = test::rule_of("line", "linewidth: 1.500000001");
    EXPECT_NE(plot_fingerprint(thicker, t, stamp, "0.1.0"), base);
    Config other_run = config;
    other_run.run.on_error = OnError::abort_run;  // does not change any output
    EXPECT_EQ(plot_fingerprint(other_run, t, stamp, "0.1.0"), base);
    PlotTask retitled = t;
    retitled.draw.title = "new";
    EXPECT_NE(plot_fingerprint(config, retitled, stamp, "0.1.0"), base);
    PlotTask against_x = t;
    against_x.read.companions = {{"x", "/t"}};
    EXPECT_NE(plot_fingerprint(config, against_x, stamp, "0.1.0"), base);
}

// Each option of each kind, changed alone, changes the fingerprint; an option added to a
// kind without a line here fails the count.
TEST(Fingerprint, EveryOptionOfEveryKindCounts) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> changes = {
        {"line", {"x: t", "group: parent", "marker: o", "linewidth: 2", "color: red",
                  "marker_size: 3", "alpha: 0.5"}},
        {"heatmap", {"colormap: magma", "origin: upper", "norm: log", "bad_color: black"}},
        {"scatter", {"x: t", "marker: s", "color: red", "marker_size: 3", "alpha: 0.5"}},
        {"histogram", {"color: red", "alpha: 0.5", "bins: 7", "log: true"}},
    };
    PlotTask t;
    t.read.file = "/data/a.h5";
    t.read.dataset = std::string("/x");
    Config config;
    std::vector<std::string> seen;
    for (const auto& [kind, options] : changes) {
        SCOPED_TRACE(kind);
        config.plots = {test::rule_of(kind)};
        EXPECT_EQ(test::option_values(config.plots[0]).size(), options.size());
        const auto base = plot_fingerprint(config, t, {}, "v");
        for (const auto& other : seen) EXPECT_NE(other, base);  // the kind counts too
        seen.push_back(base);
        for (const auto& option : options) {
            config.plots = {test::rule_of(kind, option)};
            EXPECT_NE(plot_fingerprint(config, t, {}, "v"), base) << option;
        }
    }
}

}  // namespace
}  // namespace plotcluster
