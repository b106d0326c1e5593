// Custom updates on the GPU: the same per-element code as the host (step/custom_update.hpp),
// one thread per element (per neuron, per dense synapse, per stored sparse synapse; every
// batch entry the update loops over, so batch reductions combine in batch order as on
// the host), then one block per batch entry for the neuron reductions.
//
// Kernel template arguments: nvcc's host stub cannot spell the fixed_string names inside
// the network and custom update types, so the kernels are templated on a key, as the
// step kernels are (kernel_key.hpp): the network's key and, per custom update, its name,
// group and reference targets as packs of chars. The kernel rebuilds the same types
// from it. The update's view (plain pointers and sizes) travels by value as bytes.
//
// Neuron reductions: the host combines an element's contributions in element order; here
// each thread of the block combines a strided subset (in double), then a tree combines
// the threads' partial results. Maxima are exact and equal to the host's; sums of the
// same float or double contributions are added in another order, so they can differ from
// the host's in the last bits: |gpu - cpu| <= n * 2^-52 * sum |x| before the conversion
// to the variable's type (then at most one float ulp more in single precision). The GPU
// result is deterministic: the order depends only on the block size (fixed here).
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <tuple>

#include "../../step/custom_update.hpp"
#include "../../step/rows.hpp"
#include "kernel_key.hpp"
#include "memory.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

// ---- keys of custom updates ------------------------------------------------------------------
// The key holds what the device code of a custom update reads at compile time: the parts'
// names, kinds, models and connectivity, and each update's name, group, model and
// reference targets. Initial values are left out (as std::tuple<>): nvcc's front end binds
// named values through partial specialisations it never matches (network/named.hpp), so
// its types of them can differ from the host compiler's, and a key both spell
// differently would name a kernel instantiation the host never registered.
template <class Part, class Var, class TPart, class TVar> struct key_var_ref {};
template <class Part, class Egp> struct key_egp_ref {};
template <class Name, class Group, class Model, class Refs, class EgpRefs> struct key_update {};
template <class... Parts> struct key_shape_net {};
/// The network's shape key with the keys of its custom updates.
template <class NetKey, class... Updates> struct key_updates {};

template <class P, part_kind K = P::kind>
struct key_shape_part;
template <class P>
struct key_shape_part<P, part_kind::population> {
    using type = key_pop<typename pack_of<P::name>::type, typename P::model, std::tuple<>>;
};
template <class P>
struct key_shape_part<P, part_kind::current_source> {
    using type = key_src<typename pack_of<P::name>::type, typename pack_of<P::target>::type, typename P::model, std::tuple<>,
                         typename P::input_key>;
};
template <class P>
struct key_shape_part<P, part_kind::synapses> {
    using type = key_syn<typename pack_of<P::name>::type, typename pack_of<P::pre>::type, typename pack_of<P::post>::type,
                         typename P::matrix_type,
                         wu_desc<typename P::wu_type::model, std::tuple<>, std::tuple<>, std::tuple<>, typename P::wu_type::input_key>,
                         psm_desc<typename P::psm_type::model, std::tuple<>, typename P::psm_type::input_key>>;
};
template <class Net> struct key_shape_of;
template <class... P>
struct key_shape_of<network_t<P...>> {
    using type = key_shape_net<typename key_shape_part<P>::type...>;
};

template <class R>
struct key_of_var_ref {
    using type = key_var_ref<typename pack_of<R::part>::type, typename pack_of<R::var>::type, typename pack_of<R::tpart>::type,
                             typename pack_of<R::tvar>::type>;
};
template <class R>
struct key_of_egp_ref {
    using type = key_egp_ref<typename pack_of<R::part>::type, typename pack_of<R::egp>::type>;
};
template <class Tuple, template <class> class Of> struct key_tuple;
template <class... R, template <class> class Of>
struct key_tuple<std::tuple<R...>, Of> {
    using type = std::tuple<typename Of<R>::type...>;
};
template <class D>
struct key_of_update {
    using type = key_update<typename pack_of<D::name>::type, typename pack_of<D::group>::type, typename D::model,
                            typename key_tuple<typename D::refs, key_of_var_ref>::type,
                            typename key_tuple<typename D::egp_refs, key_of_egp_ref>::type>;
};
template <class Net, class Updates> struct key_of_updates;
template <class Net, class... D>
struct key_of_updates<Net, std::tuple<D...>> {
    using type = key_updates<typename key_shape_of<Net>::type, typename key_of_update<D>::type...>;
};

