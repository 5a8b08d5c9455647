// Labels parsed into runs (units, $…$ math) and fitted into a room: wrapped, shrunk,
// ellipsized; against the recording canvas (every character 0.6 em wide).
#include "figure/label_text.hpp"

#include <gtest/gtest.h>

#include <string>

#include "figure/text_fit.hpp"
#include "support/recording_canvas.hpp"

using namespace plotcluster;
using namespace plotcluster::chart;
using plotcluster::test::RecordingCanvas;

namespace {

const std::string minus = "\xE2\x88\x92";

TextRun base(std::string s) { return {std::move(s), 1, 0}; }
TextRun sup(std::string s) { return {std::move(s), script_scale, sup_shift}; }
TextRun sub(std::string s) { return {std::move(s), script_scale, sub_shift}; }

RichText parse(const std::string& s) { return parse_label(s); }

}  // namespace

TEST(LabelText, PlainTextIsOneRunAsWritten) {
    for (const std::string s : {"Energy [J]", "/entry/instrument/detector/data in run_0042.h5", "axis 0",
                                "index", "x_1 and y_2", "a * b", "2 ** n", "a ^ b", "cost 5$", "[m]", "",
                                "value (column 0)", "run2", "v2", "rho2 [kg]", "1/s", "temperature [degC]"}) {
        const RichText r = parse(s);
        if (s.empty()) {
            EXPECT_TRUE(r.empty());
            continue;
        }
        ASSERT_EQ(r.size(), 1u) << s;
        EXPECT_EQ(r[0], base(s)) << s;
        EXPECT_TRUE(is_plain(r)) << s;
    }
}

TEST(LabelText, CaretAndDoubleStarExponents) {
    EXPECT_EQ(parse("m^2 s^-1"), (RichText{base("m"), sup("2"), base(" s"), sup(minus + "1")}));
    EXPECT_EQ(parse("m**2"), (RichText{base("m"), sup("2")}));
    EXPECT_EQ(parse("kg m^-3"), (RichText{base("kg m"), sup(minus + "3")}));
    EXPECT_EQ(parse("x^{1/2}"), (RichText{base("x"), sup("1/2")}));
    EXPECT_EQ(parse("t^0.5"), (RichText{base("t"), sup("0.5")}));
    EXPECT_EQ(parse("flux [W m^-2]"), (RichText{base("flux [W m"), sup(minus + "2"), base("]")}));
    EXPECT_EQ(parse("1/s^2"), (RichText{base("1/s"), sup("2")}));
    // Not exponents: no number after, or a space before.
    EXPECT_EQ(parse("x^y"), RichText{base("x^y")});
    EXPECT_EQ(parse("x^"), RichText{base("x^")});
    EXPECT_EQ(parse("^2"), RichText{base("^2")});
    EXPECT_EQ(parse("x^{2"), RichText{base("x^{2")});
    EXPECT_EQ(parse("x^{}"), RichText{base("x^{}")});
}

TEST(LabelText, UdunitsBareExponentsInUnits) {
    EXPECT_EQ(parse("m2 s-1"), (RichText{base("m"), sup("2"), base(" s"), sup(minus + "1")}));
    EXPECT_EQ(parse("kg m-3"), (RichText{base("kg m"), sup(minus + "3")}));
    EXPECT_EQ(parse("density [kg m-3]"), (RichText{base("density [kg m"), sup(minus + "3"), base("]")}));
    EXPECT_EQ(parse("rate [s-1]"), (RichText{base("rate [s"), sup(minus + "1"), base("]")}));
    EXPECT_EQ(parse("v [m.s-1]"), (RichText{base("v [m\xC2\xB7s"), sup(minus + "1"), base("]")}));
    EXPECT_EQ(parse("[W m-2 sr-1 um-1]"),
              (RichText{base("[W m"), sup(minus + "2"), base(" sr"), sup(minus + "1"), base(" um"),
                        sup(minus + "1"), base("]")}));
    EXPECT_EQ(parse("[hPa2]"), (RichText{base("[hPa"), sup("2"), base("]")}));
    // A whole label needs two known units; a name with a digit is a name.
    EXPECT_EQ(parse("m2"), RichText{base("m2")});
    EXPECT_EQ(parse("run2 s-1"), RichText{base("run2 s-1")});
    EXPECT_EQ(parse("[run2]"), RichText{base("[run2]")});
    EXPECT_EQ(parse("E [1e-3 J]"), RichText{base("E [1e-3 J]")});
    EXPECT_EQ(parse("[-]"), RichText{base("[-]")});
    EXPECT_EQ(parse("data [m2] (x)"), RichText{base("data [m2] (x)")});  // not the trailing units
}

