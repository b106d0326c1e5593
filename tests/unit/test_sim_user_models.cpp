// User models of every family, defined in their own namespace and used in one network
// exactly like the built-ins: neuron, postsynaptic, weight update (with a presynaptic
// variable), current source, variable initialisers, sparse connectivity and toeplitz
// connectivity. Each assertion shows that the user's code ran as written.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cortexpr/cortexpr.hpp>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "../cuda/nets_inputs.hpp"

using namespace cx::literals;

namespace my_models {

/// Adds Isyn + drive to V every step; spikes at `thresh` and subtracts it (through a
/// derived parameter); I exposes this step's input.
struct Integrator {
    static constexpr std::string_view name = "Integrator";
    static constexpr auto params = cortexpr::params("thresh", "drive");
    static constexpr auto derived = cortexpr::derived_params(cortexpr::derive("half", "thresh / 2.0"));
    static constexpr auto vars = cortexpr::vars("V", "I");
    static constexpr cortexpr::code sim_code =
        "I = Isyn;\n"
        "V += Isyn + drive;\n";
    static constexpr cortexpr::code threshold_condition_code = "V >= thresh";
    static constexpr cortexpr::code reset_code = "V -= 2.0 * half;\n";
};

/// Injects scale·inSyn, then halves inSyn.
struct ScaledHalving {
    static constexpr std::string_view name = "ScaledHalving";
    static constexpr auto params = cortexpr::params("scale");
    static constexpr cortexpr::code sim_code =
        "injectCurrent(scale * inSyn);\n"
        "inSyn *= 0.5;\n";
};

/// Delivers g + extra per presynaptic spike and counts the presynaptic neuron's spikes.
struct AddConst {
    static constexpr std::string_view name = "AddConst";
    static constexpr auto params = cortexpr::params("extra");
    static constexpr auto vars = cortexpr::vars("g");
    static constexpr auto pre_vars = cortexpr::vars("count");
    static constexpr cortexpr::code pre_spike_syn_code = "addToPost(g + extra);\n";
    static constexpr cortexpr::code pre_spike_code = "count += 1.0;\n";
};

/// Injects `level`, which then grows by `slope` per step.
struct Ramp {
    static constexpr std::string_view name = "Ramp";
    static constexpr auto params = cortexpr::params("slope");
    static constexpr auto vars = cortexpr::vars("level");
    static constexpr cortexpr::code injection_code =
        "injectCurrent(level);\n"
        "level += slope;\n";
};

/// value = id · 2 (neuron variables).
struct TwiceId {
    static constexpr std::string_view name = "TwiceId";
    static constexpr cortexpr::code var_init_code = "value = id * 2;\n";
};

/// value = 100·id_pre + id_post + offset (synapse variables).
struct PrePost {
    static constexpr std::string_view name = "PrePost";
    static constexpr auto params = cortexpr::params("offset");
    static constexpr cortexpr::code var_init_code = "value = (id_pre * 100) + id_post + offset;\n";
};

/// value = id_kernel + 1 (kernel weights).
struct KernelPlusOne {
    static constexpr std::string_view name = "KernelPlusOne";
    static constexpr cortexpr::code var_init_code = "value = id_kernel + 1;\n";
};

/// A ring: i -> (i + shift) mod num_post.
struct Ring {
    static constexpr std::string_view name = "Ring";
    static constexpr auto params = cortexpr::params(cortexpr::param("shift", "unsigned int"));
    static constexpr cortexpr::code row_build_code = "addSynapse((id_pre + shift) % num_post);\n";
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 1; }
    static constexpr std::uint32_t max_col_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 1; }
};

/// 1-D "same" convolution with a 3-tap kernel: diagonal d connects i -> i + d − 1.
struct Neighbours1D {
    static constexpr std::string_view name = "Neighbours1D";
    static constexpr cortexpr::code diagonal_build_code =
        "for_each_synapse {\n"
        "    const int post = (int)id_pre + (int)id_diag - 1;\n"
        "    if (post >= 0 && post < (int)num_post) {\n"
        "        addSynapse(post, id_diag);\n"
        "    }\n"
        "}\n";
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 3; }
    static constexpr std::array<std::uint32_t, 4> kernel_size(std::span<const double>) { return {3, 1, 1, 1}; }
};

/// Spikes every step; records num_batch.
struct Every {
    static constexpr std::string_view name = "Every";
    static constexpr auto vars = cortexpr::vars("nb");
    static constexpr cortexpr::code sim_code = "nb = num_batch;\n";
    static constexpr cortexpr::code threshold_condition_code = "true";
};

/// A postsynaptic model whose variable is a known function of time and batch entry.
struct TrackPsm {
    static constexpr std::string_view name = "TrackPsm";
    static constexpr auto vars = cortexpr::vars("x");
    static constexpr cortexpr::code sim_code =
        "x = t + (100.0 * batch) + num_batch;\n"
        "injectCurrent(inSyn);\n"
        "inSyn = 0.0;\n";
};