template <char... P, char... V, char... TP, char... TV>
struct unkey<key_var_ref<cpack<P...>, cpack<V...>, cpack<TP...>, cpack<TV...>>> {
    using type = var_ref_to<string_of<P...>::value, string_of<V...>::value, string_of<TP...>::value, string_of<TV...>::value>;
};
template <char... P, char... E>
struct unkey<key_egp_ref<cpack<P...>, cpack<E...>>> {
    using type = egp_ref_to<string_of<P...>::value, string_of<E...>::value>;
};
template <char... N, char... G, class Model, class... R, class... E>
struct unkey<key_update<cpack<N...>, cpack<G...>, Model, std::tuple<R...>, std::tuple<E...>>> {
    using type = custom_update_desc<string_of<N...>::value, string_of<G...>::value, Model, std::tuple<>, std::tuple<typename unkey<R>::type...>,
                                    std::tuple<typename unkey<E>::type...>>;
};
template <class... P>
struct unkey<key_shape_net<P...>> {
    using type = network_t<typename unkey<P>::type...>;
};
/// The parts' list and the custom updates of a key_updates.
template <class Key> struct unkey_updates;
template <class NetKey, class... U>
struct unkey_updates<key_updates<NetKey, U...>> {
    using list = typename unkey<NetKey>::type::list;
    using updates = std::tuple<typename unkey<U>::type...>;
};

// ---- kernels --------------------------------------------------------------------------------
/// A view's bytes as a kernel argument (a type nvcc's stub can spell).
template <std::size_t N>
struct view_bytes {
    alignas(16) unsigned char b[N];
};
/// What the element kernel needs besides the view.
struct custom_update_launch {
    double t, dt;                      // converted to the time type on the device, as on the host
    std::uint64_t seed, call, total;   // total: threads' elements (n, n_pre * n_post, n_pre * stride)
    std::uint32_t update;
    const void* ind = nullptr;         // sparse: postsynaptic indices, row lengths, row stride
    const std::uint32_t* row_length = nullptr;
    std::uint32_t index_bytes = 4, stride = 0;
};
/// Threads of the neuron-reduction kernel (a power of two).
inline constexpr std::uint32_t custom_update_reduce_threads = 256;

#if defined(__CUDACC__)
template <class Key, std::size_t U>
using custom_update_traits_of = custom_update_traits<typename unkey_updates<Key>::list, typename unkey_updates<Key>::updates, U>;

template <class Key, std::size_t U, class S, class T, std::size_t N>
__global__ void cuda_custom_update_kernel(view_bytes<N> vb, custom_update_launch a) {
    using CT = custom_update_traits_of<Key, U>;
    const auto& v = *reinterpret_cast<const custom_update_view<CT>*>(vb.b);
    const T t = T(a.t), dt = T(a.dt);
    const std::uint64_t step = std::uint64_t(gridDim.x) * blockDim.x;
    for (std::uint64_t x = std::uint64_t(blockIdx.x) * blockDim.x + threadIdx.x; x < a.total; x += step) {
        if constexpr (!CT::synapse) {
            custom_update_element<CT, S, T>(v, x, 0, 0, t, dt, a.seed, a.update, a.call);
        } else if constexpr (CT::shape.matrix == matrix_kind::dense) {
            const std::uint32_t i = std::uint32_t(x / v.num_post), j = std::uint32_t(x % v.num_post);
            custom_update_element<CT, S, T>(v, x, i, j, t, dt, a.seed, a.update, a.call);
        } else {
            const std::uint32_t i = std::uint32_t(x / a.stride), k = std::uint32_t(x % a.stride);
            if (k < a.row_length[i]) custom_update_element<CT, S, T>(v, x, i, index_at(a.ind, a.index_bytes, x), t, dt, a.seed, a.update, a.call);
        }
    }
}

