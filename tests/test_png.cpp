#include "plotcluster/encode/png.hpp"

#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace plotcluster {
namespace {

struct Image {
    int width;
    int height;
    std::vector<std::uint8_t> pixels;  // tightly packed RGB rows

    RgbImageView view() const {
        return {pixels.data(), width, height, static_cast<std::size_t>(width) * 3};
    }
};

std::size_t byte_count(int width, int height) {
    return static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3;
}

Image random_image(int width, int height, unsigned seed) {
    std::mt19937 rng(seed);
    Image image{width, height, std::vector<std::uint8_t>(byte_count(width, height))};
    for (auto& b : image.pixels) b = static_cast<std::uint8_t>(rng());
    return image;
}

Image flat_image(int width, int height, std::uint8_t value) {
    return {width, height, std::vector<std::uint8_t>(byte_count(width, height), value)};
}

// White with a few lines and dots, like a plot: exercises every filter choice.
Image plot_like_image(int width, int height) {
    Image image = flat_image(width, height, 255);
    std::mt19937 rng(7);
    const int amplitude = height / 3;
    for (int x = 0; x < width; ++x) {
        const int y = height / 2 + static_cast<int>(amplitude * std::sin(x * 0.05));
        std::memset(&image.pixels[byte_count(width, y) + byte_count(x, 1)], 40, 3);
    }
    for (std::size_t i = 0; i < byte_count(width, height) / 150; ++i) {
        const std::size_t at = rng() % (byte_count(width, height) / 3) * 3;
        image.pixels[at] = static_cast<std::uint8_t>(rng());
    }
    return image;
}

std::vector<std::uint8_t> decode_rgb(const std::vector<std::uint8_t>& png, int& width,
                                     int& height) {
    png_image decoded{};
    decoded.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&decoded, png.data(), png.size()))
        throw std::runtime_error(decoded.message);
    decoded.format = PNG_FORMAT_RGB;
    std::vector<std::uint8_t> pixels(PNG_IMAGE_SIZE(decoded));
    if (!png_image_finish_read(&decoded, nullptr, pixels.data(), 0, nullptr))
        throw std::runtime_error(decoded.message);
    width = static_cast<int>(decoded.width);
    height = static_cast<int>(decoded.height);
    return pixels;
}

void expect_round_trip(const Image& image, int level) {
    const std::vector<std::uint8_t> png = encode_png(image.view(), level);
    int width = 0, height = 0;
    const std::vector<std::uint8_t> pixels = decode_rgb(png, width, height);
    EXPECT_EQ(width, image.width);
    EXPECT_EQ(height, image.height);
    EXPECT_TRUE(pixels == image.pixels)
        << image.width << "x" << image.height << " at level " << level;
}

TEST(Png, RoundTripsAllSizesAndLevels) {
    const int sizes[][2] = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {33, 17}, {101, 64}, {256, 3}};
    for (int level = 0; level <= 12; ++level) {
        for (const auto& size : sizes) {
            expect_round_trip(random_image(size[0], size[1], 42), level);
            expect_round_trip(flat_image(size[0], size[1], 200), level);
            expect_round_trip(plot_like_image(size[0], size[1]), level);
        }
    }
}

TEST(Png, RoundTripsPlotSizedImage) {
    expect_round_trip(plot_like_image(800, 600), 6);
}

TEST(Png, HonoursStride) {
    const Image image = random_image(5, 4, 3);
    const std::size_t stride = 5 * 3 + 7;  // rows padded, as in many canvases
    std::vector<std::uint8_t> padded(stride * 4, 0xee);
    for (std::size_t y = 0; y < 4; ++y)
        std::memcpy(&padded[y * stride], &image.pixels[y * 15], 15);
    const RgbImageView view{padded.data(), 5, 4, stride};
    EXPECT_EQ(encode_png(view, 6), encode_png(image.view(), 6));
}