TEST(LabelText, MathSubset) {
    EXPECT_EQ(parse("$\\alpha$"), RichText{base("\xCE\xB1")});
    EXPECT_EQ(parse("$\\Omega$ [$\\mu$m]"), RichText{base("\xCE\xA9 [\xCE\xBCm]")});
    EXPECT_EQ(parse("$x_i$"), (RichText{base("x"), sub("i")}));
    EXPECT_EQ(parse("$x_{ij}^{2}$"), (RichText{base("x"), sub("ij"), sup("2")}));
    // Spaces dropped as in TeX, relations and binary operators spaced as TeX does.
    const TextRun thick{" ", 0.87, 0}, medium{" ", 0.7, 0};
    EXPECT_EQ(parse("$E = mc^2$"), (RichText{base("E"), thick, base("="), thick, base("mc"), sup("2")}));
    EXPECT_EQ(parse("$a-b$"), (RichText{base("a"), medium, base(minus), medium, base("b")}));
    EXPECT_EQ(parse("$-b$"), RichText{base(minus + "b")});  // a sign
    EXPECT_EQ(parse("$x^{a-b}$"), (RichText{base("x"), sup("a" + minus + "b")}));  // scripts tight
    EXPECT_EQ(parse("$\\mathrm{m\\,s^{-1}}$"),
              (RichText{base("m"), {" ", 0.5, 0}, base("s"), sup(minus + "1")}));
    EXPECT_EQ(parse("$m^-1$"), (RichText{base("m"), sup(minus + "1")}));  // a signed number whole
    EXPECT_EQ(parse("$10^23$"), (RichText{base("10"), sup("2"), base("3")}));  // TeX: one character
    EXPECT_EQ(parse("T [$^\\circ$C]"), RichText{base("T [\xC2\xB0" "C]")});
    EXPECT_EQ(parse("$20^{\\circ}$"), RichText{base("20\xC2\xB0")});
    EXPECT_EQ(parse("$a \\cdot b \\times c \\pm d$"),
              (RichText{base("a"), medium, base("\xE2\x8B\x85"), medium, base("b"), medium, base("\xC3\x97"),
                        medium, base("c"), medium, base("\xC2\xB1"), medium, base("d")}));
    EXPECT_EQ(parse("$\\text{in a box}$"), RichText{base("in a box")});
    EXPECT_EQ(parse("$x^{a^b}$"),
              (RichText{base("x"), sup("a"), {"b", script_scale * script_scale, sup_shift + sup_shift * script_scale}}));
    EXPECT_EQ(parse("price \\$5 and $\\beta$"), RichText{base("price $5 and \xCE\xB2")});
}

TEST(LabelText, MalformedMathIsDrawnAsWritten) {
    for (const std::string s : {"$x^{2$", "$x}$", "$\\frac{a}{b}$", "$x^$", "$x_$", "$x\\", "$$", "$x^^2$",
                                "$\\unknown$", "$\\mathrm x$", "$\\mathrm{x$"}) {
        const RichText r = parse(s);
        ASSERT_EQ(r.size(), 1u) << s;
        EXPECT_EQ(r[0].text, s) << s;
    }
    EXPECT_EQ(parse("a lone $ sign"), RichText{base("a lone $ sign")});
    EXPECT_EQ(parse("$a$ and $"), RichText{base("a and $")});
    EXPECT_EQ(parse("$\\beta$ $x^{2$"), RichText{base("\xCE\xB2 $x^{2$")});
    std::string deep = "$";
    for (int i = 0; i < 500; ++i) deep += "{";
    deep += "x";
    for (int i = 0; i < 500; ++i) deep += "}";
    deep += "$";
    EXPECT_EQ(parse(deep), RichText{base(deep)});  // bounded nesting, no stack overflow
}

