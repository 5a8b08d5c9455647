#include "plotcluster/record/manifest.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "plotcluster/encode/atomic_file.hpp"

namespace plotcluster {
namespace {

// ordered_json keeps keys in insertion order, which is the documented order.
using Json = nlohmann::ordered_json;

std::string_view status_name(PlotStatus status) {
    return status == PlotStatus::ok ? "ok" : "failed";
}

// Timings are noisy below a microsecond; rounding keeps manifests easy to read and diff.
double round_ms(double ms) { return std::round(ms * 1000.0) / 1000.0; }

Json output_json(const OutputFile& out) {
    Json j;
    j["format"] = out.format;
    j["path"] = out.path;
    j["bytes"] = out.bytes;
    j["sha256"] = out.sha256;
    return j;
}

Json plot_json(const PlotRecord& rec) {
    Json j;
    j["file"] = rec.file;
    j["dataset"] = rec.dataset;
    j["kind"] = rec.kind;
    j["shape"] = rec.shape;
    j["dtype"] = rec.dtype;
    j["status"] = status_name(rec.status);
    j["error"] = rec.error ? Json(*rec.error) : Json(nullptr);
    j["rank"] = rec.rank;
    j["render_ms"] = round_ms(rec.render_ms);
    Json outputs = Json::array();
    for (const auto& out : rec.outputs) outputs.push_back(output_json(out));
    j["outputs"] = std::move(outputs);
    return j;
}

// RFC 4180: a field is quoted only when it has to be, and quotes inside are doubled.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

}  // namespace

std::string manifest_json(const ManifestHeader& header, const std::vector<PlotRecord>& plots,
                          const std::vector<UnmatchedDataset>& unmatched) {
    Json j;
    j["version"] = header.version;
    j["config_sha256"] = header.config_sha256;
    j["ranks"] = header.ranks;
    j["started"] = header.started;
    j["seconds"] = header.seconds;
    Json plot_rows = Json::array();
    for (const auto& rec : plots) plot_rows.push_back(plot_json(rec));
    j["plots"] = std::move(plot_rows);
    Json unmatched_rows = Json::array();
    for (const auto& u : unmatched) {
        Json row;
        row["file"] = u.file;
        row["dataset"] = u.dataset;
        unmatched_rows.push_back(std::move(row));
    }
    j["unmatched"] = std::move(unmatched_rows);
    // File names and HDF5 messages need not be UTF-8; replace bad bytes rather than
    // lose the whole manifest to one odd name.
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string data_csv(const std::vector<PlotRecord>& plots) {
    std::string csv = "file,dataset,kind,status,FILE\n";
    for (const auto& rec : plots) {
        // Cinema viewers open FILE; a failed row has no image to show.
        const bool has_image = rec.status == PlotStatus::ok && !rec.outputs.empty();
        csv += csv_field(rec.file) + ',' + csv_field(rec.dataset) + ',' + csv_field(rec.kind) +
               ',' + std::string(status_name(rec.status)) + ',' +
               (has_image ? csv_field(rec.outputs.front().path) : std::string()) + '\n';
    }
    return csv;
}

void write_manifest(const std::filesystem::path& dir, const ManifestHeader& header,
                    const std::vector<PlotRecord>& plots,
                    const std::vector<UnmatchedDataset>& unmatched) {
    write_file_atomically(dir / "manifest.json", manifest_json(header, plots, unmatched));
    write_file_atomically(dir / "data.csv", data_csv(plots));
}

}  // namespace plotcluster
