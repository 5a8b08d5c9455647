#include "figure/text_fit.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "plotcluster/core/utf8.hpp"

namespace plotcluster::chart {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr double line_spacing = 1.2;  // matplotlib's text.linespacing, in ems

// One character of a label with the size and baseline of its run.
struct Piece {
    std::string_view ch;
    double scale;
    double shift;
};

std::vector<Piece> pieces_of(const RichText& runs) {
    std::vector<Piece> out;
    std::size_t total = 0;
    for (const TextRun& r : runs) total += r.text.size();
    out.reserve(total);
    for (const TextRun& r : runs) {
        const std::string_view s = r.text;
        for (std::size_t i = 0; i < s.size();) {
            const std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(s, i));
            out.push_back({s.substr(i, n), r.scale, r.shift});
            i += n;
        }
    }
    return out;
}

bool is_space(const Piece& p) { return p.ch == " "; }
// A line may end after these (paths, snake_case names, lists, ranges).
bool breaks_after(const Piece& p) {
    return p.ch == "/" || p.ch == "_" || p.ch == "," || p.ch == ";" || p.ch == "-";
}

TextLine measure_line(Canvas& c, RichText runs, double size) {
    const TextExtents base = c.measure_text("", size);
    TextLine line{std::move(runs), 0, base.ascent, base.descent};
    for (const TextRun& r : line.runs) {
        const TextExtents e = c.measure_text(r.text, size * r.scale);
        line.width += e.width;
        line.ascent = std::max(line.ascent, e.ascent + r.shift * size);
        line.descent = std::max(line.descent, e.descent - r.shift * size);
    }
    return line;
}

class Wrapper {
public:
    Wrapper(Canvas& c, const std::vector<Piece>& pieces, double size) : c_(c), p_(pieces), size_(size) {}

    // Pieces [a, b) as a line; `trim`: without the spaces it ends with (a line break);
    // `ellipsis`: then "…" and the pieces from `tail` on (a label's units).
    TextLine line(std::size_t a, std::size_t b, bool trim, bool ellipsis = false,
                  std::size_t tail = std::string_view::npos) const {
        if (trim) {
            while (b > a && is_space(p_[b - 1])) --b;
        }
        RichText runs;
        for (std::size_t i = a; i < b; ++i) {
            const Piece& q = p_[i];
            if (!runs.empty() && runs.back().scale == q.scale && runs.back().shift == q.shift) {
                runs.back().text += q.ch;
            } else {
                runs.push_back({std::string(q.ch), q.scale, q.shift});
            }
        }
        if (ellipsis) {
            const std::string mark = std::string(kEllipsis) + (tail < p_.size() ? " " : "");
            if (!runs.empty() && runs.back().scale == 1 && runs.back().shift == 0) {
                runs.back().text += mark;
            } else {
                runs.push_back({mark, 1, 0});
            }
            for (std::size_t i = tail; i < p_.size(); ++i) {
                const Piece& q = p_[i];
                if (runs.back().scale == q.scale && runs.back().shift == q.shift) {
                    runs.back().text += q.ch;
                } else {
                    runs.push_back({std::string(q.ch), q.scale, q.shift});
                }
            }
        }
        return measure_line(c_, std::move(runs), size_);
    }

    // At most `max_lines` lines no wider than `room`; nothing if the text needs more,
    // unless `ellipsize`, which ends the last line with "…".
    std::optional<std::vector<TextLine>> wrap(double room, int max_lines, bool ellipsize) const {
        const std::size_t n = p_.size();
        std::vector<TextLine> out;
        std::size_t start = 0;
        for (int l = 0; l < max_lines && start < n; ++l) {
            if (l > 0) {
                while (start < n && is_space(p_[start])) ++start;
                if (start == n) break;
            }
            TextLine whole = line(start, n, l > 0);
            if (whole.width <= room) {
                out.push_back(std::move(whole));
                start = n;
                break;
            }
            if (l + 1 == max_lines) {
                if (!ellipsize) return std::nullopt;
                out.push_back(ellipsized(start, room));
                start = n;
                break;
            }
            const std::size_t end = break_at(start, room);
            if (end == std::string_view::npos) {
                // A word wider than the room: this line ends in "…" rather than cutting
                // the word ("temperatur" / "e").
                if (!ellipsize) return std::nullopt;
                out.push_back(ellipsized(start, room));
                start = n;
                break;
            }
            out.push_back(line(start, end, true));
            start = end;
        }
        if (start < n) return std::nullopt;
        return out;
    }

private:
    double width(std::size_t a, std::size_t b) const { return line(a, b, true).width; }

    // The largest of `ends` (ascending) whose line from `start` fits; npos if none.
    std::size_t last_fitting(std::size_t start, const std::vector<std::size_t>& ends, double room) const {
        std::size_t lo = 0, hi = ends.size();  // ends[< lo] fit, ends[>= hi] do not
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (width(start, ends[mid]) <= room) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? std::string_view::npos : ends[lo - 1];
    }

