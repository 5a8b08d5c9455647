#pragma once
// Private to the canvas module: the FreeType and Cairo objects behind a FontFace.
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <string>

#include "plotcluster/canvas/font.hpp"

namespace plotcluster {

struct FontFace::Impl {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    cairo_font_face_t* cairo_face = nullptr;  // owns face and library once created
    std::string file;
    std::string family;
    bool substituted = false;
    ~Impl();
};

}  // namespace plotcluster
