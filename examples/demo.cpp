// The demo that exists so far: a model written as a C++ type with code strings, checked
// and compiled by the C++ compiler, run over a population of 1000 neurons for one
// second of biological time with a plain host loop, and shown as an ASCII raster.
//
// The network layer and backends (populations, synapses, cx::simulation) replace the
// hand-written loop below; the model type stays exactly as it is.
#include <cortexpr/cortexpr.hpp>
#include <cortexpr/models/model.hpp>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

// An adaptive leaky integrate-and-fire neuron (exact exponential integration of V,
// Euler for the adaptation current A).
struct AdaptiveLIF {
    static constexpr std::string_view name = "AdaptiveLIF";
    static constexpr auto params = cx::params("C", "TauM", "Vrest", "Vreset", "Vthresh", "TauA", "b");
    //                                         [nF] [ms]   [mV]     [mV]      [mV]       [ms]   [nA]
    static constexpr auto derived = cx::derived_params(cx::derive("ExpTC", "exp(-dt / TauM)"));
    static constexpr auto vars = cx::vars("V", "A");  // [mV] [nA]
    static constexpr cx::code sim_code = R"(
        V = Vrest + (V - Vrest) * ExpTC + (Isyn - A) * TauM / C * (1.0 - ExpTC);
        A -= A / TauA * dt;)";
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
    static constexpr cx::code reset_code = "V = Vreset; A += b;";
};

using neuron_program = cx::program_of<AdaptiveLIF, cx::family::neuron, cx::field::sim_code,
                                      cx::field::threshold_condition_code, cx::field::reset_code>;
using derived_program = cx::dsl::program<cx::derived_unit<AdaptiveLIF, 0>>;

// Binds the model's names to this demo's arrays: symbol I of the neuron context is
// found through its group (parameter, derived parameter, variable, built-in) and index.
struct population_env {
    using scalar_type = float;
    using time_type = double;
    static constexpr cx::dsl::context ctx = *cx::model_unit<AdaptiveLIF, cx::family::neuron, cx::field::sim_code>::source.fields[0].ctx;

    float param[7]{};
    float derived[1]{};
    std::vector<float>* var[2]{};
    float isyn = 0;
    double t = 0, dt = 0.1;
    unsigned id = 0, n = 0;

    template <int I>
    decltype(auto) sym() {
        constexpr cx::dsl::symbol s = ctx.symbols[I];
        constexpr auto g = cx::group(s.group);
        if constexpr (g == cx::group::param) return (param[s.index]);
        else if constexpr (g == cx::group::derived) return (derived[s.index]);
        else if constexpr (g == cx::group::var) return ((*var[s.index])[id]);
        else if constexpr (cx::builtin(s.index) == cx::builtin::Isyn) return (isyn);
        else if constexpr (cx::builtin(s.index) == cx::builtin::t || cx::builtin(s.index) == cx::builtin::dt) return (cx::builtin(s.index) == cx::builtin::t ? t : dt);
        else if constexpr (cx::builtin(s.index) == cx::builtin::id) return (id);
        else if constexpr (cx::builtin(s.index) == cx::builtin::num_neurons) return (n);
        else return 0.0;  // batch, st, prev_st: unused by this model
    }
};

// Derived parameters are expressions over the parameters and dt, evaluated once on the
// host in double precision, as in GeNN.
struct derived_env {
    using scalar_type = double;
    using time_type = double;
    double param[7]{};
    double dt = 0.1;
    template <int I>
    double sym() {
        constexpr cx::dsl::symbol s = cx::field_symbols<AdaptiveLIF, cx::family::neuron, cx::field::derived, 0>::ctx.symbols[I];
        if constexpr (cx::group(s.group) == cx::group::param) return param[s.index];
        else return dt;
    }
};

int main() {
    constexpr unsigned n = 1000, steps = 10000;  // 1 s at dt = 0.1 ms
    const double p[7] = {0.25, 20.0, -65.0, -70.0, -50.0, 200.0, 0.02};

    derived_env denv;
    for (int i = 0; i < 7; ++i) denv.param[i] = p[i];
    cx::dsl::frame<derived_program, derived_env> dframe;
    const double exp_tc = cx::dsl::eval<derived_program, derived_program::root(0)>(denv, dframe);

    std::vector<float> V(n, -65.0f), A(n, 0.0f), drive(n);
    std::mt19937 gen(42);
    std::uniform_real_distribution<float> u(0.15f, 0.35f);  // [nA] heterogeneous drive
    for (auto& d : drive) d = u(gen);

    population_env env;
    for (int i = 0; i < 7; ++i) env.param[i] = float(p[i]);
    env.derived[0] = float(exp_tc);
    env.var[0] = &V;
    env.var[1] = &A;
    env.n = n;

    constexpr unsigned shown = 40, columns = 100;  // raster: 40 neurons x 10 ms bins
    std::vector<std::string> raster(shown, std::string(columns, ' '));
    std::size_t spikes = 0;
    for (unsigned step = 0; step < steps; ++step) {
        env.t = step * env.dt;
        for (unsigned i = 0; i < n; ++i) {
            env.id = i;
            env.isyn = drive[i];
            cx::dsl::frame<neuron_program, population_env> locals;
            cx::dsl::run<neuron_program, 0>(env, locals);
            if (cx::dsl::test<neuron_program, 1>(env, locals)) {
                cx::dsl::run<neuron_program, 2>(env, locals);
                ++spikes;
                if (i < shown) raster[i][step * columns / steps] = '|';
            }
        }
    }

    std::printf("cortexpr %d.%d.%d demo: %u AdaptiveLIF neurons, %u steps of 0.1 ms\n",
                CORTEXPR_VERSION_MAJOR, CORTEXPR_VERSION_MINOR, CORTEXPR_VERSION_PATCH, n, steps);
    std::printf("model code compiled at compile time: %u AST nodes, %u local(s); ExpTC = %.10f\n\n",
                neuron_program::code.stats.n_nodes, neuron_program::code.stats.n_slots, exp_tc);
    std::printf("neuron  spikes (each column 10 ms)\n");
    for (unsigned i = 0; i < shown; ++i) std::printf("%6u  %s\n", i, raster[i].c_str());
    std::printf("\nmean rate: %.2f Hz over %u neurons\n", double(spikes) / n, n);
    return spikes > 0 ? 0 : 1;
}
