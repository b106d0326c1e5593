// Kernels of the CUDA backend's initialisation on the device (device_init.hpp runs them):
// variables (a thread per element), sparse rows and bitmasks (a thread per row, as GeNN),
// column build code (a thread per column, atomics into the rows), and the small kernels
// around CUB's sorts and scans (row bounds, narrowing of indices, column lists). Each
// element uses the CPU engine's environment, emitted code and random stream
// (host_builder::init_var_set, step/rows.hpp build_row), so the values are the CPU backend's.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <tuple>

#include "../../step/init_plan.hpp"
#include "kernels.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// How element e of a variable maps to the indices its initialiser sees
/// (host_builder::init_var_set's `where` per kind of variable).
enum class init_where : std::uint32_t {
    neuron = 0,  // id = e (populations, sources, pre/post/psm variables)
    dense = 1,   // synapse (e / n_post, e % n_post)
    sparse = 2,  // slot e of the rows: (e / stride, ind[e]), padding skipped
    kernel = 3,  // kernel entry e
};

/// The first integer variable element whose initial value lies outside its type (the
/// CPU's "initial value ... is outside the range of ..." error): one word for the whole
/// initialisation, launch << 44 | element, kept at its minimum so that it names the
/// variable the CPU initialises first and, in it, the first element. `none`: none.
struct init_range_error {
    static constexpr unsigned long long none = ~0ull;
    static constexpr int element_bits = 44;
    unsigned long long first = none;
    double value = 0;  // the value of element `report`, by a launch of one thread
};

struct var_init_args {
    void* data = nullptr;
    // whose variable: part index, set and index in the set (they key the random streams)
    std::uint32_t part = 0, var = 0;
    var_set set = var_set::vars;
    std::size_t per = 0;          // elements per batch entry
    std::uint32_t batches = 1;    // 1 for variables shared by the batch
    bool shared = false;          // shared: the connectivity seed for all; else seed + b
    std::uint64_t seed = 0;
    double dt = 0.1;
    init_where where = init_where::neuron;
    std::uint32_t n = 0, np = 0, nq = 0, stride = 0, index_bytes = 4;
    const void* ind = nullptr;
    const std::uint32_t* row_length = nullptr;
    const std::uint32_t* kernel_of = nullptr;  // sparse: kernel index per slot (or none: 0)
    // integer variables: where an out-of-range value is recorded (launch << 44 | x)
    init_range_error* range = nullptr;
    unsigned long long launch = 0;
    // a launch of one thread that computes element `report` into range->value only
    std::size_t report = ~std::size_t(0);
};

/// Errors found by the build kernels (minimum over threads, so the report names the first
/// row as a serial CPU build would). `none` when nothing happened.
struct build_errors {
    static constexpr unsigned long long none = ~0ull;
    unsigned long long row_index = none;   // row << 32 | j: postsynaptic index out of range
    unsigned long long capacity = none;    // row over its capacity
    unsigned long long col_index = none;   // column << 32 | i: presynaptic index out of range
    unsigned long long unsorted = 0;       // some row was emitted out of order
};

struct row_build_args {
    std::uint32_t part = 0;  // the synapse group's index (keys the random streams)
    std::uint32_t np = 0, nq = 0, stride = 0, words_per_row = 0;
    std::uint64_t seed = 0;
    double dt = 0.1;
    std::uint32_t* post = nullptr;        // [np][stride] targets, 32 bits (narrowed later)
    std::uint32_t* kernel = nullptr;      // [np][stride] kernel indices, or none
    std::uint32_t* row_length = nullptr;  // [np]
    std::uint32_t* bits = nullptr;        // bitmask [np][words_per_row]
    hd_array<std::uint32_t, 4> shape{{1, 1, 1, 1}};
    build_errors* errors = nullptr;
};

__device__ inline std::uint32_t init_post_index(const void* ind, std::uint32_t bytes, std::size_t syn) { return index_at(ind, bytes, syn); }

