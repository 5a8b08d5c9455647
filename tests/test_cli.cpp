// The program as a user runs it (singleton, no mpirun): exit codes, one-line messages,
// failed rows for bad datasets, nothing written outside output.dir.
#include <gtest/gtest.h>

#include <filesystem>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>

#include "support/h5_writer.hpp"
#include "support/run_command.hpp"

namespace fs = std::filesystem;
using plotcluster::test::H5Writer;
using plotcluster::test::fresh_dir;
using plotcluster::test::quoted;
using plotcluster::test::run_command;

namespace {

const std::string bin = PLOTCLUSTER_BIN;

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
}

std::string config(const std::string& files, const std::string& extra_rules = "",
                   const std::string& run = "continue") {
    return "input:\n  files: [\"" + files + "\"]\n"
           "output:\n  dir: out\n"
           "figure:\n  width: 320\n  height: 240\n"
           "plots:\n" + extra_rules +
           "  - match: \"/good/*\"\n    kind: line\n"
           "  - match: \"/bad/*\"\n    kind: line\n"
           "  - match: \"/img/**\"\n    kind: heatmap\n"
           "run:\n  on_error: " + run + "\n";
}

nlohmann::json read_manifest(const fs::path& dir) {
    std::ifstream in(dir / "out" / "manifest.json");
    return nlohmann::json::parse(in);
}

int lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

// The mixed file of BadDatasetsBecomeFailedRowsAndTheRestIsDrawn: 3 ok, 6 failed, 1 unmatched.
void write_mixed(const std::string& path) {
    H5Writer w(path);
    w.write("/good/a", {50}, std::vector<double>(50, 1.5));
    w.write("/good/b", {1, 40}, std::vector<double>(40, 2.0));
    w.write_compound("/bad/compound", 4);
    w.write_vlen_strings("/bad/names", {"x", "y"});
    w.write_scalar("/bad/scalar", 3.0);
    w.write_empty("/bad/empty");
    w.write("/bad/cube", {3, 4, 5}, std::vector<double>(60, 1.0));
    w.write("/bad/nan", {8}, std::vector<double>(8, std::nan("")));
    w.write("/img/<field> & \"co\"", {12, 16}, std::vector<double>(192, 0.25));
    w.write("/other/ignored", {5}, std::vector<double>(5, 1.0));
}

