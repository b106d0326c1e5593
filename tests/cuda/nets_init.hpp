// Networks of the device-initialisation test (test_sim_init_cuda.cu, CPU side in
// cpu_reference_init.cpp): every built-in random variable initialiser, initialisers that
// read the element's indices (id, id_pre/id_post, id_kernel), every sparse connectivity
// snippet (row build and column build code, 8/16/32-bit indices, FixedNumberTotal's
// host-drawn row lengths, Conv2D's kernel indices), a bitmask, a dense group, a
// connection list, and learning groups with column lists; plus networks whose
// connectivity build fails. `take` copies what initialisation produced out of an
// engine's host stores (the CUDA engine's host mirror), byte for byte.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "sim_outcome.hpp"

namespace init_test {
using namespace cx::literals;

/// A neuron that only holds its variables.
struct Held {
    static constexpr std::string_view name = "Held";
    static constexpr auto params = cortexpr::params("a");
    static constexpr auto vars = cortexpr::vars("V", "W", "X", "Y", "Z", "E");
    static constexpr cortexpr::code sim_code = "V += a * dt;\n";
    static constexpr cortexpr::code threshold_condition_code = "V > 1000.0";
    static constexpr cortexpr::code reset_code = "V = 0.0;\n";
};
/// A postsynaptic model with a variable.
struct HeldPsm {
    static constexpr std::string_view name = "HeldPsm";
    static constexpr auto vars = cortexpr::vars("x");
    static constexpr cortexpr::code sim_code = "injectCurrent(inSyn + x);\ninSyn = 0.0;\n";
};
/// A current source with a variable.
struct Level {
    static constexpr std::string_view name = "Level";
    static constexpr auto vars = cortexpr::vars("level");
    static constexpr cortexpr::code injection_code = "injectCurrent(level);\n";
};
/// Synapses with presynaptic and postsynaptic variables that learn on postsynaptic spikes
/// (so the group has column lists).
struct Traces {
    static constexpr std::string_view name = "Traces";
    static constexpr auto params = cortexpr::params("eta");
    static constexpr auto vars = cortexpr::vars("g");
    static constexpr auto pre_vars = cortexpr::vars("x");
    static constexpr auto post_vars = cortexpr::vars("y");
    static constexpr cortexpr::code pre_spike_syn_code = "addToPost(g);\n";
    static constexpr cortexpr::code post_spike_syn_code = "g += eta;\n";
    static constexpr cortexpr::code pre_spike_code = "x += 1.0;\n";
    static constexpr cortexpr::code post_spike_code = "y += 1.0;\n";
};
/// value = 3 id + 1 (neuron variables: id and the batch layout).
struct ThriceId {
    static constexpr std::string_view name = "ThriceId";
    static constexpr cortexpr::code var_init_code = "value = (id * 3) + 1;\n";
};
/// value = 1000 id_pre + id_post + offset (synapse variables: the row slot's indices).
struct PrePost {
    static constexpr std::string_view name = "PrePost";
    static constexpr auto params = cortexpr::params("offset");
    static constexpr cortexpr::code var_init_code = "value = (id_pre * 1000) + id_post + offset;\n";
};
/// value = 7 id_kernel + id_post (Conv2D's kernel index per synapse).
struct KernelIndex {
    static constexpr std::string_view name = "KernelIndex";
    static constexpr cortexpr::code var_init_code = "value = (id_kernel * 7) + id_post;\n";
};

template <cx::fixed_string Name>
auto held(std::uint32_t n, double gamma_a) {
    return cx::population<Name, Held>(
        n, "a"_p = 0.0, "V"_v = cx::init<cx::init_var::Normal>("mean"_p = -60.0, "sd"_p = 4.0),
        "W"_v = cx::init<cx::init_var::Uniform>("min"_p = -1.0, "max"_p = 1.0),
        "X"_v = cx::init<cx::init_var::Gamma>("a"_p = gamma_a, "b"_p = 2.0),
        "Y"_v = cx::init<cx::init_var::Binomial>("n"_p = 20.0, "p"_p = 0.3),
        "Z"_v = cx::init<cx::init_var::NormalClipped>("mean"_p = 0.0, "sd"_p = 1.0, "min"_p = -0.5, "max"_p = 1.5),
        "E"_v = cx::init<cx::init_var::Exponential>("lambda"_p = 2.0));
}
template <cx::fixed_string Name>
auto plain(std::uint32_t n) {
    return cx::population<Name, Held>(n, "a"_p = 0.0, "V"_v = cx::init<ThriceId>(), "W"_v = 0.0, "X"_v = 0.0, "Y"_v = 0.0,
                                      "Z"_v = 0.0, "E"_v = 0.0);
}
inline auto delta() { return cx::psm<cx::postsynaptic::DeltaCurr>(); }
inline auto conv_params() {
    // 8x8x2 input, 3x3 kernel, stride 1, padding 1, 8x8x3 output
    return cx::connect<cx::init_sparse::Conv2D>("conv_kh"_p = 3.0, "conv_kw"_p = 3.0, "conv_sh"_p = 1.0, "conv_sw"_p = 1.0,
                                                "conv_padh"_p = 1.0, "conv_padw"_p = 1.0, "conv_ih"_p = 8.0, "conv_iw"_p = 8.0,
                                                "conv_ic"_p = 2.0, "conv_oh"_p = 8.0, "conv_ow"_p = 8.0, "conv_oc"_p = 3.0);
}

inline auto init_net() {
    using namespace cx::init_sparse;
    using cx::weight_update::StaticPulse;
    std::vector<std::uint32_t> pre, post;
    for (std::uint32_t i = 0; i < 200; ++i)
        for (std::uint32_t j = (i * 5) % 7; j < 200; j += 17) { pre.push_back(i); post.push_back(199 - j); }  // rows out of order
    std::vector<double> kernel(54);
    for (std::size_t k = 0; k < kernel.size(); ++k) kernel[k] = 0.01 * double(k);
    return cx::network(
        held<"A">(300, 2.5), held<"B">(200, 0.5), plain<"C">(1000), plain<"Wide">(70000), plain<"In">(128), plain<"Out">(192),
        cx::source<"Lvl", "B", Level>("level"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 3.0)),
        cx::synapses<"Fp", "A", "C">(cx::sparse(cx::connect<FixedProbability>("prob"_p = 0.1)),
            cx::wu<StaticPulse>("g"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.5, "sd"_p = 0.1)), delta()),
        cx::synapses<"FpNa", "A", "A">(cx::sparse(cx::connect<FixedProbabilityNoAutapse>("prob"_p = 0.05)),
            cx::wu<StaticPulse>("g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 1.0)), delta()),
        cx::synapses<"Fnpost", "A", "B">(cx::sparse(cx::connect<FixedNumberPostWithReplacement>("num"_p = 20.0)),
            cx::wu<StaticPulse>("g"_v = cx::init<cx::init_var::NormalClipped>("mean"_p = 0.0, "sd"_p = 1.0, "min"_p = -1.0, "max"_p = 1.0)),
            delta()),
        cx::synapses<"Fnt", "A", "C">(cx::sparse(cx::connect<FixedNumberTotalWithReplacement>("num"_p = 5000.0)),
            cx::wu<StaticPulse>("g"_v = cx::init<cx::init_var::Exponential>("lambda"_p = 0.5)), delta()),
        cx::synapses<"Fnpre", "B", "C">(cx::sparse(cx::connect<FixedNumberPreWithReplacement>("num"_p = 15.0)),
            cx::wu<StaticPulse>("g"_v = cx::init<PrePost>("offset"_p = 0.25)), delta()),
        cx::synapses<"One", "A", "A">(cx::sparse(cx::connect<OneToOne>()),
            cx::wu<StaticPulse>("g"_v = cx::init<cx::init_var::Binomial>("n"_p = 10.0, "p"_p = 0.5)), delta()),
        cx::synapses<"Conv", "In", "Out">(cx::sparse(conv_params()), cx::wu<StaticPulse>("g"_v = cx::init<KernelIndex>()), delta()),
        cx::synapses<"ConvK", "In", "Out">(cx::sparse(conv_params()),
            cx::wu<StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = kernel)), delta()),
        cx::synapses<"ToWide", "B", "Wide">(cx::sparse(cx::connect<FixedProbability>("prob"_p = 0.01)),
            cx::wu<StaticPulse>("g"_v = cx::init<cx::init_var::Gamma>("a"_p = 3.0, "b"_p = 0.1)), delta()),
        cx::synapses<"Mask", "A", "B">(cx::bitmask(cx::connect<FixedProbability>("prob"_p = 0.3)), cx::wu<StaticPulse>("g"_v = 1.0),
            delta()),
        cx::synapses<"Dense", "B", "A">(cx::dense(), cx::wu<StaticPulse>("g"_v = cx::init<PrePost>("offset"_p = 0.5)),
            cx::psm<HeldPsm>("x"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.0, "sd"_p = 1.0))),
        cx::synapses<"List", "B", "C">(cx::sparse(cx::connection_list{pre, post}),
            cx::wu<StaticPulse>("g"_v = cx::init<PrePost>("offset"_p = 0.75)), delta()),
        cx::synapses<"Stdp", "A", "B">(cx::sparse(cx::connect<FixedProbability>("prob"_p = 0.2)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.02, "Aminus"_p = 0.025,
                                            "Wmin"_p = 0.0, "Wmax"_p = 1.0,
                                            "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.2, "max"_p = 0.6)),
            delta()),
        cx::synapses<"Learn", "B", "C">(cx::sparse(cx::connect<FixedNumberPreWithReplacement>("num"_p = 6.0)),
            cx::wu<Traces>("eta"_p = 0.01, "g"_v = cx::init<cx::init_var::Normal>("mean"_p = 1.0, "sd"_p = 0.2),
                           "x"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 1.0),
                           "y"_v = cx::init<cx::init_var::Exponential>("lambda"_p = 1.0)),
            cx::psm<HeldPsm>("x"_v = cx::init<ThriceId>())));
}

