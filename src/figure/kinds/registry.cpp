// The table of plot kinds. A new kind: its file kinds/<kind>.cpp defining <kind>_kind(),
// one declaration below and one entry in the table (where it appears in messages).
#include <array>
#include <stdexcept>

#include "plotcluster/figure/plot_kind.hpp"

namespace plotcluster {

const PlotKind& line_kind();       // kinds/line.cpp
const PlotKind& heatmap_kind();    // kinds/heatmap.cpp
const PlotKind& scatter_kind();    // kinds/scatter.cpp
const PlotKind& histogram_kind();  // kinds/histogram.cpp

std::span<const PlotKind* const> plot_kinds() {
    static const auto kinds = std::to_array<const PlotKind*>({
        &line_kind(),
        &heatmap_kind(),
        &scatter_kind(),
        &histogram_kind(),
    });
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
