// HDF5's error stack as text (hdf5/h5_handle.hpp), and the messages that carry it: files
// that fail in known ways say what HDF5 found, in which dataset of which file. The
// expected texts are what HDF5 1.10.8 (Debian 12) puts on its stack.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <span>
#include <string>
#include <vector>

#include "hdf5/h5_handle.hpp"
#include "plotcluster/hdf5/hdf5_catalog.hpp"
#include "plotcluster/error.hpp"
#include "plotcluster/hdf5/reader.hpp"
#include "support/h5_writer.hpp"
#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

using h5::ErrorFrame;
using test::H5Writer;

// --- error_text: which frames are kept --------------------------------------------------

// The frames of a truncated file's H5Fopen, innermost first, as HDF5 1.10.8 gives them.
const std::vector<ErrorFrame> truncated_open = {
    {"truncated file: eof = 42264, sblock->base_addr = 0, stored_eof = 84528",
     "File accessibility", "File has been truncated"},
    {"unable to read superblock", "File accessibility", "Read failed"},
    {"unable to open file", "File accessibility", "Unable to open file"}};

TEST(ErrorText, TheFrameThatSaysSomethingWithoutTheWrappers) {
    EXPECT_EQ(h5::error_text(truncated_open), "truncated file: eof = 42264, stored_eof = 84528");
}

TEST(ErrorText, WhereInTheFileIsKept) {
    const std::vector<ErrorFrame> corrupt_chunk = {
        {"inflate() failed", "Data filters", "Unable to initialize object"},
        {"filter returned failure during read", "Data filters", "Read failed"},
        {"data pipeline read failed", "Dataset", "Filter operation failed"},
        {"unable to read raw data chunk", "Low-level I/O", "Read failed"},
        {"can't read data", "Dataset", "Read failed"},
        {"can't read data", "Dataset", "Read failed"}};
    EXPECT_EQ(h5::error_text(corrupt_chunk), "inflate() failed; unable to read raw data chunk");
    // Said once, and not when the cause says it already.
    const std::vector<ErrorFrame> checksum = {
        {"incorrect metadata checksum after all read attempts", "Object cache", "Read failed"},
        {"can't load entry", "Object cache", "Unable to load metadata into cache"},
        {"unable to load object header", "Object header", "Unable to protect metadata"},
        {"unable to load object header", "Object header", "Unable to protect metadata"},
        {"unable to open dataset", "Dataset", "Can't open object"}};
    EXPECT_EQ(h5::error_text(checksum),
              "incorrect metadata checksum after all read attempts; unable to load object header");
    const std::vector<ErrorFrame> btree = {
        {"wrong B-tree signature", "B-Tree node", "Bad value"},
        {"unable to load B-tree node", "B-Tree node", "Unable to protect metadata"}};
    EXPECT_EQ(h5::error_text(btree), "wrong B-tree signature");
}

TEST(ErrorText, AnOuterFrameNamingTheSameFileReplacesTheInnerOne) {
    const std::vector<ErrorFrame> external = {
        {"unable to open file, file name = 'det.h5', temp_file_name = 'det.h5'",
         "File accessibility", "Unable to open file"},
        {"unable to open external file, external link file name = 'det.h5'", "Links",
         "Unable to open file"},
        {"traversal callback returned invalid ID", "Symbol table", "Unable to find atom information"},
        {"user-defined link traversal failed", "Links", "Link traversal failure"},
        {"unable to open dataset", "Dataset", "Can't open object"}};
    EXPECT_EQ(h5::error_text(external),
              "unable to open external file, external link file name = 'det.h5'");
    // Different names are both kept, inner first; an apostrophe names nothing.
    const std::vector<ErrorFrame> two = {
        {"object 'rho' doesn't exist", "Symbol table", "Object not found"},
        {"can't open 'x'", "Dataset", ""},
        {"unable to open file 'b.h5'", "File accessibility", ""}};
    EXPECT_EQ(h5::error_text(two), "object 'rho' doesn't exist; can't open 'x'; unable to open file 'b.h5'");
}

TEST(ErrorText, TheSystemsWordsOnOneLine) {
    const std::vector<ErrorFrame> missing = {
        {"unable to open file: name = 'gone.h5', errno = 2, error message = 'No such file or "
         "directory', flags = 0, o_flags = 0",
         "File accessibility", "Unable to open file"},
        {"open failed", "Virtual File Layer", "Unable to initialize object"},
        {"unable to open file: time = Tue Dec  1 23:32:05 2026\n, name = 'gone.h5', tent_flags = 0",
         "File accessibility", "Unable to open file"},
        {"unable to open file", "File accessibility", "Unable to open file"}};
    EXPECT_EQ(h5::error_text(missing), "No such file or directory");
    const std::vector<ErrorFrame> broken = {{"line one\nline two\r", "", ""}};
    EXPECT_EQ(h5::error_text(broken), "line one line two");
}

