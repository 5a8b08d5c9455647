#include "plotcluster/core/colormap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

using plotcluster::Colormap;
using plotcluster::Rgb8;

TEST(Colormap, ViridisEndsMatchMatplotlib) {
    const Colormap* viridis = Colormap::find("viridis");
    ASSERT_NE(viridis, nullptr);
    EXPECT_EQ(viridis->name(), "viridis");
    EXPECT_EQ(viridis->table()[0], (Rgb8{68, 1, 84}));
    EXPECT_EQ(viridis->table()[255], (Rgb8{253, 231, 37}));
}

TEST(Colormap, GrayIsTheIdentityRamp) {
    const Colormap* gray = Colormap::find("gray");
    ASSERT_NE(gray, nullptr);
    for (int i = 0; i < 256; ++i) {
        const auto v = static_cast<std::uint8_t>(i);
        EXPECT_EQ(gray->table()[static_cast<std::size_t>(i)], (Rgb8{v, v, v})) << i;
    }
}

TEST(Colormap, ReversedSuffixReversesTheTable) {
    for (const char* base : {"viridis", "RdBu", "gray", "twilight"}) {
        const Colormap* fwd = Colormap::find(base);
        const Colormap* rev = Colormap::find(std::string(base) + "_r");
        ASSERT_NE(fwd, nullptr) << base;
        ASSERT_NE(rev, nullptr) << base;
        EXPECT_EQ(rev->name(), std::string(base) + "_r");
        EXPECT_TRUE(std::equal(fwd->table().begin(), fwd->table().end(), rev->table().rbegin()))
            << base;
    }
}

TEST(Colormap, UnknownNamesGiveNull) {
    EXPECT_EQ(Colormap::find("no_such_map"), nullptr);
    EXPECT_EQ(Colormap::find(""), nullptr);
    EXPECT_EQ(Colormap::find("_r"), nullptr);
    EXPECT_EQ(Colormap::find("viridis_r_r"), nullptr);
    EXPECT_EQ(Colormap::find("Viridis"), nullptr);  // matplotlib names are case-sensitive
}

TEST(Colormap, PointersAreStableAcrossCallsAndThreads) {
    const Colormap* first = Colormap::find("RdBu_r");
    const Colormap* other = nullptr;
    std::thread t([&] { other = Colormap::find("RdBu_r"); });
    t.join();
    EXPECT_EQ(first, other);
    EXPECT_EQ(first, Colormap::find("RdBu_r"));
}

TEST(Colormap, NamesAreSortedBaseNamesWithTheRequiredMaps) {
    const std::vector<std::string> names = Colormap::names();
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    for (const char* required :
         {"viridis", "plasma", "inferno", "magma", "cividis", "gray", "coolwarm", "RdBu"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
    }
    for (const std::string& name : names) {
        EXPECT_FALSE(name.ends_with("_r")) << name;
        EXPECT_NE(Colormap::find(name), nullptr) << name;
        EXPECT_NE(Colormap::find(name + "_r"), nullptr) << name;
    }
}

TEST(Colormap, AtClampsAndBinsLikeMatplotlib) {
    const Colormap& map = *Colormap::find("viridis");
    const auto& table = map.table();
    EXPECT_EQ(map.at(0.0), table[0]);
    EXPECT_EQ(map.at(1.0), table[255]);  // t == 1 goes to the last bin, not past it
    EXPECT_EQ(map.at(-3.0), table[0]);
    EXPECT_EQ(map.at(7.0), table[255]);
    EXPECT_EQ(map.at(0.5), table[128]);  // floor(0.5 * 256)
    EXPECT_EQ(map.at(std::nextafter(0.5, 0.0)), table[127]);
    EXPECT_EQ(map.at(1.0 / 256), table[1]);
    EXPECT_EQ(map.at(std::nan("")), table[0]);  // defined, even though NaN is the caller's job
}
