# Settings for cortexpr's own tree (tests, examples, benchmarks). Included only when
# cortexpr is the top-level project: nothing here reaches a consumer.

# --- ccache: used when installed, never required ---------------------------------------
option(CORTEXPR_USE_CCACHE "Use ccache for C++ and CUDA compiles when it is installed" ON)
if(CORTEXPR_USE_CCACHE)
  find_program(CORTEXPR_CCACHE_PROGRAM ccache)
  if(CORTEXPR_CCACHE_PROGRAM)
    foreach(_lang IN ITEMS CXX CUDA)
      if(NOT DEFINED CMAKE_${_lang}_COMPILER_LAUNCHER AND NOT DEFINED ENV{CMAKE_${_lang}_COMPILER_LAUNCHER})
        set(CMAKE_${_lang}_COMPILER_LAUNCHER "${CORTEXPR_CCACHE_PROGRAM}")
      endif()
    endforeach()
    message(STATUS "cortexpr: using ccache (${CORTEXPR_CCACHE_PROGRAM})")
  endif()
endif()

# --- CUDA: AUTO (default) enables it when nvcc is found, ON requires it, OFF skips it --
set(CORTEXPR_ENABLE_CUDA AUTO CACHE STRING "Build CUDA tests/examples: AUTO (when nvcc is found), ON (required), OFF")
set_property(CACHE CORTEXPR_ENABLE_CUDA PROPERTY STRINGS AUTO ON OFF)
string(TOUPPER "${CORTEXPR_ENABLE_CUDA}" _cortexpr_cuda_mode)
if(_cortexpr_cuda_mode MATCHES "^(1|Y|YES|TRUE)$")
  set(_cortexpr_cuda_mode ON)
elseif(_cortexpr_cuda_mode MATCHES "^(0|N|NO|FALSE)$")
  set(_cortexpr_cuda_mode OFF)
endif()
if(NOT _cortexpr_cuda_mode MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "cortexpr: CORTEXPR_ENABLE_CUDA must be AUTO, ON or OFF (got '${CORTEXPR_ENABLE_CUDA}')")
endif()

set(CORTEXPR_CUDA_ENABLED OFF)
if(NOT _cortexpr_cuda_mode STREQUAL "OFF")
  # nvcc is often installed off PATH; look where the toolkit usually is.
  if(NOT CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX})
    find_program(_cortexpr_nvcc nvcc
      HINTS "$ENV{CUDA_HOME}/bin" "$ENV{CUDA_PATH}/bin" /usr/local/cuda/bin
      NO_CACHE)
    if(_cortexpr_nvcc)
      set(ENV{CUDACXX} "${_cortexpr_nvcc}")   # read by check_language and enable_language
    endif()
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # Our tree builds for Ampere and Hopper unless told otherwise; must precede
    # enable_language, which would otherwise pick a default.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES AND NOT DEFINED ENV{CUDAARCHS})
      set(CMAKE_CUDA_ARCHITECTURES "80;90")
    endif()
    enable_language(CUDA)
    find_package(CUDAToolkit REQUIRED)
    set(CORTEXPR_CUDA_ENABLED ON)
    message(STATUS "cortexpr: CUDA enabled (${CMAKE_CUDA_COMPILER}, ${CMAKE_CUDA_COMPILER_VERSION}; architectures ${CMAKE_CUDA_ARCHITECTURES})")
  elseif(_cortexpr_cuda_mode STREQUAL "ON")
    message(FATAL_ERROR "cortexpr: CORTEXPR_ENABLE_CUDA=ON but no working CUDA compiler was found "
                        "(set CUDACXX or CMAKE_CUDA_COMPILER to nvcc's path)")
  else()
    message(STATUS "cortexpr: no CUDA compiler found; CUDA tests and checks are off")
  endif()
else()
  message(STATUS "cortexpr: CUDA disabled (CORTEXPR_ENABLE_CUDA=OFF)")
endif()

# Flags every CUDA compile in our tree needs (CMake 3.25 cannot express cuda_std_20).
set(CORTEXPR_CUDA_FLAGS -std=c++20 --expt-relaxed-constexpr)
