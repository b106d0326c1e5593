"""PyGeNN 5's API on cortexpr: a PyGeNN 5 script runs after `from pygenn import ...`
becomes `from cortexpr.genn import ...` (docs/python.md lists what is supported).

    model = GeNNModel("float", "tutorial")
    model.dt = 0.1
    pop = model.add_neuron_population("Neurons", 4, "Izhikevich", params, vars)
    model.build(); model.load()
    while model.t < 200.0: model.step_time()
"""
from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from .build import BuildError, compile_library
from .codegen import generate
from .models import Model, ModelError, custom_model, resolve
from .network import (ConnInit, CurrentSource, CustomUpdate, EgpRef, Network, NetworkError, Population,
                      SynapseGroup, VarInit, VarRef, as_init, check_length)
from .runtime import NoDeviceError, Simulation, SimulationError, require_cuda_device

__all__ = [
    "GeNNModel", "init_var", "init_sparse_connectivity", "init_toeplitz_connectivity", "init_weight_update",
    "init_postsynaptic",
    "create_neuron_model", "create_weight_update_model", "create_postsynaptic_model",
    "create_current_source_model", "create_var_init_snippet", "create_sparse_connectivity_init_snippet",
    "create_custom_update_model", "create_custom_connectivity_update_model", "create_var_ref", "create_wu_var_ref", "create_psm_var_ref",
    "create_wu_pre_var_ref", "create_wu_post_var_ref", "create_egp_ref", "create_wu_egp_ref", "create_psm_egp_ref",
    "SynapseMatrixType", "VarAccess", "VarAccessMode", "CustomUpdateVarAccess", "ModelError", "NetworkError", "BuildError",
    "SimulationError", "GeNNError", "NoDeviceError",
]


class GeNNError(RuntimeError):
    """Misuse of the model's life cycle (a population used before load(), say)."""


# ---- GeNN's enums, by name ----------------------------------------------------------
class _Names:
    def __init__(self, *names):
        for n in names:
            setattr(self, n, n)


SynapseMatrixType = _Names("DENSE", "SPARSE", "BITMASK", "PROCEDURAL", "TOEPLITZ", "DENSE_INDIVIDUALG",
                           "SPARSE_INDIVIDUALG", "PROCEDURAL_KERNELG")
VarAccess = _Names("READ_WRITE", "READ_ONLY", "READ_ONLY_DUPLICATE", "READ_ONLY_SHARED_NEURON")
VarAccessMode = _Names("READ_WRITE", "READ_ONLY", "REDUCE_SUM", "REDUCE_MAX")
# a custom update's own variables (models.CU_VAR_ACCESS says what each means in cortexpr)
CustomUpdateVarAccess = _Names("READ_WRITE", "READ_ONLY", "READ_ONLY_SHARED", "READ_ONLY_SHARED_NEURON",
                               "REDUCE_BATCH_SUM", "REDUCE_BATCH_MAX", "REDUCE_NEURON_SUM", "REDUCE_NEURON_MAX")
_MATRIX_ALIASES = {"DENSE_INDIVIDUALG": "DENSE", "SPARSE_INDIVIDUALG": "SPARSE"}


# ---- model and snippet creation (GeNN 5 keyword names) ------------------------------
def create_neuron_model(class_name, params=None, derived_params=None, vars=None, extra_global_params=None,
                        additional_input_vars=None, sim_code=None, threshold_condition_code=None, reset_code=None,
                        **kw) -> Model:
    return custom_model("neuron", class_name, params=params, derived_params=derived_params, vars=vars,
                        extra_global_params=extra_global_params, additional_input_vars=additional_input_vars,
                        sim_code=sim_code, threshold_condition_code=threshold_condition_code,
                        reset_code=reset_code, **kw)


def create_postsynaptic_model(class_name, params=None, derived_params=None, vars=None, neuron_var_refs=None,
                              extra_global_params=None, sim_code=None, **kw) -> Model:
    return custom_model("postsynaptic", class_name, params=params, derived_params=derived_params, vars=vars,
                        neuron_var_refs=neuron_var_refs, extra_global_params=extra_global_params,
                        sim_code=sim_code, **kw)


def create_weight_update_model(class_name, params=None, derived_params=None, vars=None, pre_vars=None,
                               post_vars=None, pre_neuron_var_refs=None, post_neuron_var_refs=None,
                               extra_global_params=None, **code) -> Model:
    return custom_model("weight_update", class_name, params=params, derived_params=derived_params, vars=vars,
                        pre_vars=pre_vars, post_vars=post_vars, pre_neuron_var_refs=pre_neuron_var_refs,
                        post_neuron_var_refs=post_neuron_var_refs, extra_global_params=extra_global_params, **code)


