#include "plotcluster/plan/fingerprint.hpp"

#include <gtest/gtest.h>

namespace plotcluster {
namespace {

TEST(Fingerprint, ChangesWithWhatDecidesTheBytesOnly) {
    Config config;
    config.plots.resize(1);
    PlotTask t;
    t.file = "/data/a.h5";
    t.dataset = std::string("/x");  // not the literal: GCC 12 -O3 warns falsely (PR 105329)
    t.shape = {10};
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
    thicker.plots[0].linewidth += 1e-9;
    EXPECT_NE(plot_fingerprint(thicker, t, stamp, "0.1.0"), base);
    Config other_run = config;
    other_run.run.on_error = OnError::abort_run;  // does not change any output
    EXPECT_EQ(plot_fingerprint(other_run, t, stamp, "0.1.0"), base);
    PlotTask retitled = t;
    retitled.title = "new";
    EXPECT_NE(plot_fingerprint(config, retitled, stamp, "0.1.0"), base);
}

}  // namespace
}  // namespace plotcluster
