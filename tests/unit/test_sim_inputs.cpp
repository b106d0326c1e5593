// Input shapes of the postsynaptic models (DeltaCurr, ExpCurr, ExpCond) and the current
// sources (DC, GaussianNoise, PoissonExp) on the CPU backend, against the step order
// (docs/api-quickref.md, "Semantics") and the models' equations. A probe neuron copies Isyn into a variable every step, so the input
// of each step can be read directly; a SpikeSourceArray emits a single presynaptic spike.
//
// One network type holds every case; sizes and parameters are run-time values.
#include <catch2/catch.hpp>

#include <cmath>
#include <cortexpr/cortexpr.hpp>
#include <cstdint>
#include <vector>

using namespace cx::literals;

namespace probe_models {
/// Exposes its input: I is this step's Isyn. V counts the steps (+1 per step, after the
/// inputs were computed), so a PSM that reads V sees the start-of-step value V0 + n.
/// No threshold: it never spikes.
struct Probe {
    static constexpr std::string_view name = "Probe";
    static constexpr auto vars = cortexpr::vars("V", "I");
    static constexpr cortexpr::code sim_code =
        "I = Isyn;\n"
        "V += 1.0;\n";
};
}  // namespace probe_models

namespace {

struct config {
    double spike_time = 0.25;  // emitted in step 3 at dt 0.1
    double w = 0.7;            // StaticPulse weight
    double tau_curr = 2.0, tau_cond = 3.0, E = 10.0, probe_v0 = -60.0;
    double dc = 0.37;
    double gn_mean = 0.2, gn_sd = 1.5;
    double pe_weight = 0.5, pe_tau = 2.0, pe_rate = 100.0;
    std::uint32_t n_noise = 1000;
};

auto make_net(const config& c) {
    auto probe = [&]<cx::fixed_string Name>(std::uint32_t n) {
        return cx::population<Name, probe_models::Probe>(n, "V"_v = c.probe_v0, "I"_v = 0.0);
    };
    return cx::network(
        cx::population<"Src", cx::neuron::SpikeSourceArray>(1, "startSpike"_v = 0.0, "endSpike"_v = 1.0,
                                                            "spikeTimes"_e = std::vector<double>{c.spike_time}),
        probe.template operator()<"Delta">(1), probe.template operator()<"Exp">(1),
        probe.template operator()<"Cond">(1), probe.template operator()<"DCProbe">(1),
        probe.template operator()<"Noise">(c.n_noise), probe.template operator()<"PExp">(c.n_noise),
        cx::synapses<"SrcDelta", "Src", "Delta">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = c.w),
                                                 cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"SrcExp", "Src", "Exp">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = c.w),
                                             cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = c.tau_curr)),
        cx::synapses<"SrcCond", "Src", "Cond">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = c.w),
                                               cx::psm<cx::postsynaptic::ExpCond>("tau"_p = c.tau_cond, "E"_p = c.E)),
        cx::source<"DCIn", "DCProbe", cx::current_source::DC>("amp"_p = c.dc),
        cx::source<"NoiseIn", "Noise", cx::current_source::GaussianNoise>("mean"_p = c.gn_mean, "sd"_p = c.gn_sd),
        cx::source<"PExpIn", "PExp", cx::current_source::PoissonExp>("weight"_p = c.pe_weight, "tauSyn"_p = c.pe_tau,
                                                                     "rate"_p = c.pe_rate, "current"_v = 0.0));
}

auto make_sim(const config& c, double dt, std::uint64_t seed = 7) {
    cx::options o;
    o.dt = dt;
    o.seed = seed;
    o.threads = 1;
    return cx::simulate<cx::cpu, double>(make_net(c), o);
}

}  // namespace

TEST_CASE("Postsynaptic models: one spike arrives one step after emission, then decays", "[sim][psm]") {
    const config c;
    const double dt = 0.1;
    auto sim = make_sim(c, dt);
    // the spike time 0.25 fires in step 3 (first n with n·dt >= 0.25); its input is in step 4
    const int emit = 3, arrive = emit + 1;
    const double expDecayCurr = std::exp(-dt / c.tau_curr), init = c.tau_curr / dt * (1 - expDecayCurr);
    const double expDecayCond = std::exp(-dt / c.tau_cond);
    std::vector<double> delta, exp_curr, cond;
    for (int n = 0; n < 60; ++n) {
        sim.step();
        if (n == emit) REQUIRE(sim.current_spikes<"Src">().size() == 1);
        else REQUIRE(sim.current_spikes<"Src">().empty());
        delta.push_back(sim.var<"Delta", "I">()[0]);
        exp_curr.push_back(sim.var<"Exp", "I">()[0]);
        cond.push_back(sim.var<"Cond", "I">()[0]);
    }
    for (int n = 0; n < 60; ++n) {
        INFO("step " << n);
        if (n < arrive) {
            CHECK(delta[n] == 0.0);
            CHECK(exp_curr[n] == 0.0);
            CHECK(cond[n] == 0.0);
            continue;
        }
        const int j = n - arrive;
        // DeltaCurr: the weight for exactly one step
        CHECK(delta[n] == Approx(j == 0 ? c.w : 0.0).margin(1e-15));
        // ExpCurr: init·w in the arrival step, then ×expDecay per step
        CHECK(exp_curr[n] == Approx(init * c.w * std::pow(expDecayCurr, j)).epsilon(1e-12));
        // ExpCond: conductance w·expDecay^j times (E − V at the start of the step); the
        // probe's V at the start of step n is V0 + n
        const double v_start = c.probe_v0 + n;
        CHECK(cond[n] == Approx(c.w * std::pow(expDecayCond, j) * (c.E - v_start)).epsilon(1e-12));
    }
    // ExpCurr's normalisation: the charge init·w·dt·Σ expDecay^j equals w·tau
    CHECK(init * c.w * dt / (1 - expDecayCurr) == Approx(c.w * c.tau_curr).epsilon(1e-12));
}

