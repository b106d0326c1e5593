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
