#include "plotcluster/encode/thumbnail.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <stdexcept>

namespace plotcluster {
namespace {

struct Image {
    int width;
    int height;
    std::vector<std::uint8_t> rgb;
    RgbImageView view() const {
        return {rgb.data(), width, height, static_cast<std::size_t>(width) * 3};
    }
};

Image gradient(int width, int height) {
    Image im{width, height,
             std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            auto* p = &im.rgb[(static_cast<std::size_t>(y) * width + x) * 3];
            p[0] = static_cast<std::uint8_t>(x);
            p[1] = static_cast<std::uint8_t>(y);
            p[2] = 200;
        }
    }
    return im;
}

TEST(Thumbnail, FactorIsTheSmallestThatFits) {
    EXPECT_EQ(thumbnail_factor(800, 600, 240, 180), 4);
    EXPECT_EQ(thumbnail_factor(640, 480, 240, 180), 3);
    EXPECT_EQ(thumbnail_factor(240, 180, 240, 180), 1);
    EXPECT_EQ(thumbnail_factor(100, 50, 240, 180), 1);
    EXPECT_EQ(thumbnail_factor(16, 2000, 240, 180), 12);
}

TEST(Thumbnail, EachPixelIsTheRoundedMeanOfItsBlock) {
    const Image im = gradient(8, 4);
    const auto t = downscale_box(im.view(), 2);
    ASSERT_EQ(t.width, 4);
    ASSERT_EQ(t.height, 2);
    ASSERT_EQ(t.rgb.size(), 4u * 2u * 3u);
    // Block (1, 1): x in {2, 3}, y in {2, 3}: means 2.5 -> 3 (half rounds up) and 2.5.
    const auto* p = &t.rgb[std::size_t{1 * 4 + 1} * 3];
    EXPECT_EQ(p[0], 3);
    EXPECT_EQ(p[1], 3);
    EXPECT_EQ(p[2], 200);
}

// Every block size the fast division covers (up to 64 x 64) and some beyond it, on noise
// and on the extremes (all 255: the largest sums), against plain integer arithmetic.
TEST(Thumbnail, MeansMatchPlainDivisionForEveryFactor) {
    std::mt19937 rng(7);
    for (const int factor : {1, 2, 3, 4, 5, 7, 16, 63, 64, 65, 100, 300}) {
        for (const bool saturated : {false, true}) {
            const int w = factor * 3 + (factor > 1 ? 1 : 0), h = factor * 2;  // + a partial block
            Image im{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 3)};
            for (auto& b : im.rgb) b = saturated ? 255 : static_cast<std::uint8_t>(rng());
            const auto t = downscale_box(im.view(), factor);
            ASSERT_EQ(t.width, 3);
            ASSERT_EQ(t.height, 2);
            for (int ty = 0; ty < 2; ++ty) {
                for (int tx = 0; tx < 3; ++tx) {
                    for (int c = 0; c < 3; ++c) {
                        std::uint64_t sum = 0;
                        for (int y = ty * factor; y < (ty + 1) * factor; ++y) {
                            for (int x = tx * factor; x < (tx + 1) * factor; ++x)
                                sum += im.rgb[(static_cast<std::size_t>(y) * w + x) * 3 + c];
                        }
                        const std::uint64_t area = std::uint64_t(factor) * factor;
                        EXPECT_EQ(t.rgb[(static_cast<std::size_t>(ty) * 3 + tx) * 3 + c],
                                  (sum + area / 2) / area)
                            << "factor " << factor << " block " << tx << ',' << ty << " channel " << c;
                    }
                }
            }
        }
    }
}

// The hardest sums for a division by multiplication: just below the next whole mean,
// (k + 1) * area - area / 2 - 1, which must still give k.
TEST(Thumbnail, SumsJustBelowTheNextMeanRoundDown) {
    for (const int factor : {1, 3, 4, 17, 64, 65, 300}) {
        const std::size_t area = static_cast<std::size_t>(factor) * factor;
        for (const int k : {0, 1, 127, 254}) {
            const std::size_t sum = (k + 1) * area - area / 2 - 1;
            Image im{factor, factor, std::vector<std::uint8_t>(area * 3)};
            for (std::size_t i = 0; i < area; ++i) {
                const auto v = static_cast<std::uint8_t>(sum / area + (i < sum % area ? 1 : 0));
                for (int c = 0; c < 3; ++c) im.rgb[i * 3 + c] = v;
            }
            const auto t = downscale_box(im.view(), factor);
            ASSERT_EQ(t.rgb.size(), 3u);
            EXPECT_EQ(t.rgb[0], k) << "factor " << factor;
        }
    }
}

