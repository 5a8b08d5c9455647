#include "plotcluster/hdf5/hdf5_catalog.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "plotcluster/error.hpp"
#include "plotcluster/plan/plan.hpp"
#include "support/h5_writer.hpp"
#include "support/rules.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;
using test::H5Writer;

class CatalogTest : public test::ScratchDirTest {
protected:


    // A file with one object of every kind the catalog must describe.
    std::string write_everything() const {
        std::string file = path("all.h5");
        H5Writer w(file);
        w.write("/num/f64", {2, 3}, {1, 2, 3, 4, 5, 6});
        w.write("/num/f32", {4}, std::vector<float>{1, 2, 3, 4});
        w.write("/num/i64", {1, 5}, std::vector<std::int64_t>{1, 2, 3, 4, 5});
        w.write("/num/i16", {2}, std::vector<std::int16_t>{-1, 1});
        w.write("/num/u8", {3}, std::vector<std::uint8_t>{0, 1, 2});
        w.write_f64_be("/be/f64", {2}, {1.0, 2.0});
        w.write_i32_be("/be/i32", {1, 3, 2}, {1, 2, 3, 4, 5, 6});
        w.write_scalar("/scalar", 3.25);
        w.write_empty("/empty");
        w.write_fixed_strings("/str/fixed", {"ab", "cde"});
        w.write_vlen_strings("/str/vlen", {"x", "yz"});
        w.write_compound("/other/compound", 3);
        w.write_enum("/other/enum", {0, 2, 1});
        w.write_opaque("/other/opaque", {1, 2, 3});
        w.group("/empty_group/inner");
        w.attr("/num/f64", "units", "J");
        w.attr("/num/f64", "long_name", "Energy density");
        w.attr("/num/f64", "scale", 3.5);
        w.attr("/num/f64", "step", 7);
        w.attr("/", "root_attr", "not on a dataset");
        w.soft_link("/links/soft", "/num/f64");
        w.soft_link("/links/dangling", "/does/not/exist");
        w.external_link("/links/external", "other.h5", "/data");
        w.close();
        return file;
    }

    static const DatasetInfo* find(const Catalog& c, const std::string& file,
                                   const std::string& dataset) {
        for (const auto& d : c.datasets)
            if (d.file == file && d.dataset == dataset) return &d;
        return nullptr;
    }

    // "file: why" of every file the catalog could not read, one per line.
    static std::string unreadable(const Catalog& c) {
        std::string out;
        for (const auto& u : c.unreadable) out += u.file + ": " + u.error + "\n";
        return out;
    }
    static std::string unreadable(const std::vector<std::string>& files) {
        return unreadable(build_catalog(files));
    }
};

std::vector<std::string> dataset_paths(const Catalog& c) {
    std::vector<std::string> out;
    for (const auto& d : c.datasets) out.push_back(d.dataset);
    return out;
}

TEST_F(CatalogTest, ListsEveryDatasetAndLinkSortedAndOnlyThose) {
    const std::string file = write_everything();
    const Catalog c = build_catalog({file});
    EXPECT_EQ(c.files, std::vector<std::string>{file});
    const std::vector<std::string> expected = {
        "/be/f64",       "/be/i32",     "/empty",
        "/links/dangling", "/links/external", "/links/soft", "/num/f32",
        "/num/f64",      "/num/i16",    "/num/i64",      "/num/u8",
        "/other/compound", "/other/enum", "/other/opaque", "/scalar",
        "/str/fixed",    "/str/vlen"};
    EXPECT_EQ(dataset_paths(c), expected);
    for (const auto& d : c.datasets) EXPECT_EQ(d.file, file) << d.dataset;
}

TEST_F(CatalogTest, SortsByFullPathNotByWalkOrder) {
    // A walk visits group "a" (and "a/x") before its sibling "a-b", but '-' sorts before '/'.
    const std::string file = path("order.h5");
    {
        H5Writer w(file);
        w.write("/z", {1}, {0.0});
        w.write("/a/x", {1}, {0.0});
        w.write("/a-b", {1}, {0.0});
        w.write("/a/B", {1}, {0.0});
        w.write("/A", {1}, {0.0});
        w.close();
    }
    const Catalog c = build_catalog({file});
    EXPECT_EQ(dataset_paths(c), (std::vector<std::string>{"/A", "/a-b", "/a/B", "/a/x", "/z"}));
}

TEST_F(CatalogTest, SeveralFilesSortedByFileThenDataset) {
    const std::string a = path("a.h5");
    const std::string b = path("b.h5");
    {
        H5Writer w(b);
        w.write("/y", {2}, {1.0, 2.0});
        w.write("/x", {2}, {1.0, 2.0});
        w.close();
    }
    {
        H5Writer w(a);
        w.write("/z", {3}, {1.0, 2.0, 3.0});
        w.close();
    }
    const Catalog c = build_catalog({b, a});
    EXPECT_EQ(c.files, (std::vector<std::string>{b, a}));  // as given
    ASSERT_EQ(c.datasets.size(), 3U);
    EXPECT_EQ(c.datasets[0].file, a);
    EXPECT_EQ(c.datasets[0].dataset, "/z");
    EXPECT_EQ(c.datasets[1].file, b);
    EXPECT_EQ(c.datasets[1].dataset, "/x");
    EXPECT_EQ(c.datasets[2].file, b);
    EXPECT_EQ(c.datasets[2].dataset, "/y");
}

