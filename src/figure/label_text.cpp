#include "figure/label_text.hpp"

#include <array>
#include <optional>
#include <utility>

#include "plotcluster/core/utf8.hpp"

namespace plotcluster::chart {

namespace {

constexpr std::string_view kMinus = "\xE2\x88\x92";  // U+2212, as matplotlib sets a minus
constexpr std::string_view kDegree = "\xC2\xB0";

// A script level: the size and baseline of the text written there.
struct Level {
    double scale = 1;
    double shift = 0;
    Level sup() const { return {scale * script_scale, shift + sup_shift * scale}; }
    Level sub() const { return {scale * script_scale, shift + sub_shift * scale}; }
};

void append(RichText& out, std::string_view text, Level lv) {
    if (text.empty()) return;
    if (!out.empty() && out.back().scale == lv.scale && out.back().shift == lv.shift) {
        out.back().text += text;
        return;
    }
    out.push_back({std::string(text), lv.scale, lv.shift});
}

void append_all(RichText& out, const RichText& runs) {
    for (const TextRun& r : runs) append(out, r.text, {r.scale, r.shift});
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Bytes of the character at s[i]: a well-formed one whole, else the single byte (the
// canvas shows it as U+FFFD), so a run never splits a character.
std::size_t char_length(std::string_view s, std::size_t i) {
    const std::size_t n = utf8_sequence_length(s, i);
    return n == 0 ? 1 : n;
}

// '-' as a minus sign, the rest as written.
std::string with_minus(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 4);
    for (const char c : s) {
        if (c == '-') {
            out += kMinus;
        } else {
            out += c;
        }
    }
    return out;
}

struct Exponent {
    std::string text;
    std::size_t length = 0;  // bytes consumed after the '^' or '**'
};

// A signed number at s[i]: "2", "-1", "+3", "0.5"; its length, or 0.
std::size_t signed_number(std::string_view s, std::size_t i, bool decimals) {
    std::size_t j = i;
    if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
    const std::size_t digits = j;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j == digits) return 0;
    if (decimals && j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
        ++j;
        while (j < s.size() && is_digit(s[j])) ++j;
    }
    return j - i;
}

// What follows '^' or '**' in plain text: a signed number or a {…} group.
std::optional<Exponent> plain_exponent(std::string_view s, std::size_t i) {
    if (i < s.size() && s[i] == '{') {
        int depth = 0;
        for (std::size_t j = i; j < s.size(); ++j) {
            if (s[j] == '{') ++depth;
            if (s[j] == '}' && --depth == 0) {
                if (j == i + 1) return std::nullopt;
                return Exponent{with_minus(s.substr(i + 1, j - i - 1)), j - i + 1};
            }
        }
        return std::nullopt;
    }
    const std::size_t n = signed_number(s, i, true);
    if (n == 0) return std::nullopt;
    return Exponent{with_minus(s.substr(i, n)), n};
}

// ---- units: udunits' bare exponents --------------------------------------------------

constexpr auto kUnits = std::to_array<std::string_view>({
    "m",   "g",    "s",    "A",   "K",      "mol",     "cd",   "rad",  "sr",  "Hz", "N",
    "Pa",  "J",    "W",    "C",   "V",      "F",       "Ohm",  "ohm",  "\xCE\xA9", "S", "Wb",
    "T",   "H",    "lm",   "lx",  "Bq",     "Gy",      "Sv",   "L",    "l",   "min", "h",
    "d",   "eV",   "bar",  "atm", "au",     "pc",      "ly",   "erg",  "dyn", "G",  "Gs",
    "u",   "Da",   "b",    "deg", "degC",   "degF",    "degK", "degree", "degrees", "yr", "year",
    "day", "hour", "hr",   "a",   "t",      "Jy",      "cal"});
constexpr auto kPrefixes = std::to_array<std::string_view>({
    "da", "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "d",
    "c",  "m", "u", "\xC2\xB5", "\xCE\xBC", "n", "p", "f", "a", "z", "y"});

bool is_unit_name(std::string_view s) {
    for (const std::string_view u : kUnits) {
        if (s == u) return true;
    }
    return false;
}

// A known unit symbol, with or without an SI prefix: "m", "km", "µs", "hPa".
bool is_known_unit(std::string_view s) {
    if (is_unit_name(s)) return true;
    for (const std::string_view p : kPrefixes) {
        if (s.size() > p.size() && s.substr(0, p.size()) == p && is_unit_name(s.substr(p.size()))) return true;
    }
    return false;
}

// Bytes of a unit symbol's character at s[i] (letters, µ, μ, Ω, °, %, '_'), or 0.
std::size_t symbol_char(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (is_letter(s[i]) || s[i] == '%' || s[i] == '_') return 1;
    for (const std::string_view c : {std::string_view("\xC2\xB5"), std::string_view("\xCE\xBC"),
                                     std::string_view("\xCE\xA9"), kDegree}) {
        if (s.substr(i, c.size()) == c) return c.size();
    }
    return 0;
}

// A units expression ("m2 s-1", "kg.m-3", "W m-2 sr-1") as runs, when it has at least one
// udunits-style bare exponent on a known unit; else nothing (the plain rules cover ^ and
// **). strict: every symbol must be a known unit and there must be two of them.
std::optional<RichText> units_runs(std::string_view s, bool strict) {
    RichText out;
    int symbols = 0, bare = 0;
    bool after_unit = false;  // a '.' between units is a product, drawn as a middle dot
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '/' || (c == '*' && s.substr(i, 2) != "**")) {
            append(out, s.substr(i, 1), {});
            after_unit = false;
            ++i;
            continue;
        }
        if (c == '.' && after_unit && symbol_char(s, i + 1) > 0) {
            append(out, "\xC2\xB7", {});
            after_unit = false;
            ++i;
            continue;
        }
        if (is_digit(c) || ((c == '-' || c == '+') && !after_unit)) {
            std::size_t n = signed_number(s, i, true);
            if (n == 0) return std::nullopt;
            if (i + n + 1 < s.size() && (s[i + n] == 'e' || s[i + n] == 'E')) {
                const std::size_t e = signed_number(s, i + n + 1, false);
                if (e > 0) n += 1 + e;
            }
            append(out, s.substr(i, n), {});
            after_unit = false;
            i += n;
            continue;
        }
        const std::size_t start = i;
        while (const std::size_t k = symbol_char(s, i)) i += k;
        if (i == start) return std::nullopt;
        const std::string_view symbol = s.substr(start, i - start);
        const bool known = is_known_unit(symbol);
        if (strict && !known) return std::nullopt;
        ++symbols;
        append(out, symbol, {});
        std::optional<Exponent> e;
        if (i < s.size() && s[i] == '^') {
            e = plain_exponent(s, i + 1);
            if (!e) return std::nullopt;
            i += 1;
        } else if (s.substr(i, 2) == "**") {
            e = plain_exponent(s, i + 2);
            if (!e) return std::nullopt;
            i += 2;
        } else if (const std::size_t n = signed_number(s, i, false); n > 0) {
            if (!known) return std::nullopt;  // "run2" is a name, not a unit squared
            e = Exponent{with_minus(s.substr(i, n)), n};
            ++bare;
        }
        if (e) {
            append(out, e->text, Level{}.sup());
            i += e->length;
        }
        after_unit = true;
    }
    if (bare == 0 || (strict && symbols < 2)) return std::nullopt;
    return out;
}

