// Bad run-time input, tried systematically (issue 6, part 3), and the NaN guard
// (options::check_finite, part 4).
//
// Each row of the table does one bad thing and names the cx::error it must give: the
// group, the field and a text of the message. Every row runs in a child process (fork),
// so a row that crashes, hangs (a 60 s alarm) or throws something other than cx::error
// is reported as such and the other rows still run. This process builds simulations only
// with threads = 1: libgomp cannot start a team in a child forked after the parent had one.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <typeinfo>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

const double qnan = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

// ---- network A: the runtime API (sizes, parameters, delays, recording, views) ---------
struct config_a {
    std::uint32_t n_src = 40, n_lif = 20;
    double c = 1.0, tau_m = 20.0, ioffset = 0.0;
    double v_min = -65.0, v_max = -65.0;
    double noise_sd = 0.0, tau_syn = 5.0;
    double prob = 0.1, g = 0.0, d = 0.0;
    cx::synapse_options delays{.max_dendritic_delay = 4};
};

auto make_a(const config_a& c) {
    return cx::network(
        cx::population<"Src", cx::neuron::SpikeSourceArray>(c.n_src, "startSpike"_v = 0.0, "endSpike"_v = 0.0),
        cx::population<"Lif", cx::neuron::LIF>(
            c.n_lif, "C"_p = c.c, "TauM"_p = c.tau_m, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = c.ioffset, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = c.v_min, "max"_p = c.v_max), "RefracTime"_v = 0.0),
        cx::source<"Noise", "Lif", cx::current_source::GaussianNoise>("mean"_p = 0.0, "sd"_p = c.noise_sd),
        cx::synapses<"Syn", "Src", "Lif">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = c.prob)),
            cx::wu<cx::weight_update::StaticPulseDendriticDelay>("g"_v = c.g, "d"_v = c.d),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = c.tau_syn), c.delays));
}
config_a with(std::function<void(config_a&)> f) { config_a c; f(c); return c; }

// ---- network B: connectivity snippets and variable initialisers -----------------------
/// A neuron that does nothing but carry variables with every kind of initialiser.
struct Quiet {
    static constexpr std::string_view name = "Quiet";
    static constexpr auto params = cx::params("a");
    static constexpr auto vars = cx::vars("V", "W", "X", "Y", "Z");
    static constexpr cx::code sim_code = "V += a * dt;";
    static constexpr cx::code threshold_condition_code = "V > 1000.0";
    static constexpr cx::code reset_code = "V = 0.0;";
};

struct config_b {
    std::uint32_t n_a = 30, n_b = 20, n_c = 10, n_d = 10, n_in = 16, n_out = 8;
    double normal_sd = 1.0, gamma_a = 2.0, binom_n = 10, binom_p = 0.5;
    double clip_mean = 0.0, clip_sd = 1.0, clip_min = -1.0, clip_max = 1.0;
    double fnp = 3, fnpre = 3, fnt = 50, no_self = 0.1;
    cx::connection_list list{{0, 1, 2}, {0, 1, 2}};
    double dense_sd = 0.1;
    // Conv2D: 4x4x1 input, 2x2 kernel, stride 2, 2x2x2 output
    double kh = 2, kw = 2, sh = 2, sw = 2, ih = 4, iw = 4, ic = 1, oh = 2, ow = 2, oc = 2;
    std::vector<double> kernel = std::vector<double>(8, 0.5);
};

template <cx::fixed_string Name>
auto quiet_pop(std::uint32_t n, const config_b& c) {
    return cx::population<Name, Quiet>(
        n, "a"_p = 0.0, "V"_v = 0.0, "W"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.0, "sd"_p = c.normal_sd),
        "X"_v = cx::init<cx::init_var::Gamma>("a"_p = c.gamma_a, "b"_p = 1.0),
        "Y"_v = cx::init<cx::init_var::Binomial>("n"_p = c.binom_n, "p"_p = c.binom_p),
        "Z"_v = cx::init<cx::init_var::NormalClipped>("mean"_p = c.clip_mean, "sd"_p = c.clip_sd, "min"_p = c.clip_min,
                                                      "max"_p = c.clip_max));
}

template <cx::fixed_string Name>
auto plain_pop(std::uint32_t n) {
    return cx::population<Name, cx::neuron::SpikeSourceArray>(n, "startSpike"_v = 0.0, "endSpike"_v = 0.0);
}

