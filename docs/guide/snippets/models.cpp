// One user model of every family, used in one network exactly like the built-ins.
// docs/guide/writing-models.md explains each block.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>
#include <span>
#include <vector>

using namespace cx::literals;

namespace mine {

//! begin neuron
/// Leaky integrate-and-fire with a spike-triggered adaptation current A (forward Euler).
struct AdaptiveLIF {
    static constexpr std::string_view name = "AdaptiveLIF";
    static constexpr auto params = cx::params(
        "TauM",     // [ms] membrane time constant
        "R",        // [MOhm] membrane resistance
        "Vrest", "Vthresh", "Vreset",  // [mV]
        "TauA",     // [ms] adaptation time constant
        "DeltaA");  // [nA] adaptation jump per spike
    static constexpr auto derived = cx::derived_params(
        cx::derive("DecayA", "exp(-dt / TauA)"));  // computed once, in double, on the host
    static constexpr auto vars = cx::vars("V", "A");
    static constexpr cx::code sim_code =
        "V += (Vrest - V + R * (Isyn - A)) * (dt / TauM);\n"
        "A *= DecayA;\n";
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
    static constexpr cx::code reset_code =
        "V = Vreset;\n"
        "A += DeltaA;\n";
};
//! end neuron

//! begin postsynaptic
/// Alpha-shaped current: inSyn feeds a second exponential stage x, which is injected.
struct AlphaCurr {
    static constexpr std::string_view name = "AlphaCurr";
    static constexpr auto params = cx::params("tau");  // [ms]
    static constexpr auto derived = cx::derived_params(
        cx::derive("decay", "exp(-dt / tau)"),
        cx::derive("gain", "dt / tau"));
    static constexpr auto vars = cx::vars("x");  // one per postsynaptic neuron
    static constexpr cx::code sim_code =
        "injectCurrent(x);\n"
        "x = decay * x + gain * inSyn;\n"
        "inSyn *= decay;\n";
};
//! end postsynaptic

//! begin weight_update
/// Trace-based pair STDP: xPre/yPost are per-neuron traces owned by the synapse group.
struct TraceSTDP {
    static constexpr std::string_view name = "TraceSTDP";
    static constexpr auto params = cx::params("tauPlus", "tauMinus", "Aplus", "Aminus", "Wmax");
    static constexpr auto derived = cx::derived_params(
        cx::derive("decayPlus", "exp(-dt / tauPlus)"),
        cx::derive("decayMinus", "exp(-dt / tauMinus)"));
    static constexpr auto vars = cx::vars("g");            // per synapse
    static constexpr auto pre_vars = cx::vars("xPre");     // per presynaptic neuron
    static constexpr auto post_vars = cx::vars("yPost");   // per postsynaptic neuron
    // per synapse, when a presynaptic spike arrives: deliver, then depress
    static constexpr cx::code pre_spike_syn_code =
        "addToPost(g);\n"
        "g = fmax(0.0, g - Aminus * yPost);\n";
    // per synapse, when the postsynaptic neuron spiked: potentiate
    static constexpr cx::code post_spike_syn_code = "g = fmin(Wmax, g + Aplus * xPre);\n";
    // per neuron, in the neuron update
    static constexpr cx::code pre_spike_code = "xPre += 1.0;\n";
    static constexpr cx::code post_spike_code = "yPost += 1.0;\n";
    static constexpr cx::code pre_dynamics_code = "xPre *= decayPlus;\n";
    static constexpr cx::code post_dynamics_code = "yPost *= decayMinus;\n";
};
//! end weight_update

//! begin current_source
/// Pulls each target neuron towards `Vtarget` with conductance `gain`; reads the target's
/// V through a neuron variable reference (bound by name to the population's "V").
struct SoftClamp {
    static constexpr std::string_view name = "SoftClamp";
    static constexpr auto params = cx::params("gain", "Vtarget");  // [uS], [mV]
    static constexpr auto neuron_var_refs = cx::var_refs(cx::var_ref("V"));
    static constexpr cx::code injection_code = "injectCurrent(gain * (Vtarget - V));\n";
};
//! end current_source

//! begin var_init
/// Neuron variables: a linear ramp over the population.
struct Ramp {
    static constexpr std::string_view name = "Ramp";
    static constexpr auto params = cx::params("start", "step");
    static constexpr cx::code var_init_code = "value = start + step * id;\n";
};

/// Synapse variables: a weight that falls off with the index distance |i - j|.
struct DistanceWeight {
    static constexpr std::string_view name = "DistanceWeight";
    static constexpr auto params = cx::params("gmax", "sigma");
    static constexpr cx::code var_init_code =
        "const scalar d = fabs((scalar)id_pre - (scalar)id_post);\n"
        "value = gmax * exp(-d / sigma);\n";
};
//! end var_init

//! begin sparse_init
/// Every neuron i of a ring connects to its `radius` neighbours on each side.
struct RingNeighbours {
    static constexpr std::string_view name = "RingNeighbours";
    static constexpr auto params = cx::params(cx::param("radius", "int"));
    static constexpr cx::code row_build_code =
        "for (int k = -radius; k <= radius; k++) {\n"
        "    if (k != 0) {\n"
        "        addSynapse(((int)id_pre + k + (int)num_post) % (int)num_post);\n"
        "    }\n"
        "}\n";
    // Optional capacities (row storage is sized from them; without max_row_length a row
    // may hold num_post synapses). `params` holds the snippet's parameter values in order.
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double> p) {
        return 2 * std::uint32_t(p[0]);
    }
    static constexpr std::uint32_t max_col_length(std::uint32_t, std::uint32_t, std::span<const double> p) {
        return 2 * std::uint32_t(p[0]);
    }
};
//! end sparse_init

