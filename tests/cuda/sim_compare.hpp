// The CUDA side of the CPU-vs-CUDA tests (tests/cuda/test_sim_*_cuda.cu): run a network
// on cx::cuda in double precision with given engine settings. The CPU reference of each
// test comes from tests/cuda/cpu_reference_*.cpp, compiled by the host compiler and
// linked into the same test (tests/CMakeLists.txt). The CUDA targets of these tests are
// compiled with --fmad=false: the host code has no fused multiply-adds, so the device
// must not contract either for results to agree bit for bit.
#pragma once
#include <catch2/catch.hpp>

#include <cortexpr/cuda.cuh>

#include "sim_outcome.hpp"

namespace cuda_test {

struct settings {
    cx::cuda_span span = cx::cuda_span::automatic;
    cx::cuda_launch launch = cx::cuda_launch::graph;
    std::uint32_t graph_steps = 25;
};

/// body(sim) on CUDA, double precision.
template <class Net, class Body>
auto on_gpu(const Net& net, const cx::options& o, Body&& body, settings s = {}) {
    auto gpu = cx::simulate<cx::cuda, double>(net, o);
    gpu.engine().config().span = s.span;
    gpu.engine().config().launch = s.launch;
    gpu.engine().config().graph_steps = s.graph_steps;
    return body(gpu);
}

}  // namespace cuda_test