/// Reads the postsynaptic model's x through psm_var_refs: per synapse (read only) and
/// per postsynaptic neuron (which may write it); sees num_batch everywhere.
struct ReadPsm {
    static constexpr std::string_view name = "ReadPsm";
    static constexpr auto vars = cortexpr::vars("got");
    static constexpr auto pre_vars = cortexpr::vars("pnb");
    static constexpr auto post_vars = cortexpr::vars("seen");
    static constexpr auto psm_var_refs = cortexpr::vars("x");
    static constexpr cortexpr::code pre_spike_syn_code = "got = x + num_batch;\n";
    static constexpr cortexpr::code pre_dynamics_code = "pnb = num_batch;\n";
    static constexpr cortexpr::code post_dynamics_code =
        "seen = x;\n"
        "x += 1000.0;\n";
};

/// Injects nothing; records num_batch.
struct NbSource {
    static constexpr std::string_view name = "NbSource";
    static constexpr auto vars = cortexpr::vars("lvl");
    static constexpr cortexpr::code injection_code = "lvl = num_batch;\n";
};

/// Counts its steps: c = n + 1 after step n.
struct Counter {
    static constexpr std::string_view name = "Counter";
    static constexpr auto vars = cortexpr::vars("c");
    static constexpr cortexpr::code sim_code = "c += 1.0;\n";
    static constexpr cortexpr::code threshold_condition_code = "false";
};

/// A spike-like event in steps 2, 5, 8, ... (c a multiple of 3); synaptic code records the
/// event times it sees: every step (ds, dps) and when an event arrives (es, eps).
struct EventTimes {
    static constexpr std::string_view name = "EventTimes";
    static constexpr auto vars = cortexpr::vars("ds", "dps", "es", "eps", "post_t");
    static constexpr auto pre_neuron_var_refs = cortexpr::vars("c");
    static constexpr cortexpr::code pre_event_threshold_condition_code = "fmod(c, 3.0) == 0.0";
    static constexpr cortexpr::code pre_event_syn_code = "es = set_pre;\neps = prev_set_pre;\n";
    static constexpr cortexpr::code synapse_dynamics_code =
        "ds = set_pre;\n"
        "dps = prev_set_pre;\n"
        "post_t = set_post + prev_set_post;\n";
};

/// A postsynaptic spike-like event where c + id is a multiple of 3 (c = n + 1 after step
/// n: neuron j has events in the steps k with (k + 1 + j) % 3 == 0). Synaptic code counts
/// the events per synapse and records the event times it sees: every step (ds, dps) and
/// when an event arrives (es, eps).
struct PostEventTimes {
    static constexpr std::string_view name = "PostEventTimes";
    static constexpr auto vars = cortexpr::vars("cnt", "ds", "dps", "es", "eps", "pre_t");
    static constexpr auto post_neuron_var_refs = cortexpr::vars("c");
    static constexpr cortexpr::code post_event_threshold_condition_code = "fmod(c + id, 3.0) == 0.0";
    static constexpr cortexpr::code post_event_syn_code = "cnt += 1.0;\nes = set_post;\neps = prev_set_post;\n";
    static constexpr cortexpr::code synapse_dynamics_code =
        "ds = set_post;\n"
        "dps = prev_set_post;\n"
        "pre_t = set_pre + prev_set_pre;\n";
};

/// A random walk: V moves by a uniform step in [-0.5, 0.5) each step; never spikes.
struct Walker {
    static constexpr std::string_view name = "Walker";
    static constexpr auto vars = cortexpr::vars("V");
    static constexpr cortexpr::code sim_code = "V += gennrand_uniform() - 0.5;\n";
    static constexpr cortexpr::code threshold_condition_code = "false";
};

/// Counts the postsynaptic spike-like events (V_post above 0.3) on each synapse, and the
/// postsynaptic spikes (none: Walker never spikes) apart.
struct CountPostEvents {
    static constexpr std::string_view name = "CountPostEvents";
    static constexpr auto params = cortexpr::params("level");
    static constexpr auto vars = cortexpr::vars("cnt", "spk");
    static constexpr auto post_neuron_var_refs = cortexpr::vars("V");
    static constexpr cortexpr::code post_event_threshold_condition_code = "V > level";
    static constexpr cortexpr::code post_event_syn_code = "cnt += 1.0;\n";
    static constexpr cortexpr::code post_spike_syn_code = "spk += 1.0;\n";
};

/// Reads the presynaptic neuron's c every step.
struct ReadPreC {
    static constexpr std::string_view name = "ReadPreC";
    static constexpr auto vars = cortexpr::vars("seen", "seen_pc");
    static constexpr auto pre_vars = cortexpr::vars("pc");  // 10 c, kept by the group
    static constexpr auto pre_neuron_var_refs = cortexpr::vars("c");
    static constexpr cortexpr::code pre_dynamics_code = "pc += 10.0;\n";
    static constexpr cortexpr::code synapse_dynamics_code = "seen = c;\nseen_pc = pc;\n";
};

