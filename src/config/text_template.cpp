#include "plotcluster/config/text_template.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "did_you_mean.hpp"
#include "plotcluster/error.hpp"

namespace plotcluster {
namespace {

enum class PieceKind { literal, file, file_stem, dataset, name, attr, slice, frame };

// A literal run of text, or one placeholder (for attr, `text` is the attribute name).
struct Piece {
    PieceKind kind;
    std::string_view text;
};

constexpr std::string_view attr_prefix = "attr:";

struct NamedPlaceholder {
    std::string_view name;
    PieceKind kind;
};
constexpr std::array<NamedPlaceholder, 6> named_placeholders = {{
    {"file", PieceKind::file},
    {"file_stem", PieceKind::file_stem},
    {"dataset", PieceKind::dataset},
    {"name", PieceKind::name},
    {"slice", PieceKind::slice},
    {"frame", PieceKind::frame},
}};

std::optional<std::string> unknown_placeholder(std::string_view inner) {
    std::vector<std::string> known;
    known.reserve(named_placeholders.size() + 1);
    for (const auto& p : named_placeholders) known.push_back("{" + std::string(p.name) + "}");
    known.emplace_back("{attr:NAME}");
    const std::string written = "{" + std::string(inner) + "}";
    return "unknown placeholder '" + written + "'" + detail::did_you_mean(written, known);
}

// Classifies the text between '{' and '}'.
std::optional<std::string> placeholder(std::string_view inner, std::vector<Piece>& out) {
    if (inner.substr(0, attr_prefix.size()) == attr_prefix) {
        const std::string_view attr = inner.substr(attr_prefix.size());
        if (attr.empty()) return "empty attribute name in '{attr:}'";
        out.push_back({PieceKind::attr, attr});
        return std::nullopt;
    }
    if (inner == "attr") return "'{attr}' needs an attribute name, as in '{attr:units}'";
    for (const auto& p : named_placeholders) {
        if (inner == p.name) {
            out.push_back({p.kind, {}});
            return std::nullopt;
        }
    }
    return unknown_placeholder(inner);
}

// Splits a template into pieces; the one grammar that check and expand share.
std::optional<std::string> split(std::string_view tmpl, std::vector<Piece>& out) {
    std::size_t i = 0;
    while (i < tmpl.size()) {
        const std::size_t brace = tmpl.find_first_of("{}", i);
        if (brace == std::string_view::npos) {
            out.push_back({PieceKind::literal, tmpl.substr(i)});
            break;
        }
        if (brace > i) out.push_back({PieceKind::literal, tmpl.substr(i, brace - i)});
        const char c = tmpl[brace];
        if (brace + 1 < tmpl.size() && tmpl[brace + 1] == c) {  // "{{" or "}}"
            out.push_back({PieceKind::literal, tmpl.substr(brace, 1)});
            i = brace + 2;
            continue;
        }
        if (c == '}') return "unmatched '}' (write '}}' for a literal brace)";
        const std::size_t close = tmpl.find_first_of("{}", brace + 1);
        if (close == std::string_view::npos || tmpl[close] == '{') {
            return "unclosed '{' (write '{{' for a literal brace)";
        }
        if (auto err = placeholder(tmpl.substr(brace + 1, close - brace - 1), out)) return err;
        i = close + 1;
    }
    return std::nullopt;
}

bool has_piece(const std::vector<Piece>& pieces, PieceKind kind) {
    return std::any_of(pieces.begin(), pieces.end(), [kind](const Piece& p) { return p.kind == kind; });
}

}  // namespace

std::optional<std::string> check_template(std::string_view tmpl, bool title) {
    std::vector<Piece> pieces;
    if (auto err = split(tmpl, pieces)) return err;
    const bool slice = has_piece(pieces, PieceKind::slice);
    if (slice && !title) {
        return std::string("'{slice}' is known only once the data is read: only a rule's title may use it");
    }
    return std::nullopt;
}

bool uses_frame(std::string_view tmpl) {
    std::vector<Piece> pieces;
    if (split(tmpl, pieces)) return false;
    return has_piece(pieces, PieceKind::frame);
}

std::string frame_text(std::uint64_t frame, std::uint64_t last) {
    std::string text = std::to_string(frame);
    const std::size_t width = std::to_string(last).size();
    if (text.size() < width) text.insert(0, width - text.size(), '0');
    return text;
}

std::string expand_template(std::string_view tmpl, const TemplateContext& ctx) {
    std::vector<Piece> pieces;
    if (auto err = split(tmpl, pieces)) {
        // Templates are checked when the config is loaded, so this is a caller bug.
        throw std::invalid_argument("template '" + std::string(tmpl) + "': " + *err);
    }
    // Checked before any attribute is looked up, so a template check_template rejects is
    // always a caller bug here, never a dataset's missing attribute.
    const bool slice = has_piece(pieces, PieceKind::slice);
    if (slice && ctx.slice_at == nullptr) {
        throw std::invalid_argument("template '" + std::string(tmpl) + "': '{slice}' outside a title");
    }
    std::string out;
    for (const Piece& piece : pieces) {
        switch (piece.kind) {
            case PieceKind::literal: out += piece.text; break;
            case PieceKind::file: out += ctx.file; break;
            case PieceKind::file_stem: out += ctx.file_stem; break;
            case PieceKind::dataset: out += ctx.dataset; break;
            case PieceKind::name: out += ctx.name; break;
            case PieceKind::frame:
                out += ctx.frame;
                break;
            case PieceKind::slice: ctx.slice_at->push_back(out.size()); break;
            case PieceKind::attr: {
                const std::string key(piece.text);
                if (!ctx.attrs || !ctx.attrs->contains(key)) {
                    throw DatasetError("template '" + std::string(tmpl) +
                                       "': dataset has no attribute '" + key + "'");
                }
                out += ctx.attrs->at(key);
                break;
            }
        }
    }
    return out;
}

}  // namespace plotcluster