// ---- $…$: a subset of TeX math ------------------------------------------------------

struct Symbol {
    std::string_view name;
    std::string_view utf8;
};

constexpr auto kSymbols = std::to_array<Symbol>({
    {"alpha", "\xCE\xB1"}, {"beta", "\xCE\xB2"}, {"gamma", "\xCE\xB3"}, {"delta", "\xCE\xB4"},
    {"epsilon", "\xCF\xB5"}, {"varepsilon", "\xCE\xB5"}, {"zeta", "\xCE\xB6"}, {"eta", "\xCE\xB7"},
    {"theta", "\xCE\xB8"}, {"vartheta", "\xCF\x91"}, {"iota", "\xCE\xB9"}, {"kappa", "\xCE\xBA"},
    {"lambda", "\xCE\xBB"}, {"mu", "\xCE\xBC"}, {"nu", "\xCE\xBD"}, {"xi", "\xCE\xBE"},
    {"omicron", "\xCE\xBF"}, {"pi", "\xCF\x80"}, {"varpi", "\xCF\x96"}, {"rho", "\xCF\x81"},
    {"varrho", "\xCF\xB1"}, {"sigma", "\xCF\x83"}, {"varsigma", "\xCF\x82"}, {"tau", "\xCF\x84"},
    {"upsilon", "\xCF\x85"}, {"phi", "\xCF\x95"}, {"varphi", "\xCF\x86"}, {"chi", "\xCF\x87"},
    {"psi", "\xCF\x88"}, {"omega", "\xCF\x89"},
    {"Alpha", "\xCE\x91"}, {"Beta", "\xCE\x92"}, {"Gamma", "\xCE\x93"}, {"Delta", "\xCE\x94"},
    {"Epsilon", "\xCE\x95"}, {"Zeta", "\xCE\x96"}, {"Eta", "\xCE\x97"}, {"Theta", "\xCE\x98"},
    {"Iota", "\xCE\x99"}, {"Kappa", "\xCE\x9A"}, {"Lambda", "\xCE\x9B"}, {"Mu", "\xCE\x9C"},
    {"Nu", "\xCE\x9D"}, {"Xi", "\xCE\x9E"}, {"Omicron", "\xCE\x9F"}, {"Pi", "\xCE\xA0"},
    {"Rho", "\xCE\xA1"}, {"Sigma", "\xCE\xA3"}, {"Tau", "\xCE\xA4"}, {"Upsilon", "\xCE\xA5"},
    {"Phi", "\xCE\xA6"}, {"Chi", "\xCE\xA7"}, {"Psi", "\xCE\xA8"}, {"Omega", "\xCE\xA9"},
    {"cdot", "\xE2\x8B\x85"}, {"times", "\xC3\x97"}, {"pm", "\xC2\xB1"}, {"mp", "\xE2\x88\x93"},
    {"div", "\xC3\xB7"}, {"circ", "\xE2\x88\x98"}, {"degree", "\xC2\xB0"}, {"infty", "\xE2\x88\x9E"},
    {"partial", "\xE2\x88\x82"}, {"nabla", "\xE2\x88\x87"}, {"approx", "\xE2\x89\x88"},
    {"sim", "\xE2\x88\xBC"}, {"simeq", "\xE2\x89\x83"}, {"propto", "\xE2\x88\x9D"},
    {"le", "\xE2\x89\xA4"}, {"leq", "\xE2\x89\xA4"}, {"ge", "\xE2\x89\xA5"}, {"geq", "\xE2\x89\xA5"},
    {"ne", "\xE2\x89\xA0"}, {"neq", "\xE2\x89\xA0"}, {"ll", "\xE2\x89\xAA"}, {"gg", "\xE2\x89\xAB"},
    {"equiv", "\xE2\x89\xA1"}, {"to", "\xE2\x86\x92"}, {"rightarrow", "\xE2\x86\x92"},
    {"leftarrow", "\xE2\x86\x90"}, {"hbar", "\xC4\xA7"}, {"ell", "\xE2\x84\x93"}, {"AA", "\xC3\x85"},
    {"prime", "\xE2\x80\xB2"}, {"ldots", "\xE2\x80\xA6"}, {"cdots", "\xE2\x8B\xAF"},
    {"langle", "\xE2\x9F\xA8"}, {"rangle", "\xE2\x9F\xA9"}, {"sqrt", "\xE2\x88\x9A"},
    {"perp", "\xE2\x8A\xA5"}, {"parallel", "\xE2\x88\xA5"}, {"star", "\xE2\x8B\x86"},
    {"dagger", "\xE2\x80\xA0"},
});