/// Reads its postsynaptic model's x as it was two steps ago.
struct ReadX {
    static constexpr std::string_view name = "ReadX";
    static constexpr auto vars = cortexpr::vars("rx");
    static constexpr auto psm_var_refs = cortexpr::vars("x");
    static constexpr cortexpr::code synapse_dynamics_code = "rx = x[2];\n";
};

}  // namespace my_models

namespace {

constexpr std::uint32_t N = 6;
constexpr double thresh = 5.0, drive = 1.0, extra = 0.5, scale = 2.0, offset = 0.25, slope = 0.75;

auto make_net() {
    namespace m = my_models;
    // Init, Tgt, Conv and CS never reach their threshold and have no drive: I shows the input
    return cx::network(
        cx::population<"Drv", m::Integrator>(N, "thresh"_p = thresh, "drive"_p = drive, "V"_v = 0.0, "I"_v = 0.0),
        cx::population<"Init", m::Integrator>(N, "thresh"_p = 1e9, "drive"_p = 0.0,
                                              "V"_v = cx::init<m::TwiceId>(), "I"_v = 0.0),
        cx::population<"Tgt", m::Integrator>(N, "thresh"_p = 1e9, "drive"_p = 0.0, "V"_v = 0.0, "I"_v = 0.0),
        cx::population<"Conv", m::Integrator>(N, "thresh"_p = 1e9, "drive"_p = 0.0, "V"_v = 0.0, "I"_v = 0.0),
        cx::population<"CS", m::Integrator>(N, "thresh"_p = 1e9, "drive"_p = 0.0, "V"_v = 0.0, "I"_v = 0.0),
        cx::source<"RampIn", "CS", m::Ramp>("slope"_p = slope, "level"_v = cx::init<m::TwiceId>()),
        cx::synapses<"RingSyn", "Drv", "Tgt">(
            cx::sparse(cx::connect<m::Ring>("shift"_p = 1)),
            cx::wu<m::AddConst>("extra"_p = extra, "g"_v = cx::init<m::PrePost>("offset"_p = offset), "count"_v = 0.0),
            cx::psm<m::ScaledHalving>("scale"_p = scale)),
        cx::synapses<"ConvSyn", "Drv", "Conv">(
            cx::toeplitz(cx::connect_toeplitz<m::Neighbours1D>()),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<m::KernelPlusOne>()),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
}

auto make_sim() {
    cx::options o;
    o.dt = 1.0;
    o.seed = 3;
    o.threads = 1;
    return cx::simulate<cx::cpu, double>(make_net(), o);
}

}  // namespace

TEST_CASE("User models of every family run as written", "[sim][user_models]") {
    auto sim = make_sim();

    SECTION("variable initialisers: value = id * 2 and 100*id_pre + id_post + offset") {
        const auto v = sim.var<"Init", "V">();
        for (std::uint32_t i = 0; i < N; ++i) CHECK(v[i] == 2.0 * i);
        const auto level = sim.var<"RampIn", "level">();
        for (std::uint32_t i = 0; i < N; ++i) CHECK(level[i] == 2.0 * i);
        const auto g = sim.synapse_values<"RingSyn", "g">();
        REQUIRE(g.size() == N);
        for (const auto& s : g) CHECK(s.value == 100.0 * s.pre + s.post + offset);
        const auto k = sim.var<"ConvSyn", "g">();  // kernel weights: one per kernel entry
        REQUIRE(k.size() == 3);
        for (std::uint32_t d = 0; d < 3; ++d) CHECK(k[d] == d + 1.0);
    }

    SECTION("sparse connectivity snippet: exactly the ring") {
        const auto c = sim.connections<"RingSyn">();
        std::vector<std::pair<std::uint32_t, std::uint32_t>> expected;
        for (std::uint32_t i = 0; i < N; ++i) expected.emplace_back(i, (i + 1) % N);
        CHECK(c == expected);
        CHECK(sim.synapse_count<"RingSyn">() == N);
    }

    SECTION("neuron, weight update, postsynaptic model, current source and toeplitz snippet") {
        // Drv: V = n + 1 after step n, spikes when V >= 5 (steps 4, 9, ...) and drops by
        // 2·half = 5. Its spikes of step 4 reach the targets in step 5.
        std::vector<std::uint64_t> drv_spike_steps;
        std::vector<std::array<double, N>> tgt_I, conv_I, cs_I;
        for (std::uint64_t n = 0; n < 9; ++n) {
            sim.step();
            const auto s = sim.current_spikes<"Drv">();
            if (!s.empty()) {
                CHECK(s.size() == N);
                drv_spike_steps.push_back(n);
            }
            std::array<double, N> a{}, b{}, c{};
            for (std::uint32_t i = 0; i < N; ++i) {
                a[i] = sim.var<"Tgt", "I">()[i];
                b[i] = sim.var<"Conv", "I">()[i];
                c[i] = sim.var<"CS", "I">()[i];
            }
            tgt_I.push_back(a);
            conv_I.push_back(b);
            cs_I.push_back(c);
        }
        CHECK(drv_spike_steps == std::vector<std::uint64_t>{4});
        for (std::uint32_t i = 0; i < N; ++i) CHECK(sim.var<"Drv", "V">()[i] == 9.0 - thresh);  // reset used 2·half
        // the weight update's presynaptic code counted the one spike of each neuron
        for (std::uint32_t i = 0; i < N; ++i) CHECK(sim.var<"RingSyn", "count">()[i] == 1.0);

        for (std::uint64_t n = 0; n < 9; ++n) {
            INFO("step " << n);
            for (std::uint32_t j = 0; j < N; ++j) {
                // ring: j receives from i = j − 1 (mod N) the amount g + extra; the PSM
                // injects scale·inSyn and halves inSyn each step
                const std::uint32_t i = (j + N - 1) % N;
                const double x = 100.0 * i + j + offset + extra;
                const double ring = n < 5 ? 0.0 : scale * x * std::pow(0.5, double(n - 5));
                CHECK(tgt_I[n][j] == Approx(ring).epsilon(1e-14));
                // toeplitz: diagonal d carries weight d + 1 from i = j − d + 1; DeltaCurr
                double conv = 0;
                if (n == 5)
                    for (int d = 0; d < 3; ++d) {
                        const int src = int(j) - d + 1;
                        if (src >= 0 && src < int(N)) conv += d + 1.0;
                    }
                CHECK(conv_I[n][j] == conv);
                // current source: level starts at 2·id and grows by slope per step
                CHECK(cs_I[n][j] == Approx(2.0 * j + slope * double(n)).epsilon(1e-14));
            }
        }
        // edge and interior sums of the toeplitz case, by hand: 2+1, 3+2+1, 3+2
        CHECK(conv_I[5][0] == 3.0);
        CHECK(conv_I[5][2] == 6.0);
        CHECK(conv_I[5][N - 1] == 5.0);
    }
}

TEST_CASE("num_batch and psm_var_refs in every context that has them", "[sim][user_models][batch]") {
    namespace m = my_models;
    constexpr std::uint32_t n = 3;
    auto net = cx::network(
        cx::population<"Src", m::Every>(n, "nb"_v = 0.0),
        cx::population<"Dst", m::Every>(n, "nb"_v = 0.0),
        cx::source<"Nb", "Dst", m::NbSource>("lvl"_v = 0.0),
        cx::synapses<"S", "Src", "Dst">(cx::dense(),
                                       cx::wu<m::ReadPsm>("got"_v = 0.0, "pnb"_v = 0.0, "seen"_v = 0.0),
                                       cx::psm<m::TrackPsm>("x"_v = 0.0)));
    cx::options o;
    o.dt = 0.5;
    o.batch = 2;
    o.threads = 1;
    auto sim = cx::simulate<cx::cpu, double>(std::move(net), o);
    constexpr std::uint64_t K = 6;
    for (std::uint64_t k = 0; k < K; ++k) sim.step();
    for (std::uint32_t b = 0; b < 2; ++b) {
        INFO("batch " << b);
        for (std::uint32_t i = 0; i < n; ++i) {
            CHECK(sim.var<"Src", "nb">().batch(b)[i] == 2.0);   // neuron code
            CHECK(sim.var<"Nb", "lvl">().batch(b)[i] == 2.0);   // current source
            CHECK(sim.var<"S", "pnb">().batch(b)[i] == 2.0);    // presynaptic per-neuron code
            // post_dynamics_code ran after the PSM in the last step (t = (K-1) dt) and
            // read x = t + 100 b + num_batch, then added 1000 to it
            const double x_last = double(K - 1) * o.dt + 100.0 * b + 2.0;
            CHECK(sim.var<"S", "seen">().batch(b)[i] == x_last);
            CHECK(sim.var<"S", "x">().batch(b)[i] == x_last + 1000.0);
        }
        // the synapse update of the last step read x as the step before left it
        const double x_prev = double(K - 2) * o.dt + 100.0 * b + 2.0 + 1000.0;
        const auto got = sim.synapse_values<"S", "got">(b);
        REQUIRE(got.size() == n * n);
        for (const auto& s : got) CHECK(s.value == x_prev + 2.0);
    }
}

TEST_CASE("set_pre and prev_set_pre are the arrival times of the last spike-like events", "[sim][user_models][events]") {
    namespace m = my_models;
    for (const std::uint32_t D : {0u, 2u}) {
        INFO("axonal delay " << D);
        auto net = cx::network(
            cx::population<"Pre", m::Counter>(2, "c"_v = 0.0),
            cx::population<"Post", m::Counter>(1, "c"_v = 0.0),
            cx::synapses<"S", "Pre", "Post">(cx::dense(),
                                             cx::wu<m::EventTimes>("ds"_v = 0.0, "dps"_v = 0.0, "es"_v = 0.0, "eps"_v = 0.0,
                                                                   "post_t"_v = 0.0),
                                             cx::psm<cx::postsynaptic::DeltaCurr>(), {.axonal_delay = D}));
        cx::options o;
        o.dt = 1.0;
        o.threads = 1;
        auto sim = cx::simulate<cx::cpu, double>(std::move(net), o);
        constexpr double never = -1e300;  // below: still -TIME_MAX (plus an arrival offset)
        // the last event emitted up to step k (events in steps 2, 5, 8, ...), or -1
        auto last_event = [](std::int64_t k) { return k < 2 ? std::int64_t(-1) : k - (k - 2) % 3; };
        for (std::int64_t n = 0; n < 14; ++n) {
            sim.step();
            INFO("step " << n);
            // the synapse update of step n sees the events emitted up to step n - 1 - D,
            // at their arrival times (emission + (D + 1) dt), as st_pre
            const std::int64_t e = last_event(n - 1 - std::int64_t(D));
            const std::int64_t pe = e < 0 ? -1 : last_event(e - 1);
            const double arrive = double(D + 1);
            for (std::uint32_t i = 0; i < 2; ++i) {
                const double ds = sim.var<"S", "ds">()[i], dps = sim.var<"S", "dps">()[i];
                if (e < 0) CHECK(ds < never);
                else CHECK(ds == double(e) + arrive);
                if (pe < 0) CHECK(dps < never);
                else CHECK(dps == double(pe) + arrive);
                CHECK(sim.var<"S", "post_t">()[i] < never);  // no postsynaptic event condition
                // the event code last ran when the last event arrived
                if (e >= 0) {
                    CHECK(sim.var<"S", "es">()[i] == double(e) + arrive);
                    if (pe < 0) CHECK(sim.var<"S", "eps">()[i] < never);
                    else CHECK(sim.var<"S", "eps">()[i] == double(pe) + arrive);
                }
            }
        }
    }
}

TEST_CASE("postsynaptic spike-like events run post_event_syn_code on their columns; set_post are their arrival times",
          "[sim][user_models][events]") {
    namespace m = my_models;
    constexpr std::uint32_t n_pre = 5, n_post = 4;
    for (const std::uint32_t B : {0u, 2u}) {
        for (const bool dense : {true, false}) {
            INFO("back-propagation delay " << B << (dense ? ", dense" : ", sparse"));
            auto run = [&](auto matrix) {
                auto net = cx::network(
                    cx::population<"Pre", m::Counter>(n_pre, "c"_v = 0.0),
                    cx::population<"Post", m::Counter>(n_post, "c"_v = 0.0),
                    cx::synapses<"S", "Pre", "Post">(matrix,
                                                     cx::wu<m::PostEventTimes>("cnt"_v = 0.0, "ds"_v = 0.0, "dps"_v = 0.0, "es"_v = 0.0,
                                                                               "eps"_v = 0.0, "pre_t"_v = 0.0),
                                                     cx::psm<cx::postsynaptic::DeltaCurr>(), {.back_prop_delay = B}));
                cx::options o;
                o.dt = 1.0;
                o.threads = 2;
                o.min_per_thread = 1;
                auto sim = cx::simulate<cx::cpu, double>(std::move(net), o);
                constexpr double never = -1e300;  // below: still -TIME_MAX (plus an arrival offset)
                // the last event of postsynaptic neuron j emitted up to step k, or -1
                auto last_event = [](std::int64_t j, std::int64_t k) {
                    for (; k >= 0; --k) if ((k + 1 + j) % 3 == 0) return k;
                    return std::int64_t(-1);
                };
                std::size_t synapses = 0;
                for (std::int64_t n = 0; n < 14; ++n) {
                    sim.step();
                    INFO("step " << n);
                    // the synapse update of step n sees the events emitted up to n - 1 - B,
                    // at their arrival times (emission + (B + 1) dt), as st_post
                    const double arrive = double(B + 1);
                    const auto cnt = sim.template synapse_values<"S", "cnt">(), ds = sim.template synapse_values<"S", "ds">(),
                               dps = sim.template synapse_values<"S", "dps">(), es = sim.template synapse_values<"S", "es">(),
                               eps = sim.template synapse_values<"S", "eps">(), pre_t = sim.template synapse_values<"S", "pre_t">();
                    synapses = cnt.size();
                    for (std::size_t k = 0; k < cnt.size(); ++k) {
                        const std::int64_t j = cnt[k].post, upto = n - 1 - std::int64_t(B);
                        const std::int64_t e = last_event(j, upto), pe = e < 0 ? -1 : last_event(j, e - 1);
                        std::int64_t count = 0;
                        for (std::int64_t q = 0; q <= upto; ++q) count += (q + 1 + j) % 3 == 0;
                        CHECK(cnt[k].value == double(count));
                        // (before anything can have arrived, n < 1 + B, the view reads the
                        // slot of step 0, as it does for st_post)
                        if (upto >= 0) {
                            if (e < 0) CHECK(ds[k].value < never);
                            else CHECK(ds[k].value == double(e) + arrive);
                            if (pe < 0) CHECK(dps[k].value < never);
                            else CHECK(dps[k].value == double(pe) + arrive);
                        }
                        if (e >= 0) {  // the event code last ran when the last event arrived
                            CHECK(es[k].value == double(e) + arrive);
                            if (pe < 0) CHECK(eps[k].value < never);
                            else CHECK(eps[k].value == double(pe) + arrive);
                        }
                        CHECK(pre_t[k].value < never);  // no presynaptic events
                    }
                }
                return synapses;
            };
            const std::size_t synapses = dense ? run(cx::dense())
                                               : run(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.5)));
            if (dense) CHECK(synapses == n_pre * n_post);
            else CHECK(synapses > 0);
        }
    }
}