/// Variable a.var of set a.set of part a.part, of initialiser snippet Sn and value type
/// V: init_value per element, grid-stride over [batch][element] (the storage order, so
/// element x is data[x]). Keyed by types only: the variables of one kind of every part
/// share the kernel.
template <class Sn, class S, class T, class V, class MV>
__global__ void cuda_init_var_kernel(MV mv, var_init_args a) {
    const bool report = a.report != ~std::size_t(0);
    const std::size_t total = report ? a.report + 1 : a.per * a.batches;
    const std::size_t step = std::size_t(gridDim.x) * blockDim.x;
    for (std::size_t x = report ? a.report : std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; x < total; x += step) {
        const std::uint32_t b = std::uint32_t(x / a.per);
        const std::size_t e = x % a.per;
        std::uint32_t element = std::uint32_t(e), id = std::uint32_t(e), n = a.n, id_pre = 0, id_post = 0, id_kernel = 0, row = 0, rep = 0;
        std::uint32_t num_pre = 0, num_post = 0;
        bool synapse = false;
        if (a.where == init_where::dense || a.where == init_where::sparse) {
            std::uint32_t i, j;
            if (a.where == init_where::dense) {
                i = std::uint32_t(e / a.nq);
                j = std::uint32_t(e % a.nq);
            } else {
                i = std::uint32_t(e / a.stride);
                if (e % a.stride >= a.row_length[i]) continue;  // padding: left as allocated
                j = init_post_index(a.ind, a.index_bytes, e);
                id_kernel = a.kernel_of ? a.kernel_of[e] : 0u;
                // repeats of (i, j) before this slot (rows are sorted): streams::synapse_var_init
                const std::size_t base = std::size_t(i) * a.stride;
                rep = repeat_at(a.ind, a.index_bytes, base, e, j);
            }
            element = j; row = i; synapse = true; id = 0; n = 0; id_pre = i; id_post = j; num_pre = a.np; num_post = a.nq;
        } else if (a.where == init_where::kernel) {
            id = 0; n = 0; id_kernel = std::uint32_t(e); num_pre = a.np; num_post = a.nq;
        }
        const std::uint64_t seed = a.shared ? a.seed : a.seed + b;
        random::stream<S> r = a.set == var_set::vars && synapse ? streams::synapse_var_init<S>(seed, a.part, a.var, row, element, rep)
                                                                : streams::var_init<S>(seed, a.part, a.set, a.var, element);
        const auto w = init_value_wide<Sn, V, S, T>(mv, T(a.dt), b, r, [&](auto& env) {
            env.id = id; env.n = n; env.id_pre = id_pre; env.id_post = id_post;
            env.num_pre = num_pre; env.num_post = num_post; env.id_kernel = id_kernel;
        });
        if (report) {
            a.range->value = double(w);
            return;
        }
        if (!init_in_range<V>(w)) {  // (always false for floating-point V)
            atomicMin(&a.range->first, (a.launch << init_range_error::element_bits) | x);
            static_cast<V*>(a.data)[x] = V{};
        } else {
            static_cast<V*>(a.data)[x] = V(w);
        }
    }
}

/// Row build code of connectivity C (connect_init) of synapse group a.part, a thread per
/// row i, into the row's own slots (host_builder::build_connectivity's `push`): no
/// atomics, the CPU's order within the row. Bitmask: into the bits instead.
template <class C, class S, class T, bool Bitmask, class MV>
__global__ void cuda_build_rows_kernel(MV mv, row_build_args a) {
    using unit = model_unit<typename C::snippet, family::sparse_init, field::row_build_code>;
    using prog = dsl::program<unit>;
    const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= a.np) return;
    std::uint32_t len = 0, last = 0;
    bool sorted = true;
    auto add = [&](std::uint32_t j, auto... k) {
        if (j >= a.nq) {
            atomicMin(&a.errors->row_index, (static_cast<unsigned long long>(i) << 32) | j);
            return;
        }
        if constexpr (Bitmask) {
            a.bits[std::size_t(i) * a.words_per_row + j / 32] |= 1u << (j % 32);
        } else {
            if (len >= a.stride) {
                atomicMin(&a.errors->capacity, static_cast<unsigned long long>(i));
                return;
            }
            const std::size_t syn = std::size_t(i) * a.stride + len;
            a.post[syn] = j;
            if (a.kernel) a.kernel[syn] = kernel_index_of(a.shape, k...);
            if (len > 0 && j < last) sorted = false;
            last = j;
            ++len;
        }
    };
    random::stream<S> r = streams::connect_row<S>(a.seed, a.part, i);
    build_env<unit, S, T, MV, decltype(add)> env(mv, add, T(a.dt), r);
    env.id_pre = i; env.num_pre = a.np; env.num_post = a.nq;
    dsl::frame<prog, decltype(env)> f;
    dsl::run<prog, 0>(env, f);
    if constexpr (!Bitmask) {
        a.row_length[i] = len;
        if (!sorted) atomicOr(&a.errors->unsorted, 1ull);
    }
}

