// cortexpr inside a larger C++ program: a class that owns a simulation and exposes a
// plain interface (inputs in, rates out), so the rest of the program never sees the
// network's type. Build the network in a function returning auto; name the simulation's
// type with decltype.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>
#include <vector>

using namespace cx::literals;

//! begin class
namespace detail {
inline auto make_network(std::uint32_t n) {
    return cx::network(
        cx::population<"Cells", cx::neuron::LIF>(n,
            "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0, "V"_v = -65.0, "RefracTime"_v = 0.0),
        cx::source<"Input", "Cells", cx::current_source::DC>("amp"_p = 0.0));
}
using simulation_t = decltype(cx::simulate<cx::cpu>(make_network(1)));
}  // namespace detail

class Reservoir {
public:
    explicit Reservoir(std::uint32_t n) : n_(n), sim_(cx::simulate<cx::cpu>(detail::make_network(n), {.dt = 0.1, .threads = 1})) {}

    /// Drives every cell with `amp` nA for `ms` and returns the mean rate [Hz].
    double drive(double amp, double ms) {
        sim_.set_param<"Input", "amp">(amp);
        std::size_t spikes = 0;
        sim_.run(ms, 1, [&](detail::simulation_t& s) { spikes += s.current_spikes<"Cells">().size(); });
        return double(spikes) / n_ / (ms * 1e-3);
    }

private:
    std::uint32_t n_;
    detail::simulation_t sim_;
};
//! end class

int main() {
    Reservoir r(100);
    for (double amp : {0.2, 0.4, 0.8}) std::printf("%.1f nA -> %.1f Hz\n", amp, r.drive(amp, 200.0));
    return 0;
}
