// GeNN's first tutorial in cortexpr: four Izhikevich neurons in four firing regimes
// (regular spiking, fast spiking, chattering, intrinsically bursting) under a DC input
// of 10, 200 ms at dt = 0.1 ms, V of every neuron written after every step.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>

using namespace cx::literals;

int main() {
    // a, b, c, d are per-neuron read-only variables of IzhikevichVariable
    auto net = cx::network(
        cx::population<"Neurons", cx::neuron::IzhikevichVariable>(4,
            "V"_v = -65.0, "U"_v = -20.0, "a"_v = 0.0, "b"_v = 0.0, "c"_v = 0.0, "d"_v = 0.0),
        cx::source<"CurrentSource", "Neurons", cx::current_source::DC>("amp"_p = 10.0));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 1, .threads = 1});

    // set the parameters of each regime after initialisation (push: to the device, if any)
    const float abcd[4][4] = {{0.02f, 0.2f, -65.0f, 8.0f},   // RS
                              {0.1f, 0.2f, -65.0f, 2.0f},    // FS
                              {0.02f, 0.2f, -50.0f, 2.0f},   // CH
                              {0.02f, 0.2f, -55.0f, 4.0f}};  // IB
    auto a = sim.var<"Neurons", "a">();
    auto b = sim.var<"Neurons", "b">();
    auto c = sim.var<"Neurons", "c">();
    auto d = sim.var<"Neurons", "d">();
    for (int i = 0; i < 4; ++i) a[i] = abcd[i][0], b[i] = abcd[i][1], c[i] = abcd[i][2], d[i] = abcd[i][3];
    a.push(); b.push(); c.push(); d.push();

    std::FILE* out = std::fopen("izhikevich_v.csv", "w");
    if (!out) return 1;
    std::fprintf(out, "t_ms,RS,FS,CH,IB\n");
    int spikes[4] = {};
    while (sim.t() < 200.0) {
        sim.step();
        auto v = sim.var<"Neurons", "V">();
        v.pull();  // a no-op on the CPU, a copy on the GPU
        std::fprintf(out, "%.1f,%g,%g,%g,%g\n", double(sim.t()), v[0], v[1], v[2], v[3]);
        for (auto id : sim.current_spikes<"Neurons">()) ++spikes[id];
    }
    std::fclose(out);
    std::printf("spikes in 200 ms: RS %d, FS %d, CH %d, IB %d\n", spikes[0], spikes[1], spikes[2], spikes[3]);
    return 0;
}
