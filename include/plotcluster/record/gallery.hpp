#pragma once
// <output.dir>/index.html: a static page to look at a run's plots from the file system,
// with no network: thumbnails grouped by input file and rule, each linking to its full
// image, the failed plots with their errors, and a filter box.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/record/manifest.hpp"
#include "plotcluster/record/record.hpp"

namespace plotcluster {

// What the page shows of one plot.
struct GalleryPlot {
    std::string file;
    std::string dataset;
    std::string kind;
    int rule = -1;          // index of the rule that drew it, for ordering; -1: unknown
    std::string rule_name;  // how the page names that rule
    bool failed = false;
    std::string error;
    std::string image;      // relative to output.dir; "" when there is none
    std::string thumbnail;  // relative to output.dir; "": the image is shown scaled down
};

struct GalleryPage {
    std::string title;
    std::string summary;             // one line under the title
    std::vector<GalleryPlot> plots;  // in manifest order
    std::vector<UnmatchedDataset> unmatched;
};

// The page's view of a manifest row. The image is the first output a browser shows
// (PNG, then SVG), else the first output.
GalleryPlot gallery_plot(const PlotRecord& record, int rule, std::string rule_name);

std::string gallery_html(const GalleryPage& page);

// Writes <dir>/index.html atomically and returns its path.
std::filesystem::path write_gallery(const std::filesystem::path& dir, const GalleryPage& page);

// Text for HTML content and quoted attributes: & < > " ' escaped, bytes that are not
// UTF-8 replaced by U+FFFD.
std::string html_escape(std::string_view text);

// A relative '/'-separated path as a URL path: every byte but letters, digits, '/', '-',
// '.', '_' and '~' percent-encoded (so '#', '?', '%' and spaces in names survive).
std::string url_path(std::string_view path);

}  // namespace plotcluster