def create_current_source_model(class_name, params=None, derived_params=None, vars=None, neuron_var_refs=None,
                                extra_global_params=None, injection_code=None, **kw) -> Model:
    return custom_model("current_source", class_name, params=params, derived_params=derived_params, vars=vars,
                        neuron_var_refs=neuron_var_refs, extra_global_params=extra_global_params,
                        injection_code=injection_code, **kw)


def create_var_init_snippet(class_name, params=None, derived_params=None, extra_global_params=None,
                            var_init_code=None) -> Model:
    return custom_model("var_init", class_name, params=params, derived_params=derived_params,
                        extra_global_params=extra_global_params, var_init_code=var_init_code)


def create_sparse_connectivity_init_snippet(class_name, params=None, derived_params=None, extra_global_params=None,
                                            row_build_code=None, col_build_code=None, **kw) -> Model:
    return custom_model("sparse_init", class_name, params=params, derived_params=derived_params,
                        extra_global_params=extra_global_params, row_build_code=row_build_code,
                        col_build_code=col_build_code, **kw)


def create_custom_connectivity_update_model(class_name, params=None, derived_params=None, vars=None, pre_vars=None,
                                           post_vars=None, var_refs=None, pre_var_refs=None, post_var_refs=None,
                                           extra_global_params=None, row_update_code=None, host_update_code=None) -> Model:
    """A custom connectivity update model: `row_update_code` runs once per row of a SPARSE
    synapse group (for_each_synapse, add_synapse, remove_synapse), checked at once.
    host_update_code is a C++ function in cortexpr and cannot be given here."""
    return custom_model("custom_connectivity_update", class_name, params=params, derived_params=derived_params,
                        vars=vars, pre_vars=pre_vars, post_vars=post_vars, var_refs=var_refs, pre_var_refs=pre_var_refs,
                        post_var_refs=post_var_refs, extra_global_params=extra_global_params,
                        row_update_code=row_update_code, host_update_code=host_update_code)


def create_custom_update_model(class_name, params=None, derived_params=None, vars=None, var_refs=None,
                               extra_global_params=None, extra_global_param_refs=None, update_code=None) -> Model:
    """A custom update model: `vars` with CustomUpdateVarAccess modes, `var_refs` with
    VarAccessMode modes (default READ_WRITE, as in GeNN 5), checked at once."""
    return custom_model("custom_update", class_name, params=params, derived_params=derived_params, vars=vars,
                        var_refs=var_refs, extra_global_params=extra_global_params,
                        extra_global_param_refs=extra_global_param_refs, update_code=update_code)


# ---- references (custom updates' var_refs and egp_refs) ------------------------------
def _name_of(group) -> str:
    return group.name if isinstance(group, _Group) else str(group)


def create_var_ref(group, var_name: str) -> VarRef:
    """Variable `var_name` of a neuron population, current source or custom update."""
    return VarRef(_name_of(group), var_name)


def create_wu_var_ref(group, var_name: str, transpose_sg=None, transpose_var_name: Optional[str] = None) -> VarRef:
    """A synapse group's weight-update variable; with `transpose_sg`, the update
    (the built-in "Transpose") writes its transpose into transpose_sg's variable."""
    if (transpose_sg is None) != (transpose_var_name is None):
        raise NetworkError(f"create_wu_var_ref({_name_of(group)!r}, {var_name!r}): a transpose needs both "
                           f"transpose_sg and transpose_var_name")
    return VarRef(_name_of(group), var_name, None if transpose_sg is None else _name_of(transpose_sg),
                  transpose_var_name)


create_psm_var_ref = create_var_ref          # a synapse group's postsynaptic-model variable
create_wu_pre_var_ref = create_var_ref       # ... its presynaptic weight-update variable
create_wu_post_var_ref = create_var_ref      # ... its postsynaptic weight-update variable


def create_egp_ref(group, egp_name: str) -> EgpRef:
    """Extra global parameter `egp_name` of a population, current source or synapse group."""
    return EgpRef(_name_of(group), egp_name)


create_wu_egp_ref = create_egp_ref
create_psm_egp_ref = create_egp_ref


# ---- initialisers -------------------------------------------------------------------
def init_var(snippet, params=None) -> VarInit:
    s = resolve(snippet, "var_init")
    return VarInit(s, dict(params or {}))


def init_sparse_connectivity(snippet, params=None) -> ConnInit:
    s = resolve(snippet, "sparse_init")
    return ConnInit(s, dict(params or {}))


def init_toeplitz_connectivity(snippet, params=None) -> ConnInit:
    """TOEPLITZ connectivity: "Conv2D" or "AvgPoolConv2D" with GeNN's parameter names;
    the weights are given per kernel element, e.g. {"g": kernel.flatten()} of a kernel of
    shape (kh, kw, ic, oc)."""
    s = resolve(snippet, "toeplitz_init")
    return ConnInit(s, dict(params or {}))