TEST_F(CatalogTest, Shapes) {
    const std::string file = write_everything();
    const Catalog c = build_catalog({file});
    using S = std::vector<std::uint64_t>;
    ASSERT_NE(find(c, file, "/num/f64"), nullptr);
    EXPECT_EQ(find(c, file, "/num/f64")->shape, (S{2, 3}));
    EXPECT_EQ(find(c, file, "/num/f64")->elements(), 6U);
    EXPECT_EQ(find(c, file, "/num/f32")->shape, (S{4}));
    EXPECT_EQ(find(c, file, "/num/i64")->shape, (S{1, 5}));  // singleton dims are kept
    EXPECT_EQ(find(c, file, "/be/i32")->shape, (S{1, 3, 2}));
    EXPECT_EQ(find(c, file, "/be/i32")->elements(), 6U);
    EXPECT_EQ(find(c, file, "/other/compound")->shape, (S{3}));
    EXPECT_EQ(find(c, file, "/str/fixed")->shape, (S{2}));
}

TEST_F(CatalogTest, ScalarHasEmptyShapeAndEmptyHasZeroElements) {
    const std::string file = write_everything();
    const Catalog c = build_catalog({file});
    const DatasetInfo* scalar = find(c, file, "/scalar");
    ASSERT_NE(scalar, nullptr);
    EXPECT_TRUE(scalar->shape.empty());
    EXPECT_EQ(scalar->elements(), 1U);
    EXPECT_EQ(scalar->dtype.name, "float64");
    const DatasetInfo* empty = find(c, file, "/empty");
    ASSERT_NE(empty, nullptr);
    EXPECT_EQ(empty->shape, std::vector<std::uint64_t>{0});
    EXPECT_EQ(empty->elements(), 0U);
}

TEST_F(CatalogTest, DtypeNames) {
    const std::string file = write_everything();
    const Catalog c = build_catalog({file});
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"/num/f64", "float64"},
        {"/num/f32", "float32"},
        {"/num/i64", "int64"},
        {"/num/i16", "int16"},
        {"/num/u8", "uint8"},
        {"/be/f64", "float64 (big-endian)"},
        {"/be/i32", "int32 (big-endian)"},
        {"/other/compound", "compound"},
        {"/str/fixed", "string (fixed length)"},
        {"/str/vlen", "string (variable length)"},
        {"/other/enum", "enum"},
        {"/other/opaque", "opaque"},
    };
    for (const auto& [dataset, name] : expected) {
        const DatasetInfo* d = find(c, file, dataset);
        ASSERT_NE(d, nullptr) << dataset;
        EXPECT_EQ(d->dtype.name, name) << dataset;
    }
}

TEST_F(CatalogTest, DtypeDetails) {
    const std::string file = write_everything();
    const Catalog c = build_catalog({file});

    const DType& f32 = find(c, file, "/num/f32")->dtype;
    EXPECT_EQ(f32.cls, DType::Class::floating);
    EXPECT_EQ(f32.bytes, 4);
    EXPECT_FALSE(f32.big_endian);
    EXPECT_TRUE(f32.numeric());

    const DType& u8 = find(c, file, "/num/u8")->dtype;
    EXPECT_EQ(u8.cls, DType::Class::integer);
    EXPECT_EQ(u8.bytes, 1);
    EXPECT_FALSE(u8.is_signed);
    EXPECT_TRUE(u8.numeric());

    const DType& i32be = find(c, file, "/be/i32")->dtype;
    EXPECT_EQ(i32be.cls, DType::Class::integer);
    EXPECT_EQ(i32be.bytes, 4);
    EXPECT_TRUE(i32be.is_signed);
    EXPECT_TRUE(i32be.big_endian);

    for (const char* other : {"/other/compound", "/str/fixed", "/str/vlen", "/other/enum",
                              "/other/opaque"}) {
        EXPECT_FALSE(find(c, file, other)->dtype.numeric()) << other;
        EXPECT_EQ(find(c, file, other)->dtype.cls, DType::Class::other) << other;
    }
}

