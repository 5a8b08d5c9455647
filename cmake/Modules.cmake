# One static library per module, in data-flow order (README, "Architecture"). A module
# links the lower modules it uses PUBLIC (their headers are part of its own) and its
# third-party libraries PRIVATE, so their headers and types stay inside it.
# scripts/check_layers.py (ctest: layers) fails when a file includes a higher module.
#
# plotcluster_module(NAME SOURCES... [USES modules...] [LIBS third-party...])
function(plotcluster_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;USES;LIBS")
  add_library(plotcluster_${name} STATIC ${arg_SOURCES})
  target_include_directories(plotcluster_${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_BINARY_DIR}/generated
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  list(TRANSFORM arg_USES PREPEND plotcluster_)
  target_link_libraries(plotcluster_${name}
    PUBLIC ${arg_USES} plotcluster_warnings ${PLOTCLUSTER_MODULE_FLAGS}
    PRIVATE ${arg_LIBS})
endfunction()

# The modules that need no third-party library: shared by the full build and the fuzz
# build (cmake/Fuzz.cmake), which sets PLOTCLUSTER_MODULE_FLAGS to its instrumentation.
macro(plotcluster_pure_modules)
  # Value types every module shares: colours and colormaps, geometry, the canvas contract.
  plotcluster_module(core SOURCES
    src/core/color_spec.cpp
    src/core/colormap.cpp
    src/core/colormap_data.cpp
    src/core/utf8.cpp
    src/core/shape.cpp
    src/core/output_layout.cpp
    src/core/coordinate.cpp)
  plotcluster_module(config SOURCES
    src/config/config.cpp
    src/config/text_template.cpp
    src/config/dataset_glob.cpp
    USES core LIBS yaml-cpp)
  plotcluster_module(catalog SOURCES
    src/catalog/catalog.cpp
    src/catalog/input_files.cpp
    USES core)
  plotcluster_module(plan SOURCES
    src/plan/output_path.cpp
    src/plan/selection.cpp
    src/plan/plan.cpp
    src/plan/fingerprint.cpp
    src/plan/limit_groups.cpp
    src/plan/resume_split.cpp
    USES config catalog)
  plotcluster_module(schedule SOURCES
    src/schedule/schedule.cpp
    src/schedule/work_queue.cpp
    USES plan)
  plotcluster_module(read SOURCES
    src/read/cf_decode.cpp
    src/read/source.cpp
    USES plan)
  # A plot kind is one file in src/figure/kinds/ (README, "Adding a plot kind"): picked up
  # here without a line of its own.
  file(GLOB plotcluster_kind_sources CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/src/figure/kinds/*.cpp)
  plotcluster_module(figure SOURCES
    src/figure/line_decimator.cpp
    src/figure/streamed_line.cpp
    src/figure/ticks.cpp
    src/figure/panel.cpp
    src/figure/figure.cpp
    src/figure/compose.cpp
    ${plotcluster_kind_sources}
    src/figure/chart.cpp
    src/figure/chart_layout.cpp
    src/figure/axis_ticks.cpp
    src/figure/legend.cpp
    src/figure/order_statistics.cpp
    src/figure/label_text.cpp
    src/figure/text_fit.cpp
    src/figure/layers/lines.cpp
    src/figure/layers/markers.cpp
    src/figure/layers/bars.cpp
    src/figure/layers/image.cpp
    src/figure/layers/polygons.cpp
    src/figure/layers/arrows.cpp
    src/figure/layers/band.cpp
    src/figure/layers/mesh.cpp
    src/figure/layers/error_bars.cpp
    src/figure/layers/reference_lines.cpp
    src/figure/layers/labelled_lines.cpp
    src/figure/layers/cell_average.cpp
    USES plan read)
endmacro()