auto make_b(const config_b& c) {
    return cx::network(
        quiet_pop<"A">(c.n_a, c), plain_pop<"B">(c.n_b), plain_pop<"C">(c.n_c), plain_pop<"D">(c.n_d),
        plain_pop<"In">(c.n_in), plain_pop<"Out">(c.n_out),
        cx::synapses<"Dense", "A", "B">(cx::dense(),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.0, "sd"_p = c.dense_sd)),
            cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Bits", "C", "D">(cx::bitmask(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.5)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Fnp", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::FixedNumberPostWithReplacement>("num"_p = c.fnp)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Fnpre", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::FixedNumberPreWithReplacement>("num"_p = c.fnpre)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Fnt", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>("num"_p = c.fnt)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"List", "A", "B">(cx::sparse(c.list),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"NoSelf", "A", "A">(cx::sparse(cx::connect<cx::init_sparse::FixedProbabilityNoAutapse>("prob"_p = c.no_self)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Proc", "A", "B">(cx::procedural(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Conv", "In", "Out">(
            cx::sparse(cx::connect<cx::init_sparse::Conv2D>(
                "conv_kh"_p = c.kh, "conv_kw"_p = c.kw, "conv_sh"_p = c.sh, "conv_sw"_p = c.sw, "conv_padh"_p = 0.0,
                "conv_padw"_p = 0.0, "conv_ih"_p = c.ih, "conv_iw"_p = c.iw, "conv_ic"_p = c.ic, "conv_oh"_p = c.oh,
                "conv_ow"_p = c.ow, "conv_oc"_p = c.oc)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = c.kernel)),
            cx::psm<cx::postsynaptic::DeltaCurr>()));
}
config_b with_b(std::function<void(config_b&)> f) { config_b c; f(c); return c; }

// ---- running a row in a child process -------------------------------------------------
struct outcome {
    enum kind_t { returned, cx_error, other_exception, crashed, hung } kind = returned;
    std::string group, field, what;
};

outcome run_isolated(const std::function<void()>& f, unsigned timeout_s = 60) {
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        alarm(timeout_s);
        std::string msg;
        try {
            f();
            msg = "R";
        } catch (const cx::error& e) {
            msg = "E" + e.group() + '\n' + e.field() + '\n' + e.what();
        } catch (const std::exception& e) {
            msg = std::string("X") + typeid(e).name() + ": " + e.what();
        } catch (...) {
            msg = "Xunknown exception";
        }
        for (std::size_t off = 0; off < msg.size();) {
            const ssize_t w = write(fd[1], msg.data() + off, msg.size() - off);
            if (w <= 0) break;
            off += std::size_t(w);
        }
        _exit(0);
    }
    close(fd[1]);
    std::string msg;
    char buf[4096];
    for (ssize_t r; (r = read(fd[0], buf, sizeof buf)) > 0;) msg.append(buf, std::size_t(r));
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    outcome o;
    if (WIFSIGNALED(status)) {
        o.kind = WTERMSIG(status) == SIGALRM ? outcome::hung : outcome::crashed;
        o.what = std::string("signal ") + strsignal(WTERMSIG(status));
    } else if (msg.empty()) {
        o.kind = outcome::crashed;
        o.what = "exit status " + std::to_string(WEXITSTATUS(status)) + " without a report";
    } else if (msg[0] == 'E') {
        o.kind = outcome::cx_error;
        const auto a = msg.find('\n', 1), b = msg.find('\n', a + 1);
        o.group = msg.substr(1, a - 1);
        o.field = msg.substr(a + 1, b - a - 1);
        o.what = msg.substr(b + 1);
    } else if (msg[0] == 'X') {
        o.kind = outcome::other_exception;
        o.what = msg.substr(1);
    }
    return o;
}

struct bad_case {
    std::string name;
    std::function<void()> run;
    std::string group, field, text;
};

void check_rows(const std::vector<bad_case>& rows) {
    for (const auto& row : rows) {
        const outcome o = run_isolated(row.run);
        INFO("row: " << row.name);
        INFO("outcome: " << o.what);
        CHECK(o.kind == outcome::cx_error);
        CHECK(o.group == row.group);
        CHECK(o.field == row.field);
        CHECK(o.what.find(row.text) != std::string::npos);
        CHECK(o.what.rfind(row.group + "." + row.field + ": ", 0) == 0);
    }
}