/// Emits three synapses per row into rows of capacity two.
struct Overfull {
    static constexpr std::string_view name = "Overfull";
    static constexpr cortexpr::code row_build_code = "for (unsigned int c = 0; c < 3; c++) {\n    addSynapse(c);\n}\n";
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 2; }
};
/// Emits a target one past the last postsynaptic neuron in row 4.
struct Outside {
    static constexpr std::string_view name = "Outside";
    static constexpr cortexpr::code row_build_code = "if (id_pre == 4) {\n    addSynapse(num_post);\n}\naddSynapse(0);\n";
};
/// Column build code that sends every column's synapses to row 0 (capacity 2).
struct OverfullColumns {
    static constexpr std::string_view name = "OverfullColumns";
    static constexpr cortexpr::code col_build_code = "addSynapse(0);\n";
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 2; }
};
template <class C>
auto bad_net() {
    return cx::network(plain<"P">(10), plain<"Q">(12),
                       cx::synapses<"Bad", "P", "Q">(cx::sparse(cx::connect<C>()), cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), delta()));
}

/// value = 20 - 3 id: negative from id 7 on.
struct Descending {
    static constexpr std::string_view name = "Descending";
    static constexpr cortexpr::code var_init_code = "value = 20.0 - (id * 3);\n";
};
/// Integer variables whose initial values leave their type from some element on: a
/// dendritic delay (uint8_t) of a dense group, 1000 i + j + 250, first out of range at
/// synapse (0, 6) (Which 0); a spike index (unsigned) of a population, 20 - 3 id, first
/// out of range at neuron 7 (Which 1). Every later element is out of range too, so the
/// device must report the first as the CPU does.
template <int Which>
auto range_net() {
    if constexpr (Which == 0)
        return cx::network(plain<"P">(10), plain<"Q">(12),
                           cx::synapses<"Late", "P", "Q">(
                               cx::dense(),
                               cx::wu<cx::weight_update::StaticPulseDendriticDelay>("g"_v = 1.0, "d"_v = cx::init<PrePost>("offset"_p = 250.0)),
                               delta(), {.max_dendritic_delay = 255}));
    else
        return cx::network(cx::population<"Src", cx::neuron::SpikeSourceArray>(40, "startSpike"_v = cx::init<Descending>(), "endSpike"_v = 0.0));
}
/// The error message of initialising range_net<Which>, or "" when none.
template <class Backend, int Which>
std::string range_error(std::uint32_t batch) {
    try {
        auto sim = cx::simulate<Backend, double>(range_net<Which>(), {.dt = 0.1, .seed = 5, .batch = batch});
        (void)sim;
    } catch (const cx::error& e) {
        return e.what();
    }
    return "";
}