TEST_CASE("DC current source: a constant Isyn", "[sim][current_source]") {
    config c;
    c.n_noise = 1;
    auto sim = make_sim(c, 0.1);
    for (int n = 0; n < 20; ++n) {
        sim.step();
        REQUIRE(sim.var<"DCProbe", "I">()[0] == c.dc);
    }
    sim.set_param<"DCIn", "amp">(-1.25);  // a dynamic parameter change is seen the next step
    sim.step();
    CHECK(sim.var<"DCProbe", "I">()[0] == -1.25);
}

TEST_CASE("GaussianNoise: a fresh normal draw per neuron per step", "[sim][current_source]") {
    // 1000 neurons × 200 steps = 2e5 samples of mean + sd·N. Sample mean has sd
    // sd/sqrt(2e5) = 0.0034 here; sample sd has relative sd 1/sqrt(2·2e5) = 0.0016; and
    // the lag-1 correlation (same neuron, next step) has sd 1/sqrt(2e5) = 0.0022. All
    // checked at 5 sigma with a fixed seed (cannot flake).
    const config c;
    auto sim = make_sim(c, 0.1);
    const int steps = 200;
    const double N = double(c.n_noise) * steps;
    double s1 = 0, s2 = 0, lag = 0;
    std::vector<double> prev(c.n_noise, 0.0);
    for (int n = 0; n < steps; ++n) {
        sim.step();
        const auto I = sim.var<"Noise", "I">();
        for (std::uint32_t i = 0; i < c.n_noise; ++i) {
            const double z = (I[i] - c.gn_mean) / c.gn_sd;
            s1 += I[i];
            s2 += I[i] * I[i];
            if (n > 0) lag += z * prev[i];
            prev[i] = z;
        }
    }
    const double mean = s1 / N, sd = std::sqrt(s2 / N - mean * mean);
    CHECK(std::abs(mean - c.gn_mean) < 5 * c.gn_sd / std::sqrt(N));
    CHECK(std::abs(sd / c.gn_sd - 1) < 5 / std::sqrt(2 * N));
    CHECK(std::abs(lag / (double(c.n_noise) * (steps - 1))) < 5 / std::sqrt(N));
}

TEST_CASE("PoissonExp: event rate, jump size and mean current", "[sim][current_source]") {
    // k ~ Poisson(λ) events per step, λ = rate·dt/1000; each adds Init to the current,
    // which decays by ExpDecay per step. The injected current of step n is
    // I_n = ExpDecay·I_{n−1} + Init·k_n, so k_n is recoverable from consecutive readings.
    const config c;
    const double dt = 0.1;
    auto sim = make_sim(c, dt);
    const double decay = std::exp(-dt / c.pe_tau);
    const double Init = c.pe_weight * (1 - decay) * c.pe_tau / dt;
    const double lambda = c.pe_rate * dt / 1000;
    const int warmup = int(20 * c.pe_tau / dt), steps = 3000;  // 20 tau to reach the steady state
    std::vector<double> prev(c.n_noise, 0.0);
    double events = 0, sum_i = 0;
    int non_integer = 0;
    for (int n = 0; n < warmup + steps; ++n) {
        sim.step();
        const auto I = sim.var<"PExp", "I">();
        for (std::uint32_t i = 0; i < c.n_noise; ++i) {
            const double k = (I[i] - decay * prev[i]) / Init;
            if (std::abs(k - std::round(k)) > 1e-6 || k < -1e-6) ++non_integer;
            prev[i] = I[i];
            if (n >= warmup) {
                events += std::round(k);
                sum_i += I[i];
            }
        }
    }
    CHECK(non_integer == 0);
    const double cells = double(c.n_noise) * steps;
    // event count: Poisson(λ·cells), 3 sigma
    const double expected_events = lambda * cells;
    INFO("events " << events << " expected " << expected_events);
    CHECK(std::abs(events - expected_events) < 3 * std::sqrt(expected_events));
    // mean current = weight·tauSyn·rate/1000. The time average of one neuron's
    // stationary shot noise over M steps has variance Init²·λ/(1−ExpDecay)²/M, and the
    // neurons are independent: sd of the grand mean = Init·sqrt(λ)/(1−ExpDecay)/sqrt(cells).
    const double expected_mean = c.pe_weight * c.pe_tau * c.pe_rate / 1000;
    const double sigma = Init * std::sqrt(lambda) / (1 - decay) / std::sqrt(cells);
    INFO("mean " << sum_i / cells << " expected " << expected_mean << " sigma " << sigma);
    CHECK(std::abs(sum_i / cells - expected_mean) < 3 * sigma);
    // the state variable holds the current after this step's decay
    CHECK(sim.var<"PExpIn", "current">()[0] == Approx(prev[0] * decay).epsilon(1e-12));
}
