// Balanced random network with STDP (Morrison, Aertsen & Diesmann 2007; docs/example-networks.md
// (e)): 90 000 excitatory and 22 500 inhibitory LIF neurons, each with its own Poisson
// background through an alpha-shaped current, p = 0.1, and power-law STDP on E -> E.
//
//   morrison_stdp [--scale s=0.05] [--prob p=0.1] [--time ms=2000] [--threads T=0] [--seed N=1]
//                 [--ref-e Hz=0] [--ref-i Hz=ref-e] [--report ms=0] [--weights-out file]
//                 [--bins-out file] [--quiet-start ms=0] [--recurrent f=1]
//
// Scaling: --scale multiplies both population sizes (s = 1 is the spec's network, 1.27·10^9
// synapses: not affordable on a CPU). The in-degrees become K·c with c = s·p/0.1 (p = 0.1
// by default, so c = s; --prob 0.5 --scale 0.2 keeps the full in-degrees). As for the
// microcircuit, the recurrent weights are divided by sqrt(c), which keeps the variance of the
// recurrent input, and so is the STDP rule's weight0, which keeps the rule the same in units
// of the initial weight (it is homogeneous of degree 1 in g and weight0). The mean
// recurrent input then shrinks by sqrt(c); --ref-e/--ref-i add a DC compensation as the
// microcircuit's (docs/example-networks.md d.6): (1 - sqrt(c)) times the full network's mean
// recurrent input at those rates (default 0: none). Weights are printed in full-scale units (g·sqrt(c), nA).
// --quiet-start runs that long with the recurrent synapses off first (the neurons then fire
// asynchronously, driven by their own Poisson inputs), --recurrent scales every recurrent
// weight (0: none); both are checks of the regime, not part of the spec's network.
//
// Prints what a neuroscientist checks of the asynchronous irregular (AI) state and of the
// weights: E and I rates, the mean coefficient of variation of the E inter-spike intervals
// (irregular: near 1), the Fano factor of the E population's spike count in 1 ms bins
// (asynchronous: near 1; synchronous activity makes it large), and the E -> E weight
// distribution at the start, half-way and at the end (mean, sd, Sarle's bimodality
// coefficient: 1/3 for a normal distribution, 5/9 for a uniform one, above 5/9 bimodal).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "networks/common.hpp"

namespace cx = cortexpr;
using namespace cx::literals;

