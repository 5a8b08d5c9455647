#include "plotcluster/record/manifest.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace plotcluster {
namespace {

using nlohmann::json;

// Parsing into ordered_json keeps the keys in file order, so the order can be asserted.
std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : object.items()) keys.push_back(key);
    return keys;
}

ManifestHeader sample_header() {
    return {"0.1.0", std::string(64, 'c'), 4, "2026-11-22T21:04:05Z", 12.5, {1.0, 11.0, 0.5}};
}

PlotRecord ok_record() {
    PlotRecord rec;
    rec.file = "run_0000.h5";
    rec.dataset = "/fields/density";
    rec.kind = "heatmap";
    rec.shape = {120, 160};
    rec.dtype = "float64";
    rec.rank = 3;
    rec.render_ms = 12.34567;
    rec.timing = {0.5, 3.0, 5.0, 0.75, 1.25};
    rec.outputs = {{"png", "run_0000/fields/density.png", 4096, std::string(64, 'a')}};
    rec.thumbnail =
        OutputFile{"png", ".thumbnails/run_0000/fields/density.png", 512, std::string(64, 'b')};
    rec.axes = {{{"x [m]", -0.5, 159.5, "linear"},
                 {"y [m]", -0.5, 119.5, "linear"},
                 DrawnAxis{"density [kg m^-3]", 1e-3, 10, "log"}}};
    return rec;
}

PlotRecord failed_record() {
    PlotRecord rec;
    rec.file = "run_0001.h5";
    rec.dataset = "/timeseries/energy";
    rec.kind = "line";
    rec.shape = {2000};
    rec.dtype = "int32 (big-endian)";
    rec.status = PlotStatus::failed;
    rec.error = "[HDF5] cannot read dataset";
    return rec;
}

