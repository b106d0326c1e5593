"""Writes a network description as one C++ translation unit.

The source names every part, model and initialiser snippet (so it depends only on the
network's structure); every size, parameter value, initial value, delay, connection list
and extra-global-parameter content is read at run time from the arrays `cxp_create`
receives. Two descriptions that differ only in those values give the same source, hence
the same cache key and the same compiled library."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .models import Model
from .network import (ConnInit, CurrentSource, CustomConnectivityUpdate, CustomUpdate, Network, Population, SynapseGroup,
                      VarInit)

# PyGeNN 5's names of the step's own arrays -> the simulation's members
STATE_ARRAYS = {"$spike_times": "spike_times", "$prev_spike_times": "prev_spike_times",
                "$out_post": "in_syn", "$den_delay": "dendritic_delay"}

# C++ type of each access mode
_ACCESS = {"READ_WRITE": "read_write", "READ_ONLY": "read_only", "READ_ONLY_DUPLICATE": "read_only_duplicate",
           "READ_ONLY_SHARED_NEURON": "read_only_shared_neuron", "REDUCE_BATCH_SUM": "reduce_batch_sum",
           "REDUCE_BATCH_MAX": "reduce_batch_max", "REDUCE_NEURON_SUM": "reduce_neuron_sum",
           "REDUCE_NEURON_MAX": "reduce_neuron_max", "REDUCE_SUM": "reduce_sum", "REDUCE_MAX": "reduce_max"}


def _cstr(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _raw(code: str) -> str:
    delim = "cxp"
    while f"){delim}\"" in code:
        delim += "x"
    return f'R"{delim}({code}){delim}"'


@dataclass
class Tables:
    """What the Python runtime needs to address the compiled network: ids by name."""
    vars: dict = field(default_factory=dict)        # (part, var) -> id
    params: dict = field(default_factory=dict)      # (part, param) -> id
    egps: dict = field(default_factory=dict)        # (part, egp) -> id
    pops: dict = field(default_factory=dict)        # population -> id (spikes)
    syns: dict = field(default_factory=dict)        # synapse group -> id (connectivity)
    update_vars: set = field(default_factory=set)   # (custom update, var): in `vars`, read with custom_update_var


@dataclass
class Values:
    """The run-time arguments of cxp_create."""
    sizes: list = field(default_factory=list)    # uint32
    values: list = field(default_factory=list)   # double
    u32: list = field(default_factory=list)      # uint32 arrays
    f64: list = field(default_factory=list)      # double arrays
    arrays: list = field(default_factory=list)   # (part, var, array): written after construction


class _Gen:
    def __init__(self, net: Network, dt: float):
        self.net, self.dt = net, dt
        self.models: dict = {}   # key -> (struct name, Model)
        self.vals = Values()
        self.tables = Tables()

    # ---- slots -----------------------------------------------------------------
    def v(self, x) -> str:
        self.vals.values.append(float(x))
        return f"a.v[{len(self.vals.values) - 1}]"

    def s(self, x) -> str:
        self.vals.sizes.append(int(x))
        return f"a.s[{len(self.vals.sizes) - 1}]"

    def u32(self, arr) -> str:
        self.vals.u32.append(np.ascontiguousarray(arr, dtype=np.uint32))
        return f"a.u({len(self.vals.u32) - 1})"

    def f64(self, arr) -> str:
        self.vals.f64.append(np.ascontiguousarray(arr, dtype=np.float64))
        return f"a.d({len(self.vals.f64) - 1})"

    # ---- models ----------------------------------------------------------------
    def type_of(self, m: Model) -> str:
        if m.cpp is not None:
            return m.cpp
        key = m.key()
        if key not in self.models:
            self.models[key] = (f"cxp_models::{m.name}_{key}", m)
        return self.models[key][0]

    def struct(self, cpp: str, m: Model) -> str:
        name = cpp.split("::")[1]
        out = [f"struct {name} {{", f"    static constexpr std::string_view name = {_cstr(m.name)};"]
        ps = [f"cortexpr::param({_cstr(n)}, {_cstr(t)})" for n, t in m.params]
        ps += [f"cortexpr::param({_cstr(n)}, \"scalar\")" for n, _ in m.host_derived]
        if ps:
            out.append(f"    static constexpr auto params = cortexpr::params({', '.join(ps)});")
        ds = [f"cortexpr::derive({_cstr(n)}, {_cstr(e)})" for n, e in m.derived_params if not callable(e)]
        if ds:
            out.append(f"    static constexpr auto derived = cortexpr::derived_params({', '.join(ds)});")
        if m.extra_global_params:
            es = [f"cortexpr::egp({_cstr(n)}, {_cstr(t)})" for n, t in m.extra_global_params]
            out.append(f"    static constexpr auto extra_global_params = cortexpr::extra_global_params({', '.join(es)});")
        if m.egp_refs:
            es = [f"cortexpr::egp_ref({_cstr(n)}, {_cstr(t)})" for n, t in m.egp_refs]
            out.append(f"    static constexpr auto extra_global_param_refs = cortexpr::extra_global_param_refs({', '.join(es)});")
        for lst, maker, fn in (("vars", "vars", "var"), ("pre_vars", "vars", "var"), ("post_vars", "vars", "var"),
                               ("neuron_var_refs", "var_refs", "var_ref"),
                               ("pre_neuron_var_refs", "var_refs", "var_ref"),
                               ("post_neuron_var_refs", "var_refs", "var_ref"), ("var_refs", "var_refs", "var_ref")):
            items = getattr(m, lst)
            if items:
                vs = [f"cortexpr::{fn}({_cstr(n)}, {_cstr(t)}, cortexpr::access::{_ACCESS[a]})" for n, t, a, *_ in items]
                member = lst
                if m.family == "custom_connectivity_update" and lst in ("pre_neuron_var_refs", "post_neuron_var_refs"):
                    member = lst.replace("_neuron", "")  # GeNN's pre_var_refs / post_var_refs
                out.append(f"    static constexpr auto {member} = cortexpr::{maker}({', '.join(vs)});")
        if m.additional_input_vars:
            vs = [f"cortexpr::additional_input({_cstr(n)}, {_cstr(t)}, {float(i)!r})" for n, t, _, i in m.additional_input_vars]
            out.append(f"    static constexpr auto additional_input_vars = cortexpr::additional_inputs({', '.join(vs)});")
        for f, code in m.code.items():
            out.append(f"    static constexpr cortexpr::code {f} = {_raw(code)};")
        out.append("};")
        return "\n".join(out)

    # ---- named values ----------------------------------------------------------
    def params(self, owner: str, m: Model, values: dict, settable: bool = True) -> list:
        """`settable`: a part's own parameters, which set_param can change later."""
        out = []
        for n in m.param_names:
            pid = len(self.vals.values)
            out.append(f'"{n}"_p = {self.v(values[n])}')
            if settable:
                self.tables.params.setdefault((owner, n), pid)
        if m.host_derived:
            pars = {k: float(x) for k, x in values.items()}
            for n, fn in m.host_derived:
                out.append(f'"{n}"_p = {self.v(fn(pars, self.dt))}')
        return out

    def init(self, owner: str, n: str, init) -> str:
        if isinstance(init, VarInit):
            args = self.params(f"{owner}.{n}", init.snippet, init.params, False)
            return f'"{n}"_v = cx::init<{self.type_of(init.snippet)}>({", ".join(args)})'
        if isinstance(init, np.ndarray):
            self.vals.arrays.append((owner, n, init))  # written after construction
            return f'"{n}"_v = {self.v(0.0)}'  # the same source as a scalar: no rebuild
        return f'"{n}"_v = {self.v(init)}'

    def egps(self, m: Model, values: dict) -> list:
        return [f'"{n}"_e = {self.f64(values.get(n, np.zeros(0)))}' for n in m.egp_names()]

    def register(self, part: str, m: Model, lists=("vars",)):
        for l in lists:
            for n in m.var_names(l):
                self.tables.vars.setdefault((part, n), len(self.tables.vars))
        for n in m.egp_names():
            self.tables.egps.setdefault((part, n), len(self.tables.egps))

    # ---- parts -----------------------------------------------------------------
    def part(self, p) -> str:
        if isinstance(p, CustomConnectivityUpdate):
            return self.connectivity_update(p)
        if isinstance(p, CustomUpdate):
            return self.custom_update(p)
        if isinstance(p, Population):
            self.tables.pops[p.name] = len(self.tables.pops)
            self.register(p.name, p.model)
            args = [self.s(p.size)] + self.params(p.name, p.model, p.params)
            args += [self.init(p.name, n, i) for n, i in p.vars.items()] + self.egps(p.model, p.egps)
            return f'cx::population<{_cstr(p.name)}, {self.type_of(p.model)}>({", ".join(args)})'
        if isinstance(p, CurrentSource):
            self.register(p.name, p.model)
            args = self.params(p.name, p.model, p.params)
            args += [self.init(p.name, n, i) for n, i in p.vars.items()] + self.egps(p.model, p.egps)
            if p.target_var:
                args.append(f"cx::target_var<{_cstr(p.target_var)}>")
            return f'cx::source<{_cstr(p.name)}, {_cstr(p.target)}, {self.type_of(p.model)}>({", ".join(args)})'
        assert isinstance(p, SynapseGroup)
        self.tables.syns[p.name] = len(self.tables.syns)
        self.register(p.name, p.wu, ("vars", "pre_vars", "post_vars"))
        self.register(p.name, p.psm)
        if p.matrix == "DENSE":
            mat = "cx::dense()"
        elif p.connect is None:
            pre, post = p.connections
            mat = f"cx::sparse(cx::connection_list{{{self.u32(pre)}, {self.u32(post)}}})"
        else:
            c = p.connect
            fn = "connect_toeplitz" if p.matrix == "TOEPLITZ" else "connect"
            conn = f'cx::{fn}<{self.type_of(c.snippet)}>({", ".join(self.params(p.name, c.snippet, c.params, False))})'
            mat = {"SPARSE": "cx::sparse", "BITMASK": "cx::bitmask", "PROCEDURAL": "cx::procedural",
                   "TOEPLITZ": "cx::toeplitz"}[p.matrix] + f"({conn})"
        wu = self.params(p.name, p.wu, p.wu_params) + [self.init(p.name, n, i) for n, i in p.wu_vars.items()]
        wu += self.egps(p.wu, p.wu_egps)
        ps = self.params(p.name, p.psm, p.psm_params) + [self.init(p.name, n, i) for n, i in p.psm_vars.items()]
        ps += self.egps(p.psm, p.psm_egps)
        if p.pre_target_var:
            wu.append(f"cx::pre_target_var<{_cstr(p.pre_target_var)}>")
        if p.post_target_var:
            ps.append(f"cx::target_var<{_cstr(p.post_target_var)}>")
        opts = (f"{{.axonal_delay = {self.s(p.axonal_delay)}, .back_prop_delay = {self.s(p.back_prop_delay)}, "
                f".max_dendritic_delay = {self.s(p.max_dendritic_delay)}}}")
        return (f'cx::synapses<{_cstr(p.name)}, {_cstr(p.source)}, {_cstr(p.target)}>(\n            {mat},\n'
                f'            cx::wu<{self.type_of(p.wu)}>({", ".join(wu)}),\n'
                f'            cx::psm<{self.type_of(p.psm)}>({", ".join(ps)}),\n            {opts})')

    def connectivity_update(self, u: "CustomConnectivityUpdate") -> str:
        """cx::connectivity_update<...>: parameters and constant initial values are
        run-time values; the target synapse group and the references are the structure."""
        args = self.params(u.name, u.model, u.params, False)
        args += [self.init(u.name, n, i) for d in (u.vars, u.pre_vars, u.post_vars) for n, i in d.items()]
        args += self.egps(u.model, u.egps)
        for d in (u.var_refs, u.pre_var_refs, u.post_var_refs):
            args += [f'"{n}"_r = cx::ref<{_cstr(r.part)}, {_cstr(r.var)}>' for n, r in d.items()]
        return (f'cx::connectivity_update<{_cstr(u.name)}, {_cstr(u.group)}, {_cstr(u.syn_group)}, '
                f'{self.type_of(u.model)}>({", ".join(args)})')

    def custom_update(self, u: CustomUpdate) -> str:
        """cx::update<...>: parameters and constant initial values are run-time values
        (parameters settable later with set_param, as a part's); the references are the
        structure."""
        for n in u.model.var_names():
            self.tables.vars.setdefault((u.name, n), len(self.tables.vars))
            self.tables.update_vars.add((u.name, n))
        args = self.params(u.name, u.model, u.params)
        args += [self.init(u.name, n, i) for n, i in u.vars.items()] + self.egps(u.model, u.egps)
        for n, r in u.var_refs.items():
            if r.transpose_part is None:
                args.append(f'"{n}"_r = cx::ref<{_cstr(r.part)}, {_cstr(r.var)}>')
            else:
                args.append(f'"{n}"_r = cx::transpose_ref<{_cstr(r.part)}, {_cstr(r.var)}, '
                            f'{_cstr(r.transpose_part)}, {_cstr(r.transpose_var)}>')
        args += [f'"{n}"_er = cx::egp_target<{_cstr(r.part)}, {_cstr(r.egp)}>' for n, r in u.egp_refs.items()]
        return f'cx::update<{_cstr(u.name)}, {_cstr(u.group)}, {self.type_of(u.model)}>({", ".join(args)})'


