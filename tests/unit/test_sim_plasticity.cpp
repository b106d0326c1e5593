// End-to-end plasticity and graded transmission on the CPU backend, against the rules of
// STDP, PiecewiseSTDP and StaticGraded, as their headers state them.
//
// Spike timing is made exact by replaying spike times with SpikeSourceArray populations
// (SpikeSourceArray: a time s fires in the first step n with n·dt >= s; with dt = 1 ms and integer
// times, s fires in step s). Every pair (pre k, post k) is an isolated synapse (a
// one-to-one connection list), so each synapse sees exactly one pre and one post spike.
//
// The reference for a pair with pre emitted in step i and post in step j (delays D axonal,
// B back-propagation, in steps) follows the step order and STDP's rule directly:
//   - the pre spike is processed in the synapse update of step P + 1, P = i + D;
//   - the post spike's learning code runs in step Q + 1, Q = j + B (after the pre spikes
//     of that step);
//   - st_pre / st_post are arrival times: (P + 1)·dt and (Q + 1)·dt;
//   - a side whose spike has not arrived yet reads st = -TIME_MAX.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace plast_test {

/// A neuron whose membrane potential is whatever the host writes into it; it never
/// spikes. Used as the presynaptic side of StaticGraded.
struct HoldV {
    static constexpr std::string_view name = "HoldV";
    static constexpr auto vars = cx::vars("V");  // [mV]
    static constexpr cx::code threshold_condition_code = "V > 1.0e30";
};

/// Integrates its synaptic input: I is the sum of Isyn over all steps so far.
struct Integrator {
    static constexpr std::string_view name = "Integrator";
    static constexpr auto vars = cx::vars("I");
    static constexpr cx::code sim_code = "I += Isyn;\n";
    static constexpr cx::code threshold_condition_code = "I > 1.0e30";
};

}  // namespace plast_test

