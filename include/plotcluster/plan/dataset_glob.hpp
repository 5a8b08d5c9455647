#pragma once
#include <string_view>

namespace plotcluster {

// Glob on absolute dataset paths: '*' matches within one group (no '/'), '**' matches
// across groups (any characters including '/'), '?' one character other than '/'.
// "/fields/**" matches "/fields/a" and "/fields/g/b".
bool dataset_glob_match(std::string_view pattern, std::string_view path);

}  // namespace plotcluster