/// One target's neuron reduction in batch entry blockIdx.x: strided partial results per
/// thread, then a tree over the block's shared memory.
template <class V, bool Max>
__device__ void block_reduce_into(const double* contributions, std::size_t n, V* target, double* shared) {
    const std::uint32_t tid = threadIdx.x;
    double acc = reduction_identity<V, Max>();
    for (std::size_t e = tid; e < n; e += blockDim.x) acc = reduce_with<Max>(acc, double(V(contributions[e])));
    shared[tid] = acc;
    __syncthreads();
    for (std::uint32_t s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) shared[tid] = reduce_with<Max>(shared[tid], shared[tid + s]);
        __syncthreads();
    }
    if (tid == 0) *target = V(shared[0]);
    __syncthreads();
}

template <class Key, std::size_t U, class S, class T, std::size_t N>
__global__ void cuda_custom_update_reduce_kernel(view_bytes<N> vb) {
    using CT = custom_update_traits_of<Key, U>;
    const auto& v = *reinterpret_cast<const custom_update_view<CT>*>(vb.b);
    __shared__ double shared[custom_update_reduce_threads];
    const std::uint32_t b = blockIdx.x;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            if constexpr (CT::var_reduction(K) == reduction_axis::neuron) {
                using V = value_t<CT::info.vars[K].type.base, S, T>;
                block_reduce_into<V, reduces_max(CT::info.vars[K].mode)>(
                    v.var_scratch[K] + std::size_t(b) * v.n, v.n,
                    static_cast<V*>(v.m.vars[K]) + layout_offset(CT::var_layout_of(K), b, v.n, 0), shared);
            }
        }(), ...);
    }(std::make_index_sequence<CT::nv>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            if constexpr (CT::ref_reduction(K) == reduction_axis::neuron) {
                using V = value_t<CT::info.var_refs[K].type.base, S, T>;
                block_reduce_into<V, reduces_max(CT::info.var_refs[K].mode)>(
                    v.ref_scratch[K] + std::size_t(b) * v.n, v.n,
                    static_cast<V*>(v.ref[K]) + layout_offset(CT::ref_layout_of(K), b, v.n, 0), shared);
            }
        }(), ...);
    }(std::make_index_sequence<CT::nr>{});
}

/// Launches the kernels of key `Key`: template arguments from this specialisation's
/// deduced packs, so that nvcc's stub spells only the key's plain types.
template <class Key>
struct cuda_custom_update_launcher;
template <class NetKey, class... Up>
struct cuda_custom_update_launcher<key_updates<NetKey, Up...>> {
    using K = key_updates<NetKey, Up...>;
    template <std::size_t U, class S, class T, std::size_t N>
    static cudaError_t elements(dim3 grid, dim3 block, cudaStream_t s, const view_bytes<N>& vb, const custom_update_launch& a) {
        cuda_custom_update_kernel<K, U, S, T, N><<<grid, block, 0, s>>>(vb, a);
        return cudaGetLastError();
    }
    template <std::size_t U, class S, class T, std::size_t N>
    static cudaError_t reductions(dim3 grid, cudaStream_t s, const view_bytes<N>& vb) {
        cuda_custom_update_reduce_kernel<K, U, S, T, N><<<grid, dim3(custom_update_reduce_threads), 0, s>>>(vb);
        return cudaGetLastError();
    }
};

