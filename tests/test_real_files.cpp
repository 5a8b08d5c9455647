// Real files from instruments and simulations, through the command line on 1 and 2 ranks
// (argv[1]): unreadable input files among good ones, external links (NeXus-like master
// files), a dataset reached by two paths, a virtual dataset with a missing source. Each
// bad thing is a failed row saying why; everything readable is drawn; the run exits 1.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/h5_writer.hpp"
#include "support/run_command.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::json;
using plotcluster::test::H5Writer;
using plotcluster::test::quoted;
using plotcluster::test::run_command;

namespace {

int ranks = 1;

std::vector<double> ramp(std::size_t n) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<double>(i % 17);
    return v;
}

class RealFiles : public plotcluster::test::ScratchDirTest {
protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        fs::create_directories(dir_ / "in");
        for (const char* name : {"good_a.h5", "good_b.h5"}) {
            H5Writer w(in(name));
            w.write("/signal", {50}, ramp(50));
            w.close();
        }
        {
            H5Writer w(in("full.tmp"));
            w.write("/x", {20000}, ramp(20000));
            w.close();
        }
        std::ifstream full(in("full.tmp"), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(full)), {});
        std::ofstream(in("truncated.h5"), std::ios::binary).write(bytes.data(), 100000);
        fs::remove(in("full.tmp"));
        plotcluster::test::write_left_open(in("open.h5"));
        plotcluster::test::write_netcdf3(in("classic.nc"), 1);

        {
            H5Writer w(in("det_000001.h5"));
            w.write("/entry/data/data", {40}, ramp(40));
            w.close();
        }
        {
            H5Writer w(in("master.h5"));
            w.group("/entry/data");
            w.attr("/entry/data", "NX_class", "NXdata");
            w.attr("/entry/data", "signal", "data");
            w.external_link("/entry/data/data", "det_000001.h5", "/entry/data/data");
            w.close();
        }
        {
            H5Writer w(in("dangling.h5"));
            w.external_link("/entry/data/data", "det_000002.h5", "/entry/data/data");
            w.close();
        }
        {
            H5Writer w(in("twopaths.h5"));
            w.write("/entry/instrument/detector/data", {30}, ramp(30));
            w.soft_link("/entry/plot/data", "/entry/instrument/detector/data");
            w.close();
        }
        {
            H5Writer w(in("src_0.h5"));
            w.write("/data", {8}, ramp(8));
            w.close();
        }
        {
            H5Writer w(in("vds.h5"));
            w.write_virtual_rows("/v", {{"src_0.h5", "/data"}, {"src_1.h5", "/data"}}, 8, -1);
            w.close();
        }
    }

    std::string in(const std::string& name) const { return (dir_ / "in" / name).string(); }

    // Runs plotcluster on `files` (names in in/) with `extra` input keys, into out/.
    plotcluster::test::CommandResult run(const std::vector<std::string>& files,
                                         const std::string& extra = "",
                                         const std::string& flags = "") {
        std::string list;
        for (const auto& f : files) list += (list.empty() ? "\"in/" : ", \"in/") + f + "\"";
        std::ofstream(dir_ / "c.yaml")
            << "input:\n  files: [" << list << "]\n" << extra
            << "output:\n  dir: out\nfigure:\n  width: 160\n  height: 120\nplots:\n"
               "  - {match: \"/v\", kind: heatmap}\n  - {match: \"/**\", kind: line}\n";
        return run_command(std::string(PLOTCLUSTER_MPIRUN) + " -n " + std::to_string(ranks) + " " +
                           PLOTCLUSTER_BIN + " " + flags + " " + quoted((dir_ / "c.yaml").string()) +
                           " 2>&1");
    }

    // Manifest rows by "file name:dataset".
    std::map<std::string, Json> rows() const {
        std::ifstream in(dir_ / "out" / "manifest.json");
        const Json m = Json::parse(in);
        std::map<std::string, Json> out;
        for (const auto& row : m["plots"]) {
            const std::string key = fs::path(row["file"].get<std::string>()).filename().string() +
                                    ":" + row["dataset"].get<std::string>();
            EXPECT_TRUE(out.emplace(key, row).second) << "two rows for " << key;
        }
        return out;
    }

    void expect_failed(const std::map<std::string, Json>& all, const std::string& key,
                       const std::string& reason) {
        ASSERT_TRUE(all.count(key)) << key;
        const Json& row = all.at(key);
        EXPECT_EQ(row["status"], "failed") << key;
        EXPECT_NE(row["error"].get<std::string>().find(reason), std::string::npos)
            << key << ": " << row["error"];
    }

    void expect_drawn(const std::map<std::string, Json>& all, const std::string& key) {
        ASSERT_TRUE(all.count(key)) << key;
        const Json& row = all.at(key);
        EXPECT_EQ(row["status"], "ok") << key << ": " << row.dump();
        ASSERT_FALSE(row["outputs"].empty()) << key;
        EXPECT_TRUE(fs::is_regular_file(dir_ / "out" / row["outputs"][0]["path"].get<std::string>()))
            << key;
    }
};

