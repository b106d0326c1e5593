// Custom connectivity updates on the CPU backend (cx::connectivity_update, sim.custom_update):
// removing synapses by a condition (against a count made here from the values before),
// adding them (against the rows expected here), per-synapse state moving with its synapse
// (a tag that encodes each synapse's (pre, post) at initialisation, the update's own
// variables), rows kept sorted and column lists consistent with them, host_update_code
// running first, results equal for 1 and 4 threads, and the error for a full row.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace ccu_test {
struct Hold {
    static constexpr std::string_view name = "Hold";
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += 0.0;";
    static constexpr cx::code threshold_condition_code = "false";
};
/// Row i: `num` synapses to (i + 2 j) % num_post; room for `cap` per row.
struct Band {
    static constexpr std::string_view name = "Band";
    static constexpr auto params = cx::params(cx::param("num", "unsigned int"), cx::param("cap", "unsigned int"));
    static constexpr cx::code row_build_code = "for (unsigned int j = 0; j < num; j++) addSynapse((id_pre + 2 * j) % num_post);";
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double> p) { return std::uint32_t(p[1]); }
};
/// 1000 id_pre + id_post: a synapse's identity, to follow it through moves.
struct Tag {
    static constexpr std::string_view name = "Tag";
    static constexpr cx::code var_init_code = "value = id_pre * 1000 + id_post;";
};
/// Weights and tags; learns from postsynaptic spikes, so the group keeps column lists.
struct Tagged {
    static constexpr std::string_view name = "Tagged";
    static constexpr auto vars = cx::vars("g", "tag");
    static constexpr cx::code pre_spike_syn_code = "addToPost(g);";
    static constexpr cx::code post_spike_syn_code = "g += 0.0;";
};
struct Prune {
    static constexpr std::string_view name = "Prune";
    static constexpr auto params = cx::params("threshold");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
    static constexpr cx::code row_update_code = "for_each_synapse {\n    if (g < threshold) remove_synapse();\n}\n";
};
/// Adds synapse (i, (7 i + 3) % num_post) with age 2 and weight w, where the presynaptic V > vmin.
struct Grow {
    static constexpr std::string_view name = "Grow";
    static constexpr auto params = cx::params("w", "vmin");
    static constexpr auto vars = cx::vars("age");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
    static constexpr auto pre_var_refs = cx::var_refs(cx::var_ref("Vpre", "scalar"));
    static constexpr cx::code row_update_code = "if (Vpre > vmin) add_synapse((7 * id_pre + 3) % num_post, 2.0, w);";
};
/// Removes the synapses whose age (the update's own per-synapse variable) is above 1.
struct Age {
    static constexpr std::string_view name = "Age";
    static constexpr auto vars = cx::vars("age");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
    static constexpr cx::code row_update_code = "for_each_synapse { if (age > 1.0) remove_synapse(); }";
};
/// host_update_code first: it sets each row's budget, which the row code spends.
struct Budget {
    static constexpr std::string_view name = "Budget";
    static constexpr auto pre_vars = cx::vars("budget");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
    static void host_update_code(cx::connectivity_host& h) {
        auto b = h.pre_var<float>("budget");
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = float(i % 3);
    }
    static constexpr cx::code row_update_code =
        "for (unsigned int n = 0; n < (unsigned int)budget; n++) add_synapse((id_pre + 2 * n + 1) % num_post, 0.5);";
};
/// Grows synapses of age 2 and prunes those older than 1, by the update's own variable.
struct GrowAge {
    static constexpr std::string_view name = "GrowAge";
    static constexpr auto vars = cx::vars("age");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
    static constexpr cx::code row_update_code =
        "for_each_synapse { if (age > 1.0) remove_synapse(); }\n"
        "if (row_length < row_stride && id_pre % 2 == 0) add_synapse((5 * id_pre + 1) % num_post, 2.0, 0.75);";
};
/// Doubles the weights (a custom update in the same update group as Prune).
struct Double {
    static constexpr std::string_view name = "Double";
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "g *= 2.0;";
};
/// Deep R's move: drop weak synapses, regrow as many at random targets.
struct Rewire {
    static constexpr std::string_view name = "Rewire";
    static constexpr auto params = cx::params("threshold");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
    static constexpr cx::code row_update_code =
        "unsigned int gone = 0;\n"
        "for_each_synapse { if (g < threshold) { remove_synapse(); gone++; } }\n"
        "for (unsigned int n = 0; n < gone; n++) add_synapse(gennrand() % num_post, threshold + gennrand_uniform());";
};
}  // namespace ccu_test

