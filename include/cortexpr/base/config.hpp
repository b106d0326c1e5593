// Configuration shared by every header: host/device qualifiers, namespace, version.
#pragma once

#if __cplusplus < 202002L && !defined(_MSVC_LANG)
#  error "cortexpr needs C++20: compile with -std=c++20 (g++ >= 12, nvcc >= 12 with -std=c++20)"
#endif

#include "version.hpp"

// One header set for host and device: emitted model code is marked with these so the
// CPU backend and plain .cpp tests run the very same functions the CUDA kernels inline.
#if defined(__CUDACC__)
#  define CORTEXPR_HOST_DEVICE __host__ __device__ __forceinline__
#  define CORTEXPR_HD __host__ __device__
#else
#  define CORTEXPR_HOST_DEVICE inline
#  define CORTEXPR_HD
#endif

// Before a __host__ __device__ function template that may be instantiated with host-only
// types (a test environment, say): tells nvcc not to warn about host calls in it.
#if defined(__CUDACC__)
#  define CORTEXPR_EXEC_CHECK_DISABLE _Pragma("nv_exec_check_disable")
#else
#  define CORTEXPR_EXEC_CHECK_DISABLE
#endif

// True while compiling device code (nvcc's device pass).
#if defined(__CUDA_ARCH__)
#  define CORTEXPR_DEVICE_PASS 1
#else
#  define CORTEXPR_DEVICE_PASS 0
#endif

namespace cortexpr {
/// Everything users should not name lives in `cortexpr::detail`.
namespace detail {
template <class... T>
inline constexpr bool dependent_false = false;
}  // namespace detail
}  // namespace cortexpr

// Around our own headers' code: nvcc warns (#186) about `i < N` loops when a template is
// instantiated with N = 0 (a model without parameters, say); the loops are correct.
#if defined(__NVCC__)
#  define CORTEXPR_DIAG_BEGIN _Pragma("nv_diagnostic push") _Pragma("nv_diag_suppress 186")
#  define CORTEXPR_DIAG_END _Pragma("nv_diagnostic pop")
#else
#  define CORTEXPR_DIAG_BEGIN
#  define CORTEXPR_DIAG_END
#endif