/// The CUDA backend's executor of custom updates (runtime/custom_updates.hpp runs it):
/// translates each update's view to device twins and launches its kernels on the
/// engine's stream; one synchronisation per update group.
template <class Engine, class Updates>
class cuda_custom_update_exec {
public:
    static constexpr bool device = true;
    using key = typename key_of_updates<typename Engine::network, Updates>::type;

    explicit cuda_custom_update_exec(Engine& e) : e_(e) {}

    /// Device twins of every array of the network (EGPs allocated since the last run).
    void arrays_to_device() { e_.arrays_to_device(); }
    /// A device twin of an array the custom updates own (uploaded when new).
    void twin(const void* p, std::size_t bytes, std::string_view g, std::string_view f) { e_.twin(p, bytes, g, f); }
    void finish(std::string_view group) { e_.finish(group, "custom update"); }

    template <class CT, class S, class T>
    void run(custom_update_view<CT> v, T t, T dt, std::uint64_t seed, std::uint32_t update, std::uint64_t call) {
        // the device's traits come from the key: the same references, model and sizes
        using R = custom_update_traits_of<key, CT::index>;
        static_assert(std::is_same_v<typename CT::desc::refs, typename R::desc::refs> &&
                          std::is_same_v<typename CT::desc::egp_refs, typename R::desc::egp_refs> &&
                          std::is_same_v<typename CT::model, typename R::model> && CT::desc::name == R::desc::name &&
                          sizeof(custom_update_view<CT>) == sizeof(custom_update_view<R>),
                      "cortexpr: the custom update key does not rebuild the custom update");
        const std::string_view g = CT::desc::name;
        auto dev = [&](auto& p) { p = static_cast<std::remove_reference_t<decltype(p)>>(e_.device_of(p, g, "custom update array")); };
        if constexpr (CT::nv > 0) for (std::size_t k = 0; k < CT::nv; ++k) { dev(v.m.vars[k]); dev(v.var_scratch[k]); }
        if constexpr (CT::info.egps.size() > 0) for (std::size_t k = 0; k < CT::info.egps.size(); ++k) dev(v.m.egps[k]);
        for (std::size_t k = 0; k < CT::nr; ++k) { dev(v.ref[k]); dev(v.transpose[k]); dev(v.ref_scratch[k]); }
        for (std::size_t k = 0; k < CT::ne; ++k) dev(v.egp[k]);
        custom_update_launch a{double(t), double(dt), seed, call, 0, update};
        if constexpr (!CT::synapse) {
            a.total = v.n;
        } else if constexpr (CT::shape.matrix == matrix_kind::dense) {
            a.total = std::uint64_t(v.num_pre) * v.num_post;
        } else {
            auto& o = e_.template store<std::size_t(CT::owner_part)>();
            a.total = std::uint64_t(v.num_pre) * o.stride;
            a.stride = o.stride;
            a.index_bytes = o.index_bytes;
            a.ind = e_.device_of(o.ind.raw(), g, "ind");
            a.row_length = static_cast<const std::uint32_t*>(e_.device_of(o.row_length.data(), g, "row_length"));
        }
        view_bytes<sizeof(custom_update_view<CT>)> vb;
        std::memcpy(vb.b, &v, sizeof v);
        using launcher = cuda_custom_update_launcher<key>;
        if (a.total > 0) {
            const std::uint32_t bs = e_.block_size();
            const std::uint64_t blocks = std::min<std::uint64_t>((a.total + bs - 1) / bs, 1u << 20);  // grid-stride beyond
            cuda_check(launcher::template elements<CT::index, S, T>(dim3(std::uint32_t(blocks)), dim3(bs), e_.stream(), vb, a), g,
                       "custom update kernel");
            e_.count_launch();
        }
        if constexpr (CT::has_neuron_reduction) {
            cuda_check(launcher::template reductions<CT::index, S, T>(dim3(v.batches), e_.stream(), vb), g, "custom update reduction kernel");
            e_.count_launch();
        }
    }

private:
    Engine& e_;
};
#endif  // __CUDACC__

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