// Floats are named by their layout, not by their size: a 2-byte float may be IEEE half
// or bfloat16, and both are read (converted to double) by HDF5.
TEST_F(CatalogTest, FloatLayoutsAreNamedHonestly) {
    const std::string file = path("layouts.h5");
    {
        H5Writer w(file);
        const std::vector<std::uint8_t> two(4, 0), one(2, 0), three(6, 0), four(8, 0);
        w.write_float_bits("/bf16", {2}, {2, 15, 7, 8, 0, 7, 127}, two);
        w.write_float_bits("/f16", {2}, {2, 15, 10, 5, 0, 10, 15}, two);
        w.write_float_bits("/e4m3", {2}, {1, 7, 3, 4, 0, 3, 7}, one);
        w.write_float_bits("/e5m2", {2}, {1, 7, 2, 5, 0, 2, 15}, one);
        w.write_float_bits("/f24", {2}, {3, 23, 16, 7, 0, 16, 63}, three);
        w.write_float_bits("/bf16_bias", {2}, {2, 15, 7, 8, 0, 7, 100}, two);
        w.write_float_bits("/f32_explicit", {2}, {4, 31, 23, 8, 0, 23, 127, false}, four);
        w.write_int_bits("/u12", {2}, 2, 12, false, two);
        w.write_int_bits("/i24", {2}, 4, 24, true, four);
        w.write_as("/f32be", {1}, {1.0}, "float32", true);
        w.write_long_double("/ld", {1.0L, 2.0L});
        w.close();
    }
    const Catalog c = build_catalog({file});
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"/bf16", "bfloat16"},
        {"/f16", "float16"},
        {"/e4m3", "float8 (e4m3)"},
        {"/e5m2", "float8 (e5m2)"},
        {"/f24", "float24 (e7m16)"},
        {"/bf16_bias", "bfloat16 [exponent bias 100]"},
        {"/f32_explicit", "float32 [explicit leading mantissa bit]"},
        {"/u12", "uint12 [in 2 bytes]"},
        {"/i24", "int24 [in 4 bytes]"},
        {"/f32be", "float32 (big-endian)"},
    };
    for (const auto& [dataset, name] : expected) {
        const DatasetInfo* d = find(c, file, dataset);
        ASSERT_NE(d, nullptr) << dataset;
        EXPECT_EQ(d->dtype.name, name) << dataset;
        EXPECT_TRUE(d->dtype.numeric()) << dataset;
    }
    EXPECT_EQ(find(c, file, "/bf16")->dtype.cls, DType::Class::floating);
    EXPECT_EQ(find(c, file, "/bf16")->dtype.bytes, 2);
    EXPECT_EQ(find(c, file, "/u12")->dtype.cls, DType::Class::integer);
    // long double: x87 extended precision in 16 bytes on x86-64, IEEE quad on others.
    const std::string ld = find(c, file, "/ld")->dtype.name;
    if (sizeof(long double) == 16 && std::numeric_limits<long double>::digits == 64) {
        EXPECT_EQ(ld, "float80 (x87 extended) [in 16 bytes]");
    } else if (std::numeric_limits<long double>::digits == 113) {
        EXPECT_EQ(ld, "float128");
    }
}

TEST_F(CatalogTest, AttributesAsText) {
    const std::string file = write_everything();
    const Catalog c = build_catalog({file});
    const DatasetInfo* d = find(c, file, "/num/f64");
    ASSERT_NE(d, nullptr);
    const std::map<std::string, std::string> expected = {
        {"long_name", "Energy density"}, {"scale", "3.5"}, {"step", "7"}, {"units", "J"}};
    EXPECT_EQ(d->attrs, expected);
    // Root attributes belong to no dataset; datasets without attributes have none.
    EXPECT_TRUE(find(c, file, "/num/f32")->attrs.empty());
}

TEST_F(CatalogTest, SoftAndExternalLinksAreListedAsLinks) {
    const std::string file = write_everything();
    {
        H5Writer other(path("other.h5"));  // the external link's target exists
        other.write("/data", {2}, {1.0, 2.0});
        other.close();
    }
    const Catalog c = build_catalog({file});
    EXPECT_EQ(c.datasets.size(), 17U);
    const DatasetInfo* soft = find(c, file, "/links/soft");
    ASSERT_NE(soft, nullptr);
    EXPECT_EQ(soft->link, "soft -> /num/f64");
    // One dataset, two paths: the first in catalog order is its name, the other an alias.
    EXPECT_TRUE(soft->alias_of.empty());
    const DatasetInfo* hard = find(c, file, "/num/f64");
    ASSERT_NE(hard, nullptr);
    EXPECT_EQ(hard->alias_of, "/links/soft");
    const DatasetInfo* external = find(c, file, "/links/external");
    ASSERT_NE(external, nullptr);
    EXPECT_EQ(external->link, "external -> other.h5:/data");
    EXPECT_EQ(external->shape, (std::vector<std::uint64_t>{2}));
    EXPECT_EQ(external->dtype.name, "float64");
    EXPECT_TRUE(external->alias_of.empty());
    EXPECT_TRUE(external->problem.empty()) << external->problem;
    const DatasetInfo* dangling = find(c, file, "/links/dangling");
    ASSERT_NE(dangling, nullptr);
    EXPECT_EQ(dangling->link, "soft -> /does/not/exist");
    EXPECT_EQ(dangling->problem, "soft link to '/does/not/exist': no such object in this file");
}

