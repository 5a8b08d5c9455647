#pragma once
// Private to comm: non-intrusive Boost.Serialization for the values that travel between
// ranks, so the public types stay free of Boost.
#include <boost/serialization/map.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <filesystem>
#include <optional>

#include "plotcluster/comm/comm.hpp"

namespace boost::serialization {

template <class Ar>
void serialize(Ar& ar, std::filesystem::path& p, unsigned) {
    std::string s = p.string();
    ar & s;
    if constexpr (Ar::is_loading::value) p = s;
}

template <class Ar, class T>
void serialize(Ar& ar, std::optional<T>& o, unsigned) {
    bool has = o.has_value();
    T value = o.value_or(T{});
    ar & has & value;
    if constexpr (Ar::is_loading::value) o = has ? std::optional<T>(value) : std::nullopt;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::SliceSpec& s, unsigned) {
    ar & s.axis & s.index;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::Limits& l, unsigned) {
    ar & l.automatic & l.lo & l.hi & l.share;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::PlotRule& r, unsigned) {
    ar & r.match & r.kind & r.title & r.x_label & r.y_label & r.line;
    ar & r.x & r.group & r.marker & r.linewidth & r.color & r.marker_size & r.alpha;
    ar & r.bins & r.log;
    ar & r.colormap & r.origin & r.norm & r.bad_color;
    ar & r.limits & r.slice & r.xscale & r.yscale & r.grid & r.decode;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::Config& c, unsigned) {
    ar & c.source & c.base_dir & c.input.files & c.input.follow_links & c.input.virtual_missing;
    ar & c.output.dir & c.output.name & c.output.formats & c.output.png_compression &
        c.output.gallery;
    ar & c.figure.width & c.figure.height & c.figure.dpi & c.figure.font;
    ar & c.plots & c.run.on_error & c.run.schedule;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::PlotTask& t, unsigned) {
    ar & t.id & t.rule & t.file & t.dataset & t.members & t.member_labels & t.x_dataset & t.kind &
        t.shape & t.fixed & t.member_fixed & t.dtype & t.title & t.x_label &
        t.y_label & t.value_label & t.colormap & t.output_stem & t.error & t.cost & t.fingerprint & t.limits_group;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::JobSetup& s, unsigned) {
    ar & s.error & s.config & s.tasks & s.run_id & s.limit_groups & s.scan & s.font_file & s.font_index;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::OutputFile& o, unsigned) {
    ar & o.format & o.path & o.bytes & o.sha256;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::PlotTiming& t, unsigned) {
    ar & t.read & t.draw & t.encode & t.write & t.thumbnail;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::PlotRecord& r, unsigned) {
    ar & r.file & r.dataset & r.kind & r.shape & r.dtype & r.status & r.error & r.rank &
        r.render_ms & r.timing & r.outputs & r.thumbnail & r.vmin & r.vmax & r.ignored & r.decoded & r.reused &
        r.fingerprint;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::TaskDone& d, unsigned) {
    ar & d.id & d.failed;
}

template <class Ar>
void serialize(Ar& ar, plotcluster::WorkReport& r, unsigned) {
    ar & r.done & r.unjournaled & r.wants_more & r.stopping;
}

}  // namespace boost::serialization
