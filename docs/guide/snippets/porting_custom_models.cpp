// A custom neuron model and a custom weight update, as GeNN users write them, in cortexpr:
// an Izhikevich neuron whose drive is a parameter (no current source), and gap junctions,
// a continuous synapse that reads both neurons' V through variable references.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>

using namespace cx::literals;

//! begin neuron
struct IzhikevichOffset {
    static constexpr std::string_view name = "IzhikevichOffset";
    static constexpr auto params = cx::params("a", "b", "c", "d", "Ioffset");
    static constexpr auto vars = cx::vars("V", "U");
    static constexpr cx::code sim_code =
        "if (V >= 30.0) {\n"
        "    V = c;\n"
        "    U += d;\n"
        "}\n"
        "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn + Ioffset) * dt;\n"
        "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn + Ioffset) * dt;\n"
        "U += a * (b * V - U) * dt;\n";
    static constexpr cx::code threshold_condition_code = "V >= 29.99";
};
//! end neuron

//! begin auto_refractory
// GeNN 4's auto-refractoriness by hand: spike only when the condition was false before
struct IzhikevichGeNN4 {
    static constexpr std::string_view name = "IzhikevichGeNN4";
    static constexpr auto params = cx::params("a", "b", "c", "d", "Ioffset");
    static constexpr auto vars = cx::vars("V", "U");
    static constexpr cx::code sim_code =
        "const bool wasAbove = V >= 29.99;\n"  // the condition on the state before the update
        "if (V >= 30.0) {\n"
        "    V = c;\n"
        "    U += d;\n"
        "}\n"
        "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn + Ioffset) * dt;\n"
        "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn + Ioffset) * dt;\n"
        "U += a * (b * V - U) * dt;\n";
    static constexpr cx::code threshold_condition_code = "V >= 29.99 && !wasAbove";
};
//! end auto_refractory

//! begin weight_update
struct GapJunction {
    static constexpr std::string_view name = "GapJunction";
    static constexpr auto vars = cx::vars(cx::var("g", "scalar", cx::access::read_only));  // [uS]
    // "V_pre" binds the presynaptic population's V, "V_post" the postsynaptic one's
    static constexpr auto pre_neuron_var_refs = cx::var_refs(cx::var_ref("V_pre"));
    static constexpr auto post_neuron_var_refs = cx::var_refs(cx::var_ref("V_post"));
    // every step, for every synapse: current into the target and the opposite into the source
    static constexpr cx::code synapse_dynamics_code =
        "addToPost(g * (V_pre - V_post));\n"
        "addToPre(g * (V_post - V_pre));\n";
};
//! end weight_update

int main() {
    //! begin network
    auto net = cx::network(
        cx::population<"Driven", IzhikevichOffset>(10,
            "a"_p = 0.02, "b"_p = 0.2, "c"_p = -65.0, "d"_p = 8.0, "Ioffset"_p = 10.0, "V"_v = -65.0, "U"_v = -13.0),
        cx::population<"Coupled", IzhikevichOffset>(10,
            "a"_p = 0.02, "b"_p = 0.2, "c"_p = -65.0, "d"_p = 8.0, "Ioffset"_p = 0.0, "V"_v = -65.0, "U"_v = -13.0),
        cx::synapses<"Gap", "Driven", "Coupled">(
            cx::sparse(cx::connect<cx::init_sparse::OneToOne>()),
            cx::wu<GapJunction>("g"_v = 0.5),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 1});
    sim.record_spikes<"Driven">(2000);
    sim.record_spikes<"Coupled">(2000);
    sim.run(200.0);
    std::printf("Driven: %zu spikes, Coupled: %zu spikes in 200 ms\n", sim.spikes<"Driven">().ids.size(),
                sim.spikes<"Coupled">().ids.size());
    //! end network
    // the GeNN 4 variant is checked where it meets a network
    auto genn4 = cx::network(cx::population<"GeNN4", IzhikevichGeNN4>(1,
        "a"_p = 0.02, "b"_p = 0.2, "c"_p = -65.0, "d"_p = 8.0, "Ioffset"_p = 10.0, "V"_v = -65.0, "U"_v = -13.0));
    (void)genn4;
    return 0;
}
