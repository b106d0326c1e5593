// Custom updates on the CPU backend (cx::update, sim.custom_update): element-wise code
// over populations, synapse groups and other custom updates; reductions over batch
// entries and neurons checked against sums and maxima computed here from the inputs;
// transposes against the forward matrix; results equal for 1, 2 and 4 threads; errors
// that name the custom update and the reference.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <cortexpr/cortexpr.hpp>

#include <custom_update_models.hpp>

namespace cx = cortexpr;
using namespace cx::literals;
using namespace cu_models;

namespace {
auto hold(std::uint32_t n) {
    return cx::population<"P", Hold>(n, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -2.0, "max"_p = 3.0),
                                     "G"_v = 0.0, "M"_v = 0.0);
}
}  // namespace

TEST_CASE("custom update: a reset writes every element of every batch entry", "[custom_update]") {
    auto net = cx::network(hold(7), cx::update<"R", "Reset", Reset>("value"_p = 1.5, "V"_r = cx::ref<"P", "V">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 3, .batch = 3});
    sim.run(1.0);
    sim.custom_update("Reset");
    auto v = sim.var<"P", "V">();
    for (std::uint32_t b = 0; b < 3; ++b)
        for (std::uint32_t i = 0; i < 7; ++i) REQUIRE(v.batch(b)[i] == 1.5f + float(i) + 100.0f * float(b));
}

TEST_CASE("custom update: neuron reductions equal the sum and maximum over the neurons", "[custom_update]") {
    auto net = cx::network(hold(53), cx::update<"S", "Stats", NeuronStats>("sum"_v = 0.0, "max"_v = 0.0, "x"_r = cx::ref<"P", "V">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 5, .batch = 2});
    sim.custom_update("Stats");
    auto v = sim.var<"P", "V">();
    auto sum = sim.custom_update_var<"S", "sum">();
    auto mx = sim.custom_update_var<"S", "max">();
    REQUIRE(sum.size() == 2);
    for (std::uint32_t b = 0; b < 2; ++b) {
        double s = 0, m = -INFINITY;
        for (float x : v.batch(b)) { s += double(float(x * x)); m = std::max(m, double(x)); }
        CHECK(sum[b] == float(s));
        CHECK(mx[b] == float(m));
    }
    CHECK(sum[0] != sum[1]);  // the batch entries hold different values
}

TEST_CASE("custom update: batch reductions equal the sum and maximum over batch entries", "[custom_update]") {
    auto net = cx::network(hold(11), cx::update<"B", "Stats", BatchStats>("max"_v = 0.0, "x"_r = cx::ref<"P", "V">,
                                                                          "total"_r = cx::ref<"P", "G">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 9, .batch = 4});
    sim.custom_update("Stats");
    auto v = sim.var<"P", "V">();
    auto g = sim.var<"P", "G">();
    auto mx = sim.custom_update_var<"B", "max">();
    REQUIRE(g.size() == 11);
    REQUIRE(mx.size() == 11);
    for (std::uint32_t i = 0; i < 11; ++i) {
        double s = 0, m = -INFINITY;
        for (std::uint32_t b = 0; b < 4; ++b) { s += double(v.batch(b)[i]); m = std::max(m, double(v.batch(b)[i])); }
        CHECK(g[i] == float(s));
        CHECK(mx[i] == float(m));
    }
}

TEST_CASE("custom update: a reduce_sum reference to a per-batch variable sums over the neurons", "[custom_update]") {
    auto net = cx::network(hold(17), cx::update<"N", "Sum", RefNeuronSum>("x"_r = cx::ref<"P", "V">, "total"_r = cx::ref<"P", "M">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 2, .batch = 3});
    sim.custom_update("Sum");
    auto v = sim.var<"P", "V">();
    auto m = sim.var<"P", "M">();
    REQUIRE(m.size() == 3);
    for (std::uint32_t b = 0; b < 3; ++b) {
        double s = 0;
        for (float x : v.batch(b)) s += double(x);
        CHECK(m[b] == float(s));
    }
}

TEST_CASE("custom update: the same results for 1, 2 and 4 threads", "[custom_update]") {
    auto run = [](int threads) {
        auto net = cx::network(hold(1000), cx::update<"Z", "Noise", Noisy>("sd"_p = 0.5, "last"_v = 0.0, "V"_r = cx::ref<"P", "V">),
                               cx::update<"S", "Stats", NeuronStats>("sum"_v = 0.0, "max"_v = 0.0, "x"_r = cx::ref<"P", "V">));
        auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 4, .batch = 2, .threads = threads, .min_per_thread = 1});
        for (int k = 0; k < 3; ++k) sim.custom_update("Noise");
        sim.custom_update("Stats");
        auto v = sim.var<"P", "V">();
        std::vector<float> out(v.begin(), v.end());
        auto s = sim.custom_update_var<"S", "sum">();
        out.insert(out.end(), s.begin(), s.end());
        return out;
    };
    const auto one = run(1);
    CHECK(run(2) == one);
    CHECK(run(4) == one);
}

