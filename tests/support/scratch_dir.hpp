#pragma once
// A fixture with a fresh folder per test under the system temp dir, removed afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace plotcluster::test {

class ScratchDirTest : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        // pid and counter keep parallel ctest runs and repeated tests apart.
        dir_ = std::filesystem::temp_directory_path() /
               ("plotcluster-" + std::string(info->test_suite_name()) + "-" +
                std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

}  // namespace plotcluster::test
