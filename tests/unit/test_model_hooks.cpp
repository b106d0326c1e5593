// The model hooks (models/hooks.hpp) on user models: each hook a built-in uses
// (check_shapes: Conv2D; host_row_lengths: FixedNumberTotal; check_state:
// SpikeSourceArray; kernel_egp: Kernel) runs the same way for a user's own model, which
// the engine knows only by its members.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cortexpr/cortexpr.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

using namespace cx::literals;

namespace hook_models {

/// One-to-one over a w × h grid: both populations must have w·h neurons.
struct Grid {
    static constexpr std::string_view name = "Grid";
    static constexpr auto params = cortexpr::params(cortexpr::param("w", "int"), cortexpr::param("h", "int"));
    static constexpr cortexpr::code row_build_code = "addSynapse(id_pre);\n";
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 1; }
    static void check_shapes(const cortexpr::shape_context& c) {
        const double cells = c.params[0] * c.params[1];
        if (cells != c.n_pre || cells != c.n_post)
            c.fail("w", "grid of w·h = ", cells, " cells, but the populations have ", c.n_pre, " and ", c.n_post, " neurons");
    }
};

/// Row i connects to targets 0 .. len(i) − 1, len(i) = (i · step) mod 4, drawn by the host
/// into the EGP rowLength; the hook returns `bound` as the longest row (0: the true one).
struct HostLengths {
    static constexpr std::string_view name = "HostLengths";
    static constexpr auto params = cortexpr::params(cortexpr::param("step", "unsigned int"), cortexpr::param("bound", "unsigned int"));
    static constexpr auto extra_global_params = cortexpr::extra_global_params(cortexpr::egp("rowLength", "unsigned int*"));
    static constexpr cortexpr::code row_build_code =
        "for (unsigned int j = 0; j < rowLength[id_pre]; j++) {\n"
        "    addSynapse(j);\n"
        "}\n";
    static std::uint32_t host_row_lengths(const cortexpr::row_length_context& c) {
        const cortexpr::host_array lengths = c.allocate_egp("rowLength", c.n_pre);
        const auto len = lengths.as<std::uint32_t>();
        std::uint32_t longest = 0;
        for (std::uint32_t i = 0; i < c.n_pre; ++i) {
            len[i] = (i * std::uint32_t(c.params[0])) % 4;
            if (len[i] > c.n_post) c.fail("step", "row ", i, " would need ", len[i], " targets, there are ", c.n_post);
            longest = std::max(longest, len[i]);
        }
        return c.params[1] > 0 ? std::uint32_t(c.params[1]) : longest;
    }
};

/// Fires at times[next] and moves on while next < last: like SpikeSourceArray, it may
/// leave `times` unallocated while no neuron has times left, which its hook checks.
struct Replay {
    static constexpr std::string_view name = "Replay";
    static constexpr auto vars = cortexpr::vars(cortexpr::var("next", "unsigned int"), cortexpr::var("last", "unsigned int"));
    static constexpr auto extra_global_params = cortexpr::extra_global_params(cortexpr::egp("times", "scalar*"));
    static constexpr cortexpr::code threshold_condition_code = "next < last && t >= times[next]";
    static constexpr cortexpr::code reset_code = "next++;\n";
    static void check_state(const cortexpr::state_context& c) {
        const auto next = c.var("next").as<std::uint32_t>(), last = c.var("last").as<std::uint32_t>();
        const std::size_t have = c.egp("times").size;
        for (std::size_t i = 0; i < next.size(); ++i)
            if (next[i] < last[i] && last[i] > have) c.fail("times", "neuron ", i, " replays up to index ", last[i], ", there are ", have, " times");
    }
};