// ---- what initialisation produced ------------------------------------------------------
struct array {
    std::string name;
    std::vector<unsigned char> bytes;
    bool operator==(const array&) const = default;
};
using snapshot = std::vector<array>;

template <class X>
inline void add(snapshot& s, std::string name, const X* p, std::size_t count) {
    const auto* b = reinterpret_cast<const unsigned char*>(p);
    s.push_back({std::move(name), std::vector<unsigned char>(b, b + count * sizeof(X))});
}
inline void add(snapshot& s, std::string name, cx::detail::buffer& b) { add(s, std::move(name), b.data<unsigned char>(), b.bytes()); }
inline void add(snapshot& s, std::string name, std::uint32_t v) { add(s, std::move(name), &v, 1); }
template <class V>
inline void add(snapshot& s, std::string name, const std::vector<V>& v) { add(s, std::move(name), v.data(), v.size()); }

/// Every variable and connectivity array of the engine's host stores.
template <class Engine>
snapshot take(Engine& e) {
    using list = typename Engine::list;
    snapshot s;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ([&] {
            auto& st = e.template store<I>();
            const std::string n = st.name + ".";
            if constexpr (list::kinds[I] != cx::part_kind::synapses) {
                for (std::size_t k = 0; k < st.m.vars.size(); ++k) add(s, n + "var" + std::to_string(k), st.m.vars[k]);
            } else {
                for (std::size_t k = 0; k < st.wu.vars.size(); ++k) add(s, n + "wu" + std::to_string(k), st.wu.vars[k]);
                for (std::size_t k = 0; k < st.psm.vars.size(); ++k) add(s, n + "psm" + std::to_string(k), st.psm.vars[k]);
                for (std::size_t k = 0; k < st.pre_vars.size(); ++k) add(s, n + "pre" + std::to_string(k), st.pre_vars[k]);
                for (std::size_t k = 0; k < st.post_vars.size(); ++k) add(s, n + "post" + std::to_string(k), st.post_vars[k]);
                add(s, n + "stride", st.stride);
                add(s, n + "index_bytes", st.index_bytes);
                add(s, n + "row_length", st.row_length);
                add(s, n + "ind", st.ind);
                add(s, n + "bits", st.bits);
                add(s, n + "col_stride", st.col_stride);
                add(s, n + "col_length", st.col_length);
                add(s, n + "col_syn", st.col_syn);
                add(s, n + "syn_count", std::uint32_t(st.syn_count));
                add(s, n + "synapses", std::uint32_t(st.synapse_count()));
            }
        }(), ...);
    }(std::make_index_sequence<list::size>{});
    return s;
}

/// The error message of building network C's connectivity, or "" when none.
template <class Backend, class C>
std::string build_error() {
    try {
        auto sim = cx::simulate<Backend, double>(bad_net<C>(), {.dt = 0.1, .seed = 1});
        (void)sim;
    } catch (const cx::error& e) {
        return e.what();
    }
    return "";
}

// CPU side (cpu_reference_init.cpp)
snapshot cpu_snapshot(std::uint64_t seed, std::uint32_t batch);
std::string cpu_error_overfull();
std::string cpu_error_outside();
std::string cpu_error_overfull_columns();
std::string cpu_range_error(int which, std::uint32_t batch);
}  // namespace init_test
