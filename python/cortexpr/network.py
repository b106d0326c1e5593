"""The network-description layer: populations, current sources and synapse groups with
their models and run-time values, independent of PyGeNN's names (cortexpr.genn is one
front end on it). `generate()` turns a description into one C++ source whose network
TYPE depends only on the structure; sizes and values travel as run-time arguments."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from .models import Model, ModelError, builtin, resolve


class NetworkError(ValueError):
    """A description that cannot be built (unknown names, wrong lengths); the message
    names the group and the value."""


@dataclass
class VarInit:
    """A variable's initial value: a snippet with parameter values (cx::init<S>(...))."""
    snippet: Model
    params: dict = field(default_factory=dict)


@dataclass
class ConnInit:
    """A sparse connectivity initialiser (cx::connect<S>(...))."""
    snippet: Model
    params: dict = field(default_factory=dict)


def as_init(owner: str, name: str, value: Any):
    """A scalar, a VarInit, or an array (applied after construction)."""
    if isinstance(value, VarInit):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, bool):
        return float(value)
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise NetworkError(f"{owner}.{name}: an initial value must be a number, init_var(...), a list or "
                           f"an array, got {type(value).__name__}") from None
    if arr.ndim == 0:
        return float(arr)
    return arr.ravel()


def check_values(owner: str, model: Model, params: dict, what: str = "parameter") -> None:
    params = _as_dict(owner, what + "s", params)
    names = model.param_names
    for k in params:
        if k not in names:
            raise NetworkError(f"{owner} ({model.name}): unknown {what} '{k}' (has: {', '.join(names) or 'none'})")
    for k in names:
        if k not in params:
            raise NetworkError(f"{owner} ({model.name}): missing value for {what} '{k}'")
    for k, v in params.items():
        try:
            fv = float(v)
        except (TypeError, ValueError):
            raise NetworkError(f"{owner}: parameter '{k}' must be a number, got {v!r}") from None
        if not math.isfinite(fv):
            raise NetworkError(f"{owner}: parameter '{k}' must be finite, got {fv}")


def check_length(owner: str, name: str, init, n: Optional[int], unit: str = "neuron"):
    """An array of initial values has one value per element (n), or n per batch entry (a
    multiple of n, checked against batch_size at load()); n None: checked at load()."""
    if isinstance(init, np.ndarray) and n:
        if init.size == 0 or init.size % n:
            raise NetworkError(f"{owner}: variable '{name}' has {init.size} initial values, expected {n} "
                               f"(one per {unit}) or batch_size x {n}")


def _as_dict(owner: str, what: str, d) -> dict:
    try:
        return dict(d or {})
    except (TypeError, ValueError):
        raise NetworkError(f"{owner}: {what} must be a dict of names to values, got {type(d).__name__}") from None


def _resolve(owner: str, model, family: str) -> Model:
    try:
        return resolve(model, family)
    except ModelError as e:
        raise ModelError(f"{owner}: {e}") from None


def check_vars(owner: str, model: Model, values: dict, lists=("vars",), lengths=None) -> dict:
    """`lengths`: variable name -> number of elements (for arrays), where known."""
    values = _as_dict(owner, "variables", values)
    names = [v for l in lists for v in model.var_names(l)]
    for k in values:
        if k not in names:
            raise NetworkError(f"{owner} ({model.name}): unknown variable '{k}' (has: {', '.join(names) or 'none'})")
    out = {}
    for k in names:
        if k not in values:
            raise NetworkError(f"{owner} ({model.name}): missing initial value for variable '{k}'")
        init = as_init(owner, k, values[k])
        if isinstance(init, VarInit):
            check_values(f"{owner}.{k}", init.snippet, init.params)
        n, unit = (lengths or {}).get(k, (None, ""))
        check_length(owner, k, init, n, unit)
        out[k] = init
    return out


@dataclass
class Population:
    name: str
    model: Model
    size: int
    params: dict
    vars: dict
    egps: dict = field(default_factory=dict)   # name -> array
    record_spikes: bool = False
    kind: str = "population"