template <class Net>
void build(Net net, const cx::options& o = {}) { auto sim = cx::simulate<cx::cpu>(std::move(net), o); }

}  // namespace

TEST_CASE("bad input: sizes, parameters, options and the runtime API", "[bad_input]") {
    auto a = [](std::function<void(config_a&)> f) { return make_a(with(std::move(f))); };
    const std::vector<bad_case> rows = {
        // sizes
        {"population size 0", [&] { build(a([](auto& c) { c.n_lif = 0; })); }, "Lif", "size", "got 0"},
        {"population size -1 (converted to unsigned)", [&] { build(a([](auto& c) { c.n_lif = std::uint32_t(-1); })); },
         "Lif", "size", "4294967295"},
        {"population size 3e9", [&] { build(a([](auto& c) { c.n_src = 3000000000u; })); }, "Src", "size", "3000000000"},
        {"host out of memory: 2e9 neurons in a batch of 64",
         [&] { build(a([](auto& c) { c.n_lif = 2000000000u; }), {.batch = 64}); }, "Lif", "st", "out of host memory"},
        // parameters
        {"NaN neuron parameter", [&] { build(a([](auto& c) { c.ioffset = qnan; })); }, "Lif", "Ioffset", "nan"},
        {"infinite neuron parameter", [&] { build(a([](auto& c) { c.tau_m = inf; })); }, "Lif", "TauM", "inf"},
        {"-infinite neuron parameter", [&] { build(a([](auto& c) { c.c = -inf; })); }, "Lif", "C", "-inf"},
        {"NaN current-source parameter", [&] { build(a([](auto& c) { c.noise_sd = qnan; })); }, "Noise", "sd", "nan"},
        {"NaN postsynaptic parameter", [&] { build(a([](auto& c) { c.tau_syn = qnan; })); }, "Syn.psm", "tau", "nan"},
        {"NaN initialiser parameter", [&] { build(a([](auto& c) { c.v_min = qnan; })); }, "Lif.V", "min", "nan"},
        {"infinite initialiser parameter", [&] { build(a([](auto& c) { c.v_max = inf; })); }, "Lif.V", "max", "inf"},
        {"Uniform min > max", [&] { build(a([](auto& c) { c.v_min = -50.0; c.v_max = -60.0; })); }, "Lif.V", "min", "exceeds max"},
        {"NaN constant initial value", [&] { build(a([](auto& c) { c.g = qnan; })); }, "Syn.g", "constant", "nan"},
        // connection probability
        {"probability 1.5", [&] { build(a([](auto& c) { c.prob = 1.5; })); }, "Syn.connectivity", "prob", "1.5"},
        {"probability -0.25", [&] { build(a([](auto& c) { c.prob = -0.25; })); }, "Syn.connectivity", "prob", "-0.25"},
        {"probability NaN", [&] { build(a([](auto& c) { c.prob = qnan; })); }, "Syn.connectivity", "prob", "nan"},
        // delays
        {"axonal delay -1", [&] { build(a([](auto& c) { c.delays.axonal_delay = std::uint32_t(-1); })); }, "Syn",
         "axonal_delay", "4294967295"},
        {"axonal delay beyond the maximum", [&] { build(a([](auto& c) { c.delays.axonal_delay = (1u << 24) + 1; })); }, "Syn",
         "axonal_delay", "exceeds the maximum"},
        {"back-propagation delay 2^31", [&] { build(a([](auto& c) { c.delays.back_prop_delay = 1u << 31; })); }, "Syn",
         "back_prop_delay", "2147483648"},
        {"max_dendritic_delay -1", [&] { build(a([](auto& c) { c.delays.max_dendritic_delay = std::uint32_t(-1); })); }, "Syn",
         "max_dendritic_delay", "4294967295"},
        {"dendritic delay beyond max_dendritic_delay",
         [&] {
             auto sim = cx::simulate<cx::cpu>(a([](auto& c) { c.prob = 1.0 - 1e-9; c.g = 0.1; c.d = 6.0; }));
             sim.set_egp<"Src", "spikeTimes">(std::vector<double>{0.0});
             sim.var<"Src", "endSpike">()[0] = 1;
             sim.step();
             sim.step();
         },
         "Syn", "addToPostDelay", "6 steps"},
        {"dendritic delay with no dendritic ring",
         [&] {
             auto sim = cx::simulate<cx::cpu>(a([](auto& c) { c.prob = 1.0 - 1e-9; c.g = 0.1; c.d = 1.0; c.delays.max_dendritic_delay = 0; }));
             sim.set_egp<"Src", "spikeTimes">(std::vector<double>{0.0});
             sim.var<"Src", "endSpike">()[0] = 1;
             sim.run(1.0);
         },
         "Syn", "addToPostDelay", "1 steps"},
        // options
        {"dt 0", [&] { build(a([](auto&) {}), {.dt = 0.0}); }, "simulation", "dt", "got 0"},
        {"dt -0.1", [&] { build(a([](auto&) {}), {.dt = -0.1}); }, "simulation", "dt", "-0.1"},
        {"dt NaN", [&] { build(a([](auto&) {}), {.dt = qnan}); }, "simulation", "dt", "nan"},
        {"dt infinite", [&] { build(a([](auto&) {}), {.dt = inf}); }, "simulation", "dt", "inf"},
        {"batch 0", [&] { build(a([](auto&) {}), {.batch = 0}); }, "simulation", "batch", "got 0"},
        {"threads -1", [&] { build(a([](auto&) {}), {.threads = -1}); }, "simulation", "threads", "got -1"},
        {"check_egp_bounds in a program compiled without CORTEXPR_CHECK_EGP_BOUNDS",
         [&] { build(a([](auto&) {}), {.check_egp_bounds = true}); }, "simulation", "check_egp_bounds", "CORTEXPR_CHECK_EGP_BOUNDS=1"},
        // running
        {"run(-1 ms)", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).run(-1.0); }, "simulation", "run", "-1"},
        {"run(NaN)", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).run(qnan); }, "simulation", "run", "nan"},
        {"run(inf)", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).run(inf); }, "simulation", "run", "inf"},
        {"run(1e300 ms): more steps than can be counted (hung before)",
         [&] { cx::simulate<cx::cpu>(a([](auto&) {})).run(1e300); }, "simulation", "run", "2^62 steps"},
        {"run with an observer every 0 steps",
         [&] { cx::simulate<cx::cpu>(a([](auto&) {})).run(1.0, 0, [](auto&) {}); }, "simulation", "run", "got 0"},
        // recording
        {"record_spikes(0)", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).record_spikes<"Lif">(0); }, "Lif", "record_spikes", "got 0"},
        {"record_spikes(-1): the user's value, not 4294967295 (ran out of memory before)",
         [&] { cx::simulate<cx::cpu>(a([](auto&) {})).record_spikes<"Lif">(-1); }, "Lif", "record_spikes", "got -1"},
        {"recording more steps than memory holds",
         [&] { cx::simulate<cx::cpu>(a([](auto&) {}), {.batch = 64}).record_spikes<"Lif">(0xffffffffu); }, "Lif",
         "spike_recording", "out of host memory"},
        {"spikes of an unrecorded population",
         [&] { auto s = cx::simulate<cx::cpu>(a([](auto&) {})); s.run(1.0); s.spikes<"Lif">(); }, "Lif", "spikes", "not recorded"},
        {"raw recording of an unrecorded population",
         [&] { cx::simulate<cx::cpu>(a([](auto&) {})).spike_recording<"Lif">(); }, "Lif", "spikes", "not recorded"},
        {"spikes of batch entry 2 of 2",
         [&] { auto s = cx::simulate<cx::cpu>(a([](auto&) {}), {.batch = 2}); s.record_spikes<"Lif">(10); s.run(1.0); s.spikes<"Lif">(2); },
         "Lif", "spikes", "batch entry 2"},
        {"current spikes of batch entry 5 of 1 (read out of bounds before)",
         [&] { auto s = cx::simulate<cx::cpu>(a([](auto&) {})); s.step(); s.current_spikes<"Lif">(5); }, "Lif", "current_spikes",
         "batch entry 5"},
        // views, parameters and EGPs at run time
        {"variable view of batch entry 3 of 2 (out of bounds before)",
         [&] { auto s = cx::simulate<cx::cpu>(a([](auto&) {}), {.batch = 2}); s.var<"Lif", "V">().batch(3); }, "Lif", "V",
         "batch entry 3"},
        {"synapse values of batch entry 1 of 1",
         [&] { cx::simulate<cx::cpu>(a([](auto&) {})).synapse_values<"Syn", "g">(1); }, "Syn", "g", "batch entry 1"},
        {"set_param NaN", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).set_param<"Lif", "Vthresh">(qnan); }, "Lif", "Vthresh", "nan"},
        {"set_param infinite", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).set_param<"Noise", "sd">(inf); }, "Noise", "sd", "inf"},
        {"set_param of a derived parameter", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).set_param<"Lif", "ExpTC">(1.0); }, "Lif",
         "ExpTC", "no such parameter"},
        {"EGP read before allocation", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).egp<"Src", "spikeTimes">(); }, "Src",
         "spikeTimes", "before it was allocated"},
        {"SpikeSourceArray with spikes but spikeTimes never allocated (segfault before)",
         [&] { auto s = cx::simulate<cx::cpu>(a([](auto&) {})); s.var<"Src", "endSpike">()[3] = 1; s.run(1.0); }, "Src",
         "spikeTimes", "never allocated"},
        {"SpikeSourceArray endSpike beyond spikeTimes (read out of bounds before)",
         [&] {
             auto s = cx::simulate<cx::cpu>(a([](auto&) {}), {.batch = 2});
             s.set_egp<"Src", "spikeTimes">(std::vector<double>{0.0, 1.0});
             s.var<"Src", "endSpike">().batch(1)[7] = 5;
             s.step();
         },
         "Src", "spikeTimes", "neuron 7 (batch entry 1) owns spikes [0, 5) but spikeTimes has 2 elements"},
        {"SpikeSourceArray startSpike past endSpike",
         [&] {
             auto s = cx::simulate<cx::cpu>(a([](auto&) {}));
             s.set_egp<"Src", "spikeTimes">(std::vector<double>{0.0, 1.0});
             s.var<"Src", "startSpike">()[2] = 1;
             s.run(1.0);
         },
         "Src", "spikeTimes", "[1, 0)"},
        {"EGP of 2^33 elements", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).egp_allocate<"Src", "spikeTimes">(std::size_t(1) << 33); },
         "Src", "spikeTimes", "2^32 - 1"},
        {"EGP of -1 elements", [&] { cx::simulate<cx::cpu>(a([](auto&) {})).egp_allocate<"Src", "spikeTimes">(std::size_t(-1)); },
         "Src", "spikeTimes", "a negative count converted to unsigned?"},
    };
    check_rows(rows);
    CHECK(rows.size() >= 40);  // 78 rows with the next test case
}