TEST(ManifestJson, HasEveryFieldInDocumentedOrder) {
    const std::string text =
        manifest_json(sample_header(), {ok_record(), failed_record()}, {{"run_0000.h5", "/x"}});
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    EXPECT_NE(text.find("\n  \"version\""), std::string::npos) << "2-space indent";

    const auto j = nlohmann::ordered_json::parse(text);
    EXPECT_EQ(keys_of(j), (std::vector<std::string>{"version", "config_sha256", "ranks", "started",
                                                    "seconds", "phases_s", "complete", "remaining",
                                                    "plots", "unmatched"}));
    EXPECT_EQ(j["version"], "0.1.0");
    EXPECT_EQ(j["config_sha256"], std::string(64, 'c'));
    EXPECT_EQ(j["ranks"], 4);
    EXPECT_EQ(j["started"], "2026-11-22T21:04:05Z");
    EXPECT_DOUBLE_EQ(j["seconds"].get<double>(), 12.5);
    EXPECT_EQ(keys_of(j["phases_s"]), (std::vector<std::string>{"setup", "draw", "collect"}));
    EXPECT_DOUBLE_EQ(j["phases_s"]["draw"].get<double>(), 11.0);

    ASSERT_EQ(j["plots"].size(), 2u);
    const auto& ok = j["plots"][0];
    EXPECT_EQ(keys_of(ok),
              (std::vector<std::string>{"file", "dataset", "kind", "rule", "frame", "shape", "dtype", "status",
                                        "error", "rank", "render_ms", "timing_ms", "vmin", "vmax",
                                        "ignored", "axes", "decoded", "notes", "reused", "outputs",
                                        "thumbnail"}));
    EXPECT_EQ(ok["file"], "run_0000.h5");
    EXPECT_EQ(ok["dataset"], "/fields/density");
    EXPECT_EQ(ok["kind"], "heatmap");
    EXPECT_TRUE(ok["shape"].is_array());
    EXPECT_TRUE(ok["shape"][0].is_number_unsigned());
    EXPECT_EQ(ok["shape"], nlohmann::ordered_json::array({120, 160}));
    EXPECT_EQ(ok["dtype"], "float64");
    EXPECT_EQ(ok["status"], "ok");
    EXPECT_TRUE(ok["error"].is_null());
    EXPECT_EQ(ok["rank"], 3);
    EXPECT_DOUBLE_EQ(ok["render_ms"].get<double>(), 12.346);
    EXPECT_EQ(keys_of(ok["timing_ms"]),
              (std::vector<std::string>{"read", "draw", "encode", "write", "thumbnail"}));
    EXPECT_DOUBLE_EQ(ok["timing_ms"]["encode"].get<double>(), 5.0);
    EXPECT_DOUBLE_EQ(ok["timing_ms"]["thumbnail"].get<double>(), 1.25);
    ASSERT_EQ(ok["outputs"].size(), 1u);
    const auto& out = ok["outputs"][0];
    EXPECT_EQ(keys_of(out), (std::vector<std::string>{"format", "path", "bytes", "sha256"}));
    EXPECT_EQ(out["format"], "png");
    EXPECT_EQ(out["path"], "run_0000/fields/density.png");
    EXPECT_EQ(out["bytes"], 4096);
    EXPECT_EQ(out["sha256"], std::string(64, 'a'));
    EXPECT_EQ(keys_of(ok["thumbnail"]),
              (std::vector<std::string>{"format", "path", "bytes", "sha256"}));
    EXPECT_EQ(ok["thumbnail"]["path"], ".thumbnails/run_0000/fields/density.png");

    ASSERT_EQ(ok["axes"].size(), 1u);
    const auto& axes = ok["axes"][0];
    EXPECT_EQ(keys_of(axes), (std::vector<std::string>{"x", "y", "color"}));
    EXPECT_EQ(keys_of(axes["x"]), (std::vector<std::string>{"label", "lo", "hi", "scale"}));
    EXPECT_EQ(axes["x"]["label"], "x [m]");
    EXPECT_DOUBLE_EQ(axes["x"]["hi"].get<double>(), 159.5);
    EXPECT_DOUBLE_EQ(axes["y"]["lo"].get<double>(), -0.5);
    EXPECT_EQ(axes["color"]["label"], "density [kg m^-3]");
    EXPECT_EQ(axes["color"]["scale"], "log");
    EXPECT_DOUBLE_EQ(axes["color"]["lo"].get<double>(), 1e-3);

    const auto& failed = j["plots"][1];
    EXPECT_EQ(failed["status"], "failed");
    EXPECT_EQ(failed["error"], "[HDF5] cannot read dataset");
    EXPECT_EQ(failed["dtype"], "int32 (big-endian)");
    EXPECT_EQ(failed["shape"], nlohmann::ordered_json::array({2000}));
    EXPECT_TRUE(failed["outputs"].is_array());
    EXPECT_TRUE(failed["outputs"].empty());
    EXPECT_TRUE(failed["thumbnail"].is_null());
    EXPECT_EQ(failed["axes"], nlohmann::ordered_json::array());

    ASSERT_EQ(j["unmatched"].size(), 1u);
    EXPECT_EQ(keys_of(j["unmatched"][0]), (std::vector<std::string>{"file", "dataset"}));
    EXPECT_EQ(j["unmatched"][0]["file"], "run_0000.h5");
    EXPECT_EQ(j["unmatched"][0]["dataset"], "/x");
}

TEST(ManifestJson, EmptyListsAreArrays) {
    const auto j = json::parse(manifest_json(sample_header(), {}, {}));
    EXPECT_TRUE(j["plots"].is_array());
    EXPECT_TRUE(j["unmatched"].is_array());
}

TEST(ManifestJson, InvalidUtf8DoesNotThrow) {
    PlotRecord rec = failed_record();
    rec.error = "cannot open '\xff.h5'";
    const auto j = json::parse(manifest_json(sample_header(), {rec}, {}));
    EXPECT_EQ(j["plots"][0]["error"], "cannot open '\uFFFD.h5'");
}

