#pragma once
// A label as runs of text with a size and a raised or lowered baseline, parsed from the
// few notations scientists write in units and labels (see README, "Text in labels"):
//   - units written m^2 s^-1, m**2, {…} groups: "m^{-1/2}";
//   - udunits' bare exponents (m2 s-1, kg m-3) in a units expression: the trailing "[…]"
//     of a label (where plotcluster puts a dataset's units) or a whole label made only of
//     units (two or more known unit symbols);
//   - a $…$ subset of TeX math: ^ and _ with {…} groups, Greek letters and a few symbols
//     by name, \mathrm{…} and \text{…}.
// Pure, never throws: what does not parse (a lone '$', unbalanced braces, an unknown
// command) is drawn as written, and invalid UTF-8 is passed on for the canvas to replace.
#include <string>
#include <string_view>
#include <vector>

namespace plotcluster::chart {

struct TextRun {
    std::string text;
    double scale = 1;  // of the label's font size
    double shift = 0;  // baseline raised by this many ems of the label's font (< 0: lowered)
    friend bool operator==(const TextRun&, const TextRun&) = default;
};
using RichText = std::vector<TextRun>;

constexpr double script_scale = 0.7;   // matplotlib mathtext's SHRINK_FACTOR
constexpr double sup_shift = 0.4;      // as the "10ⁿ" tick labels raise their exponent
constexpr double sub_shift = -0.2;

RichText parse_label(std::string_view label);

// One run, full size, on the baseline: the label draws as one canvas text call.
bool is_plain(const RichText& runs);

// The runs' text joined (what a reader of the manifest or a screen reader would get).
std::string plain_text(const RichText& runs);

}  // namespace plotcluster::chart