const std::vector<std::string> all_files = {
    "good_a.h5", "good_b.h5", "truncated.h5", "open.h5", "classic.nc",
    "master.h5", "dangling.h5", "twopaths.h5", "vds.h5"};

TEST_F(RealFiles, EveryReadableFileIsDrawnAndEveryProblemIsAFailedRowSayingWhy) {
    const auto r = run(all_files);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    const auto all = rows();
    expect_drawn(all, "good_a.h5:/signal");
    expect_drawn(all, "good_b.h5:/signal");
    expect_failed(all, "truncated.h5:/", "truncated file: eof = 100000, stored_eof = ");
    expect_failed(all, "open.h5:/", "file is already open for write");
    expect_failed(all, "classic.nc:/", "not an HDF5 file (netCDF-3 classic format)");
    // Drawn through the external link, as the master's dataset.
    expect_drawn(all, "master.h5:/entry/data/data");
    expect_failed(all, "dangling.h5:/entry/data/data",
                  "external link to 'det_000002.h5:/entry/data/data': file 'det_000002.h5' not "
                  "found (looked in '" + (dir_ / "in").string() + "'");
    // One dataset, two paths: one row.
    expect_drawn(all, "twopaths.h5:/entry/instrument/detector/data");
    EXPECT_FALSE(all.count("twopaths.h5:/entry/plot/data"));
    expect_failed(all, "vds.h5:/v", "virtual dataset source missing: file 'src_1.h5' not found");
    EXPECT_EQ(all.size(), 9U);
    for (const auto& [key, row] : all) EXPECT_NE(row["error"], "unknown HDF5 error") << key;
}

TEST_F(RealFiles, VirtualMissingFillDrawsHdf5sFillValue) {
    const auto r = run({"vds.h5", "good_a.h5"}, "  virtual_missing: fill\n");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    expect_drawn(rows(), "vds.h5:/v");
}

TEST_F(RealFiles, ListShowsLinksAsLinksWithTheirTargets) {
    if (ranks != 1) GTEST_SKIP() << "--list runs on rank 0 alone";
    const auto r = run({"master.h5", "dangling.h5", "twopaths.h5", "vds.h5"}, "", "--list");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const std::string shown :
         {"external -> det_000001.h5:/entry/data/data", "soft -> /entry/instrument/detector/data",
          "= /entry/instrument/detector/data", "file 'det_000002.h5' not found",
          "file 'src_1.h5' not found", "1 alias or unfollowed link"})
        EXPECT_NE(r.output.find(shown), std::string::npos) << shown << " not in:\n" << r.output;
}

TEST_F(RealFiles, FollowLinksFalseListsButDoesNotDrawExternalLinks) {
    const auto r = run({"master.h5", "good_a.h5"}, "  follow_links: false\n");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto all = rows();
    expect_drawn(all, "good_a.h5:/signal");
    EXPECT_FALSE(all.count("master.h5:/entry/data/data"));
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc > 1) ranks = std::stoi(argv[1]);
    return RUN_ALL_TESTS();
}
