// GPU twin of tests/unit/test_fixed_string.cpp: fixed_string's constexpr members used in
// device code (needs --expt-relaxed-constexpr), and a fixed_string-templated type used
// from a kernel through a plain function, never as a kernel template argument.
#include <catch2/catch.hpp>

#include <cortexpr/base/fixed_string.hpp>

#include <cuda_runtime.h>

#include <string>

using cortexpr::fixed_string;

namespace {
template <fixed_string Name>
struct named {
    static constexpr auto name = Name;
};

__global__ void copy_name(char* g_out, int n) {  // g_out: [n]
    constexpr auto s = named<fixed_string{"LIF."} + fixed_string{"sim_code"}>::name;
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) g_out[i] = i < static_cast<int>(s.size()) ? s[i] : '\0';
}
}  // namespace

TEST_CASE("fixed_string: constexpr members in device code", "[dsl][fixed_string][cuda]") {
    constexpr int n = 16;
    char* d_out = nullptr;
    REQUIRE(cudaMalloc(&d_out, n) == cudaSuccess);
    copy_name<<<1, 32>>>(d_out, n);
    REQUIRE(cudaGetLastError() == cudaSuccess);
    char h_out[n] = {};
    REQUIRE(cudaMemcpy(h_out, d_out, n, cudaMemcpyDeviceToHost) == cudaSuccess);
    REQUIRE(cudaFree(d_out) == cudaSuccess);
    REQUIRE(std::string(h_out) == "LIF.sim_code");
}
