// Running a simulation and reading its results: step and run, the run observer,
// recording, variable views with pull/push, synapse values, extra global parameters,
// dynamic parameters, timers, checkpoints, options and errors.
// docs/guide/running.md explains each part.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>
#include <filesystem>
#include <numeric>
#include <vector>

using namespace cx::literals;

auto make_network() {
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(100, "rate"_p = 20.0, "timeStepToSpike"_v = 0.0),
        // replays given spike times: neuron i fires at spikeTimes[startSpike .. endSpike)
        cx::population<"Cue", cx::neuron::SpikeSourceArray>(3, "startSpike"_v = 0.0, "endSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(400,
            "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -55.0), "RefracTime"_v = 0.0),
        cx::source<"Bias", "Exc", cx::current_source::DC>("amp"_p = 0.0),
        cx::synapses<"InExc", "In", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.01,
                                            "Aminus"_p = 0.012, "Wmin"_p = 0.0, "Wmax"_p = 1.0, "g"_v = 0.5),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        cx::synapses<"CueExc", "Cue", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.5)),
            cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = 2.0),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
}

int main() {
    try {
        //! begin create
        cx::options opt{.dt = 0.1, .seed = 1, .threads = 1, .timing = true};
        auto sim = cx::simulate<cx::cpu>(make_network(), opt);  // float state, double time
        //! end create

        //! begin egp
        // Extra global parameters: set_egp allocates, fills and pushes in one call ...
        sim.set_egp<"Cue", "spikeTimes">(std::vector<double>{10.0, 20.0, 15.0});  // [ms]
        // ... egp_allocate<..>(n) returns a view to fill (then push()); egp<..>() reads it back.
        // Neuron 0 fires at 10 and 20 ms, neuron 1 at 15 ms, neuron 2 never:
        auto start = sim.var<"Cue", "startSpike">();
        auto end = sim.var<"Cue", "endSpike">();
        const unsigned first[] = {0, 2, 3}, last[] = {2, 3, 3};
        for (int i = 0; i < 3; ++i) start[i] = first[i], end[i] = last[i];
        start.push();
        end.push();
        //! end egp

        //! begin record
        sim.record_spikes<"Exc">(5000);  // a circular buffer of the last 5000 steps
        sim.step();                      // one step
        sim.run(99.9);                   // [ms], rounded to whole steps: now t = 100 ms
        const auto tr = sim.spikes<"Exc">();  // tr.times [ms], tr.ids; time order
        std::printf("t = %.1f ms (step %llu): %zu Exc spikes\n", double(sim.t()),
                    (unsigned long long)sim.timestep(), tr.ids.size());
        //! end record

        //! begin observer
        // Every 10 steps (1 ms): read this step's spikes, adjust a dynamic parameter, and
        // stop early if the population runs away. Returns the number of steps run.
        double amp = 0.0;
        const std::uint64_t steps = sim.run(400.0, 10, [&](decltype(sim)& s) {
            const std::size_t n = s.current_spikes<"Exc">().size();  // spikes of the last step
            amp += n < 2 ? 0.001 : -0.001;                            // [nA]
            s.set_param<"Bias", "amp">(amp);
            return s.t() < 450.0;  // false stops the run
        });
        std::printf("observer run: %llu steps, Bias.amp = %.3f nA\n", (unsigned long long)steps, amp);
        //! end observer

        //! begin views
        auto v = sim.var<"Exc", "V">();  // std::span<float> over [batch][neuron]
        v.pull();                        // device -> host (a no-op on the CPU)
        const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        v[0] = -70.0f;                   // write ...
        v.push();                        // ... and send it back (a no-op on the CPU)
        auto first_entry = v.batch(0);   // the elements of batch entry 0
        std::printf("mean V %.2f mV over %zu neurons\n", mean, first_entry.size());

        const auto w = sim.synapse_values<"InExc", "g">();  // {pre, post, value} per synapse
        double wsum = 0;
        for (const auto& s : w) wsum += s.value;
        std::printf("InExc: %zu synapses (%zu pairs), mean g %.4f\n", sim.synapse_count<"InExc">(),
                    sim.connections<"InExc">().size(), wsum / double(w.size()));
        //! end views

        //! begin timers
        const cx::phase_times& ph = sim.timers();  // cumulative seconds (options::timing)
        std::printf("neurons %.4f s, presynaptic %.4f s, postsynaptic %.4f s, init %.4f s\n", ph.neuron_update,
                    ph.presynaptic_update, ph.postsynaptic_update, ph.init);
        //! end timers

        //! begin checkpoint
        const std::string path = (std::filesystem::temp_directory_path() / "guide_running.cxck").string();
        sim.save_checkpoint(path);
        sim.run(50.0);
        const std::size_t a = sim.spikes<"Exc">().ids.size();
        sim.load_checkpoint(path);  // back to the saved state, time and recording
        sim.run(50.0);
        const std::size_t b = sim.spikes<"Exc">().ids.size();
        std::printf("after the checkpoint: %zu and %zu recorded spikes (identical runs)\n", a, b);
        std::filesystem::remove(path);
        //! end checkpoint

        //! begin errors
        try {
            sim.spikes<"In">();  // "In" was never recorded
        } catch (const cx::error& e) {
            std::printf("cx::error: group '%s', field '%s': %s\n", e.group().c_str(), e.field().c_str(), e.what());
        }
        //! end errors
        return a == b ? 0 : 1;
    } catch (const cx::error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
