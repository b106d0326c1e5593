// The demo: the Vogels-Abbott (CUBA) network (docs/example-networks.md (c); 4000 LIF neurons,
// 4:1 excitatory to inhibitory, sparse random synapses with exponential currents) on the
// CPU backend, with a progress report, spike files and a summary.
//
//   demo [--neurons N=4000] [--time ms=2000] [--threads T=0] [--seed S=1] [--out DIR=out/demo]
//        [--progress auto|bar|lines|none]
//
// Writes to DIR:
//   <pop>_times.npy, <pop>_ids.npy   spike times (float64, ms) and neuron ids (uint32), per
//                                     population (E, I), in time order
//   <pop>_spikes.csv                 the same as CSV, "time_ms,id"
//   populations.csv                  name,neurons,spikes,rate_hz
//   summary.txt                      rates, sizes, wall times of build, initialisation and
//                                     simulation, time per phase (options::timing)
// scripts/demo.sh builds and runs this program (or demo_cuda where a GPU is present),
// then draws DIR/raster.png with scripts/plot_spikes.py. The program itself is
// support/demo_main.hpp, shared with demo_cuda.cu.
#include "support/demo_main.hpp"

int main(int argc, char** argv) { return cxdemo::demo_main<cx::cpu>(argc, argv, "demo", 4000); }
