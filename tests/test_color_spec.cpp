#include "plotcluster/core/color_spec.hpp"

#include <gtest/gtest.h>

namespace plotcluster {
namespace {

Color rgb(int r, int g, int b, double a = 1) { return {r / 255.0, g / 255.0, b / 255.0, a}; }

TEST(ColorSpec, CycleIsTab10AndWraps) {
    EXPECT_EQ(cycle_color(0), rgb(0x1f, 0x77, 0xb4));
    EXPECT_EQ(cycle_color(1), rgb(0xff, 0x7f, 0x0e));
    EXPECT_EQ(cycle_color(10), cycle_color(0));
    EXPECT_EQ(parse_color("C3"), cycle_color(3));
    EXPECT_EQ(parse_color("tab:orange"), cycle_color(1));
    EXPECT_EQ(parse_color("tab:grey"), cycle_color(7));
}

TEST(ColorSpec, HexAndNames) {
    EXPECT_EQ(parse_color("#ff8000"), rgb(255, 128, 0));
    EXPECT_EQ(parse_color("#FF800080"), rgb(255, 128, 0, 128 / 255.0));
    EXPECT_EQ(parse_color("k"), rgb(0, 0, 0));
    EXPECT_EQ(parse_color("white"), rgb(255, 255, 255));
    EXPECT_EQ(parse_color("grey"), parse_color("gray"));
}

TEST(ColorSpec, RejectsWhatIsNoColour) {
    for (const char* bad : {"", "C", "C10", "#ff80", "#gg0000", "tab:mauve", "bleu", "#ff800"}) {
        EXPECT_FALSE(parse_color(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace plotcluster
