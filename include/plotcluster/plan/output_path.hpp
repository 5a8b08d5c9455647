#pragma once
// Turning an expanded name template (which may contain dataset names with any bytes)
// into a relative path that is a valid file name and always stays inside output.dir.
#include <string>
#include <string_view>

namespace plotcluster {

// Splits on '/', drops empty components, replaces "." and ".." components and bytes
// that are not safe in file names (control characters, '\\', ':', '*', '?', '"', '<',
// '>', '|') with '_', keeps non-ASCII UTF-8 as is, and shortens components longer than
// 200 bytes with a hash suffix so distinct long names stay distinct. Never returns an
// empty string, an absolute path or a component that is "." or "..".
std::string safe_relative_path(std::string_view expanded_name);

}  // namespace plotcluster
