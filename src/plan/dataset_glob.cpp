#include "plotcluster/plan/dataset_glob.hpp"

#include <algorithm>
#include <vector>

namespace plotcluster {

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
        } else {
            ++p;
            next[0] = 0;
            for (std::size_t j = 1; j <= n; ++j) {
                const char s = path[j - 1];
                const bool fits = c == '?' ? s != '/' : s == c;
                next[j] = static_cast<char>(reach[j - 1] && fits);
            }
        }
        reach.swap(next);
    }
    return reach[n] != 0;
}

}  // namespace plotcluster