TEST_CASE("a postsynaptic event condition on a postsynaptic variable: counts per synapse against the recorded variable",
          "[sim][user_models][events]") {
    namespace m = my_models;
    constexpr std::uint32_t n_pre = 7, n_post = 40;
    constexpr std::int64_t steps = 60;
    constexpr double level = 0.3;
    for (const std::uint32_t B : {0u, 3u}) {
        INFO("back-propagation delay " << B);
        auto net = cx::network(
            cx::population<"Pre", m::Counter>(n_pre, "c"_v = 0.0),
            cx::population<"Post", m::Walker>(n_post, "V"_v = 0.0),
            cx::synapses<"S", "Pre", "Post">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.4)),
                                             cx::wu<m::CountPostEvents>("level"_p = level, "cnt"_v = 0.0, "spk"_v = 0.0),
                                             cx::psm<cx::postsynaptic::DeltaCurr>(), {.back_prop_delay = B}));
        cx::options o;
        o.dt = 0.5;
        o.batch = 2;
        o.threads = 3;
        o.min_per_thread = 1;
        o.seed = 7;
        auto sim = cx::simulate<cx::cpu, double>(std::move(net), o);
        sim.record_var<"Post", "V">(1, steps + 1);
        sim.run(double(steps) * o.dt);
        for (std::uint32_t b = 0; b < 2; ++b) {
            INFO("batch " << b);
            // sample k + 1 is V after step k, which the condition of step k read; the
            // synapse update of the last step (steps - 1) has seen the events of steps
            // up to steps - 2 - B
            const auto trace = sim.var_trace<"Post", "V">(b);
            REQUIRE(trace.values.size() == std::size_t(steps + 1) * n_post);
            std::vector<double> expected(n_post, 0.0);
            std::size_t events = 0;
            for (std::int64_t k = 0; k <= steps - 2 - std::int64_t(B); ++k)
                for (std::uint32_t j = 0; j < n_post; ++j)
                    if (trace.values[std::size_t(k + 1) * n_post + j] > level) { expected[j] += 1.0; ++events; }
            CHECK(events > 50);  // the condition holds often, not always
            CHECK(events < std::size_t(steps) * n_post / 2);
            const auto cnt = sim.synapse_values<"S", "cnt">(b);
            REQUIRE(cnt.size() > 0);
            for (const auto& c : cnt) CHECK(c.value == expected[c.post]);
            for (const auto& c : sim.synapse_values<"S", "spk">(b)) CHECK(c.value == 0.0);
        }
    }
}