namespace {
using namespace ccu_test;
constexpr std::uint32_t n_pre = 20, n_post = 30;

template <class... U>
auto make_net(std::uint32_t num, std::uint32_t cap, U... ups) {
    return cx::network(
        cx::population<"Pre", Hold>(n_pre, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 1.0)),
        cx::population<"Post", Hold>(n_post, "V"_v = 0.0),
        cx::synapses<"S", "Pre", "Post">(cx::sparse(cx::connect<Band>("num"_p = num, "cap"_p = cap)),
                                         cx::wu<Tagged>("g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 1.0),
                                                        "tag"_v = cx::init<Tag>()),
                                         cx::psm<cx::postsynaptic::DeltaCurr>()),
        ups...);
}

/// (pre, post) -> weights and tags, from the host view.
template <class Sim>
auto synapses(Sim& sim) {
    std::multimap<std::pair<std::uint32_t, std::uint32_t>, std::pair<float, float>> out;
    const auto g = sim.template synapse_values<"S", "g">();
    const auto tag = sim.template synapse_values<"S", "tag">();
    REQUIRE(g.size() == tag.size());
    for (std::size_t k = 0; k < g.size(); ++k) {
        REQUIRE(g[k].pre == tag[k].pre);
        REQUIRE(g[k].post == tag[k].post);
        out.emplace(std::pair{g[k].pre, g[k].post}, std::pair{g[k].value, tag[k].value});
    }
    return out;
}

/// Rows sorted by postsynaptic index, row lengths within capacity, and every column list
/// holding exactly the synapses whose postsynaptic index it is.
template <class Sim>
void require_consistent(Sim& sim) {
    auto& g = sim.engine().template store<2>();
    std::map<std::uint32_t, std::vector<std::uint32_t>> cols;
    for (std::uint32_t i = 0; i < g.n_pre; ++i) {
        REQUIRE(g.row_length[i] <= g.stride);
        for (std::uint32_t k = 0; k < g.row_length[i]; ++k) {
            const std::size_t syn = std::size_t(i) * g.stride + k;
            const std::uint32_t j = cx::detail::post_index(g, syn);
            REQUIRE(j < g.n_post);
            if (k > 0) REQUIRE(cx::detail::post_index(g, syn - 1) <= j);
            cols[j].push_back(std::uint32_t(syn));
        }
    }
    for (std::uint32_t j = 0; j < g.n_post; ++j) {
        std::vector<std::uint32_t> listed(g.col_syn.begin() + std::ptrdiff_t(std::size_t(j) * g.col_stride),
                                          g.col_syn.begin() + std::ptrdiff_t(std::size_t(j) * g.col_stride + g.col_length[j]));
        std::sort(listed.begin(), listed.end());
        REQUIRE(listed == cols[j]);
    }
}
}  // namespace

TEST_CASE("custom connectivity: remove_synapse removes exactly the synapses the condition names", "[custom_connectivity]") {
    auto net = make_net(8, 10, cx::connectivity_update<"P", "Prune", "S", Prune>("threshold"_p = 0.4, "g"_r = cx::ref<"S", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 11});
    const auto before = synapses(sim);
    REQUIRE(before.size() == n_pre * 8);
    std::size_t keep = 0;
    for (const auto& [ij, v] : before) keep += v.first >= 0.4f;
    REQUIRE(keep > 40);
    REQUIRE(keep < before.size());
    sim.custom_update("Prune");
    const auto after = synapses(sim);
    REQUIRE(after.size() == keep);
    REQUIRE(sim.template synapse_count<"S">() == keep);
    for (const auto& [ij, v] : after) {
        REQUIRE(v.first >= 0.4f);
        REQUIRE(v.second == float(ij.first * 1000 + ij.second));  // the tag moved with its synapse
        // the weight is the one this synapse had
        auto [lo, hi] = before.equal_range(ij);
        REQUIRE(std::any_of(lo, hi, [&](const auto& b) { return b.second == v; }));
    }
    require_consistent(sim);
    // idempotent: nothing left below the threshold
    sim.custom_update("Prune");
    REQUIRE(synapses(sim).size() == keep);
}

