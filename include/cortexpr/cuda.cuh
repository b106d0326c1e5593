// cortexpr with the CUDA backend: include this (instead of cortexpr.hpp) in a
// .cu file compiled by nvcc with -std=c++20 --expt-relaxed-constexpr, then
//
//   auto sim = cx::simulate<cx::cuda>(net, {.dt = 0.1, .seed = 42});
//   sim.run(1000.0);                  // steps on the GPU, CUDA graphs, one host sync
//   auto v = sim.var<"Exc", "V">();   v.pull();    // device -> host mirror
//   sim.engine().config().graph_steps = 500;       // cx::cuda_config
//   sim.engine().stats();                           // launches and syncs per step
//
// docs/cuda.md describes what runs where.
#pragma once
#if !defined(__CUDACC__)
#  error "cortexpr/cuda.cuh needs nvcc (compile this translation unit as CUDA)"
#endif

#include "base/error_types.hpp"  // first (see cortexpr.hpp)
#include "cortexpr.hpp"
#include "backend/cuda/engine.hpp"
#include "backend/cuda/custom_update_kernels.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {
template <class Net, class S, class T>
struct engine_for<cuda, Net, S, T> {
    using type = cuda_engine<Net, S, T>;
};
/// Custom updates run in the CUDA backend's kernels (backend/cuda/custom_update_kernels.hpp).
template <class Net, class Updates, class S, class T>
struct custom_update_exec_for<cuda, Net, Updates, S, T> {
    using type = cuda_custom_update_exec<cuda_engine<Net, S, T>, Updates>;
};
}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
