#include "plotcluster/config/dataset_glob.hpp"

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
    EXPECT_TRUE(dataset_glob_match("/a(1)+.x", "/a(1)+.x"));
    EXPECT_FALSE(dataset_glob_match("/a.x", "/abx"));
    EXPECT_TRUE(dataset_glob_match("/a\\b", "/a\\b"));
    EXPECT_TRUE(dataset_glob_match("/ü/*", "/ü/x"));
}

TEST(DatasetGlob, ClassMatchesOneListedCharacter) {
    EXPECT_TRUE(dataset_glob_match("/t[xyz]", "/tx"));
    EXPECT_TRUE(dataset_glob_match("/t[xyz]", "/tz"));
    EXPECT_FALSE(dataset_glob_match("/t[xyz]", "/ta"));
    EXPECT_FALSE(dataset_glob_match("/t[xyz]", "/t"));
    EXPECT_FALSE(dataset_glob_match("/t[xyz]", "/txy"));
    EXPECT_TRUE(dataset_glob_match("/fields/[rp]*", "/fields/rho"));
    EXPECT_TRUE(dataset_glob_match("/fields/[rp]*", "/fields/p"));
    EXPECT_FALSE(dataset_glob_match("/fields/[rp]*", "/fields/u"));
}

TEST(DatasetGlob, ClassRanges) {
    EXPECT_TRUE(dataset_glob_match("/t[0-9]", "/t0"));
    EXPECT_TRUE(dataset_glob_match("/t[0-9]", "/t9"));
    EXPECT_FALSE(dataset_glob_match("/t[0-9]", "/ta"));
    EXPECT_TRUE(dataset_glob_match("/run_[0-9][0-9]", "/run_42"));
    EXPECT_FALSE(dataset_glob_match("/run_[0-9][0-9]", "/run_4x"));
    EXPECT_TRUE(dataset_glob_match("/[a-cx-z_]", "/b"));
    EXPECT_TRUE(dataset_glob_match("/[a-cx-z_]", "/y"));
    EXPECT_TRUE(dataset_glob_match("/[a-cx-z_]", "/_"));
    EXPECT_FALSE(dataset_glob_match("/[a-cx-z_]", "/m"));
    EXPECT_FALSE(dataset_glob_match("/[a-z]", "/A"));  // case matters
}

TEST(DatasetGlob, NegatedClass) {
    EXPECT_TRUE(dataset_glob_match("/t[!x]", "/ty"));
    EXPECT_FALSE(dataset_glob_match("/t[!x]", "/tx"));
    EXPECT_TRUE(dataset_glob_match("/t[^0-9]", "/ta"));
    EXPECT_FALSE(dataset_glob_match("/t[^0-9]", "/t5"));
    EXPECT_FALSE(dataset_glob_match("/t[!x]", "/t"));
}

TEST(DatasetGlob, ClassNeverMatchesSlash) {
    EXPECT_FALSE(dataset_glob_match("/a[!x]b", "/a/b"));
    EXPECT_FALSE(dataset_glob_match("/a[!-~]b", "/a/b"));  // a range spanning '/'
    EXPECT_TRUE(dataset_glob_match("/a[!-~]b", "/a.b"));
}

TEST(DatasetGlob, BracketsAndDashesAsMembers) {
    EXPECT_TRUE(dataset_glob_match("/a[[]1]", "/a[1]"));
    EXPECT_TRUE(dataset_glob_match("/a[]]", "/a]"));
    EXPECT_TRUE(dataset_glob_match("/a[!]]", "/ab"));
    EXPECT_FALSE(dataset_glob_match("/a[!]]", "/a]"));
    EXPECT_TRUE(dataset_glob_match("/a[-x]", "/a-"));
    EXPECT_TRUE(dataset_glob_match("/a[x-]", "/a-"));
    EXPECT_FALSE(dataset_glob_match("/a[x-]", "/aw"));
    EXPECT_TRUE(dataset_glob_match("/a]", "/a]"));  // a lone ']' is literal
}

TEST(DatasetGlob, UnclosedBracketIsLiteral) {
    EXPECT_TRUE(dataset_glob_match("/a[1", "/a[1"));
    EXPECT_FALSE(dataset_glob_match("/a[1", "/a1"));
    EXPECT_TRUE(dataset_glob_match("/a[", "/a["));
}

TEST(DatasetGlob, ClassesAndQuestionMarksTakeWholeUtf8Characters) {
    EXPECT_TRUE(dataset_glob_match("/[äöü]", "/ü"));
    EXPECT_FALSE(dataset_glob_match("/[äö]", "/ü"));
    EXPECT_TRUE(dataset_glob_match("/[!a]", "/ü"));
    EXPECT_TRUE(dataset_glob_match("/?", "/ü"));
    EXPECT_FALSE(dataset_glob_match("/??", "/ü"));
    EXPECT_TRUE(dataset_glob_match("/[α-ω]x", "/λx"));
    // A byte that starts no UTF-8 character is a character of its own.
    EXPECT_TRUE(dataset_glob_match("/?", "/\xff"));
}

TEST(DatasetGlob, ProblemsOfMalformedPatterns) {
    EXPECT_EQ(dataset_glob_problem("/fields/[a-z]*"), "");
    EXPECT_EQ(dataset_glob_problem("/a[[]1]"), "");
    EXPECT_EQ(dataset_glob_problem("/a]"), "");
    EXPECT_EQ(dataset_glob_problem("/t[0-9"),
              "'[' at character 3 has no closing ']' (write '[[]' to match a '[' itself)");
    EXPECT_EQ(dataset_glob_problem("/ü[]"),
              "'[' at character 3 has no closing ']' (write '[[]' to match a '[' itself)");
    EXPECT_EQ(dataset_glob_problem("/t[z-a]"),
              "range 'z-a' in class '[z-a]' is reversed (write 'a-z')");
    EXPECT_NE(dataset_glob_problem("/a[/]b").find("class '[/]' lists '/'"), std::string::npos);
    EXPECT_NE(dataset_glob_problem("/a[!/x]b").find("class '[!/x]' lists '/'"),
              std::string::npos);
}

TEST(DatasetGlob, NoExponentialBlowUp) {
    const std::string path = "/" + std::string(5000, 'b') + "/" + std::string(5000, 'c');
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(dataset_glob_match("/**/**/**/**/**/**/**/**/a", path));
    EXPECT_FALSE(dataset_glob_match("*b*b*b*b*b*b*b*b*b*b*b*b*b*bx", path));
    EXPECT_TRUE(dataset_glob_match("/**/**c", path));
    EXPECT_FALSE(dataset_glob_match("/**[!b]*[!c]*[!b]*[!c]*[!b]*[!c]*[!b]x", path));
    EXPECT_TRUE(dataset_glob_match("/[b]**[a-c]", path));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(1));
}

}  // namespace
}  // namespace plotcluster
