// A network whose inputs go to additional input variables (cx::target_var for a
// postsynaptic model and a current source, cx::pre_target_var for addToPre) next to
// inputs that go to Isyn, and one whose synaptic code reads postsynaptic state with a
// delay (x[d]); deterministic, so every value is known in closed form
// (test_sim_user_models.cpp checks them; test_sim_neurons_cuda.cu compares the GPU).
#pragma once
#include <cstdint>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace inputs_test {
namespace cx = cortexpr;
using namespace cx::literals;

/// V integrates Isyn, W the additional input Iext (initial value 1, so its reset to 1
/// every step shows).
struct TwoInputs {
    static constexpr std::string_view name = "TwoInputs";
    static constexpr auto vars = cx::vars("V", "W");
    static constexpr auto additional_input_vars = cx::additional_inputs(cx::additional_input("Iext", "scalar", 1.0));
    static constexpr cx::code sim_code = "V += Isyn;\nW += Iext;\n";
    static constexpr cx::code threshold_condition_code = "false";
};
/// Spikes every step; B integrates the additional input Iback, C integrates Isyn.
struct TickerBack {
    static constexpr std::string_view name = "TickerBack";
    static constexpr auto vars = cx::vars("B", "C");
    static constexpr auto additional_input_vars = cx::additional_inputs(cx::additional_input("Iback"));
    static constexpr cx::code sim_code = "B += Iback;\nC += Isyn;\n";
    static constexpr cx::code threshold_condition_code = "true";
};
/// Every synapse adds g to its presynaptic neuron's input every step.
struct Back {
    static constexpr std::string_view name = "Back";
    static constexpr auto vars = cx::vars("g");
    static constexpr cx::code synapse_dynamics_code = "addToPre(g);\n";
};

inline constexpr std::uint32_t n_ticker = 2, n_target = 3;

/// T (2 neurons, a spike every step) drives P (3 neurons): Ext (g = 2) into Iext, Syn
/// (g = 3) into Isyn, both DeltaCurr (so that options::fuse_postsynaptic would fuse them
/// if targets were ignored); the sources Dext (0.5) into Iext and Dsyn (0.25) into Isyn;
/// Bk's synapses add 0.125 each to T's Iback every step.
inline auto inputs_net() {
    using cx::postsynaptic::DeltaCurr;
    using cx::weight_update::StaticPulse;
    return cx::network(
        cx::population<"T", TickerBack>(n_ticker, "B"_v = 0.0, "C"_v = 0.0),
        cx::population<"P", TwoInputs>(n_target, "V"_v = 0.0, "W"_v = 0.0),
        cx::source<"Dext", "P", cx::current_source::DC>("amp"_p = 0.5, cx::target_var<"Iext">),
        cx::source<"Dsyn", "P", cx::current_source::DC>("amp"_p = 0.25),
        cx::synapses<"Ext", "T", "P">(cx::dense(), cx::wu<StaticPulse>("g"_v = 2.0), cx::psm<DeltaCurr>(cx::target_var<"Iext">)),
        cx::synapses<"Syn", "T", "P">(cx::dense(), cx::wu<StaticPulse>("g"_v = 3.0), cx::psm<DeltaCurr>()),
        cx::synapses<"Bk", "T", "P">(cx::dense(), cx::wu<Back>("g"_v = 0.125, cx::pre_target_var<"Iback">), cx::psm<DeltaCurr>()));
}

/// The values after `steps` steps (n = 0 .. steps-1): the sources act from step 0, the
/// spikes of step n reach P in step n+1, addToPre reaches T in the same step.
struct inputs_outcome {
    std::vector<double> V, W, B, C;
    bool operator==(const inputs_outcome&) const = default;
};
inline double expected_V(double steps) { return 0.25 * steps + n_ticker * 3.0 * (steps - 1); }
inline double expected_W(double steps) { return (1.0 + 0.5) * steps + n_ticker * 2.0 * (steps - 1); }
inline double expected_B(double steps) { return n_target * 0.125 * steps; }

