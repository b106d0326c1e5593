// A closed loop: a controller outside the network reads the spikes of a population
// every millisecond and sets the amplitude of a current source, holding the population's
// rate at a target while a disturbance switches on.
//
//   closed_loop [--target Hz=20] [--time ms=2000] [--disturbance nA=-0.2] [--seed S=1]
//               [--tolerance r=0.1] [--out DIR]
//
// Network (dt = 0.1 ms): 500 LIF neurons "Exc" receive Poisson background from 200
// "Noise" neurons (10 Hz, p = 0.1, ExpCurr), a DC source "Drive" whose amp the controller
// sets, and a DC source "Load" that is 0 until half-time and then `--disturbance` nA
// (an inhibitory current the controller must compensate).
//
// The loop: sim.run(ms, 10, observer) calls the observer after every 10 steps (1 ms).
// It counts the spikes of those 10 steps (a 10-step circular recording), smooths the
// rate with a 10 ms exponential filter, updates a PI controller and writes the new
// amplitude with sim.set_param<"Drive", "amp">(). The observer returns false to stop the
// run if the rate runs away (it never does here; it shows the early stop).
//
// Prints the rate and amplitude every 100 ms and the mean rate over the last 40 % of each
// half (settled windows); exits with 1 if either differs from the target by more than
// `--tolerance` (relative). With --out DIR, writes DIR/closed_loop.csv (t_ms, rate_hz,
// filtered_hz, amp_na every millisecond).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "networks/common.hpp"

namespace {

constexpr std::uint32_t n_exc = 500;  // neurons in the controlled population

auto make_network() {
    using namespace cx::literals;
    return cx::network(
        cx::population<"Noise", cx::neuron::Poisson>(200, "rate"_p = 10.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(
            n_exc, "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -70.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::source<"Drive", "Exc", cx::current_source::DC>("amp"_p = 0.0),  // [nA] set by the controller
        cx::source<"Load", "Exc", cx::current_source::DC>("amp"_p = 0.0),   // [nA] the disturbance
        cx::synapses<"NoiseExc", "Noise", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = 0.1),  // [nA] peak
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)));                // [ms]
}

// A PI controller on the smoothed population rate.
struct rate_controller {
    double target;             // [Hz]
    double kp = 0.004;         // [nA/Hz] proportional gain
    double ki = 0.15;          // [nA/(Hz s)] integral gain
    double tau_filter = 10.0;  // [ms] rate smoothing
    double filtered = 0.0;     // [Hz]
    double integral = 0.0;     // [nA]

    /// New drive [nA] after `rate` [Hz] was measured over the last `ms`.
    double update(double rate, double ms) {
        filtered += (rate - filtered) * (1.0 - std::exp(-ms / tau_filter));
        const double error = target - filtered;
        integral += ki * error * ms * 1e-3;
        return std::max(0.0, kp * error + integral);  // the drive only excites
    }
};

}  // namespace

int main(int argc, char** argv) {
    const cxnet::arguments args(argc, argv);
    try {  // std::stod throws on a non-numeric argument
        const double target = args.get("target", 20.0);            // [Hz]
        const double ms = args.get("time", 2000.0);                // [ms]
        const double disturbance = args.get("disturbance", -0.2);  // [nA]
        const double tolerance = args.get("tolerance", 0.1);       // relative
        const std::string out = args.get("out", std::string());

        cx::options opt;
        opt.dt = 0.1;
        opt.seed = std::uint64_t(args.get("seed", 1.0));
        opt.threads = 1;  // 500 neurons: one thread is fastest
        auto sim = cx::simulate<cx::cpu>(make_network(), opt);
        const std::uint32_t n = n_exc;

        constexpr std::uint64_t every = 10;  // steps between observer calls: 1 ms
        const double window = every * sim.dt();  // [ms]
        sim.record_spikes<"Exc">(every);   // exactly the steps since the last call

        rate_controller pi{.target = target};
        struct sample { double t, rate, filtered, amp; };
        std::vector<sample> trace;
        const double t_switch = 0.5 * ms;  // [ms] the disturbance starts
        bool switched = false;
        double amp = 0.0;
        std::uint64_t spikes_100ms = 0;

        std::printf("closed loop: %u LIF neurons, target %.1f Hz, Load %.3f nA from %.0f ms\n", n, target, disturbance,
                    t_switch);
        std::printf("%8s %10s %10s\n", "t [ms]", "rate [Hz]", "amp [nA]");
        cxnet::stopwatch clock;
        const std::uint64_t steps = sim.run(ms, every, [&](auto& s) -> bool {
            const std::size_t count = s.template spikes<"Exc">().ids.size();  // spikes in the last 1 ms
            const double rate = double(count) / n / (window * 1e-3);         // [Hz]
            amp = pi.update(rate, window);
            s.template set_param<"Drive", "amp">(amp);
            if (!switched && s.t() >= t_switch - 1e-9) {
                s.template set_param<"Load", "amp">(disturbance);
                switched = true;
            }
            trace.push_back({double(s.t()), rate, pi.filtered, amp});
            spikes_100ms += count;
            if (trace.size() % 100 == 0) {
                std::printf("%8.0f %10.2f %10.4f\n", double(s.t()), double(spikes_100ms) / n / 0.1, amp);
                spikes_100ms = 0;
            }
            return pi.filtered < 500.0;  // stop if the rate runs away
        });
        const double run_s = clock.seconds();

        // Settled windows: the last 40 % of each half.
        auto mean_rate = [&](double from, double to) {
            double sum = 0;
            std::size_t k = 0;
            for (const sample& x : trace)
                if (x.t > from && x.t <= to) sum += x.rate, ++k;
            return k ? sum / double(k) : 0.0;
        };
        const double before = mean_rate(0.3 * ms, t_switch), after = mean_rate(0.8 * ms, ms);
        auto within = [&](double r) { return std::abs(r - target) <= tolerance * target; };
        std::printf("settled rate before the disturbance (%.0f-%.0f ms): %.2f Hz\n", 0.3 * ms, t_switch, before);
        std::printf("settled rate after the disturbance (%.0f-%.0f ms): %.2f Hz\n", 0.8 * ms, ms, after);
        std::printf("target %.2f Hz +- %.0f %%: %s; %llu steps in %.3f s\n", target, 100 * tolerance,
                    within(before) && within(after) ? "reached" : "NOT reached", (unsigned long long)steps, run_s);

        if (!out.empty()) {
            std::filesystem::create_directories(out);
            const auto file = std::filesystem::path(out) / "closed_loop.csv";
            std::FILE* f = std::fopen(file.c_str(), "w");
            if (!f) throw std::runtime_error("cannot write " + file.string());
            std::fprintf(f, "t_ms,rate_hz,filtered_hz,amp_na\n");
            for (const sample& x : trace) std::fprintf(f, "%.1f,%.3f,%.3f,%.6f\n", x.t, x.rate, x.filtered, x.amp);
            std::fclose(f);
            std::printf("wrote %s\n", file.c_str());
        }
        return within(before) && within(after) && steps == std::uint64_t(std::llround(ms / sim.dt())) ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "closed_loop: %s\n", e.what());
        return 1;
    }
}
