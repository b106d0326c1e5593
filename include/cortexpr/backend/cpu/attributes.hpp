#pragma once
// cortexpr/backend/cpu/attributes.hpp: the function attributes of the CPU engine's hot loops
// (engine.hpp and neuron_batch.hpp).
// The per-thread bodies of the step's loops (neuron_range, synaptic rows) are flattened: the
// environments, views and code-string programs they call then inline into one loop, so
// the compiler keeps the groups' views in registers instead of rebuilding them per
// neuron (g++ -O2 left the per-group lambdas out of line: Vogels–Abbott went from ~160
// to ~79 instructions per neuron update, callgrind). Not under nvcc, whose front end
// need not accept the attribute on a lambda.
#if defined(__GNUC__) && !defined(__CUDACC__)
#  define CORTEXPR_CPU_HOT __attribute__((flatten))
#  define CORTEXPR_CPU_RANGE __attribute__((flatten, noinline))
#else
#  define CORTEXPR_CPU_HOT
#  define CORTEXPR_CPU_RANGE
#endif