// A soft link to an ancestor and a hard-linked group cycle (/g/sub/loop -> /g) end the
// walk; a second hard link to a dataset is another name of it, an alias after the first.
TEST_F(CatalogTest, LinkCyclesEndTheWalk) {
    const std::string file = path("cycles.h5");
    {
        H5Writer w(file);
        w.write("/g/x", {2}, {1.0, 2.0});
        w.group("/g/sub");
        w.soft_link("/g/sub/up", "/g");
        w.soft_link("/g/sub/self", "/g/sub");
        w.close();
    }
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    EXPECT_GE(H5Lcreate_hard(f, "/g", f, "/g/sub/loop", H5P_DEFAULT, H5P_DEFAULT), 0);
    EXPECT_GE(H5Lcreate_hard(f, "/", f, "/g/root", H5P_DEFAULT, H5P_DEFAULT), 0);
    EXPECT_GE(H5Lcreate_hard(f, "/g/x", f, "/alias", H5P_DEFAULT, H5P_DEFAULT), 0);
    H5Fclose(f);
    const Catalog c = build_catalog({file});
    EXPECT_EQ(dataset_paths(c), (std::vector<std::string>{"/alias", "/g/x"}));
    EXPECT_EQ(c.datasets[0].alias_of, "");
    EXPECT_EQ(c.datasets[1].alias_of, "/alias");
}

TEST_F(CatalogTest, EmptyFileAndEmptyList) {
    const std::string file = path("nothing.h5");
    {
        H5Writer w(file);
        w.group("/g");
        w.close();
    }
    const Catalog c = build_catalog({file});
    EXPECT_EQ(c.files, std::vector<std::string>{file});
    EXPECT_TRUE(c.datasets.empty());
    const Catalog none = build_catalog({});
    EXPECT_TRUE(none.files.empty());
    EXPECT_TRUE(none.datasets.empty());
}

// One bad file among good ones is listed with its reason; the good ones are cataloged.
TEST_F(CatalogTest, NonHdf5FileIsListedUnreadableAndTheOthersCataloged) {
    const std::string good = path("good.h5");
    {
        H5Writer w(good);
        w.write("/x", {1}, {1.0});
        w.close();
    }
    const std::string text = path("notes.h5");
    std::ofstream(text) << "this is plain text, not HDF5\n";
    const Catalog c = build_catalog({text, good});
    const std::string message = unreadable(c);
    EXPECT_NE(message.find("not an HDF5 file"), std::string::npos) << message;
    ASSERT_EQ(c.unreadable.size(), 1U) << message;
    EXPECT_EQ(c.unreadable.front().file, text);
    ASSERT_EQ(c.datasets.size(), 1U);
    EXPECT_EQ(c.datasets.front().file, good);
}

TEST_F(CatalogTest, EmptyByteFileIsUnreadable) {
    const std::string empty = path("zero.h5");
    std::ofstream(empty).close();
    const std::string message = unreadable(std::vector<std::string>{empty});
    EXPECT_NE(message.find("not an HDF5 file"), std::string::npos) << message;
    EXPECT_NE(message.find(empty), std::string::npos) << message;
}

TEST_F(CatalogTest, TruncatedHdf5FileIsUnreadable) {
    const std::string full = path("full.h5");
    {
        H5Writer w(full);
        std::vector<double> values(5000);
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i);
        w.write("/a/big", {values.size()}, values);
        w.write("/b/other", {50, 100}, values);
        w.attr("/a/big", "units", "m");
        w.close();
    }
    std::ifstream in(full, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 80000U);
    // Cut in the superblock, in the metadata, in the data and just before the end.
    for (const std::size_t keep : {std::size_t{4}, std::size_t{12}, std::size_t{100},
                                   std::size_t{1000}, bytes.size() / 2, bytes.size() - 1}) {
        const std::string cut = path("cut_" + std::to_string(keep) + ".h5");
        std::ofstream(cut, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(keep));
        const std::string message = unreadable(std::vector<std::string>{cut});
        EXPECT_FALSE(message.empty()) << "not unreadable: a file cut to " << keep << " bytes";
        EXPECT_NE(message.find(cut), std::string::npos) << message;
    }
}

// --- Links, virtual datasets and files that are not what they seem -------------------