TEST_CASE("custom connectivity: add_synapse puts synapses in sorted place with the given values", "[custom_connectivity]") {
    auto net = make_net(5, 8,
                        cx::connectivity_update<"G", "Grow", "S", Grow>("w"_p = 0.25, "vmin"_p = 0.3, "age"_v = 0.0,
                                                                         "g"_r = cx::ref<"S", "g">, "Vpre"_r = cx::ref<"Pre", "V">),
                        cx::connectivity_update<"A", "Age", "S", Age>("age"_v = 0.0, "g"_r = cx::ref<"S", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 5});
    const auto before = synapses(sim);
    const auto vpre = sim.template var<"Pre", "V">();
    std::vector<float> v(vpre.batch(0).begin(), vpre.batch(0).end());
    std::size_t grown = 0;
    for (std::uint32_t i = 0; i < n_pre; ++i) grown += v[i] > 0.3f;
    REQUIRE(grown > 3);
    REQUIRE(grown < n_pre);
    sim.custom_update("Grow");
    const auto after = synapses(sim);
    REQUIRE(after.size() == before.size() + grown);
    auto expected = before;
    for (std::uint32_t i = 0; i < n_pre; ++i)
        if (v[i] > 0.3f) expected.emplace(std::pair{i, (7 * i + 3) % n_post}, std::pair{0.25f, 0.0f});  // tag: not referenced, zero
    auto sorted = [](const auto& m) {
        std::vector<std::tuple<std::uint32_t, std::uint32_t, float, float>> out;
        for (const auto& [ij, x] : m) out.emplace_back(ij.first, ij.second, x.first, x.second);
        std::sort(out.begin(), out.end());
        return out;
    };
    REQUIRE(sorted(after) == sorted(expected));
    require_consistent(sim);
    // Age's own "age" is its own (all 0, not Grow's 2 of the new synapses): it removes nothing
    sim.custom_update("Age");
    REQUIRE(synapses(sim).size() == after.size());
}

TEST_CASE("custom connectivity: an update's own per-synapse variables move with their synapses", "[custom_connectivity]") {
    // GrowAge grows with age 2 and prunes by that same variable: exactly the grown
    // synapses go at the next run, wherever they moved in between
    auto net = make_net(6, 8, cx::connectivity_update<"GA", "Cycle", "S", GrowAge>("age"_v = 0.0, "g"_r = cx::ref<"S", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 9});
    const auto before = synapses(sim);
    sim.custom_update("Cycle");  // adds one synapse to each even row
    REQUIRE(synapses(sim).size() == before.size() + n_pre / 2);
    require_consistent(sim);
    {
        // the update's own variable, by synapse slot: age 2 on exactly the added synapses
        auto age = sim.template connectivity_update_var<"GA", "age">();
        auto& g = sim.engine().template store<2>();
        std::size_t aged = 0;
        for (std::uint32_t i = 0; i < n_pre; ++i)
            for (std::uint32_t k = 0; k < g.row_length[i]; ++k) {
                const std::size_t syn = std::size_t(i) * g.stride + k;
                const float gv = sim.template var<"S", "g">().batch(0)[syn];
                REQUIRE((age[syn] == 2.0f) == (gv == 0.75f));
                aged += age[syn] == 2.0f;
            }
        REQUIRE(aged == n_pre / 2);
    }
    sim.custom_update("Cycle");  // removes them (age 2), adds them again
    REQUIRE(synapses(sim).size() == before.size() + n_pre / 2);
    // every original synapse is still there with its weight and tag
    const auto after = synapses(sim);
    for (const auto& [ij, x] : before) {
        auto [lo, hi] = after.equal_range(ij);
        REQUIRE(std::any_of(lo, hi, [&](const auto& a) { return a.second == x; }));
    }
    std::size_t added = 0;
    for (const auto& [ij, x] : after) added += x.first == 0.75f && x.second == 0.0f;
    REQUIRE(added == n_pre / 2);
    require_consistent(sim);
}

