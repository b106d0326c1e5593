// The demo program (examples/demo.cpp on the CPU, examples/demo_cuda.cu on the GPU): the
// Vogels-Abbott network with a progress report from sim.run(ms, 10, observer), spike files
// (.npy, .csv), populations.csv and summary.txt. See examples/demo.cpp for the arguments
// and the files.
#pragma once
#include <array>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "../networks/vogels_abbott.hpp"
#include "progress.hpp"
#include "spike_files.hpp"

namespace cxdemo {
namespace demo_detail {

struct spike_list {
    std::vector<double> times;       // [ms]
    std::vector<std::uint32_t> ids;
};

// Copies the recorded spikes of steps >= `from` into `out`. The recording buffer holds the
// last `every` steps (circular), and the observer empties it every `every` steps.
template <cx::fixed_string Pop, class Sim>
void collect(Sim& sim, std::uint64_t from, spike_list& out) {
    const auto tr = sim.template spikes<Pop>();
    for (std::size_t k = 0; k < tr.ids.size(); ++k) {
        if (std::uint64_t(std::llround(tr.times[k] / sim.dt())) < from) continue;
        out.times.push_back(tr.times[k]);
        out.ids.push_back(tr.ids[k]);
    }
}

inline void usage(const char* program, std::uint32_t neurons) {
    std::printf("usage: %s [--neurons N=%u] [--time ms=2000] [--threads T=0] [--seed S=1] [--out DIR=out/demo]\n"
                "            [--progress auto|bar|lines|none]\n", program, unsigned(neurons));
}

}  // namespace demo_detail

/// The demo program on `Backend` (cx::cpu, or cx::cuda from <cortexpr/cuda.cuh>):
/// `program` names it in messages, `default_neurons` is the size without --neurons.
template <class Backend>
int demo_main(int argc, char** argv, const char* program, std::uint32_t default_neurons) {
    namespace va = cxnet::vogels_abbott;
    using namespace demo_detail;
    constexpr bool on_cpu = std::is_same_v<Backend, cx::cpu>;
    const cxnet::arguments args(argc, argv);
    try {  // bad numbers in the arguments throw too
        if (args.has("help") || !args.positional.empty()) {
            usage(program, default_neurons);
            return args.has("help") ? 0 : 2;
        }
        const auto n = std::uint32_t(args.get("neurons", double(default_neurons)));
        const double ms = args.get("time", 2000.0);  // [ms] biological time
        const std::filesystem::path dir = args.get("out", std::string("out/demo"));
        const std::string style_name = args.get("progress", std::string("auto"));
        using style = cxdemo::progress::style;
        const style progress_style = style_name == "bar" ? style::bar : style_name == "lines" ? style::lines
                                   : style_name == "none" ? style::none : style::automatic;
        if (n < 5 || !(ms > 0)) {
            std::fprintf(stderr, "%s: need --neurons >= 5 and --time > 0\n", program);
            return 2;
        }

        std::printf("cortexpr %d.%d.%d demo: Vogels-Abbott network, %u LIF neurons, %.0f ms of biological time, %s backend\n",
                    CORTEXPR_VERSION_MAJOR, CORTEXPR_VERSION_MINOR, CORTEXPR_VERSION_PATCH, n, ms, on_cpu ? "CPU" : "CUDA");

        // Build: the network description (sizes, parameters, initialisers) ...
        cxnet::stopwatch clock;
        // The default p = 0.1·4000/N (in-degree 400) reaches 1 at N <= 400, where
        // FixedProbabilityNoAutapse never ends a row (every jump is 1 and lands on id_pre
        // again, as in GeNN); small networks get p = 0.99 and the weights rescaled instead.
        const double prob = va::default_prob(n) < 0.99 ? 0.0 : 0.99;
        auto net = cxnet::make_vogels_abbott(n, prob);
        const double build_s = clock.seconds();
        // ... then allocation and initialisation: connectivity, weights, state.
        cx::options opt;
        opt.dt = va::dt;
        opt.seed = std::uint64_t(args.get("seed", 1.0));
        opt.threads = int(args.get("threads", 0.0));
        opt.timing = true;  // sim.timers(): seconds per phase
        clock.restart();
        auto sim = cx::simulate<Backend>(std::move(net), opt);
        const double init_s = clock.seconds();
        const std::uint64_t synapses = cxnet::total_synapses(sim);
        const auto sizes = va::populations::sizes(sim);
        const std::string where = on_cpu ? std::to_string(sim.engine().threads()) + " thread(s) on the CPU" : "on the GPU";
        std::printf("%u E + %u I neurons, p = %.4g, %llu synapses, dt = %.1f ms, %s; built in %.3f s, initialised in %.3f s\n",
                    sizes[0], sizes[1], prob > 0 ? prob : va::default_prob(n), (unsigned long long)synapses, sim.dt(),
                    where.c_str(), build_s, init_s);

        // Run, with an observer every 10 steps (10 ms): it empties the spike recordings
        // (10 steps deep) and redraws the progress report.
        constexpr std::uint64_t every = 10;
        sim.template record_spikes<"E">(every);
        sim.template record_spikes<"I">(every);
        std::array<spike_list, 2> spikes;
        std::uint64_t collected = 0;  // steps whose spikes are in `spikes`
        const auto drain = [&] {
            collect<"E">(sim, collected, spikes[0]);
            collect<"I">(sim, collected, spikes[1]);
            collected = sim.timestep();
        };
        const std::uint64_t total = std::uint64_t(std::llround(ms / sim.dt()));
        cxdemo::progress report(total, sim.dt(), progress_style);
        clock.restart();
        const std::uint64_t done = sim.run(ms, every, [&](auto&) {
            drain();
            report.update(sim.timestep());
        });
        drain();  // the last steps, when `every` does not divide the run
        const double sim_s = clock.seconds();
        report.finish(done);

        // Results.
        const double sim_ms = double(done) * sim.dt();
        std::array<double, 2> rates{};
        for (std::size_t p = 0; p < 2; ++p) rates[p] = double(spikes[p].ids.size()) / sizes[p] / (sim_ms * 1e-3);

        clock.restart();
        std::filesystem::create_directories(dir);
        for (std::size_t p = 0; p < 2; ++p) {
            const std::string name(va::populations::names[p]);
            cxdemo::write_npy(dir / (name + "_times.npy"), spikes[p].times);
            cxdemo::write_npy(dir / (name + "_ids.npy"), spikes[p].ids);
            cxdemo::write_spikes_csv(dir / (name + "_spikes.csv"), spikes[p].times, spikes[p].ids);
        }
        if (std::FILE* f = std::fopen((dir / "populations.csv").c_str(), "w")) {
            std::fprintf(f, "name,neurons,spikes,rate_hz\n");
            for (std::size_t p = 0; p < 2; ++p)
                std::fprintf(f, "%.*s,%u,%zu,%.6f\n", int(va::populations::names[p].size()), va::populations::names[p].data(),
                             sizes[p], spikes[p].ids.size(), rates[p]);
            std::fclose(f);
        } else {
            throw std::runtime_error("cannot write " + (dir / "populations.csv").string());
        }
        const double write_s = clock.seconds();

        // The summary, on stdout and in summary.txt.
        const cx::phase_times& ph = sim.timers();
        std::string text;
        using cxdemo::append_format;  // printf into a string, format checked by the compiler
        append_format(text, "cortexpr %d.%d.%d demo: Vogels-Abbott (CUBA) network, %u LIF neurons, %s\n",
                      CORTEXPR_VERSION_MAJOR, CORTEXPR_VERSION_MINOR, CORTEXPR_VERSION_PATCH, n, where.c_str());
        append_format(text, "neurons      %u\n", n);
        append_format(text, "p            %.4g\n", prob > 0 ? prob : va::default_prob(n));
        append_format(text, "synapses     %llu\n", (unsigned long long)synapses);
        append_format(text, "dt           %.3g ms\n", sim.dt());
        append_format(text, "simulated    %.1f ms (%llu steps)\n", sim_ms, (unsigned long long)done);
        append_format(text, "backend      %s\n", where.c_str());
        append_format(text, "seed         %llu\n", (unsigned long long)opt.seed);
        append_format(text, "peak memory  %.1f MiB (host, resident)\n\n", double(cxnet::peak_rss_bytes()) / (1024.0 * 1024.0));
        append_format(text, "population  neurons   spikes  rate [Hz]\n");
        for (std::size_t p = 0; p < 2; ++p)
            append_format(text, "%-10.*s %8u %8zu %10.3f\n", int(va::populations::names[p].size()),
                          va::populations::names[p].data(), sizes[p], spikes[p].ids.size(), rates[p]);
        append_format(text, "\nwall time [s]\n");
        append_format(text, "build               %8.4f  network description\n", build_s);
        append_format(text, "initialisation      %8.4f  allocation, connectivity, variables\n", init_s);
        append_format(text, "simulation          %8.4f  %.4f s per biological second, %.0f steps/s\n", sim_s,
                      sim_ms > 0 ? sim_s / (sim_ms * 1e-3) : 0.0, sim_s > 0 ? double(done) / sim_s : 0.0);
        append_format(text, "output              %8.4f  spike files\n", write_s);
        append_format(text, "\ntime per phase [s] (options::timing)\n");
        append_format(text, "neuron_update       %8.4f\n", ph.neuron_update);
        append_format(text, "presynaptic_update  %8.4f\n", ph.presynaptic_update);
        append_format(text, "postsynaptic_update %8.4f\n", ph.postsynaptic_update);
        append_format(text, "synapse_dynamics    %8.4f\n", ph.synapse_dynamics);
        append_format(text, "init                %8.4f\n", ph.init);
        append_format(text, "init_sparse         %8.4f\n", ph.init_sparse);
        if (std::FILE* f = std::fopen((dir / "summary.txt").c_str(), "w")) {
            std::fputs(text.c_str(), f);
            std::fclose(f);
        } else {
            throw std::runtime_error("cannot write " + (dir / "summary.txt").string());
        }
        std::printf("\n%s\nwrote %s/{E,I}_times.npy, {E,I}_ids.npy, {E,I}_spikes.csv, populations.csv, summary.txt\n",
                    text.c_str(), dir.c_str());
        return spikes[0].ids.empty() && spikes[1].ids.empty() ? 1 : 0;
    } catch (const cx::error& e) {
        std::fprintf(stderr, "%s: %s\n", program, e.what());
    } catch (const std::invalid_argument& e) {  // std::stod on an argument
        std::fprintf(stderr, "%s: an argument is not a number (%s)\n", program, e.what());
        usage(program, default_neurons);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", program, e.what());
    }
    return 1;
}

}  // namespace cxdemo
