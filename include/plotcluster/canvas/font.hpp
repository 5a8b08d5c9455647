#pragma once
// A FreeType face owned by one process: looked up once (fontconfig family or a font file
// path), never shared between ranks, never created per plot.
#include <memory>
#include <string>

namespace plotcluster {

// Where a figure.font setting leads. Looked up once (by rank 0) and opened by every rank
// from the file: one answer for the whole job, and no rank but one reads fontconfig's
// configuration and caches (which on a cluster may live on a shared file system).
struct FontChoice {
    std::string file;
    int index = 0;            // the face within a collection (.ttc)
    std::string family;       // as fontconfig names it; empty for a path given as is
    bool substituted = false;  // a family was asked for and fontconfig chose another
};

// A fontconfig family, or a font file path taken as given; either way a file FreeType
// opens. Throws SetupError.
FontChoice choose_font(const std::string& family_or_path);

class FontFace {
public:
    // Opens the chosen file with FreeType. Throws SetupError when it cannot.
    explicit FontFace(const FontChoice& choice);
    // choose_font, then the above.
    explicit FontFace(const std::string& family_or_path);
    ~FontFace();
    FontFace(const FontFace&) = delete;
    FontFace& operator=(const FontFace&) = delete;

    const std::string& file() const;    // the font file in use
    const std::string& family() const;  // its family name
    // True when a family was asked for and fontconfig substituted another one.
    bool substituted() const;

    // "freetype 2.12.1": the library this process runs with (for --version).
    static std::string library_version();

    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace plotcluster
