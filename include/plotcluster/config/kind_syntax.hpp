#pragma once
// What config needs of a plot kind: its name, the rule keys it adds to the common ones,
// and parsing them into its options. The kinds themselves live in figure/kinds/ (one file
// each, figure/plot_kind.hpp); config sees them only through this interface and parses
// with the table parse_config is given.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace plotcluster {

// Reads every option of a kind by name, in its field list's order (the fingerprint, the
// sending side of MPI). Enumerations arrive as their underlying int.
class OptionSink {
public:
    virtual ~OptionSink() = default;
    virtual void operator()(std::string_view name, const bool& value) = 0;
    virtual void operator()(std::string_view name, const int& value) = 0;
    virtual void operator()(std::string_view name, const double& value) = 0;
    virtual void operator()(std::string_view name, const std::string& value) = 0;
    virtual void operator()(std::string_view name, const std::optional<std::string>& value) = 0;
    virtual void operator()(std::string_view name, const std::vector<double>& value) = 0;
};

// Writes every option of a kind by name, in the same order (the receiving side of MPI).
class OptionSource {
public:
    virtual ~OptionSource() = default;
    virtual void operator()(std::string_view name, bool& value) = 0;
    virtual void operator()(std::string_view name, int& value) = 0;
    virtual void operator()(std::string_view name, double& value) = 0;
    virtual void operator()(std::string_view name, std::string& value) = 0;
    virtual void operator()(std::string_view name, std::optional<std::string>& value) = 0;
    virtual void operator()(std::string_view name, std::vector<double>& value) = 0;
};

// A kind's own options, behind a pointer: config does not know their type.
class KindOptions {
public:
    virtual ~KindOptions() = default;
    virtual std::unique_ptr<KindOptions> clone() const = 0;
    virtual void fields(OptionSink& sink) const = 0;
    virtual void fields(OptionSource& source) = 0;

protected:
    KindOptions() = default;
    KindOptions(const KindOptions&) = default;
    KindOptions& operator=(const KindOptions&) = default;
};

namespace detail {

// Passes a field to a sink or a source, an enumeration as its int.
template <class Visitor>
struct OptionBridge {
    Visitor& to;
    template <class T>
    void operator()(std::string_view name, T& value) const {
        using Plain = std::remove_const_t<T>;
        if constexpr (std::is_enum_v<Plain>) {
            int as_int = static_cast<int>(value);
            to(name, as_int);
            if constexpr (!std::is_const_v<T>) value = static_cast<Plain>(as_int);
        } else {
            to(name, value);
        }
    }
};

}  // namespace detail

// The options of one kind: a plain struct `Options` with a field list
//     template <class S, class V> requires std::same_as<std::remove_const_t<S>, Options>
//     void for_each_field(S& o, V&& v) { v("bins", o.bins); ... }
// beside it (found by argument-dependent lookup), which fields() walks.
template <class Options>
class OptionsOf final : public KindOptions {
public:
    Options value;

    OptionsOf() = default;
    explicit OptionsOf(Options v) : value(std::move(v)) {}
    std::unique_ptr<KindOptions> clone() const override { return std::make_unique<OptionsOf>(value); }
    void fields(OptionSink& sink) const override {
        for_each_field(value, detail::OptionBridge<OptionSink>{sink});
    }
    void fields(OptionSource& source) override {
        for_each_field(value, detail::OptionBridge<OptionSource>{source});
    }
};

// A kind's own options back from behind the pointer; throws std::logic_error when they
// belong to another kind (a rule whose kind and options disagree is a bug).
template <class Options>
const Options& options_as(const KindOptions* options) {
    const auto* typed = dynamic_cast<const OptionsOf<Options>*>(options);
    if (typed == nullptr) throw std::logic_error("plot rule: the options belong to another kind");
    return typed->value;
}

// The keys of one rule as a kind sees them, without YAML. Each getter returns nothing when
// the key is absent and fails (ConfigError with file, line and key path) when its value
// is not what is asked for.
class RuleKeys {
public:
    virtual ~RuleKeys() = default;
    virtual bool has(std::string_view key) const = 0;
    // The value is exactly this word (`bins: auto`).
    virtual bool is(std::string_view key, std::string_view word) const = 0;
    virtual std::optional<std::string> text(std::string_view key) const = 0;  // non-empty
    virtual std::optional<bool> boolean(std::string_view key) const = 0;
    virtual std::optional<int> integer(std::string_view key, int lo, int hi) const = 0;
    virtual std::optional<double> number(std::string_view key, double lo, double hi) const = 0;
    // A list of numbers, each in [lo, hi], with min_count..max_count entries; a single
    // number stands for a list of one.
    virtual std::optional<std::vector<double>> numbers(std::string_view key, double lo, double hi,
                                                       std::size_t min_count,
                                                       std::size_t max_count) const = 0;
    // A list of min_count..max_count non-empty texts (dataset names); a single text stands
    // for a list of one.
    virtual std::optional<std::vector<std::string>> texts(std::string_view key,
                                                          std::size_t min_count,
                                                          std::size_t max_count) const = 0;
    // The index of the value in `names`, which messages list and suggest from.
    virtual std::optional<std::size_t> choice(std::string_view key, std::string_view what,
                                              std::span<const std::string_view> names) const = 0;
    // How many entries a list-valued key has (`panels:`), 0 when it is absent.
    virtual std::size_t count(std::string_view key) const = 0;
    virtual std::optional<std::string> color(std::string_view key) const = 0;     // a colour spec
    virtual std::optional<std::string> colormap(std::string_view key) const = 0;  // a known map
    [[noreturn]] virtual void fail(std::string_view key, std::string_view why) const = 0;

protected:
    RuleKeys() = default;
    RuleKeys(const RuleKeys&) = default;
    RuleKeys& operator=(const RuleKeys&) = default;
};

class KindSyntax {
public:
    virtual ~KindSyntax() = default;
    virtual std::string_view name() const = 0;
    // The rule keys only this kind (and others listing them too) accepts, beyond the
    // common ones; a key of another kind "does not apply" to it.
    virtual std::span<const std::string_view> keys() const = 0;
    // Called after the common keys are parsed; `keys` holds the whole rule.
    virtual std::unique_ptr<KindOptions> parse(const RuleKeys& keys) const = 0;
    // The options of a rule that gives none of the kind's keys.
    virtual std::unique_ptr<KindOptions> defaults() const = 0;

protected:
    KindSyntax() = default;
    KindSyntax(const KindSyntax&) = default;
    KindSyntax& operator=(const KindSyntax&) = default;
};

// The kinds a config may name, in the order messages list them.
class KindSyntaxes {
public:
    explicit KindSyntaxes(std::vector<const KindSyntax*> kinds) : kinds_(std::move(kinds)) {}
    const KindSyntax* find(std::string_view name) const {
        for (const KindSyntax* k : kinds_) {
            if (k->name() == name) return k;
        }
        return nullptr;
    }
    const std::vector<const KindSyntax*>& all() const { return kinds_; }

private:
    std::vector<const KindSyntax*> kinds_;
};

}  // namespace plotcluster
