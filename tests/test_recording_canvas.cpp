// The recording canvas that chart tests draw on: it keeps what each call was given.
#include "support/recording_canvas.hpp"

#include <gtest/gtest.h>

#include <span>
#include <vector>

using namespace plotcluster;
using plotcluster::test::RecordingCanvas;

TEST(RecordingCanvas, RecordsFilledPathsRingByRing) {
    RecordingCanvas rc(100, 80);
    Canvas& c = rc;
    const std::vector<Point> outer = {{0, 0}, {10, 0}, {10, 10}}, inner = {{2, 2}, {4, 2}, {4, 4}, {2, 4}};
    const std::vector<std::span<const Point>> rings = {outer, inner};
    c.fill_path(rings, {{1, 0, 0, 0.5}, FillRule::non_zero, Stroke{{0, 0, 1, 1}, 2}});
    c.fill_polygon(inner, {{0, 1, 0, 1}, FillRule::even_odd, std::nullopt});
    ASSERT_EQ(rc.fill_paths.size(), 2u);
    ASSERT_EQ(rc.fill_paths[0].rings.size(), 2u);
    EXPECT_EQ(rc.fill_paths[0].rings[0], outer);
    EXPECT_EQ(rc.fill_paths[0].rings[1], inner);
    EXPECT_EQ(rc.fill_paths[0].style.color, (Color{1, 0, 0, 0.5}));
    EXPECT_EQ(rc.fill_paths[0].style.rule, FillRule::non_zero);
    ASSERT_TRUE(rc.fill_paths[0].style.outline.has_value());
    EXPECT_EQ(rc.fill_paths[0].style.outline->width, 2);
    ASSERT_EQ(rc.fill_paths[1].rings.size(), 1u);
    EXPECT_EQ(rc.fill_paths[1].rings[0], inner);
    EXPECT_EQ(rc.fill_paths[1].style.rule, FillRule::even_odd);
    EXPECT_FALSE(rc.fill_paths[1].style.outline.has_value());
}

TEST(RecordingCanvas, RecordsEachImagesResampling) {
    RecordingCanvas rc(100, 80);
    Canvas& c = rc;
    const RgbImage img{1, 1, {1, 2, 3}};
    c.image(img, {0, 0, 10, 10});
    c.image(img, {1, 2, 3, 4}, Resampling::area);
    rc.image(img, {0, 0, 5, 5});  // the two-argument form on the derived class too
    ASSERT_EQ(rc.images.size(), 3u);
    EXPECT_EQ(rc.images[1].second, (Rect{1, 2, 3, 4}));
    EXPECT_EQ(rc.image_resamplings,
              (std::vector<Resampling>{Resampling::nearest, Resampling::area, Resampling::nearest}));
}
