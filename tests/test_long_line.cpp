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

TEST(LongLine, StreamsWithBoundedMemory) {
    const fs::path dir = plotcluster::test::fresh_dir("long-line");
    constexpr long points = 40'000'000;
    ASSERT_EQ(run_measured({PLOTCLUSTER_SAMPLE_DATA, "--long-line", (dir / "long.h5").string(), "--long-points",
                   std::to_string(points)})
                  .exit_code,
              0);
    std::ofstream(dir / "long.yaml") << "input: {files: [long.h5]}\n"
                                        "output: {dir: out}\n"
                                        "plots:\n  - {match: \"/long/*\", kind: line}\n";
    const MeasuredRun r = run_measured({PLOTCLUSTER_BIN, (dir / "long.yaml").string()});
    ASSERT_EQ(r.exit_code, 0);
    std::ifstream in(dir / "out" / "manifest.json");
    const auto manifest = nlohmann::json::parse(in);
    ASSERT_EQ(manifest["plots"].size(), 1u);
    const auto& row = manifest["plots"][0];
    EXPECT_EQ(row["status"], "ok") << row.dump();
    EXPECT_EQ(row["ignored"], 0);
    EXPECT_NEAR(row["vmax"].get<double>(), 1.2, 0.01);  // the wave's extremes survive the reduction
    EXPECT_NEAR(row["vmin"].get<double>(), -1.2, 0.01);
    EXPECT_TRUE(fs::exists(dir / "out" / "long" / "long" / "signal.png"));
    // Reading it whole would take 320 MB for the values alone.
    const long data_kib = points * 8 / 1024;
    std::printf("peak RSS %ld KiB for %ld KiB of data\n", r.max_rss_kib, data_kib);
    EXPECT_LT(r.max_rss_kib, data_kib / 2);
    fs::remove_all(dir);
}

}  // namespace
