#pragma once
// The names plotcluster gives its own files in output.dir, in one place: plots go where
// output.name puts them, and everything else is one of these.
#include <string>
#include <string_view>

namespace plotcluster::output_layout {

inline constexpr std::string_view manifest = "manifest.json";
inline constexpr std::string_view data_csv = "data.csv";  // Cinema Spec D
inline constexpr std::string_view gallery = "index.html";
// A small PNG per plot for the gallery: <thumbnails>/<output stem>.png.
inline constexpr std::string_view thumbnails = ".thumbnails";
// Journals (record/journal.hpp) and the catalog journal.
inline constexpr std::string_view state = ".plotcluster";
inline constexpr std::string_view catalog_journal = "catalog-walk.jsonl";

// Where a plot's gallery thumbnail goes, relative to output.dir.
std::string thumbnail_path(std::string_view output_stem);

// The temporary name a file is written under before it is renamed into place:
// ".<name>.tmp-<pid>" in the same folder.
std::string temp_name(std::string_view file_name, long pid);
bool is_temp_name(std::string_view file_name);

// True when a plot's output stem would put it inside one of the folders above.
bool is_reserved_stem(std::string_view output_stem);

}  // namespace plotcluster::output_layout
