#pragma once
// A FreeType face owned by one process: looked up once (fontconfig family or a font file
// path), never shared between ranks, never created per plot.
#include <memory>
#include <string>

namespace plotcluster {

class FontFace {
public:
    // Throws SetupError when nothing usable is found.
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