TEST_CASE("custom update: per-synapse code sees id_pre, id_post and num_pre (dense and sparse)", "[custom_update]") {
    auto net = cx::network(hold(6), cx::population<"Q", Hold>(9, "V"_v = 0.0, "G"_v = 0.0, "M"_v = 0.0),
                           cx::synapses<"D", "P", "Q">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.0),
                                                       cx::psm<cx::postsynaptic::DeltaCurr>()),
                           cx::synapses<"Sp", "P", "Q">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.4)),
                                                        cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.0),
                                                        cx::psm<cx::postsynaptic::DeltaCurr>()),
                           cx::update<"ID", "Index", Index>("g"_r = cx::ref<"D", "g">),
                           cx::update<"IS", "Index", Index>("g"_r = cx::ref<"Sp", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 8});
    sim.custom_update("Index");
    auto expect = [](std::uint32_t i, std::uint32_t j) { return float(i * 1000.0 + j + 6 * 0.25); };
    const auto dense = sim.synapse_values<"D", "g">();
    REQUIRE(dense.size() == 54);
    for (const auto& s : dense) CHECK(s.value == expect(s.pre, s.post));
    const auto sparse = sim.synapse_values<"Sp", "g">();
    REQUIRE(sparse.size() > 5);
    REQUIRE(sparse.size() < 54);
    for (const auto& s : sparse) CHECK(s.value == expect(s.pre, s.post));
}

TEST_CASE("custom update: Transpose writes the transpose of the forward matrix", "[custom_update]") {
    auto net = cx::network(
        hold(5), cx::population<"Q", Hold>(8, "V"_v = 0.0, "G"_v = 0.0, "M"_v = 0.0),
        cx::synapses<"Fwd", "P", "Q">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Uniform>("min"_p = -1.0, "max"_p = 1.0)),
                                      cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Back", "Q", "P">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::update<"T", "Transpose", cx::custom_update::Transpose>("variable"_r = cx::transpose_ref<"Fwd", "g", "Back", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 12});
    sim.custom_update("Transpose");
    const auto fwd = sim.synapse_values<"Fwd", "g">();
    const auto back = sim.synapse_values<"Back", "g">();
    REQUIRE(fwd.size() == 40);
    REQUIRE(back.size() == 40);
    std::vector<float> b(40);
    for (const auto& s : back) b[s.pre * 5 + s.post] = s.value;  // Back: [Q][P]
    int nonzero = 0;
    for (const auto& s : fwd) {
        CHECK(b[s.post * 5 + s.pre] == s.value);
        nonzero += s.value != 0.0f;
    }
    CHECK(nonzero > 30);
}

TEST_CASE("custom update: another custom update's variable and an EGP reference", "[custom_update]") {
    auto net = cx::network(hold(4),
                           cx::update<"Z", "Noise", Noisy>("sd"_p = 1.0, "last"_v = 0.0, "V"_r = cx::ref<"P", "V">),
                           cx::update<"F", "Follow", Follow>("src"_r = cx::ref<"Z", "last">, "dst"_r = cx::ref<"P", "V">,
                                                             "k"_er = cx::egp_target<"P", "scale">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 6, .batch = 2, .timing = true});
    sim.set_egp<"P", "scale">(std::vector<double>{1.0, 2.0, -3.0, 0.5});
    sim.custom_update("Noise");
    sim.custom_update("Follow");
    auto last = sim.custom_update_var<"Z", "last">();
    auto v = sim.var<"P", "V">();
    const float k[] = {1.0f, 2.0f, -3.0f, 0.5f};
    REQUIRE(last.size() == 8);
    for (std::uint32_t b = 0; b < 2; ++b)
        for (std::uint32_t i = 0; i < 4; ++i) CHECK(v.batch(b)[i] == last.batch(b)[i] * k[i]);
    CHECK(sim.custom_update_time("Noise") > 0.0);
    CHECK(sim.custom_update_time("Other") == 0.0);
}