TEST(DataCsv, HeaderAndPlainRows) {
    EXPECT_EQ(data_csv({ok_record(), failed_record()}),
              "file,dataset,kind,status,FILE\n"
              "run_0000.h5,/fields/density,heatmap,ok,run_0000/fields/density.png\n"
              "run_0001.h5,/timeseries/energy,line,failed,\n");
}

TEST(DataCsv, QuotesAwkwardNames) {
    PlotRecord rec = ok_record();
    rec.file = "a,b.h5";
    rec.dataset = "/say \"hi\"";
    rec.kind = "line\nbreak";
    rec.outputs[0].path = "cr\rhere.png";
    EXPECT_EQ(data_csv({rec}),
              "file,dataset,kind,status,FILE\n"
              "\"a,b.h5\",\"/say \"\"hi\"\"\",\"line\nbreak\",ok,\"cr\rhere.png\"\n");
}

TEST(ManifestOrder, SortsByFileThenDataset) {
    auto make = [](std::string file, std::string dataset, int rank) {
        PlotRecord rec;
        rec.file = std::move(file);
        rec.dataset = std::move(dataset);
        rec.rank = rank;
        return rec;
    };
    std::vector<PlotRecord> recs{make("b.h5", "/a", 0), make("a.h5", "/z", 1),
                                 make("a.h5", "/b", 2), make("b.h5", "/0", 3)};
    std::sort(recs.begin(), recs.end(), manifest_order);
    std::vector<std::string> got;
    got.reserve(recs.size());
    for (const auto& r : recs) got.push_back(r.file + ":" + r.dataset);
    EXPECT_EQ(got, (std::vector<std::string>{"a.h5:/b", "a.h5:/z", "b.h5:/0", "b.h5:/a"}));
    EXPECT_FALSE(manifest_order(recs[0], recs[0])) << "strict weak order";
}

// Several rules and frames of one dataset: one order whatever order the ranks sent them in,
// so the manifest's bytes do not depend on the rank count.
TEST(ManifestOrder, RowsOfOneDatasetGoByRuleThenFrame) {
    auto make = [](std::uint32_t rule, std::optional<std::int64_t> frame) {
        PlotRecord rec;
        rec.file = "a.h5";
        rec.dataset = "/fields/rho";
        rec.rule = rule;
        rec.frame = frame;
        return rec;
    };
    std::vector<PlotRecord> recs{make(1, std::nullopt), make(0, 2), make(0, 10), make(0, 0)};
    std::sort(recs.begin(), recs.end(), manifest_order);
    std::vector<std::string> got;
    got.reserve(recs.size());
    for (const auto& r : recs)
        got.push_back(std::to_string(r.rule) + ":" + (r.frame ? std::to_string(*r.frame) : "-"));
    EXPECT_EQ(got, (std::vector<std::string>{"0:0", "0:2", "0:10", "1:-"}));
}

TEST(ManifestJson, RuleFrameAndNotesAreWritten) {
    PlotRecord rec = ok_record();
    rec.rule = 3;
    rec.frame = 199;
    rec.notes = {"points rasterized in the SVG"};
    const auto j = nlohmann::ordered_json::parse(manifest_json(sample_header(), {rec, ok_record()}, {}));
    EXPECT_EQ(j["plots"][0]["rule"], 3);
    EXPECT_EQ(j["plots"][0]["frame"], 199);
    EXPECT_EQ(j["plots"][0]["notes"], nlohmann::ordered_json::array({"points rasterized in the SVG"}));
    EXPECT_TRUE(j["plots"][1]["frame"].is_null());
    EXPECT_EQ(j["plots"][1]["notes"], nlohmann::ordered_json::array());
}

TEST(WriteManifest, WritesBothFiles) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("plotcluster-manifest-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::vector<PlotRecord> plots{ok_record()};
    write_manifest(dir, sample_header(), plots, {});
    auto slurp = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    EXPECT_EQ(slurp(dir / "manifest.json"), manifest_json(sample_header(), plots, {}));
    EXPECT_EQ(slurp(dir / "data.csv"), data_csv(plots));
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace plotcluster
