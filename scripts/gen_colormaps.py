#!/usr/bin/python3
"""Generate src/core/colormap_data.cpp from the installed matplotlib.

Usage (from the repository root):  /usr/bin/python3 scripts/gen_colormaps.py

Each map is sampled as cmap(np.linspace(0, 1, 256)), the same 256 points matplotlib uses
for N=256 lookups, and rounded half-up to 8 bits. Rounding (not matplotlib's truncation in
bytes=True) keeps the table closest to the float colours, e.g. viridis[255] = (253,231,37).
"""
import os
import sys

import matplotlib
import numpy as np

# Order here is the order in the data file; colormap.cpp sorts names itself.
NAMES = [
    "viridis", "plasma", "inferno", "magma", "cividis", "gray", "coolwarm", "RdBu",
    "twilight", "turbo", "Blues", "Reds", "Greys", "hot", "jet", "seismic",
]
ENTRIES_PER_LINE = 8  # so line n holds entries 8n..8n+7

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "core",
                   "colormap_data.cpp")


def table(name):
    rgba = matplotlib.colormaps[name](np.linspace(0.0, 1.0, 256))
    rgb = np.floor(rgba[:, :3] * 255.0 + 0.5).astype(int)
    assert rgb.min() >= 0 and rgb.max() <= 255
    return rgb


def main():
    names = [n for n in NAMES if n in matplotlib.colormaps]
    skipped = sorted(set(NAMES) - set(names))
    if skipped:
        print("skipping maps missing from matplotlib %s: %s" % (matplotlib.__version__,
              ", ".join(skipped)), file=sys.stderr)

    out = [
        "// GENERATED FILE - do not edit by hand.",
        "// Regenerate with: /usr/bin/python3 scripts/gen_colormaps.py",
        "// Source: matplotlib %s, cmap(np.linspace(0, 1, 256)) rounded to 8-bit RGB."
        % matplotlib.__version__,
        "// Not reformatted: one line per 8 entries is easier to index than a reflowed table.",
        "// clang-format off",
        "#include <cstddef>",
        "#include <cstdint>",
        "",
        "namespace plotcluster::colormap_data {",
        "",
        "// Declared here as well as in colormap.cpp so this file checks its own definitions.",
        "extern const std::size_t count;",
        "extern const char* const names[];",
        "extern const std::uint8_t rgb[][256 * 3];",
        "",
        "const std::size_t count = %d;" % len(names),
        "",
        "const char* const names[] = {",
    ]
    for i in range(0, len(names), 6):
        out.append("    " + " ".join('"%s",' % n for n in names[i:i + 6]))
    out += ["};", "", "const std::uint8_t rgb[][256 * 3] = {"]
    for name in names:
        rgb = table(name)
        out.append("    {  // %s" % name)
        for i in range(0, 256, ENTRIES_PER_LINE):
            out.append("        " + " ".join(
                "%d,%d,%d," % tuple(c) for c in rgb[i:i + ENTRIES_PER_LINE]))
        out.append("    },")
    out += ["};", "", "}  // namespace plotcluster::colormap_data", "// clang-format on", ""]

    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
