#pragma once
// Titles and labels fitted into the room the layout gives them, and drawn: parsed into
// runs (figure/label_text.hpp), wrapped to at most two lines at breaks (spaces, and after
// '/', '_', ',', ';', '-'), then set smaller down to a minimum readable size, and only then
// ended with "…". Measuring and drawing go through the same lines, so the layout reserves
// exactly what is drawn.
#include <string_view>
#include <vector>

#include "figure/label_text.hpp"
#include "figure/plot_area.hpp"

namespace plotcluster::chart {

struct TextLine {
    RichText runs;
    double width = 0;
    double ascent = 0;  // above the baseline, superscripts included
    double descent = 0;
};

struct FittedText {
    std::vector<TextLine> lines;  // none: nothing to draw
    double size = 0;              // em size in pixels
    double width = 0;             // of the widest line
    double height = 0;            // top of the first line to the bottom of the last
    bool empty() const { return lines.empty(); }
};

// Never below 7 pt: about the smallest text that stays legible on screen and paper
// (matplotlib's "xx-small" is 5.8 pt at a 10 pt base, which is hard to read at 100 dpi).
inline double min_text_size(const Metrics& m) { return 7 * m.pt; }

// `label` in at most `max_lines` lines no wider than `room`, at `size` if it fits, else
// at the largest size down to `min_size` that does, else at `min_size` with the last line
// ellipsized.
FittedText fit_text(Canvas& c, std::string_view label, double size, double min_size, double room,
                    int max_lines = 2);

// Each line aligned by `h` about the anchor; the block by `v`: top/bottom of the block,
// its middle, or (baseline) the last line's baseline. `angle` as in TextStyle, the block
// rotated about the anchor. One line of plain text is one canvas text call, as always.
void draw_text(Canvas& c, const FittedText& t, Point anchor, HAlign h, VAlign v, double angle,
               const Color& color = black);

}  // namespace plotcluster::chart
