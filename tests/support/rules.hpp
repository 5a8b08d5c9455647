#pragma once
// Plot rules for tests, made the way the program makes them: parsed from config text with
// the program's kinds (a kind's options are private to its file, figure/kinds/).
#include <map>
#include <string>
#include <string_view>

#include "plotcluster/config/config.hpp"

namespace plotcluster::test {

// A rule of `kind` matching `match`; `options` are more keys of the rule in YAML flow
// style ("bins: 7, log: true"); kind panels gets `panels: [{kind: line}]` unless the
// options list its panels. Throws ConfigError as parse_config does.
PlotRule rule_of(std::string_view kind, std::string_view options = "",
                 std::string_view match = "/**");

// The message of the ConfigError that a rule of `kind` with `options` raises; "" when it
// parses.
std::string config_error_of(std::string_view kind, std::string_view options);

// Every option of the rule's kind by name, as text (enumerations as their int).
std::map<std::string, std::string> option_values(const PlotRule& rule);

}  // namespace plotcluster::test