TEST_CASE("a snapshot keeps the postsynaptic events in flight and their times", "[sim][user_models][events]") {
    namespace m = my_models;
    auto net = cx::network(
        cx::population<"Pre", m::Counter>(3, "c"_v = 0.0),
        cx::population<"Post", m::Counter>(4, "c"_v = 0.0),
        cx::synapses<"S", "Pre", "Post">(cx::dense(),
                                         cx::wu<m::PostEventTimes>("cnt"_v = 0.0, "ds"_v = 0.0, "dps"_v = 0.0, "es"_v = 0.0,
                                                                   "eps"_v = 0.0, "pre_t"_v = 0.0),
                                         cx::psm<cx::postsynaptic::DeltaCurr>(), {.back_prop_delay = 3}));
    auto sim = cx::simulate<cx::cpu, double>(std::move(net), {.dt = 1.0, .threads = 1});
    for (int k = 0; k < 5; ++k) sim.step();
    const auto s = sim.snapshot();  // events of steps 2 to 4 are still on their way
    auto state = [&] {
        std::vector<double> out;
        for (const auto& x : sim.synapse_values<"S", "cnt">()) out.push_back(x.value);
        for (const auto& x : sim.synapse_values<"S", "es">()) out.push_back(x.value);
        for (const auto& x : sim.synapse_values<"S", "dps">()) out.push_back(x.value);
        return out;
    };
    for (int k = 0; k < 6; ++k) sim.step();
    const auto first = state();
    // other events in the queue now: its 4 slots hold steps 14 to 17, whose events (a
    // pattern of period 3) differ from those of steps 2 to 4 in the same slots
    for (int k = 0; k < 7; ++k) sim.step();
    sim.restore(s);
    for (int k = 0; k < 6; ++k) sim.step();
    CHECK(state() == first);
    // and the counts are the hand-computed ones: events of neuron j in steps k <= 6 with
    // (k + 1 + j) % 3 == 0 (the last step run, 10, sees those up to 10 - 1 - 3)
    for (const auto& x : sim.synapse_values<"S", "cnt">()) {
        double count = 0;
        for (std::uint32_t k = 0; k <= 6; ++k) count += (k + 1 + x.post) % 3 == 0;
        CHECK(x.value == count);
    }
}