def generate(net: Network, dt: float):
    """(source, tables, values) of a network description."""
    g = _Gen(net, dt)
    parts = [g.part(p) for p in net.parts]
    structs = "\n\n".join(g.struct(cpp, m) for cpp, m in g.models.values())
    cuda = net.backend == "cuda"
    t = g.tables
    scalar = net.precision

    def cases(items, body):
        return "\n".join(f"        case {i}: {{ {body(k)} }} break;" for k, i in items)

    # the step's own arrays, as pseudo-variables with PyGeNN 5's names ("$" keeps them
    # apart from model variables): views through the same cxp_var / cxp_sync
    for p in net.parts:
        if isinstance(p, Population):
            for s in ("$spike_times", "$prev_spike_times"):
                t.vars.setdefault((p.name, s), len(t.vars))
        elif isinstance(p, SynapseGroup):
            for s in ("$out_post", "$den_delay"):
                t.vars.setdefault((p.name, s), len(t.vars))

    def var_of(k):
        if k[1] in STATE_ARRAYS:
            return f'auto v = H.sim.template {STATE_ARRAYS[k[1]]}<{_cstr(k[0])}>();'
        what = "custom_update_var" if k in t.update_vars else "var"
        return f'auto v = H.sim.template {what}<{_cstr(k[0])}, {_cstr(k[1])}>();'

    # the variable recorder: every model variable (not the step's arrays, not custom updates')
    recordable = [(k, i) for k, i in t.vars.items() if k[1] not in STATE_ARRAYS and k not in t.update_vars]
    record_var_cases = cases(recordable, lambda k: f'H.sim.template record_var<{_cstr(k[0])}, {_cstr(k[1])}>(every, samples);')
    trace_cases = cases(recordable, lambda k: f'auto tr = H.sim.template var_trace<{_cstr(k[0])}, {_cstr(k[1])}>(b); H.trace_t.assign(tr.times.begin(), tr.times.end()); H.trace_v.assign(tr.values.begin(), tr.values.end()); *samples = tr.size(); *n = tr.n;')

    var_cases = cases(t.vars.items(), lambda k: f'{var_of(k)} view(v);')
    # a custom update's variables too: on the CUDA backend they live on the device
    sync_cases = cases(t.vars.items(), lambda k: f'{var_of(k)} if (push) v.push(); else v.pull();')
    param_cases = cases(t.params.items(), lambda k: f'H.sim.template set_param<{_cstr(k[0])}, {_cstr(k[1])}>(value);')
    egp_cases = cases(t.egps.items(), lambda k: f'if (count) view(H.sim.template egp_allocate<{_cstr(k[0])}, {_cstr(k[1])}>(count)); else view(H.sim.template egp<{_cstr(k[0])}, {_cstr(k[1])}>());')
    egp_sync = cases(t.egps.items(), lambda k: f'auto v = H.sim.template egp<{_cstr(k[0])}, {_cstr(k[1])}>(); if (push) v.push(); else v.pull();')
    rec_cases = cases(t.pops.items(), lambda k: f'H.sim.template record_spikes<{_cstr(k)}>(steps);')
    spike_cases = cases(t.pops.items(), lambda k: f'auto tr = H.sim.template spikes<{_cstr(k)}>(b); H.times.assign(tr.times.begin(), tr.times.end()); H.ids.assign(tr.ids.begin(), tr.ids.end());')
    cur_cases = cases(t.pops.items(), lambda k: f'auto s = H.sim.template current_spikes<{_cstr(k)}>(b); *ids = s.data(); *n = s.size();')
    # indices among the parts the engine runs (cx::network keeps custom updates beside them)
    part_index = {p.name: i for i, p in enumerate(q for q in net.parts if not isinstance(q, CustomUpdate))}
    conn_cases = cases(t.syns.items(), lambda k: f'H.sim.template for_each_synapse<{part_index[k]}>([&](std::uint32_t i, std::uint32_t j, std::size_t s) {{ H.pre.push_back(i); H.post.push_back(j); H.syn.push_back(s); }});')

    # CUDA: how many devices the runtime sees (or -1 and its error), asked before cxp_create
    cuda_probe = """
int cxp_cuda_devices(char* msg, int len) {
    int n = 0;
    const cudaError_t e = cudaGetDeviceCount(&n);
    if (e != cudaSuccess) {
        std::snprintf(msg, std::size_t(len), "%s", cudaGetErrorString(e));
        return -1;
    }
    return n;
}
""" if cuda else ""
    src = f"""// Generated by cortexpr's Python package (cortexpr/codegen.py). No names of the model itself here:
// the network's type depends only on its structure; sizes and values are run-time
// arguments of cxp_create. Do not edit: build() rewrites it.
#include <{"cortexpr/cuda.cuh" if cuda else "cortexpr/cortexpr.hpp"}>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace cxp_models {{
{structs}
}}  // namespace cxp_models

using namespace cx::literals;

namespace {{

struct args {{
    const std::uint32_t* s;
    const double* v;
    const std::uint32_t* const* ua;
    const std::uint64_t* ul;
    const double* const* da;
    const std::uint64_t* dl;
    std::vector<std::uint32_t> u(int k) const {{ return {{ua[k], ua[k] + ul[k]}}; }}
    std::vector<double> d(int k) const {{ return {{da[k], da[k] + dl[k]}}; }}
}};

auto make_network(const args& a) {{
    (void)a;
    return cx::network(
        {(','+chr(10)+'        ').join(parts)});
}}

using net_t = decltype(make_network(std::declval<const args&>()));
using sim_t = cx::simulation<{"cx::cuda" if cuda else "cx::cpu"}, net_t, {scalar}, double>;

struct handle {{
    sim_t sim;
    std::vector<double> times;
    std::vector<std::uint32_t> ids, pre, post;
    std::vector<std::uint64_t> syn;
    std::vector<double> trace_t, trace_v;  // the last cxp_var_trace
}};

thread_local std::string last_error;

template <class F>
int guard(F&& f) {{
    try {{
        f();
        return 0;
    }} catch (const std::exception& e) {{
        last_error = e.what();
    }} catch (...) {{
        last_error = "unknown C++ exception";
    }}
    return -1;
}}

// numpy dtypes: 0 float32, 1 float64, 2 int8, 3 uint8, 4 int16, 5 uint16, 6 int32,
// 7 uint32, 8 int64, 9 uint64, 10 bool
template <class V>
constexpr int dtype_of() {{
    using T = std::remove_cv_t<V>;
    if constexpr (std::is_same_v<T, float>) return 0;
    else if constexpr (std::is_same_v<T, double>) return 1;
    else if constexpr (std::is_same_v<T, bool>) return 10;
    else if constexpr (std::is_signed_v<T>) return sizeof(T) == 1 ? 2 : sizeof(T) == 2 ? 4 : sizeof(T) == 4 ? 6 : 8;
    else return sizeof(T) == 1 ? 3 : sizeof(T) == 2 ? 5 : sizeof(T) == 4 ? 7 : 9;
}}

// a view's memory, its size, its element type and the size of one batch entry (the
// whole size for variables that batch entries share)
struct view_out {{
    void** p;
    std::uint64_t* n;
    int* dtype;
    std::uint64_t* per_batch;
    template <class View>
    void operator()(const View& v) const {{
        *p = const_cast<void*>(static_cast<const void*>(v.data()));
        *n = v.size();
        *dtype = dtype_of<typename View::element_type>();
        if (per_batch) *per_batch = v.size() ? v.batch(0).size() : 0;
    }}
}};

}}  // namespace

#define H (*static_cast<handle*>(h))

extern "C" {{

const char* cxp_last_error() {{ return last_error.c_str(); }}

void* cxp_create(const std::uint32_t* s, const double* v, const std::uint32_t* const* ua, const std::uint64_t* ul,
                 const double* const* da, const std::uint64_t* dl, double dt, std::uint64_t seed, int threads,
                 int flags, std::uint32_t batch) {{
    handle* out = nullptr;
    guard([&] {{
        cx::options o;
        o.dt = dt;
        o.seed = seed;
        o.threads = threads;
        o.batch = batch;
        o.timing = (flags & 1) != 0;
        o.fuse_postsynaptic = (flags & 2) != 0;
        out = new handle{{sim_t(make_network(args{{s, v, ua, ul, da, dl}}), o), {{}}, {{}}, {{}}, {{}}, {{}}}};
    }});
    return out;
}}

void cxp_destroy(void* h) {{ delete static_cast<handle*>(h); }}

int cxp_step(void* h, std::uint64_t n) {{
    return guard([&] {{ for (std::uint64_t k = 0; k < n; ++k) H.sim.step(); }});
}}
double cxp_t(void* h) {{ return H.sim.t(); }}
std::uint64_t cxp_timestep(void* h) {{ return H.sim.timestep(); }}

int cxp_var(void* h, int id, void** p, std::uint64_t* n, int* dtype, std::uint64_t* per_batch) {{
    return guard([&] {{
        view_out view{{p, n, dtype, per_batch}};
        (void)view;
        switch (id) {{
{var_cases}
        default: throw std::out_of_range("cxp_var: no variable with id " + std::to_string(id));
        }}
    }});
}}

int cxp_sync(void* h, int id, int push) {{
    return guard([&] {{
        (void)push;
        switch (id) {{
{sync_cases}
        default: throw std::out_of_range("cxp_sync: no variable with id " + std::to_string(id));
        }}
    }});
}}

int cxp_set_param(void* h, int id, double value) {{
    return guard([&] {{
        (void)value;
        switch (id) {{
{param_cases}
        default: throw std::out_of_range("cxp_set_param: no parameter with id " + std::to_string(id));
        }}
    }});
}}

int cxp_egp(void* h, int id, std::uint64_t count, void** p, std::uint64_t* n, int* dtype) {{
    return guard([&] {{
        view_out view{{p, n, dtype, nullptr}};
        (void)view; (void)count;
        switch (id) {{
{egp_cases}
        default: throw std::out_of_range("cxp_egp: no extra global parameter with id " + std::to_string(id));
        }}
    }});
}}

int cxp_egp_sync(void* h, int id, int push) {{
    return guard([&] {{
        (void)push;
        switch (id) {{
{egp_sync}
        default: throw std::out_of_range("cxp_egp_sync: no extra global parameter with id " + std::to_string(id));
        }}
    }});
}}

int cxp_record_var(void* h, int id, std::int64_t every, std::int64_t samples) {{
    return guard([&] {{
        (void)every; (void)samples;
        switch (id) {{
{record_var_cases}
        default: throw std::out_of_range("cxp_record_var: no recordable variable with id " + std::to_string(id));
        }}
    }});
}}

int cxp_var_trace(void* h, int id, std::uint32_t b, std::uint64_t* samples, std::uint64_t* n, const double** times, const double** values) {{
    return guard([&] {{
        (void)b; (void)samples; (void)n;
        switch (id) {{
{trace_cases}
        default: throw std::out_of_range("cxp_var_trace: no recordable variable with id " + std::to_string(id));
        }}
        *times = H.trace_t.data();
        *values = H.trace_v.data();
    }});
}}

int cxp_record(void* h, int pop, std::uint32_t steps) {{
    return guard([&] {{
        (void)steps;
        switch (pop) {{
{rec_cases}
        default: throw std::out_of_range("cxp_record: no population with id " + std::to_string(pop));
        }}
    }});
}}

int cxp_spikes(void* h, int pop, std::uint32_t b, std::uint64_t* n, const double** times, const std::uint32_t** ids) {{
    return guard([&] {{
        (void)b;
        switch (pop) {{
{spike_cases}
        default: throw std::out_of_range("cxp_spikes: no population with id " + std::to_string(pop));
        }}
        *n = H.ids.size();
        *times = H.times.data();
        *ids = H.ids.data();
    }});
}}

int cxp_current_spikes(void* h, int pop, std::uint32_t b, const std::uint32_t** ids, std::uint64_t* n) {{
    return guard([&] {{
        (void)b;
        switch (pop) {{
{cur_cases}
        default: throw std::out_of_range("cxp_current_spikes: no population with id " + std::to_string(pop));
        }}
    }});
}}

int cxp_connections(void* h, int sg, std::uint64_t* n, const std::uint32_t** pre, const std::uint32_t** post,
                    const std::uint64_t** syn) {{
    return guard([&] {{
        H.pre.clear(); H.post.clear(); H.syn.clear();
        switch (sg) {{
{conn_cases}
        default: throw std::out_of_range("cxp_connections: no synapse group with id " + std::to_string(sg));
        }}
        *n = H.pre.size();
        *pre = H.pre.data();
        *post = H.post.data();
        *syn = H.syn.data();
    }});
}}

int cxp_timers(void* h, double* out) {{
    return guard([&] {{
        const auto& t = H.sim.timers();
        out[0] = t.neuron_update; out[1] = t.presynaptic_update; out[2] = t.postsynaptic_update;
        out[3] = t.synapse_dynamics; out[4] = t.init; out[5] = t.init_sparse;
    }});
}}

int cxp_custom_update(void* h, const char* group) {{ return guard([&] {{ H.sim.custom_update(group); }}); }}
int cxp_custom_update_time(void* h, const char* group, double* out) {{
    return guard([&] {{ *out = H.sim.custom_update_time(group); }});
}}

{cuda_probe}
int cxp_save(void* h, const char* path) {{ return guard([&] {{ H.sim.save_checkpoint(path); }}); }}
int cxp_load(void* h, const char* path) {{ return guard([&] {{ H.sim.load_checkpoint(path); }}); }}

// in-memory snapshots: cxp_snapshot makes one (freed by cxp_snapshot_free), whose bytes
// cxp_snapshot_bytes shows; cxp_restore takes bytes (a snapshot's, or a checkpoint file's)
void* cxp_snapshot(void* h) {{
    cx::state_snapshot* out = nullptr;
    guard([&] {{ out = new cx::state_snapshot(H.sim.snapshot()); }});
    return out;
}}
void cxp_snapshot_bytes(void* s, const unsigned char** p, std::uint64_t* n) {{
    const auto b = static_cast<cx::state_snapshot*>(s)->bytes();
    *p = b.data();
    *n = b.size();
}}
void cxp_snapshot_free(void* s) {{ delete static_cast<cx::state_snapshot*>(s); }}
int cxp_restore(void* h, const unsigned char* p, std::uint64_t n) {{
    return guard([&] {{ H.sim.restore(cx::state_snapshot(std::vector<unsigned char>(p, p + n))); }});
}}

}}  // extern "C"
"""
    return src, g.tables, g.vals
