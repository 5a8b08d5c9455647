#pragma once
// "did you mean" suggestions for misspelt keys, kinds, colormaps and placeholders.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plotcluster::detail {

// Case-insensitive edit distance, so "Width" suggests "width".
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
            diag = up;
        }
    }
    return row[b.size()];
}

// The closest candidate within max(2, len/3) edits of `word`; the first one wins ties.
template <class Range>
std::optional<std::string> closest_match(std::string_view word, const Range& candidates) {
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(candidate);
        }
    }
    return best;
}

// " (did you mean 'x'?)" or "" — ready to append to a message.
template <class Range>
std::string did_you_mean(std::string_view word, const Range& candidates) {
    auto best = closest_match(word, candidates);
    return best ? " (did you mean '" + *best + "'?)" : std::string();
}

}  // namespace plotcluster::detail
