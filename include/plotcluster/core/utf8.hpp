#pragma once
// UTF-8 as Unicode defines it (shortest form, no surrogates, at most U+10FFFF): the one
// validator every module uses, so a name is valid or not the same way everywhere.
#include <cstddef>
#include <string>
#include <string_view>

namespace plotcluster {

// Byte length of the well-formed character starting at s[i] (1 for ASCII), or 0 when no
// well-formed character starts there (also when i is past the end).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// The code point of the well-formed character of `length` bytes at s[i].
char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t length);

bool is_valid_utf8(std::string_view s);

// The text with each byte that starts no well-formed character replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view s);

}  // namespace plotcluster
