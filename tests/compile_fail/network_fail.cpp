// tests/compile_fail/network_fail.cpp     variants: 0:13
// every-path: 0 10
// (no layout check: the parts come from macros, whose expansion g++ prints as notes;
// named_value_fail.cpp checks the layout of these messages. 10-12 are reported inside
// simulation<...>'s member functions, whose instantiation context g++ prints first.)
//
// The network layer's compile-time checks (network/named.hpp, network/network.hpp,
// runtime/simulation.hpp): each invalid network is one cortexpr::network_error whose
// template argument names the part and the offending name. Variant 13 is the passing
// twin: the same network, valid, must compile.
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace network_fail {
/// A neuron without a membrane potential `V` (the target ExpCond's reference needs).
struct NoV {
    static constexpr std::string_view name = "NoV";
    static constexpr auto vars = cx::vars("U");
    static constexpr cx::code sim_code = "U += Isyn * dt;\n";
    static constexpr cx::code threshold_condition_code = "U > 1.0";
    static constexpr cx::code reset_code = "U = 0.0;\n";
};
}  // namespace network_fail

// A valid LIF population named N, with one named value replaced per variant below.
#define LIF_PARAMS "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, \
                   "Ioffset"_p = 0.0
#define LIF_VARS "V"_v = -65.0, "RefracTime"_v = 0.0

#if CORTEXPR_VARIANT == 2
// expected-error-2 {{population 'A' (LIF): missing value for parameter 'TauRefrac'}}
#define POP_A cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, LIF_VARS)
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{population 'A' (LIF): unknown parameter 'TauRefractory'}}
#define POP_A cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefractory"_p = 2.0, LIF_VARS)
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{population 'A' (LIF): missing initial value for variable 'RefracTime'}}
#define POP_A cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, "V"_v = -65.0)
#elif CORTEXPR_VARIANT == 5
// expected-error-5 {{population 'A' (LIF): unknown variable 'U'}}
#define POP_A cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, LIF_VARS, "U"_v = 0.0)
#else
#define POP_A cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, LIF_VARS)
#endif

#if CORTEXPR_VARIANT == 6
// expected-error-6 {{network: two parts are named 'B'}}
#define POP_B cx::population<"B", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, LIF_VARS), \
              cx::population<"B", cx::neuron::Poisson>(5, "rate"_p = 10.0, "timeStepToSpike"_v = 0.0)
#else
#define POP_B cx::population<"B", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, LIF_VARS)
#endif

#if CORTEXPR_VARIANT == 1
// expected-error-1 {{current source 'Drive': unknown population 'Nope'}}
#define SOURCE cx::source<"Drive", "Nope", cx::current_source::DC>("amp"_p = 0.5)
#else
#define SOURCE cx::source<"Drive", "A", cx::current_source::DC>("amp"_p = 0.5)
#endif

#if CORTEXPR_VARIANT == 0
// expected-error-0 {{synapse group 'AB': unknown population 'Nope'}}
#define SYN cx::synapses<"AB", "A", "Nope">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1), \
                                            cx::psm<cx::postsynaptic::DeltaCurr>())
#elif CORTEXPR_VARIANT == 7
// expected-error-7 {{synapse group 'AB': variable reference 'V' has no target: population 'NoV' has no such variable}}
#define SYN cx::population<"NoV", network_fail::NoV>(4, "U"_v = 0.0),                               \
            cx::synapses<"AB", "A", "NoV">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1), \
                                           cx::psm<cx::postsynaptic::ExpCond>("tau"_p = 5.0, "E"_p = 0.0))
#elif CORTEXPR_VARIANT == 8 || CORTEXPR_VARIANT == 9
#if CORTEXPR_VARIANT == 8
// expected-error-8 {{synapse group 'AB': procedural connectivity cannot store per-synapse state, but weight update 'STDP' has the writable variable 'g'}}
#define MATRIX cx::procedural
#else
// expected-error-9 {{synapse group 'AB': bitmask connectivity cannot store per-synapse state, but weight update 'STDP' has the writable variable 'g'}}
#define MATRIX cx::bitmask
#endif
#define SYN cx::synapses<"AB", "A", "B">(                                                              \
                MATRIX(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),               \
                cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.01, \
                                                "Aminus"_p = 0.01, "Wmin"_p = 0.0, "Wmax"_p = 1.0, "g"_v = 0.5), \
                cx::psm<cx::postsynaptic::DeltaCurr>())
#else
#define SYN cx::synapses<"AB", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)), \
                                         cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1),           \
                                         cx::psm<cx::postsynaptic::ExpCond>("tau"_p = 5.0, "E"_p = 0.0))
#endif

void build_and_use() {
    auto net = cx::network(POP_A, POP_B, SOURCE, SYN);
    auto sim = cx::simulate<in_network::backend>(net, {.dt = 0.1});
#if CORTEXPR_VARIANT == 10
// expected-error-10 {{simulation: 'A' has no variable 'W'}}
    auto v = sim.var<"A", "W">();
#else
    auto v = sim.var<"A", "V">();
#endif
    (void)v;
#if CORTEXPR_VARIANT == 11
// expected-error-11 {{simulation: 'AB' is not a population}}
    sim.record_spikes<"AB">(100);
#else
    sim.record_spikes<"A">(100);
#endif
#if CORTEXPR_VARIANT == 12
// expected-error-12 {{simulation: no part is named 'Nope'}}
    auto w = sim.var<"Nope", "V">();
    (void)w;
#endif
    sim.run(1.0);
}