/// A 3-tap "same" convolution; both populations must have the same size.
struct Taps3 {
    static constexpr std::string_view name = "Taps3";
    static constexpr cortexpr::code diagonal_build_code =
        "for_each_synapse {\n"
        "    const int post = (int)id_pre + (int)id_diag - 1;\n"
        "    if (post >= 0 && post < (int)num_post) {\n"
        "        addSynapse(post, id_diag);\n"
        "    }\n"
        "}\n";
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 3; }
    static constexpr std::array<std::uint32_t, 4> kernel_size(std::span<const double>) { return {3, 1, 1, 1}; }
    static void check_shapes(const cortexpr::shape_context& c) {
        if (c.n_pre != c.n_post) c.fail("connectivity", "a same convolution needs equal sizes, got ", c.n_pre, " and ", c.n_post);
    }
};

/// value = table[id_kernel]; the engine checks id_kernel against table's size.
struct Table {
    static constexpr std::string_view name = "Table";
    static constexpr auto extra_global_params = cortexpr::extra_global_params(cortexpr::egp("table", "scalar*"));
    static constexpr std::string_view kernel_egp = "table";
    static constexpr cortexpr::code var_init_code = "value = table[id_kernel];\n";
};

/// A weight update with a connectivity snippet's hook: refused as a member it would ignore.
struct WrongFamily {
    static constexpr std::string_view name = "WrongFamily";
    static constexpr cortexpr::code pre_spike_syn_code = "addToPost(1.0);\n";
    static void check_shapes(const cortexpr::shape_context&) {}
};

}  // namespace hook_models

namespace {

namespace m = hook_models;

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const cx::error& e) {
        return e.what();
    }
    FAIL("no cx::error was thrown");
    return {};
}

cx::options opts() {
    cx::options o;
    o.dt = 1.0;
    o.threads = 1;
    return o;
}