// A NeXus-like master: the detector's data sits behind external links, to a dataset and
// to a group, relative to the master's folder whatever the working directory.
TEST_F(CatalogTest, ExternalLinksAreFollowedUnderTheLinkPath) {
    const std::string det = path("det_000001.h5");
    {
        H5Writer w(det);
        w.write("/entry/data/data", {2, 3}, {1, 2, 3, 4, 5, 6});
        w.attr("/entry/data/data", "units", "counts");
        w.write("/entry/instrument/detector/temperature", {3}, {20.5, 20.6, 20.7});
        w.close();
    }
    const std::string master = path("master.h5");
    {
        H5Writer w(master);
        w.group("/entry/data");
        w.attr("/entry/data", "signal", "data");
        w.external_link("/entry/data/data", "det_000001.h5", "/entry/data/data");
        w.external_link("/entry/instrument", "det_000001.h5", "/entry/instrument");
        w.close();
    }
    const fs::path cwd = fs::current_path();
    fs::current_path("/");
    const Catalog c = build_catalog({master});
    fs::current_path(cwd);
    EXPECT_EQ(dataset_paths(c), (std::vector<std::string>{"/entry/data/data",
                                                          "/entry/instrument/detector/temperature"}));
    const DatasetInfo* data = find(c, master, "/entry/data/data");
    ASSERT_NE(data, nullptr);
    EXPECT_EQ(data->link, "external -> det_000001.h5:/entry/data/data");
    EXPECT_EQ(data->shape, (std::vector<std::uint64_t>{2, 3}));
    EXPECT_EQ(data->dtype.name, "float64");
    EXPECT_EQ(data->attrs.at("units"), "counts");
    EXPECT_TRUE(data->problem.empty()) << data->problem;
    const DatasetInfo* temperature = find(c, master, "/entry/instrument/detector/temperature");
    ASSERT_NE(temperature, nullptr);
    EXPECT_EQ(temperature->link,
              "external -> det_000001.h5:/entry/instrument/detector/temperature");
    EXPECT_EQ(temperature->shape, (std::vector<std::uint64_t>{3}));

    // The detector file among the inputs too: each dataset is drawn once, under its first
    // path in catalog order (det_000001.h5 sorts before master.h5).
    const Catalog both = build_catalog({master, det});
    ASSERT_EQ(both.datasets.size(), 4U);
    EXPECT_EQ(find(both, master, "/entry/data/data")->alias_of, det + ":/entry/data/data");
    EXPECT_EQ(find(both, det, "/entry/data/data")->alias_of, "");
    Config config;
    config.output.dir = "/out";
    PlotRule rule = test::rule_of("line", "", "/**");
    config.plots = {rule};
    const Plan plan = make_plan(config, both);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].read.file, det);
    EXPECT_EQ(plan.tasks[1].read.file, det);
    EXPECT_TRUE(plan.unmatched.empty());
}

TEST_F(CatalogTest, DanglingExternalLinkNamesTheMissingFileOrObject) {
    {
        H5Writer w(path("det.h5"));
        w.write("/entry/data/data", {2}, {1.0, 2.0});
        w.close();
    }
    const std::string master = path("master.h5");
    {
        H5Writer w(master);
        w.external_link("/entry/data/data", "det_0001.h5", "/entry/data/data");
        w.external_link("/entry/other", "det.h5", "/entry/nope");
        w.write("/entry/ok", {2}, {1.0, 2.0});
        w.close();
    }
    const Catalog c = build_catalog({master});
    EXPECT_TRUE(c.unreadable.empty()) << unreadable(c);
    const DatasetInfo* missing = find(c, master, "/entry/data/data");
    ASSERT_NE(missing, nullptr);
    EXPECT_EQ(missing->link, "external -> det_0001.h5:/entry/data/data");
    EXPECT_EQ(missing->problem.rfind("external link to 'det_0001.h5:/entry/data/data': file "
                                     "'det_0001.h5' not found (looked in '" + dir_.string() + "'",
                                     0),
              0U)
        << missing->problem;
    const DatasetInfo* object = find(c, master, "/entry/other");
    ASSERT_NE(object, nullptr);
    EXPECT_EQ(object->problem, "external link to 'det.h5:/entry/nope': no object '/entry/nope' in '" +
                                   path("det.h5") + "'");
    // A rule matching them makes failed rows with those reasons; the good dataset is drawn.
    Config config;
    config.output.dir = "/out";
    PlotRule rule = test::rule_of("line", "", "/**");
    config.plots = {rule};
    const Plan plan = make_plan(config, c);
    ASSERT_EQ(plan.tasks.size(), 3U);
    EXPECT_EQ(plan.tasks[0].job.error, missing->problem);
    EXPECT_EQ(plan.tasks[1].read.dataset, "/entry/ok");
    EXPECT_EQ(plan.tasks[1].job.error, "");
    EXPECT_EQ(plan.tasks[2].job.error, object->problem);
}

TEST_F(CatalogTest, UnfollowedExternalLinksAreListedNotDrawn) {
    {
        H5Writer w(path("det.h5"));
        w.write("/data", {2}, {1.0, 2.0});
        w.close();
    }
    const std::string master = path("master.h5");
    {
        H5Writer w(master);
        w.external_link("/entry/data", "det.h5", "/data");
        w.write("/entry/own", {2}, {1.0, 2.0});
        w.close();
    }
    CatalogOptions options;
    options.follow_links = false;
    const Catalog c = build_catalog({master}, options);
    const DatasetInfo* link = find(c, master, "/entry/data");
    ASSERT_NE(link, nullptr);
    EXPECT_TRUE(link->unfollowed);
    EXPECT_EQ(link->link, "external -> det.h5:/data, not followed");
    Config config;
    config.output.dir = "/out";
    PlotRule rule = test::rule_of("line", "", "/**");
    config.plots = {rule};
    Plan plan = make_plan(config, c);
    ASSERT_EQ(plan.tasks.size(), 1U);  // not drawn, not failed, not unmatched
    EXPECT_EQ(plan.tasks[0].read.dataset, "/entry/own");
    EXPECT_TRUE(plan.unmatched.empty());
    // Named literally, it says why it is not drawn.
    PlotRule named = test::rule_of("line", "", "/entry/data");
    config.plots = {named, rule};
    plan = make_plan(config, c);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[0].job.error,
              "external link to 'det.h5:/data' is not followed (input.follow_links: false)");
}

