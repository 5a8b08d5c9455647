#pragma once
// The plan: what to draw, decided from config and catalog alone (pure: no files, no MPI).
#include <cstdint>
#include <string>
#include <vector>

#include "plotcluster/catalog/catalog.hpp"
#include "plotcluster/config/config.hpp"
#include "plotcluster/record/manifest.hpp"

namespace plotcluster {

struct PlotTask {
    std::uint32_t id = 0;    // index in Plan::tasks
    std::uint32_t rule = 0;  // index in Config::plots: how to draw it
    std::string file;
    std::string dataset;               // for `group: parent` the group's path
    std::vector<std::string> members;  // group: the datasets drawn together; else empty
    std::string x_dataset;             // absolute path of the rule's `x`; empty: the index
    PlotKind kind = PlotKind::line;
    std::vector<std::uint64_t> shape;
    std::string dtype;
    std::string title;
    std::string x_label;
    std::string y_label;
    std::string value_label;  // colorbar label for heatmaps
    std::string colormap;
    std::string output_stem;  // relative to output.dir, no extension
    std::string error;        // non-empty: fails without being read (e.g. compound dtype)
    std::uint64_t cost = 1;   // estimated work, for the schedule
    std::string fingerprint;  // see fingerprint.hpp; set by rank 0 before the run
};

struct Plan {
    std::vector<PlotTask> tasks;  // sorted by (file, dataset)
    std::vector<UnmatchedDataset> unmatched;
};

Plan make_plan(const Config& config, const Catalog& catalog);

// Estimated cost of a plot: elements to read and draw plus a fixed per-plot share
// (encoding a whole image costs about as much as reading a few hundred thousand values).
std::uint64_t estimate_cost(const std::vector<std::uint64_t>& shape, int width, int height);

}  // namespace plotcluster
