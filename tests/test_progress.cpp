#include "plotcluster/render/progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace plotcluster {
namespace {

struct FakeClock {
    double now = 100;
    Progress::Clock clock() {
        return [this] { return now; };
    }
};

TEST(Progress, LineHasCountsRateEtaAndFailures) {
    std::ostringstream out;
    FakeClock t;
    Progress p(out, Progress::Style::log, 5, t.clock());
    p.begin(100, "plots");
    t.now += 2;
    for (int i = 0; i < 20; ++i) p.finished(i == 3);
    EXPECT_EQ(p.line(), "20/100 plots (20%), 10.0 plots/s, ETA 0:08, 1 failed");
    for (int i = 0; i < 80; ++i) p.finished(false);
    EXPECT_EQ(p.line(), "100/100 plots (100%), 50.0 plots/s, 1 failed");  // no ETA when done
}

TEST(Progress, LogStyleWritesPlainLinesAtTheInterval) {
    std::ostringstream out;
    FakeClock t;
    Progress p(out, Progress::Style::log, 5, t.clock());
    p.begin(10, "plots");
    p.finished(false);
    EXPECT_EQ(out.str(), "");  // too soon
    t.now += 5;
    p.finished(false);
    t.now += 1;
    p.finished(false);
    t.now += 5;
    p.finished(true);
    p.end();
    EXPECT_EQ(out.str(),
              "plotcluster: 2/10 plots (20%), 0.4 plots/s, ETA 0:20, 0 failed\n"
              "plotcluster: 4/10 plots (40%), 0.4 plots/s, ETA 0:17, 1 failed\n");
    EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

TEST(Progress, TerminalStyleRewritesOneLineAndClearsIt) {
    std::ostringstream out;
    FakeClock t;
    Progress p(out, Progress::Style::terminal, 0.25, t.clock());
    p.begin(2, "plots of rank 0's share");
    t.now += 1;
    p.finished(false);
    p.finished(false);  // the last one always shows
    p.end();
    const std::string s = out.str();
    EXPECT_EQ(s.find('\n'), std::string::npos);
    EXPECT_EQ(
        s.rfind("\rplotcluster: 1/2 plots of rank 0's share (50%), 1.0 plots/s, ETA 0:01, 0 failed",
                0),
        0u);
    EXPECT_NE(s.find("\rplotcluster: 2/2 plots of rank 0's share (100%)"), std::string::npos);
    EXPECT_EQ(s.back(), '\r');  // cleared: the summary starts at the left edge
}

TEST(Progress, NothingDoneYetHasNoEta) {
    std::ostringstream out;
    FakeClock t;
    Progress p(out, Progress::Style::log, 5, t.clock());
    p.begin(3, "plots");
    EXPECT_EQ(p.line(), "0/3 plots (0%), 0.0 plots/s, ETA ?, 0 failed");
}

TEST(Progress, ClockText) {
    EXPECT_EQ(clock_text(0), "0:00");
    EXPECT_EQ(clock_text(42.4), "0:42");
    EXPECT_EQ(clock_text(725), "12:05");
    EXPECT_EQ(clock_text(3 * 3600 + 2 * 60 + 11), "3:02:11");
}

}  // namespace
}  // namespace plotcluster
