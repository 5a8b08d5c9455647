// A line far longer than a plot needs (40 million float64, 320 MB) is read in chunks and
// reduced as it streams: it draws, and the process never holds the data.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_command.hpp"

namespace fs = std::filesystem;
using plotcluster::test::MeasuredRun;
using plotcluster::test::run_measured;

namespace {

// Writes a line of `points` values under dir/NAME.h5 and draws it; the run's peak RSS.
MeasuredRun draw_line(const fs::path& dir, const std::string& name, long points) {
    EXPECT_EQ(run_measured({PLOTCLUSTER_SAMPLE_DATA, "--long-line", (dir / (name + ".h5")).string(),
                            "--long-points", std::to_string(points)})
                  .exit_code,
              0);
    std::ofstream(dir / (name + ".yaml")) << "input: {files: [" << name << ".h5]}\n"
                                          << "output: {dir: " << name << "_out}\n"
                                             "plots:\n  - {match: \"/long/*\", kind: line}\n";
    const MeasuredRun r = run_measured({PLOTCLUSTER_BIN, (dir / (name + ".yaml")).string()});
    EXPECT_EQ(r.exit_code, 0);
    return r;
}

TEST(LongLine, StreamsWithBoundedMemory) {
    const fs::path dir = plotcluster::test::fresh_dir("long-line");
    constexpr long points = 40'000'000;
    // The same program drawing a short line: what the process holds whatever the data
    // (libraries, font, canvas; under the sanitizers their shadow memory and leak check).
    const MeasuredRun base = draw_line(dir, "short", 1000);
    const MeasuredRun r = draw_line(dir, "long", points);
    ASSERT_EQ(r.exit_code, 0);
    std::ifstream in(dir / "long_out" / "manifest.json");
    const auto manifest = nlohmann::json::parse(in);
    ASSERT_EQ(manifest["plots"].size(), 1u);
    const auto& row = manifest["plots"][0];
    EXPECT_EQ(row["status"], "ok") << row.dump();
    EXPECT_EQ(row["ignored"], 0);
    EXPECT_NEAR(row["vmax"].get<double>(), 1.2, 0.01);  // the wave's extremes survive the reduction
    EXPECT_NEAR(row["vmin"].get<double>(), -1.2, 0.01);
    EXPECT_TRUE(fs::exists(dir / "long_out" / "long" / "long" / "signal.png"));
    // Reading it whole would take 320 MB for the values alone; streamed, the long line
    // costs at most a few chunk buffers (8 MiB each) more than the short one.
    const long data_kib = points * 8 / 1024;
    const long more_kib = r.max_rss_kib - base.max_rss_kib;
    std::printf("peak RSS %ld KiB (a 1000-point line: %ld KiB) for %ld KiB of data\n",
                r.max_rss_kib, base.max_rss_kib, data_kib);
    EXPECT_LT(more_kib, data_kib / 8);
    fs::remove_all(dir);
}

}  // namespace