TEST(Thumbnail, PartialBlocksAreDroppedAndTallImagesKeepOneColumn) {
    const Image im = gradient(9, 5);
    const auto t = downscale_box(im.view(), 2);
    EXPECT_EQ(t.width, 4);
    EXPECT_EQ(t.height, 2);
    const Image tall = gradient(4, 400);
    const auto u = downscale_box(tall.view(), 12);
    EXPECT_EQ(u.width, 1);
    EXPECT_EQ(u.height, 33);
    EXPECT_EQ(u.rgb[0], 2);  // the mean of x = 0..3, rounded
}

TEST(Thumbnail, CairosWordsGiveTheSameResultAsPackedRgb) {
    const Image im = gradient(12, 8);
    std::vector<std::uint8_t> words(std::size_t{12} * 8 * 4);
    for (std::size_t i = 0; i < std::size_t{12} * 8; ++i) {
        const std::uint32_t w = 0xff000000u | (std::uint32_t{im.rgb[3 * i]} << 16) |
                                (std::uint32_t{im.rgb[3 * i + 1]} << 8) | im.rgb[3 * i + 2];
        std::memcpy(&words[4 * i], &w, 4);
    }
    const RgbImageView xrgb{words.data(), 12, 8, std::size_t{12} * 4, PixelLayout::xrgb32};
    EXPECT_EQ(downscale_box(xrgb, 3).rgb, downscale_box(im.view(), 3).rgb);
}

// Cairo's words take a faster path while a block's sums fit 16 bits (up to 16 x 16); on
// either side of that it must agree with packed RGB, also on noise and at full scale.
TEST(Thumbnail, CairosWordsMatchPackedRgbForEveryFactor) {
    std::mt19937 rng(11);
    for (const int factor : {1, 2, 3, 4, 5, 16, 17, 40}) {
        for (const bool saturated : {false, true}) {
            const int w = factor * 5 + 1, h = factor * 3;
            Image im{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 3)};
            for (auto& b : im.rgb) b = saturated ? 255 : static_cast<std::uint8_t>(rng());
            std::vector<std::uint8_t> words(static_cast<std::size_t>(w) * h * 4);
            for (std::size_t i = 0; i < static_cast<std::size_t>(w) * h; ++i) {
                const std::uint32_t word = 0xff000000u | (std::uint32_t{im.rgb[3 * i]} << 16) |
                                           (std::uint32_t{im.rgb[3 * i + 1]} << 8) | im.rgb[3 * i + 2];
                std::memcpy(&words[4 * i], &word, 4);
            }
            const RgbImageView xrgb{words.data(), w, h, static_cast<std::size_t>(w) * 4,
                                    PixelLayout::xrgb32};
            EXPECT_EQ(downscale_box(xrgb, factor).rgb, downscale_box(im.view(), factor).rgb)
                << "factor " << factor << (saturated ? ", all 255" : ", noise");
        }
    }
}

TEST(Thumbnail, SameImageSameBytes) {
    const Image im = gradient(800, 600);
    const auto a = encode_thumbnail(im.view(), 2);
    const auto b = encode_thumbnail(im.view(), 2);
    EXPECT_EQ(a, b);
    ASSERT_GT(a.size(), 24u);
    // The IHDR: 200 x 150.
    EXPECT_EQ((a[16] << 24) | (a[17] << 16) | (a[18] << 8) | a[19], 200);
    EXPECT_EQ((a[20] << 24) | (a[21] << 16) | (a[22] << 8) | a[23], 150);
}

TEST(Thumbnail, BadInputThrows) {
    const Image im = gradient(4, 4);
    EXPECT_THROW(downscale_box(im.view(), 0), std::invalid_argument);
    EXPECT_THROW(downscale_box(RgbImageView{}, 2), std::invalid_argument);
}

}  // namespace
}  // namespace plotcluster