class WeightUpdateInit:
    def __init__(self, snippet, params=None, vars=None, pre_vars=None, post_vars=None, pre_var_refs=None,
                 post_var_refs=None):
        self.model = resolve(snippet, "weight_update")
        self.params = dict(params or {})
        self.vars = {**dict(vars or {}), **dict(pre_vars or {}), **dict(post_vars or {})}
        if pre_var_refs or post_var_refs:
            raise NotImplementedError("weight update neuron var refs are not supported by cortexpr.genn yet")


class PostsynapticInit:
    def __init__(self, snippet, params=None, vars=None, var_refs=None):
        self.model = resolve(snippet, "postsynaptic")
        self.params = dict(params or {})
        self.vars = dict(vars or {})
        if var_refs:
            raise NotImplementedError("postsynaptic var refs are not supported by cortexpr.genn yet")


def init_weight_update(snippet, params=None, vars=None, pre_vars=None, post_vars=None, pre_var_refs=None,
                       post_var_refs=None) -> WeightUpdateInit:
    return WeightUpdateInit(snippet, params, vars, pre_vars, post_vars, pre_var_refs, post_var_refs)


def init_postsynaptic(snippet, params=None, vars=None, var_refs=None) -> PostsynapticInit:
    return PostsynapticInit(snippet, params, vars, var_refs)


# ---- state access -------------------------------------------------------------------
class Var:
    """A variable of a group: `.view` (numpy view of the host memory, no copy),
    `.values` (a copy, synapse order for SPARSE), `.current_view`, pull/push."""

    def __init__(self, group: "_Group", part: str, name: str, store: dict):
        self._group, self._part, self.name, self._store = group, part, name, store

    def _sim(self) -> Simulation:
        return self._group._model._require_loaded(f"{self._part}.{self.name}")

    def set_init_values(self, values):
        if self._group._model._sim is not None:
            raise GeNNError(f"{self._part}.{self.name}: set_init_values after load(); write .view and push_to_device()")
        init = as_init(self._part, self.name, values)
        desc = self._group._desc
        psm = getattr(desc, "psm_vars", None) is self._store
        n, unit = self._group._model._net.length_of(self._part, self.name, psm)
        owner = {"population": "population", "current_source": "current source",
                 "custom_update": "custom update"}.get(desc.kind, "synapse group")
        owner = f"{owner} '{self._part}'" + (" postsynaptic model" if psm else "")
        check_length(owner, self.name, init, n, unit)
        self._store[self.name] = init

    @property
    def view(self) -> np.ndarray:
        if self._group._is_sparse_wu(self.name):
            raise GeNNError(f"{self._part}.{self.name}: SPARSE synapse variables have no view (as in GeNN); use .values")
        return self._sim().var(self._part, self.name)

    @property
    def current_view(self) -> np.ndarray:
        return self.view

    @property
    def values(self) -> np.ndarray:
        sim = self._sim()
        raw = sim.var(self._part, self.name)
        if self._group._is_sparse_wu(self.name):
            return raw[..., self._group._syn_index()]  # fancy indexing: a copy
        return raw.copy()

    @values.setter
    def values(self, x):
        sim = self._sim()
        raw = sim.var(self._part, self.name)
        x = np.asarray(x)
        n = self._group._syn_index().size if self._group._is_sparse_wu(self.name) else raw.shape[-1]
        if x.size != 1 and x.shape[-1:] != (n,):
            raise NetworkError(f"{self._part}.{self.name}: {x.size} values (shape {x.shape}) for a variable of "
                               f"{n} elements" + (f" per batch entry ({raw.shape[0]} entries)" if raw.ndim == 2 else ""))
        if self._group._is_sparse_wu(self.name):
            idx = self._group._syn_index()
            raw[..., idx] = np.broadcast_to(np.asarray(x, dtype=raw.dtype), raw[..., idx].shape)
        else:
            raw[:] = np.broadcast_to(np.asarray(x, dtype=raw.dtype), raw.shape)

    current_values = values

    def pull_from_device(self):
        self._sim().sync(self._part, self.name, False)

    def push_to_device(self):
        self._sim().sync(self._part, self.name, True)

    # beyond PyGeNN: cortexpr's variable recorder (C++ sim.record_var / sim.var_trace)
    def record(self, every: int, samples: int):
        """Records this variable now and after every `every` steps into a circular buffer
        of `samples` samples (device memory on CUDA), read with trace()."""
        self._sim().record_var(self._part, self.name, every, samples)

    def trace(self, batch: int = 0):
        """(times [ms], values of shape (samples, n)) of batch entry `batch`: the last
        min(samples taken, samples) samples, oldest first (copies)."""
        return self._sim().var_trace(self._part, self.name, batch)