namespace mad {

// LIF with its own Poisson background (rate PoissonRate) of alpha-shaped current pulses of
// peak PoissonWeight: Knuth's method draws the step's input count, Ipoisson/Ipoisson2 are
// the two stages of the alpha filter (the second is injected), as in GeNN's `LIFPoisson`.
struct LIFPoisson {
    static constexpr std::string_view name = "LIFPoisson";
    static constexpr auto params = cx::params("C", "TauM", "Vrest", "Vreset", "Vthresh", "Ioffset", "TauRefrac",
                                              "PoissonRate", "PoissonWeight", "IpoissonTau");
    static constexpr auto derived = cx::derived_params(
        cx::derive("ExpTC", "exp(-dt / TauM)"),
        cx::derive("Rmembrane", "TauM / C"),
        cx::derive("PoissonExpMinusLambda", "exp(-(PoissonRate / 1000.0) * dt)"),
        cx::derive("IpoissonExpDecay", "exp(-dt / IpoissonTau)"),
        cx::derive("IpoissonInit", "PoissonWeight * (exp(1.0) / IpoissonTau)"));
    static constexpr auto vars = cx::vars("V", "RefracTime", "Ipoisson", "Ipoisson2");
    static constexpr cx::code sim_code =
        "scalar p = 1.0;\n"
        "unsigned int numPoissonSpikes = 0;\n"
        "do {\n"
        "    numPoissonSpikes++;\n"
        "    p *= gennrand_uniform();\n"
        "} while (p > PoissonExpMinusLambda);\n"
        "Ipoisson += IpoissonInit * (scalar)(numPoissonSpikes - 1);\n"
        "if (RefracTime <= 0.0) {\n"
        "    scalar alpha = ((Isyn + Ioffset + Ipoisson2) * Rmembrane) + Vrest;\n"
        "    V = alpha - (ExpTC * (alpha - V));\n"
        "}\n"
        "else {\n"
        "    RefracTime -= dt;\n"
        "}\n"
        "Ipoisson2 = (dt * IpoissonExpDecay * Ipoisson) + (IpoissonExpDecay * Ipoisson2);\n"
        "Ipoisson *= IpoissonExpDecay;\n";
    static constexpr cx::code threshold_condition_code = "RefracTime <= 0.0 && V >= Vthresh";
    static constexpr cx::code reset_code =
        "V = Vreset;\n"
        "RefracTime = TauRefrac;\n";
};

// Alpha-shaped current of peak w for a weight w, reached tau after arrival: the input of a
// step is the old x (GeNN 4 ran the PSM's input code before its decay code).
struct AlphaCurr {
    static constexpr std::string_view name = "AlphaCurr";
    static constexpr auto params = cx::params("tau");  // [ms]
    static constexpr auto derived = cx::derived_params(
        cx::derive("expDecay", "exp(-dt / tau)"),
        cx::derive("init", "exp(1.0) / tau"));
    static constexpr auto vars = cx::vars("x");
    static constexpr cx::code sim_code =
        "injectCurrent(x);\n"
        "x = (dt * expDecay * init * inSyn) + (expDecay * x);\n"
        "inSyn *= expDecay;\n";
};

// Morrison et al.'s rule: power-law potentiation lambda·weight0^(1-mu)·g^mu and
// multiplicative depression lambda·alpha·g, all-to-all pairing through one trace per
// neuron (preTrace, postTrace: +1 at each spike, decaying with tauPlus / tauMinus).
// Each trace is stored as its value just after the neuron's last spike and decayed to now
// where it is read, so it costs nothing between spikes. Delivery is dendritic: the
// current arrives denDelayStep steps after the synapse sees the spike. With no axonal
// delay the rule sees a presynaptic spike in the step after its emission; postsynaptic
// spikes reach it after the group's back-propagation delay (11 steps).
struct STDPPower {
    static constexpr std::string_view name = "STDPPower";
    static constexpr auto params = cx::params("tauPlus", "tauMinus", "lambda", "alpha", "mu", "weight0", "denDelay");
    static constexpr auto derived = cx::derived_params(
        cx::derive("weight0Mu", "pow(weight0, 1.0 - mu)"),
        cx::derive("denDelayStep", "floor(denDelay / dt) - 1.0"));
    static constexpr auto vars = cx::vars("g");
    static constexpr auto pre_vars = cx::vars("preTrace");
    static constexpr auto post_vars = cx::vars("postTrace");
    // per neuron, before st_pre / st_post move on to this spike: decay to now, add 1
    static constexpr cx::code pre_spike_code = "preTrace = (preTrace * exp(-(t - st_pre) / tauPlus)) + 1.0;\n";
    static constexpr cx::code post_spike_code = "postTrace = (postTrace * exp(-(t - st_post) / tauMinus)) + 1.0;\n";
    // per synapse: depression by the postsynaptic trace, then delivery
    static constexpr cx::code pre_spike_syn_code =
        "const scalar dt = t - st_post;\n"
        "if (dt > 0) {\n"
        "    g -= lambda * alpha * g * postTrace * exp(-dt / tauMinus);\n"
        "}\n"
        "addToPostDelay(g, denDelayStep);\n";
    // per synapse: potentiation by the presynaptic trace
    static constexpr cx::code post_spike_syn_code =
        "const scalar dt = t - st_pre;\n"
        "if (dt > 0) {\n"
        "    g += lambda * weight0Mu * pow(g, mu) * preTrace * exp(-dt / tauPlus);\n"
        "}\n";
};

inline constexpr double dt = 0.1;                    // [ms]
inline constexpr std::uint32_t n_exc_full = 90000, n_inh_full = 22500;
inline constexpr double prob = 0.1;
inline constexpr double j_exc = 0.04561;             // [nA] peak of the alpha current
inline constexpr double j_inh = -5.0 * j_exc;        // [nA]
inline constexpr double tau_syn = 0.33;              // [ms]
inline constexpr std::uint32_t delay_steps = 15;     // 1.5 ms
inline constexpr double weight0 = 0.001;             // [nA] STDP's reference weight
inline constexpr double equilibrium_mean = 0.04565;  // [nA] the spec's static stand-in for the learnt weights

using populations = cxnet::population_list<"E", "I">;

template <cx::fixed_string Name>
auto make_population(std::uint32_t n, double offset) {
    return cx::population<Name, LIFPoisson>(
        n, "C"_p = 0.25, "TauM"_p = 10.0, "Vrest"_p = 0.0, "Vreset"_p = 0.0, "Vthresh"_p = 20.0, "Ioffset"_p = offset,
        "TauRefrac"_p = 0.5, "PoissonRate"_p = 9000.0 * 2.32, "PoissonWeight"_p = j_exc, "IpoissonTau"_p = tau_syn,
        "V"_v = cx::init<cx::init_var::Normal>("mean"_p = 5.7, "sd"_p = 7.2), "RefracTime"_v = 0.0,
        "Ipoisson"_v = 0.0, "Ipoisson2"_v = 0.0);
}

/// The full network's mean recurrent input [nA] at E and I rates nu_e, nu_i [Hz]: in-degrees
/// p·N times the charge of one alpha current (w·e·tau_syn) times the rates.
inline double full_recurrent_input(double nu_e, double nu_i) {
    const double charge = std::exp(1.0) * tau_syn * 1e-3;  // [nA·s] per nA of peak
    return charge * (prob * n_exc_full * j_exc * nu_e + prob * n_inh_full * j_inh * nu_i);
}

/// Neurons scale by s with p kept (in-degrees K·s); weights (and weight0) / sqrt(s) keep
/// the variance of the recurrent input; a DC offset of (1 - sqrt(s)) times the full
/// network's mean recurrent input at the reference rates restores its mean there.
struct config {
    double scale = 0.05;
    double probability = prob;        // connection probability (the spec's 0.1 by default)
    double ref_e = 0.0, ref_i = 0.0;  // [Hz] reference rates of the DC compensation
    double recurrent = 1.0;           // factor on every recurrent weight (0: no recurrent input; a check)
    /// in-degree relative to the full network's
    double connectivity() const { return probability * scale / prob; }
    double weight_factor() const { return 1.0 / std::sqrt(connectivity()); }
    double offset() const { return (1.0 - std::sqrt(connectivity())) * full_recurrent_input(ref_e, ref_i); }
};

inline auto make_network(const config& c) {
    const auto n_exc = std::uint32_t(std::lround(c.scale * n_exc_full));
    const auto n_inh = std::uint32_t(std::lround(c.scale * n_inh_full));
    const double je = j_exc * c.weight_factor() * c.recurrent, ji = j_inh * c.weight_factor() * c.recurrent;
    const cx::synapse_options axonal{.axonal_delay = delay_steps - 1};
    return cx::network(
        make_population<"E">(n_exc, c.offset()), make_population<"I">(n_inh, c.offset()),
        cx::synapses<"EE", "E", "E">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbabilityNoAutapse>("prob"_p = c.probability)),
            cx::wu<STDPPower>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "lambda"_p = 0.1, "alpha"_p = 1.057 * 0.1,
                              "mu"_p = 0.4, "weight0"_p = weight0 * c.weight_factor() * c.recurrent, "denDelay"_p = delay_steps * dt,
                              "g"_v = je, "preTrace"_v = 0.0, "postTrace"_v = 0.0),
            cx::psm<AlphaCurr>("tau"_p = tau_syn, "x"_v = 0.0),
            {.back_prop_delay = delay_steps - 4, .max_dendritic_delay = delay_steps}),
        cx::synapses<"EI", "E", "I">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = c.probability)),
            cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = je),
            cx::psm<AlphaCurr>("tau"_p = tau_syn, "x"_v = 0.0), axonal),
        cx::synapses<"II", "I", "I">(
            cx::bitmask(cx::connect<cx::init_sparse::FixedProbabilityNoAutapse>("prob"_p = c.probability)),
            cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = ji),
            cx::psm<AlphaCurr>("tau"_p = tau_syn, "x"_v = 0.0), axonal),
        cx::synapses<"IE", "I", "E">(
            cx::bitmask(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = c.probability)),
            cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = ji),
            cx::psm<AlphaCurr>("tau"_p = tau_syn, "x"_v = 0.0), axonal));
}

