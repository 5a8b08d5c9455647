// The table of plot kinds. A new kind is its file kinds/<kind>.cpp, which defines
// `const PlotKind& <kind>_kind()`, and one line in PLOTCLUSTER_PLOT_KINDS below.
#include <array>
#include <stdexcept>

#include "plotcluster/figure/plot_kind.hpp"

// Every kind, one line each, in the order messages list them.
#define PLOTCLUSTER_PLOT_KINDS(KIND) \
    KIND(line)                       \
    KIND(heatmap)                    \
    KIND(scatter)                    \
    KIND(histogram)                  \
    KIND(contour)                    \
    KIND(quiver)                     \
    KIND(streamlines)                \
    KIND(density)                    \
    KIND(panels)

namespace plotcluster {

#define PLOTCLUSTER_DECLARE_KIND(kind) const PlotKind& kind##_kind();
PLOTCLUSTER_PLOT_KINDS(PLOTCLUSTER_DECLARE_KIND)
#undef PLOTCLUSTER_DECLARE_KIND

std::span<const PlotKind* const> plot_kinds() {
#define PLOTCLUSTER_KIND_ENTRY(kind) &kind##_kind(),
    static const auto kinds = std::to_array<const PlotKind*>({PLOTCLUSTER_PLOT_KINDS(PLOTCLUSTER_KIND_ENTRY)});
#undef PLOTCLUSTER_KIND_ENTRY
    return kinds;
}

const KindSyntaxes& kind_syntaxes() {
    static const KindSyntaxes syntaxes = [] {
        std::vector<const KindSyntax*> all;
        all.reserve(plot_kinds().size());
        for (const PlotKind* kind : plot_kinds()) all.push_back(kind);
        return KindSyntaxes(std::move(all));
    }();
    return syntaxes;
}

const PlotKind* find_plot_kind(std::string_view name) {
    for (const PlotKind* kind : plot_kinds()) {
        if (kind->name() == name) return kind;
    }
    return nullptr;
}

const PlotKind& plot_kind(const PlotRule& rule) {
    const auto* kind = dynamic_cast<const PlotKind*>(rule.kind);
    if (kind == nullptr) throw std::logic_error("plot rule without a kind the figure knows");
    return *kind;
}

}  // namespace plotcluster
