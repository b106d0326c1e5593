// Four Izhikevich neurons in four firing regimes (docs/example-networks.md (a)): regular
// spiking, fast spiking, chattering and intrinsically bursting, under the same 10 nA DC
// input, 200 ms at dt = 0.1 ms.
//
//   izhikevich_regimes [output-dir=./out]
//
// Writes <output-dir>/izhikevich_regimes_v.csv (t and V of each neuron after every step;
// spikes show as V = 30 mV, the model's clip) and prints each regime's rate, build and
// simulation wall times.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "networks/izhikevich.hpp"

int main(int argc, char** argv) {
    namespace reg = cxnet::izhikevich_regimes;
    const cxnet::arguments args(argc, argv);
    const std::filesystem::path dir = args.positional.empty() ? args.get("out", std::string("out")) : args.positional[0];

    try {
        cx::options opt;
        opt.dt = reg::dt;
        opt.seed = 1;
        opt.threads = 1;  // four neurons
        cxnet::stopwatch build;
        auto sim = cx::simulate<cx::cpu>(cxnet::make_izhikevich_regimes(), opt);
        reg::set_regimes(sim);
        const double build_s = build.seconds();

        const auto steps = std::uint64_t(std::llround(reg::duration / reg::dt));
        std::vector<float> trace;  // [step][neuron]
        trace.reserve(steps * 4);
        std::array<std::uint64_t, 4> spikes{};
        cxnet::stopwatch run;
        for (std::uint64_t k = 0; k < steps; ++k) {
            sim.step();
            auto v = sim.var<"Neurons", "V">();
            v.pull();
            trace.insert(trace.end(), v.begin(), v.end());
            for (auto id : sim.current_spikes<"Neurons">()) ++spikes[id];
        }
        const double run_s = run.seconds();

        std::filesystem::create_directories(dir);
        const auto file = dir / "izhikevich_regimes_v.csv";
        std::FILE* f = std::fopen(file.c_str(), "w");
        if (!f) {
            std::fprintf(stderr, "error: cannot write %s\n", file.c_str());
            return 1;
        }
        std::fprintf(f, "t_ms,V_RS,V_FS,V_CH,V_IB\n");
        // V after step k is the state at t = (k + 1)·dt
        for (std::uint64_t k = 0; k < steps; ++k)
            std::fprintf(f, "%.1f,%.6g,%.6g,%.6g,%.6g\n", double(k + 1) * reg::dt, trace[4 * k], trace[4 * k + 1],
                         trace[4 * k + 2], trace[4 * k + 3]);
        std::fclose(f);

        std::printf("Izhikevich regimes: 4 neurons, DC 10 nA, %.0f ms at dt = %.1f ms\n", reg::duration, reg::dt);
        std::printf("%-8s %8s %10s\n", "neuron", "spikes", "rate [Hz]");
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            std::printf("%zu %-6s %8llu %10.1f\n", i, reg::regime[i], (unsigned long long)spikes[i],
                        double(spikes[i]) / (reg::duration * 1e-3));
            total += spikes[i];
        }
        std::printf("%-8s %8llu %10.1f  (population mean)\n", "Neurons", (unsigned long long)total,
                    double(total) / 4.0 / (reg::duration * 1e-3));
        std::printf("V traces: %s\n", file.c_str());
        std::printf("build %.4f s, simulation %.4f s\n", build_s, run_s);
    } catch (const cx::error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