namespace {

constexpr double dt = 1.0;  // [ms]: integer spike times fire exactly in their step

// STDP parameters: different time constants and amplitudes for the two sides, so a test
// would notice the sides being swapped.
constexpr double tauPlus = 10.0, tauMinus = 20.0, Aplus = 0.1, Aminus = 0.12, Wmin = 0.0, Wmax = 1.0;
constexpr double g0 = 0.5;

// PiecewiseSTDP parameters chosen so that every branch is reached with integer Δt.
constexpr double tLrn = 20, tChng = 10, tDecay = 1000, tPunish10 = 40, tPunish01 = 30, gMax = 1.0,
                 gMid = 0.0, gSlope = 1.0, tauShift = 2.0, gSyn0 = 0.0;

// StaticGraded parameters
constexpr double Epre = -50.0, Vslope = 10.0;

struct pair_spec {
    std::uint32_t i, j;  // emission steps of the pre and the post spike
};

/// (pre, post) = (k, k) for k < n.
cx::connection_list one_to_one(std::uint32_t n) {
    cx::connection_list c;
    for (std::uint32_t k = 0; k < n; ++k) { c.pre.push_back(k); c.post.push_back(k); }
    return c;
}

/// One network type for every test in this file (each network type costs compile time):
/// two spike-source populations paired one-to-one by an STDP and a PiecewiseSTDP group,
/// and a graded-transmission pair of populations.
auto make_net(const std::vector<pair_spec>& pairs, cx::synapse_options delays, std::uint32_t n_graded,
              cx::synapse_options graded_delays) {
    const auto n = std::uint32_t(pairs.size());
    std::vector<double> pre_times, post_times;
    for (const auto& p : pairs) { pre_times.push_back(p.i * dt); post_times.push_back(p.j * dt); }
    return cx::network(
        cx::population<"Pre", cx::neuron::SpikeSourceArray>(
            n, "startSpike"_v = cx::init<cx::init_var::Uninitialised>(),
            "endSpike"_v = cx::init<cx::init_var::Uninitialised>(), "spikeTimes"_e = pre_times),
        cx::population<"Post", cx::neuron::SpikeSourceArray>(
            n, "startSpike"_v = cx::init<cx::init_var::Uninitialised>(),
            "endSpike"_v = cx::init<cx::init_var::Uninitialised>(), "spikeTimes"_e = post_times),
        cx::synapses<"Stdp", "Pre", "Post">(
            cx::sparse(one_to_one(n)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = tauPlus, "tauMinus"_p = tauMinus, "Aplus"_p = Aplus,
                                            "Aminus"_p = Aminus, "Wmin"_p = Wmin, "Wmax"_p = Wmax, "g"_v = g0),
            cx::psm<cx::postsynaptic::DeltaCurr>(), delays),
        cx::synapses<"Piecewise", "Pre", "Post">(
            cx::sparse(one_to_one(n)),
            cx::wu<cx::weight_update::PiecewiseSTDP>(
                "tLrn"_p = tLrn, "tChng"_p = tChng, "tDecay"_p = tDecay, "tPunish10"_p = tPunish10,
                "tPunish01"_p = tPunish01, "gMax"_p = gMax, "gMid"_p = gMid, "gSlope"_p = gSlope,
                "tauShift"_p = tauShift, "gSyn0"_p = gSyn0, "g"_v = gMax / 2, "gRaw"_v = 0.0),
            cx::psm<cx::postsynaptic::DeltaCurr>(), delays),
        cx::population<"Graded", plast_test::HoldV>(n_graded, "V"_v = -70.0),
        cx::population<"Sink", plast_test::Integrator>(n_graded, "I"_v = 0.0),
        cx::synapses<"GradedSink", "Graded", "Sink">(
            cx::sparse(one_to_one(n_graded)),
            cx::wu<cx::weight_update::StaticGraded>("Epre"_p = Epre, "Vslope"_p = Vslope, "g"_v = 1.0),
            cx::psm<cx::postsynaptic::DeltaCurr>(), graded_delays));
}

using net_t = decltype(make_net({}, {}, 1, {}));
using sim_t = cx::simulation<cx::cpu, net_t, float, double>;

/// Neuron k of a SpikeSourceArray owns spikeTimes[k .. k+1) (one spike each).
void one_spike_each(sim_t& sim) {
    auto a = sim.var<"Pre", "startSpike">(), b = sim.var<"Pre", "endSpike">();
    auto c = sim.var<"Post", "startSpike">(), d = sim.var<"Post", "endSpike">();
    for (std::uint32_t k = 0; k < a.size(); ++k) { a[k] = k; b[k] = k + 1; c[k] = k; d[k] = k + 1; }
    a.push(); b.push(); c.push(); d.push();
}

sim_t make_sim(const std::vector<pair_spec>& pairs, cx::synapse_options delays, std::uint32_t n_graded = 1,
               cx::synapse_options graded_delays = {}) {
    sim_t sim(make_net(pairs, delays, n_graded, graded_delays), {.dt = dt, .seed = 7});
    one_spike_each(sim);
    return sim;
}

std::uint32_t last_step(const std::vector<pair_spec>& pairs, cx::synapse_options o) {
    std::uint32_t m = 0;
    for (const auto& p : pairs) m = std::max({m, p.i + o.axonal_delay, p.j + o.back_prop_delay});
    return m + 3;  // a few steps after the last spike has been processed
}

/// STDP with nearest-neighbour pairing of the single pre and post spike.
double stdp_reference(double g, pair_spec p, cx::synapse_options o) {
    const double P = p.i + o.axonal_delay, Q = p.j + o.back_prop_delay;
    const double delta = (Q - P) * dt;  // post arrival - pre arrival
    if (delta > 0) g = std::clamp(g + Aplus * std::exp(-delta / tauPlus), Wmin, Wmax);       // post learning
    else if (delta < 0) g = std::clamp(g - Aminus * std::exp(delta / tauMinus), Wmin, Wmax);  // pre spike
    return g;
}

/// PiecewiseSTDP: Δg as a function of Δ.
double piecewise_dg(double d) {
    const double lim0 = (1 / tPunish01 + 1 / tChng) * tLrn / (2 / tChng);
    const double lim1 = -(1 / tPunish10 + 1 / tChng) * tLrn / (2 / tChng);
    const double slope0 = -2 * gMax / (tChng * tLrn), slope1 = 2 * gMax / (tChng * tLrn);
    const double off0 = gMax / tPunish01, off1 = gMax / tChng, off2 = gMax / tPunish10;
    if (d > lim0) return -off0;
    if (d > 0) return slope0 * d + off1;
    if (d > lim1) return slope1 * d + off1;
    return -off2;
}

/// gRaw after the pair: both the pre spike (Δ = st_post − t − tauShift) and the post
/// spike (Δ = t − st_pre − tauShift) change it, each seeing the other side only if its
/// spike has arrived (else st = −TIME_MAX, i.e. Δ = ∓∞).
double piecewise_reference(pair_spec p, cx::synapse_options o) {
    const double P = p.i + o.axonal_delay, Q = p.j + o.back_prop_delay, inf = std::numeric_limits<double>::infinity();
    // pre side, step P+1: the post spike has arrived if Q + 1 <= P + 1
    const double d_pre = Q <= P ? ((Q + 1) - (P + 1)) * dt - tauShift : -inf;
    // post side, step Q+1, after the pre spikes of that step: arrived if P + 1 <= Q + 1
    const double d_post = P <= Q ? ((Q + 1) - (P + 1)) * dt - tauShift : inf;
    return piecewise_dg(d_pre) + piecewise_dg(d_post);
}

}  // namespace

