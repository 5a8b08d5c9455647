#pragma once
// The validated configuration: plain values, no YAML types. Paths are already
// resolved against the config file's folder.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plotcluster {

enum class PlotKind { line, heatmap };
enum class OnError { continue_run, abort_run };
enum class OutputFormat { png };

std::string_view to_string(PlotKind);
std::string_view to_string(OutputFormat);

struct InputConfig {
    std::vector<std::string> files;  // patterns as written, relative to base_dir
};

struct OutputConfig {
    std::filesystem::path dir;                  // absolute
    std::string name = "{file_stem}/{dataset}";  // template, no extension
    std::vector<OutputFormat> formats = {OutputFormat::png};
    int png_compression = 6;  // 0..12 (libdeflate levels)
};

struct FigureConfig {
    int width = 800;   // pixels
    int height = 600;  // pixels
    double dpi = 100;  // a 10 pt font is 10*dpi/72 px
    std::string font = "DejaVu Sans";  // fontconfig family or path to a font file
};

struct PlotRule {
    std::string match;  // glob on the absolute dataset path
    PlotKind kind = PlotKind::line;
    std::optional<std::string> title;    // template; default depends on kind
    std::optional<std::string> x_label;  // template
    std::optional<std::string> y_label;  // template
    std::string colormap = "viridis";
    int line = 0;  // line of the rule in the config file, for messages
};

struct RunConfig {
    OnError on_error = OnError::continue_run;
};

struct Config {
    std::filesystem::path source;    // the config file itself
    std::filesystem::path base_dir;  // folder of the config file, absolute
    InputConfig input;
    OutputConfig output;
    FigureConfig figure;
    std::vector<PlotRule> plots;
    RunConfig run;
};

// Parse and validate YAML text. `source_name` is used in messages
// ("config.yaml:14: plots[1].colourmap: unknown key (did you mean 'colormap'?)").
// Throws ConfigError.
Config parse_config(std::string_view yaml_text, std::string_view source_name,
                    const std::filesystem::path& base_dir);

// Read a config file and parse it; base_dir is the file's folder. Throws ConfigError.
Config load_config(const std::filesystem::path& file);

}  // namespace plotcluster
