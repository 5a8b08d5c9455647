# Warnings as an INTERFACE target linked where wanted, not as global flags.
add_library(plotcluster_warnings INTERFACE)
target_compile_options(plotcluster_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                            -Wold-style-cast -Wcast-align>)