TEST_CASE("sim plasticity: STDP weight change of one pre/post pair against the rule", "[sim][plasticity][stdp]") {
    // D and B are run-time values of the same network type
    const cx::synapse_options delays = GENERATE(cx::synapse_options{0, 0, 0}, cx::synapse_options{3, 0, 0},
                                                cx::synapse_options{0, 2, 0}, cx::synapse_options{4, 1, 0});
    CAPTURE(delays.axonal_delay, delays.back_prop_delay);
    // post arrival − pre arrival in steps: both signs, zero, near and far; plus two pairs
    // at the bounds. With delays the emission order differs from the arrival order.
    const int shift = int(delays.axonal_delay) - int(delays.back_prop_delay);
    std::vector<pair_spec> pairs;
    for (int d : {-20, -5, -1, 0, 1, 5, 20}) pairs.push_back({30, std::uint32_t(30 + shift + d)});
    pairs.push_back({30, std::uint32_t(31 + shift)});  // starts at 0.95: potentiation clipped at Wmax
    pairs.push_back({30, std::uint32_t(29 + shift)});  // starts at 0.05: depression clipped at Wmin
    const std::size_t k_hi = pairs.size() - 2, k_lo = pairs.size() - 1;

    auto sim = make_sim(pairs, delays);
    auto g = sim.var<"Stdp", "g">();
    REQUIRE(g.size() == pairs.size());  // one-to-one: one synapse per row, row k at index k
    g[k_hi] = 0.95f;
    g[k_lo] = 0.05f;
    g.push();
    std::vector<double> start(pairs.size(), g0);
    start[k_hi] = 0.95;
    start[k_lo] = 0.05;

    sim.record_spikes<"Pre">(200);
    sim.record_spikes<"Post">(200);
    sim.run(last_step(pairs, delays) * dt);

    // the spike sources fired where SpikeSourceArray's rule says
    const auto pre = sim.spikes<"Pre">(), post = sim.spikes<"Post">();
    REQUIRE(pre.ids.size() == pairs.size());
    REQUIRE(post.ids.size() == pairs.size());
    for (std::size_t s = 0; s < pre.ids.size(); ++s) CHECK(pre.times[s] == pairs[pre.ids[s]].i * dt);
    for (std::size_t s = 0; s < post.ids.size(); ++s) CHECK(post.times[s] == pairs[post.ids[s]].j * dt);

    g.pull();
    const auto values = sim.synapse_values<"Stdp", "g">();
    REQUIRE(values.size() == pairs.size());
    for (const auto& v : values) {
        REQUIRE(v.pre == v.post);
        const auto p = pairs[v.pre];
        CAPTURE(p.i, p.j);
        const double expected = stdp_reference(start[v.pre], p, delays);
        CHECK(v.value == Approx(expected).epsilon(1e-6).margin(1e-7));
    }
    // the rule moved the weight where Δ != 0 and left it where Δ == 0
    CHECK(values[3].value == float(g0));  // Δ = 0
    CHECK(values[k_hi].value == Approx(Wmax).margin(0));  // bounds
    CHECK(values[k_lo].value == Approx(Wmin).margin(0));
}

TEST_CASE("sim plasticity: STDP with zero-delay simultaneous spikes leaves the weight alone", "[sim][plasticity][stdp]") {
    const std::vector<pair_spec> pairs{{10, 10}, {25, 25}};
    auto sim = make_sim(pairs, {});
    sim.run(40 * dt);
    for (const auto& v : sim.synapse_values<"Stdp", "g">()) CHECK(v.value == float(g0));
}

