#pragma once
// Templates such as "{file_stem}/{dataset}" or "{attr:long_name} [{attr:units}]".
// Placeholders: {file}, {file_stem}, {dataset}, {name}, {attr:NAME}, and in titles
// {slice} (where the rule's `slice:` cut the data, known once it is read); {frame}, the
// frame's index along the axis of a `slice: {index: each}` (zero-padded to the width of
// the dataset's last frame: 000..199), "" for a plot that is not a frame; "{{" and "}}"
// are literal braces.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plotcluster {

struct TemplateContext {
    std::string file;       // file name with extension, no folder ("run_0001.h5")
    std::string file_stem;  // file name without extension ("run_0001")
    std::string dataset;    // absolute dataset path ("/fields/rho")
    std::string name;       // last path component ("rho")
    const std::map<std::string, std::string>* attrs = nullptr;
    // Where each {slice} was: byte offsets into the expanded text, which holds nothing
    // there; the slice's text goes in once the data is read. Null: {slice} is refused.
    std::vector<std::size_t>* slice_at = nullptr;
    std::string frame{};  // {frame}: frame_text of the plot's frame, "" when it is not one
};

// Returns an error message ("unknown placeholder '{foo}'", "unclosed '{'") or nullopt.
// `title`: {slice} is allowed (only a title is drawn after the data is read).
std::optional<std::string> check_template(std::string_view tmpl, bool title = false);

// Whether a template (accepted by check_template) has a {frame}.
bool uses_frame(std::string_view tmpl);

// `frame` zero-padded to the digits of `last`, the largest frame index of its dataset:
// frame_text(7, 199) == "007".
std::string frame_text(std::uint64_t frame, std::uint64_t last);

// Expands a template already accepted by check_template. Throws DatasetError when an
// {attr:NAME} is missing on the dataset.
std::string expand_template(std::string_view tmpl, const TemplateContext& ctx);

}  // namespace plotcluster
