// A CUDA program that owns its stream and device memory and calls cortexpr between its
// own kernels: every millisecond it copies the spikes of the last millisecond to its own
// device buffer, runs its own kernels on them (a leaky rate estimate per neuron and a
// controller), and sets the drive of the network from the result.
//
//   nvcc -std=c++20 --expt-relaxed-constexpr -arch=sm_90 -I <cortexpr>/include embedding.cu
#include <cortexpr/cuda.cuh>

#include <cmath>
#include <cstdio>
#include <vector>

using namespace cx::literals;

// (kernels at namespace scope, not in an anonymous namespace: nvcc's host stubs cannot
// name kernels of an anonymous namespace with g++ 12)
constexpr std::uint32_t n_exc = 1000;

#define CHECK(call)                                                                        \
    do {                                                                                   \
        const cudaError_t e_ = (call);                                                     \
        if (e_ != cudaSuccess) {                                                           \
            std::fprintf(stderr, "%s: %s\n", #call, cudaGetErrorString(e_));               \
            return 1;                                                                      \
        }                                                                                  \
    } while (0)

/// The application's own kernels: decay every neuron's rate estimate, then add the spikes.
__global__ void decay_rates(float* rate, float decay) {
    const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n_exc) rate[i] *= decay;
}
__global__ void add_spikes(float* rate, const std::uint32_t* ids, std::uint32_t count, float weight) {
    const std::uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k < count) atomicAdd(&rate[ids[k]], weight);
}

/// ... and its controller: one thread reads the mean rate and writes the next drive.
__global__ void control(const float* rate, float* drive, float target, float gain) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    float sum = 0;
    for (std::uint32_t i = 0; i < n_exc; ++i) sum += rate[i];
    *drive = fmaxf(0.0f, *drive + gain * (target - sum / n_exc));
}

int main() {
    // The application's stream and device memory.
    cudaStream_t stream;
    CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
    float *rate = nullptr, *drive = nullptr;
    std::uint32_t* ids = nullptr;
    CHECK(cudaMalloc(&rate, n_exc * sizeof(float)));
    CHECK(cudaMalloc(&drive, sizeof(float)));
    CHECK(cudaMalloc(&ids, 10 * n_exc * sizeof(std::uint32_t)));  // at most one spike per neuron and step
    CHECK(cudaMemsetAsync(rate, 0, n_exc * sizeof(float), stream));
    CHECK(cudaMemsetAsync(drive, 0, sizeof(float), stream));

    auto net = cx::network(
        cx::population<"Noise", cx::neuron::Poisson>(500, "rate"_p = 10.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(n_exc,
            "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -70.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::source<"Drive", "Exc", cx::current_source::DC>("amp"_p = 0.0),
        cx::synapses<"NoiseExc", "Noise", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = 0.1),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)));

    try {
        auto sim = cx::simulate<cx::cuda>(net, {.dt = 0.1, .seed = 1});  // its own stream
        sim.record_spikes<"Exc">(10);  // exactly one millisecond of steps
        std::vector<std::uint32_t> host_ids;
        float host_drive = 0.0f;
        for (int ms = 0; ms < 1000; ++ms) {
            sim.run(1.0);  // 10 steps on the GPU; returns when they are done
            const auto tr = sim.spikes<"Exc">();  // pulls the recording, decodes on the host
            host_ids.assign(tr.ids.begin(), tr.ids.end());
            CHECK(cudaMemcpyAsync(ids, host_ids.data(), host_ids.size() * sizeof(std::uint32_t),
                                  cudaMemcpyHostToDevice, stream));
            // rate estimate: tau = 20 ms; each spike adds 1000/20 Hz
            const auto count = std::uint32_t(host_ids.size());
            decay_rates<<<(n_exc + 255) / 256, 256, 0, stream>>>(rate, std::exp(-1.0f / 20.0f));
            if (count > 0) add_spikes<<<(count + 255) / 256, 256, 0, stream>>>(rate, ids, count, 1000.0f / 20.0f);
            control<<<1, 1, 0, stream>>>(rate, drive, 15.0f, 0.0005f);
            CHECK(cudaMemcpyAsync(&host_drive, drive, sizeof(float), cudaMemcpyDeviceToHost, stream));
            CHECK(cudaStreamSynchronize(stream));
            sim.set_param<"Drive", "amp">(host_drive);  // uploaded before the next run
        }
        std::printf("drive after 1 s: %.4f nA; %llu host launches for %llu steps\n", host_drive,
                    (unsigned long long)sim.engine().stats().host_launches,
                    (unsigned long long)sim.engine().stats().steps);
    } catch (const cx::error& e) {
        std::fprintf(stderr, "cortexpr: %s\n", e.what());
        return 1;
    }
    cudaFree(ids);
    cudaFree(drive);
    cudaFree(rate);
    cudaStreamDestroy(stream);
    return 0;
}