TEST_CASE("bad input: connectivity and variable initialisers", "[bad_input]") {
    auto b = [](std::function<void(config_b&)> f) { return make_b(with_b(std::move(f))); };
    const std::vector<bad_case> rows = {
        {"dense 2^20 x 2^20 (host out of memory)", [&] { build(b([](auto& c) { c.n_a = 1u << 20; c.n_b = 1u << 20; c.fnpre = 0; c.fnt = 0; })); },
         "Dense", "g", "out of host memory"},
        {"bitmask 2^20 x 2^20 (host out of memory)", [&] { build(b([](auto& c) { c.n_c = 1u << 20; c.n_d = 1u << 20; })); }, "Bits",
         "bitmask", "out of host memory"},
        {"Normal sd < 0", [&] { build(b([](auto& c) { c.normal_sd = -1.0; })); }, "A.W", "sd", "-1"},
        {"Normal sd < 0 for a weight", [&] { build(b([](auto& c) { c.dense_sd = -0.5; })); }, "Dense.g", "sd", "-0.5"},
        {"Gamma shape 0 (NaN values before)", [&] { build(b([](auto& c) { c.gamma_a = 0.0; })); }, "A.X", "a", "got 0"},
        {"Binomial p 1.5", [&] { build(b([](auto& c) { c.binom_p = 1.5; })); }, "A.Y", "p", "1.5"},
        {"Binomial n -1", [&] { build(b([](auto& c) { c.binom_n = -1; })); }, "A.Y", "n", "-1"},
        {"NormalClipped min > max (hung before)", [&] { build(b([](auto& c) { c.clip_min = 1.0; c.clip_max = -1.0; })); }, "A.Z",
         "min", "exceeds max"},
        {"NormalClipped interval 20 sd away (hung before)", [&] { build(b([](auto& c) { c.clip_min = 20.0; c.clip_max = 21.0; })); },
         "A.Z", "min", "rejection sampling"},
        {"FixedNumberPost num -3", [&] { build(b([](auto& c) { c.fnp = -3; })); }, "Fnp.connectivity", "num", "-3"},
        {"FixedNumberPost num 2.5", [&] { build(b([](auto& c) { c.fnp = 2.5; })); }, "Fnp.connectivity", "num", "2.5"},
        {"FixedNumberPost num 1e9 per row (host out of memory)", [&] { build(b([](auto& c) { c.fnp = 1e9; })); }, "Fnp", "ind",
         "out of host memory"},
        {"FixedNumberPre num 5e9", [&] { build(b([](auto& c) { c.fnpre = 5e9; })); }, "Fnpre.connectivity", "num", "5000000000"},
        {"FixedNumberTotal: more per row than a row can hold", [&] { build(b([](auto& c) { c.n_a = 1; c.fnt = 100000; })); }, "Fnt",
         "num", "65535"},
        {"FixedProbabilityNoAutapse prob 0.99999 (prob 1 hung before)", [&] { build(b([](auto& c) { c.no_self = 0.99999; })); }, "NoSelf.connectivity", "prob",
         "or exactly 1"},
        {"connection list: presynaptic index out of range",
         [&] { build(b([](auto& c) { c.list = {{0, 30}, {0, 1}}; })); }, "List", "connections", "presynaptic index 30"},
        {"connection list: postsynaptic index out of range",
         [&] { build(b([](auto& c) { c.list = {{0, 1}, {0, 20}}; })); }, "List", "connections", "postsynaptic index 20"},
        {"connection list: lengths differ", [&] { build(b([](auto& c) { c.list = {{0, 1}, {0}}; })); }, "List", "connections",
         "differ in length"},
        {"Conv2D stride 0 (division by zero before)", [&] { build(b([](auto& c) { c.sh = 0; })); }, "Conv", "conv_sh", "got 0"},
        {"Conv2D input shape does not match the population", [&] { build(b([](auto& c) { c.iw = 5; })); }, "Conv", "conv_ih",
         "does not match"},
        {"Conv2D output shape does not match the population", [&] { build(b([](auto& c) { c.oc = 3; c.kernel.resize(12, 0.5); })); },
         "Conv", "conv_oh", "does not match"},
        {"Conv2D kernel 1.5", [&] { build(b([](auto& c) { c.kh = 1.5; })); }, "Conv.connectivity", "conv_kh", "1.5"},
        {"Kernel initialiser without its kernel (segfault before)", [&] { build(b([](auto& c) { c.kernel.clear(); })); }, "Conv.g",
         "kernel", "before it was allocated"},
        {"Kernel initialiser with a short kernel (read out of bounds before)", [&] { build(b([](auto& c) { c.kernel.resize(5); })); },
         "Conv.g", "kernel", "5 elements"},
        {"variable view of procedural weights", [&] { cx::simulate<cx::cpu>(b([](auto&) {})).var<"Proc", "g">(); }, "Proc", "g",
         "no storage"},
        {"connections of a procedural group", [&] { cx::simulate<cx::cpu>(b([](auto&) {})).connections<"Proc">(); }, "Proc",
         "connections", "no stored synapses"},
        {"synapse count of a procedural group", [&] { cx::simulate<cx::cpu>(b([](auto&) {})).synapse_count<"Proc">(); }, "Proc",
         "connections", "no stored synapses"},
    };
    check_rows(rows);
    CHECK(rows.size() >= 25);
}

