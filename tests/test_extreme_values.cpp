// Tiny and huge magnitudes through the command line, on 1 and 2 ranks: subnormals, ±DBL_MAX,
// ranges whose width overflows and ranges a few ulps wide, as lines, scatter plots,
// histograms and heatmaps, on linear and log scales, with automatic, shared and explicit
// limits. The file is written at test time. Every row is drawn or fails with a plain
// message (never the tick code's internal one), the run never crashes or hangs, and the
// exit code is 0 or 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/h5_writer.hpp"
#include "support/run_command.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using plotcluster::test::H5Writer;
using plotcluster::test::quoted;
using plotcluster::test::run_command;
using Json = nlohmann::json;

namespace {

constexpr double big = std::numeric_limits<double>::max();
constexpr double tiny = std::numeric_limits<double>::denorm_min();  // 4.9e-324
constexpr double smallest_normal = std::numeric_limits<double>::min();

// A run that takes longer than this hangs somewhere (a healthy one takes a few seconds,
// under the sanitizers a few tens).
constexpr int kTimeLimitSeconds = 240;

// The values, by name; each is drawn as every kind that suits its shape.
std::map<std::string, std::vector<double>> series() {
    const double one_up = std::nextafter(1.0, 2.0);
    return {
        {"subnormal", {1.3e-321}},
        {"denorm_min", {tiny}},
        {"zero_and_denorm_min", {0, tiny}},
        {"subnormals", {1.3e-321, 2.5e-322, 4e-321, tiny, 3 * tiny}},
        {"negative_subnormals", {-1.3e-321, -tiny, -2e-322}},
        {"around_zero_subnormal", {-3 * tiny, 0, 2 * tiny, tiny}},
        {"mixed", {1.3e-321, 1.0, smallest_normal, 0.5, 2e-310}},
        {"constant_1e308", {1e308, 1e308, 1e308}},
        {"constant_max", {big, big}},
        {"constant_lowest", {-big, -big}},
        {"full_range", {-big, 0, big}},
        {"near_max", {1e308, big, 1.5e308}},
        {"near_lowest", {-big, -1e308}},
        {"two_ulps", {1.0, one_up, std::nextafter(one_up, 2.0)}},
        {"narrow_1e6", {1e6, 1e6 + 1e-9, 1e6 + 5e-10}},
        {"max_and_denorm_min", {tiny, big}},
    };
}

// The values at least twice, so that one value still makes an N×2 or 2-D dataset.
std::vector<double> at_least_two(const std::vector<double>& v) {
    return v.size() >= 2 ? v : std::vector<double>{v.front(), v.front()};
}

// N values as an N×2 scatter dataset: point i is (v[n-1-i], v[i]).
std::vector<double> as_pairs(const std::vector<double>& values) {
    const std::vector<double> v = at_least_two(values);
    std::vector<double> out;
    out.reserve(2 * v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        out.push_back(v[v.size() - 1 - i]);
        out.push_back(v[i]);
    }
    return out;
}

// N values as a 2×N heatmap: the values, then their reverse.
std::vector<double> as_grid(const std::vector<double>& values) {
    std::vector<double> out = at_least_two(values);
    out.insert(out.end(), out.rbegin(), out.rend());
    return out;
}

class ExtremeValues : public plotcluster::test::ScratchDirTest {
protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        H5Writer w(path("extreme.h5"));
        for (const auto& [name, v] : series()) {
            const std::uint64_t n = v.size();
            for (const char* group : {"line", "line_log", "line_shared", "hist", "hist_log"})
                w.write("/" + std::string(group) + "/" + name, {n}, v);
            const std::uint64_t m = std::max<std::uint64_t>(n, 2);
            for (const char* group : {"scatter", "scatter_log"})
                w.write("/" + std::string(group) + "/" + name, {m, 2}, as_pairs(v));
            for (const char* group : {"img", "img_log", "img_shared"})
                w.write("/" + std::string(group) + "/" + name, {2, m}, as_grid(v));
        }
        // Ordinary data under explicit limits at the extremes.
        const std::vector<double> ramp = {0, 1, 2, 3};
        for (const char* name : {"subnormal", "max", "full", "ulps", "narrow"}) {
            w.write(std::string("/limits_line/") + name, {4}, ramp);
            w.write(std::string("/limits_hist/") + name, {4}, ramp);
            w.write(std::string("/limits_img/") + name, {2, 2}, ramp);
        }
        w.close();
    }

    // The rules: every group above with its kind, scale and limits.
    static std::string rules() {
        std::string text;
        const std::map<std::string, std::string> limits = {
            {"subnormal", "[0, 1e-322]"},
            {"max", "[1e308, 1.7976931348623157e308]"},
            {"full", "[-1.7976931348623157e308, 1.7976931348623157e308]"},
            {"ulps", "[1, 1.0000000000000004]"},
            {"narrow", "[1000000, 1000000.000000001]"}};
        for (const auto& [name, range] : limits) {
            text += "  - {match: \"/limits_line/" + name + "\", kind: line, limits: " + range + "}\n";
            text += "  - {match: \"/limits_hist/" + name + "\", kind: histogram, limits: " + range + "}\n";
            text += "  - {match: \"/limits_img/" + name + "\", kind: heatmap, limits: " + range + "}\n";
        }
        text += "  - {match: \"/line/*\", kind: line, marker: o}\n"
                "  - {match: \"/line_log/*\", kind: line, yscale: log}\n"
                "  - {match: \"/line_shared/*\", kind: line, limits: rule}\n"
                "  - {match: \"/hist/*\", kind: histogram}\n"
                "  - {match: \"/hist_log/*\", kind: histogram, xscale: log, log: true}\n"
                "  - {match: \"/scatter/*\", kind: scatter}\n"
                "  - {match: \"/scatter_log/*\", kind: scatter, xscale: log, yscale: log}\n"
                "  - {match: \"/img/*\", kind: heatmap}\n"
                "  - {match: \"/img_log/*\", kind: heatmap, norm: log}\n"
                "  - {match: \"/img_shared/*\", kind: heatmap, limits: rule}\n";
        return text;
    }