/// Column build code of connectivity C of synapse group a.part, a thread per column j;
/// rows are filled through atomic counters (row_length, zero before), so their order is
/// fixed by the sort after.
template <class C, class S, class T, class MV>
__global__ void cuda_build_cols_kernel(MV mv, row_build_args a) {
    using unit = model_unit<typename C::snippet, family::sparse_init, field::col_build_code>;
    using prog = dsl::program<unit>;
    const std::uint32_t j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= a.nq) return;
    auto add = [&](std::uint32_t i, auto...) {
        if (i >= a.np) {
            atomicMin(&a.errors->col_index, (static_cast<unsigned long long>(j) << 32) | i);
            return;
        }
        const std::uint32_t slot = atomicAdd(a.row_length + i, 1u);
        if (slot >= a.stride) {
            atomicMin(&a.errors->capacity, static_cast<unsigned long long>(i));
            return;  // (the build is reported and abandoned: nothing reads this row)
        }
        a.post[std::size_t(i) * a.stride + slot] = j;
    };
    random::stream<S> r = streams::connect_col<S>(a.seed, a.part, j);
    build_env<unit, S, T, MV, decltype(add)> env(mv, add, T(a.dt), r);
    env.id_post = j; env.num_pre = a.np; env.num_post = a.nq;
    dsl::frame<prog, decltype(env)> f;
    dsl::run<prog, 0>(env, f);
}

/// Segment bounds of rows [first, first + count) for CUB's segmented sort, relative to
/// row `first`'s slot 0: [r * stride, r * stride + row_length).
template <int = 0>  // a template: one definition however many translation units include this
__global__ void cuda_row_bounds_kernel(const std::uint32_t* row_length, std::uint32_t first, std::uint32_t count,
                                              std::uint32_t stride, int* begin, int* end) {
    const std::uint32_t r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= count) return;
    begin[r] = int(r * stride);
    end[r] = int(r * stride + row_length[first + r]);
}

/// Sorted 32-bit targets into the group's index array of 1, 2 or 4 bytes (host_builder::
/// allocate_rows chose the width); padding slots keep their zeros.
template <int = 0>
__global__ void cuda_narrow_rows_kernel(const std::uint32_t* post, const std::uint32_t* row_length, std::uint32_t np,
                                               std::uint32_t stride, void* ind, std::uint32_t bytes) {
    const std::size_t total = std::size_t(np) * stride, step = std::size_t(gridDim.x) * blockDim.x;
    for (std::size_t s = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; s < total; s += step) {
        if (s % stride >= row_length[s / stride]) continue;
        switch (bytes) {
            case 1: static_cast<std::uint8_t*>(ind)[s] = std::uint8_t(post[s]); break;
            case 2: static_cast<std::uint16_t*>(ind)[s] = std::uint16_t(post[s]); break;
            default: static_cast<std::uint32_t*>(ind)[s] = post[s];
        }
    }
}

/// Column lists, step 1: every stored synapse as (target j, slot), compacted in slot
/// order (row_offset: exclusive scan of the row lengths), and the column histogram.
template <int = 0>
__global__ void cuda_column_pairs_kernel(const void* ind, std::uint32_t bytes, const std::uint32_t* row_length,
                                                const std::uint32_t* row_offset, std::uint32_t np, std::uint32_t stride,
                                                std::uint32_t* keys, std::uint32_t* syns, std::uint32_t* col_length) {
    const std::size_t total = std::size_t(np) * stride, step = std::size_t(gridDim.x) * blockDim.x;
    for (std::size_t s = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; s < total; s += step) {
        const std::uint32_t i = std::uint32_t(s / stride), k = std::uint32_t(s % stride);
        if (k >= row_length[i]) continue;
        const std::uint32_t j = init_post_index(ind, bytes, s);
        keys[row_offset[i] + k] = j;
        syns[row_offset[i] + k] = std::uint32_t(s);
        atomicAdd(col_length + j, 1u);
    }
}

/// Column lists, step 2: the pairs sorted by target (stable, so slots ascend within a
/// column, the CPU's order) scattered into [n_post][col_stride].
template <int = 0>
__global__ void cuda_column_scatter_kernel(const std::uint32_t* keys, const std::uint32_t* syns, const std::uint32_t* col_offset,
                                                  std::size_t total, std::uint32_t col_stride, std::uint32_t* col_syn) {
    const std::size_t step = std::size_t(gridDim.x) * blockDim.x;
    for (std::size_t p = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; p < total; p += step) {
        const std::uint32_t j = keys[p];
        col_syn[std::size_t(j) * col_stride + (p - col_offset[j])] = syns[p];
    }
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
