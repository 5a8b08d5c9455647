#include "plotcluster/config/dataset_glob.hpp"

#include "plotcluster/core/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace plotcluster {

namespace {

// The UTF-8 character starting at s[at]: its code point and byte length. A byte that
// starts no valid sequence is a character of its own (its byte value), so any path can
// be matched, valid UTF-8 or not.
std::pair<char32_t, std::size_t> char_at(std::string_view s, std::size_t at) {
    const std::size_t len = utf8_sequence_length(s, at);
    if (len <= 1) return {static_cast<unsigned char>(s[at]), 1};
    return {utf8_code_point(s, at, len), len};
}

struct CharClass {
    std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive; lo > hi matches nothing
    bool negated = false;
    std::size_t end = 0;  // pattern index just past the closing ']'
    std::string_view text;  // the class as written, brackets included
};

// The class opening at pattern[open] == '['; nullopt when it has no closing ']'.
std::optional<CharClass> parse_class(std::string_view pattern, std::size_t open) {
    CharClass cls;
    std::size_t i = open + 1;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        cls.negated = true;
        ++i;
    }
    for (bool first = true;; first = false) {
        if (i >= pattern.size()) return std::nullopt;
        if (pattern[i] == ']' && !first) break;
        const auto [lo, lo_len] = char_at(pattern, i);
        i += lo_len;
        char32_t hi = lo;
        // '-' between two members makes a range; first or last it is a member.
        if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
            const auto [end, end_len] = char_at(pattern, i + 1);
            hi = end;
            i += 1 + end_len;
        }
        cls.ranges.emplace_back(lo, hi);
    }
    cls.end = i + 1;
    cls.text = pattern.substr(open, cls.end - open);
    return cls;
}

bool in_class(const CharClass& cls, char32_t c) {
    const bool listed = std::any_of(cls.ranges.begin(), cls.ranges.end(),
                                    [c](const auto& r) { return r.first <= c && c <= r.second; });
    return listed != cls.negated;
}

// The code point as the user wrote it, for messages.
std::string char_text(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

// Characters (not bytes) before pattern[at], plus one: "at character N" in messages.
std::size_t character_number(std::string_view pattern, std::size_t at) {
    std::size_t n = 1;
    for (std::size_t i = 0; i < at; i += char_at(pattern, i).second) ++n;
    return n;
}

}  // namespace

// Runs the pattern over the path as a set of reachable path positions, one pattern
// element at a time: O(pattern * path) time, no backtracking, so patterns such as
// "/**/**/**/a" cannot blow up.
bool dataset_glob_match(std::string_view pattern, std::string_view path) {
    const std::size_t n = path.size();
    // reach[j]: the pattern read so far can match path[0, j).
    std::vector<char> reach(n + 1, 0);
    std::vector<char> next(n + 1, 0);
    reach[0] = 1;

    for (std::size_t p = 0; p < pattern.size();) {
        const char c = pattern[p];
        std::optional<CharClass> cls;
        if (c == '[') cls = parse_class(pattern, p);
        if (c == '*') {
            const std::size_t run_end =
                std::min(pattern.find_first_not_of('*', p), pattern.size());
            const std::size_t stars = run_end - p;
            p += stars;
            const bool cross_groups = stars >= 2;  // "***" behaves like "**"
            // A star extends every reachable position by any run it may consume.
            next[0] = reach[0];
            for (std::size_t j = 1; j <= n; ++j)
                next[j] = static_cast<char>(reach[j] ||
                                            (next[j - 1] && (cross_groups || path[j - 1] != '/')));
        } else if (c == '?' || cls) {
            // One whole character, never '/'.
            p = cls ? cls->end : p + 1;
            std::fill(next.begin(), next.end(), 0);
            for (std::size_t j = 0; j < n; ++j) {
                if (!reach[j] || path[j] == '/') continue;
                const auto [ch, len] = char_at(path, j);
                if (!cls || in_class(*cls, ch)) next[j + len] = 1;
            }
        } else {
            ++p;  // a literal byte, an unclosed '[' included
            next[0] = 0;
            for (std::size_t j = 1; j <= n; ++j)
                next[j] = static_cast<char>(reach[j - 1] && path[j - 1] == c);
        }
        reach.swap(next);
    }
    return reach[n] != 0;
}

std::string dataset_glob_problem(std::string_view pattern) {
    for (std::size_t p = 0; p < pattern.size();) {
        if (pattern[p] != '[') {
            p += char_at(pattern, p).second;
            continue;
        }
        const auto cls = parse_class(pattern, p);
        if (!cls) {
            return "'[' at character " + std::to_string(character_number(pattern, p)) +
                   " has no closing ']' (write '[[]' to match a '[' itself)";
        }
        for (const auto& [lo, hi] : cls->ranges) {
            if (lo == '/' || hi == '/') {
                return "class '" + std::string(cls->text) +
                       "' lists '/', which a class never matches (it stays inside one group; "
                       "'**' crosses groups)";
            }
            if (lo > hi) {
                return "range '" + char_text(lo) + "-" + char_text(hi) + "' in class '" +
                       std::string(cls->text) + "' is reversed (write '" + char_text(hi) + "-" +
                       char_text(lo) + "')";
            }
        }
        p = cls->end;
    }
    return {};
}

}  // namespace plotcluster