// ---- the NaN guard ---------------------------------------------------------------------
namespace {
/// V grows by the factor r every step: it overflows to infinity after a number of steps
/// that depends on r.
struct Grow {
    static constexpr std::string_view name = "Grow";
    static constexpr auto vars = cx::vars("V", "r");
    static constexpr cx::code sim_code = "V = V * r;";
};

auto grow_net(std::uint32_t n) {
    return cx::network(cx::population<"Grow", Grow>(n, "V"_v = 1.0, "r"_v = 1.5),
                       cx::population<"Post", cx::neuron::SpikeSourceArray>(4, "startSpike"_v = 0.0, "endSpike"_v = 0.0),
                       cx::synapses<"GP", "Grow", "Post">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.5),
                                                          cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)));
}

/// The step in which V = V * r, starting at 1, first becomes non-finite in float.
std::uint64_t first_nonfinite_step(float r) {
    float v = 1.0f;
    for (std::uint64_t n = 0;; ++n) {
        v = v * r;
        if (!std::isfinite(v)) return n;
    }
}
}  // namespace

TEST_CASE("NaN guard: the first non-finite value is reported with its step", "[bad_input][check_finite]") {
    const double dt = 0.1;
    const float r_fast = 1e7f;
    const std::uint64_t expect = first_nonfinite_step(r_fast);  // 1e7^6 = 1e42 > FLT_MAX: step 5
    REQUIRE(expect == 5);
    const std::uint32_t n = 10, element = 7, entry = 1;

    auto setup = [&](auto& sim) {
        auto r = sim.template var<"Grow", "r">();
        r.batch(entry)[element] = r_fast;
    };
    // without the guard, the run goes on with infinities
    {
        auto sim = cx::simulate<cx::cpu>(grow_net(n), {.dt = dt, .batch = 2, .threads = 1});
        setup(sim);
        sim.run(2.0);
        CHECK(std::isinf(sim.var<"Grow", "V">().batch(entry)[element]));
    }
    // with it, the step that produced the infinity throws, naming everything
    auto sim = cx::simulate<cx::cpu>(grow_net(n), {.dt = dt, .batch = 2, .threads = 1, .check_finite = true});
    setup(sim);
    try {
        sim.run(2.0);
        FAIL("no error");
    } catch (const cx::error& e) {
        INFO(e.what());
        CHECK(e.group() == "Grow");
        CHECK(e.field() == "V");
        const std::string m = e.what();
        CHECK(m.find("at element 7 (batch entry 1)") != std::string::npos);
        CHECK(m.find("after time step " + std::to_string(expect) + " ") != std::string::npos);
        CHECK(m.find("inf") != std::string::npos);
    }
    CHECK(sim.timestep() == expect + 1);

    // sim.step() is guarded too, and synapse-group variables are scanned (with the
    // synapse's pre and post index)
    auto sim2 = cx::simulate<cx::cpu>(grow_net(n), {.dt = dt, .threads = 1, .check_finite = true});
    sim2.step();
    sim2.var<"GP", "g">()[3 * 4 + 2] = float(qnan);
    try {
        sim2.step();
        FAIL("no error");
    } catch (const cx::error& e) {
        INFO(e.what());
        CHECK(e.group() == "GP");
        CHECK(e.field() == "g");
        CHECK(std::string(e.what()).find("element 14 (pre 3, post 2) (batch entry 0) after time step 1 ") != std::string::npos);
    }

    // the observer run goes through the same path
    auto sim3 = cx::simulate<cx::cpu>(grow_net(n), {.dt = dt, .batch = 2, .threads = 1, .check_finite = true});
    setup(sim3);
    CHECK_THROWS_AS(sim3.run(2.0, 3, [](auto&) {}), cx::error);
    CHECK(sim3.timestep() == expect + 1);

    // and so do several threads (the engine's team then runs one step at a time); in a
    // child process, so that this process never starts an OpenMP team (see the top)
    const outcome o = run_isolated([&] {
        auto sim4 = cx::simulate<cx::cpu>(grow_net(4000), {.dt = dt, .batch = 2, .threads = 2, .check_finite = true});
        sim4.var<"Grow", "r">().batch(entry)[3999] = r_fast;
        try {
            sim4.run(2.0);
        } catch (const cx::error& e) {
            throw cx::error(e.group(), e.field(), std::string(e.what()) + " | timestep " + std::to_string(sim4.timestep()));
        }
    });
    INFO(o.what);
    CHECK(o.kind == outcome::cx_error);
    CHECK(o.what.find("at element 3999 (batch entry 1) after time step " + std::to_string(expect) + " ") != std::string::npos);
    CHECK(o.what.find(" | timestep " + std::to_string(expect + 1)) != std::string::npos);
}
