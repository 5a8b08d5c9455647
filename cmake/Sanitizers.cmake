# ASan + UBSan (LeakSanitizer comes with ASan) as an INTERFACE target.
add_library(plotcluster_sanitizers INTERFACE)
if(PLOTCLUSTER_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(plotcluster_sanitizers INTERFACE ${_san})
  target_link_options(plotcluster_sanitizers INTERFACE ${_san})
endif()
