# cli_same_as_compile_time / cli_builtins_from_cpp: runs cli_compile_time_reference, which
# writes model types as JSON to OUT and prints dsl::program<Unit>::message of each invalid
# unit; then cortexpr-check on OUT must print exactly those messages (after its `OUT: `
# prefix), in the same order, and exit 1 (0 when there are none).
#   cmake -DCHECK=<cortexpr-check> -DREFERENCE=<cli_compile_time_reference> -DOUT=<json>
#         [-DBUILTINS=ON] -P compare_with_compile_time.cmake
cmake_minimum_required(VERSION 3.25)
set(_ref_args "${OUT}")
if(BUILTINS)
  list(APPEND _ref_args --builtins)
endif()
execute_process(COMMAND "${REFERENCE}" ${_ref_args}
                RESULT_VARIABLE _ref_rc OUTPUT_VARIABLE _want ERROR_VARIABLE _ref_err)
if(NOT _ref_rc EQUAL 0)
  message(FATAL_ERROR "cli_compile_time_reference failed (${_ref_rc}):\n${_ref_err}")
endif()
execute_process(COMMAND "${CHECK}" --quiet "${OUT}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
string(REPLACE "${OUT}: " "" _got "${_err}")
if(_want STREQUAL "")
  set(_want_rc 0)
else()
  set(_want_rc 1)
endif()
if(NOT _got STREQUAL _want OR NOT _rc EQUAL _want_rc)
  message(FATAL_ERROR "cortexpr-check and the compile-time path disagree (exit ${_rc}, expected ${_want_rc})\n"
                      "--- compile time (dsl::program<Unit>::message) ---\n${_want}"
                      "--- cortexpr-check ---\n${_got}")
endif()
string(REGEX MATCHALL "\n" _lines "${_want}")
list(LENGTH _lines _n)
message(STATUS "ok: ${_n} identical messages")
