#pragma once
// A plot kind: everything about one kind of plot, implemented in one file
// src/figure/kinds/<kind>.cpp and listed in src/figure/kinds/registry.cpp. Config sees a
// kind as KindSyntax (its keys), the plan as KindPlan (the data it draws, its labels);
// here it adds what the figure needs: the range its limits apply to, and the figure.
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "plotcluster/config/config.hpp"
#include "plotcluster/config/kind_syntax.hpp"
#include "plotcluster/figure/figure.hpp"
#include "plotcluster/plan/kind_plan.hpp"
#include "plotcluster/plan/limit_groups.hpp"
#include "plotcluster/plan/plan.hpp"
#include "plotcluster/read/plot_data.hpp"

namespace plotcluster {

// `share:` of a grid of panels: what every panel has in common.
enum class PanelShare { none, x, y, both, colorbar };

// How a kind drawn from its panels alone (kind panels) lays them out.
struct PanelGrid {
    int rows = 0;  // `layout: [rows, cols]`; 0: near-square for the count (auto_grid)
    int cols = 0;
    PanelShare share = PanelShare::none;
};

class PlotKind : public KindPlan {
public:
    // The range of the values `limits` applies to (what limits: shared pools across plots):
    // finite, and positive on the scale they are shown on. Nothing when there are none.
    virtual std::optional<std::pair<double, double>> value_extent(const PlotRule& rule,
                                                                  const PlotData& data) const = 0;
    // The range of x that x_limits: shared pools across plots, in the units the panel's x
    // axis is drawn in: the data's for series, the image's view for heatmaps. Nothing for a
    // kind without x limits, or when there are no values (the default).
    virtual std::optional<std::pair<double, double>> x_extent(const PlotTask& /*task*/,
                                                              const PlotRule& /*rule*/,
                                                              PlotData&& /*data*/) const {
        return std::nullopt;
    }
    // Builds the figure from the task's data; `shared` holds the ranges of the task's
    // limits groups (see build_figure). Throws DatasetError when the data does not suit
    // the kind ("a heatmap needs 2-D data; …", "no finite values").
    virtual Figure build(const PlotTask& task, const PlotRule& rule, PlotData data,
                         const FigureConfig& style, const SharedRanges& shared) const = 0;
    // The renderer may read one long series in chunks and hand it over reduced
    // (figure/streamed_line.hpp), which only a line without markers on a linear x axis
    // draws exactly as the whole series.
    virtual bool draws_reduced_series(const PlotRule& /*rule*/) const { return false; }
    // A kind that only counts the values of one dataset (a histogram) can be built from
    // passes over them (figure.hpp's ValuePass), which the renderer streams for data too
    // large to read whole; the two below then draw what build and value_extent would.
    virtual bool counts_values(const PlotRule& /*rule*/) const { return false; }
    virtual Figure build_streamed(const PlotTask& task, const PlotRule& rule, const ValuePass& pass,
                                  const FigureConfig& style, const std::optional<SharedRange>& shared) const;
    virtual std::optional<std::pair<double, double>> streamed_extent(const PlotRule& rule,
                                                                     const ValuePass& pass) const;
    // A kind that goes through the rows of its data and of its companions together (a
    // density plot's positions and weights it counts, a scatter's points it draws one by
    // one) is built from passes over them in step (figure.hpp's RowPass) when the data is
    // too large to read whole; build_rows draws what build would, and rows_extents finds
    // what value_extent (with `value`) and x_extent (with `x`) find of the data read
    // whole (the default: nothing, counts having no range to pool). A figure may keep the
    // pass and run it again when it is drawn (MarkersLayer::blocks).
    virtual bool counts_rows(const PlotRule& /*rule*/) const { return false; }
    virtual Figure build_rows(const PlotTask& task, const PlotRule& rule, const RowPass& pass,
                              const FigureConfig& style, const SharedRanges& shared) const;
    virtual PlotExtents rows_extents(const PlotTask& /*task*/, const PlotRule& /*rule*/,
                                     const RowPass& /*pass*/, bool /*value*/, bool /*x*/) const {
        return {};
    }
    // Set for a kind drawn from its rule's `panels:` alone (figure/compose.hpp): the data
    // the rule matched only picks the files, and is not read.
    virtual std::optional<PanelGrid> panel_grid(const PlotRule& /*rule*/) const {
        return std::nullopt;
    }
};

// Every kind, in the order messages list them.
std::span<const PlotKind* const> plot_kinds();

// The same kinds as config parses them: what parse_config and load_config are given.
const KindSyntaxes& kind_syntaxes();

// The kind of that name, or nullptr.
const PlotKind* find_plot_kind(std::string_view name);

// The rule's kind; throws std::logic_error for a rule whose kind is not one of these.
const PlotKind& plot_kind(const PlotRule& rule);

}  // namespace plotcluster