// One dataset by a hard path and a soft link: a pattern draws it once; a rule naming the
// soft link's path literally draws that too.
TEST_F(CatalogTest, SameDatasetByTwoPathsIsDrawnOnceUnlessNamed) {
    const std::string file = path("two.h5");
    {
        H5Writer w(file);
        w.write("/entry/instrument/detector/data", {2}, {1.0, 2.0});
        w.soft_link("/entry/plot/data", "/entry/instrument/detector/data");
        w.close();
    }
    const Catalog c = build_catalog({file});
    ASSERT_EQ(dataset_paths(c), (std::vector<std::string>{"/entry/instrument/detector/data",
                                                          "/entry/plot/data"}));
    EXPECT_EQ(c.datasets[1].alias_of, "/entry/instrument/detector/data");
    EXPECT_EQ(c.datasets[1].link, "soft -> /entry/instrument/detector/data");
    Config config;
    config.output.dir = "/out";
    PlotRule all = test::rule_of("line", "", "/**");
    config.plots = {all};
    Plan plan = make_plan(config, c);
    ASSERT_EQ(plan.tasks.size(), 1U);
    EXPECT_EQ(plan.tasks[0].read.dataset, "/entry/instrument/detector/data");
    EXPECT_TRUE(plan.unmatched.empty());
    PlotRule named = test::rule_of("line", "", "/entry/plot/data");
    config.plots = {all, named};
    plan = make_plan(config, c);
    ASSERT_EQ(plan.tasks.size(), 2U);
    EXPECT_EQ(plan.tasks[1].read.dataset, "/entry/plot/data");
    EXPECT_EQ(plan.tasks[1].draw.rule, 1U);
    EXPECT_EQ(plan.tasks[1].job.error, "");
}

TEST_F(CatalogTest, VirtualDatasetWithAMissingSourceNamesIt) {
    {
        H5Writer w(path("src_0.h5"));
        w.write("/data", {4}, {1, 2, 3, 4});
        w.close();
    }
    const std::string file = path("vds.h5");
    {
        H5Writer w(file);
        w.write("/own", {4}, {5, 6, 7, 8});
        w.write_virtual_rows("/complete", {{"src_0.h5", "/data"}, {".", "/own"}}, 4, -1);
        w.write_virtual_rows("/broken", {{"src_0.h5", "/data"}, {"src_1.h5", "/data"}}, 4, -1);
        w.write_virtual_rows("/no_dataset", {{"src_0.h5", "/nope"}, {".", "/gone"}}, 4, -1);
        w.close();
    }
    const Catalog c = build_catalog({file});
    const DatasetInfo* complete = find(c, file, "/complete");
    ASSERT_NE(complete, nullptr);
    EXPECT_EQ(complete->problem, "");
    EXPECT_EQ(complete->shape, (std::vector<std::uint64_t>{2, 4}));
    const DatasetInfo* broken = find(c, file, "/broken");
    ASSERT_NE(broken, nullptr);
    EXPECT_EQ(broken->problem.rfind("virtual dataset source missing: file 'src_1.h5' not found "
                                    "(looked in '" + dir_.string() + "'",
                                    0),
              0U)
        << broken->problem;
    EXPECT_NE(broken->problem.find("input.virtual_missing: fill"), std::string::npos);
    const DatasetInfo* no_dataset = find(c, file, "/no_dataset");
    ASSERT_NE(no_dataset, nullptr);
    EXPECT_EQ(no_dataset->problem.rfind("2 of the virtual dataset's 2 sources missing: no dataset "
                                        "'/nope' in '" + path("src_0.h5") +
                                        "'; no dataset '/gone' in its own file",
                                        0),
              0U)
        << no_dataset->problem;

    // "%%" is a literal '%'; "%b" a block-number pattern, which is not checked, and says so.
    {
        H5Writer w(path("100%.h5"));
        w.write("/data", {4}, {1, 2, 3, 4});
        w.close();
    }
    {
        H5Writer w(path("named.h5"));
        w.write_virtual_rows("/percent", {{"100%%.h5", "/data"}}, 4, -1);
        w.write_virtual_pattern("/pattern", "frame_%b.h5", "/data", 4);
        w.close();
    }
    const Catalog named = build_catalog({path("named.h5")});
    ASSERT_EQ(named.datasets.size(), 2U);
    EXPECT_EQ(named.datasets[0].dataset, "/pattern");
    EXPECT_EQ(named.datasets[0].problem, "");
    EXPECT_EQ(named.datasets[0].note,
              "1 virtual dataset mapping is named by a pattern (%b): not checked");
    EXPECT_EQ(named.datasets[1].dataset, "/percent");
    EXPECT_EQ(named.datasets[1].problem, "");

    CatalogOptions fill;
    fill.virtual_missing_fails = false;
    const Catalog filled = build_catalog({file}, fill);
    const DatasetInfo* drawn = find(filled, file, "/broken");
    ASSERT_NE(drawn, nullptr);
    EXPECT_EQ(drawn->problem, "");
    EXPECT_NE(drawn->note.find("file 'src_1.h5' not found"), std::string::npos) << drawn->note;
    EXPECT_NE(drawn->note.find("fill value"), std::string::npos) << drawn->note;
}