// TeX's classes for spacing: a relation gets a thick space each side, a binary operator
// a medium one when it has something on its left (else it is a sign).
enum class MathClass { ordinary, binary, relation };

MathClass class_of(std::string_view name) {
    for (const std::string_view b : {"times", "cdot", "pm", "mp", "div", "star"}) {
        if (name == b) return MathClass::binary;
    }
    for (const std::string_view r : {"approx", "sim", "simeq", "propto", "le", "leq", "ge", "geq", "ne", "neq",
                                     "ll", "gg", "equiv", "to", "rightarrow", "leftarrow", "perp", "parallel"}) {
        if (name == r) return MathClass::relation;
    }
    return MathClass::ordinary;
}

std::optional<std::string_view> symbol_named(std::string_view name) {
    for (const Symbol& s : kSymbols) {
        if (s.name == name) return s.utf8;
    }
    return std::nullopt;
}

// Recursive descent over one $…$ segment; false on anything it does not know, and then
// the caller draws the segment as written.
class MathParser {
public:
    MathParser(std::string_view s, RichText& out) : s_(s), out_(out) {}

    bool parse() {
        std::size_t pos = 0;
        return sequence(pos, false, {}, false) && pos == s_.size() && !out_.empty();
    }

private:
    bool sequence(std::size_t& pos, bool in_group, Level lv, bool keep_spaces) {
        while (pos < s_.size()) {
            if (s_[pos] == '}') {
                if (!in_group) return false;
                ++pos;
                return true;
            }
            if (++depth_ > 64 || !element(pos, lv, keep_spaces)) return false;  // a bound on nesting
            --depth_;
        }
        return !in_group;
    }

