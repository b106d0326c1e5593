// The README's first program: two populations, a synapse group, one second of activity.
#include <cortexpr/cortexpr.hpp>
#include <cstdio>

using namespace cx::literals;

int main() {
    auto net = cx::network(
        cx::population<"Input", cx::neuron::Poisson>(100, "rate"_p = 20.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(
            400, "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -55.0), "RefracTime"_v = 0.0),
        cx::synapses<"InputExc", "Input", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.5),  // [nA] peak current
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)));  // [ms]

    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 1});
    sim.record_spikes<"Exc">(10000);
    sim.run(1000.0);  // [ms]

    const auto exc = sim.spikes<"Exc">();
    std::printf("%zu spikes from 400 LIF neurons in 1 s: %.1f Hz\n", exc.ids.size(), exc.ids.size() / 400.0);
    return exc.ids.empty() ? 1 : 0;
}