TEST(ErrorText, OnlyWrappersGiveTheErrorClassAndNoFramesSayUnknown) {
    EXPECT_EQ(h5::error_text({}), "unknown HDF5 error");
    EXPECT_EQ(h5::error_text({{"not found", "Dataset", "Object not found"},
                              {"unable to open dataset", "Dataset", "Can't open object"}}),
              "Object not found");
    EXPECT_EQ(h5::error_text({{"", "", ""}}), "unknown HDF5 error");
}

TEST(ErrorText, BoundedInLength) {
    std::vector<ErrorFrame> many;
    many.reserve(51);
    for (int i = 0; i < 50; ++i)
        many.push_back({"cannot open 'object_" + std::to_string(i) + "' = " + std::to_string(i), "", ""});
    many.insert(many.begin(), {std::string(1000, 'x'), "", ""});
    const std::string text = h5::error_text(many);
    EXPECT_LE(text.size(), 400U) << text;
    EXPECT_EQ(text.rfind(std::string(150, 'x'), 0), 0U) << text;
    EXPECT_EQ(text.find('\n'), std::string::npos);
    // Cut before a character, not inside one.
    const std::string accents(300, 'a');
    std::string utf8;
    for (int i = 0; i < 200; ++i) utf8 += "\u00b5";
    const std::string cut = h5::error_text({{accents.substr(0, 198) + utf8, "", ""}});
    EXPECT_EQ(cut.substr(cut.size() - 3), "\u2026");
    EXPECT_NE(static_cast<unsigned char>(cut[cut.size() - 4]), 0xC2U) << "a half character";
}

// --- real files: the reader's and the catalog's messages -------------------------------

class Hdf5ErrorTest : public test::ScratchDirTest {
protected:
    // The DatasetError message of reading `dataset` whole, or "" when nothing is thrown.
    static std::string read_error(const std::string& file, const std::string& dataset, int rank = 0) {
        Reader reader(rank);
        try {
            reader.read(file, dataset);
        } catch (const DatasetError& e) {
            return e.what();
        }
        return {};
    }
    static std::string prefix(const std::string& file, const std::string& dataset, int rank = 0) {
        return "hdf5: cannot read dataset '" + dataset + "' in '" + file + "' (rank " +
               std::to_string(rank) + "): ";
    }
    static std::vector<double> ramp(std::size_t n) {
        std::vector<double> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = 0.37 * static_cast<double>(i);
        return v;
    }
};

TEST_F(Hdf5ErrorTest, TruncatedFileSaysHowShort) {
    const std::string full = path("run_0042.h5");
    {
        H5Writer w(full);
        w.write("/fields/rho", {20000}, ramp(20000));
        w.close();
    }
    const auto size = std::filesystem::file_size(full);
    const std::string cut = path("cut.h5");
    test::truncate_copy(full, cut, 50000);
    EXPECT_EQ(read_error(cut, "/fields/rho", 3),
              prefix(cut, "/fields/rho", 3) + "cannot open the file: truncated file: eof = 50000, "
                                              "stored_eof = " + std::to_string(size));
    const Catalog c = build_catalog({cut});
    ASSERT_EQ(c.unreadable.size(), 1U);
    EXPECT_EQ(c.unreadable[0].error, "truncated file: eof = 50000, stored_eof = " + std::to_string(size));
}

TEST_F(Hdf5ErrorTest, CorruptDeflatedChunkSaysInflateFailedInAChunk) {
    const std::string file = path("deflated.h5");
    {
        H5Writer w(file);
        w.write_chunked("/fields/rho", ramp(10000), 1000, {.deflate = true});
        w.close();
    }
    test::corrupt_chunk(file, "/fields/rho", 3);
    const std::string why = "inflate() failed; unable to read raw data chunk";
    EXPECT_EQ(read_error(file, "/fields/rho"), prefix(file, "/fields/rho") + why);
    // Streamed, the chunks before the broken one are read, then the same message.
    Reader reader(1);
    std::size_t read = 0;
    std::string streamed;
    try {
        reader.read_chunks(file, "/fields/rho", {}, 1000,
                           [&read](std::span<const double> v) { read += v.size(); });
    } catch (const DatasetError& e) {
        streamed = e.what();
    }
    EXPECT_EQ(streamed, prefix(file, "/fields/rho", 1) + why);
    EXPECT_EQ(read, 3000U);
    // The catalog reads no data: the dataset is listed as it is.
    const Catalog c = build_catalog({file});
    ASSERT_EQ(c.datasets.size(), 1U);
    EXPECT_EQ(c.datasets[0].problem, "");
    EXPECT_EQ(c.datasets[0].shape, (std::vector<std::uint64_t>{10000}));
}

