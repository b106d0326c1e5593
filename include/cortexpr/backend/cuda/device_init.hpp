// Initialisation on the device (issue 4, point 4): the host builder (host/builder.hpp,
// run with device_init) allocates, sizes and checks the CUDA engine's host mirror but
// leaves the work step/init_plan.hpp names to this class, which runs it in parallel on the
// GPU with the host builder's code and random streams and then copies the results into the mirror
// once, so views, pull(), checkpoints and the mirror's own tables see the CPU's arrays:
//   - variables: a thread per element (init_kernels.hpp), after the connectivity;
//   - sparse rows / bitmasks: a thread per row; column build code: a thread per column
//     with atomics into the rows; rows emitted out of order (or by columns) are put in
//     the CPU's order by a CUB stable segmented sort, then narrowed to 8/16/32 bits;
//   - column lists for postsynaptic learning: CUB exclusive scan of the row lengths,
//     (target, slot) pairs with a column histogram, a stable CUB radix sort by target,
//     a scan of the column lengths and a scatter (the CPU's slot order per column).
// Errors of the build (index out of range, row over capacity) are kept on the device and
// reported after the group's build as the CPU reports them. An integer variable's initial
// value outside its type is recorded in one device word (init_range_error) read once at
// the end, and reported with the CPU's message (the value recomputed by one thread).
#pragma once
#include <cuda_runtime.h>

#include <chrono>
#include <climits>
#include <functional>
#include <string>
#include <vector>

#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_reduce.cuh>
#include <cub/device/device_scan.cuh>
#include <cub/device/device_segmented_sort.cuh>

#include "../../host/instance.hpp"
#include "../../host/validate.hpp"
#include "init_kernels.hpp"
#include "memory.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

template <class Net, class S, class T>
class device_initialiser {
public:
    using list = typename Net::list;
    using host_instance = network_instance<Net, S, T>;
    static constexpr auto pops = parts_of_kind<list, part_kind::population>();
    static constexpr auto sources = parts_of_kind<list, part_kind::current_source>();
    static constexpr auto groups = parts_of_kind<list, part_kind::synapses>();

    device_initialiser(host_instance& h, device_registry& reg, cudaStream_t s) : host_(h), reg_(reg), stream_(s) {}

    /// Every initialisation of the plan on the device, then the results into the mirror.
    void run() {
        errors_.allocate(sizeof(build_errors), "simulation", "initialisation errors");
        range_.allocate(sizeof(init_range_error), "simulation", "initialisation errors");
        const init_range_error no_range_error{};
        cuda_check(cudaMemcpyAsync(range_.raw(), &no_range_error, sizeof no_range_error, cudaMemcpyHostToDevice, stream_), "simulation",
                   "initialisation errors");
        // Per part only these thin dispatches: the work below is keyed by the part's
        // kind (model, initialiser and matrix types; stores), its index a run-time value,
        // so the parts of one kind share the host code and the kernels.
        for_each_index<pops>([&]<std::size_t P>() {
            auto& p = host_.template store<P>();
            init_set<detail::vars_of<typename pop_traits<list, P>::model>, var_set::vars, void, void>(
                p.m.vars, host_.template desc<P>().vars, p.n, p.name, neuron_args(p.n), std::uint32_t(P));
        });
        for_each_index<sources>([&]<std::size_t C>() {
            using tr = cs_traits<list, C>;
            auto& c = host_.template store<C>();
            const std::uint32_t n = host_.template store<tr::target>().n;
            init_set<detail::vars_of<typename tr::model>, var_set::cs_vars, void, void>(c.m.vars, host_.template desc<C>().vars, n, c.name,
                                                                                         neuron_args(n), std::uint32_t(C));
        });
        for_each_index<groups>([&]<std::size_t G>() {
            using K = typename sg_traits<list, G>::kind_t;
            auto& g = host_.template store<G>();
            const auto& d = host_.template desc<G>();
            const auto t0 = std::chrono::steady_clock::now();
            connectivity<K>(g, host_.template connect_store<G>(), std::uint32_t(G));
            if (host_.opts().timing) host_.times().init_sparse += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            group_vars<K>(g, d.wu, d.psm, std::uint32_t(G));
            kernel_of_.reset();
        });
        check_ranges();
        // one copy of everything written into the host mirror
        for (const void* p : written_) reg_.copy(p, false, stream_);
        sync("initialisation (copy to host)");
    }

private:
    void sync(std::string_view what) { cuda_check(cudaStreamSynchronize(stream_), "simulation", what); }
    /// The first integer initial value outside its type, if any, as the CPU reports it.
    void check_ranges() {
        init_range_error e{};
        cuda_check(cudaMemcpyAsync(&e, range_.raw(), sizeof e, cudaMemcpyDeviceToHost, stream_), "simulation", "initialisation errors");
        sync("initialisation errors");
        if (e.first == init_range_error::none) return;
        const unsigned long long mask = (1ull << init_range_error::element_bits) - 1;
        range_reports_.at(std::size_t(e.first >> init_range_error::element_bits))(std::size_t(e.first & mask));
    }
    template <class X>
    static dim3 grid_for(X n) {
        const std::uint64_t b = (std::uint64_t(n) + block - 1) / block;
        return dim3(std::uint32_t(std::max<std::uint64_t>(1, std::min<std::uint64_t>(b, 1u << 20))));
    }
    static var_init_args neuron_args(std::uint32_t n) {
        var_init_args a;
        a.where = init_where::neuron;
        a.n = n;
        return a;
    }
    /// A device array of the mirror that this class fills (allocated zeroed, no upload),
    /// copied back at the end.
    template <class X>
    X* written(void* host, std::size_t bytes, std::string_view g, std::string_view f) {
        void* d = reg_.ensure_zeroed(host, bytes, g, f);
        if (d) written_.push_back(host);
        return static_cast<X*>(d);
    }

