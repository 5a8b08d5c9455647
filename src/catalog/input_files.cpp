#include "plotcluster/catalog/input_files.hpp"

#include <glob.h>

#include <algorithm>
#include <set>

#include "plotcluster/error.hpp"

namespace plotcluster {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> glob_sorted(const std::string& pattern) {
    glob_t g{};
    std::vector<std::string> out;
    // No GLOB_NOCHECK: a pattern without matches yields nothing, which we report.
    const int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &g);
    if (rc == 0) out.assign(g.gl_pathv, g.gl_pathv + g.gl_pathc);
    globfree(&g);
    std::sort(out.begin(), out.end());
    return out;
}

// The config's folder is a literal path: a '[' or '*' in it must not act as a pattern.
std::string glob_escaped(const std::string& literal) {
    std::string out;
    out.reserve(literal.size());
    for (const char c : literal) {
        if (c == '[' || c == ']' || c == '*' || c == '?' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

// `path` without "." and "dir/.." steps, as manifest rows, messages and --list show it
// ("/abs/data/x.h5", not "/abs/cfg/../data/x.h5"). Only when both spellings name one
// file: behind a symbolic link ".." leads elsewhere than the lexical parent, and then the
// path stays as the pattern spelled it.
std::string normalized(const std::string& path) {
    const std::string normal = fs::path(path).lexically_normal().string();
    if (normal == path) return path;
    std::error_code ec;
    return fs::equivalent(path, normal, ec) && !ec ? normal : path;
}

}  // namespace

std::vector<std::string> expand_input_files(const std::vector<std::string>& patterns,
                                            const fs::path& base_dir) {
    std::vector<std::string> files;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        const fs::path relative = patterns[i];
        const std::string pattern =
            relative.is_absolute() ? patterns[i]
                                   : (fs::path(glob_escaped(base_dir.string())) / relative).string();
        const auto matches = glob_sorted(pattern);
        const std::string where = "input.files[" + std::to_string(i) + "]: '" + patterns[i] + "'";
        if (matches.empty()) {
            throw SetupError(where + " matches no file (looked in '" + base_dir.string() + "')");
        }
        for (const auto& match : matches) {
            const std::string m = normalized(match);
            std::error_code ec;
            if (fs::is_directory(m, ec)) {
                throw SetupError(where + " matches '" + m + "', which is a directory");
            }
            if (seen.insert(m).second) files.push_back(m);
        }
    }
    return files;
}

}  // namespace plotcluster
