// GPU twin of test_random.cpp: the device must draw the very same bits as the host.
// Build it as CUDA (nvcc -x cu, or set_source_files_properties(... LANGUAGE CUDA));
// compiled as plain C++ it contributes nothing. Skips (with a warning) without a GPU.
// Worth running with and without --use_fast_math: the draws must not change.
#include <catch2/catch.hpp>

#if defined(__CUDACC__)
#include <cuda_runtime.h>

#include <bit>
#include <cstdint>
#include <vector>

#include <cortexpr/random/stream.hpp>

namespace {

constexpr std::uint64_t seed = 0x0123456789abcdefull;
constexpr int n_threads = 4096;
constexpr int per_kind = 4;
constexpr int n_kinds = 10;
constexpr int per_thread = n_kinds * per_kind;

/// Every distribution, `per_kind` draws each, from a fresh stream per kind; integers
/// and floats alike stored as double (exactly).
template <class Real>
__host__ __device__ void draw_all(std::uint32_t element, double* out) {
    using S = cortexpr::random::stream<Real>;
    auto fresh = [&] { return S(seed, 7, element, 1000, 3); };
    int o = 0;
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.next_u32(); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.uniform(); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.normal(); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.exponential(); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.log_normal(Real(0.5), Real(0.25)); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.gamma(Real(0.3)); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.gamma(Real(2.5)); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.binomial(10, Real(0.3)); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.binomial(45000000u, Real(1 / 20683.0)); }
    { S s = fresh(); for (int i = 0; i < per_kind; ++i) out[o++] = s.binomial(100, Real(0.9)); }
}

template <class Real>
__global__ void draw_kernel(double* g_out) {  // [n_threads * per_thread]
    const unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n_threads) draw_all<Real>(i, g_out + std::size_t{i} * per_thread);
}

bool have_device() {
    int n = 0;
    return cudaGetDeviceCount(&n) == cudaSuccess && n > 0;
}

}  // namespace

TEMPLATE_TEST_CASE("random: device draws are bit-identical to host draws", "[random][cuda]", float, double) {
    if (!have_device()) {
        WARN("no CUDA device: skipped");
        return;
    }
    double* d_out = nullptr;
    const std::size_t n = std::size_t{n_threads} * per_thread;
    REQUIRE(cudaMalloc(&d_out, n * sizeof(double)) == cudaSuccess);
    draw_kernel<TestType><<<n_threads / 128, 128>>>(d_out);
    REQUIRE(cudaGetLastError() == cudaSuccess);
    std::vector<double> device(n), host(n);
    REQUIRE(cudaMemcpy(device.data(), d_out, n * sizeof(double), cudaMemcpyDeviceToHost) == cudaSuccess);
    cudaFree(d_out);
    for (std::uint32_t e = 0; e < n_threads; ++e) draw_all<TestType>(e, host.data() + std::size_t{e} * per_thread);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::bit_cast<std::uint64_t>(device[i]) != std::bit_cast<std::uint64_t>(host[i])) {
            if (++mismatches <= 10)
                UNSCOPED_INFO("thread " << i / per_thread << ", kind " << (i % per_thread) / per_kind << ": device "
                                        << device[i] << " host " << host[i]);
        }
    }
    CHECK(mismatches == 0);
}
#endif
