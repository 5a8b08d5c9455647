#pragma once
#include <string>
#include <string_view>

namespace plotcluster {

// Text as Cairo can draw it: invalid UTF-8 bytes become U+FFFD and control characters
// (newlines in dataset names, say) become spaces.
std::string drawable_text(std::string_view utf8);

}  // namespace plotcluster