    bool element(std::size_t& pos, Level lv, bool keep_spaces) {
        const char c = s_[pos];
        switch (c) {
            case '{': {
                ++pos;
                operand_ = false;
                const bool ok = sequence(pos, true, lv, keep_spaces);
                operand_ = true;  // a group is an operand
                return ok;
            }
            case '^': ++pos; return script(pos, lv.sup(), true, lv, keep_spaces);
            case '_': ++pos; return script(pos, lv.sub(), false, lv, keep_spaces);
            case '\\': return command(pos, lv, keep_spaces);
            case '}': return false;
            case ' ':
                ++pos;
                if (keep_spaces) append(out_, " ", lv);
                return true;
            case '-': ++pos; put(kMinus, lv, MathClass::binary, keep_spaces); return true;
            case '+': ++pos; put("+", lv, MathClass::binary, keep_spaces); return true;
            case '=':
            case '<':
            case '>': ++pos; put(s_.substr(pos - 1, 1), lv, MathClass::relation, keep_spaces); return true;
            default: break;
        }
        const std::size_t n = char_length(s_, pos);
        put(s_.substr(pos, n), lv, MathClass::ordinary, keep_spaces);
        pos += n;
        return true;
    }

    // A symbol with TeX's spacing around it (in text style only: scripts are set tight).
    void put(std::string_view sym, Level lv, MathClass k, bool text_mode) {
        const bool spaced = !text_mode && lv.scale == 1 &&
                            (k == MathClass::relation || (k == MathClass::binary && operand_));
        const Level space{k == MathClass::relation ? 0.87 : 0.7, lv.shift};  // 5/18, 4/18 em
        if (spaced) append(out_, " ", space);
        append(out_, sym, lv);
        if (spaced) append(out_, " ", space);
        operand_ = k == MathClass::ordinary;
    }

    // The argument of ^ or _: one character, one command or a {…} group; a signed number
    // is taken whole ("m^-1" means m⁻¹, never m⁻ then 1).
    bool script(std::size_t& pos, Level in, bool up, Level base, bool keep_spaces) {
        while (pos < s_.size() && s_[pos] == ' ') ++pos;
        if (pos >= s_.size()) return false;
        // ^\circ and ^{\circ} are degrees: the ° glyph sits high already.
        for (const std::string_view degrees : {std::string_view("\\circ"), std::string_view("{\\circ}")}) {
            if (up && s_.substr(pos, degrees.size()) == degrees &&
                !(pos + degrees.size() < s_.size() && is_letter(s_[pos + degrees.size()]))) {
                append(out_, kDegree, base);
                pos += degrees.size();
                return true;
            }
        }
        const char c = s_[pos];
        if ((c == '-' || c == '+') && pos + 1 < s_.size() && is_digit(s_[pos + 1])) {
            const std::size_t n = signed_number(s_, pos, false);
            append(out_, with_minus(s_.substr(pos, n)), in);
            pos += n;
            return true;
        }
        if (c == '^' || c == '_' || c == '}') return false;
        return element(pos, in, keep_spaces);
    }