class StateArray:
    """One of the step's own arrays (PyGeNN 5's spike_times, prev_spike_times, out_post,
    den_delay): `.view` (numpy view of the host memory), pull/push."""

    def __init__(self, group: "_Group", key: str, name: str):
        self._group, self._key, self.name = group, key, name

    def _sim(self) -> Simulation:
        return self._group._model._require_loaded(f"{self._group.name}.{self.name}")

    @property
    def view(self) -> np.ndarray:
        return self._sim().var(self._group.name, self._key)

    current_view = view

    @property
    def values(self) -> np.ndarray:
        return self.view.copy()

    def pull_from_device(self):
        self._sim().sync(self._group.name, self._key, False)

    def push_to_device(self):
        self._sim().sync(self._group.name, self._key, True)


class ExtraGlobalParameter:
    def __init__(self, group: "_Group", part: str, name: str, store: dict):
        self._group, self._part, self.name, self._store = group, part, name, store

    def set_init_values(self, values):
        arr = np.asarray(values, dtype=np.float64).ravel()
        if self._group._model._sim is None:
            self._store[self.name] = arr
        else:  # after load: allocate and fill
            v = self._loaded().egp(self._part, self.name, max(1, arr.size))
            v[:arr.size] = arr
            self._group._model._sim.egp_sync(self._part, self.name, True)

    def _loaded(self) -> Simulation:
        sim = self._group._model._require_loaded(f"{self._part}.{self.name}")
        if (self._part, self.name) not in sim.tables.egps:
            raise GeNNError(f"custom update '{self._part}': its extra global parameter '{self.name}' is set before "
                            f"load() only (set_init_values); cortexpr has no view of it after load()")
        return sim

    @property
    def view(self) -> np.ndarray:
        return self._loaded().egp(self._part, self.name)

    @property
    def values(self) -> np.ndarray:
        return self.view.copy()

    def pull_from_device(self):
        self._group._model._require_loaded(self._part).egp_sync(self._part, self.name, False)

    def push_to_device(self):
        self._group._model._require_loaded(self._part).egp_sync(self._part, self.name, True)


class _Group:
    def __init__(self, model: "GeNNModel", desc):
        self._model, self._desc = model, desc
        self.name = desc.name

    def _is_sparse_wu(self, var: str) -> bool:
        return False

    def set_dynamic_param_value(self, name: str, value: float):
        sim = self._model._require_loaded(self.name)
        if (self.name, name) not in sim.tables.params:
            raise NetworkError(f"{self.name}: no parameter named '{name}'")
        sim.set_param(self.name, name, value)

    def set_param_dynamic(self, name: str, dynamic: bool = True):
        """Accepted for compatibility: every parameter of cortexpr is a run-time value."""

    set_wu_param_dynamic = set_param_dynamic
    set_ps_param_dynamic = set_param_dynamic

    def pull_state_from_device(self):
        for v in getattr(self, "vars", {}).values():
            v.pull_from_device()

    def push_state_to_device(self):
        for v in getattr(self, "vars", {}).values():
            v.push_to_device()


class NeuronGroup(_Group):
    def __init__(self, model, desc: Population):
        super().__init__(model, desc)
        self.vars = {n: Var(self, desc.name, n, desc.vars) for n in desc.model.var_names()}
        self.extra_global_params = {n: ExtraGlobalParameter(self, desc.name, n, desc.egps)
                                    for n in desc.model.egp_names()}
        self.params = desc.params
        self.neuron_model = desc.model
        self._recording_data = None
        # [batch][slot][n]: one slot without delays (C++ sim.spike_times<"Pop">())
        self.spike_times = StateArray(self, "$spike_times", "spike_times")
        self.prev_spike_times = StateArray(self, "$prev_spike_times", "prev_spike_times")

    @property
    def num_neurons(self) -> int:
        return self._desc.size

    size = num_neurons

    @property
    def spike_recording_enabled(self) -> bool:
        return self._desc.record_spikes

    @spike_recording_enabled.setter
    def spike_recording_enabled(self, on: bool):
        self._desc.record_spikes = bool(on)

    @property
    def spike_event_recording_enabled(self) -> bool:
        return False

    @spike_event_recording_enabled.setter
    def spike_event_recording_enabled(self, on: bool):
        if on:
            raise NotImplementedError(f"population '{self.name}': spike-like event recording is not supported "
                                      f"by cortexpr.genn yet (in C++: sim.record_spike_events)")

    @property
    def spike_recording_data(self) -> list:
        """[(times, ids)] per batch entry: the spikes of the last num_recording_timesteps
        steps as of the last pull_recording_buffers_from_device()."""
        if not self._desc.record_spikes:
            raise GeNNError(f"population '{self.name}': spike recording is not enabled "
                            f"(set spike_recording_enabled = True before build())")
        if self._recording_data is None:
            raise GeNNError(f"population '{self.name}': call pull_recording_buffers_from_device() first")
        return self._recording_data