// The reason an input file cannot be read, as HDF5's error stack says it (the frame that
// says something, not "unable to open file"), or what the file is instead.
TEST_F(CatalogTest, UnreadableFilesSayWhy) {
    const std::string full = path("full.h5");
    {
        H5Writer w(full);
        w.write("/x", {100000}, std::vector<double>(100000, 1.0));
        w.close();
    }
    std::ifstream in(full, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string cut = path("cut.h5");
    std::ofstream(cut, std::ios::binary).write(bytes.data(), 400000);
    const std::string open = path("open.h5");
    test::write_left_open(open);
    const std::string classic = path("classic.nc");
    const std::string offset64 = path("offset64.nc");
    const std::string cdf5 = path("cdf5.nc");
    test::write_netcdf3(classic, 1);
    test::write_netcdf3(offset64, 2);
    test::write_netcdf3(cdf5, 5);
    const std::string empty = path("empty.h5");
    std::ofstream(empty).close();
    const std::string text = path("notes.h5");
    std::ofstream(text) << "x,y\n1,2\n";
    const std::string zeros = path("zeros.h5");
    std::ofstream(zeros, std::ios::binary) << std::string(4096, '\0');

    const Catalog c = build_catalog({cut, open, classic, offset64, cdf5, empty, text, zeros, full});
    std::map<std::string, std::string> why;
    for (const auto& u : c.unreadable) why[u.file] = u.error;
    EXPECT_EQ(why[cut], "truncated file: eof = 400000, stored_eof = " + std::to_string(bytes.size()));
    EXPECT_EQ(why[open].rfind("file is already open for write (may use <h5clear file>", 0), 0U)
        << why[open];
    EXPECT_EQ(why[classic], "not an HDF5 file (netCDF-3 classic format)");
    EXPECT_EQ(why[offset64], "not an HDF5 file (netCDF-3 64-bit offset format)");
    EXPECT_EQ(why[cdf5], "not an HDF5 file (netCDF-3 64-bit data format (CDF-5))");
    EXPECT_EQ(why[empty], "not an HDF5 file (the file is empty)");
    EXPECT_EQ(why[text], "not an HDF5 file (text: 'x,y')");
    EXPECT_EQ(why[zeros], "not an HDF5 file (its first 512 bytes are all zero)");
    EXPECT_EQ(c.unreadable.size(), 8U) << unreadable(c);
    EXPECT_EQ(dataset_paths(c), std::vector<std::string>{"/x"});
}

// An openable file with one corrupt object header: that dataset's row fails with the
// reason, the file and its other datasets do not.
TEST_F(CatalogTest, CorruptDatatypeFailsTheDatasetNotTheFile) {
    const std::string file = path("corrupt.h5");
    {
        H5Writer w(file);
        w.write("/bad", {3}, {1.0, 2.0, 3.0});
        w.write("/good", {3}, std::vector<std::int32_t>{1, 2, 3});
        w.close();
    }
    test::break_datatype_version(file);
    const Catalog c = build_catalog({file});
    EXPECT_TRUE(c.unreadable.empty()) << unreadable(c);
    ASSERT_EQ(dataset_paths(c), (std::vector<std::string>{"/bad", "/good"}));
    EXPECT_EQ(c.datasets[0].dtype.name, "unreadable: bad version number for datatype message");
    EXPECT_EQ(c.datasets[1].dtype.name, "int32");
}

// Catalog then plan, on a real file: every type that cannot be plotted is a failed row
// naming the type, whatever the kind; nothing throws.
TEST_F(CatalogTest, UnplottableTypesBecomeFailedRowsNamingTheType) {
    const std::string file = (dir_ / "types.h5").string();
    {
        H5Writer w(file);
        w.write_compound("/compound", 3);
        w.write_fixed_strings("/string_fixed", {"a", "bc"});
        w.write_vlen_strings("/string_vlen", {"a", "bc"});
        w.write_enum("/enum", {0, 1, 2});
        w.write_opaque("/opaque", {1, 2});
        w.write_references("/reference", 2);
        w.write_bitfield("/bitfield", {1, 2, 4});
        w.write_array_type("/array", 2);
        w.write_vlen_sequences("/sequence", 3);
        w.write_scalar("/scalar", 2.5);
        w.write_empty("/empty");
        w.close();
    }
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"/array", "array dataset cannot be plotted (only integer and float data)"},
        {"/bitfield", "bitfield dataset cannot be plotted"},
        {"/compound", "compound dataset cannot be plotted"},
        {"/empty", "empty dataset (shape 0)"},
        {"/enum", "enum dataset cannot be plotted"},
        {"/opaque", "opaque dataset cannot be plotted"},
        {"/reference", "reference dataset cannot be plotted"},
        {"/scalar", "scalar dataset"},
        {"/sequence", "variable-length sequence dataset cannot be plotted"},
        {"/string_fixed", "string (fixed length) dataset cannot be plotted"},
        {"/string_vlen", "string (variable length) dataset cannot be plotted"}};
    const Catalog catalog = build_catalog({file});
    for (const std::string kind : {"line", "heatmap", "scatter", "histogram"}) {
        Config config;
        config.output.dir = "/out";
        PlotRule rule = test::rule_of(kind, "", "/**");
        config.plots = {rule};
        const Plan plan = make_plan(config, catalog);
        ASSERT_EQ(plan.tasks.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(plan.tasks[i].read.dataset, expected[i].first);
            EXPECT_EQ(plan.tasks[i].job.error.rfind(expected[i].second, 0), 0U)
                << kind << ' ' << expected[i].first << ": " << plan.tasks[i].job.error;
        }
    }
}

