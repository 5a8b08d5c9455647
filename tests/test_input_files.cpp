#include "plotcluster/catalog/input_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "plotcluster/error.hpp"

#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class InputFiles : public test::ScratchDirTest {
protected:

    void touch(const fs::path& relative) const {
        fs::create_directories((dir_ / relative).parent_path());
        std::ofstream(dir_ / relative) << "x";
    }
    std::string at(const fs::path& relative) const { return (dir_ / relative).string(); }

    // The SetupError message for `patterns`, or "" when nothing is thrown.
    std::string error_of(const std::vector<std::string>& patterns) const {
        try {
            expand_input_files(patterns, dir_);
        } catch (const SetupError& e) {
            return e.what();
        }
        return {};
    }
};

TEST_F(InputFiles, LiteralNameIsResolvedAgainstBaseDir) {
    touch("run.h5");
    EXPECT_EQ(expand_input_files({"run.h5"}, dir_), std::vector<std::string>{at("run.h5")});
}

TEST_F(InputFiles, GlobIsExpandedRelativeToBaseDirAndSorted) {
    // Created out of order; the result is sorted by name, and only matches are listed.
    for (const char* name : {"run_10.h5", "run_02.h5", "run_2.h5", "run_01.h5", "notes.txt"}) {
        touch(name);
    }
    const std::vector<std::string> expected = {at("run_01.h5"), at("run_02.h5"), at("run_10.h5"),
                                               at("run_2.h5")};
    EXPECT_EQ(expand_input_files({"run_*.h5"}, dir_), expected);
    EXPECT_EQ(expand_input_files({"*.h5"}, dir_), expected);
}

TEST_F(InputFiles, GlobInSubfolder) {
    touch("data/b.h5");
    touch("data/a.h5");
    touch("other/c.h5");
    EXPECT_EQ(expand_input_files({"data/*.h5"}, dir_),
              (std::vector<std::string>{at("data/a.h5"), at("data/b.h5")}));
    EXPECT_EQ(expand_input_files({"*/*.h5"}, dir_),
              (std::vector<std::string>{at("data/a.h5"), at("data/b.h5"), at("other/c.h5")}));
}

TEST_F(InputFiles, AbsolutePatternIgnoresBaseDir) {
    touch("abs/x.h5");
    const fs::path elsewhere = dir_ / "unrelated";
    fs::create_directories(elsewhere);
    EXPECT_EQ(expand_input_files({(dir_ / "abs" / "*.h5").string()}, elsewhere),
              std::vector<std::string>{at("abs/x.h5")});
}

TEST_F(InputFiles, PatternOrderIsKeptAndEachPatternSorted) {
    for (const char* name : {"b2.h5", "b1.h5", "a2.h5", "a1.h5"}) touch(name);
    const std::vector<std::string> expected = {at("b1.h5"), at("b2.h5"), at("a1.h5"), at("a2.h5")};
    EXPECT_EQ(expand_input_files({"b*.h5", "a*.h5"}, dir_), expected);
}

TEST_F(InputFiles, DuplicatesAreDroppedKeepingFirstOccurrence) {
    for (const char* name : {"a.h5", "b.h5", "c.h5"}) touch(name);
    EXPECT_EQ(expand_input_files({"b.h5", "*.h5", "a.h5", "?.h5"}, dir_),
              (std::vector<std::string>{at("b.h5"), at("a.h5"), at("c.h5")}));
    EXPECT_EQ(expand_input_files({"c.h5", "c.h5"}, dir_), std::vector<std::string>{at("c.h5")});
}

TEST_F(InputFiles, NoPatternsGiveNoFiles) {
    EXPECT_TRUE(expand_input_files({}, dir_).empty());
}

TEST_F(InputFiles, PatternWithoutMatchesNamesIndexAndPattern) {
    touch("a.h5");
    const std::string message = error_of({"a.h5", "missing_*.h5"});
    EXPECT_NE(message.find("input.files[1]"), std::string::npos) << message;
    EXPECT_NE(message.find("missing_*.h5"), std::string::npos) << message;
    EXPECT_EQ(message.find("input.files[0]"), std::string::npos) << message;
}

