// The demo on the GPU: examples/demo.cpp's program (support/demo_main.hpp) on the CUDA
// backend, 100 000 neurons by default (in-degree 400 as at 4000, 40 M synapses).
// scripts/demo.sh runs it instead of demo when nvidia-smi lists a GPU and the build has
// CUDA; same arguments and output files as demo (--threads is ignored).
#include <cortexpr/cuda.cuh>

#include "support/demo_main.hpp"

int main(int argc, char** argv) { return cxdemo::demo_main<cx::cuda>(argc, argv, "demo_cuda", 100000); }