TEST_CASE("record_spike_events records each event condition of a population, read per synapse group and side",
          "[sim][user_models][events][recording]") {
    namespace m = my_models;
    constexpr std::uint32_t n_pre = 5, n_post = 36;  // two words per row on the postsynaptic side
    auto net = cx::network(
        cx::population<"Pre", m::Counter>(n_pre, "c"_v = 0.0),
        cx::population<"Post", m::Counter>(n_post, "c"_v = 0.0),
        cx::population<"Quiet", m::Counter>(2, "c"_v = 0.0),
        cx::synapses<"S", "Pre", "Post">(cx::dense(),
                                         cx::wu<m::PostEventTimes>("cnt"_v = 0.0, "ds"_v = 0.0, "dps"_v = 0.0, "es"_v = 0.0,
                                                                   "eps"_v = 0.0, "pre_t"_v = 0.0),
                                         cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"E", "Pre", "Post">(cx::dense(),
                                         cx::wu<m::EventTimes>("ds"_v = 0.0, "dps"_v = 0.0, "es"_v = 0.0, "eps"_v = 0.0, "post_t"_v = 0.0),
                                         cx::psm<cx::postsynaptic::DeltaCurr>()));
    cx::options o;
    o.dt = 0.5;
    o.batch = 2;
    o.threads = 2;
    o.min_per_thread = 1;
    auto sim = cx::simulate<cx::cpu, double>(std::move(net), o);
    CHECK_THROWS(sim.record_spike_events<"Quiet">(4));       // no event condition there
    CHECK_THROWS(sim.post_spike_events<"S">());             // not recorded yet
    sim.record_spike_events<"Pre">(20);
    sim.step();
    sim.step();
    sim.record_spike_events<"Post">(8);  // from step 2 on, the last 8 steps kept
    sim.run(10 * o.dt);                  // steps 2..11
    CHECK_THROWS(sim.pre_spike_events<"S">());  // S has no presynaptic condition
    CHECK_THROWS(sim.post_spike_events<"S">(2));  // batch entry out of range
    for (std::uint32_t b = 0; b < 2; ++b) {
        INFO("batch " << b);
        // postsynaptic events of S: neuron j in the steps k with (k + 1 + j) % 3 == 0,
        // steps 4..11 (the buffer's last 8), in step order and increasing id within a step
        std::vector<double> times;
        std::vector<std::uint32_t> ids;
        for (std::int64_t k = 4; k < 12; ++k)
            for (std::uint32_t j = 0; j < n_post; ++j)
                if ((k + 1 + j) % 3 == 0) { times.push_back(double(k) * o.dt); ids.push_back(j); }
        const auto post = sim.post_spike_events<"S">(b);
        CHECK(post.times == times);
        CHECK(post.ids == ids);
        // presynaptic events of E: every neuron in steps 2, 5, 8, 11, recorded from step 0
        times.clear();
        ids.clear();
        for (std::int64_t k = 0; k < 12; ++k)
            if ((k + 1) % 3 == 0)
                for (std::uint32_t i = 0; i < n_pre; ++i) { times.push_back(double(k) * o.dt); ids.push_back(i); }
        const auto pre = sim.pre_spike_events<"E">(b);
        CHECK(pre.times == times);
        CHECK(pre.ids == ids);
    }
}

TEST_CASE("with an axonal delay D, synaptic code reads presynaptic variables as of step n-1-D", "[sim][user_models][delays]") {
    namespace m = my_models;
    for (const std::uint32_t D : {0u, 1u, 3u}) {
        INFO("axonal delay " << D);
        // two groups from Pre, with different delays: Pre keeps max(D, 2) + 1 slots
        auto net = cx::network(
            cx::population<"Pre", m::Counter>(3, "c"_v = 0.0),
            cx::population<"Post", m::Counter>(2, "c"_v = 0.0),
            cx::synapses<"S", "Pre", "Post">(cx::dense(), cx::wu<m::ReadPreC>("seen"_v = -1.0, "seen_pc"_v = -1.0, "pc"_v = 0.0),
                                             cx::psm<cx::postsynaptic::DeltaCurr>(), {.axonal_delay = D}),
            cx::synapses<"Other", "Pre", "Post">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.0),
                                                 cx::psm<cx::postsynaptic::DeltaCurr>(), {.axonal_delay = 2}));
        cx::options o;
        o.dt = 0.25;
        o.threads = 1;
        o.batch = 2;
        auto sim = cx::simulate<cx::cpu, double>(std::move(net), o);
        for (std::int64_t n = 0; n < 12; ++n) {
            sim.step();
            INFO("step " << n);
            // c = k + 1 after step k (0 before step 0): the synapse update of step n reads
            // c as step n-1-D left it
            const std::int64_t k = n - 1 - std::int64_t(D);
            const double expected = k < 0 ? 0.0 : double(k + 1);
            // the weight update's own pre_vars likewise (pc = 10 c, updated by pre_dynamics_code)
            for (std::uint32_t b = 0; b < 2; ++b) {
                for (double v : sim.var<"S", "seen">().batch(b)) CHECK(v == expected);
                for (double v : sim.var<"S", "seen_pc">().batch(b)) CHECK(v == 10.0 * expected);
            }
        }
    }
}

