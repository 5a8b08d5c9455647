# libFuzzer targets (tests/fuzz/), configured on their own: cmake --preset fuzz.
# Only the modules that link no third-party library but yaml-cpp are compiled (core,
# config, catalog, plan, schedule, read, figure: cmake/Modules.cmake); no MPI, HDF5 or
# Cairo. Needs clang (libFuzzer
# ships with clang's runtime, Debian package libclang-rt-14-dev).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "PLOTCLUSTER_FUZZ needs clang (libFuzzer): cmake --preset fuzz")
endif()
find_package(yaml-cpp REQUIRED)

set(PLOTCLUSTER_FUZZ_SECONDS 60 CACHE STRING
    "How long ctest runs each fuzzer; 0 only replays the corpus")

# The library code gets coverage instrumentation and the sanitizers; the fuzzer
# executables also link libFuzzer's main. -O1 as libFuzzer's docs suggest; assert()s stay
# on (no NDEBUG), they are the invariants we want to reach.
add_library(plotcluster_fuzz_flags INTERFACE)
set(_fuzz_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
target_compile_options(plotcluster_fuzz_flags INTERFACE
  -fsanitize=fuzzer-no-link ${_fuzz_san} -O1 -g)
target_link_options(plotcluster_fuzz_flags INTERFACE ${_fuzz_san})

# The pure modules (cmake/Modules.cmake), built with the fuzzing instrumentation.
include(Modules)
set(PLOTCLUSTER_MODULE_FLAGS plotcluster_fuzz_flags)
plotcluster_pure_modules()

enable_testing()
set(_fuzz_src ${CMAKE_CURRENT_SOURCE_DIR}/tests/fuzz)
set(_fuzz_bin ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
if(PLOTCLUSTER_FUZZ_SECONDS GREATER 0)
  set(_fuzz_how -max_total_time=${PLOTCLUSTER_FUZZ_SECONDS})
else()
  set(_fuzz_how -runs=0)
endif()
math(EXPR _fuzz_timeout "${PLOTCLUSTER_FUZZ_SECONDS} + 300")

# plotcluster_fuzzer(NAME MAX_LEN [libFuzzer flags...]): tests/fuzz/fuzz_NAME.cpp, its
# seeds in tests/fuzz/corpus/NAME/, and a ctest test that fuzzes for the set time.
function(plotcluster_fuzzer name max_len)
  add_executable(fuzz_${name} tests/fuzz/fuzz_${name}.cpp)
  target_link_libraries(fuzz_${name} PRIVATE plotcluster_config plotcluster_plan plotcluster_figure)
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)

  # The committed seeds are copied into the build tree's corpus, which the fuzzer grows
  # from run to run; tests/fuzz/corpus/ itself is never written.
  add_test(NAME fuzz_${name}_corpus
           COMMAND ${CMAKE_COMMAND} -E copy_directory ${_fuzz_src}/corpus/${name}
                   ${_fuzz_bin}/corpus/${name})
  set_tests_properties(fuzz_${name}_corpus PROPERTIES FIXTURES_SETUP fuzz_${name} LABELS fuzz)
  # A crash, leak, sanitizer report or slow input leaves build-fuzz/fuzz/NAME-crash-<sha1>
  # (or -leak-, -timeout-, -oom-): once fixed, it goes into tests/fuzz/corpus/NAME/.
  add_test(NAME fuzz_${name}
           COMMAND fuzz_${name} ${_fuzz_how} -max_len=${max_len} -rss_limit_mb=2048
                   -timeout=10 -print_final_stats=1 -artifact_prefix=${_fuzz_bin}/${name}-
                   ${ARGN} ${_fuzz_bin}/corpus/${name})
  set_tests_properties(fuzz_${name} PROPERTIES
    FIXTURES_REQUIRED fuzz_${name} LABELS fuzz TIMEOUT ${_fuzz_timeout}
    ENVIRONMENT "UBSAN_OPTIONS=print_stacktrace=1")
endfunction()

plotcluster_fuzzer(config 16384 -dict=${_fuzz_src}/config.dict)
plotcluster_fuzzer(output_path 4096)
plotcluster_fuzzer(ticks 19)
