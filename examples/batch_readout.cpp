// A readout trained in batches with custom updates, as ml_genn trains networks: 16 batch
// entries see 16 different noisy samples at once, a custom update computes each output's
// error, the synapses turn it into a per-entry gradient, and an optimiser made of two
// custom updates sums the gradients over the batch entries (access::reduce_batch_sum) and
// steps the weights the entries share. The task: tell two noisy firing-rate patterns of 20
// Poisson inputs apart. Prints the test accuracy before and after training.
//
//   batch_readout [iterations]        (default 40; tests/examples runs 25)
#include <cortexpr/cortexpr.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace cx = cortexpr;
using namespace cx::literals;

// Poisson input whose rate [Hz] the host sets per batch entry; counts its spikes.
struct RateInput {
    static constexpr std::string_view name = "RateInput";
    static constexpr auto vars = cx::vars("rate", "count");
    static constexpr cx::code sim_code = "const scalar u = gennrand_uniform();";
    static constexpr cx::code threshold_condition_code = "u < rate * dt * 0.001";
    static constexpr cx::code reset_code = "count += 1.0;";
};
// Sums its input over a trial; err is written by the Error custom update.
struct Integrator {
    static constexpr std::string_view name = "Integrator";
    static constexpr auto vars = cx::vars("V", "target", "err");
    static constexpr cx::code sim_code = "V += Isyn;";
    static constexpr cx::code threshold_condition_code = "false";
};
// Weights shared by the batch entries; the gradient of each entry's squared error,
// count_pre * err_post, is formed by the synapses themselves.
struct Readout {
    static constexpr std::string_view name = "Readout";
    static constexpr auto vars = cx::vars(cx::var("g", "scalar", cx::access::read_only), "grad");
    static constexpr auto pre_neuron_var_refs = cx::var_refs(cx::var_ref("count_pre"));
    static constexpr auto post_neuron_var_refs = cx::var_refs(cx::var_ref("err_post"));
    static constexpr cx::code pre_spike_syn_code = "addToPost(g);";
    static constexpr cx::code synapse_dynamics_code = "grad = count_pre * err_post;";
};

// ---- custom updates ------------------------------------------------------------------
struct Zero {
    static constexpr std::string_view name = "Zero";
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("x", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "x = 0.0;";
};
struct Error {
    static constexpr std::string_view name = "Error";
    static constexpr auto params = cx::params("scale");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("V", "scalar", cx::access::read_only),
                                                  cx::var_ref("target", "scalar", cx::access::read_only),
                                                  cx::var_ref("err", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "err = target - V * scale;";
};
// the optimiser: the batch sum of the gradients (one value per synapse) ...
struct SumGradient {
    static constexpr std::string_view name = "SumGradient";
    static constexpr auto vars = cx::vars(cx::var("sum", "scalar", cx::access::reduce_batch_sum));
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("grad", "scalar", cx::access::read_only));
    static constexpr cx::code update_code = "sum = grad;";
};
// ... and the step on the shared weights, with momentum
struct Step {
    static constexpr std::string_view name = "Step";
    static constexpr auto params = cx::params("lr", "momentum");
    static constexpr auto vars = cx::vars("velocity");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("sum", "scalar", cx::access::read_only),
                                                  cx::var_ref("g", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "velocity = momentum * velocity + lr * sum / num_batch;\ng += velocity;";
};

int main(int argc, char** argv) {
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 40;
    constexpr std::uint32_t inputs = 20, classes = 2, batch = 16;
    constexpr double trial_ms = 200.0;
    auto net = cx::network(
        cx::population<"In", RateInput>(inputs, "rate"_v = 0.0, "count"_v = 0.0),
        cx::population<"Out", Integrator>(classes, "V"_v = 0.0, "target"_v = 0.0, "err"_v = 0.0),
        cx::synapses<"W", "In", "Out">(cx::dense(), cx::wu<Readout>("g"_v = 0.0, "grad"_v = 0.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::update<"ZeroCount", "Reset", Zero>("x"_r = cx::ref<"In", "count">),
        cx::update<"ZeroV", "Reset", Zero>("x"_r = cx::ref<"Out", "V">),
        cx::update<"Silence", "Error", Zero>("x"_r = cx::ref<"In", "rate">),
        cx::update<"Err", "Error", Error>("scale"_p = 0.1, "V"_r = cx::ref<"Out", "V">, "target"_r = cx::ref<"Out", "target">,
                                          "err"_r = cx::ref<"Out", "err">),
        cx::update<"Sum", "Optimise", SumGradient>("sum"_v = 0.0, "grad"_r = cx::ref<"W", "grad">),
        cx::update<"Step", "Optimise", Step>("lr"_p = 0.002, "momentum"_p = 0.5, "velocity"_v = 0.0,
                                             "sum"_r = cx::ref<"Sum", "sum">, "g"_r = cx::ref<"W", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 1.0, .seed = 1, .batch = batch});

    // two prototypes: each input is fast (40 Hz) in one class and slow (10 Hz) in the other,
    // or alike in both; samples add uniform noise of +-15 Hz
    std::mt19937 gen(7);
    std::vector<std::vector<double>> proto(classes, std::vector<double>(inputs));
    for (std::uint32_t i = 0; i < inputs; ++i) {
        const int kind = int(gen() % 3);
        proto[0][i] = kind == 0 ? 40.0 : kind == 1 ? 10.0 : 25.0;
        proto[1][i] = kind == 0 ? 10.0 : kind == 1 ? 40.0 : 25.0;
    }
    std::uniform_real_distribution<double> noise(-15.0, 15.0);
    // one batch of samples: rates and targets in place, labels returned
    auto present = [&](std::mt19937& g) {
        auto rate = sim.var<"In", "rate">();
        auto target = sim.var<"Out", "target">();
        std::vector<std::uint32_t> labels(batch);
        for (std::uint32_t b = 0; b < batch; ++b) {
            labels[b] = std::uint32_t(g() % classes);
            for (std::uint32_t i = 0; i < inputs; ++i) rate.batch(b)[i] = float(std::max(0.0, proto[labels[b]][i] + noise(g)));
            for (std::uint32_t c = 0; c < classes; ++c) target.batch(b)[c] = c == labels[b] ? 1.0f : 0.0f;
        }
        rate.push();
        target.push();
        sim.custom_update("Reset");
        sim.run(trial_ms);
        return labels;
    };
    auto accuracy = [&] {
        std::mt19937 g(99);  // the same test samples every time
        int right = 0, total = 0;
        for (int k = 0; k < 8; ++k) {
            const auto labels = present(g);
            auto v = sim.var<"Out", "V">();
            v.pull();
            for (std::uint32_t b = 0; b < batch; ++b, ++total) right += (v.batch(b)[1] > v.batch(b)[0] ? 1u : 0u) == labels[b];
        }
        return double(right) / total;
    };

    const double before = accuracy();
    for (int it = 0; it < iterations; ++it) {
        present(gen);
        sim.custom_update("Error");     // err = target - scale * V; inputs silenced
        sim.step();                     // the synapses form grad = count_pre * err_post
        sim.custom_update("Optimise");  // sum over the 16 entries, then the step on g
    }
    const double after = accuracy();
    std::printf("batch_readout: %d iterations of %u samples\n", iterations, batch);
    std::printf("test accuracy before training: %.3f\n", before);
    std::printf("test accuracy after training: %.3f\n", after);
    return after >= 0.9 ? 0 : 1;
}
