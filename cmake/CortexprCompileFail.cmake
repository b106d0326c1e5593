# Runs one compile-fail case (cmake -DSPEC=<file> -P CortexprCompileFail.cmake); written
# by cortexpr_add_compile_fail_test (CortexprTesting.cmake). SPEC sets:
#   CF_COMMAND  the compiler command (a list)
#   CF_EXPECT   fail | pass
#   CF_REGEX    the message, as a regex (fail only)
#   CF_LAYOUT   ON: the message must come first -- on the first line that says `error`
#               or the line after it, within the first 6 lines -- and the whole output be
#               at most 12 lines and 2048 bytes
# The case passes when the compiler's exit code and output say what SPEC expects.
cmake_minimum_required(VERSION 3.25)
include("${SPEC}")

execute_process(COMMAND ${CF_COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
list(JOIN CF_COMMAND " " cmd)

if(CF_EXPECT STREQUAL "pass")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compile-fail: the passing twin did not compile (exit code ${rc}):\n${cmd}\n${out}")
  endif()
  message(STATUS "compile-fail: the passing twin compiles")
  return()
endif()

if(rc EQUAL 0)
  message(FATAL_ERROR "compile-fail: compiled without error (exit code 0), expected the message ${CF_REGEX}:\n${cmd}\n${out}")
endif()
if(NOT out MATCHES "${CF_REGEX}")
  message(FATAL_ERROR "compile-fail: exit code ${rc}, but the output lacks the message ${CF_REGEX}:\n${cmd}\n${out}")
endif()

# The output's shape: lines (a `;` in the output must not split CMake's list).
string(REPLACE ";" "," flat "${out}")
string(REGEX REPLACE "\n$" "" flat "${flat}")
string(REPLACE "\n" ";" lines "${flat}")
list(LENGTH lines n_lines)
string(LENGTH "${out}" n_bytes)
set(error_line -1)
set(message_line -1)
set(i 0)
foreach(line IN LISTS lines)
  if(error_line EQUAL -1 AND line MATCHES "(^|[ :)])(fatal )?error[: ]")
    set(error_line ${i})
  endif()
  if(message_line EQUAL -1 AND line MATCHES "${CF_REGEX}")
    set(message_line ${i})
  endif()
  math(EXPR i "${i} + 1")
endforeach()
math(EXPR error_no "${error_line} + 1")
math(EXPR message_no "${message_line} + 1")
set(shape "exit code ${rc}; ${n_lines} lines, ${n_bytes} bytes; first error on line ${error_no}, message on line ${message_no}")
if(NOT CF_LAYOUT)
  message(STATUS "compile-fail: ${shape}")
  return()
endif()
math(EXPR after "${error_line} + 1")
if(error_line LESS 0 OR NOT (message_line EQUAL error_line OR message_line EQUAL after) OR message_line GREATER 5
   OR n_lines GREATER 12 OR n_bytes GREATER 2048)
  message(FATAL_ERROR "compile-fail: the message is not first (${shape}; wanted: on the error line or the next, "
                      "within 6 lines, at most 12 lines and 2048 bytes):\n${cmd}\n${out}")
endif()
message(STATUS "compile-fail: message first (${shape})")
