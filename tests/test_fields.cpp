// Field lists (core/fields.hpp): each list visits every member of its struct exactly once,
// for every struct that crosses ranks (comm.hpp) or feeds the fingerprint. The archive
// round trip is in test_comm, the fingerprint's coverage in test_fingerprint.
#include "plotcluster/core/fields.hpp"

#include <cxxabi.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <map>
#include <set>
#include <string>
#include <typeindex>

#include "plotcluster/comm/comm.hpp"
#include "plotcluster/plan/fingerprint.hpp"
#include "support/field_walk.hpp"

namespace plotcluster {
namespace {

struct Empty {};
struct Inner {
    int a = 0;
    double b = 0;
};
struct Mixed {
    std::string s;
    std::optional<std::string> o;
    Inner inner;  // one member, not two: an aggregate member is initialized whole
    std::vector<Inner> list;
    std::variant<int, std::string> v;
    std::filesystem::path p;
    bool flag = true;
};

TEST(Fields, MemberCountCountsAggregateMembers) {
    static_assert(fields::member_count<Empty>() == 0);
    static_assert(fields::member_count<Inner>() == 2);
    static_assert(fields::member_count<Mixed>() == 7);
    static_assert(fields::member_count<SliceSpec>() == 5);
    static_assert(fields::member_count<Limits>() == 4);
    EXPECT_EQ(fields::member_count<Mixed>(), 7u);
}

TEST(Fields, ListedFieldCountCountsWhatTheListVisits) {
    static_assert(fields::listed<Limits>);
    static_assert(fields::listed<const PlotRule>);
    static_assert(!fields::listed<Inner>);
    static_assert(!fields::listed<std::string>);
    EXPECT_EQ(fields::listed_field_count(Limits{}), 4u);
    EXPECT_EQ(fields::listed_field_count(FileStamp{}), 2u);
}

std::string type_name(const std::type_info& type) {
    int status = 0;
    const std::unique_ptr<char, decltype(&std::free)> name(
        abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free);
    return status == 0 ? name.get() : type.name();
}

// What one struct's list got wrong, or empty.
template <class T>
std::string list_problem(const T& obj) {
    std::string problem;
    const std::size_t members = fields::member_count<T>();
    const std::size_t listed = fields::listed_field_count(obj);
    if (members != listed) {
        problem += std::to_string(members) + " members, its list visits " + std::to_string(listed) + "; ";
    }
    // Each member once, in declaration order: addresses inside the object, increasing.
    const auto begin = reinterpret_cast<std::uintptr_t>(&obj);
    const auto end = begin + sizeof(T);
    std::uintptr_t last = 0;
    bool first = true;
    std::set<std::string> names;
    for_each_field(obj, [&](std::string_view name, const auto& member) {
        const auto at = reinterpret_cast<std::uintptr_t>(&member);
        if (at < begin || at >= end) problem += "'" + std::string(name) + "' is not a member; ";
        if (!first && at <= last)
            problem += "'" + std::string(name) + "' is listed twice or out of declaration order; ";
        if (!names.insert(std::string(name)).second) problem += "name '" + std::string(name) + "' twice; ";
        last = at;
        first = false;
    });
    return problem;
}

// Checks the list of every struct reachable from `root` (filled, so every list has
// elements and every optional a value) and notes which struct types it saw.
template <class T>
void check_lists(const T& root, const std::string& name, std::set<std::type_index>& seen) {
    test::for_each_node(root, name, [&](const std::string& path, const auto& node) {
        using N = std::remove_cvref_t<decltype(node)>;
        if constexpr (fields::listed<N>) {
            seen.insert(typeid(N));
            const std::string problem = list_problem(node);
            EXPECT_TRUE(problem.empty()) << type_name(typeid(N)) << " at " << path << ": " << problem;
        }
    });
}

TEST(Fields, EveryListVisitsEveryMemberOnce) {
    std::set<std::type_index> seen;
    check_lists(test::filled<JobSetup>(), "setup", seen);
    check_lists(test::filled<WorkReport>(), "report", seen);  // its records and done ids
    check_lists(test::filled<FileStamp>(), "stamp", seen);
    // The structs named in comm.hpp, config.hpp, plan.hpp, record.hpp and fingerprint.hpp;
    // a new one is reached through its parent's list, and checked, without being named here.
    for (const auto& [type, name] : std::map<std::type_index, std::string>{
             {typeid(JobSetup), "JobSetup"},     {typeid(Config), "Config"},
             {typeid(InputConfig), "InputConfig"}, {typeid(OutputConfig), "OutputConfig"},
             {typeid(FigureConfig), "FigureConfig"}, {typeid(RunConfig), "RunConfig"},
             {typeid(PlotRule), "PlotRule"},     {typeid(SliceSpec), "SliceSpec"},
             {typeid(Limits), "Limits"},         {typeid(PlotTask), "PlotTask"},
             {typeid(WorkReport), "WorkReport"}, {typeid(TaskDone), "TaskDone"},
             {typeid(PlotRecord), "PlotRecord"}, {typeid(OutputFile), "OutputFile"},
             {typeid(PlotTiming), "PlotTiming"}, {typeid(FileStamp), "FileStamp"}}) {
        EXPECT_EQ(seen.count(type), 1u) << name << " was not reached";
    }
}

// path -> value of every leaf; `distinct` collects those that fill must not repeat
// (numbers, strings, paths; bools and enums have too few values).
template <class T>
std::map<std::string, std::string> leaves(const T& root, std::vector<std::string>* distinct) {
    std::map<std::string, std::string> out;
    test::for_each_node(root, "setup", [&](const std::string& path, const auto& node) {
        using N = std::remove_cvref_t<decltype(node)>;
        if constexpr (std::is_same_v<N, std::string> || std::is_same_v<N, std::filesystem::path> ||
                      std::is_arithmetic_v<N> || std::is_enum_v<N>) {
            const std::string text = test::dump(node, "");
            out[path] = text;
            if (distinct != nullptr && !std::is_same_v<N, bool> && !std::is_enum_v<N>)
                distinct->push_back(text);
        }
    });
    return out;
}

// What the round trips rest on: a field left at its default would pass them unnoticed.
TEST(Fields, FillGivesEveryFieldItsOwnNonDefaultValue) {
    std::vector<std::string> values;
    const auto filled = leaves(test::filled<JobSetup>(), &values);
    const auto defaults = leaves(JobSetup{}, nullptr);
    EXPECT_GT(filled.size(), 100u);
    for (const auto& [path, value] : filled) {
        const auto it = defaults.find(path);
        if (it != defaults.end()) {
            EXPECT_NE(value, it->second) << path;
        }
    }
    std::set<std::string> unique(values.begin(), values.end());
    EXPECT_EQ(unique.size(), values.size());
}

}  // namespace
}  // namespace plotcluster
