// Checks what a headless chromium made of a run's gallery page (gallery_in_browser.sh):
//   test_browser OUTPUT_DIR DOM_HTML SCREENSHOT_PNG WIDTH HEIGHT FILTERED_DOM_HTML FILTER
#include <gtest/gtest.h>
#include <png.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace fs = std::filesystem;

namespace {

std::vector<std::string> args;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(Browser, EveryThumbnailLoaded) {
    ASSERT_EQ(args.size(), 7u);
    const std::string dom = slurp(args[1]);
    ASSERT_FALSE(dom.empty()) << "no DOM dumped";
    const std::size_t images = count(dom, "<img class=\"thumb\"");
    const auto manifest = nlohmann::json::parse(slurp(fs::path(args[0]) / "manifest.json"));
    std::size_t ok = 0;
    for (const auto& row : manifest["plots"]) ok += row["status"] == "ok";
    EXPECT_GT(images, 0u);
    EXPECT_EQ(images, ok) << "a thumbnail per ok plot";
    // The page's script marked each image once the page had loaded.
    EXPECT_EQ(count(dom, "data-state=\"loaded\""), images) << dom.substr(0, 2000);
    EXPECT_EQ(count(dom, "data-state=\"failed\""), 0u);
    const std::regex status(
        R"re(id="image-status" data-loaded="(\d+)" data-failed="(\d+)" data-pending="(\d+)")re");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(dom, m, status)) << "the status line was never filled in";
    EXPECT_EQ(std::stoul(m[1]), images);
    EXPECT_EQ(m[2], "0");
    EXPECT_EQ(m[3], "0");
}

TEST(Browser, FailedPlotsAreListed) {
    ASSERT_EQ(args.size(), 7u);
    const std::string dom = slurp(args[1]);
    const auto manifest = nlohmann::json::parse(slurp(fs::path(args[0]) / "manifest.json"));
    std::size_t failed = 0;
    for (const auto& row : manifest["plots"]) failed += row["status"] == "failed";
    ASSERT_GT(failed, 0u) << "the page under test should have failed plots";
    EXPECT_NE(
        dom.find("<section id=\"failed\"><h2>Failed plots (" + std::to_string(failed) + ")</h2>"),
        std::string::npos);
    EXPECT_EQ(count(dom, "class=\"failed-plot\""), failed);
}

TEST(Browser, ScreenshotHasTheWindowSizeAndIsNotBlank) {
    ASSERT_EQ(args.size(), 7u);
    const std::string bytes = slurp(args[2]);
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    ASSERT_TRUE(png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        << "not a PNG: " << args[2];
    image.format = PNG_FORMAT_RGB;
    std::vector<unsigned char> px(PNG_IMAGE_SIZE(image));
    ASSERT_TRUE(png_image_finish_read(&image, nullptr, px.data(), 0, nullptr));
    EXPECT_EQ(image.width, static_cast<unsigned>(std::stoi(args[3])));
    EXPECT_EQ(image.height, static_cast<unsigned>(std::stoi(args[4])));
    // A page with text and plots: many colours, and plenty of pixels off the background.
    std::set<std::uint32_t> colours;
    std::size_t off_background = 0;
    const std::size_t n = px.size() / 3;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t c = (px[3 * i] << 16) | (px[3 * i + 1] << 8) | px[3 * i + 2];
        colours.insert(c);
        off_background += c != 0xfafafa;
    }
    EXPECT_GT(colours.size(), 100u);
    EXPECT_GT(off_background, n / 20);
}

// Opened as index.html#FILTER: the plots whose text holds FILTER stay, the rest are hidden.
TEST(Browser, FilterBoxHidesWhatDoesNotMatch) {
    ASSERT_EQ(args.size(), 7u);
    const std::string dom = slurp(args[5]);
    const std::string& filter = args[6];
    std::size_t shown = 0, hidden = 0;
    const std::regex figure(R"re(<figure class="plot[^"]*" data-search="([^"]*)"( hidden="")?>)re");
    for (auto it = std::sregex_iterator(dom.begin(), dom.end(), figure); it != std::sregex_iterator();
         ++it) {
        const bool matches = (*it)[1].str().find(filter) != std::string::npos;
        const bool is_hidden = (*it)[2].matched;
        EXPECT_NE(matches, is_hidden) << (*it)[0];
        (is_hidden ? hidden : shown) += 1;
    }
    EXPECT_GT(shown, 0u) << "nothing matches '" << filter << "'";
    EXPECT_GT(hidden, 0u) << "the filter hid nothing";
    EXPECT_NE(dom.find("id=\"filter\" type=\"search\""), std::string::npos);
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    args.assign(argv + 1, argv + argc);
    return RUN_ALL_TESTS();
}