def _input_target(attr, what, side):
    """GeNN 5's target variables (a property set before load()): `Isyn` or an additional
    input variable of the population on `side` ("target" or "source" of the part)."""
    def get(self):
        return getattr(self._desc, attr) or "Isyn"

    def set(self, v):
        if self._model._sim is not None:
            raise GeNNError(f"'{self.name}': {what} is set before load()")
        v = str(v)
        pop_name = getattr(self._desc, side)
        pop = self._model.neuron_populations.get(pop_name)
        if pop is not None:
            names = ["Isyn"] + [a[0] for a in pop._desc.model.additional_input_vars]
            if v not in names:
                raise NetworkError(f"'{self.name}': {what} '{v}' is not an input of population '{pop_name}' "
                                   f"(its inputs: {', '.join(names)})")
        setattr(self._desc, attr, "" if v == "Isyn" else v)
    return property(get, set)


class CurrentSourceGroup(_Group):
    def __init__(self, model, desc: CurrentSource):
        super().__init__(model, desc)
        self.vars = {n: Var(self, desc.name, n, desc.vars) for n in desc.model.var_names()}
        self.extra_global_params = {n: ExtraGlobalParameter(self, desc.name, n, desc.egps)
                                    for n in desc.model.egp_names()}
        self.params = desc.params

    target_var = _input_target("target_var", "target_var", "target")


class SynapseGroupView(_Group):
    def __init__(self, model, desc: SynapseGroup):
        super().__init__(model, desc)
        wu = desc.wu
        self.vars = {n: Var(self, desc.name, n, desc.wu_vars) for n in wu.var_names("vars")}
        self.pre_vars = {n: Var(self, desc.name, n, desc.wu_vars) for n in wu.var_names("pre_vars")}
        self.post_vars = {n: Var(self, desc.name, n, desc.wu_vars) for n in wu.var_names("post_vars")}
        self.psm_vars = {n: Var(self, desc.name, n, desc.psm_vars) for n in desc.psm.var_names()}
        self.extra_global_params = {n: ExtraGlobalParameter(self, desc.name, n, desc.wu_egps) for n in wu.egp_names()}
        self.psm_extra_global_params = {n: ExtraGlobalParameter(self, desc.name, n, desc.psm_egps)
                                        for n in desc.psm.egp_names()}
        self._index = None
        # the postsynaptic input buffer (inSyn) and the dendritic delay ring
        self.out_post = StateArray(self, "$out_post", "out_post")
        self.den_delay = StateArray(self, "$den_delay", "den_delay")

    def _is_sparse_wu(self, var: str) -> bool:
        return self._desc.matrix == "SPARSE" and var in self._desc.wu.var_names("vars")

    def _syn_index(self) -> np.ndarray:
        if self._index is None:
            self._conn()
        return self._index[2].astype(np.int64)

    def _conn(self):
        sim = self._model._require_loaded(self.name)
        self._index = sim.connections(self.name)
        return self._index

    # delays, in steps, before build (run-time values: no rebuild when they change)
    def _delay(attr):
        def get(self):
            return getattr(self._desc, attr)

        def set(self, v):
            if self._model._sim is not None:
                raise GeNNError(f"synapse group '{self.name}': delays are set before load()")
            v = int(v)
            if v < 0:
                raise NetworkError(f"synapse group '{self.name}': {attr} must be >= 0, got {v}")
            setattr(self._desc, attr, v)
        return property(get, set)

    axonal_delay_steps = _delay("axonal_delay")
    back_prop_delay_steps = _delay("back_prop_delay")
    max_dendritic_delay_timesteps = _delay("max_dendritic_delay")
    del _delay
    post_target_var = _input_target("post_target_var", "post_target_var", "target")
    pre_target_var = _input_target("pre_target_var", "pre_target_var", "source")

    def set_sparse_connections(self, pre_indices, post_indices):
        d = self._desc
        if d.matrix != "SPARSE":
            raise NetworkError(f"synapse group '{self.name}': set_sparse_connections needs SPARSE connectivity")
        pre = np.asarray(pre_indices, dtype=np.int64).ravel()
        post = np.asarray(post_indices, dtype=np.int64).ravel()
        if pre.shape != post.shape:
            raise NetworkError(f"synapse group '{self.name}': {pre.size} pre indices but {post.size} post indices")
        n_pre, n_post = self._model._net.n_of(d.source), self._model._net.n_of(d.target)
        for what, a, n in (("pre", pre, n_pre), ("post", post, n_post)):
            bad = np.flatnonzero((a < 0) | (a >= n))
            if bad.size:
                raise NetworkError(f"synapse group '{self.name}': {what} index {a[bad[0]]} out of range [0, {n})")
        d.connections = (pre.astype(np.uint32), post.astype(np.uint32))

    def get_sparse_pre_inds(self) -> np.ndarray:
        return self._conn()[0].copy()

    def get_sparse_post_inds(self) -> np.ndarray:
        return self._conn()[1].copy()

    def pull_connectivity_from_device(self):
        self._index = None

    def push_connectivity_to_device(self):
        pass


