// Prints one FNV-1a hash per network of the CPU-vs-CUDA test suites (tests/cuda/nets_*.hpp,
// run here by their CPU references) plus the example networks at small sizes: spike
// trains, final variables and, for the initialisation network, every initialised array
// byte for byte. A regression check for changes that must not move a single spike (a
// refactor of the engine, of random-stream keying): build it before and after and diff
//
//   cmake --build --preset ci --target spike_hashes && build/ci/tests/spike_hashes
//
// Not part of ctest: the values are this build's, not a reference.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../../examples/networks/microcircuit.hpp"
#include "../../examples/networks/vogels_abbott.hpp"
#include "../cuda/nets_connectivity.hpp"
#include "../cuda/nets_examples.hpp"
#include "../cuda/nets_init.hpp"
#include "../cuda/nets_neurons.hpp"
#include "../cuda/nets_plasticity.hpp"

namespace {

struct fnv {
    std::uint64_t h = 1469598103934665603ull;
    void bytes(const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (std::size_t i = 0; i < n; ++i) { h ^= b[i]; h *= 1099511628211ull; }
    }
    template <class X>
    void vec(const std::vector<X>& v) {
        const std::uint64_t n = v.size();
        bytes(&n, sizeof n);
        if (!v.empty()) bytes(v.data(), v.size() * sizeof(X));
    }
    void add(const cuda_test::trains& t) {
        for (auto& v : t.times) vec(v);
        for (auto& v : t.ids) vec(v);
    }
    void add(const std::vector<double>& v) { vec(v); }
    template <class... X>
    fnv& all(const X&... x) { (add(x), ...); return *this; }
};

std::size_t spikes(const cuda_test::trains& t) { return t.count(); }

void print(const char* name, std::uint64_t h, std::size_t n) {
    std::printf("%-28s %016llx  spikes %zu\n", name, (unsigned long long)h, n);
}

template <cx::fixed_string... Pops, class Sim>
void run_and_print(const char* name, Sim& sim, double ms) {
    const auto steps = std::uint32_t(ms / sim.dt() + 0.5);
    (sim.template record_spikes<Pops>(steps), ...);
    sim.run(ms);
    fnv f;
    std::size_t n = 0;
    ([&] {
        auto tr = cuda_test::collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<Pops>(b); });
        f.add(tr);
        n += tr.count();
    }(), ...);
    print(name, f.h, n);
}

}  // namespace

int main() {
    for (std::uint64_t seed : {1ull, 77ull}) {
        std::printf("# seed %llu\n", (unsigned long long)seed);
        {
            auto o = conn_test::cpu_exact(seed);
            print("connectivity.exact", fnv{}.all(o.dense, o.sparse, o.mask, o.proc, o.conv, o.proc_total, o.v_sparse, o.v_conv).h,
                  spikes(o.dense) + spikes(o.sparse) + spikes(o.mask) + spikes(o.proc) + spikes(o.conv) + spikes(o.proc_total));
        }
        {
            auto o = conn_test::cpu_exp(seed, 2);
            print("connectivity.exp(batch 2)", fnv{}.all(o.a, o.b, o.v_a, o.v_b, o.in_a).h, spikes(o.a) + spikes(o.b));
        }
        {
            auto o = examples_test::cpu_va(seed);
            print("examples.va", fnv{}.all(o.a, o.b, o.v).h, spikes(o.a) + spikes(o.b));
            o = examples_test::cpu_va_float(seed);
            print("examples.va_float", fnv{}.all(o.a, o.b, o.v).h, spikes(o.a) + spikes(o.b));
            o = examples_test::cpu_izh(seed);
            print("examples.izh", fnv{}.all(o.a, o.b, o.v).h, spikes(o.a) + spikes(o.b));
        }
        {
            auto s = init_test::cpu_snapshot(seed, 2);
            fnv f;
            for (auto& a : s) { f.bytes(a.name.data(), a.name.size()); f.vec(a.bytes); }
            print("init.snapshot(batch 2)", f.h, 0);
            // one line per array, so a change shows where it is
            for (auto& a : s) {
                fnv g;
                g.vec(a.bytes);
                std::printf("  init.%-24s %016llx\n", a.name.c_str(), (unsigned long long)g.h);
            }
        }
        {
            auto o = neuron_test::cpu_neurons(seed, 2);
            print("neurons(batch 2)", fnv{}.all(o.lif, o.izh, o.poisson, o.v_lif, o.refrac, o.v_izh, o.u_izh, o.current, o.tts).h,
                  spikes(o.lif) + spikes(o.izh) + spikes(o.poisson));
        }
        {
            auto o = plasticity_test::cpu_plastic(seed, 2);
            print("plasticity(batch 2)", fnv{}.all(o.in, o.exc, o.inh, o.v_exc, o.v_inh, o.g_stdp, o.g_dense).h,
                  spikes(o.in) + spikes(o.exc) + spikes(o.inh));
        }
        for (int threads : {1, 2}) {
            auto sim = cx::simulate<cx::cpu>(cxnet::make_vogels_abbott(2000),
                                             {.dt = cxnet::vogels_abbott::dt, .seed = seed, .threads = threads});
            run_and_print<"E", "I">(threads == 1 ? "va2000(1 thread)" : "va2000(2 threads)", sim, 200.0);
        }
        {
            cxnet::microcircuit::config mc{.neuron_scale = 0.05, .connectivity_scale = 0.05};
            auto sim = cx::simulate<cx::cpu>(cxnet::make_microcircuit(mc),
                                             {.dt = cxnet::microcircuit::dt, .seed = seed, .threads = 2, .fuse_postsynaptic = true});
            run_and_print<"23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I">("microcircuit(0.05)", sim, 100.0);
        }
    }
}
