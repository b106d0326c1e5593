// The 10 000-neuron pulse-coupled Izhikevich network (8000 excitatory, 2000 inhibitory)
// of GeNN's second tutorial in cortexpr: sparse random connectivity p = 0.1, one constant
// weight per group through DeltaCurr, DC drive of 4, 1000 ms at dt = 1 ms.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>
#include <vector>

using namespace cx::literals;

template <cx::fixed_string Name>
auto izhikevich(std::uint32_t n) {  // both populations have the regular-spiking parameters
    return cx::population<Name, cx::neuron::Izhikevich>(n,
        "a"_p = 0.02, "b"_p = 0.2, "c"_p = -65.0, "d"_p = 8.0,
        "V"_v = -65.0, "U"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 20.0));
}

template <cx::fixed_string Name, cx::fixed_string Pre, cx::fixed_string Post, class Connectivity>
auto pulse_coupling(double g) {
    return cx::synapses<Name, Pre, Post>(
        cx::sparse(cx::connect<Connectivity>("prob"_p = 0.1)),
        cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = g),
        cx::psm<cx::postsynaptic::DeltaCurr>());
}

int main() {
    using cx::init_sparse::FixedProbability;
    using cx::init_sparse::FixedProbabilityNoAutapse;
    auto net = cx::network(
        izhikevich<"Exc">(8000),
        izhikevich<"Inh">(2000),
        cx::source<"ExcStim", "Exc", cx::current_source::DC>("amp"_p = 4.0),
        cx::source<"InhStim", "Inh", cx::current_source::DC>("amp"_p = 4.0),
        pulse_coupling<"Exc_Exc", "Exc", "Exc", FixedProbabilityNoAutapse>(0.05),
        pulse_coupling<"Exc_Inh", "Exc", "Inh", FixedProbability>(0.05),
        pulse_coupling<"Inh_Inh", "Inh", "Inh", FixedProbabilityNoAutapse>(-0.25),
        pulse_coupling<"Inh_Exc", "Inh", "Exc", FixedProbability>(-0.25));

    auto sim = cx::simulate<cx::cpu>(net, {.dt = 1.0, .seed = 1});
    sim.record_spikes<"Exc">(1000);  // the whole run
    sim.record_spikes<"Inh">(1000);
    sim.run(1000.0);

    // population rate in 10 ms bins, as the tutorial plots it
    std::vector<int> bins(100, 0);
    for (double t : sim.spikes<"Exc">().times) ++bins[std::size_t(t / 10.0)];
    for (double t : sim.spikes<"Inh">().times) ++bins[std::size_t(t / 10.0)];
    for (std::size_t k = 0; k < bins.size(); k += 10)
        std::printf("%4zu ms: %6.1f Hz\n", k * 10, bins[k] / 10000.0 / 0.010);
    std::printf("Exc %zu spikes, Inh %zu spikes\n", sim.spikes<"Exc">().ids.size(), sim.spikes<"Inh">().ids.size());
    return 0;
}