TEST_F(InputFiles, MissingLiteralFileIsAnError) {
    const std::string message = error_of({"nope.h5"});
    EXPECT_NE(message.find("input.files[0]"), std::string::npos) << message;
    EXPECT_NE(message.find("nope.h5"), std::string::npos) << message;
}

TEST_F(InputFiles, FirstFailingPatternIsReported) {
    const std::string message = error_of({"x*.h5", "y*.h5"});
    EXPECT_NE(message.find("input.files[0]"), std::string::npos) << message;
    EXPECT_NE(message.find("x*.h5"), std::string::npos) << message;
}

TEST_F(InputFiles, GlobMatchingDirectoryIsAnError) {
    touch("a.h5");
    fs::create_directories(dir_ / "b.h5");  // a folder named like a data file
    const std::string message = error_of({"*.h5"});
    ASSERT_FALSE(message.empty()) << "a folder matched by a glob must be an error";
    EXPECT_NE(message.find("input.files[0]"), std::string::npos) << message;
    EXPECT_NE(message.find("*.h5"), std::string::npos) << message;
    EXPECT_NE(message.find("directory"), std::string::npos) << message;
}

TEST_F(InputFiles, LiteralDirectoryIsAnError) {
    fs::create_directories(dir_ / "data");
    touch("x.h5");
    const std::string message = error_of({"x.h5", "data"});
    ASSERT_FALSE(message.empty());
    EXPECT_NE(message.find("input.files[1]"), std::string::npos) << message;
    EXPECT_NE(message.find("directory"), std::string::npos) << message;
}

// The base folder is a place, not a pattern: glob characters in its name are literal.
TEST_F(InputFiles, BaseDirWithGlobCharactersIsTakenLiterally) {
    const fs::path base = dir_ / "results [v2]";
    fs::create_directories(base);
    std::ofstream(base / "a.h5") << "x";
    std::ofstream(base / "b.h5") << "x";
    std::vector<std::string> files;
    ASSERT_NO_THROW(files = expand_input_files({"*.h5"}, base));
    EXPECT_EQ(files, (std::vector<std::string>{(base / "a.h5").string(),
                                               (base / "b.h5").string()}));
}

// Paths are shown as the file's plain name: "cfg/../data/x.h5" is "data/x.h5", and two
// spellings of one file count once.
TEST_F(InputFiles, PathsAreNormalizedAndCountOnce) {
    touch("data/x.h5");
    touch("data/y.h5");
    fs::create_directories(dir_ / "cfg");
    const fs::path cfg = dir_ / "cfg";
    EXPECT_EQ(expand_input_files({"../data/x.h5"}, cfg), std::vector<std::string>{at("data/x.h5")});
    EXPECT_EQ(expand_input_files({"./../data/./*.h5", "../data/x.h5", "../cfg/../data/y.h5"}, cfg),
              (std::vector<std::string>{at("data/x.h5"), at("data/y.h5")}));
    EXPECT_EQ(expand_input_files({(dir_ / "cfg/../data//x.h5").string()}, cfg),
              std::vector<std::string>{at("data/x.h5")});
}

// Behind a symbolic link ".." is the link target's parent, not the lexical one: such a
// path is kept as spelled, so it still names the file that was matched.
TEST_F(InputFiles, DotDotBehindASymlinkIsKept) {
    touch("real/deep/data/z.h5");
    fs::create_directories(dir_ / "real/deep/cfg");
    fs::create_directory_symlink(dir_ / "real/deep/cfg", dir_ / "link");
    const std::vector<std::string> files = expand_input_files({"link/../data/z.h5"}, dir_);
    ASSERT_EQ(files.size(), 1U);
    EXPECT_EQ(files[0], at("link/../data/z.h5"));
    EXPECT_TRUE(fs::is_regular_file(files[0]));
}

}  // namespace
}  // namespace plotcluster
