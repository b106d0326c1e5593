// The Potjans-Diesmann microcircuit of examples/networks/microcircuit.hpp on the CUDA
// backend, for compile-time measurement only (one simulate<cx::cuda> and one run).
#include <cortexpr/cuda.cuh>

#include <cstdio>

#include "networks/microcircuit.hpp"

int main() {
    namespace mc = cxnet::microcircuit;
    mc::config c;
    cx::options opt;
    opt.dt = mc::dt;
    auto sim = cx::simulate<cx::cuda>(cxnet::make_microcircuit(c), opt);
    sim.run(10.0);
    std::printf("t = %g ms\n", double(sim.t()));
}
