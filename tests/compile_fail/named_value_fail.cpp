// tests/compile_fail/named_value_fail.cpp     variants: 0:6
// every-path: 0
//
// Errors name their place: a variable initialiser with a missing or unknown parameter is
// reported by the population or synapse group it initialises, naming the variable; an
// unknown name lists the valid ones. Variant 6 is the passing twin.
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

#define LIF_PARAMS "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, \
                   "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0

#if CORTEXPR_VARIANT == 0
// expected-error-0 {{population 'Exc' (LIF): variable 'V': variable initialiser 'Uniform': missing value for parameter 'max'}}
#define V_INIT cx::init<cx::init_var::Uniform>("min"_p = -60.0)
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{population 'Exc' (LIF): variable 'V': variable initialiser 'Normal': unknown parameter 'sigma' (parameters: mean, sd)}}
#define V_INIT cx::init<cx::init_var::Normal>("mean"_p = -60.0, "sigma"_p = 1.0)
#else
#define V_INIT cx::init<cx::init_var::Uniform>("min"_p = -60.0, "max"_p = -50.0)
#endif

#if CORTEXPR_VARIANT == 2
// expected-error-2 {{synapse group 'EE': weight update variable 'g': variable initialiser 'Normal': missing value for parameter 'sd'}}
#define G_INIT cx::init<cx::init_var::Normal>("mean"_p = 0.1)
#else
#define G_INIT cx::init<cx::init_var::Normal>("mean"_p = 0.1, "sd"_p = 0.01)
#endif

#if CORTEXPR_VARIANT == 3
// expected-error-3 {{population 'Exc' (LIF): unknown parameter 'Vthres' (parameters: C, TauM, Vrest, Vreset, Vthresh, Ioffset, TauRefrac)}}
#define EXTRA , "Vthres"_p = -50.0
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{population 'Exc' (LIF): unknown variable 'U' (variables: V, RefracTime)}}
#define EXTRA , "U"_v = 0.0
#else
#define EXTRA
#endif

#if CORTEXPR_VARIANT == 5
// expected-error-5 {{synapse group 'EE': unknown population 'Ex' (populations: Exc)}}
#define POST "Ex"
#else
#define POST "Exc"
#endif

int main() {
    // one statement per builder, each on one line: g++ prints a call's source lines under
    // the error, two per line of the call (see docs/building.md, "compile errors")
    auto exc = cx::population<"Exc", cx::neuron::LIF>(10, LIF_PARAMS, "V"_v = V_INIT, "RefracTime"_v = 0.0 EXTRA);
    auto g = cx::wu<cx::weight_update::StaticPulse>("g"_v = G_INIT);
    auto ee = cx::synapses<"EE", "Exc", POST>(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)), g, cx::psm<cx::postsynaptic::DeltaCurr>());
    auto net = cx::network(exc, ee);
    auto sim = cx::simulate<in_network::backend>(net, {.dt = 0.1});
    sim.run(1.0);
}
