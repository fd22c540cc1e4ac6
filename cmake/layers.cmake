# One static library per layer. A layer links only the layers below it, and
# tests/layering_test.sh fails when a source includes a header of a layer it
# may not depend on, so the dependency direction is enforced twice.
#
#   app -> http -> service -> {store, docs} -> domain -> common
#
# zxkh_layer(NAME <layer> DEPS <lower layers...> LIBS <third-party targets...>)
# globs src/<layer>/**/*.cpp; include paths are rooted at src/, so a source
# says #include "common/status.hpp".
function(zxkh_layer)
  cmake_parse_arguments(L "" "NAME" "DEPS;LIBS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/src/${L_NAME}/*.cpp)
  add_library(zxkh_${L_NAME} STATIC ${srcs})
  target_include_directories(zxkh_${L_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  set(deps)
  foreach(d IN LISTS L_DEPS)
    list(APPEND deps zxkh_${d})
  endforeach()
  target_link_libraries(zxkh_${L_NAME} PUBLIC ${deps} ${L_LIBS})
endfunction()