@dataclass
class CurrentSource:
    name: str
    model: Model
    target: str
    params: dict
    vars: dict
    egps: dict = field(default_factory=dict)
    target_var: str = ""     # an additional input variable of the target ("": Isyn)
    kind: str = "current_source"


@dataclass
class SynapseGroup:
    name: str
    matrix: str             # DENSE, SPARSE, BITMASK, PROCEDURAL, TOEPLITZ
    source: str
    target: str
    wu: Model
    wu_params: dict
    wu_vars: dict            # vars, pre_vars and post_vars by name
    psm: Model
    psm_params: dict
    psm_vars: dict
    connect: Optional[ConnInit] = None
    connections: Optional[tuple] = None   # (pre, post) arrays, SPARSE from lists
    axonal_delay: int = 0
    back_prop_delay: int = 0
    max_dendritic_delay: int = 0
    wu_egps: dict = field(default_factory=dict)
    psm_egps: dict = field(default_factory=dict)
    post_target_var: str = ""  # where the PSM's injectCurrent goes ("": Isyn)
    pre_target_var: str = ""   # where addToPre goes ("": the source's Isyn)
    kind: str = "synapses"


MATRIX_KINDS = ("DENSE", "SPARSE", "BITMASK", "PROCEDURAL", "TOEPLITZ")
# matrix kinds whose weight-update variables may be given as arrays: one value per
# synapse (DENSE, row-major) or per kernel element (TOEPLITZ, row-major over the kernel
# shape [kh, kw, ic, oc] as in GeNN)
ARRAY_WEIGHTS = ("DENSE", "TOEPLITZ")


# ---- custom updates ----------------------------------------------------------------
@dataclass
class VarRef:
    """A custom update's variable reference: variable `var` of part `part` (a population,
    current source, synapse group or custom update); with `transpose_part`, a reference
    to a weight whose transpose goes to `transpose_part.transpose_var` (cx::transpose_ref)."""
    part: str
    var: str
    transpose_part: Optional[str] = None
    transpose_var: Optional[str] = None


@dataclass
class EgpRef:
    """A custom update's reference to extra global parameter `egp` of part `part`."""
    part: str
    egp: str


@dataclass
class CustomUpdate:
    name: str
    group: str
    model: Model
    params: dict
    vars: dict
    var_refs: dict     # reference name -> VarRef
    egp_refs: dict     # reference name -> EgpRef
    egps: dict = field(default_factory=dict)
    kind: str = "custom_update"


@dataclass
class CustomConnectivityUpdate(CustomUpdate):
    """A custom connectivity update (cx::connectivity_update): row code on one SPARSE
    synapse group. A CustomUpdate for the parts of the package that keep updates beside
    the parts the engine runs."""
    syn_group: str = ""
    pre_vars: dict = field(default_factory=dict)
    post_vars: dict = field(default_factory=dict)
    pre_var_refs: dict = field(default_factory=dict)
    post_var_refs: dict = field(default_factory=dict)
    kind: str = "custom_connectivity_update"


def _part_title(p) -> str:
    return {"population": "population", "current_source": "current source", "synapses": "synapse group",
            "custom_update": "custom update", "custom_connectivity_update": "custom connectivity update"}[p.kind] + f" '{p.name}'"


def part_var_names(p) -> list:
    """Every variable a reference may name in part p."""
    if isinstance(p, SynapseGroup):
        return [v for l in ("vars", "pre_vars", "post_vars") for v in p.wu.var_names(l)] + p.psm.var_names()
    return p.model.var_names()


def part_egp_names(p) -> list:
    if isinstance(p, SynapseGroup):
        return p.wu.egp_names() + p.psm.egp_names()
    return p.model.egp_names()