TEST_F(CatalogTest, AttributeTextThatIsNotUtf8IsReadAsLatin1) {
    const std::string file = path("latin1.h5");
    {
        H5Writer w(file);
        w.write("/v", {2}, {1.0, 2.0});
        w.attr_bytes("/v", "units", "\xb5m", false, false);             // fixed, ASCII
        w.attr_bytes("/v", "degrees", "\xb0", true, false);             // variable, ASCII
        w.attr_bytes("/v", "bad_utf8", "\xb0" "C", false, true);        // fixed, UTF-8 declared
        w.attr_bytes("/v", "bad_utf8_vlen", "T \xe9t\xe9", true, true);  // variable, UTF-8
        w.attr_bytes("/v", "cut_utf8", "\xc2", false, true);            // a sequence cut short
        w.attr_bytes("/v", "surrogate", "\xed\xa0\x80", true, true);    // not a character
        w.attr_bytes("/v", "good_utf8", "\xc2\xb5m \xe2\x84\x83", true, true);
        w.attr_bytes("/v", "ascii", "K", false, false);
        w.close();
    }
    const Catalog c = build_catalog({file});
    const DatasetInfo* d = find(c, file, "/v");
    ASSERT_NE(d, nullptr);
    const std::map<std::string, std::string> expected = {
        {"units", "\xc2\xb5m"},           // µm
        {"degrees", "\xc2\xb0"},          // °
        {"bad_utf8", "\xc2\xb0" "C"},     // °C
        {"bad_utf8_vlen", "T \xc3\xa9t\xc3\xa9"},  // Té té
        {"cut_utf8", "\xc3\x82"},
        {"surrogate", "\xc3\xad\xc2\xa0\xc2\x80"},
        {"good_utf8", "\xc2\xb5m \xe2\x84\x83"},   // valid UTF-8 is kept as it is
        {"ascii", "K"}};
    EXPECT_EQ(d->attrs, expected);
}

TEST_F(CatalogTest, FilterThatIsNotInstalledIsTheDatasetsProblem) {
    const std::string file = path("filtered.h5");
    // Filter id 256 is reserved for testing: no plugin provides it.
    test::register_pass_through_filter(256, "plotcluster-pass-through");
    {
        H5Writer w(file);
        w.write_filtered("/needs_256", {1, 2, 3}, 256);
        w.write_filtered("/deflate", {1, 2, 3}, H5Z_FILTER_DEFLATE);
        w.write("/plain", {2}, {1.0, 2.0});
        w.close();
    }
    // While registered the data is readable, so no problem.
    EXPECT_EQ(find(build_catalog({file}), file, "/needs_256")->problem, "");
    test::unregister_filter(256);
    const Catalog c = build_catalog({file});
    const std::string why = find(c, file, "/needs_256")->problem;
    const std::string prefix =
        "dataset uses HDF5 filter 256 (plotcluster-pass-through), which is not installed (";
    EXPECT_EQ(why.rfind(prefix, 0), 0U) << why;
    const char* env = std::getenv("HDF5_PLUGIN_PATH");
    EXPECT_NE(why.find(env != nullptr ? std::string("HDF5_PLUGIN_PATH=") + env
                                      : std::string("HDF5_PLUGIN_PATH unset; plugins searched in /")),
              std::string::npos)
        << why;
    EXPECT_EQ(find(c, file, "/deflate")->problem, "");
    EXPECT_EQ(find(c, file, "/plain")->problem, "");
    // A rule matching it makes a failed row with that text.
    Config config;
    config.output.dir = "/out";
    PlotRule rule = test::rule_of("line", "", "/needs_256");
    config.plots = {rule};
    const Plan plan = make_plan(config, c);
    ASSERT_EQ(plan.tasks.size(), 1U);
    EXPECT_NE(plan.tasks[0].job.error.find(prefix), std::string::npos) << plan.tasks[0].job.error;
}

// With Debian's hdf5-filter-plugin (scripts/install-deps.sh) lz4 and bzip2 are plugins
// HDF5 loads by itself: such data is cataloged without a problem.
TEST_F(CatalogTest, InstalledFilterPluginsAreNoProblem) {
    const std::string file = path("plugins.h5");
    {
        H5Writer w(file);
        w.write_filtered("/lz4", {1, 2, 3}, 32004);
        w.write_filtered("/bzip2", {1, 2, 3}, 307);
        w.close();
    }
    const Catalog c = build_catalog({file});
    EXPECT_EQ(find(c, file, "/lz4")->problem, "");
    EXPECT_EQ(find(c, file, "/bzip2")->problem, "");
}

}  // namespace
}  // namespace plotcluster