    // Where the line from `start` ends: at the last break that fits, one outside brackets
    // if any fits (units stay whole: "density" / "[kg m⁻³]"); npos if none does (its first
    // word is wider than the room).
    std::size_t break_at(std::size_t start, double room) const {
        std::vector<std::size_t> ends, outside;
        int depth = 0;
        for (std::size_t e = start + 1; e < p_.size(); ++e) {
            if (p_[e - 1].ch == "[") ++depth;
            if (p_[e - 1].ch == "]" && depth > 0) --depth;
            if (e < start + 2 || !(is_space(p_[e]) || breaks_after(p_[e - 1]))) continue;
            ends.push_back(e);
            if (depth == 0) outside.push_back(e);
        }
        const std::size_t end = last_fitting(start, outside, room);
        return end != std::string_view::npos ? end : last_fitting(start, ends, room);
    }

    // Where a label's trailing "[units]" starts, if it does after `start`: an ellipsis
    // goes before it, so "Mean counts per pixel, background s… [kg m⁻³]" keeps its units.
    std::size_t units_at(std::size_t start, double room) const {
        if (p_.empty() || p_.back().ch != "]") return std::string_view::npos;
        for (std::size_t i = p_.size() - 1; i-- > start + 1;) {
            if (p_[i].ch == "]") return std::string_view::npos;
            if (p_[i].ch == "[") {
                // Only when the units leave room for some of the words.
                return line(start, start, true, true, i).width <= room / 2 ? i : std::string_view::npos;
            }
        }
        return std::string_view::npos;
    }

    TextLine ellipsized(std::size_t start, double room) const {
        const std::size_t tail = units_at(start, room);
        std::size_t lo = start, hi = std::min(tail, p_.size());  // [start, lo) fits with "…"
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo + 1) / 2;
            if (line(start, mid, true, true, tail).width <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return line(start, lo, true, true, tail);
    }

    Canvas& c_;
    const std::vector<Piece>& p_;
    double size_;
};

// Baselines from the block's top, line by line.
std::vector<double> baselines(const FittedText& t) {
    std::vector<double> out;
    out.reserve(t.lines.size());
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
        const TextLine& l = t.lines[i];
        out.push_back(i == 0 ? l.ascent
                             : out.back() + std::max(line_spacing * t.size, t.lines[i - 1].descent + l.ascent));
    }
    return out;
}

FittedText fitted(std::vector<TextLine> lines, double size) {
    FittedText t{std::move(lines), size, 0, 0};
    for (const TextLine& l : t.lines) t.width = std::max(t.width, l.width);
    if (!t.lines.empty()) t.height = baselines(t).back() + t.lines.back().descent;
    return t;
}

}  // namespace

FittedText fit_text(Canvas& c, std::string_view label, double size, double min_size, double room,
                    int max_lines) {
    const RichText runs = parse_label(label);
    if (runs.empty()) return {};
    const std::vector<Piece> pieces = pieces_of(runs);
    max_lines = std::max(1, max_lines);
    room = std::max(room, 1.0);
    min_size = std::min(min_size, size);
    if (auto lines = Wrapper(c, pieces, size).wrap(room, max_lines, false)) return fitted(std::move(*lines), size);
    if (auto at_min = Wrapper(c, pieces, min_size).wrap(room, max_lines, false)) {
        double lo = min_size, hi = size;  // lo fits, hi does not
        std::vector<TextLine> best = std::move(*at_min);
        for (int i = 0; i < 10 && hi - lo > 0.05; ++i) {
            const double mid = (lo + hi) / 2;
            if (auto lines = Wrapper(c, pieces, mid).wrap(room, max_lines, false)) {
                lo = mid;
                best = std::move(*lines);
            } else {
                hi = mid;
            }
        }
        return fitted(std::move(best), lo);
    }
    return fitted(*Wrapper(c, pieces, min_size).wrap(room, max_lines, true), min_size);
}

void draw_text(Canvas& c, const FittedText& t, Point anchor, HAlign h, VAlign v, double angle,
               const Color& color) {
    if (t.empty()) return;
    if (t.lines.size() == 1 && is_plain(t.lines[0].runs)) {
        c.text(t.lines[0].runs[0].text, anchor, {t.size, color, h, v, angle});
        return;
    }
    // Block coordinates: x along the baseline, y down the lines, rotated about the anchor.
    Point ux{1, 0}, uy{0, 1};
    if (angle == 90) {
        ux = {0, -1};
        uy = {1, 0};
    } else if (angle != 0) {
        const double a = angle * std::numbers::pi / 180;
        ux = {std::cos(a), -std::sin(a)};
        uy = {std::sin(a), std::cos(a)};
    }
    const std::vector<double> base = baselines(t);
    double top = 0;
    if (v == VAlign::bottom) top = -t.height;
    if (v == VAlign::center) top = -t.height / 2;
    if (v == VAlign::baseline) top = -base.back();
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
        const TextLine& line = t.lines[i];
        double x = h == HAlign::left ? 0 : h == HAlign::center ? -line.width / 2 : -line.width;
        for (const TextRun& r : line.runs) {
            const double y = top + base[i] - r.shift * t.size;
            const Point at{anchor.x + x * ux.x + y * uy.x, anchor.y + x * ux.y + y * uy.y};
            const double size = t.size * r.scale;
            c.text(r.text, at, {size, color, HAlign::left, VAlign::baseline, angle});
            x += c.measure_text(r.text, size).width;
        }
    }
}

}  // namespace plotcluster::chart