TEST(LabelText, InvalidUtf8PassesThroughWhole) {
    const std::string bad = "T\xFF\xC3 [m^2]\x80";
    EXPECT_EQ(plain_text(parse(bad)), "T\xFF\xC3 [m2]\x80");
    const std::string math = "$\xFF^2$";
    EXPECT_EQ(parse(math), (RichText{base("\xFF"), sup("2")}));
    // A multi-byte character is never split into runs.
    EXPECT_EQ(parse("$\xCE\xB1^\xCE\xB2$"), (RichText{base("\xCE\xB1"), sup("\xCE\xB2")}));
}

// ---- fitting -----------------------------------------------------------------------

TEST(TextFit, ShortTextIsOneLineAtFullSize) {
    RecordingCanvas c(800, 600);
    const FittedText t = fit_text(c, "Energy [J]", 10, 7, 500);
    ASSERT_EQ(t.lines.size(), 1u);
    EXPECT_EQ(t.size, 10);
    EXPECT_DOUBLE_EQ(t.width, 0.6 * 10 * 10);
    EXPECT_DOUBLE_EQ(t.height, c.measure_text("0", 10).height());
}

TEST(TextFit, LongPathWrapsAfterSlashesThenShrinksThenEllipsizes) {
    RecordingCanvas c(800, 600);
    const std::string title = "/entry/instrument/detector/data in run_0042.h5";  // 46 characters
    // 6 px a character at size 10: 276 px on one line.
    FittedText t = fit_text(c, title, 10, 7, 300);
    EXPECT_EQ(t.lines.size(), 1u);
    t = fit_text(c, title, 10, 7, 200);
    ASSERT_EQ(t.lines.size(), 2u);
    EXPECT_EQ(t.size, 10);
    EXPECT_EQ(plain_text(t.lines[0].runs), "/entry/instrument/detector/data");  // the space is the break
    EXPECT_EQ(plain_text(t.lines[1].runs), "in run_0042.h5");
    t = fit_text(c, title, 10, 7, 180);  // "…/data" is 186 px: the break after the last '/'
    ASSERT_EQ(t.lines.size(), 2u);
    EXPECT_EQ(plain_text(t.lines[0].runs), "/entry/instrument/detector/");
    EXPECT_LE(t.width, 200);
    // 100 px: two lines need a smaller size, above the minimum.
    t = fit_text(c, title, 10, 7, 100);
    ASSERT_EQ(t.lines.size(), 2u);
    EXPECT_LT(t.size, 10);
    EXPECT_GE(t.size, 7);
    EXPECT_LE(t.width, 100);
    // 60 px: at 7 px size (4.2 px a character) it cannot fit: the second line ends in "…".
    t = fit_text(c, title, 10, 7, 60);
    ASSERT_EQ(t.lines.size(), 2u);
    EXPECT_EQ(t.size, 7);
    EXPECT_LE(t.width, 60);
    const std::string last = plain_text(t.lines[1].runs);
    EXPECT_EQ(last.substr(last.size() - 3), "\xE2\x80\xA6");
    EXPECT_GT(t.height, c.measure_text("0", 7).height() * 1.9);
}

TEST(TextFit, OneLineEllipsizes) {
    RecordingCanvas c(800, 600);
    const FittedText t = fit_text(c, "a very long legend label", 10, 10, 60, 1);
    ASSERT_EQ(t.lines.size(), 1u);
    EXPECT_LE(t.width, 60);
    EXPECT_EQ(plain_text(t.lines[0].runs), "a very lo\xE2\x80\xA6");
}

TEST(TextFit, EllipsisKeepsTheUnits) {
    RecordingCanvas c(800, 600);
    const FittedText t = fit_text(c, "Mean detector counts per pixel, background subtracted [kg m-3]", 10, 10, 120);
    ASSERT_EQ(t.lines.size(), 2u);
    EXPECT_LE(t.width, 120);
    EXPECT_EQ(plain_text(t.lines[0].runs), "Mean detector counts");
    const std::string last = plain_text(t.lines[1].runs);
    EXPECT_EQ(last, "per pixel,\xE2\x80\xA6 [kg m" + minus + "3]");
}

