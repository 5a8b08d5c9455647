// Files from instruments, through the command line: netCDF/CF packing and missing values
// decoded (the manifest row says how; vmin/vmax in physical units; masked values counted
// in `ignored`; `decode: false` draws the stored numbers), a filter that is not installed
// named before and during the run, and Latin-1 units drawn as µm.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/h5_writer.hpp"
#include "support/run_command.hpp"

namespace fs = std::filesystem;
using plotcluster::test::fresh_dir;
using plotcluster::test::H5Writer;
using plotcluster::test::quoted;
using plotcluster::test::run_command;

namespace {

const std::string bin = PLOTCLUSTER_BIN;

fs::path fixtures() {
    const char* dir = std::getenv("PLOTCLUSTER_CF_FIXTURES");
    return dir == nullptr ? fs::path() : fs::path(dir);
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

nlohmann::json manifest(const fs::path& dir) {
    return nlohmann::json::parse(slurp(dir / "out" / "manifest.json"));
}

const nlohmann::json* row(const nlohmann::json& m, const std::string& dataset) {
    for (const auto& r : m["plots"])
        if (r["dataset"] == dataset) return &r;
    return nullptr;
}

// A config drawing cf.nc's datasets; `decode` is the rules' setting ("" leaves the default).
std::string cf_config(const std::string& decode) {
    const std::string d = decode.empty() ? "" : "    decode: " + decode + "\n";
    return "input:\n  files: [\"cf.nc\"]\n"
           "output:\n  dir: out\n  formats: [png]\n  gallery: false\n"
           "figure:\n  width: 320\n  height: 240\n"
           "plots:\n"
           "  - match: \"/cloud_top_height\"\n    kind: heatmap\n" + d +
           "  - match: \"/temperature\"\n    kind: heatmap\n" + d +
           "  - match: \"/land_mask\"\n    kind: heatmap\n" + d +
           "  - match: \"/ratio\"\n    kind: line\n" + d +
           "  - match: \"/long_packed\"\n    kind: line\n" + d;
}

// What netCDF4-python decoded: the range of the values it kept, and how many it masked
// (or holds as NaN).
struct Reference {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    std::uint64_t missing = 0;
};

Reference reference(const std::string& name) {
    const auto all = nlohmann::json::parse(slurp(fixtures() / "cf_expected.json"));
    Reference r;
    for (const auto& v : all.at(name)["values"]) {
        if (!v.is_number()) {
            ++r.missing;
            continue;
        }
        r.lo = std::min(r.lo, v.get<double>());
        r.hi = std::max(r.hi, v.get<double>());
    }
    return r;
}

using Names = std::vector<std::string>;

TEST(CfFiles, RowsSayWhatWasDecodedAndAreInPhysicalUnits) {
    ASSERT_FALSE(fixtures().empty()) << "PLOTCLUSTER_CF_FIXTURES is not set";
    const fs::path dir = fresh_dir("cf_decoded");
    fs::copy_file(fixtures() / "cf.nc", dir / "cf.nc");
    write_text(dir / "c.yaml", cf_config(""));
    const auto run = run_command("cd " + quoted(dir.string()) + " && " + quoted(bin) + " c.yaml");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto m = manifest(dir);
    struct Case {
        std::string name;
        Names decoded;
    };
    for (const Case& c : {Case{"cloud_top_height", {"_Unsigned", "_FillValue", "valid_range", "scale_factor"}},
                          Case{"temperature", {"_FillValue", "scale_factor", "add_offset"}},
                          Case{"land_mask", {"missing_value", "_FillValue (netCDF default)"}},
                          Case{"ratio", {"_FillValue", "valid_min", "valid_max"}},
                          Case{"long_packed", {"_FillValue", "scale_factor", "add_offset"}}}) {
        const nlohmann::json* r = row(m, "/" + c.name);
        ASSERT_NE(r, nullptr) << c.name;
        EXPECT_EQ((*r)["status"], "ok") << c.name << ": " << (*r)["error"];
        EXPECT_EQ((*r)["decoded"].get<Names>(), c.decoded) << c.name;
        const Reference want = reference(c.name);
        EXPECT_EQ((*r)["ignored"].get<std::uint64_t>(), want.missing) << c.name;
        if (c.name == "ratio" || c.name == "long_packed") continue;  // a line's y range is padded
        const double tolerance = 1e-6 * std::max(1.0, std::fabs(want.hi));
        EXPECT_NEAR((*r)["vmin"].get<double>(), want.lo, tolerance) << c.name;
        EXPECT_NEAR((*r)["vmax"].get<double>(), want.hi, tolerance) << c.name;
    }
    // The GOES-16 height: metres, 0 to 20 km, not the stored -32768..32767.
    const nlohmann::json* height = row(m, "/cloud_top_height");
    EXPECT_GE((*height)["vmin"].get<double>(), 0.0);
    EXPECT_LT((*height)["vmax"].get<double>(), 20000.0);
}

TEST(CfFiles, DecodeFalseDrawsTheStoredNumbers) {
    ASSERT_FALSE(fixtures().empty()) << "PLOTCLUSTER_CF_FIXTURES is not set";
    const fs::path dir = fresh_dir("cf_raw");
    fs::copy_file(fixtures() / "cf.nc", dir / "cf.nc");
    write_text(dir / "c.yaml", cf_config("false"));
    const auto run = run_command("cd " + quoted(dir.string()) + " && " + quoted(bin) + " c.yaml");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto m = manifest(dir);
    const nlohmann::json* height = row(m, "/cloud_top_height");
    ASSERT_NE(height, nullptr);
    EXPECT_TRUE((*height)["decoded"].empty());
    EXPECT_EQ((*height)["vmin"], -32768.0);
    EXPECT_EQ((*height)["vmax"], 32767.0);
    EXPECT_EQ((*height)["ignored"], 0);
    const nlohmann::json* mask = row(m, "/land_mask");
    EXPECT_EQ((*mask)["vmin"], -128.0);  // -100 and -127 are data now
    EXPECT_EQ((*mask)["ignored"], 0);
    EXPECT_TRUE((*row(m, "/long_packed"))["decoded"].empty());
}

TEST(CfFiles, FilterThatIsNotInstalledIsNamedBeforeAndInTheRun) {
    const fs::path dir = fresh_dir("cf_filter");
    // Written with a pass-through filter registered in this process only; the program,
    // another process, does not have it.
    plotcluster::test::register_pass_through_filter(256, "plotcluster-pass-through");
    {
        H5Writer w(dir / "f.h5");
        w.write_filtered("/data/needs_filter", {1, 2, 3, 4}, 256);
        w.write_filtered("/data/lz4", {1, 2, 3, 4}, 32004);
        w.write("/data/plain", {4}, {1.0, 2.0, 3.0, 4.0});
        w.close();
    }
    plotcluster::test::unregister_filter(256);
    write_text(dir / "c.yaml",
               "input:\n  files: [\"f.h5\"]\noutput:\n  dir: out\n  formats: [png]\n"
               "plots:\n  - match: \"/data/*\"\n    kind: line\n");
    const std::string why =
        "dataset uses HDF5 filter 256 (plotcluster-pass-through), which is not installed (HDF5_PLUGIN_PATH";
    const std::string cd = "cd " + quoted(dir.string()) + " && env -u HDF5_PLUGIN_PATH " + quoted(bin);
    const auto list = run_command(cd + " --list c.yaml");
    EXPECT_EQ(list.exit_code, 0) << list.output;
    EXPECT_NE(list.output.find("! " + why + " unset; plugins searched in /"), std::string::npos)
        << list.output;
    const auto dry = run_command(cd + " --dry-run c.yaml");
    EXPECT_EQ(dry.exit_code, 0) << dry.output;
    EXPECT_NE(dry.output.find("1 of them fail before drawing"), std::string::npos) << dry.output;
    EXPECT_NE(dry.output.find("/data/needs_filter: " + why), std::string::npos) << dry.output;
    const auto run = run_command(cd + " c.yaml");
    EXPECT_EQ(run.exit_code, 1) << run.output;
    const auto m = manifest(dir);
    const nlohmann::json* failed = row(m, "/data/needs_filter");
    ASSERT_NE(failed, nullptr);
    EXPECT_EQ((*failed)["status"], "failed");
    EXPECT_NE((*failed)["error"].get<std::string>().find(why), std::string::npos) << *failed;
    EXPECT_EQ((*row(m, "/data/lz4"))["status"], "ok");  // Debian's hdf5-filter-plugin
    EXPECT_EQ((*row(m, "/data/plain"))["status"], "ok");
    // With HDF5_PLUGIN_PATH set, the message says its value.
    const auto set = run_command("cd " + quoted(dir.string()) + " && HDF5_PLUGIN_PATH=/nowhere " +
                                 quoted(bin) + " --list c.yaml");
    EXPECT_NE(set.output.find(why + "=/nowhere)"), std::string::npos) << set.output;
}

TEST(CfFiles, Latin1UnitsAreDrawnAsMicrometres) {
    const fs::path dir = fresh_dir("cf_latin1");
    {
        H5Writer w(dir / "f.h5");
        w.write("/latin1/size", {3}, {1.0, 2.0, 3.0});
        w.attr_bytes("/latin1/size", "units", "\xb5m", false, false);  // b"\xb5m", as h5py's np.bytes_
        w.write("/typed/size", {3}, {1.0, 2.0, 3.0});
        w.close();
    }
    // The same figure, once labelled from the Latin-1 attribute and once from the UTF-8
    // text "size [µm]" typed into the config: the SVGs must be the same.
    write_text(dir / "c.yaml",
               "input:\n  files: [\"f.h5\"]\noutput:\n  dir: out\n  formats: [svg]\n  gallery: false\n"
               "plots:\n"
               "  - match: \"/latin1/size\"\n    kind: line\n    title: \"size\"\n"
               "  - match: \"/typed/size\"\n    kind: line\n    title: \"size\"\n"
               "    y_label: \"size [\xc2\xb5m]\"\n");
    const auto run = run_command("cd " + quoted(dir.string()) + " && " + quoted(bin) + " c.yaml");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto m = manifest(dir);
    const auto svg = [&](const std::string& dataset) {
        return slurp(dir / "out" / (*row(m, dataset))["outputs"][0]["path"].get<std::string>());
    };
    const std::string latin1 = svg("/latin1/size");
    ASSERT_NE(latin1.find("</svg>"), std::string::npos);
    EXPECT_EQ(latin1, svg("/typed/size"));
    // And not what the replacement character draws.
    write_text(dir / "c.yaml",
               "input:\n  files: [\"f.h5\"]\noutput:\n  dir: out\n  formats: [svg]\n  gallery: false\n"
               "plots:\n  - match: \"/typed/size\"\n    kind: line\n    title: \"size\"\n"
               "    y_label: \"size [\xef\xbf\xbdm]\"\n");
    ASSERT_EQ(run_command("cd " + quoted(dir.string()) + " && " + quoted(bin) + " --force c.yaml")
                  .exit_code, 0);
    EXPECT_NE(latin1, svg("/typed/size"));
}

TEST(CfFiles, LongLinesReadInChunksAreDecodedToo) {
    const fs::path dir = fresh_dir("cf_long");
    // More than the 2^22 values above which a line is streamed (app/renderer.cpp).
    const std::size_t n = 5'000'000;
    std::vector<std::int16_t> raw(n);
    std::uint64_t fills = 0;
    for (std::size_t i = 0; i < n; ++i) {
        raw[i] = static_cast<std::int16_t>(static_cast<int>(i % 2000) - 1000);
        if (i % 1000 == 7) {
            raw[i] = -32768;
            ++fills;
        }
    }
    {
        H5Writer w(dir / "long.h5");
        w.write("/packed", {n}, raw);
        w.attr("/packed", "_FillValue", -32768.0);
        w.attr("/packed", "scale_factor", 0.5);
        w.close();
    }
    write_text(dir / "c.yaml",
               "input:\n  files: [\"long.h5\"]\noutput:\n  dir: out\n  formats: [png]\n  gallery: false\n"
               "plots:\n  - match: \"/packed\"\n    kind: line\n    limits: auto\n");
    const auto run = run_command("cd " + quoted(dir.string()) + " && " + quoted(bin) + " c.yaml");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto m = manifest(dir);
    const nlohmann::json* r = row(m, "/packed");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ((*r)["decoded"].get<Names>(), (Names{"_FillValue", "scale_factor"}));
    EXPECT_EQ((*r)["ignored"].get<std::uint64_t>(), fills);
    // Half the stored numbers: within [-500, 499.5], padded a little; never -16384.
    EXPECT_GT((*r)["vmin"].get<double>(), -600.0);
    EXPECT_LT((*r)["vmax"].get<double>(), 600.0);
}

}  // namespace