def _per_synapse(net: "Network", ref: VarRef):
    """The synapse group a reference's elements are the synapses of, or None (per neuron)."""
    p = net.find(ref.part)
    if isinstance(p, SynapseGroup):
        return p.name if ref.var in p.wu.var_names("vars") else None
    if isinstance(p, CustomUpdate) and p.var_refs:
        return _per_synapse(net, next(iter(p.var_refs.values())))
    return None


class Network:
    """An ordered list of parts with unique names, plus precision and backend."""

    def __init__(self, name: str = "network", precision: str = "float", backend: str = "cpu"):
        if precision not in ("float", "double"):
            raise NetworkError(f"precision must be 'float' or 'double', got {precision!r}")
        if backend not in ("cpu", "cuda"):
            raise NetworkError(f"backend must be 'cpu' or 'cuda', got {backend!r}")
        self.name, self.precision, self.backend = name, precision, backend
        self.parts: list = []

    def find(self, name: str):
        for p in self.parts:
            if p.name == name:
                return p
        return None

    def _add(self, part):
        if not isinstance(part.name, str) or not part.name or '"' in part.name or "\\" in part.name:
            raise NetworkError(f"a part's name must be a non-empty string without quotes, got {part.name!r}")
        if self.find(part.name) is not None:
            raise NetworkError(f"a part named '{part.name}' already exists")
        self.parts.append(part)
        return part

    def population(self, name, model, size, params=None, vars=None) -> Population:
        model = _resolve(f"population '{name}'", model, "neuron")
        try:
            size = int(size)
        except (TypeError, ValueError):
            raise NetworkError(f"population '{name}': size must be an integer, got {size!r}") from None
        if size < 1:
            raise NetworkError(f"population '{name}': size must be at least 1, got {size}")
        params = _as_dict(f"population '{name}'", "parameters", params)
        check_values(f"population '{name}'", model, params)
        lengths = {v: (size, "neuron") for v in model.var_names()}
        return self._add(Population(name, model, size, params,
                                    check_vars(f"population '{name}'", model, vars, lengths=lengths)))

    def current_source(self, name, model, target, params=None, vars=None) -> CurrentSource:
        model = _resolve(f"current source '{name}'", model, "current_source")
        tgt = target if isinstance(target, str) else target.name
        if not isinstance(self.find(tgt), Population):
            raise NetworkError(f"current source '{name}': no population named '{tgt}'")
        params = _as_dict(f"current source '{name}'", "parameters", params)
        check_values(f"current source '{name}'", model, params)
        lengths = {v: (self.n_of(tgt), "neuron") for v in model.var_names()}
        return self._add(CurrentSource(name, model, tgt, params,
                                       check_vars(f"current source '{name}'", model, vars, lengths=lengths)))

    def synapses(self, name, matrix, source, target, wu, wu_params, wu_vars, psm, psm_params, psm_vars,
                 connect=None) -> SynapseGroup:
        src = source if isinstance(source, str) else source.name
        trg = target if isinstance(target, str) else target.name
        for role, p in (("source", src), ("target", trg)):
            if not isinstance(self.find(p), Population):
                raise NetworkError(f"synapse group '{name}': no {role} population named '{p}'")
        matrix = str(getattr(matrix, "name", matrix)).rsplit(".", 1)[-1].upper()
        if matrix not in MATRIX_KINDS:
            raise NetworkError(f"synapse group '{name}': matrix type '{matrix}' is not supported "
                               f"(supported: {', '.join(MATRIX_KINDS)})")
        wu = _resolve(f"synapse group '{name}'", wu, "weight_update")
        psm = _resolve(f"synapse group '{name}'", psm, "postsynaptic")
        wu_params = _as_dict(f"synapse group '{name}' weight update", "parameters", wu_params)
        psm_params = _as_dict(f"synapse group '{name}' postsynaptic model", "parameters", psm_params)
        check_values(f"synapse group '{name}' weight update", wu, wu_params)
        check_values(f"synapse group '{name}' postsynaptic model", psm, psm_params)
        wl, pl = self.var_lengths(matrix, src, trg, wu, psm)
        wv = check_vars(f"synapse group '{name}'", wu, wu_vars, ("vars", "pre_vars", "post_vars"), wl)
        pv = check_vars(f"synapse group '{name}' postsynaptic model", psm, psm_vars, lengths=pl)
        if matrix in ("BITMASK", "PROCEDURAL") and connect is None:
            raise NetworkError(f"synapse group '{name}': {matrix} connectivity needs init_sparse_connectivity(...)")
        if matrix == "TOEPLITZ" and (connect is None or connect.snippet.family != "toeplitz_init"):
            raise NetworkError(f"synapse group '{name}': TOEPLITZ connectivity needs init_toeplitz_connectivity(...)")
        if connect is not None:
            if matrix == "DENSE":
                raise NetworkError(f"synapse group '{name}': DENSE connectivity takes no connectivity initialiser")
            if matrix != "TOEPLITZ" and connect.snippet.family != "sparse_init":
                raise NetworkError(f"synapse group '{name}': {matrix} connectivity needs init_sparse_connectivity(...), "
                                   f"got the {connect.snippet.family} snippet '{connect.snippet.name}'")
            check_values(f"synapse group '{name}' connectivity", connect.snippet, connect.params)
        for k, v in wv.items():
            which, _ = wu.var(k)
            if isinstance(v, np.ndarray) and which == "vars" and matrix not in ARRAY_WEIGHTS:
                raise NetworkError(f"synapse group '{name}'.{k}: per-synapse arrays as initial values are "
                                   f"supported for DENSE and TOEPLITZ only so far (use a scalar or init_var)")
        return self._add(SynapseGroup(name, matrix, src, trg, wu, wu_params, wv, psm, psm_params, pv, connect))

    def custom_update(self, name, group, model, params=None, vars=None, var_refs=None, egp_refs=None) -> CustomUpdate:
        owner = f"custom update '{name}'"
        model = _resolve(owner, model, "custom_update")
        if not isinstance(group, str) or not group or '"' in group or "\\" in group:
            raise NetworkError(f"{owner}: the update group must be a non-empty string without quotes, got {group!r}")
        params = _as_dict(owner, "parameters", params)
        check_values(owner, model, params)
        vars = _as_dict(owner, "variables", vars)
        out_vars = check_vars(owner, model, vars)
        for k, v in out_vars.items():
            if isinstance(v, VarInit):
                if v.snippet.name == "Constant" and v.snippet.cpp is not None:
                    out_vars[k] = float(v.params.get("constant", 0.0))
                else:
                    raise NetworkError(f"{owner}: variable '{k}' takes a number or an array (custom update variables "
                                       f"start from constants in cortexpr), got init_var('{v.snippet.name}')")
        refs = _as_dict(owner, "var_refs", var_refs)
        ref_names = _check_ref_names(owner, model, "variable reference", refs, model.var_refs)
        for k in ref_names:
            r = refs[k]
            if not isinstance(r, VarRef):
                raise NetworkError(f"{owner}: variable reference '{k}' must come from create_var_ref(...) & co., "
                                   f"got {type(r).__name__}")
            p = self.find(r.part)
            if p is None:
                raise NetworkError(f"{owner}: variable reference '{k}' targets '{r.part}.{r.var}', but the network has "
                                   f"no part named '{r.part}'")
            if r.var not in part_var_names(p):
                raise NetworkError(f"{owner}: variable reference '{k}' targets '{r.part}.{r.var}', but "
                                   f"{_part_title(p)} has no variable '{r.var}' (has: {', '.join(part_var_names(p)) or 'none'})")
            if r.transpose_part is not None:
                t = self.find(r.transpose_part)
                if not isinstance(p, SynapseGroup) or r.var not in p.wu.var_names("vars"):
                    raise NetworkError(f"{owner}: variable reference '{k}' transposes '{r.part}.{r.var}', which is not a "
                                       f"synapse group's weight-update variable")
                if not isinstance(t, SynapseGroup):
                    raise NetworkError(f"{owner}: variable reference '{k}' transposes into '{r.transpose_part}."
                                       f"{r.transpose_var}', but the network has no synapse group named '{r.transpose_part}'")
                if r.transpose_var not in t.wu.var_names("vars"):
                    raise NetworkError(f"{owner}: variable reference '{k}' transposes into '{r.transpose_part}."
                                       f"{r.transpose_var}', but synapse group '{t.name}' has no weight-update variable "
                                       f"'{r.transpose_var}' (has: {', '.join(t.wu.var_names('vars')) or 'none'})")
        shapes = {k: _per_synapse(self, refs[k]) for k in ref_names}
        if len(set(shapes.values())) > 1:
            desc = ", ".join(f"'{k}' ({refs[k].part}.{refs[k].var}: " +
                             (f"per synapse of '{s}'" if s else "per neuron") + ")" for k, s in shapes.items())
            raise NetworkError(f"{owner}: its variable references have different shapes: {desc}")
        erefs = _as_dict(owner, "egp_refs", egp_refs)
        eref_names = _check_ref_names(owner, model, "extra global parameter reference", erefs, model.egp_refs)
        for k in eref_names:
            r = erefs[k]
            if not isinstance(r, EgpRef):
                raise NetworkError(f"{owner}: extra global parameter reference '{k}' must come from create_egp_ref(...), "
                                   f"got {type(r).__name__}")
            p = self.find(r.part)
            if p is None or isinstance(p, CustomUpdate):
                raise NetworkError(f"{owner}: extra global parameter reference '{k}' targets '{r.part}.{r.egp}', but the "
                                   f"network has no population, current source or synapse group named '{r.part}'")
            if r.egp not in part_egp_names(p):
                raise NetworkError(f"{owner}: extra global parameter reference '{k}' targets '{r.part}.{r.egp}', but "
                                   f"{_part_title(p)} has no extra global parameter '{r.egp}' "
                                   f"(has: {', '.join(part_egp_names(p)) or 'none'})")
        return self._add(CustomUpdate(name, group, model, params, out_vars, {k: refs[k] for k in ref_names},
                                      {k: erefs[k] for k in eref_names}))

    def custom_connectivity_update(self, name, group, syn_group, model, params=None, vars=None, pre_vars=None,
                                   post_vars=None, var_refs=None, pre_var_refs=None, post_var_refs=None,
                                   egp_refs=None) -> "CustomConnectivityUpdate":
        owner = f"custom connectivity update '{name}'"
        model = _resolve(owner, model, "custom_connectivity_update")
        if not isinstance(group, str) or not group or '"' in group or "\\" in group:
            raise NetworkError(f"{owner}: the update group must be a non-empty string without quotes, got {group!r}")
        sg = self.find(syn_group)
        if not isinstance(sg, SynapseGroup):
            raise NetworkError(f"{owner}: the network has no synapse group named '{syn_group}'")
        if sg.matrix != "SPARSE":
            raise NetworkError(f"{owner}: synapse group '{syn_group}' must have SPARSE connectivity to be updated "
                               f"(it is {sg.matrix})")
        if egp_refs:
            raise NetworkError(f"{owner}: extra global parameter references are not supported by custom connectivity updates")
        params = _as_dict(owner, "parameters", params)
        check_values(owner, model, params)
        out = {}
        for which, given in (("vars", vars), ("pre_vars", pre_vars), ("post_vars", post_vars)):
            given = _as_dict(owner, which, given)
            names = model.var_names(which)
            for k in given:
                if k not in names:
                    raise NetworkError(f"{owner} ({model.name}): unknown {which[:-1].replace('_', ' ')} '{k}' "
                                       f"(has: {', '.join(names) or 'none'})")
            d = {}
            for k in names:
                v = given.get(k, 0.0)
                if isinstance(v, VarInit):
                    if v.snippet.name == "Constant" and v.snippet.cpp is not None:
                        v = float(v.params.get("constant", 0.0))
                    else:
                        raise NetworkError(f"{owner}: variable '{k}' takes a number (custom connectivity update "
                                           f"variables start from constants in cortexpr), got init_var('{v.snippet.name}')")
                if not isinstance(v, (int, float)):
                    raise NetworkError(f"{owner}: variable '{k}' takes a number, got {type(v).__name__}")
                d[k] = float(v)
            out[which] = d
        refs = {}
        for what, given, declared, part, names_of in (
                ("variable reference", var_refs, model.var_refs, sg.name, lambda: sg.wu.var_names("vars")),
                ("presynaptic variable reference", pre_var_refs, model.pre_neuron_var_refs, sg.source,
                 lambda: part_var_names(self.find(sg.source))),
                ("postsynaptic variable reference", post_var_refs, model.post_neuron_var_refs, sg.target,
                 lambda: part_var_names(self.find(sg.target)))):
            given = _as_dict(owner, what, given)
            names = _check_ref_names(owner, model, what, given, declared)
            for k in names:
                r = given[k]
                if not isinstance(r, VarRef) or r.transpose_part is not None:
                    raise NetworkError(f"{owner}: {what} '{k}' must come from create_var_ref / create_wu_var_ref, "
                                       f"got {type(r).__name__}")
                if r.part != part or r.var not in names_of():
                    raise NetworkError(f"{owner}: {what} '{k}' targets '{r.part}.{r.var}', but it must name a variable "
                                       f"of '{part}' (has: {', '.join(names_of()) or 'none'})")
            refs[what] = {k: given[k] for k in names}
        return self._add(CustomConnectivityUpdate(
            name, group, model, params, out["vars"], refs["variable reference"], {}, syn_group=sg.name,
            pre_vars=out["pre_vars"], post_vars=out["post_vars"], pre_var_refs=refs["presynaptic variable reference"],
            post_var_refs=refs["postsynaptic variable reference"]))

    # ---- run-time values ----------------------------------------------------------
    def n_of(self, pop_name: str) -> int:
        return self.find(pop_name).size

    def var_lengths(self, matrix: str, src: str, trg: str, wu: Model, psm: Model):
        """(weight-update, postsynaptic) variable name -> (elements, unit), where known
        before load (TOEPLITZ kernels and sparse rows are checked at load())."""
        n_pre, n_post = self.n_of(src), self.n_of(trg)
        wl = {v: (n_pre, "presynaptic neuron") for v in wu.var_names("pre_vars")}
        wl.update({v: (n_post, "postsynaptic neuron") for v in wu.var_names("post_vars")})
        if matrix == "DENSE":
            wl.update({v: (n_pre * n_post, "synapse of the dense matrix") for v in wu.var_names("vars")})
        return wl, {v: (n_post, "postsynaptic neuron") for v in psm.var_names()}

    def length_of(self, part: str, var: str, psm: bool = False):
        """(elements, unit) of variable `var` of `part` for arrays of initial values, or
        (None, "") where only load() knows."""
        p = self.find(part)
        if isinstance(p, Population):
            return p.size, "neuron"
        if isinstance(p, CurrentSource):
            return self.n_of(p.target), "neuron"
        if isinstance(p, CustomUpdate):
            return None, ""  # the size of what it references: checked at load()
        wl, pl = self.var_lengths(p.matrix, p.source, p.target, p.wu, p.psm)
        return (pl if psm else wl).get(var, (None, ""))


def _check_ref_names(owner, model, what, given, declared):
    """The names of a custom update's declared references, after checking that `given`
    names each of them and nothing else; the errors name the update and the model."""
    names = [r[0] for r in declared]
    for k in given:
        if k not in names:
            raise NetworkError(f"{owner} ({model.name}): unknown {what} '{k}' (has: {', '.join(names) or 'none'})")
    for k in names:
        if k not in given:
            raise NetworkError(f"{owner} ({model.name}): missing target for {what} '{k}'")
    return names
