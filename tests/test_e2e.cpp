// Checks the end-to-end runs registered in tests/CMakeLists.txt:
//   test_e2e --gtest_filter=Run.*       OUT_DIR RANKS
//   test_e2e --gtest_filter=Identical.* OUT_DIR...
#include <gtest/gtest.h>
#include <png.h>

#include <array>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<std::string> args;  // what is left after gtest's own flags

json manifest(const fs::path& dir) {
    std::ifstream in(dir / "manifest.json");
    EXPECT_TRUE(in.good()) << "no manifest.json in " << dir;
    return json::parse(in);
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Decodes with libpng (an independent decoder) and returns width × height.
std::pair<int, int> png_size(const std::string& bytes) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return {-1, -1};
    image.format = PNG_FORMAT_RGB;
    std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return {-2, -2};
    return {static_cast<int>(image.width), static_cast<int>(image.height)};
}

}  // namespace

TEST(Run, ManifestRowsAndImages) {
    ASSERT_EQ(args.size(), 2u) << "usage: OUT_DIR RANKS";
    const fs::path dir = args[0];
    const int ranks = std::stoi(args[1]);
    const json m = manifest(dir);
    EXPECT_EQ(m["ranks"], ranks);
    for (const char* key : {"version", "config_sha256", "started", "seconds"})
        EXPECT_TRUE(m.contains(key)) << key;
    EXPECT_EQ(m["config_sha256"].get<std::string>().size(), 64u);

    const auto& plots = m["plots"];
    ASSERT_EQ(plots.size(), 18u);  // 3 files × (3 time series + 3 fields)
    std::set<int> ranks_used;
    for (std::size_t i = 0; i < plots.size(); ++i) {
        const auto& row = plots[i];
        if (i > 0) {
            const auto& prev = plots[i - 1];
            EXPECT_LT(std::tie(prev["file"].get_ref<const std::string&>(),
                               prev["dataset"].get_ref<const std::string&>()),
                      std::tie(row["file"].get_ref<const std::string&>(),
                               row["dataset"].get_ref<const std::string&>()));
        }
        EXPECT_EQ(row["status"], "ok") << row.dump();
        EXPECT_TRUE(row["error"].is_null());
        const std::string kind = row["dataset"].get<std::string>().rfind("/fields/", 0) == 0
                                     ? "heatmap" : "line";
        EXPECT_EQ(row["kind"], kind);
        ASSERT_EQ(row["axes"].size(), 1u) << "one panel";
        const auto& axes = row["axes"][0];
        for (const char* axis : {"x", "y"}) {
            EXPECT_LT(axes[axis]["lo"].get<double>(), axes[axis]["hi"].get<double>()) << axis;
            EXPECT_EQ(axes[axis]["scale"], "linear");
        }
        EXPECT_EQ(axes["color"].is_object(), kind == "heatmap") << "a colorbar on heatmaps only";
        if (kind == "heatmap") {
            EXPECT_EQ(axes["color"]["lo"], row["vmin"]);
            EXPECT_EQ(axes["color"]["hi"], row["vmax"]);
        }
        ranks_used.insert(row["rank"].get<int>());
        EXPECT_GE(row["render_ms"].get<double>(), 0.0);
        ASSERT_EQ(row["outputs"].size(), 3u);  // in the configured order
        for (std::size_t k = 0; k < 3; ++k) {
            const auto& out = row["outputs"][k];
            const std::string format = std::array{"png", "svg", "pdf"}[k];
            EXPECT_EQ(out["format"], format);
            const std::string path = out["path"].get<std::string>();
            EXPECT_TRUE(path.ends_with("." + format)) << path;
            const std::string bytes = slurp(dir / path);
            EXPECT_EQ(bytes.size(), out["bytes"].get<std::size_t>()) << path;
            if (format == "png") {
                EXPECT_EQ(png_size(bytes), std::make_pair(640, 480)) << path;
            } else if (format == "svg") {
                EXPECT_NE(bytes.find("width=\"640px\" height=\"480px\""), std::string::npos) << path;
                EXPECT_NE(bytes.find("</svg>"), std::string::npos) << path;
            } else {
                EXPECT_EQ(bytes.rfind("%PDF-", 0), 0u) << path;
                // 640×480 px at the config's 100 dpi: 6.4×4.8 inches.
                EXPECT_NE(bytes.find("/MediaBox [ 0 0 460.8 345.6 ]"), std::string::npos) << path;
                EXPECT_NE(bytes.find("%%EOF"), std::string::npos) << path;
            }
        }
    }
    EXPECT_EQ(static_cast<int>(ranks_used.size()), ranks) << "every rank renders its share";

    // The gallery page and a thumbnail per plot (640 x 480 reduced by 3).
    for (const auto& row : plots) {
        const auto& thumb = row["thumbnail"];
        ASSERT_TRUE(thumb.is_object()) << row.dump();
        const std::string bytes = slurp(dir / thumb["path"].get<std::string>());
        EXPECT_EQ(bytes.size(), thumb["bytes"].get<std::size_t>());
        EXPECT_EQ(png_size(bytes), std::make_pair(213, 160));
    }
    const std::string page = slurp(dir / "index.html");
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);

    // limits: shared gives every file's /fields/density the same range; the others
    // keep their own.
    std::set<std::pair<double, double>> density, temperature;
    for (const auto& row : plots) {
        const auto range = std::make_pair(row["vmin"].get<double>(), row["vmax"].get<double>());
        if (row["dataset"] == "/fields/density") density.insert(range);
        if (row["dataset"] == "/fields/temperature") temperature.insert(range);
    }
    EXPECT_EQ(density.size(), 1u);
    EXPECT_EQ(temperature.size(), 3u);

    // limits: shared on a line shares both axes: every file's /timeseries/energy is drawn
    // over the same x and y view.
    std::set<std::string> energy_axes;
    for (const auto& row : plots) {
        if (row["dataset"] == "/timeseries/energy") {
            const auto& p = row["axes"].at(0);
            energy_axes.insert(p["x"]["lo"].dump() + " " + p["x"]["hi"].dump() + " " + p["y"]["lo"].dump() +
                               " " + p["y"]["hi"].dump());
        }
    }
    EXPECT_EQ(energy_axes.size(), 1u);

    const std::string csv = slurp(dir / "data.csv");
    EXPECT_EQ(csv.rfind("file,dataset,kind,status,FILE\n", 0), 0u) << csv.substr(0, 80);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 19);
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST(Identical, SameBytesOnAnyRankCount) {
    ASSERT_GE(args.size(), 2u) << "usage: OUT_DIR OUT_DIR...";
    std::map<std::string, std::string> first;
    for (std::size_t d = 0; d < args.size(); ++d) {
        std::map<std::string, std::string> hashes;
        const json m = manifest(args[d]);
        for (const auto& row : m["plots"]) {
            for (const auto& out : row["outputs"])
                hashes[out["path"].get<std::string>()] = out["sha256"].get<std::string>();
            // Gallery thumbnails too: whichever rank drew a plot, the same small image.
            const auto& thumb = row["thumbnail"];
            hashes[thumb["path"].get<std::string>()] = thumb["sha256"].get<std::string>();
        }
        ASSERT_FALSE(hashes.empty());
        if (d == 0) {
            first = hashes;
            continue;
        }
        EXPECT_EQ(hashes, first) << args[d] << " differs from " << args[0];
        // The manifest's hashes are the files' own: compare the bytes too.
        for (const auto& [path, hash] : hashes)
            EXPECT_EQ(slurp(fs::path(args[d]) / path), slurp(fs::path(args[0]) / path)) << path;
    }
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    args.assign(argv + 1, argv + argc);
    return RUN_ALL_TESTS();
}
