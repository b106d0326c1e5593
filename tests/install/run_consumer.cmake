# cmake -P script behind the install.* tests (see CMakeLists.txt beside it).
#   MODE=find_package      install CORTEXPR_BINARY_DIR into WORK_DIR/prefix, then build
#                          and run tests/install/consumer against that prefix
#   MODE=add_subdirectory  build and run tests/install/subdir, which adds the source tree
# Inputs: MODE CORTEXPR_SOURCE_DIR CORTEXPR_BINARY_DIR WORK_DIR GENERATOR CXX_COMPILER
#         CONFIG [CUDA_COMPILER CUDA_ARCHITECTURES] [EXPECTED_VERSION: the project's version,
#         which the consumers request from find_package and compare with the headers']
cmake_minimum_required(VERSION 3.25)

foreach(_var IN ITEMS MODE CORTEXPR_SOURCE_DIR CORTEXPR_BINARY_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: ${_var} is not set")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Release)
endif()

function(run)
  string(REPLACE ";" " " _shown "${ARGV}")
  message(STATUS "run: ${_shown}")
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "install test (${MODE}): command failed (${_rc}): ${_shown}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(_build "${WORK_DIR}/build")
set(_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${CONFIG}")
if(EXPECTED_VERSION)
  list(APPEND _args "-DCORTEXPR_EXPECTED_VERSION=${EXPECTED_VERSION}")
endif()
if(CUDA_COMPILER AND MODE STREQUAL "find_package")
  list(APPEND _args "-DCMAKE_CUDA_COMPILER=${CUDA_COMPILER}" -DCONSUMER_WITH_CUDA=ON
                    "-DCMAKE_CUDA_ARCHITECTURES=${CUDA_ARCHITECTURES}")
endif()

if(MODE STREQUAL "find_package")
  set(_prefix "${WORK_DIR}/prefix")
  run("${CMAKE_COMMAND}" --install "${CORTEXPR_BINARY_DIR}" --prefix "${_prefix}" --config "${CONFIG}")
  foreach(_f IN ITEMS include/cortexpr/cortexpr.hpp include/cortexpr/base/version.hpp
                      share/cmake/cortexpr/cortexprConfig.cmake
                      share/cmake/cortexpr/cortexprConfigVersion.cmake
                      share/cmake/cortexpr/cortexpr-targets.cmake)
    if(NOT EXISTS "${_prefix}/${_f}")
      message(FATAL_ERROR "install test: ${_f} was not installed into ${_prefix}")
    endif()
  endforeach()
  run("${CMAKE_COMMAND}" -S "${CORTEXPR_SOURCE_DIR}/tests/install/consumer" -B "${_build}"
      ${_args} "-DCMAKE_PREFIX_PATH=${_prefix}")
elseif(MODE STREQUAL "add_subdirectory")
  run("${CMAKE_COMMAND}" -S "${CORTEXPR_SOURCE_DIR}/tests/install/subdir" -B "${_build}"
      ${_args} "-DCORTEXPR_SOURCE_DIR=${CORTEXPR_SOURCE_DIR}")
else()
  message(FATAL_ERROR "run_consumer.cmake: unknown MODE '${MODE}'")
endif()

run("${CMAKE_COMMAND}" --build "${_build}" --config "${CONFIG}")
run("${CMAKE_CTEST_COMMAND}" --test-dir "${_build}" -C "${CONFIG}" --output-on-failure --no-tests=error)
message(STATUS "install test (${MODE}): OK")
