#include "plotcluster/encode/atomic_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace plotcluster {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("plotcluster_atomic_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static std::string read(const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }

    // Every file below dir_, so a leftover temporary file is noticed.
    std::vector<fs::path> all_files() const {
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(dir_))
            if (!entry.is_directory()) files.push_back(entry.path());
        return files;
    }

    fs::path dir_;
};

TEST_F(AtomicFile, WritesBytes) {
    const std::vector<std::uint8_t> bytes = {0, 1, 2, 255, '\n'};
    write_file_atomically(dir_ / "a.bin", bytes);
    EXPECT_EQ(read(dir_ / "a.bin"), std::string("\0\1\2\xff\n", 5));
    EXPECT_EQ(all_files(), std::vector<fs::path>{dir_ / "a.bin"});
}

TEST_F(AtomicFile, WritesEmptyFile) {
    write_file_atomically(dir_ / "empty", std::string_view());
    EXPECT_TRUE(fs::exists(dir_ / "empty"));
    EXPECT_EQ(fs::file_size(dir_ / "empty"), 0u);
}

TEST_F(AtomicFile, OverwritesExistingFile) {
    write_file_atomically(dir_ / "a.txt", std::string_view("a much longer first version"));
    write_file_atomically(dir_ / "a.txt", std::string_view("second"));
    EXPECT_EQ(read(dir_ / "a.txt"), "second");
    EXPECT_EQ(all_files().size(), 1u);
}

TEST_F(AtomicFile, CreatesParentFolders) {
    const fs::path target = dir_ / "x" / "y z" / "plot.png";
    write_file_atomically(target, std::string_view("png"));
    EXPECT_EQ(read(target), "png");
    EXPECT_EQ(all_files(), std::vector<fs::path>{target});
}

TEST_F(AtomicFile, WritesLargeFile) {
    const std::string big(8 << 20, 'q');
    write_file_atomically(dir_ / "big", big);
    EXPECT_EQ(fs::file_size(dir_ / "big"), big.size());
}

// Tests run as root, so permissions cannot make a folder unwritable; a regular file
// where a folder should be fails for everyone.
TEST_F(AtomicFile, FailsWhenParentIsAFile) {
    write_file_atomically(dir_ / "file", std::string_view("not a folder"));
    const fs::path target = dir_ / "file" / "sub" / "a.png";
    try {
        write_file_atomically(target, std::string_view("data"));
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        const std::string expected = "cannot write '" + target.string() + "': ";
        EXPECT_EQ(message.rfind(expected, 0), 0u) << message;
    }
    EXPECT_EQ(all_files(), std::vector<fs::path>{dir_ / "file"});
}

TEST_F(AtomicFile, FailsWhenDirectParentIsAFile) {
    write_file_atomically(dir_ / "file", std::string_view("not a folder"));
    EXPECT_THROW(write_file_atomically(dir_ / "file" / "a.png", std::string_view("x")),
                 std::runtime_error);
    EXPECT_EQ(all_files(), std::vector<fs::path>{dir_ / "file"});
}

// The temporary file is written, then the rename fails: it must be removed again.
TEST_F(AtomicFile, FailsWhenTargetIsAFolderAndRemovesTemporaryFile) {
    fs::create_directories(dir_ / "taken" / "inside");
    try {
        write_file_atomically(dir_ / "taken", std::string_view("data"));
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find((dir_ / "taken").string()), std::string::npos);
    }
    EXPECT_TRUE(all_files().empty());
    EXPECT_TRUE(fs::is_directory(dir_ / "taken" / "inside"));
}

}  // namespace
}  // namespace plotcluster
