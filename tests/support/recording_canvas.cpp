#include "support/recording_canvas.hpp"

namespace plotcluster::test {

namespace {
std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}
}  // namespace

TextExtents RecordingCanvas::measure_text(std::string_view utf8, double size) {
    if (metrics_ != nullptr) return metrics_->measure_text(utf8, size);
    return {0.6 * size * static_cast<double>(code_points(utf8)), 0.9 * size, 0.25 * size};
}

std::vector<TextCall> RecordingCanvas::texts_equal(const std::string& s) const {
    std::vector<TextCall> out;
    for (const auto& t : texts)
        if (t.text == s) out.push_back(t);
    return out;
}

Rect RecordingCanvas::text_box(const TextCall& call) {
    const TextExtents e = measure_text(call.text, call.style.size);
    double x = 0, y = 0;  // top-left of the unrotated box relative to the anchor
    if (call.style.halign == HAlign::center) x = -e.width / 2;
    if (call.style.halign == HAlign::right) x = -e.width;
    switch (call.style.valign) {
        case VAlign::top:
            y = 0;
            break;
        case VAlign::center:
            y = -(e.ascent + e.descent) / 2;
            break;
        case VAlign::baseline:
            y = -e.ascent;
            break;
        case VAlign::bottom:
            y = -e.height();
            break;
    }
    if (call.style.angle == 90) {  // rotated counter-clockwise: (x, y) -> (y, -x)
        return {call.anchor.x + y, call.anchor.y - x - e.width, e.height(), e.width};
    }
    return {call.anchor.x + x, call.anchor.y + y, e.width, e.height()};
}

}  // namespace plotcluster::test