    bool command(std::size_t& pos, Level lv, bool keep_spaces) {
        if (pos + 1 >= s_.size()) return false;
        const char next = s_[pos + 1];
        if (!is_letter(next)) {
            pos += 2;
            switch (next) {
                case ',': append(out_, " ", {lv.scale * 0.5, lv.shift}); return true;  // thin
                case ':':
                case ';':
                case '>': append(out_, " ", {lv.scale * 0.75, lv.shift}); return true;
                case ' ': append(out_, " ", lv); return true;
                case '!': return true;
                case '$': case '{': case '}': case '_': case '^': case '%': case '#': case '&': case '\\':
                    append(out_, std::string_view(&next, 1), lv);
                    return true;
                default: return false;
            }
        }
        std::size_t end = pos + 1;
        while (end < s_.size() && is_letter(s_[end])) ++end;
        const std::string_view name = s_.substr(pos + 1, end - pos - 1);
        pos = end;
        if (keep_spaces && pos < s_.size() && s_[pos] == ' ') ++pos;  // TeX eats it
        if (const auto utf8 = symbol_named(name)) {
            put(*utf8, lv, class_of(name), keep_spaces);
            return true;
        }
        if (name == "mathrm" || name == "text" || name == "mathit" || name == "mathbf" ||
            name == "mathsf" || name == "mathtt" || name == "operatorname") {
            while (pos < s_.size() && s_[pos] == ' ') ++pos;
            if (pos >= s_.size() || s_[pos] != '{') return false;
            ++pos;
            return sequence(pos, true, lv, keep_spaces || name == "text");
        }
        if (name == "quad" || name == "qquad") {
            append(out_, name == "quad" ? "   " : "      ", lv);
            return true;
        }
        return name == "left" || name == "right";  // the delimiter that follows is drawn
    }

    std::string_view s_;
    RichText& out_;
    int depth_ = 0;
    bool operand_ = false;  // the last thing set was an operand: a following '-' is binary
};

// The '$' closing the segment opened at s[open], not one written "\$"; npos if none.
std::size_t closing_dollar(std::string_view s, std::size_t open) {
    for (std::size_t j = open + 1; j < s.size(); ++j) {
        if (s[j] == '\\') {
            ++j;
        } else if (s[j] == '$') {
            return j;
        }
    }
    return std::string_view::npos;
}

void parse_plain(std::string_view s, RichText& out) {
    const Level base{};
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\\' && i + 1 < s.size() && s[i + 1] == '$') {
            append(out, "$", base);
            i += 2;
            continue;
        }
        if (c == '$') {
            const std::size_t close = closing_dollar(s, i);
            if (close == std::string_view::npos) {
                append(out, "$", base);
                ++i;
                continue;
            }
            RichText math;
            if (MathParser(s.substr(i + 1, close - i - 1), math).parse()) {
                append_all(out, math);
            } else {
                append(out, s.substr(i, close - i + 1), base);
            }
            i = close + 1;
            continue;
        }
        const bool after_word = i > 0 && s[i - 1] != ' ';
        std::size_t op = 0;  // length of a '^' or '**' that may start an exponent
        if (c == '^') op = 1;
        if (c == '*' && s.substr(i, 2) == "**") op = 2;
        if (op > 0 && after_word) {
            if (const auto e = plain_exponent(s, i + op)) {
                append(out, e->text, base.sup());
                i += op + e->length;
                continue;
            }
        }
        const std::size_t n = char_length(s, i);
        append(out, s.substr(i, n), base);
        i += n;
    }
}

}  // namespace

RichText parse_label(std::string_view label) {
    RichText out;
    if (label.find_first_of("$^*[0123456789") == std::string_view::npos) {  // the common case
        append(out, label, {});
        return out;
    }
    if (auto units = units_runs(label, true)) return std::move(*units);
    // "long_name [units]": the units in the last brackets.
    if (label.size() >= 2 && label.back() == ']') {
        const std::size_t open = label.rfind('[');
        if (open != std::string_view::npos) {
            const std::string_view inside = label.substr(open + 1, label.size() - open - 2);
            if (inside.find(']') == std::string_view::npos) {
                if (auto units = units_runs(inside, false)) {
                    parse_plain(label.substr(0, open + 1), out);
                    append_all(out, *units);
                    append(out, "]", {});
                    return out;
                }
            }
        }
    }
    parse_plain(label, out);
    return out;
}

bool is_plain(const RichText& runs) {
    return runs.empty() || (runs.size() == 1 && runs[0].scale == 1 && runs[0].shift == 0);
}

std::string plain_text(const RichText& runs) {
    std::string out;
    for (const TextRun& r : runs) out += r.text;
    return out;
}

}  // namespace plotcluster::chart