    /// The device's variables of one set (host_builder::init_var_set without the skipped
    /// ones) of part `part`. Matrix and WuInits: the group's matrix type and weight-update
    /// initialisers for a synapse group's per-synapse variables, void otherwise
    /// (device_var_init_of).
    template <std::span<const var_info> (*Vars)(), var_set Set, class Matrix, class WuInits, std::size_t N, class Inits>
    void init_set(std::array<buffer, N>& bufs, const Inits& inits, std::size_t n, std::string_view gname, var_init_args a, std::uint32_t part) {
        constexpr auto vars = Vars();
        const options& o = host_.opts();
        a.dt = o.dt;
        a.part = part;
        a.set = Set;
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                if constexpr (device_var_init_of<std::tuple_element_t<K, Inits>, Matrix, WuInits>()) {
                    constexpr var_info vi = vars[K];
                    using V = value_t<vi.type.base, S, T>;
                    using init_t = std::tuple_element_t<K, Inits>;
                    model_store<init_t> sn;  // parameters and derived parameters (no EGPs: init_plan.hpp)
                    sn.params = std::get<K>(inits).params;
                    sn.derived = compute_derived<typename init_t::snippet>(sn.params, o.dt);
                    const auto mv = sn.template view<S, T>();
                    var_init_args v = a;
                    v.var = std::uint32_t(K);
                    v.shared = vi.mode == access::read_only;
                    v.batches = v.shared ? 1u : o.batch;
                    v.per = vi.mode == access::read_only_shared_neuron ? 1 : n;
                    v.seed = v.shared ? host_.connectivity_seed() : host_.seed_of(0);
                    v.data = written<void>(bufs[K].raw(), bufs[K].bytes(), gname, vi.name);
                    if (!v.data || v.per == 0) return;
                    if constexpr (!std::is_same_v<init_compute_t<V>, V>) {
                        // (elements below 2^44: far beyond any device's memory)
                        v.range = range_.template data<init_range_error>();
                        v.launch = range_reports_.size();
                        range_reports_.push_back([this, mv, v, gname, vi](std::size_t x) {
                            var_init_args one = v;
                            one.report = x;
                            cuda_check(launch_var<typename init_t::snippet, V>(dim3(1), dim3(1), mv, one), gname,
                                       std::string(vi.name) + " (initialisation kernel)");
                            init_range_error e{};
                            cuda_check(cudaMemcpyAsync(&e, one.range, sizeof e, cudaMemcpyDeviceToHost, stream_), gname, "initialisation errors");
                            sync("initialisation errors");
                            fail_init_range<V>(gname, vi.name, dsl::type_name(vi.type.base), e.value, x % one.per, std::uint32_t(x / one.per));
                        });
                    }
                    cuda_check(launch_var<typename init_t::snippet, V>(grid_for(v.per * v.batches), dim3(block), mv, v), gname,
                               std::string(vi.name) + " (initialisation kernel)");
                }
            }(), ...);
        }(std::make_index_sequence<vars.size()>{});
    }

    /// The variables of a synapse group of kind K (sg_kind) and index `part`; wu and psm
    /// its weight-update and postsynaptic descriptions (their initialisers).
    template <class K, class Store, class Wu, class Psm>
    void group_vars(Store& g, const Wu& wu_desc, const Psm& psm_desc, std::uint32_t part) {
        using gt = K;
        using wu = typename gt::wu_h::model;
        using M = typename gt::matrix;
        using WI = typename gt::wu_inits;
        if constexpr (gt::weights == weight_storage::individual || gt::weights == weight_storage::kernel) {
            var_init_args a;
            a.np = g.n_pre;
            a.nq = g.n_post;
            if constexpr (gt::weights == weight_storage::kernel) {
                a.where = init_where::kernel;
            } else if constexpr (gt::kind == matrix_kind::dense) {
                a.where = init_where::dense;
            } else if constexpr (gt::kind == matrix_kind::sparse) {
                a.where = init_where::sparse;
                a.stride = g.stride;
                a.index_bytes = g.index_bytes;
                // rows built on the host (connection lists) are uploaded here first
                a.ind = reg_.ensure(g.ind.raw(), g.ind.bytes(), g.name, "ind", stream_);
                a.row_length = static_cast<const std::uint32_t*>(reg_.ensure(g.row_length.data(), g.row_length.size() * 4, g.name, "row_length", stream_));
                a.kernel_of = kernel_of_.template data<std::uint32_t>();
            }
            if constexpr (gt::kind == matrix_kind::dense || gt::kind == matrix_kind::sparse || gt::weights == weight_storage::kernel)
                init_set<detail::vars_of<wu>, var_set::vars, M, WI>(g.wu.vars, wu_desc.vars, g.syn_count, g.name, a, part);
        }
        init_set<detail::pre_vars_of<wu>, var_set::pre_vars, void, void>(g.pre_vars, wu_desc.pre_vars, g.n_pre, g.name, neuron_args(g.n_pre), part);
        init_set<detail::post_vars_of<wu>, var_set::post_vars, void, void>(g.post_vars, wu_desc.post_vars, g.n_post, g.name, neuron_args(g.n_post),
                                                                          part);
        init_set<detail::vars_of<typename gt::psm_h::model>, var_set::psm_vars, void, void>(g.psm.vars, psm_desc.vars, g.n_post, g.name,
                                                                                             neuron_args(g.n_post), part);
    }

    // ---- connectivity ---------------------------------------------------------------------
    /// The connectivity of a synapse group of kind K (sg_kind) and index `part`, where
    /// device_connectivity_of says so; cs: its connectivity store.
    template <class K, class Store, class CS>
    void connectivity(Store& g, CS& cs, std::uint32_t part) {
        using gt = K;
        if constexpr (device_connectivity_of<typename gt::matrix, typename gt::wu_inits>()) {
            using C = typename gt::matrix::connect_type;
            // the snippet's view with device EGPs (FixedNumberTotal's row lengths, drawn
            // by the mirror from the host stream as on the CPU)
            auto mv = cs.template view<S, T>();
            if constexpr (C::info.egps.size() > 0)
                for (std::size_t k = 0; k < C::info.egps.size(); ++k)
                    mv.egps[k] = reg_.ensure(cs.egps[k].raw(), cs.egps[k].bytes(), g.name, C::info.egps[k].name, stream_);
            row_build_args a;
            a.part = part;
            a.np = g.n_pre;
            a.nq = g.n_post;
            a.stride = g.stride;
            a.words_per_row = g.words_per_row;
            a.seed = host_.connectivity_seed();
            a.dt = host_.opts().dt;
            for (std::size_t k = 0; k < 4; ++k) a.shape[k] = g.kernel[k];
            a.errors = errors_.template data<build_errors>();
            const build_errors fresh{};
            cuda_check(cudaMemcpyAsync(a.errors, &fresh, sizeof fresh, cudaMemcpyHostToDevice, stream_), g.name, "initialisation errors");
            if constexpr (gt::kind == matrix_kind::bitmask) {
                a.bits = written<std::uint32_t>(g.bits.data(), g.bits.size() * 4, g.name, "bitmask");
                if (a.np == 0) return;
                cuda_build_rows_kernel<C, S, T, true, decltype(mv)><<<grid_for(a.np), block, 0, stream_>>>(mv, a);
                launched(g.name, "connectivity (row build kernel)");
                check_build(g, a);
            } else {
                const std::size_t slots = std::size_t(a.np) * a.stride;
                a.row_length = written<std::uint32_t>(g.row_length.data(), g.row_length.size() * 4, g.name, "row_length");
                void* ind = written<void>(g.ind.raw(), g.ind.bytes(), g.name, "ind");
                if (slots == 0) return;
                device_buffer post;
                post.allocate(slots * 4, g.name, "connectivity (targets)");
                a.post = post.template data<std::uint32_t>();
                if constexpr (connect_has_kernel<C>()) {
                    kernel_of_.allocate(slots * 4, g.name, "connectivity (kernel indices)");
                    a.kernel = kernel_of_.template data<std::uint32_t>();
                }
                constexpr bool by_rows = !C::info.code[std::size_t(field::row_build_code)].empty();
                if constexpr (by_rows) {
                    cuda_build_rows_kernel<C, S, T, false, decltype(mv)><<<grid_for(a.np), block, 0, stream_>>>(mv, a);
                    launched(g.name, "connectivity (row build kernel)");
                } else {
                    cuda_build_cols_kernel<C, S, T, decltype(mv)><<<grid_for(a.nq), block, 0, stream_>>>(mv, a);
                    launched(g.name, "connectivity (column build kernel)");
                }
                // atomics fill rows in any order: always sorted (CUB's sort is stable, and
                // equal targets of a row are then the same synapse to the initialisers)
                if (check_build(g, a) || !by_rows) sort_rows(g, a, post);
                cuda_narrow_rows_kernel<><<<grid_for(slots), block, 0, stream_>>>(a.post, a.row_length, a.np, a.stride, ind, g.index_bytes);
                launched(g.name, "connectivity (narrowing kernel)");
                if constexpr (gt::learns_post) columns(g, a.row_length, ind);
            }
        }
    }
    static void launched(std::string_view g, std::string_view what) { cuda_check(cudaGetLastError(), g, what); }
    /// Launches the initialisation kernel of a variable of initialiser snippet Sn, value type V.
    template <class Sn, class V, class MV>
    cudaError_t launch_var(dim3 grid, dim3 threads, const MV& mv, const var_init_args& a) {
        cuda_init_var_kernel<Sn, S, T, V, MV><<<grid, threads, 0, stream_>>>(mv, a);
        return cudaGetLastError();
    }

    /// Reports the build's errors as the CPU does; returns whether some row came out of
    /// order (a sort is needed).
    template <class Store>
    bool check_build(Store& g, const row_build_args& a) {
        build_errors e{};
        cuda_check(cudaMemcpyAsync(&e, a.errors, sizeof e, cudaMemcpyDeviceToHost, stream_), g.name, "initialisation errors");
        sync("initialisation errors");
        if (e.row_index != build_errors::none)
            fail(g.name, "connectivity", "row ", e.row_index >> 32, ": postsynaptic index ", e.row_index & 0xffffffffu, " out of range [0, ", a.nq, ")");
        if (e.col_index != build_errors::none)
            fail(g.name, "connectivity", "column ", e.col_index >> 32, ": presynaptic index ", e.col_index & 0xffffffffu, " out of range [0, ", a.np, ")");
        if (e.capacity != build_errors::none)
            fail(g.name, "connectivity", "row ", e.capacity, " exceeds its capacity of ", a.stride, " synapses (max_row_length)");
        return e.unsorted != 0;
    }

    /// host_builder::sort_rows: a stable sort of every row by target (kernel indices
    /// alongside), CUB's segmented sort over chunks of rows that int offsets can address.
    template <class Store>
    void sort_rows(Store& g, row_build_args& a, device_buffer& post) {
        if (a.stride > INT_MAX) fail(g.name, "connectivity", "rows of ", a.stride, " synapses are too long to sort on the device");
        const std::size_t slots = std::size_t(a.np) * a.stride;
        // rows of fewer than two synapses and padding are not written by the sort
        device_buffer post_out, kernel_out, bounds, temp;
        post_out.allocate(slots * 4, g.name, "connectivity (sorted targets)");
        cuda_check(cudaMemcpyAsync(post_out.raw(), post.raw(), slots * 4, cudaMemcpyDeviceToDevice, stream_), g.name, "connectivity (sort)");
        if (a.kernel) {
            kernel_out.allocate(slots * 4, g.name, "connectivity (sorted kernel indices)");
            cuda_check(cudaMemcpyAsync(kernel_out.raw(), a.kernel, slots * 4, cudaMemcpyDeviceToDevice, stream_), g.name, "connectivity (sort)");
        }
        const std::uint32_t chunk = std::uint32_t(std::max<std::uint64_t>(1, std::min<std::uint64_t>(a.np, INT_MAX / std::max<std::uint32_t>(a.stride, 1))));
        bounds.allocate(std::size_t(chunk) * 2 * sizeof(int), g.name, "connectivity (row bounds)");
        int* begin = bounds.template data<int>();
        int* end = begin + chunk;
        for (std::uint32_t first = 0; first < a.np; first += chunk) {
            const std::uint32_t count = std::min(chunk, a.np - first);
            const std::size_t off = std::size_t(first) * a.stride;
            const int items = int(std::size_t(count) * a.stride);
            cuda_row_bounds_kernel<><<<grid_for(count), block, 0, stream_>>>(a.row_length, first, count, a.stride, begin, end);
            launched(g.name, "connectivity (row bounds kernel)");
            auto sort = [&](void* tmp, std::size_t& bytes) {
                if (a.kernel)
                    return cub::DeviceSegmentedSort::StableSortPairs(tmp, bytes, a.post + off, post_out.template data<std::uint32_t>() + off,
                                                                     a.kernel + off, kernel_out.template data<std::uint32_t>() + off, items,
                                                                     int(count), begin, end, stream_);
                return cub::DeviceSegmentedSort::StableSortKeys(tmp, bytes, a.post + off, post_out.template data<std::uint32_t>() + off, items,
                                                                int(count), begin, end, stream_);
            };
            std::size_t bytes = 0;
            cuda_check(sort(nullptr, bytes), g.name, "connectivity (row sort)");
            if (bytes > temp.bytes()) temp.allocate(bytes, g.name, "connectivity (sort storage)");
            cuda_check(sort(temp.raw(), bytes), g.name, "connectivity (row sort)");
        }
        post = std::move(post_out);
        a.post = post.template data<std::uint32_t>();
        if (a.kernel) {
            kernel_of_ = std::move(kernel_out);
            a.kernel = kernel_of_.template data<std::uint32_t>();
        }
    }

    /// host_builder::build_columns on the device (see the file's comment).
    template <class Store>
    void columns(Store& g, const std::uint32_t* row_length, const void* ind) {
        const std::uint32_t np = g.n_pre, nq = g.n_post, stride = g.stride;
        const std::size_t slots = std::size_t(np) * stride;
        if (slots > INT_MAX)
            fail(g.name, "col_syn", "column lists of ", slots, " synapse slots are beyond the device build (at most 2^31 - 1; options::host_init)");
        g.col_length.assign(nq, 0u);
        std::uint32_t* col_length = written<std::uint32_t>(g.col_length.data(), std::size_t(nq) * 4, g.name, "col_length");
        device_buffer row_offset, col_offset, keys, syns, keys_out, syns_out, temp, top;
        row_offset.allocate(std::size_t(np) * 4, g.name, "col_syn (row offsets)");
        col_offset.allocate(std::size_t(nq) * 4, g.name, "col_syn (column offsets)");
        top.allocate(4, g.name, "col_syn (longest column)");
        auto with_temp = [&](auto&& call, std::string_view what) {
            std::size_t bytes = 0;
            cuda_check(call(nullptr, bytes), g.name, what);
            if (bytes > temp.bytes()) temp.allocate(bytes, g.name, "col_syn (CUB storage)");
            cuda_check(call(temp.raw(), bytes), g.name, what);
        };
        with_temp([&](void* t, std::size_t& b) { return cub::DeviceScan::ExclusiveSum(t, b, row_length, row_offset.template data<std::uint32_t>(), int(np), stream_); },
                  "col_syn (row scan)");
        std::uint32_t last[2] = {0, 0};
        cuda_check(cudaMemcpyAsync(&last[0], row_offset.template data<std::uint32_t>() + (np - 1), 4, cudaMemcpyDeviceToHost, stream_), g.name, "col_syn");
        cuda_check(cudaMemcpyAsync(&last[1], row_length + (np - 1), 4, cudaMemcpyDeviceToHost, stream_), g.name, "col_syn");
        sync("col_syn (synapse count)");
        const std::size_t total = std::size_t(last[0]) + last[1];
        std::uint32_t longest = 0;
        if (total > 0) {
            keys.allocate(total * 4, g.name, "col_syn (targets)");
            syns.allocate(total * 4, g.name, "col_syn (slots)");
            keys_out.allocate(total * 4, g.name, "col_syn (sorted targets)");
            syns_out.allocate(total * 4, g.name, "col_syn (sorted slots)");
            cuda_column_pairs_kernel<><<<grid_for(slots), block, 0, stream_>>>(ind, g.index_bytes, row_length,
                row_offset.template data<std::uint32_t>(), np, stride, keys.template data<std::uint32_t>(),
                syns.template data<std::uint32_t>(), col_length);
            launched(g.name, "col_syn (pairs kernel)");
            int end_bit = 1;
            while (end_bit < 32 && (std::uint64_t(1) << end_bit) < nq) ++end_bit;
            with_temp([&](void* t, std::size_t& b) {
                return cub::DeviceRadixSort::SortPairs(t, b, keys.template data<std::uint32_t>(), keys_out.template data<std::uint32_t>(),
                                                       syns.template data<std::uint32_t>(), syns_out.template data<std::uint32_t>(), int(total), 0,
                                                       end_bit, stream_);
            }, "col_syn (radix sort)");
            with_temp([&](void* t, std::size_t& b) { return cub::DeviceScan::ExclusiveSum(t, b, col_length, col_offset.template data<std::uint32_t>(), int(nq), stream_); },
                      "col_syn (column scan)");
            with_temp([&](void* t, std::size_t& b) { return cub::DeviceReduce::Max(t, b, col_length, top.template data<std::uint32_t>(), int(nq), stream_); },
                      "col_syn (longest column)");
            cuda_check(cudaMemcpyAsync(&longest, top.raw(), 4, cudaMemcpyDeviceToHost, stream_), g.name, "col_syn (longest column)");
            sync("col_syn (longest column)");
        }
        g.col_stride = std::max<std::uint32_t>(1, longest);
        g.col_syn.assign(std::size_t(nq) * g.col_stride, 0u);
        std::uint32_t* col_syn = written<std::uint32_t>(g.col_syn.data(), g.col_syn.size() * 4, g.name, "col_syn");
        if (total > 0) {
            cuda_column_scatter_kernel<><<<grid_for(total), block, 0, stream_>>>(keys_out.template data<std::uint32_t>(),
                syns_out.template data<std::uint32_t>(), col_offset.template data<std::uint32_t>(), total, g.col_stride, col_syn);
            launched(g.name, "col_syn (scatter kernel)");
        }
        sync("col_syn");  // the temporaries are freed on return
    }

    static constexpr std::uint32_t block = 256;
    host_instance& host_;
    device_registry& reg_;
    cudaStream_t stream_;
    device_buffer errors_;
    device_buffer range_;  // init_range_error
    // per integer variable launch (init_range_error::first >> 44): reports element x
    std::vector<std::function<void(std::size_t)>> range_reports_;
    device_buffer kernel_of_;  // the group's kernel index per row slot, until its variables are set
    std::vector<const void*> written_;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
