#include "record_json.hpp"

#include <cmath>

namespace plotcluster::detail {
namespace {

// Timings are noisy below a microsecond; rounding keeps manifests easy to read and diff.
double round_ms(double ms) { return std::round(ms * 1000.0) / 1000.0; }

Json output_json(const OutputFile& out) {
    Json o;
    o["format"] = out.format;
    o["path"] = out.path;
    o["bytes"] = out.bytes;
    o["sha256"] = out.sha256;
    return o;
}

OutputFile output_from_json(const Json& o) {
    return {o.at("format").get<std::string>(), o.at("path").get<std::string>(),
            o.at("bytes").get<std::uint64_t>(), o.at("sha256").get<std::string>()};
}

// JSON has no inf or NaN; a view range is always finite, but a record must never be
// unreadable, so anything else is null (and reads back as the default).
Json number_json(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json axis_json(const DrawnAxis& a) {
    Json o;
    o["label"] = a.label;
    o["lo"] = number_json(a.lo);
    o["hi"] = number_json(a.hi);
    o["scale"] = a.scale;
    return o;
}

DrawnAxis axis_from_json(const Json& o) {
    DrawnAxis a;
    a.label = o.at("label").get<std::string>();
    if (o.at("lo").is_number()) a.lo = o.at("lo").get<double>();
    if (o.at("hi").is_number()) a.hi = o.at("hi").get<double>();
    a.scale = o.at("scale").get<std::string>();
    return a;
}

Json panel_json(const DrawnPanel& p) {
    Json o;
    o["x"] = axis_json(p.x);
    o["y"] = axis_json(p.y);
    o["color"] = p.color ? axis_json(*p.color) : Json(nullptr);
    return o;
}

DrawnPanel panel_from_json(const Json& o) {
    DrawnPanel p{axis_from_json(o.at("x")), axis_from_json(o.at("y")), std::nullopt};
    if (o.contains("color") && o.at("color").is_object()) p.color = axis_from_json(o.at("color"));
    return p;
}

}  // namespace

std::string_view status_name(PlotStatus status) {
    return status == PlotStatus::ok ? "ok" : "failed";
}

Json record_json(const PlotRecord& rec) {
    Json j;
    j["file"] = rec.file;
    j["dataset"] = rec.dataset;
    j["kind"] = rec.kind;
    j["rule"] = rec.rule;
    j["frame"] = rec.frame ? Json(*rec.frame) : Json(nullptr);
    j["shape"] = rec.shape;
    j["dtype"] = rec.dtype;
    j["status"] = status_name(rec.status);
    j["error"] = rec.error ? Json(*rec.error) : Json(nullptr);
    j["rank"] = rec.rank;
    j["render_ms"] = round_ms(rec.render_ms);
    Json timing;
    timing["read"] = round_ms(rec.timing.read);
    timing["draw"] = round_ms(rec.timing.draw);
    timing["encode"] = round_ms(rec.timing.encode);
    timing["write"] = round_ms(rec.timing.write);
    timing["thumbnail"] = round_ms(rec.timing.thumbnail);
    j["timing_ms"] = std::move(timing);
    j["vmin"] = rec.vmin ? Json(*rec.vmin) : Json(nullptr);
    j["vmax"] = rec.vmax ? Json(*rec.vmax) : Json(nullptr);
    j["ignored"] = rec.ignored;
    Json axes = Json::array();
    for (const auto& panel : rec.axes) axes.push_back(panel_json(panel));
    j["axes"] = std::move(axes);
    j["decoded"] = rec.decoded;
    j["notes"] = rec.notes;
    j["reused"] = rec.reused;
    Json outputs = Json::array();
    for (const auto& out : rec.outputs) outputs.push_back(output_json(out));
    j["outputs"] = std::move(outputs);
    j["thumbnail"] = rec.thumbnail ? output_json(*rec.thumbnail) : Json(nullptr);
    return j;
}

std::optional<PlotRecord> record_from_json(const Json& j) {
    try {
        PlotRecord rec;
        rec.file = j.at("file").get<std::string>();
        rec.dataset = j.at("dataset").get<std::string>();
        rec.kind = j.at("kind").get<std::string>();
        // Rows from before several rules could draw one dataset have neither.
        rec.rule = j.value("rule", std::uint32_t{0});
        if (j.contains("frame") && j.at("frame").is_number_integer()) rec.frame = j.at("frame").get<std::int64_t>();
        rec.shape = j.at("shape").get<std::vector<std::uint64_t>>();
        rec.dtype = j.at("dtype").get<std::string>();
        const auto status = j.at("status").get<std::string>();
        if (status != "ok" && status != "failed") return std::nullopt;
        rec.status = status == "ok" ? PlotStatus::ok : PlotStatus::failed;
        if (!j.at("error").is_null()) rec.error = j.at("error").get<std::string>();
        rec.rank = j.at("rank").get<int>();
        rec.render_ms = j.at("render_ms").get<double>();
        rec.reused = j.value("reused", false);
        if (j.contains("timing_ms")) {
            const auto& t = j.at("timing_ms");
            rec.timing = {t.value("read", 0.0), t.value("draw", 0.0), t.value("encode", 0.0),
                          t.value("write", 0.0), t.value("thumbnail", 0.0)};
        }
        rec.ignored = j.value("ignored", std::uint64_t{0});
        // Rows from before the axes were recorded have none.
        if (j.contains("axes"))
            for (const auto& p : j.at("axes")) rec.axes.push_back(panel_from_json(p));
        // Rows from before CF decoding have none.
        rec.decoded = j.value("decoded", std::vector<std::string>());
        rec.notes = j.value("notes", std::vector<std::string>());
        if (j.contains("vmin") && j.at("vmin").is_number()) rec.vmin = j.at("vmin").get<double>();
        if (j.contains("vmax") && j.at("vmax").is_number()) rec.vmax = j.at("vmax").get<double>();
        for (const auto& o : j.at("outputs")) rec.outputs.push_back(output_from_json(o));
        if (j.contains("thumbnail") && j.at("thumbnail").is_object())
            rec.thumbnail = output_from_json(j.at("thumbnail"));
        rec.fingerprint = j.value("fingerprint", std::string());
        return rec;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

}  // namespace plotcluster::detail
