#pragma once
// Private to src/canvas: fixes to Cairo's SVG output.
#include <string>

namespace plotcluster::detail {

// Cairo names surfaces, images and patterns in an SVG after process-wide counters
// ("surface7", "image203"), so the same plot would get other bytes after other plots were
// drawn. Renumbers every such `id="..."` and its `#...` references in order of
// appearance, so the document depends only on itself.
std::string renumber_svg_ids(const std::string& svg);

// Heatmap cells are drawn as images scaled with nearest-neighbour sampling; Cairo does
// not tell SVG viewers so, and they would blur the cells. Marks every <image> pixelated.
std::string pixelated_svg_images(const std::string& svg);

}  // namespace plotcluster::detail
