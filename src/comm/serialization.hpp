#pragma once
// Private to comm: non-intrusive Boost.Serialization for the values that travel between
// ranks, so the public types stay free of Boost.
#include <boost/serialization/map.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>

#include "plotcluster/comm/comm.hpp"
#include "plotcluster/figure/plot_kind.hpp"

namespace plotcluster::comm_detail {

// A kind's options into an output archive, each through its field list.
template <class Ar>
class SaveOptions final : public OptionSink {
public:
    explicit SaveOptions(Ar& ar) : ar_(ar) {}
    void operator()(std::string_view, const bool& v) override { ar_ & v; }
    void operator()(std::string_view, const int& v) override { ar_ & v; }
    void operator()(std::string_view, const double& v) override { ar_ & v; }
    void operator()(std::string_view, const std::string& v) override { ar_ & v; }
    void operator()(std::string_view, const std::optional<std::string>& v) override { ar_ & v; }

private:
    Ar& ar_;
};

// ... and back, into the options of a rule that gave none of the kind's keys.
template <class Ar>
class LoadOptions final : public OptionSource {
public:
    explicit LoadOptions(Ar& ar) : ar_(ar) {}
    void operator()(std::string_view, bool& v) override { ar_ & v; }
    void operator()(std::string_view, int& v) override { ar_ & v; }
    void operator()(std::string_view, double& v) override { ar_ & v; }
    void operator()(std::string_view, std::string& v) override { ar_ & v; }
    void operator()(std::string_view, std::optional<std::string>& v) override { ar_ & v; }

private:
    Ar& ar_;
};

// Every field of `obj` through its list.
template <class Ar, class T>
void fields(Ar& ar, T& obj) {
    for_each_field(obj, [&ar](std::string_view /*name*/, auto& value) { ar & value; });
}

// A rule's kind travels as its name and its options through KindOptions::fields: the
// receiving rank looks the kind up by name and fills the kind's default options.
template <class Ar>
void fields(Ar& ar, PlotRule& rule) {
    for_each_field(rule, [&ar, &rule](std::string_view /*name*/, auto& value) {
        using Value = std::remove_cvref_t<decltype(value)>;
        if constexpr (std::is_same_v<Value, const KindSyntax*>) {
            std::string name(value != nullptr ? value->name() : std::string_view());
            ar & name;
            if constexpr (Ar::is_loading::value) {
                value = name.empty() ? nullptr : find_plot_kind(name);
                if (!name.empty() && value == nullptr) {
                    throw std::runtime_error("comm: unknown plot kind '" + name + "' received");
                }
            }
        } else if constexpr (std::is_same_v<Value, std::shared_ptr<const KindOptions>>) {
            bool has = value != nullptr;
            ar & has;
            if constexpr (Ar::is_loading::value) {
                value.reset();
                if (has) {
                    if (rule.kind == nullptr) throw std::runtime_error("comm: plot options without a kind");
                    std::unique_ptr<KindOptions> options = rule.kind->defaults();
                    LoadOptions<Ar> load(ar);
                    options->fields(load);
                    value = std::move(options);
                }
            } else if (has) {
                SaveOptions<Ar> save(ar);
                value->fields(save);
            }
        } else {
            ar & value;
        }
    });
}

}  // namespace plotcluster::comm_detail

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
    plotcluster::comm_detail::fields(ar, r);
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
void serialize(Ar& ar, plotcluster::Companion& c, unsigned) {
    plotcluster::comm_detail::fields(ar, c);
}

template <class Ar>
void serialize(Ar& ar, plotcluster::TaskRead& r, unsigned) {
    plotcluster::comm_detail::fields(ar, r);
}

template <class Ar>
void serialize(Ar& ar, plotcluster::TaskDraw& d, unsigned) {
    plotcluster::comm_detail::fields(ar, d);
}

template <class Ar>
void serialize(Ar& ar, plotcluster::TaskJob& j, unsigned) {
    plotcluster::comm_detail::fields(ar, j);
}

template <class Ar>
void serialize(Ar& ar, plotcluster::PlotTask& t, unsigned) {
    plotcluster::comm_detail::fields(ar, t);
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
