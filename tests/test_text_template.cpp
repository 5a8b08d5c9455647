#include "plotcluster/config/text_template.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <vector>
#include <string>

#include "plotcluster/error.hpp"

namespace plotcluster {
namespace {

TemplateContext context(const std::map<std::string, std::string>* attrs = nullptr) {
    return {"run_0001.h5", "run_0001", "/fields/rho", "rho", attrs};
}

TEST(TextTemplate, ExpandsEveryPlaceholder) {
    const std::map<std::string, std::string> attrs = {{"units", "kg/m^3"},
                                                      {"long name", "Density"}};
    const auto ctx = context(&attrs);
    EXPECT_EQ(expand_template("{file_stem}/{dataset}", ctx), "run_0001//fields/rho");
    EXPECT_EQ(expand_template("{file}:{name}", ctx), "run_0001.h5:rho");
    EXPECT_EQ(expand_template("{attr:long name} [{attr:units}]", ctx), "Density [kg/m^3]");
    EXPECT_EQ(expand_template("plain text", ctx), "plain text");
    EXPECT_EQ(expand_template("", ctx), "");
}

// {slice} leaves its place empty and says where it was: the text goes in once the data
// is read. Only a title may hold it.
TEST(TextTemplate, SliceMarksItsPlace) {
    auto ctx = context();
    std::vector<std::size_t> at;
    ctx.slice_at = &at;
    EXPECT_EQ(expand_template("{name} at {slice} ({slice}){{slice}}", ctx), "rho at  (){slice}");
    EXPECT_EQ(at, (std::vector<std::size_t>{7, 9}));
    EXPECT_EQ(check_template("{name} at {slice}", true), std::nullopt);
    EXPECT_EQ(check_template("{name} at {slice}"),
              "'{slice}' is known only once the data is read: only a rule's title may use it");
    EXPECT_EQ(check_template("{slice}{{slice}}", false),
              "'{slice}' is known only once the data is read: only a rule's title may use it");
    EXPECT_EQ(check_template("{{slice}}"), std::nullopt);
    EXPECT_EQ(check_template("{slices}", true), "unknown placeholder '{slices}' (did you mean '{slice}'?)");
    ctx.slice_at = nullptr;
    EXPECT_THROW(static_cast<void>(expand_template("{slice}", ctx)), std::invalid_argument);
    // A missing attribute before the {slice} does not hide that the template was never
    // valid there (found by fuzz_output_path): the caller's bug, not the dataset's.
    EXPECT_THROW(static_cast<void>(expand_template("{attr:missing}{slice}", ctx)),
                 std::invalid_argument);
}

TEST(TextTemplate, DoubledBracesAreLiteral) {
    const auto ctx = context();
    EXPECT_EQ(expand_template("{{name}}", ctx), "{name}");
    EXPECT_EQ(expand_template("{{{name}}}", ctx), "{rho}");
    EXPECT_EQ(expand_template("a}}b{{c", ctx), "a}b{c");
    EXPECT_EQ(check_template("{{}}"), std::nullopt);
}

TEST(TextTemplate, AcceptsValidTemplates) {
    EXPECT_EQ(check_template("{file_stem}/{dataset}"), std::nullopt);
    EXPECT_EQ(check_template("{attr:units}"), std::nullopt);
    EXPECT_EQ(check_template("no placeholders"), std::nullopt);
}

TEST(TextTemplate, RejectsUnknownPlaceholderWithSuggestion) {
    EXPECT_EQ(check_template("{datset}"),
              "unknown placeholder '{datset}' (did you mean '{dataset}'?)");
    EXPECT_EQ(check_template("x {stem}"), "unknown placeholder '{stem}'");
    EXPECT_EQ(check_template("{}"), "unknown placeholder '{}'");
    EXPECT_EQ(check_template("{attr}"), "'{attr}' needs an attribute name, as in '{attr:units}'");
}

TEST(TextTemplate, RejectsBadBraces) {
    EXPECT_EQ(check_template("{name"), "unclosed '{' (write '{{' for a literal brace)");
    EXPECT_EQ(check_template("{na{me}"), "unclosed '{' (write '{{' for a literal brace)");
    EXPECT_EQ(check_template("a}b"), "unmatched '}' (write '}}' for a literal brace)");
    EXPECT_EQ(check_template("{name}}"), "unmatched '}' (write '}}' for a literal brace)");
    EXPECT_EQ(check_template("{attr:}"), "empty attribute name in '{attr:}'");
}

TEST(TextTemplate, MissingAttributeIsADatasetError) {
    const std::map<std::string, std::string> attrs = {{"units", "m"}};
    const auto ctx = context(&attrs);
    try {
        expand_template("{attr:long_name}", ctx);
        FAIL() << "expected DatasetError";
    } catch (const DatasetError& e) {
        EXPECT_STREQ(e.what(), "template '{attr:long_name}': dataset has no attribute 'long_name'");
    }
    // No attribute map at all behaves like an empty one.
    EXPECT_THROW(expand_template("{attr:units}", context()), DatasetError);
}

TEST(TextTemplate, ExpandingAnUncheckedTemplateThrows) {
    EXPECT_THROW(expand_template("{bogus}", context()), std::invalid_argument);
}

}  // namespace
}  // namespace plotcluster
