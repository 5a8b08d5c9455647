#pragma once
// What the kind tests (tests/test_kind_<kind>.cpp) build figures from: a task labelled as
// the plan labels it, and the figure size they draw at.
#include <string>
#include <utility>

#include "plotcluster/config/config.hpp"
#include "plotcluster/plan/plan.hpp"

namespace plotcluster::test {

// The texts the plan gives a task: its title, axis labels and the colorbar's label.
struct TaskLabels {
    std::string title;
    std::string x_label;
    std::string y_label;
    std::string value_label{};
};

// A task drawing `dataset` of `file` as `kind`.
inline PlotTask kind_task(std::string kind, std::string file, std::string dataset,
                          TaskLabels labels) {
    PlotTask t;
    t.read.file = std::move(file);
    t.read.dataset = std::move(dataset);
    t.draw.kind = std::move(kind);
    t.draw.title = std::move(labels.title);
    t.draw.x_label = std::move(labels.x_label);
    t.draw.y_label = std::move(labels.y_label);
    t.draw.value_label = std::move(labels.value_label);
    return t;
}

// 640×480 px at the default 100 dpi.
inline FigureConfig kind_style() {
    FigureConfig s;
    s.width = 640;
    s.height = 480;
    return s;
}

}  // namespace plotcluster::test
