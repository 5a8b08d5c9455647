// Checks a run with catch-all rules over files shaped like our users' (written by
// tests/fixtures/real_world.py, which also writes expected.json: what netCDF4-python
// decodes, which rows must fail and why):
//   test_real_world --gtest_filter=RealWorld.*  DATA_DIR OUT_DIR [OUT_DIR...]
// Every input file is accounted for, every dataset is a row (ok, or failed with a reason
// that says something), nothing is drawn with wrong numbers, and the bytes are the same
// on every rank count.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string data_dir;
std::vector<std::string> out_dirs;

json load(const fs::path& file) {
    std::ifstream in(file);
    EXPECT_TRUE(in.good()) << "cannot read " << file;
    return in.good() ? json::parse(in) : json::object();
}

using Key = std::pair<std::string, std::string>;  // (file name, dataset)

struct RunRows {
    std::map<Key, json> rows;
    std::set<std::string> files;  // every file a row or an unmatched dataset names
};

RunRows load_run(const std::string& out) {
    RunRows run;
    const json manifest = load(fs::path(out) / "manifest.json");
    for (const auto& row : manifest["plots"]) {
        const std::string file = fs::path(row["file"].get<std::string>()).filename().string();
        run.rows[{file, row["dataset"].get<std::string>()}] = row;
        run.files.insert(file);
    }
    for (const auto& u : manifest["unmatched"])
        run.files.insert(fs::path(u["file"].get<std::string>()).filename().string());
    return run;
}

std::string error_of(const json& row) {
    return row["error"].is_string() ? row["error"].get<std::string>() : std::string();
}

const json* row_of(const RunRows& run, const std::string& file, const std::string& dataset) {
    const auto it = run.rows.find({file, dataset});
    return it == run.rows.end() ? nullptr : &it->second;
}

void expect_close(double got, double want, const std::string& what) {
    EXPECT_LE(std::abs(got - want), 1e-5 * std::max(1.0, std::abs(want)))
        << what << ": " << got << ", netCDF4-python decodes " << want;
}

// A decoded variable's row: drawn, its value range and masked count as netCDF4-python's.
void expect_decoded(const RunRows& run, const std::string& file, const std::string& dataset,
                    const json& want) {
    const json* row = row_of(run, file, dataset);
    ASSERT_NE(row, nullptr) << file << ':' << dataset << " has no row";
    ASSERT_EQ((*row)["status"], "ok") << file << ':' << dataset << ": " << error_of(*row);
    expect_close((*row)["vmin"].get<double>(), want["min"].get<double>(), dataset + " vmin");
    expect_close((*row)["vmax"].get<double>(), want["max"].get<double>(), dataset + " vmax");
    EXPECT_EQ((*row)["ignored"].get<std::uint64_t>(), want["masked"].get<std::uint64_t>())
        << dataset << ": masked values";
    ASSERT_TRUE(row->contains("decoded")) << dataset << ": the row does not say what was decoded";
    EXPECT_FALSE((*row)["decoded"].empty()) << dataset;
}

class RealWorld : public ::testing::TestWithParam<std::string> {};

TEST_P(RealWorld, EveryInputFileIsAccountedFor) {
    const RunRows run = load_run(GetParam());
    for (const auto& entry : fs::directory_iterator(data_dir)) {
        const std::string name = entry.path().filename().string();
        if (name == "expected.json" || entry.is_directory()) continue;
        EXPECT_TRUE(run.files.count(name)) << name << " is in neither the rows nor unmatched";
    }
}

TEST_P(RealWorld, EveryFailedRowSaysWhy) {
    const RunRows run = load_run(GetParam());
    ASSERT_FALSE(run.rows.empty());
    for (const auto& [key, row] : run.rows) {
        if (row["status"] == "ok") continue;
        const std::string why = error_of(row);
        EXPECT_FALSE(why.empty()) << key.first << ':' << key.second;
        for (const char* vague : {"unknown HDF5 error", "nice_ticks", "can't read data"})
            EXPECT_EQ(why.find(vague), std::string::npos) << key.first << ':' << key.second << ": " << why;
    }
}

TEST_P(RealWorld, RowsAreAsExpected) {
    const RunRows run = load_run(GetParam());
    const json expected = load(fs::path(data_dir) / "expected.json");
    for (const auto& [file, want] : expected.items()) {
        // Named: items() of a temporary would dangle.
        const json ok = want.value("ok", json::array());
        const json failed = want.value("failed", json::object());
        const json absent = want.value("absent", json::array());
        const json decoded = want.value("decoded", json::object());
        const json sliced = want.value("sliced", json::object());
        for (const auto& ds : ok) {
            const json* row = row_of(run, file, ds.get<std::string>());
            ASSERT_NE(row, nullptr) << file << ':' << ds << " has no row";
            EXPECT_EQ((*row)["status"], "ok") << file << ':' << ds << ": " << error_of(*row);
        }
        for (const auto& [ds, reason] : failed.items()) {
            const json* row = row_of(run, file, ds);
            ASSERT_NE(row, nullptr) << file << ':' << ds << " has no row";
            EXPECT_EQ((*row)["status"], "failed") << file << ':' << ds;
            EXPECT_NE(error_of(*row).find(reason.get<std::string>()), std::string::npos)
                << file << ':' << ds << ": '" << error_of(*row) << "' does not say " << reason;
        }
        for (const auto& ds : absent) {
            EXPECT_EQ(row_of(run, file, ds.get<std::string>()), nullptr)
                << file << ':' << ds << " is drawn twice (it is another path to a dataset drawn already)";
        }
        if (want.contains("file")) {
            const json* row = row_of(run, file, "/");
            ASSERT_NE(row, nullptr) << file << " has no file-level row";
            EXPECT_EQ((*row)["status"], "failed");
            EXPECT_NE(error_of(*row).find(want["file"].get<std::string>()), std::string::npos)
                << file << ": '" << error_of(*row) << "' does not say " << want["file"];
        }
        for (const auto& [ds, values] : decoded.items()) expect_decoded(run, file, ds, values);
        for (const auto& [ds, values] : sliced.items()) expect_decoded(run, file, ds, values);
    }
}

TEST_P(RealWorld, SameBytesAsTheFirstRun) {
    const RunRows first = load_run(out_dirs.front());
    const RunRows run = load_run(GetParam());
    ASSERT_EQ(run.rows.size(), first.rows.size());
    for (const auto& [key, row] : first.rows) {
        const auto it = run.rows.find(key);
        ASSERT_NE(it, run.rows.end()) << key.first << ':' << key.second;
        EXPECT_EQ(it->second["status"], row["status"]) << key.first << ':' << key.second;
        EXPECT_EQ(it->second["outputs"], row["outputs"]) << key.first << ':' << key.second;
    }
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Runs, RealWorld, ::testing::ValuesIn(out_dirs));

int main(int argc, char** argv) {
    // The folders first: the parameterized tests are made from them in InitGoogleTest.
    std::vector<std::string> dirs;
    for (int i = 1; i < argc; ++i)
        if (!std::string(argv[i]).starts_with("--gtest")) dirs.emplace_back(argv[i]);
    if (dirs.size() < 2) {
        std::fprintf(stderr, "usage: test_real_world DATA_DIR OUT_DIR [OUT_DIR...]\n");
        return 2;
    }
    data_dir = dirs.front();
    out_dirs.assign(dirs.begin() + 1, dirs.end());
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
