#pragma once
// Private to src/record: one record as a JSON object, shared by the manifest and the
// journals so both spell a row the same way.
#include <nlohmann/json.hpp>
#include <optional>

#include "plotcluster/record/record.hpp"

namespace plotcluster::detail {

// ordered_json keeps keys in insertion order, which is the documented order.
using Json = nlohmann::ordered_json;

std::string_view status_name(PlotStatus status);

// The manifest row: file, dataset, kind, shape, dtype, status, error, rank, render_ms,
// vmin, vmax, ignored, axes, decoded, reused, outputs, thumbnail.
Json record_json(const PlotRecord& rec);

// The inverse, for journal lines (which add "fingerprint"); nothing when malformed.
std::optional<PlotRecord> record_from_json(const Json& j);

}  // namespace plotcluster::detail