TEST_CASE("custom update: errors name the custom update and the reference", "[custom_update]") {
    SECTION("an update group without custom updates") {
        auto net = cx::network(hold(4), cx::update<"R", "Reset", Reset>("value"_p = 0.0, "V"_r = cx::ref<"P", "V">));
        auto sim = cx::simulate<cx::cpu>(net);
        REQUIRE_THROWS_WITH(sim.custom_update("Rest"), Catch::Contains("no custom update is in update group 'Rest' (groups: 'Reset')"));
    }
    SECTION("references of different sizes") {
        auto net = cx::network(hold(4), cx::population<"Q", Hold>(5, "V"_v = 0.0, "G"_v = 0.0, "M"_v = 0.0),
                               cx::update<"F", "Follow", Follow>("src"_r = cx::ref<"P", "V">, "dst"_r = cx::ref<"Q", "V">,
                                                                 "k"_er = cx::egp_target<"P", "scale">));
        REQUIRE_THROWS_WITH(cx::simulate<cx::cpu>(net),
                            Catch::Contains("F.dst: variable reference 'dst' (Q.V) has 5 elements, but 'src' (P.V) has 4"));
    }
    SECTION("a per-batch update writing a variable the batch entries share") {
        auto net = cx::network(hold(4), cx::update<"F", "Follow", Follow>("src"_r = cx::ref<"P", "V">, "dst"_r = cx::ref<"P", "G">,
                                                                         "k"_er = cx::egp_target<"P", "scale">));
        REQUIRE_NOTHROW(cx::simulate<cx::cpu>(net, {.batch = 1}));
        REQUIRE_THROWS_WITH(cx::simulate<cx::cpu>(net, {.batch = 2}),
                            Catch::Contains("F.dst: variable reference 'dst' (P.G) writes a variable that the 2 batch entries share"));
    }
    SECTION("an EGP reference to an EGP never allocated") {
        auto net = cx::network(hold(4), cx::update<"F", "Follow", Follow>("src"_r = cx::ref<"P", "V">, "dst"_r = cx::ref<"P", "V">,
                                                                         "k"_er = cx::egp_target<"P", "scale">));
        auto sim = cx::simulate<cx::cpu>(net);
        REQUIRE_THROWS_WITH(sim.custom_update("Follow"), Catch::Contains("F.k: extra global parameter reference to 'P.scale'"));
    }
}

TEST_CASE("custom update: set_param changes a custom update's parameter between runs", "[custom_update]") {
    auto net = cx::network(hold(5), cx::update<"R", "Reset", Reset>("value"_p = 1.5, "V"_r = cx::ref<"P", "V">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 3, .batch = 2});
    sim.custom_update("Reset");
    CHECK(sim.var<"P", "V">().batch(1)[4] == 1.5f + 4.0f + 100.0f);
    sim.set_param<"R", "value">(-7.25);
    sim.custom_update("Reset");
    auto v = sim.var<"P", "V">();
    for (std::uint32_t b = 0; b < 2; ++b)
        for (std::uint32_t i = 0; i < 5; ++i) REQUIRE(v.batch(b)[i] == -7.25f + float(i) + 100.0f * float(b));
    REQUIRE_THROWS_WITH((sim.set_param<"R", "valu">(1.0)), Catch::Contains("R.valu: no such parameter (parameters: value)"));
}

TEST_CASE("custom update: own variables, parameters and random streams survive a snapshot and a checkpoint",
          "[custom_update][checkpoint]") {
    auto make = [] {
        auto net = cx::network(hold(9), cx::update<"Z", "Noise", Noisy>("sd"_p = 0.5, "last"_v = 0.0, "V"_r = cx::ref<"P", "V">),
                               cx::update<"S", "Stats", NeuronStats>("sum"_v = 0.0, "max"_v = 0.0, "x"_r = cx::ref<"P", "V">));
        return cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 21, .batch = 2});
    };
    auto read = [](auto& sim) {
        std::vector<float> out;
        for (auto x : sim.template custom_update_var<"Z", "last">()) out.push_back(x);
        for (auto x : sim.template custom_update_var<"S", "sum">()) out.push_back(x);
        for (auto x : sim.template var<"P", "V">()) out.push_back(x);
        return out;
    };
    auto sim = make();
    sim.custom_update("Noise");
    sim.custom_update("Stats");
    sim.set_param<"Z", "sd">(2.0);
    const auto snap = sim.snapshot();
    const auto at_snapshot = read(sim);
    const std::string path = "test_custom_updates_checkpoint.bin";
    sim.save_checkpoint(path);
    // after the snapshot: another draw (the run count positions the streams) and stats
    sim.custom_update("Noise");
    sim.custom_update("Stats");
    const auto after = read(sim);
    REQUIRE(after != at_snapshot);

    sim.restore(snap);
    CHECK(read(sim) == at_snapshot);
    sim.custom_update("Noise");
    sim.custom_update("Stats");
    CHECK(read(sim) == after);  // the same draw again, with the restored sd = 2

    auto other = make();  // a fresh simulation: sd = 0.5, no runs yet
    other.load_checkpoint(path);
    CHECK(read(other) == at_snapshot);
    other.custom_update("Noise");
    other.custom_update("Stats");
    CHECK(read(other) == after);
    std::remove(path.c_str());
}
