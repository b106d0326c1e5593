// A deliberately wrong model: a neuron's sim_code calls addToPost, which only synaptic
// code of a weight update may call. This file must NOT compile (check.sh checks the
// message); the guide shows the one line g++ prints.
#include <cortexpr/cortexpr.hpp>

using namespace cx::literals;

//! begin wrong
struct LeakyNeuron {
    static constexpr std::string_view name = "LeakyNeuron";
    static constexpr auto params = cx::params("TauM", "Vthresh");
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code =
        "V -= V / TauM * dt;\n"
        "addToPost(V);\n";  // wrong: not available in neuron code
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
    static constexpr cx::code reset_code = "V = 0.0;";
};
//! end wrong

int main() {
    auto net = cx::network(cx::population<"N", LeakyNeuron>(10, "TauM"_p = 20.0, "Vthresh"_p = 1.0, "V"_v = 0.0));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1});
    sim.run(10.0);
}
