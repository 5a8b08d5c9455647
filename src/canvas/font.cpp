#include "plotcluster/canvas/font.hpp"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "font_impl.hpp"
#include "plotcluster/error.hpp"

namespace plotcluster {

namespace {

bool looks_like_path(const std::string& spec) {
    const auto ext = std::filesystem::path(spec).extension().string();
    return spec.find('/') != std::string::npos || ext == ".ttf" || ext == ".otf" ||
           ext == ".ttc" || ext == ".pfb";
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

// fontconfig always answers with its best match; the caller learns whether it is the
// family that was asked for.
FontChoice match_family(const std::string& family) {
    if (!FcInit()) throw SetupError("font: cannot initialise fontconfig");
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(family.c_str()));
    if (pattern == nullptr) throw SetupError("figure.font: cannot parse font name '" + family + "'");
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    FcPatternDestroy(pattern);
    if (match == nullptr) throw SetupError("figure.font: no font matches '" + family + "'");
    FontChoice out;
    FcChar8* value = nullptr;
    if (FcPatternGetString(match, FC_FILE, 0, &value) == FcResultMatch)
        out.file = reinterpret_cast<const char*>(value);
    if (FcPatternGetString(match, FC_FAMILY, 0, &value) == FcResultMatch)
        out.family = reinterpret_cast<const char*>(value);
    FcPatternGetInteger(match, FC_INDEX, 0, &out.index);
    FcPatternDestroy(match);
    if (out.file.empty()) throw SetupError("figure.font: no font file for '" + family + "'");
    const std::string wanted = lower(family.substr(0, family.find_first_of(":-")));
    out.substituted = lower(out.family) != wanted;
    return out;
}

void release_ft(void* data) {
    auto* impl = static_cast<FontFace::Impl*>(data);
    FT_Done_Face(impl->face);
    FT_Done_FreeType(impl->library);
    delete impl;
}

const cairo_user_data_key_t ft_key{};

}  // namespace

FontFace::Impl::~Impl() = default;

FontChoice choose_font(const std::string& family_or_path) {
    FontChoice choice;
    if (looks_like_path(family_or_path)) {
        choice.file = family_or_path;
    } else {
        choice = match_family(family_or_path);
    }
    // Opened once here (FreeType only: a Cairo face would linger in Cairo's caches), so
    // a file that cannot be used stops the job before it starts rather than failing
    // every plot on every rank.
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) throw SetupError("font: cannot initialise FreeType");
    FT_Face face = nullptr;
    const bool loads = FT_New_Face(library, choice.file.c_str(), choice.index, &face) == 0;
    if (loads) FT_Done_Face(face);
    FT_Done_FreeType(library);
    if (!loads) throw SetupError("figure.font: cannot load font file '" + choice.file + "'");
    return choice;
}

FontFace::FontFace(const std::string& family_or_path) : FontFace(choose_font(family_or_path)) {}

FontFace::FontFace(const FontChoice& choice) {
    auto impl = std::make_unique<Impl>();
    impl->substituted = choice.substituted;
    if (FT_Init_FreeType(&impl->library) != 0) throw SetupError("font: cannot initialise FreeType");
    if (FT_New_Face(impl->library, choice.file.c_str(), choice.index, &impl->face) != 0) {
        FT_Done_FreeType(impl->library);
        throw SetupError("figure.font: cannot load font file '" + choice.file + "'");
    }
    impl->file = choice.file;
    impl->family = impl->face->family_name ? impl->face->family_name : choice.family;
    impl->cairo_face = cairo_ft_font_face_create_for_ft_face(impl->face, 0);
    // Cairo may keep the face in its caches after we let go; the FreeType objects go when
    // Cairo releases the face, never before.
    Impl* raw = impl.get();
    if (cairo_font_face_set_user_data(impl->cairo_face, &ft_key, raw, release_ft) !=
        CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(impl->cairo_face);
        FT_Done_Face(impl->face);
        FT_Done_FreeType(impl->library);
        throw SetupError("font: cannot hand '" + choice.file + "' to Cairo");
    }
    impl_.reset(impl.release());
}

FontFace::~FontFace() {
    // Ownership of Impl passed to the Cairo face's user data (release_ft).
    Impl* raw = impl_.release();
    cairo_font_face_destroy(raw->cairo_face);
}

const std::string& FontFace::file() const { return impl_->file; }
const std::string& FontFace::family() const { return impl_->family; }
bool FontFace::substituted() const { return impl_->substituted; }

std::string FontFace::library_version() {
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) return "freetype (cannot initialise)";
    FT_Int major = 0, minor = 0, patch = 0;
    FT_Library_Version(library, &major, &minor, &patch);
    FT_Done_FreeType(library);
    return "freetype " + std::to_string(major) + '.' + std::to_string(minor) + '.' +
           std::to_string(patch);
}

}  // namespace plotcluster