template <class Conn>
auto sparse_net(std::uint32_t n_pre, std::uint32_t n_post, Conn conn) {
    return cx::network(
        cx::population<"A", cx::neuron::Poisson>(n_pre, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::population<"B", cx::neuron::Poisson>(n_post, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::synapses<"S", "A", "B">(cx::sparse(conn), cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0),
                                    cx::psm<cx::postsynaptic::DeltaCurr>()));
}

auto conv_net(std::uint32_t n_pre, std::uint32_t n_post, std::vector<double> table) {
    return cx::network(
        cx::population<"A", cx::neuron::Poisson>(n_pre, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::population<"B", cx::neuron::Poisson>(n_post, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::synapses<"C", "A", "B">(cx::toeplitz(cx::connect_toeplitz<m::Taps3>()),
                                    cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<m::Table>("table"_e = std::move(table))),
                                    cx::psm<cx::postsynaptic::DeltaCurr>()));
}

auto replay_net() {
    return cx::network(cx::population<"R", m::Replay>(4, "next"_v = 0.0, "last"_v = 0.0));
}

}  // namespace

TEST_CASE("check_shapes of a user's sparse and toeplitz snippets", "[hooks]") {
    const auto grid = [](std::uint32_t n, double w, double h) {
        return sparse_net(n, n, cx::connect<m::Grid>("w"_p = w, "h"_p = h));
    };
    auto sim = cx::simulate<cx::cpu>(grid(12, 3, 4), opts());
    CHECK(sim.synapse_count<"S">() == 12);
    CHECK(error_of([&] { cx::simulate<cx::cpu>(grid(12, 5, 2), opts()); }) ==
          "S.w: grid of w·h = 10 cells, but the populations have 12 and 12 neurons");
    // parameter checks first: a non-integer w is refused as an int parameter
    CHECK(error_of([&] { cx::simulate<cx::cpu>(grid(12, 1.5, 8), opts()); }).find("S.connectivity.w") == 0);

    CHECK(error_of([&] { cx::simulate<cx::cpu>(conv_net(5, 6, {1.0, 2.0, 3.0}), opts()); }) ==
          "C.connectivity: a same convolution needs equal sizes, got 5 and 6");
}

TEST_CASE("host_row_lengths of a user's sparse snippet", "[hooks]") {
    constexpr std::uint32_t n_pre = 7, n_post = 5;
    const auto net = [](double step, double bound) {
        return sparse_net(n_pre, n_post, cx::connect<m::HostLengths>("step"_p = step, "bound"_p = bound));
    };
    for (const double step : {1.0, 3.0}) {
        auto sim = cx::simulate<cx::cpu>(net(step, 0), opts());
        std::vector<std::pair<std::uint32_t, std::uint32_t>> expected;
        for (std::uint32_t i = 0; i < n_pre; ++i)
            for (std::uint32_t j = 0; j < (i * std::uint32_t(step)) % 4; ++j) expected.emplace_back(i, j);
        CHECK(sim.connections<"S">() == expected);
    }
    // the returned longest row bounds the rows' capacity
    CHECK(error_of([&] { cx::simulate<cx::cpu>(net(1, 2), opts()); }) == "S.connectivity: row 3 exceeds its capacity of 2 synapses (max_row_length)");
    // the hook's own error names the group and its field
    CHECK(error_of([&] { cx::simulate<cx::cpu>(sparse_net(n_pre, 2, cx::connect<m::HostLengths>("step"_p = 1.0, "bound"_p = 0.0)), opts()); }) ==
          "S.step: row 3 would need 3 targets, there are 2");
}

TEST_CASE("check_state of a user's neuron model", "[hooks]") {
    auto sim = cx::simulate<cx::cpu>(replay_net(), opts());
    // nothing to replay: `times` may stay unallocated (the hook, not the generic EGP
    // check, decides)
    sim.run(2.0);
    sim.var<"R", "last">()[2] = 3;
    CHECK(error_of([&] { sim.run(1.0); }) == "R.times: neuron 2 replays up to index 3, there are 0 times");
    CHECK(error_of([&] { sim.step(); }) == "R.times: neuron 2 replays up to index 3, there are 0 times");
    sim.set_egp<"R", "times">(std::vector<double>{0.0, 4.0, 5.0});
    std::vector<std::uint64_t> fired;
    for (std::uint64_t n = 0; n < 8; ++n) {
        sim.step();
        if (!sim.current_spikes<"R">().empty()) fired.push_back(sim.timestep() - 1);
    }
    CHECK(fired == std::vector<std::uint64_t>{2, 4, 5});  // times 0 (due since t = 0), 4 and 5; the run started at t = 2
}

TEST_CASE("kernel_egp of a user's variable initialiser", "[hooks]") {
    auto sim = cx::simulate<cx::cpu>(conv_net(6, 6, {0.5, -1.0, 2.0}), opts());
    const auto g = sim.var<"C", "g">();
    REQUIRE(g.size() == 3);
    CHECK(g[0] == 0.5f);
    CHECK(g[1] == -1.0f);
    CHECK(g[2] == 2.0f);
    CHECK(error_of([&] { cx::simulate<cx::cpu>(conv_net(6, 6, {0.5, -1.0}), opts()); }) ==
          "C.g.table: extra global parameter has 2 elements, the connectivity uses kernel entry 2");
}

TEST_CASE("hooks are members of their families only", "[hooks]") {
    constexpr auto msg = cortexpr::detail::member_check<m::WrongFamily>(cortexpr::family::weight_update, "WrongFamily");
    CHECK(msg.view().find("'check_shapes' is not a member of a weight update model") != std::string_view::npos);
    CHECK(cortexpr::detail::member_check<m::Replay>(cortexpr::family::neuron, "Replay").size == 0);
    CHECK(cortexpr::detail::member_check<m::HostLengths>(cortexpr::family::sparse_init, "HostLengths").size == 0);
    CHECK(cortexpr::detail::member_check<m::Table>(cortexpr::family::var_init, "Table").size == 0);
    CHECK(cortexpr::detail::member_check<m::Taps3>(cortexpr::family::toeplitz_init, "Taps3").size == 0);
}