TEST_CASE("target_var and pre_target_var send inputs to additional input variables", "[sim][user_models][inputs]") {
    using namespace inputs_test;
    for (const bool fuse : {false, true}) {
        INFO("fuse_postsynaptic " << fuse);
        cx::options o;
        o.dt = 1.0;
        o.batch = 2;
        o.threads = 2;
        o.fuse_postsynaptic = fuse;
        auto sim = cx::simulate<cx::cpu, double>(inputs_net(), o);
        for (int steps = 1; steps <= 6; ++steps) {
            INFO("after " << steps << " steps");
            const auto r = run_inputs(sim, 1);
            REQUIRE(r.V.size() == 2 * n_target);
            REQUIRE(r.B.size() == 2 * n_ticker);
            // Isyn carries Dsyn and Syn only, Iext (reset to 1 each step) Dext and Ext only
            for (double v : r.V) CHECK(v == expected_V(steps));
            for (double w : r.W) CHECK(w == expected_W(steps));
            // addToPre reaches Iback in its own step; nothing reaches T's Isyn
            for (double b : r.B) CHECK(b == expected_B(steps));
            for (double c : r.C) CHECK(c == 0.0);
        }
    }
}

TEST_CASE("x[d] in synaptic code reads postsynaptic state as it was d steps ago", "[sim][user_models][delays]") {
    auto make = [](std::uint32_t max_dendritic) { return inputs_test::delayed_net(max_dendritic); };
    cx::options o;
    o.dt = 0.5;
    o.threads = 2;
    o.batch = 2;
    auto sim = cx::simulate<cx::cpu, double>(make(4), o);
    for (std::int64_t n = 0; n < 12; ++n) {
        sim.step();
        INFO("step " << n);
        for (std::uint32_t b = 0; b < 2; ++b) {
            INFO("batch " << b);
            // the synapse update of step n runs before its neuron update: c as step
            // n-1-d left it is (n - d)(1 + b), or the initial 0 before the simulation
            auto c_at = [&](std::int64_t d) { return n - d < 0 ? 0.0 : double(n - d) * (1.0 + b); };
            const auto rc = sim.var<"S", "rc">().batch(b), rq = sim.var<"S", "rq">().batch(b), rx = sim.var<"S", "rx">().batch(b);
            const auto r2 = sim.var<"S", "r2">().batch(b), r6 = sim.var<"S", "r6">().batch(b);
            // the presynaptic pc (pc = k + 1 after step k) through the axonal delay of 2
            const auto rp = sim.var<"S", "rp">().batch(b);
            for (std::uint32_t j = 0; j < 5; ++j) {
                INFO("synapse to " << j << " (delay " << j << ")");
                CHECK(rc[j] == c_at(j));
                CHECK(rq[j] == 10.0 * c_at(j));
                CHECK(rx[j] == 100.0 * c_at(j));
                CHECK(r2[j] == c_at(2));
                CHECK(r6[j] == c_at(1));
                CHECK(rp[j] == (n - 2 < 0 ? 0.0 : double(n - 2)));
            }
        }
    }
    // the history needs max_dendritic_delay: without it, an error naming the group
    try {
        auto bad = cx::simulate<cx::cpu, double>(make(0), o);
        FAIL("a delayed read without max_dendritic_delay was accepted");
    } catch (const cx::error& e) {
        CHECK(e.group() == "S");
        CHECK(e.field() == "max_dendritic_delay");
    }
}

TEST_CASE("x[d] of a postsynaptic model's variable, with no per-neuron weight-update code", "[sim][user_models][delays]") {
    // nothing else makes Post's update per neuron: the batched CPU neuron update must
    // still keep the history (backend/cpu/neuron_batch.hpp)
    auto net = cx::network(
        cx::population<"Pre", inputs_test::Count>(1, "c"_v = 0.0),
        cx::population<"Post", inputs_test::BatchCounter>(300, "c"_v = 0.0),
        cx::synapses<"S", "Pre", "Post">(cx::dense(), cx::wu<my_models::ReadX>("rx"_v = -1.0), cx::psm<inputs_test::CountPsm>("x"_v = 0.0),
                                         {.max_dendritic_delay = 3}));
    cx::options o;
    o.dt = 1.0;
    o.batch = 2;
    auto sim = cx::simulate<cx::cpu, double>(std::move(net), o);
    for (std::int64_t n = 0; n < 8; ++n) {
        sim.step();
        INFO("step " << n);
        for (std::uint32_t b = 0; b < 2; ++b)
            for (double v : sim.var<"S", "rx">().batch(b)) CHECK(v == (n - 2 < 0 ? 0.0 : 100.0 * double(n - 2) * (1.0 + b)));
    }
}