/// A variable's values, every batch entry (after pull(), a no-op on the CPU).
template <class View>
std::vector<double> values_of(View v) {
    v.pull();
    return std::vector<double>(v.begin(), v.end());
}
template <class Sim>
inputs_outcome run_inputs(Sim& sim, int steps) {
    for (int k = 0; k < steps; ++k) sim.step();
    return {values_of(sim.template var<"P", "V">()), values_of(sim.template var<"P", "W">()),
            values_of(sim.template var<"T", "B">()), values_of(sim.template var<"T", "C">())};
}
// ---- delayed reads x[d] ------------------------------------------------------------
/// Spikes never; c counts steps.
struct Count {
    static constexpr std::string_view name = "Count";
    static constexpr auto vars = cx::vars("c");
    static constexpr cx::code sim_code = "c += 1.0;\n";
    static constexpr cx::code threshold_condition_code = "false";
};
/// c = (k + 1)(1 + batch) after step k; q, its weight-update post variable, 10 times that
/// (post_dynamics_code, after the sim code).
struct BatchCounter {
    static constexpr std::string_view name = "BatchCounter";
    static constexpr auto vars = cx::vars("c");
    static constexpr cx::code sim_code = "c += 1.0 + batch;\n";
    static constexpr cx::code threshold_condition_code = "false";
};
/// x = 100 (k + 1)(1 + batch) after step k.
struct CountPsm {
    static constexpr std::string_view name = "CountPsm";
    static constexpr auto vars = cx::vars("x");
    static constexpr cx::code sim_code = "x += 100.0 * (1.0 + batch);\n";
};
/// Reads the postsynaptic c, its own post variable q and the PSM's x with a delay: each
/// synapse's own delay `dly`, and the fixed delays 2 and 6 (6 = 1 modulo the 5 steps a
/// max_dendritic_delay of 4 keeps).
struct ReadDelayed {
    static constexpr std::string_view name = "ReadDelayed";
    static constexpr auto vars = cx::vars(cx::var("dly", "uint8_t", cx::access::read_only), "rc", "rq", "rx",
                                          "r2", "r6", "rp");
    static constexpr auto pre_vars = cx::vars("pc");  // counts steps; read through the axonal delay
    static constexpr auto post_vars = cx::vars("q");
    static constexpr auto post_neuron_var_refs = cx::vars("c_post");
    static constexpr auto psm_var_refs = cx::vars("x");
    static constexpr cx::code synapse_dynamics_code =
        "rc = c_post[dly];\n"
        "rq = q [dly];\n"
        "rx = x[dly];\n"
        "r2 = c_post[2];\n"
        "r6 = c_post[6];\n"
        "rp = pc;\n";
    static constexpr cx::code pre_dynamics_code = "pc += 1.0;\n";
    static constexpr cx::code post_dynamics_code = "q += 10.0 * (1.0 + batch);\n";
};

/// Pre (1 neuron) to Post (5 neurons), dense, axonal delay 2: synapse j reads with delay j
/// (dly); the group keeps max_dendritic + 1 steps of history, and reads pc as step n-3 left it.
inline auto delayed_net(std::uint32_t max_dendritic) {
    return cx::network(
        cx::population<"Pre", Count>(1, "c"_v = 0.0), cx::population<"Post", BatchCounter>(5, "c"_v = 0.0),
        cx::synapses<"S", "Pre", "Post">(
            cx::dense(),
            cx::wu<ReadDelayed>("dly"_v = std::vector<double>{0, 1, 2, 3, 4}, "rc"_v = -1.0, "rq"_v = -1.0, "rx"_v = -1.0,
                                "r2"_v = -1.0, "r6"_v = -1.0, "rp"_v = -1.0, "pc"_v = 0.0, "q"_v = 0.0),
            cx::psm<CountPsm>("x"_v = 0.0), {.axonal_delay = 2, .max_dendritic_delay = max_dendritic}));
}
struct delayed_outcome {
    std::vector<double> rc, rq, rx, r2, r6, rp;
    bool operator==(const delayed_outcome&) const = default;
};
template <class Sim>
delayed_outcome run_delayed(Sim& sim, int steps) {
    for (int k = 0; k < steps; ++k) sim.step();
    return {values_of(sim.template var<"S", "rc">()), values_of(sim.template var<"S", "rq">()),
            values_of(sim.template var<"S", "rx">()), values_of(sim.template var<"S", "r2">()),
            values_of(sim.template var<"S", "r6">()), values_of(sim.template var<"S", "rp">())};
}
}  // namespace inputs_test
