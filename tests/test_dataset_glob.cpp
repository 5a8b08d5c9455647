#include "plotcluster/plan/dataset_glob.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace plotcluster {
namespace {

TEST(DatasetGlob, Literal) {
    EXPECT_TRUE(dataset_glob_match("/fields/rho", "/fields/rho"));
    EXPECT_FALSE(dataset_glob_match("/fields/rho", "/fields/rh"));
    EXPECT_FALSE(dataset_glob_match("/fields/rho", "/fields/rhox"));
    EXPECT_TRUE(dataset_glob_match("", ""));
    EXPECT_FALSE(dataset_glob_match("", "/a"));
}

TEST(DatasetGlob, StarStaysInOneGroup) {
    EXPECT_TRUE(dataset_glob_match("/fields/*", "/fields/a"));
    EXPECT_TRUE(dataset_glob_match("/fields/*", "/fields/"));
    EXPECT_FALSE(dataset_glob_match("/fields/*", "/fields/g/b"));
    EXPECT_TRUE(dataset_glob_match("/*/rho", "/fields/rho"));
    EXPECT_FALSE(dataset_glob_match("/*/rho", "/a/b/rho"));
    EXPECT_TRUE(dataset_glob_match("/f*s/r*", "/fields/rho"));
    EXPECT_TRUE(dataset_glob_match("/*_x", "/a_x_x"));
    EXPECT_FALSE(dataset_glob_match("*", "/a"));
}

TEST(DatasetGlob, DoubleStarCrossesGroups) {
    EXPECT_TRUE(dataset_glob_match("/fields/**", "/fields/a"));
    EXPECT_TRUE(dataset_glob_match("/fields/**", "/fields/g/b"));
    EXPECT_FALSE(dataset_glob_match("/fields/**", "/fieldsx/a"));
    EXPECT_FALSE(dataset_glob_match("/fields/**", "/fields"));
    EXPECT_TRUE(dataset_glob_match("/**/rho", "/a/b/c/rho"));
    EXPECT_TRUE(dataset_glob_match("/**/rho", "/a/rho"));
    // "**" matches characters; the slashes around it are literal, so a root dataset
    // needs "**/rho" or "/**rho".
    EXPECT_FALSE(dataset_glob_match("/**/rho", "/rho"));
    EXPECT_TRUE(dataset_glob_match("**/rho", "/rho"));
    EXPECT_TRUE(dataset_glob_match("/**", "/a/b"));
    EXPECT_TRUE(dataset_glob_match("**", ""));
    EXPECT_TRUE(dataset_glob_match("/a/***", "/a/b/c"));  // like "**"
    EXPECT_TRUE(dataset_glob_match("/**_t", "/x/y_t"));
}

TEST(DatasetGlob, QuestionMarkIsOneCharacterNotSlash) {
    EXPECT_TRUE(dataset_glob_match("/t?", "/t1"));
    EXPECT_FALSE(dataset_glob_match("/t?", "/t"));
    EXPECT_FALSE(dataset_glob_match("/t?", "/t12"));
    EXPECT_FALSE(dataset_glob_match("/a?b", "/a/b"));
}

TEST(DatasetGlob, OtherCharactersAreLiteral) {
    EXPECT_TRUE(dataset_glob_match("/a[1]", "/a[1]"));
    EXPECT_FALSE(dataset_glob_match("/a[1]", "/a1"));
    EXPECT_TRUE(dataset_glob_match("/ü/*", "/ü/x"));
}

TEST(DatasetGlob, NoExponentialBlowUp) {
    const std::string path = "/" + std::string(5000, 'b') + "/" + std::string(5000, 'c');
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(dataset_glob_match("/**/**/**/**/**/**/**/**/a", path));
    EXPECT_FALSE(dataset_glob_match("*b*b*b*b*b*b*b*b*b*b*b*b*b*bx", path));
    EXPECT_TRUE(dataset_glob_match("/**/**c", path));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(1));
}

}  // namespace
}  // namespace plotcluster