/// Mean, sd and Sarle's bimodality coefficient (skew² + 1) / (excess kurtosis + 3(n-1)²/((n-2)(n-3))).
struct distribution {
    double mean = 0, sd = 0, bimodality = 0, min = 0, max = 0;
    std::size_t n = 0;
};
inline distribution describe(const std::vector<double>& x) {
    distribution d;
    d.n = x.size();
    if (d.n < 4) return d;
    double s = 0;
    for (double v : x) s += v;
    d.mean = s / double(d.n);
    double m2 = 0, m3 = 0, m4 = 0;
    for (double v : x) {
        const double e = v - d.mean, e2 = e * e;
        m2 += e2, m3 += e2 * e, m4 += e2 * e2;
    }
    m2 /= double(d.n), m3 /= double(d.n), m4 /= double(d.n);
    d.sd = std::sqrt(m2);
    d.min = *std::min_element(x.begin(), x.end());
    d.max = *std::max_element(x.begin(), x.end());
    if (m2 > 0) {
        const double n = double(d.n), skew = m3 / std::pow(m2, 1.5), kurt = m4 / (m2 * m2) - 3.0;
        d.bimodality = (skew * skew + 1.0) / (kurt + 3.0 * (n - 1) * (n - 1) / ((n - 2) * (n - 3)));
    }
    return d;
}