// Cairo's xRGB words (padding byte set, rows padded) encode as the packed RGB they hold.
TEST(Png, XrgbWordsEncodeAsTheirRgb) {
    const Image image = plot_like_image(37, 23);
    const std::size_t stride = 37 * 4 + 12;
    std::vector<std::uint8_t> words(stride * 23, 0xab);
    for (std::size_t y = 0; y < 23; ++y) {
        for (std::size_t x = 0; x < 37; ++x) {
            const std::uint8_t* p = &image.pixels[(y * 37 + x) * 3];
            const std::uint32_t w = 0x5a000000u | std::uint32_t(p[0]) << 16 | std::uint32_t(p[1]) << 8 | p[2];
            std::memcpy(&words[y * stride + x * 4], &w, 4);
        }
    }
    const RgbImageView view{words.data(), 37, 23, stride, PixelLayout::xrgb32};
    for (int level : {0, 2, 6}) EXPECT_EQ(encode_png(view, level), encode_png(image.view(), level));
    RgbImageView short_rows = view;
    short_rows.stride = std::size_t{37} * 3;  // enough for RGB, not for words
    EXPECT_THROW(encode_png(short_rows), std::invalid_argument);
}

TEST(Png, SameInputGivesSameBytes) {
    const Image image = plot_like_image(120, 80);
    for (int level : {0, 1, 6, 12}) EXPECT_EQ(encode_png(image.view(), level),
                                              encode_png(image.view(), level));
}

TEST(Png, StartsWithSignatureAndEndsWithIend) {
    const std::vector<std::uint8_t> png = encode_png(flat_image(2, 2, 0).view());
    const std::uint8_t signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    ASSERT_GT(png.size(), 20u);
    EXPECT_EQ(std::memcmp(png.data(), signature, 8), 0);
    EXPECT_EQ(std::memcmp(&png[png.size() - 8], "IEND", 4), 0);
}

std::uint32_t get_u32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// The chunk types in order, walking the lengths from the signature to the end.
std::vector<std::string> chunk_types(const std::vector<std::uint8_t>& png) {
    std::vector<std::string> types;
    for (std::size_t at = 8; at + 12 <= png.size(); at += 12 + get_u32(&png[at]))
        types.emplace_back(reinterpret_cast<const char*>(&png[at + 4]), 4);
    return types;
}

// pHYs gives the size in inches to viewers and word processors: 100 dpi is 3937 pixels per
// metre on both axes. libpng checks its CRC when it decodes the image.
TEST(Png, DpiWritesPhysicalPixelSize) {
    const Image image = plot_like_image(40, 30);
    const std::vector<std::uint8_t> png = encode_png(image.view(), 6, 100);
    EXPECT_EQ(chunk_types(png), (std::vector<std::string>{"IHDR", "pHYs", "IDAT", "IEND"}));
    ASSERT_EQ(get_u32(&png[33]), 9u);
    EXPECT_EQ(get_u32(&png[41]), 3937u);
    EXPECT_EQ(get_u32(&png[45]), 3937u);
    EXPECT_EQ(png[49], 1) << "unit: metre";
    int width = 0, height = 0;
    EXPECT_EQ(decode_rgb(png, width, height), image.pixels);
    EXPECT_EQ(get_u32(&encode_png(image.view(), 6, 300)[41]), 11811u);
    EXPECT_EQ(chunk_types(encode_png(image.view(), 6)),
              (std::vector<std::string>{"IHDR", "IDAT", "IEND"}))
        << "no dpi, no pHYs (thumbnails)";
    EXPECT_THROW(encode_png(image.view(), 6, -1), std::invalid_argument);
}

TEST(Png, FlatImageCompressesWell) {
    EXPECT_LT(encode_png(flat_image(800, 600, 255).view(), 6).size(), 10000u);
}

TEST(Png, RejectsBadInput) {
    const Image image = flat_image(4, 4, 1);
    RgbImageView view = image.view();
    EXPECT_THROW(encode_png(view, -1), std::invalid_argument);
    EXPECT_THROW(encode_png(view, 13), std::invalid_argument);

    RgbImageView bad = view;
    bad.data = nullptr;
    EXPECT_THROW(encode_png(bad), std::invalid_argument);
    bad = view;
    bad.width = 0;
    EXPECT_THROW(encode_png(bad), std::invalid_argument);
    bad = view;
    bad.height = -1;
    EXPECT_THROW(encode_png(bad), std::invalid_argument);
    bad = view;
    bad.stride = 11;  // shorter than 4 pixels
    EXPECT_THROW(encode_png(bad), std::invalid_argument);
}

}  // namespace
}  // namespace plotcluster