class CustomUpdateGroup(_Group):
    """A custom update: its own variables (`vars`; on the CUDA backend they live on the
    device: pull_from_device / push_to_device as for a population's) and parameters
    (set_dynamic_param_value between runs); model.custom_update(update_group_name) runs it."""

    def __init__(self, model, desc: CustomUpdate):
        super().__init__(model, desc)
        self.vars = {n: Var(self, desc.name, n, desc.vars) for n in desc.model.var_names()}
        self.extra_global_params = {n: ExtraGlobalParameter(self, desc.name, n, desc.egps)
                                    for n in desc.model.egp_names()}
        self.params = desc.params
        self.custom_update_model = desc.model
        self.update_group_name = desc.group
        self.var_refs = desc.var_refs
        self.egp_refs = desc.egp_refs


# ---- the model ----------------------------------------------------------------------
class GeNNModel:
    """PyGeNN 5's GeNNModel. build() writes and compiles one C++ source (cached by its
    structure); load() constructs the simulation from the current sizes and values."""

    def __init__(self, precision: str = "float", model_name: str = "model", backend: Optional[str] = None,
                 time_precision: Optional[str] = None, **preferences):
        backend = (backend or "cpu").lower()
        if backend in ("single_threaded_cpu", "singlethreadedcpu", "cpu_openmp"):
            backend = "cpu"
        if time_precision not in (None, "double"):
            raise NotImplementedError("time_precision other than 'double' is not supported by cortexpr.genn yet")
        self._net = Network(model_name, precision, backend)
        self.name = model_name
        self.dt = 0.5  # GeNN's ModelSpec default [ms]
        self.seed = 0
        self.timing_enabled = False
        self._batch_size = 1
        self.threads = int(preferences.pop("threads", 0))
        self.quiet = bool(preferences.pop("quiet", False))
        self.fuse_postsynaptic_models = False
        self._prefs = preferences  # GeNN's backend preferences: accepted, unused on the CPU
        self.neuron_populations: dict = {}
        self.synapse_populations: dict = {}
        self.current_sources: dict = {}
        self.custom_updates: dict = {}
        self.custom_connectivity_updates: dict = {}
        self._lib = None
        self._built_source = None
        self._sim: Optional[Simulation] = None
        self._loaded_with = None
        self._num_recording_timesteps = None
        self.compiled_now = False  # whether the last build() ran the compiler

    # ---- properties ---------------------------------------------------------------
    @property
    def precision(self) -> str:
        return self._net.precision

    @property
    def backend_name(self) -> str:
        return self._net.backend

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, b: int):
        """Independent copies of the network sharing connectivity (READ_ONLY variables
        too); a run-time value here: changing it does not rebuild."""
        self._before_load("batch_size")
        if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or int(b) < 1:
            raise NetworkError(f"model '{self.name}': batch_size must be an integer >= 1, got {b!r}")
        self._batch_size = int(b)

    @property
    def t(self) -> float:
        return self._sim.t if self._sim is not None else 0.0

    @property
    def timestep(self) -> int:
        return self._sim.timestep if self._sim is not None else 0

    def _timer(key):
        def get(self):
            sim = self._require_loaded("timers")
            if not self.timing_enabled:
                raise GeNNError("timers need model.timing_enabled = True before load()")
            return sim.timers()[key]
        return property(get)

    neuron_update_time = _timer("neuron_update")
    presynaptic_update_time = _timer("presynaptic_update")
    postsynaptic_update_time = _timer("postsynaptic_update")
    synapse_dynamics_time = _timer("synapse_dynamics")
    init_time = _timer("init")
    init_sparse_time = _timer("init_sparse")
    del _timer

    def get_custom_update_time(self, name: str) -> float:
        """Seconds spent in update group `name` so far (needs timing_enabled)."""
        sim = self._require_loaded(f"get_custom_update_time('{name}')")
        if not self.timing_enabled:
            raise GeNNError("timers need model.timing_enabled = True before load()")
        return sim.custom_update_time(name)

    custom_update_time = get_custom_update_time

    def get_custom_update_transpose_time(self, name: str) -> float:
        raise NotImplementedError(f"update group '{name}': cortexpr times a group as a whole; a transpose is "
                                  f"part of get_custom_update_time('{name}')")

    def _require_loaded(self, who: str) -> Simulation:
        if self._sim is None:
            raise GeNNError(f"{who}: the model '{self.name}' is not loaded (call build() and load() first)")
        return self._sim

    def _before_load(self, what: str):
        if self._sim is not None:
            raise GeNNError(f"{what}: the model '{self.name}' is already loaded (call unload() first)")

    # ---- description ------------------------------------------------------------
    def add_neuron_population(self, pop_name, num_neurons, neuron, params=None, vars=None) -> NeuronGroup:
        self._before_load(f"add_neuron_population('{pop_name}')")
        p = self._net.population(pop_name, neuron, num_neurons, params, vars)
        g = self.neuron_populations[pop_name] = NeuronGroup(self, p)
        return g

    def add_current_source(self, cs_name, current_source_model, pop, params=None, vars=None) -> CurrentSourceGroup:
        self._before_load(f"add_current_source('{cs_name}')")
        target = pop.name if isinstance(pop, _Group) else pop
        c = self._net.current_source(cs_name, current_source_model, target, params, vars)
        g = self.current_sources[cs_name] = CurrentSourceGroup(self, c)
        return g

    def add_synapse_population(self, pop_name, matrix_type, source, target, weight_update_init,
                               postsynaptic_init, connectivity_init=None) -> SynapseGroupView:
        self._before_load(f"add_synapse_population('{pop_name}')")
        if not isinstance(weight_update_init, WeightUpdateInit):
            raise NetworkError(f"synapse group '{pop_name}': weight_update_init must come from init_weight_update(...)")
        if not isinstance(postsynaptic_init, PostsynapticInit):
            raise NetworkError(f"synapse group '{pop_name}': postsynaptic_init must come from init_postsynaptic(...)")
        m = str(matrix_type).rsplit(".", 1)[-1].upper()
        m = _MATRIX_ALIASES.get(m, m)
        src = source.name if isinstance(source, _Group) else source
        trg = target.name if isinstance(target, _Group) else target
        s = self._net.synapses(pop_name, m, src, trg, weight_update_init.model, weight_update_init.params,
                               weight_update_init.vars, postsynaptic_init.model, postsynaptic_init.params,
                               postsynaptic_init.vars, connectivity_init)
        g = self.synapse_populations[pop_name] = SynapseGroupView(self, s)
        return g

    # ---- life cycle -------------------------------------------------------------
    def _check(self):
        for p in self._net.parts:
            if isinstance(p, SynapseGroup) and p.matrix == "SPARSE" and p.connect is None and p.connections is None:
                raise NetworkError(f"synapse group '{p.name}': SPARSE connectivity needs init_sparse_connectivity(...) "
                                   f"or set_sparse_connections(pre, post) before build()")
        if not (isinstance(self.dt, (int, float)) and math.isfinite(self.dt) and self.dt > 0):
            raise NetworkError(f"model '{self.name}': dt must be a positive number, got {self.dt!r}")

    def build(self, path_to_model: str = "./", force_rebuild: bool = False, **kw):
        """Writes the network's C++ source and compiles it, unless a library for the same
        structure is cached (sizes and values are not part of it)."""
        self._before_load("build()")
        self._check()
        for p in self._net.parts:  # custom models: checked again (cheap, no compiler)
            for m in (getattr(p, "model", None), getattr(p, "wu", None), getattr(p, "psm", None)):
                if m is not None:
                    m.check()
        source, _, _ = generate(self._net, float(self.dt))
        self._lib, self.compiled_now = compile_library(source, self._safe_name(), self._net.backend, self.quiet)
        self._built_source = source

    def _safe_name(self) -> str:
        return "".join(c if c.isalnum() or c == "_" else "_" for c in self.name) or "model"

    def load(self, num_recording_timesteps: Optional[int] = None):
        if self._lib is None:
            raise GeNNError(f"model '{self.name}': call build() before load()")
        self._before_load("load()")
        self._check()
        source, tables, values = generate(self._net, float(self.dt))
        if source != self._built_source:
            raise GeNNError(f"model '{self.name}': its structure changed since build(); call build() again")
        if self._net.backend == "cuda":
            require_cuda_device(self._lib, f"model '{self.name}'")
        recording = [p for p in self._net.parts if isinstance(p, Population) and p.record_spikes]
        if recording and not num_recording_timesteps:
            raise GeNNError(f"population '{recording[0].name}' records spikes: "
                            f"load(num_recording_timesteps=N) needs N >= 1")
        self._sim = self._construct(tables, values, recording, num_recording_timesteps)
        self._loaded_with = (tables, values, recording, num_recording_timesteps)

    def _construct(self, tables, values, recording, num_recording_timesteps) -> Simulation:
        sim = Simulation(str(self._lib), tables, values, float(self.dt), int(self.seed), self.threads,
                         self.timing_enabled, self.fuse_postsynaptic_models, self._batch_size)
        try:
            for part, var, arr in values.arrays:
                self._write_array(sim, part, var, arr)
            for p in recording:
                sim.record_spikes(p.name, int(num_recording_timesteps))
        except Exception:
            sim.close()
            raise
        return sim

    def _write_array(self, sim: Simulation, part: str, var: str, arr: np.ndarray):
        sim.write_initial(part, var, arr, NetworkError)

    def step_time(self):
        self._require_loaded("step_time()").step(1)

    def reinitialise(self):
        """The initial state again (variables, connectivity, time 0, recordings), without
        rebuilding: a second simulation is constructed from the same values and its
        state restored into this one (an in-memory snapshot), so views stay valid."""
        sim = self._require_loaded("reinitialise()")
        fresh = self._construct(*self._loaded_with)
        try:
            sim.restore(fresh.snapshot())  # custom updates' own state included
        finally:
            fresh.close()
        for g in self.neuron_populations.values():
            g._recording_data = None

    def snapshot(self) -> bytes:
        """The whole state now, in memory, as bytes (cortexpr's checkpoint format);
        restore() goes back to it. Beyond PyGeNN: Brian2's store() and PyNN's reset()."""
        return self._require_loaded("snapshot()").snapshot()

    def restore(self, data: bytes):
        """Restores a snapshot of this network; the run continues as after snapshot().
        A snapshot of another network, size or batch size raises SimulationError and
        changes nothing."""
        self._require_loaded("restore()").restore(data)
        for g in self.neuron_populations.values():
            g._recording_data = None

    def pull_recording_buffers_from_device(self):
        sim = self._require_loaded("pull_recording_buffers_from_device()")
        for g in self.neuron_populations.values():
            if g._desc.record_spikes:
                g._recording_data = [sim.spikes(g.name, b) for b in range(sim.batch)]

    def unload(self):
        # the simulation is freed when nothing refers to it any more: numpy views a
        # script still holds keep it alive (reading them after unload() is safe)
        self._sim = None
        self._loaded_with = None
        for g in self.synapse_populations.values():
            g._index = None
        for g in self.neuron_populations.values():
            g._recording_data = None

    def add_custom_update(self, cu_name, group_name, custom_update_model, params=None, vars=None, var_refs=None,
                          egp_refs=None) -> CustomUpdateGroup:
        """GeNN 5's add_custom_update: `var_refs` from create_var_ref & co., `egp_refs` from
        create_egp_ref; the references are checked here and name what they miss."""
        self._before_load(f"add_custom_update('{cu_name}')")
        u = self._net.custom_update(cu_name, group_name, custom_update_model, params, vars, var_refs, egp_refs)
        g = self.custom_updates[cu_name] = CustomUpdateGroup(self, u)
        return g

    def custom_update(self, name: str):
        """Runs every custom connectivity update, then every custom update, of update group
        `name`, each in the order they were added."""
        descs = [u._desc for u in self.custom_updates.values()] + list(self.custom_connectivity_updates.values())
        if not any(d.group == name for d in descs):
            groups = sorted({d.group for d in descs})
            raise GeNNError(f"model '{self.name}': no custom update is in update group '{name}' "
                            f"(groups: {', '.join(groups) or 'none'})")
        self._require_loaded(f"custom_update('{name}')").custom_update(name)
        for d in self.custom_connectivity_updates.values():
            if d.group == name:  # its rows changed: the cached (pre, post, slot) index is stale
                self.synapse_populations[d.syn_group]._index = None

    def add_custom_connectivity_update(self, cu_name, group_name, syn_group, custom_conn_update_model, params=None,
                                       vars=None, pre_vars=None, post_vars=None, var_refs=None, pre_var_refs=None,
                                       post_var_refs=None, egp_refs=None):
        """GeNN 5's add_custom_connectivity_update: row code on SPARSE synapse group
        `syn_group`; `var_refs` from create_wu_var_ref on that group, `pre_var_refs` /
        `post_var_refs` from create_var_ref on its populations. Its variables start from
        constants; model.custom_update(group_name) runs it."""
        self._before_load(f"add_custom_connectivity_update('{cu_name}')")
        u = self._net.custom_connectivity_update(cu_name, group_name, _name_of(syn_group), custom_conn_update_model, params,
                                                 vars, pre_vars, post_vars, var_refs, pre_var_refs, post_var_refs,
                                                 egp_refs)
        self.custom_connectivity_updates[cu_name] = u
        return u
