// The plastic network of stdp_network.hpp on the CUDA backend (compile-time measurement).
#include <cortexpr/cuda.cuh>

#include <cstdio>

#include "stdp_network.hpp"

int main() {
    auto sim = cortexpr::simulate<cortexpr::cuda>(stdp_net::make_stdp_network(1000), {.dt = 0.1, .seed = 1});
    sim.run(100.0);
    std::printf("t = %g ms\n", double(sim.t()));
}