TEST_CASE("sim plasticity: PiecewiseSTDP raw weight and squashed weight against the rule", "[sim][plasticity][piecewise]") {
    // Δ = (post arrival − pre arrival) − tauShift reaches each branch: > lim0 (13.3),
    // (0, lim0], (lim1, 0], <= lim1 (−12.5), and both sides' "never spiked" values.
    std::vector<pair_spec> pairs;
    for (int d : {-30, -14, -6, -3, 0, 1, 2, 5, 9, 17, 40}) pairs.push_back({45, std::uint32_t(45 + d)});

    const cx::synapse_options delays = GENERATE(cx::synapse_options{0, 0, 0}, cx::synapse_options{3, 0, 0},
                                                cx::synapse_options{0, 2, 0});
    CAPTURE(delays.axonal_delay, delays.back_prop_delay);
    auto sim = make_sim(pairs, delays);
    sim.run(last_step(pairs, delays) * dt);

    const auto raw = sim.synapse_values<"Piecewise", "gRaw">();
    const auto g = sim.synapse_values<"Piecewise", "g">();
    REQUIRE(raw.size() == pairs.size());
    for (std::size_t k = 0; k < raw.size(); ++k) {
        const auto p = pairs[raw[k].pre];
        const double P = p.i + delays.axonal_delay, Q = p.j + delays.back_prop_delay;
        // A spike emitted but not yet arrived (i <= Q < P, or j <= P < Q): those pairs
        // are checked in the next test case.
        if ((p.i <= Q && Q < P) || (p.j <= P && P < Q)) continue;
        CAPTURE(p.i, p.j);
        const double expected_raw = piecewise_reference(p, delays);
        CHECK(raw[k].value == Approx(expected_raw).margin(1e-6));
        CHECK(g[k].value == Approx(gMax / 2 * (std::tanh(gSlope * (expected_raw - gMid)) + 1)).epsilon(1e-5));
    }
}

TEST_CASE("sim plasticity: PiecewiseSTDP ignores a spike that has not arrived yet", "[sim][plasticity][piecewise]") {
    // Post spike emitted after the pre spike but before the pre spike has crossed the
    // axonal delay (i <= j < i + D): at the post spike st_pre must still be the previous
    // arrival (none: −TIME_MAX), not the future arrival time.
    const std::vector<pair_spec> pairs{{20, 21}, {20, 22}};
    const cx::synapse_options delays{4, 0, 0};
    auto sim = make_sim(pairs, delays);
    sim.run(last_step(pairs, delays) * dt);
    for (const auto& v : sim.synapse_values<"Piecewise", "gRaw">()) {
        CAPTURE(pairs[v.pre].i, pairs[v.pre].j);
        CHECK(v.value == Approx(piecewise_reference(pairs[v.pre], delays)).margin(1e-6));
    }
}

TEST_CASE("sim plasticity: StaticGraded transmits max(0, g·tanh((V_pre − Epre)/Vslope)·dt) per event", "[sim][plasticity][graded]") {
    // pre potentials: below, at (condition is strict) and above Epre; one negative weight
    const std::vector<double> v_pre{-60.0, -50.0, -45.0, -20.0, 0.0, -30.0};
    const std::vector<double> weight{1.0, 1.0, 1.0, 0.5, 2.0, -1.0};
    const auto n = std::uint32_t(v_pre.size());
    const std::uint32_t D = GENERATE(0u, 2u);
    CAPTURE(D);
    auto sim = make_sim({{1, 1}}, {}, n, {.axonal_delay = D});
    auto V = sim.var<"Graded", "V">();
    auto g = sim.var<"GradedSink", "g">();
    REQUIRE(g.size() == n);
    for (std::uint32_t k = 0; k < n; ++k) { V[k] = float(v_pre[k]); g[k] = float(weight[k]); }
    V.push(); g.push();

    auto amount = [&](double v, double w) { return v > Epre ? std::max(0.0, w * std::tanh((v - Epre) / Vslope) * dt) : 0.0; };

    // an event emitted in step n reaches Isyn (DeltaCurr) in step n + 1 + D
    const std::uint32_t K1 = 20;
    sim.run(K1 * dt);
    auto I = sim.var<"Sink", "I">();
    for (std::uint32_t k = 0; k < n; ++k) {
        CAPTURE(k, v_pre[k], weight[k]);
        CHECK(I[k] == Approx((K1 - 1 - D) * amount(v_pre[k], weight[k])).epsilon(1e-5).margin(1e-6));
    }

    // The event code reads V_pre as the emitting step left it (with an axonal delay, from
    // the group's delayed copies, as GeNN): after raising V of neuron 2 between steps,
    // the event of the step before the write delivers the new amount (the write counts
    // as that step's value, GeNN's current delay slot), the D before it the old one.
    const double v_new = -35.0;
    V[2] = float(v_new);
    V.push();
    const std::uint32_t K2 = 10;
    sim.run(K2 * dt);
    const double expected = (K1 - 1) * amount(v_pre[2], weight[2]) + (K2 - D) * amount(v_new, weight[2]);
    CHECK(I[2] == Approx(expected).epsilon(1e-5));
    // and lowering V below Epre stops new events but not the D + 1 in flight: the last
    // delivers max(0, negative) = 0, the D before it the amount of v_new
    V[2] = -70.0f;
    V.push();
    sim.run(10 * dt);
    CHECK(I[2] == Approx(expected + D * amount(v_new, weight[2])).epsilon(1e-5));
}