//! begin toeplitz
/// A 1-D "same" convolution with `taps` kernel weights: diagonal d joins i to i + d - taps/2.
struct Conv1D {
    static constexpr std::string_view name = "Conv1D";
    static constexpr auto params = cx::params(cx::param("taps", "int"));
    static constexpr cx::code diagonal_build_code =
        "for_each_synapse {\n"
        "    const int post = (int)id_pre + (int)id_diag - taps / 2;\n"
        "    if (post >= 0 && post < (int)num_post) {\n"
        "        addSynapse(post, id_diag);  // target, then the kernel index\n"
        "    }\n"
        "}\n";
    // number of diagonals, and the kernel shape (id_kernel flattens addSynapse's indices)
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double> p) {
        return std::uint32_t(p[0]);
    }
    static constexpr std::array<std::uint32_t, 4> kernel_size(std::span<const double> p) {
        return {std::uint32_t(p[0]), 1, 1, 1};
    }
};
//! end toeplitz

//! begin hooks
/// One-to-one over a w × h grid: both populations must have w·h neurons.
struct Grid {
    static constexpr std::string_view name = "Grid";
    static constexpr auto params = cx::params(cx::param("w", "int"), cx::param("h", "int"));
    static constexpr cx::code row_build_code = "addSynapse(id_pre);\n";
    static void check_shapes(const cx::shape_context& c) {
        const double cells = c.params[0] * c.params[1];
        if (cells != c.n_pre || cells != c.n_post)
            c.fail("w", "grid of w·h = ", cells, " cells, but the populations have ", c.n_pre, " and ", c.n_post, " neurons");
    }
};
//! end hooks

}  // namespace mine

int main() {
    //! begin network
    auto net = cx::network(
        cx::population<"In", cx::neuron::Poisson>(200, "rate"_p = 20.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", mine::AdaptiveLIF>(200,
            "TauM"_p = 20.0, "R"_p = 40.0, "Vrest"_p = -65.0, "Vthresh"_p = -50.0, "Vreset"_p = -65.0,
            "TauA"_p = 100.0, "DeltaA"_p = 0.01,
            "V"_v = cx::init<mine::Ramp>("start"_p = -65.0, "step"_p = 0.05), "A"_v = 0.0),
        cx::source<"Clamp", "Exc", mine::SoftClamp>("gain"_p = 0.001, "Vtarget"_p = -60.0),
        cx::synapses<"InExc", "In", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<mine::TraceSTDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.01, "Aminus"_p = 0.012,
                                    "Wmax"_p = 1.0, "g"_v = 0.5, "xPre"_v = 0.0, "yPost"_v = 0.0),
            cx::psm<mine::AlphaCurr>("tau"_p = 2.0, "x"_v = 0.0)),
        cx::synapses<"Ring", "Exc", "Exc">(
            cx::sparse(cx::connect<mine::RingNeighbours>("radius"_p = 3)),
            cx::wu<cx::weight_update::StaticPulse>(
                "g"_v = cx::init<mine::DistanceWeight>("gmax"_p = 0.2, "sigma"_p = 2.0)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        cx::synapses<"Smooth", "Exc", "Exc">(
            cx::toeplitz(cx::connect_toeplitz<mine::Conv1D>("taps"_p = 3)),
            cx::wu<cx::weight_update::StaticPulse>(
                "g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = std::vector<double>{0.05, -0.1, 0.05})),
            cx::psm<cx::postsynaptic::DeltaCurr>()));

    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 7});
    sim.record_spikes<"Exc">(2000);
    sim.run(200.0);
    std::printf("Exc: %zu spikes in 200 ms; %zu ring synapses\n", sim.spikes<"Exc">().ids.size(),
                sim.synapse_count<"Ring">());
    //! end network
    return 0;
}