    struct Run {
        int exit_code = -1;
        double seconds = 0;
        std::string output;
    };

    Run run(int ranks) {
        const fs::path out = dir_ / ("out_n" + std::to_string(ranks));
        std::ofstream(dir_ / "c.yaml")
            << "input:\n  files: [extreme.h5]\noutput:\n  dir: " << out.string()
            << "\nfigure:\n  width: 320\n  height: 240\nplots:\n"
            << rules();
        const std::string command = "timeout -k 10 " + std::to_string(kTimeLimitSeconds) + " " +
                                    PLOTCLUSTER_MPIRUN + " -n " + std::to_string(ranks) + " " +
                                    PLOTCLUSTER_BIN + " --force " + quoted(path("c.yaml"));
        const auto start = std::chrono::steady_clock::now();
        const auto r = run_command(command);
        const auto stop = std::chrono::steady_clock::now();
        return {r.exit_code, std::chrono::duration<double>(stop - start).count(), r.output};
    }

    Json manifest(int ranks) const {
        std::ifstream in(dir_ / ("out_n" + std::to_string(ranks)) / "manifest.json");
        return Json::parse(in);
    }
};

// A failed row's message must be one a user can act on: no exception type or function
// name of the tick or axis code.
bool plain(const std::string& error) {
    for (const char* internal : {"nice_ticks", "need finite", "invalid_argument", "internal",
                                 "std::", "bad_alloc", "what()"}) {
        if (error.find(internal) != std::string::npos) return false;
    }
    return !error.empty() && error.find('\n') == std::string::npos;
}

// Rows with no honest plot: on a log scale, data without a positive value (for a scatter
// plot: without a point whose coordinates are both positive) has nothing to show.
// Everything else must be drawn.
bool may_fail(const std::string& dataset) {
    const std::string group = dataset.substr(1, dataset.rfind('/') - 1);
    if (group.find("_log") == std::string::npos) return false;
    const std::vector<double> v = series().at(dataset.substr(dataset.rfind('/') + 1));
    if (group == "scatter_log") {
        const std::vector<double> xy = as_pairs(v);
        for (std::size_t i = 0; i + 1 < xy.size(); i += 2)
            if (xy[i] > 0 && xy[i + 1] > 0) return false;
        return true;
    }
    if (group == "line_log" || group == "hist_log" || group == "img_log")
        return std::none_of(v.begin(), v.end(), [](double x) { return x > 0; });
    return false;
}

void check(const Json& m, const std::string& output) {
    std::size_t ok = 0, failed = 0;
    for (const auto& row : m["plots"]) {
        const std::string dataset = row["dataset"].get<std::string>();
        SCOPED_TRACE(dataset);
        const std::string status = row["status"].get<std::string>();
        ASSERT_TRUE(status == "ok" || status == "failed") << row.dump();
        if (status == "ok") {
            ++ok;
            EXPECT_EQ(row["outputs"].size(), 1U) << row.dump();
            EXPECT_TRUE(std::isfinite(row["vmin"].get<double>())) << row.dump();
            EXPECT_TRUE(std::isfinite(row["vmax"].get<double>())) << row.dump();
            EXPECT_LT(row["vmin"].get<double>(), row["vmax"].get<double>()) << row.dump();
            continue;
        }
        ++failed;
        const std::string error = row["error"].get<std::string>();
        EXPECT_TRUE(plain(error)) << error;
        EXPECT_TRUE(may_fail(dataset)) << "no plot for " << dataset << ": " << error;
    }
    const std::size_t expected = series().size() * 10 + 15;
    EXPECT_EQ(ok + failed, expected) << output;
    EXPECT_EQ(m["plots"].size(), expected) << output;
}

TEST_F(ExtremeValues, EveryRowIsDrawnOrFailsPlainlyOnOneAndTwoRanks) {
    for (int ranks : {1, 2}) {
        SCOPED_TRACE("ranks " + std::to_string(ranks));
        const Run r = run(ranks);
        std::printf("%d rank(s): exit %d in %.1f s\n", ranks, r.exit_code, r.seconds);
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << "\n" << r.output;
        EXPECT_LT(r.seconds, kTimeLimitSeconds);
        ASSERT_TRUE(fs::exists(dir_ / ("out_n" + std::to_string(ranks)) / "manifest.json"))
            << r.output;
        check(manifest(ranks), r.output);
        EXPECT_EQ(r.output.find("nice_ticks"), std::string::npos) << r.output;
    }
}

}  // namespace
