// kind: panels — one figure, a grid of sub-plots, each a rule body of its own (`panels:`,
// parsed by config into Config::plots, resolved by the plan into PlotTask::parts and drawn
// by figure/compose.hpp). The rule's own dataset only picks the files, one figure each.
#include <array>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "plotcluster/core/fields.hpp"
#include "plotcluster/figure/plot_kind.hpp"

namespace plotcluster {
namespace {

constexpr std::array<std::string_view, 5> share_names = {"none", "x", "y", "both", "colorbar"};
constexpr int max_side = 16;  // rows or columns of a grid

struct PanelsOptions {
    std::vector<double> layout;  // [rows, cols]; empty: near-square for the count
    PanelShare share = PanelShare::none;
};

template <fields::same_or_const<PanelsOptions> S, class V>
constexpr void for_each_field(S& o, V&& v) {
    v("layout", o.layout);
    v("share", o.share);
}
static_assert(fields::listed_field_count<PanelsOptions>() == fields::member_count<PanelsOptions>(),
              "PanelsOptions: every member must be in its field list");

// `panels:` itself is config's (a list of rule bodies); it is listed so that it applies
// to this kind only.
constexpr std::array<std::string_view, 3> panels_keys = {"panels", "layout", "share"};

class PanelsKind final : public PlotKind {
public:
    std::string_view name() const override { return "panels"; }
    std::span<const std::string_view> keys() const override { return panels_keys; }

    std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const override {
        auto options = std::make_unique<OptionsOf<PanelsOptions>>();
        PanelsOptions& o = options->value;
        if (auto layout = keys.numbers("layout", 1, max_side, 2, 2)) {
            for (const double side : *layout) {
                if (side != static_cast<int>(side))
                    keys.fail("layout", "expected [rows, cols], two whole numbers");
            }
            const std::size_t room =
                static_cast<std::size_t>((*layout)[0]) * static_cast<std::size_t>((*layout)[1]);
            const std::size_t count = keys.count("panels");
            if (room < count) {
                keys.fail("layout", "[" + std::to_string(static_cast<int>((*layout)[0])) + ", " +
                                        std::to_string(static_cast<int>((*layout)[1])) +
                                        "] holds " + std::to_string(room) +
                                        " panels, but panels lists " + std::to_string(count));
            }
            o.layout = std::move(*layout);
        }
        if (auto i = keys.choice("share", "share", share_names))
            o.share = static_cast<PanelShare>(*i);
        return options;
    }
    std::unique_ptr<KindOptions> defaults() const override {
        return std::make_unique<OptionsOf<PanelsOptions>>();
    }

    // The anchor is not drawn: any shape picks the file.
    Selection select(const PlotRule& rule, const std::vector<std::uint64_t>& shape) const override {
        return resolve_selection(shape, rule.slice, -1, "");
    }
    AxisLabels default_labels(const PlotRule& /*rule*/,
                              const LabelSources& /*from*/) const override {
        return {};
    }
    std::optional<std::pair<double, double>> value_extent(const PlotRule& /*rule*/,
                                                          const PlotData& /*data*/) const override {
        return std::nullopt;
    }
    Figure build(const PlotTask& /*task*/, const PlotRule& /*rule*/, PlotData /*data*/,
                 const FigureConfig& /*style*/, const SharedRanges& /*shared*/) const override {
        throw std::logic_error(
            "kind panels is drawn from its panels (compose_figure), not from data");
    }
    std::optional<PanelGrid> panel_grid(const PlotRule& rule) const override {
        const PanelsOptions& o = options_as<PanelsOptions>(rule.options.get());
        PanelGrid grid;
        if (o.layout.size() == 2) {
            grid.rows = static_cast<int>(o.layout[0]);
            grid.cols = static_cast<int>(o.layout[1]);
        }
        grid.share = o.share;
        return grid;
    }
};

}  // namespace

const PlotKind& panels_kind() {
    static const PanelsKind kind;
    return kind;
}

}  // namespace plotcluster