// The number after `prefix` in `text`, -1 when there is none.
long number_after(const std::string& text, const std::string& prefix) {
    const auto at = text.find(prefix);
    return at == std::string::npos ? -1 : std::stol(text.substr(at + prefix.size()));
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(Cli, TypoInConfigKeyExits2WithOneLineNamingKeyAndLine) {
    const auto dir = fresh_dir("cli");
    write_text(dir + "/c.yaml", "input:\n  files: [a.h5]\noutput:\n  dir: out\nplots:\n"
                                "  - match: \"/**\"\n    kind: heatmap\n    colourmap: viridis\n");
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(lines(r.output), 1) << r.output;
    EXPECT_NE(r.output.find("c.yaml:8: plots[0].colourmap: unknown key (did you mean 'colormap'?)"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(dir + "/out"));
}

TEST(Cli, GlobMatchingNothingExits2) {
    const auto dir = fresh_dir("cli");
    write_text(dir + "/c.yaml", config("data/run_*.h5"));
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(lines(r.output), 1) << r.output;
    EXPECT_NE(r.output.find("input.files[0]: 'data/run_*.h5' matches no file"), std::string::npos)
        << r.output;
}

// figure.font is looked up once, before anything is drawn: a font file that cannot be
// loaded stops the job with one line naming the key; a family that is not installed is
// said once, and the plots are drawn with what fontconfig chose.
TEST(Cli, FontIsChosenOnceUpFront) {
    const auto dir = fresh_dir("cli");
    write_mixed(dir + "/mixed.h5");
    // Into the figure section config() writes.
    std::string text = config("mixed.h5");
    text.replace(text.find("figure:\n"), 8, "figure:\n  font: /nonexistent/font.ttf\n");
    write_text(dir + "/bad_font.yaml", text);
    const auto bad = run_command(bin + " " + quoted(dir + "/bad_font.yaml"));
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_EQ(lines(bad.output), 1) << bad.output;
    EXPECT_NE(bad.output.find("figure.font: cannot load font file '/nonexistent/font.ttf'"), std::string::npos)
        << bad.output;

    text = config("mixed.h5");
    text.replace(text.find("figure:\n"), 8, "figure:\n  font: No Such Font Family 42\n");
    write_text(dir + "/other_font.yaml", text);
    const auto other = run_command(bin + " --quiet " + quoted(dir + "/other_font.yaml"));
    EXPECT_NE(other.output.find("figure.font: no font 'No Such Font Family 42' is installed; drawing with "),
              std::string::npos) << other.output;
    EXPECT_EQ(read_manifest(dir)["plots"].size(), 9u) << other.output;
}

TEST(Cli, NonHdf5InputExits2) {
    const auto dir = fresh_dir("cli");
    write_text(dir + "/notes.h5", "this is not HDF5\n");
    write_text(dir + "/c.yaml", config("*.h5"));
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(lines(r.output), 1) << r.output;
    EXPECT_NE(r.output.find("not an HDF5 file"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("notes.h5"), std::string::npos) << r.output;
}

TEST(Cli, UsageErrorsExit2AndHelpVersionExit0) {
    EXPECT_EQ(run_command(bin).exit_code, 2);
    EXPECT_EQ(run_command(bin + " --no-such-flag x.yaml").exit_code, 2);
    EXPECT_EQ(run_command(bin + " /nonexistent/config.yaml").exit_code, 2);
    const auto help = run_command(bin + " --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.output.find("CONFIG"), std::string::npos);
    const auto version = run_command(bin + " --version");
    EXPECT_EQ(version.exit_code, 0);
    for (const char* lib : {"plotcluster", "cairo", "freetype", "hdf5", "MPI"})
        EXPECT_NE(version.output.find(lib), std::string::npos) << lib << "\n" << version.output;
}

TEST(Cli, BadDatasetsBecomeFailedRowsAndTheRestIsDrawn) {
    const auto dir = fresh_dir("cli");
    {
        H5Writer w(dir + "/mixed.h5");
        w.write("/good/a", {50}, std::vector<double>(50, 1.5));
        w.write("/good/b", {1, 40}, std::vector<double>(40, 2.0));
        w.write_compound("/bad/compound", 4);
        w.write_vlen_strings("/bad/names", {"x", "y"});
        w.write_scalar("/bad/scalar", 3.0);
        w.write_empty("/bad/empty");
        w.write("/bad/cube", {3, 4, 5}, std::vector<double>(60, 1.0));
        w.write("/bad/nan", {8}, std::vector<double>(8, std::nan("")));
        w.write("/img/field", {12, 16}, std::vector<double>(192, 0.25));
        w.write("/other/ignored", {5}, std::vector<double>(5, 1.0));
    }
    write_text(dir + "/c.yaml", config("mixed.h5"));
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;

    const auto m = read_manifest(dir);
    std::map<std::string, nlohmann::json> rows;
    for (const auto& row : m["plots"]) rows[row["dataset"].get<std::string>()] = row;
    ASSERT_EQ(rows.size(), 9u);
    for (const char* ok : {"/good/a", "/good/b", "/img/field"}) {
        EXPECT_EQ(rows[ok]["status"], "ok") << ok << ": " << rows[ok].dump();
        EXPECT_TRUE(rows[ok]["error"].is_null());
        ASSERT_EQ(rows[ok]["outputs"].size(), 1u);
        EXPECT_TRUE(fs::exists(dir + "/out/" + rows[ok]["outputs"][0]["path"].get<std::string>()));
    }
    const std::map<std::string, std::string> reasons = {
        {"/bad/compound", "compound"},   {"/bad/names", "string"},
        {"/bad/scalar", "scalar"},       {"/bad/empty", "empty"},
        {"/bad/cube", "1-D"},            {"/bad/nan", "no finite values"}};
    for (const auto& [dataset, reason] : reasons) {
        const auto& row = rows[dataset];
        EXPECT_EQ(row["status"], "failed") << dataset;
        EXPECT_NE(row["error"].get<std::string>().find(reason), std::string::npos)
            << dataset << ": " << row["error"];
        EXPECT_TRUE(row["outputs"].empty()) << dataset;
    }
    ASSERT_EQ(m["unmatched"].size(), 1u);
    EXPECT_EQ(m["unmatched"][0]["dataset"], "/other/ignored");
    EXPECT_NE(r.output.find("1 dataset matched no rule"), std::string::npos) << r.output;
    for (const auto& entry : fs::recursive_directory_iterator(dir + "/out"))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST(Cli, AllOkExits0) {
    const auto dir = fresh_dir("cli");
    {
        H5Writer w(dir + "/a.h5");
        w.write("/good/x", {30}, std::vector<double>(30, 4.0));
    }
    write_text(dir + "/c.yaml", config("a.h5"));
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("1 plots, 1 ok, 0 failed"), std::string::npos) << r.output;
    EXPECT_TRUE(fs::exists(dir + "/out/data.csv"));
}

TEST(Cli, OnErrorAbortStopsDrawingAfterTheFirstFailure) {
    const auto dir = fresh_dir("cli");
    {
        H5Writer w(dir + "/a.h5");
        w.write_compound("/bad/a_first", 2);
        for (int i = 0; i < 5; ++i) w.write("/good/x" + std::to_string(i), {10}, std::vector<double>(10, i));
    }
    write_text(dir + "/c.yaml", config("a.h5", "", "abort"));
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    const auto m = read_manifest(dir);
    ASSERT_EQ(m["plots"].size(), 6u);
    int not_drawn = 0;
    for (const auto& row : m["plots"]) {
        EXPECT_EQ(row["status"], "failed") << row.dump();
        not_drawn += row["error"].get<std::string>().find("on_error is 'abort'") != std::string::npos;
    }
    EXPECT_EQ(not_drawn, 5);
}

TEST(Cli, DatasetNamesNeverLeaveTheOutputFolder) {
    const auto dir = fresh_dir("cli");
    {
        H5Writer w(dir + "/a.h5");
        w.write("/good/..", {4}, std::vector<double>(4, 1.0));
        w.write("/good/with space %d 'q'", {4}, std::vector<double>(4, 1.0));
        w.write("/good/line\nbreak", {4}, std::vector<double>(4, 1.0));
        w.write("/good/" + std::string(300, 'x'), {4}, std::vector<double>(4, 1.0));
        w.write("/good/naïve–ü", {4}, std::vector<double>(4, 1.0));
    }
    write_text(dir + "/c.yaml", config("a.h5"));
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto out = fs::canonical(dir + "/out");
    int pngs = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".png") continue;
        ++pngs;
        const auto rel = fs::relative(fs::canonical(entry.path()), out).string();
        EXPECT_NE(rel.rfind("..", 0), 0u) << entry.path();
    }
    EXPECT_EQ(pngs, 10);  // the plots and their gallery thumbnails
}

TEST(Cli, DryRunAndListAgreeWithTheRunThatFollows) {
    const auto dir = fresh_dir("cli");
    write_mixed(dir + "/mixed.h5");
    write_text(dir + "/c.yaml", config("mixed.h5"));

    const auto dry = run_command(bin + " --dry-run " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(dry.exit_code, 0) << dry.output;
    EXPECT_FALSE(fs::exists(dir + "/out")) << "a dry run writes nothing";
    const auto list = run_command(bin + " --list " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(list.exit_code, 0) << list.output;
    EXPECT_FALSE(fs::exists(dir + "/out"));
    const auto listed = [&](const std::string& dataset) {
        std::istringstream in(list.output);
        for (std::string line; std::getline(in, line);)
            if (line.rfind("  " + dataset + " ", 0) == 0) return line;
        return std::string();
    };
    EXPECT_NE(listed("/other/ignored").find("Dataset {5}"), std::string::npos) << list.output;
    EXPECT_TRUE(listed("/other/ignored").ends_with("no rule")) << list.output;
    EXPECT_NE(listed("/good/b").find("Dataset {1, 40}"), std::string::npos) << list.output;
    EXPECT_NE(listed("/good/b").find(" float64 "), std::string::npos) << list.output;
    EXPECT_TRUE(listed("/good/b").ends_with("  plots[0]: line \"/good/*\"")) << list.output;

    const auto run = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(run.exit_code, 1) << run.output;
    const auto m = read_manifest(dir);
    long failed = 0;
    for (const auto& row : m["plots"]) failed += row["status"] == "failed";
    EXPECT_EQ(number_after(dry.output, "plan: "), static_cast<long>(m["plots"].size()))
        << dry.output;
    // All but the NaN dataset fail in the plan already; that one only once it is read.
    EXPECT_EQ(number_after(dry.output, "the manifest's rows), "), failed - 1) << dry.output;
    EXPECT_EQ(number_after(dry.output, "fail before drawing; "),
              static_cast<long>(m["unmatched"].size()));
    EXPECT_EQ(number_after(list.output, "matched by a rule, "),
              static_cast<long>(m["unmatched"].size()))
        << list.output;
    EXPECT_EQ(number_after(list.output, "in 1 file: "), 9) << list.output;

    // Afterwards the dry run knows what the next run keeps: every ok plot.
    const auto again = run_command(bin + " --dry-run " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(number_after(again.output, "resume: "), static_cast<long>(m["plots"].size()) - failed)
        << again.output;
    const auto rerun = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_NE(rerun.output.find("(3 kept from an earlier run)"), std::string::npos) << rerun.output;
}

TEST(Cli, SummaryNamesManifestAndGalleryWithoutCarriageReturnsInALog) {
    const auto dir = fresh_dir("cli");
    write_mixed(dir + "/mixed.h5");
    write_text(dir + "/c.yaml", config("mixed.h5"));
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));  // output to a pipe
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_EQ(r.output.find('\r'), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("plotcluster: 9 plots to draw on 1 rank\n"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("plotcluster: 9 plots, 3 ok, 6 failed, in "), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find(" plots/s\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("  failed: "), std::string::npos) << r.output;
    const auto out = fs::canonical(dir + "/out");
    EXPECT_NE(r.output.find("  manifest: " + (out / "manifest.json").string() + "\n"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("  gallery:  " + (out / "index.html").string() + "\n"),
              std::string::npos)
        << r.output;

    // Every ok row has a thumbnail on disk; the page shows it, and the failures.
    const auto m = read_manifest(dir);
    const std::string html = slurp(out / "index.html");
    int thumbs = 0;
    for (const auto& row : m["plots"]) {
        if (row["status"] != "ok") {
            EXPECT_TRUE(row["thumbnail"].is_null()) << row.dump();
            continue;
        }
        const auto& t = row["thumbnail"];
        ASSERT_TRUE(t.is_object()) << row.dump();
        const std::string path = t["path"].get<std::string>();
        EXPECT_EQ(path.rfind(".thumbnails/", 0), 0u) << path;
        EXPECT_EQ(fs::file_size(out / path), t["bytes"].get<std::uintmax_t>()) << path;
        ++thumbs;
    }
    EXPECT_EQ(thumbs, 3);
    EXPECT_NE(html.find("Failed plots (6)"), std::string::npos);
    EXPECT_NE(html.find("/img/&lt;field&gt; &amp; &quot;co&quot;"), std::string::npos);
    EXPECT_EQ(html.find("<field>"), std::string::npos);
    EXPECT_NE(html.find("src=\".thumbnails/mixed/img/_field_%20%26%20_co_.png\""),
              std::string::npos);
}

TEST(Cli, QuietPrintsOnlyTheSummaryLineAndVerboseALinePerPlot) {
    const auto dir = fresh_dir("cli");
    write_mixed(dir + "/mixed.h5");
    write_text(dir + "/c.yaml", config("mixed.h5"));
    const auto quiet = run_command(bin + " --quiet " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(quiet.exit_code, 1) << quiet.output;
    EXPECT_EQ(lines(quiet.output), 1) << quiet.output;
    EXPECT_EQ(quiet.output.rfind("plotcluster: 9 plots, 3 ok, 6 failed", 0), 0u) << quiet.output;

    const auto verbose = run_command(bin + " --verbose --force " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(verbose.exit_code, 1) << verbose.output;
    int ok = 0, failed = 0;
    std::istringstream in(verbose.output);
    for (std::string line; std::getline(in, line);) {
        ok += line.rfind("[rank 0] ok ", 0) == 0;
        failed += line.rfind("[rank 0] failed ", 0) == 0;
    }
    EXPECT_EQ(ok, 3) << verbose.output;
    EXPECT_EQ(failed, 6) << verbose.output;

    EXPECT_EQ(run_command(bin + " --quiet --verbose " + quoted(dir + "/c.yaml")).exit_code, 2);
}

TEST(Cli, GalleryOffWritesNoPageAndNoThumbnails) {
    const auto dir = fresh_dir("cli");
    {
        H5Writer w(dir + "/a.h5");
        w.write("/good/x", {30}, std::vector<double>(30, 4.0));
    }
    std::string text = config("a.h5");
    text.replace(text.find("  dir: out\n"), 11, "  dir: out\n  gallery: false\n");
    write_text(dir + "/c.yaml", text);
    const auto r = run_command(bin + " " + quoted(dir + "/c.yaml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(fs::exists(dir + "/out/index.html"));
    EXPECT_FALSE(fs::exists(dir + "/out/.thumbnails"));
    EXPECT_EQ(r.output.find("gallery:"), std::string::npos) << r.output;
    EXPECT_TRUE(read_manifest(dir)["plots"][0]["thumbnail"].is_null());
}

// A config next to its data reaches it with "..": rows, messages and --list show the
// plain path, a file named twice is drawn once, and a rerun keeps every plot.
TEST(Cli, InputPathsAreNormalizedAndAFileNamedTwiceCountsOnce) {
    const auto dir = fs::path(fresh_dir("cli")).lexically_normal();
    fs::create_directories(dir / "cfg");
    fs::create_directories(dir / "data");
    {
        H5Writer w((dir / "data/run.h5").string());
        w.write("/good/a", {20}, std::vector<double>(20, 1.0));
        w.write_compound("/bad/c", 3);
    }
    write_text(dir / "cfg/c.yaml",
               "input:\n  files: [\"../data/*.h5\", \"../cfg/../data/./run.h5\"]\n"
               "output:\n  dir: out\n"
               "figure:\n  width: 160\n  height: 120\n"
               "plots:\n  - {match: \"/**\", kind: line}\n");
    const std::string file = (dir / "data/run.h5").string();
    const std::string cfg = quoted((dir / "cfg/c.yaml").string());

    const auto list = run_command(bin + " --list " + cfg);
    EXPECT_EQ(list.exit_code, 0) << list.output;
    EXPECT_EQ(list.output.rfind(file + "\n", 0), 0u) << list.output;
    EXPECT_NE(list.output.find("2 datasets in 1 file"), std::string::npos) << list.output;

    const auto run = run_command(bin + " " + cfg);
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("  failed: " + file + ":/bad/c: compound"), std::string::npos)
        << run.output;
    EXPECT_EQ(run.output.find(".."), std::string::npos) << run.output;
    std::ifstream in(dir / "cfg/out/manifest.json");
    const auto m = nlohmann::json::parse(in);
    ASSERT_EQ(m["plots"].size(), 2u) << m.dump(1);
    for (const auto& row : m["plots"]) EXPECT_EQ(row["file"], file) << row.dump();
    EXPECT_EQ(m["plots"][1]["outputs"][0]["path"], "run/good/a.png") << m.dump(1);
    EXPECT_TRUE(fs::exists(dir / "cfg/out/run/good/a.png"));

    const auto rerun = run_command(bin + " " + cfg);
    EXPECT_NE(rerun.output.find("(1 kept from an earlier run)"), std::string::npos) << rerun.output;
}

// A rule an earlier one shadows is named by --dry-run, --list and the run itself.
TEST(Cli, ARuleThatDrawsNothingIsAWarning) {
    const auto dir = fresh_dir("cli");
    {
        H5Writer w(dir + "/a.h5");
        w.write("/fields/rho", {4, 5}, std::vector<double>(20, 1.0));
        w.write("/t", {5}, std::vector<double>(5, 1.0));
    }
    write_text(dir + "/c.yaml",
               "input: {files: [a.h5]}\noutput: {dir: out}\n"
               "figure: {width: 160, height: 120}\n"
               "plots:\n  - {match: \"/**\", kind: line}\n  - {match: \"/t[0-9]\", kind: line}\n"
               "  - {match: \"/fields/*\", kind: heatmap}\n");
    const std::string shadowed =
        "warning: plots[2] ('/fields/*') draws nothing: every dataset it matches is taken by "
        "plots[0] ('/**')\n";
    const std::string nothing =
        "warning: plots[1] ('/t[0-9]') draws nothing: it matches no dataset in the input files\n";
    for (const char* option : {" --dry-run ", " --list "}) {
        const auto r = run_command(bin + option + quoted(dir + "/c.yaml"));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        EXPECT_NE(r.output.find(shadowed), std::string::npos) << option << r.output;
        EXPECT_NE(r.output.find(nothing), std::string::npos) << option << r.output;
    }
    const auto run = run_command(bin + " --quiet " + quoted(dir + "/c.yaml"));
    EXPECT_NE(run.output.find("plotcluster: " + shadowed), std::string::npos) << run.output;
}
