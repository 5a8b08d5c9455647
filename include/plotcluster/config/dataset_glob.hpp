#pragma once
#include <string>
#include <string_view>

namespace plotcluster {

// Glob on absolute dataset paths: '*' matches within one group (no '/'), '**' matches
// across groups (any characters including '/'), '?' one character other than '/', and
// '[...]' one character other than '/' from a class: "[abc]", ranges "[a-z0-9]",
// negated "[!x]" or "[^x]". A ']' first in a class is a member ("[]]"), so is a '-'
// first or last; "[[]" matches a '['. Characters are UTF-8 code points.
// "/fields/**" matches "/fields/a" and "/fields/g/b"; "/t[0-9]" matches "/t3".
// A '[' without its ']' is a literal '[' here; configs reject it (dataset_glob_problem).
bool dataset_glob_match(std::string_view pattern, std::string_view path);

// Why `pattern` is not a well-formed glob ("unclosed '[' at character 4 ..."), or "".
// Malformed: a '[' without its ']', a range whose ends are reversed ("[z-a]"), and a
// '/' inside a class (a class never matches '/').
std::string dataset_glob_problem(std::string_view pattern);

}  // namespace plotcluster