TEST_CASE("custom connectivity: host_update_code runs first, with the update's state", "[custom_connectivity]") {
    auto net = make_net(3, 6, cx::connectivity_update<"B", "Budget", "S", Budget>("budget"_v = 0.0, "g"_r = cx::ref<"S", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 2});
    sim.custom_update("Budget");
    std::size_t expect = 0;
    for (std::uint32_t i = 0; i < n_pre; ++i) expect += 3 + i % 3;
    const auto after = synapses(sim);
    REQUIRE(after.size() == expect);
    // the band's targets are i + 2j (even offsets), the added ones i + 2n + 1 (odd)
    std::vector<std::uint32_t> added(n_pre, 0);
    for (const auto& [ij, x] : after) {
        if ((ij.second + n_post - ij.first) % 2 == 0) continue;
        ++added[ij.first];
        REQUIRE(x.first == 0.5f);
        REQUIRE(x.second == 0.0f);
    }
    for (std::uint32_t i = 0; i < n_pre; ++i) REQUIRE(added[i] == i % 3);
    const auto budget = sim.template connectivity_update_var<"B", "budget">();
    REQUIRE(budget.size() == n_pre);
    for (std::uint32_t i = 0; i < n_pre; ++i) REQUIRE(budget[i] == float(i % 3));
    require_consistent(sim);
}

TEST_CASE("custom connectivity: a full row makes add_synapse throw, naming the group and capacity", "[custom_connectivity]") {
    auto net = make_net(4, 4,
                        cx::connectivity_update<"G", "Grow", "S", Grow>("w"_p = 0.25, "vmin"_p = -1.0, "age"_v = 0.0,
                                                                         "g"_r = cx::ref<"S", "g">, "Vpre"_r = cx::ref<"Pre", "V">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 5});
    REQUIRE_THROWS_WITH(sim.custom_update("Grow"), Catch::Contains("synapse group 'S'") && Catch::Contains("capacity is 4"));
}

TEST_CASE("custom connectivity: Deep R style rewiring keeps the count and does not depend on threads", "[custom_connectivity]") {
    auto run = [](int threads) {
        auto net = make_net(8, 12, cx::connectivity_update<"R", "Rewire", "S", Rewire>("threshold"_p = 0.3, "g"_r = cx::ref<"S", "g">));
        auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 4, .threads = threads});
        std::size_t weak = 0;
        for (const auto& [ij, x] : synapses(sim)) weak += x.first < 0.3f;
        REQUIRE(weak > 10);
        for (int k = 0; k < 3; ++k) sim.custom_update("Rewire");
        const auto after = synapses(sim);
        REQUIRE(after.size() == n_pre * 8);
        for (const auto& [ij, x] : after) REQUIRE(x.first >= 0.3f);
        require_consistent(sim);
        return sim.template connections<"S">();
    };
    REQUIRE(run(1) == run(4));
}

TEST_CASE("custom connectivity: with custom updates in one group, the connectivity update runs first", "[custom_connectivity]") {
    auto net = make_net(8, 10, cx::update<"D", "Plastic", Double>("g"_r = cx::ref<"S", "g">),
                        cx::connectivity_update<"P", "Plastic", "S", Prune>("threshold"_p = 0.4, "g"_r = cx::ref<"S", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 11});
    const auto before = synapses(sim);
    std::multimap<std::pair<std::uint32_t, std::uint32_t>, std::pair<float, float>> expected;
    for (const auto& [ij, v] : before)
        if (v.first >= 0.4f) expected.emplace(ij, std::pair{v.first * 2.0f, v.second});
    REQUIRE(expected.size() < before.size());
    sim.custom_update("Plastic");  // pruned at 0.4 first, then the survivors doubled
    const auto after = synapses(sim);
    REQUIRE(after.size() == expected.size());
    for (const auto& [ij, v] : after) {
        auto [lo, hi] = expected.equal_range(ij);
        REQUIRE(std::any_of(lo, hi, [&](const auto& e) { return e.second == v; }));
    }
    require_consistent(sim);
}