TEST_F(Hdf5ErrorTest, CorruptChecksummedChunkSaysTheChecksumFailed) {
    const std::string file = path("checked.h5");
    {
        H5Writer w(file);
        w.write_chunked("/fields/rho", ramp(4000), 1000, {.fletcher32 = true});
        w.close();
    }
    test::corrupt_chunk(file, "/fields/rho", 0);
    EXPECT_EQ(read_error(file, "/fields/rho", 2),
              prefix(file, "/fields/rho", 2) +
                  "data error detected by Fletcher32 checksum; unable to read raw data chunk");
}

TEST_F(Hdf5ErrorTest, MissingFilterIsNamedByTheStackAndByTheReader) {
    const std::string file = path("filtered.h5");
    test::register_pass_through_filter(257, "plotcluster-pass-through");
    {
        H5Writer w(file);
        w.write_filtered("/fields/rho", {1, 2, 3}, 257);
        w.close();
    }
    test::unregister_filter(257);
    // HDF5's own stack names the filter...
    h5::quiet_errors();
    {
        h5::Handle f = h5::open_read_only(file);
        ASSERT_TRUE(f);
        h5::Handle ds = h5::dataset_handle(H5Dopen2(f.get(), "/fields/rho", H5P_DEFAULT));
        ASSERT_TRUE(ds);
        double values[3];
        ASSERT_LT(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), 0);
        EXPECT_EQ(h5::last_error(),
                  "required filter 'plotcluster-pass-through' is not registered; unable to read "
                  "raw data chunk");
    }
    // ... and the reader says what to do about it.
    const std::string why = read_error(file, "/fields/rho");
    EXPECT_EQ(why.rfind(prefix(file, "/fields/rho") +
                            "dataset uses HDF5 filter 257 (plotcluster-pass-through), which is "
                            "not installed (HDF5_PLUGIN_PATH",
                        0),
              0U)
        << why;
}

TEST_F(Hdf5ErrorTest, WrongExternalLinkSaysWhichLinkAndWhatIsMissing) {
    const std::string target = path("target.h5");
    {
        H5Writer w(target);
        w.write("/x", {3}, {1, 2, 3});
        w.close();
    }
    const std::string master = path("master.h5");
    {
        H5Writer w(master);
        w.external_link("/entry/wrong_path", "target.h5", "/fields/nope");
        w.external_link("/entry/wrong_file", "gone.h5", "/x");
        w.soft_link("/latest", "/nowhere");
        w.write("/fields/present", {1}, {1.0});
        w.close();
    }
    EXPECT_EQ(read_error(master, "/entry/wrong_path"),
              prefix(master, "/entry/wrong_path") +
                  "component not found (via external link '/entry/wrong_path' -> "
                  "'target.h5:/fields/nope')");
    EXPECT_EQ(read_error(master, "/entry/wrong_file"),
              prefix(master, "/entry/wrong_file") +
                  "unable to open external file, external link file name = 'gone.h5' (via "
                  "external link '/entry/wrong_file' -> 'gone.h5:/x')");
    EXPECT_EQ(read_error(master, "/latest"),
              prefix(master, "/latest") +
                  "component not found; unable to follow symbolic link (via soft link '/latest' "
                  "-> '/nowhere')");
    // A plain missing name has no link to show.
    EXPECT_EQ(read_error(master, "/fields/absent"),
              prefix(master, "/fields/absent") + "object 'absent' doesn't exist");
}

TEST_F(Hdf5ErrorTest, CorruptObjectHeaderFailsThatDatasetWithTheReason) {
    const std::string file = path("corrupt.h5");
    {
        H5Writer w(file);
        w.write("/fields/rho", {3}, {1.0, 2.0, 3.0});
        w.close();
    }
    test::break_datatype_version(file);
    EXPECT_EQ(read_error(file, "/fields/rho"),
              prefix(file, "/fields/rho") + "bad version number for datatype message");
}

}  // namespace
}  // namespace plotcluster
