#include "plotcluster/plan/output_path.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace plotcluster {
namespace {

std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = path.find('/', start);
        parts.push_back(path.substr(start, end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

TEST(OutputPath, KeepsOrdinaryNames) {
    EXPECT_EQ(safe_relative_path("run_0001/fields/rho"), "run_0001/fields/rho");
    EXPECT_EQ(safe_relative_path("a b/c d"), "a b/c d");
    EXPECT_EQ(safe_relative_path("100%/x"), "100%/x");
    EXPECT_EQ(safe_relative_path("it's"), "it's");
    EXPECT_EQ(safe_relative_path("ρ [kg/m³]"), "ρ [kg/m³]");
    EXPECT_EQ(safe_relative_path("日本語/データ"), "日本語/データ");
    EXPECT_EQ(safe_relative_path("a.b..c"), "a.b..c");
}

TEST(OutputPath, DropsEmptyComponentsAndLeadingSlash) {
    EXPECT_EQ(safe_relative_path("/fields/rho"), "fields/rho");
    EXPECT_EQ(safe_relative_path("a//b///c/"), "a/b/c");
    EXPECT_EQ(safe_relative_path("//"), "_");
    EXPECT_EQ(safe_relative_path(""), "_");
}

TEST(OutputPath, ReplacesDotComponents) {
    EXPECT_EQ(safe_relative_path(".."), "__");
    EXPECT_EQ(safe_relative_path("."), "_");
    EXPECT_EQ(safe_relative_path("../../etc/passwd"), "__/__/etc/passwd");
    EXPECT_EQ(safe_relative_path("a/./b/../c"), "a/_/b/__/c");
    EXPECT_EQ(safe_relative_path("..."), "...");
    EXPECT_EQ(safe_relative_path(".hidden"), ".hidden");
}

TEST(OutputPath, ReplacesUnsafeBytes) {
    EXPECT_EQ(safe_relative_path("a\nb"), "a_b");
    EXPECT_EQ(safe_relative_path("tab\there"), "tab_here");
    EXPECT_EQ(safe_relative_path(std::string("nul\0x", 5)), "nul_x");
    EXPECT_EQ(safe_relative_path("del\x7f"), "del_");
    EXPECT_EQ(safe_relative_path(R"(q"uote)"), "q_uote");
    EXPECT_EQ(safe_relative_path(R"(a\b:c*d?e<f>g|h)"), "a_b_c_d_e_f_g_h");
    EXPECT_EQ(safe_relative_path("bad\xff\xc3utf8"), "bad__utf8");
    EXPECT_EQ(safe_relative_path("\xc0\xaf"), "__");  // overlong '/'
}

TEST(OutputPath, ShortensLongComponentsDistinctly) {
    const std::string a(300, 'a');
    const std::string b = std::string(299, 'a') + "b";
    const std::string short_a = safe_relative_path(a);
    const std::string short_b = safe_relative_path(b);
    EXPECT_LE(short_a.size(), 200u);
    EXPECT_NE(short_a, short_b);
    EXPECT_EQ(short_a.substr(0, 191), a.substr(0, 191));
    EXPECT_EQ(short_a[191], '~');
    EXPECT_EQ(safe_relative_path(a), short_a);  // stable
    EXPECT_EQ(safe_relative_path("dir/" + a), "dir/" + short_a);
    EXPECT_EQ(safe_relative_path(std::string(200, 'x')), std::string(200, 'x'));
}

TEST(OutputPath, ShortensOnCharacterBoundary) {
    std::string name;
    for (int i = 0; i < 150; ++i) name += "é";  // 2 bytes each
    name = "x" + name;                           // so byte 191 falls mid-character
    const std::string result = safe_relative_path(name);
    ASSERT_LE(result.size(), 200u);
    const std::size_t tilde = result.rfind('~');
    ASSERT_NE(tilde, std::string::npos);
    EXPECT_EQ(result.size() - tilde, 9u);
    EXPECT_EQ(result.substr(0, tilde), name.substr(0, tilde));
    EXPECT_EQ(tilde % 2, 1u);  // "x" plus whole "é"s
}

// Whatever bytes a dataset name holds, the result stays below output.dir.
TEST(OutputPath, NeverEscapesForRandomInput) {
    std::mt19937 rng(12345);
    static constexpr char bytes[] = "./\\:\0\n a\xc3\xa9\xff";
    const std::string alphabet(bytes, sizeof bytes - 1);  // keeps the NUL
    for (int round = 0; round < 20000; ++round) {
        std::string input(rng() % 40 + (round % 100 == 0 ? 400 : 0), '\0');
        for (char& c : input)
            c = rng() % 2 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng());
        const std::string result = safe_relative_path(input);
        ASSERT_FALSE(result.empty());
        ASSERT_NE(result.front(), '/') << input;
        for (const std::string& part : components(result)) {
            ASSERT_FALSE(part.empty()) << result;
            ASSERT_NE(part, ".");
            ASSERT_NE(part, "..");
            ASSERT_LE(part.size(), 200u);
            for (const char c : part) {
                const auto u = static_cast<unsigned char>(c);
                ASSERT_TRUE(u >= 0x20 && u != 0x7f) << "control byte in " << result;
            }
        }
    }
}

}  // namespace
}  // namespace plotcluster