/// Runs `ms` with every recurrent synapse off (the external drive alone desynchronises the
/// neurons), then restores the E -> E weights and sets the static weights je, ji.
template <class Sim>
void quiet_start(Sim& sim, double ms, double je, double ji) {
    auto g = sim.template var<"EE", "g">();
    const std::vector<float> saved(g.begin(), g.end());
    std::fill(g.begin(), g.end(), 0.0f);
    g.push();
    sim.template set_param<"EI", "g">(0.0);
    sim.template set_param<"II", "g">(0.0);
    sim.template set_param<"IE", "g">(0.0);
    sim.run(ms);
    std::copy(saved.begin(), saved.end(), g.begin());
    g.push();
    sim.template set_param<"EI", "g">(je);
    sim.template set_param<"II", "g">(ji);
    sim.template set_param<"IE", "g">(ji);
}

}  // namespace mad

int main(int argc, char** argv) {
    const cxnet::arguments args(argc, argv);
    mad::config c;
    c.scale = args.get("scale", c.scale);
    c.probability = args.get("prob", c.probability);
    c.recurrent = args.get("recurrent", c.recurrent);
    c.ref_e = args.get("ref-e", c.ref_e);
    c.ref_i = args.get("ref-i", c.ref_e);
    const double ms = args.get("time", 2000.0);
    const double report_ms = args.get("report", 0.0);
    const std::string weights_out = args.get("weights-out", std::string());
    const std::string bins_out = args.get("bins-out", std::string());
    const double quiet_ms = args.get("quiet-start", 0.0);
    cx::options opt;
    opt.dt = mad::dt;
    opt.seed = std::uint64_t(args.get("seed", 1.0));
    opt.threads = int(args.get("threads", 0.0));

    try {
        cxnet::stopwatch build;
        auto sim = cx::simulate<cx::cpu>(mad::make_network(c), opt);
        const double build_s = build.seconds();
        const std::uint32_t n_exc = sim.var<"E", "V">().batch(0).size(), n_inh = sim.var<"I", "V">().batch(0).size();
        std::printf("Morrison et al. 2007 balanced STDP network: scale %g: %u E + %u I neurons, %llu synapses "
                    "(E->E %llu), weights x %.4g, DC %.4f nA (reference rates E %g, I %g Hz), %.0f ms at dt = %.1f ms, "
                    "%d thread(s), seed %llu\n",
                    c.scale, n_exc, n_inh, (unsigned long long)cxnet::total_synapses(sim),
                    (unsigned long long)sim.synapse_count<"EE">(), c.weight_factor(), c.offset(), c.ref_e, c.ref_i, ms, mad::dt, sim.engine().threads(),
                    (unsigned long long)opt.seed);

        // E -> E weights in full-scale units [nA]
        auto weights = [&] {
            const auto values = sim.synapse_values<"EE", "g">();
            std::vector<double> w(values.size());
            for (std::size_t k = 0; k < values.size(); ++k) w[k] = double(values[k].value) / c.weight_factor();
            return w;
        };
        auto print_weights = [&](const char* when) {
            const auto d = mad::describe(weights());
            std::printf("EE weights %s: mean %.5f nA, sd %.5f nA, min %.5f, max %.5f, bimodality %.3f\n", when, d.mean,
                        d.sd, d.min, d.max, d.bimodality);
            return d;
        };
        const auto w0 = print_weights("at 0 ms");

        // per E neuron: last spike time and ISI moments; E population count per 1 ms bin
        std::vector<double> last(n_exc, -1.0), isi_sum(n_exc, 0.0), isi_sq(n_exc, 0.0);
        std::vector<std::uint32_t> isi_n(n_exc, 0);
        std::vector<double> bins;
        std::uint64_t bin = 0;
        cxnet::spike_counter<mad::populations> counter, window;
        const auto steps = std::uint64_t(std::llround(ms / mad::dt));
        const auto bin_steps = std::uint64_t(std::llround(1.0 / mad::dt));
        const auto report_steps = std::uint64_t(std::llround(report_ms / mad::dt));
        const auto half = steps / 2;
        mad::distribution w_half{};
        cxnet::stopwatch run;
        if (quiet_ms > 0) {
            mad::quiet_start(sim, quiet_ms, mad::j_exc * c.weight_factor() * c.recurrent,
                             mad::j_inh * c.weight_factor() * c.recurrent);
            std::printf("recurrent synapses switched on after %.0f ms without them\n", quiet_ms);
        }
        for (std::uint64_t k = 0; k < steps; ++k) {
            sim.step();
            counter.count(sim);
            window.count(sim);
            const double t = double(k) * mad::dt;
            const auto spikes = sim.current_spikes<"E">();
            for (auto i : spikes) {
                if (last[i] >= 0) {
                    const double d = t - last[i];
                    isi_sum[i] += d, isi_sq[i] += d * d, ++isi_n[i];
                }
                last[i] = t;
            }
            bin += spikes.size();
            if ((k + 1) % bin_steps == 0) bins.push_back(double(bin)), bin = 0;
            if (k + 1 == half) w_half = print_weights("half-way");
            if (report_steps && (k + 1) % report_steps == 0) {
                const auto r = window.rates(sim, report_ms);
                const auto d = mad::describe(weights());
                std::printf("t = %.0f ms: E %.2f Hz, I %.2f Hz, EE mean %.5f nA, sd %.5f nA, bimodality %.3f (%.0f s)\n",
                            double(k + 1) * mad::dt, r[0], r[1], d.mean, d.sd, d.bimodality, run.seconds());
                std::fflush(stdout);
                window = {};
            }
        }
        const double run_s = run.seconds();

        const auto rates = counter.rates(sim, ms);
        cxnet::print_rates(mad::populations::names, rates);
        // CV over the E neurons with at least 3 intervals
        double cv_sum = 0;
        std::size_t cv_n = 0;
        for (std::uint32_t i = 0; i < n_exc; ++i)
            if (isi_n[i] >= 3) {
                const double m = isi_sum[i] / isi_n[i], v = isi_sq[i] / isi_n[i] - m * m;
                cv_sum += std::sqrt(std::max(v, 0.0)) / m, ++cv_n;
            }
        std::printf("E ISI CV: %.3f (mean over %zu neurons with 3 or more intervals)\n", cv_n ? cv_sum / cv_n : 0.0, cv_n);
        // Fano factor of the 1 ms population counts after the first 100 ms (the start-up transient)
        double fano = 0;
        if (bins.size() > 200) {
            double s = 0, s2 = 0;
            for (std::size_t b = 100; b < bins.size(); ++b) s += bins[b], s2 += bins[b] * bins[b];
            const double n = double(bins.size() - 100), m = s / n;
            fano = m > 0 ? (s2 / n - m * m) / m : 0.0;
        }
        std::printf("E population count in 1 ms bins: Fano factor %.3f\n", fano);
        const auto w_end = print_weights("at the end");
        std::printf("EE mean weight: %.5f nA at 0, %.5f half-way, %.5f at the end (spec's equilibrium mean %.5f): "
                    "deviation %.2f %%, drift over the second half %.2f %%\n",
                    w0.mean, w_half.mean, w_end.mean, mad::equilibrium_mean,
                    100.0 * (w_end.mean - mad::equilibrium_mean) / mad::equilibrium_mean,
                    w_half.mean > 0 ? 100.0 * (w_end.mean - w_half.mean) / w_half.mean : 0.0);
        if (!bins_out.empty()) {
            std::ofstream f(bins_out);
            for (double b : bins) f << b << '\n';
        }
        if (!weights_out.empty()) {
            std::ofstream f(weights_out);
            for (double w : weights()) f << w << '\n';
        }
        std::printf("build %.3f s, simulation %.3f s (%.3f s per biological second), peak RSS %.1f MiB\n", build_s, run_s,
                    ms > 0 ? run_s / (ms * 1e-3) : 0.0, double(cxnet::peak_rss_bytes()) / (1024.0 * 1024.0));
    } catch (const cx::error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
