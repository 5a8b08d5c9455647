# ASan + UBSan (LeakSanitizer comes with ASan) as an INTERFACE target. UBSan's default set
# leaves out float-to-integer overflow, which pixel arithmetic on extreme data can reach.
add_library(plotcluster_sanitizers INTERFACE)
if(PLOTCLUSTER_SANITIZE)
  set(_san -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer
      -fno-sanitize-recover=undefined,float-cast-overflow)
  target_compile_options(plotcluster_sanitizers INTERFACE ${_san})
  target_link_options(plotcluster_sanitizers INTERFACE ${_san})
endif()