TEST(TextFit, UnitsStayOnOneLine) {
    RecordingCanvas c(800, 600);
    // "density [kg" is 66 px and fits 70, but the units go whole to the second line.
    const FittedText t = fit_text(c, "density [kg m]", 10, 7, 70);
    ASSERT_EQ(t.lines.size(), 2u);
    EXPECT_EQ(t.size, 10);
    EXPECT_EQ(plain_text(t.lines[0].runs), "density");
    EXPECT_EQ(plain_text(t.lines[1].runs), "[kg m]");
    // Units wider than the room still break inside, rather than not at all.
    const FittedText inside = fit_text(c, "[kilogram metre]", 10, 10, 60);
    ASSERT_EQ(inside.lines.size(), 2u);
    EXPECT_EQ(plain_text(inside.lines[0].runs), "[kilogram");
}

TEST(TextFit, AWordWiderThanTheRoomEndsInAnEllipsisNotCut) {
    RecordingCanvas c(800, 600);
    // "temperature" is 66 px at 10 and 46.2 px at 7: in 40 px it cannot be whole at any
    // size, so the label is one line ending in "…" before its units, never "temperatur" / "e".
    const FittedText t = fit_text(c, "temperature [K]", 10, 7, 40);
    ASSERT_EQ(t.lines.size(), 1u);
    EXPECT_EQ(t.size, 7);
    EXPECT_LE(t.width, 40);
    const std::string line = plain_text(t.lines[0].runs);
    EXPECT_NE(line.find("\xE2\x80\xA6"), std::string::npos) << line;
    // At 50 px it fits whole on the first line at a smaller size.
    const FittedText smaller = fit_text(c, "temperature [K]", 10, 7, 50);
    ASSERT_EQ(smaller.lines.size(), 2u);
    EXPECT_EQ(plain_text(smaller.lines[0].runs), "temperature");
    EXPECT_LT(smaller.size, 10);
}

TEST(TextFit, SuperscriptsRaiseTheLine) {
    RecordingCanvas c(800, 600);
    const FittedText plain = fit_text(c, "m", 10, 7, 500);
    const FittedText raised = fit_text(c, "m^2", 10, 7, 500);
    EXPECT_GT(raised.lines[0].ascent, plain.lines[0].ascent);
    EXPECT_DOUBLE_EQ(raised.width, 6 + 0.6 * 7);
}

TEST(TextFit, DrawsRunsRaisedAndRotated) {
    RecordingCanvas c(800, 600);
    const FittedText t = fit_text(c, "m^2", 10, 7, 500);
    draw_text(c, t, {100, 200}, HAlign::left, VAlign::baseline, 0);
    ASSERT_EQ(c.texts.size(), 2u);
    EXPECT_EQ(c.texts[0].text, "m");
    EXPECT_EQ(c.texts[0].anchor, (Point{100, 200}));
    EXPECT_EQ(c.texts[1].text, "2");
    EXPECT_DOUBLE_EQ(c.texts[1].anchor.x, 106);
    EXPECT_DOUBLE_EQ(c.texts[1].anchor.y, 200 - sup_shift * 10);
    EXPECT_DOUBLE_EQ(c.texts[1].style.size, 7);
    c.texts.clear();
    draw_text(c, t, {100, 200}, HAlign::left, VAlign::baseline, 90);  // reads upwards
    ASSERT_EQ(c.texts.size(), 2u);
    EXPECT_DOUBLE_EQ(c.texts[1].anchor.x, 100 - sup_shift * 10);
    EXPECT_DOUBLE_EQ(c.texts[1].anchor.y, 194);
    EXPECT_EQ(c.texts[1].style.angle, 90);
}

TEST(TextFit, PlainLineIsOneCallWithTheAlignment) {
    RecordingCanvas c(800, 600);
    draw_text(c, fit_text(c, "Energy [J]", 10, 7, 500), {50, 60}, HAlign::center, VAlign::top, 90);
    ASSERT_EQ(c.texts.size(), 1u);
    EXPECT_EQ(c.texts[0].text, "Energy [J]");
    EXPECT_EQ(c.texts[0].style.halign, HAlign::center);
    EXPECT_EQ(c.texts[0].style.valign, VAlign::top);
    EXPECT_EQ(c.texts[0].style.angle, 90);
}
