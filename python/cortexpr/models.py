"""Model descriptions: the built-ins (read from the C++ types by the core module) and
custom models, each checked by cortexpr's code-string checker before any compiler runs."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from . import _core

FAMILIES = ("neuron", "postsynaptic", "weight_update", "current_source", "var_init",
            "sparse_init", "toeplitz_init", "custom_update", "custom_connectivity_update")
CODE_FIELDS = ("sim_code", "threshold_condition_code", "reset_code", "injection_code",
               "pre_spike_syn_code", "pre_event_syn_code", "post_event_syn_code", "post_spike_syn_code",
               "synapse_dynamics_code", "pre_event_threshold_condition_code",
               "post_event_threshold_condition_code", "pre_spike_code", "post_spike_code",
               "pre_dynamics_code", "post_dynamics_code", "var_init_code", "row_build_code",
               "col_build_code", "diagonal_build_code", "update_code", "row_update_code")
VAR_LISTS = ("vars", "pre_vars", "post_vars", "neuron_var_refs", "pre_neuron_var_refs",
             "post_neuron_var_refs", "additional_input_vars", "var_refs")


class ModelError(ValueError):
    """A model whose code or declarations are wrong; the message is the checker's
    (`Model.field:line:col: what 'name'`)."""


@dataclass
class Model:
    """One model or snippet. `cpp` names the C++ type of a built-in; a custom model
    (cpp None) becomes a struct with constexpr code strings in the generated source."""
    name: str
    family: str
    params: list = field(default_factory=list)          # [(name, type)]
    derived_params: list = field(default_factory=list)  # [(name, expression str | callable)]
    extra_global_params: list = field(default_factory=list)  # [(name, type)]
    vars: list = field(default_factory=list)            # [(name, type, access, init)]
    pre_vars: list = field(default_factory=list)
    post_vars: list = field(default_factory=list)
    neuron_var_refs: list = field(default_factory=list)
    pre_neuron_var_refs: list = field(default_factory=list)
    post_neuron_var_refs: list = field(default_factory=list)
    additional_input_vars: list = field(default_factory=list)
    var_refs: list = field(default_factory=list)
    egp_refs: list = field(default_factory=list)       # [(name, type)]: custom updates' EGP references
    code: dict = field(default_factory=dict)            # field -> code string
    cpp: Optional[str] = None

    # ---- names -------------------------------------------------------------------
    @property
    def param_names(self) -> list:
        """Parameters given by the user; derived params computed in Python are passed
        to C++ as parameters too (see `host_derived`)."""
        return [p[0] for p in self.params]

    @property
    def host_derived(self) -> list:
        """Derived parameters given as Python callables (GeNN 5's lambdas): evaluated in
        Python from the parameter values and dt, and passed to C++ as parameters."""
        return [(n, f) for n, f in self.derived_params if callable(f)]

    @property
    def cpp_params(self) -> list:
        return self.param_names + [n for n, _ in self.host_derived]

    def var_names(self, which: str = "vars") -> list:
        return [v[0] for v in getattr(self, which)]

    def var(self, name: str):
        for which in ("vars", "pre_vars", "post_vars"):
            for v in getattr(self, which):
                if v[0] == name:
                    return which, v
        return None, None

    def egp_names(self) -> list:
        return [e[0] for e in self.extra_global_params]

    # ---- checking and hashing ------------------------------------------------------
    def describe(self) -> dict:
        """The model as the core module's checker reads it."""
        d = {"name": self.name, "family": self.family,
             "params": [(n, t) for n, t in self.params] + [(n, "scalar") for n, _ in self.host_derived],
             "derived_params": [(n, e) for n, e in self.derived_params if not callable(e)],
             "extra_global_params": list(self.extra_global_params),
             "extra_global_param_refs": list(self.egp_refs)}
        for k in VAR_LISTS:
            d[k] = [tuple(v) for v in getattr(self, k)]
        d.update(self.code)
        return d

    def check(self) -> None:
        """Raises ModelError with the checker's messages when the model is invalid."""
        if self.cpp is not None:
            return  # built-ins are checked by the C++ compiler when cortexpr is built
        errors = _core.check(self.describe())
        if errors:
            raise ModelError("; ".join(errors))

    def key(self) -> str:
        return hashlib.sha256(repr(self.describe()).encode()).hexdigest()[:12]


# ---- normalising GeNN 5's spellings ------------------------------------------------
def _access(a) -> str:
    if a is None:
        return "READ_WRITE"
    s = str(getattr(a, "name", a))
    return s.rsplit(".", 1)[-1].upper()


# GeNN 5's access names -> cortexpr's (cx::access), per place: a custom update's own
# variables take CustomUpdateVarAccess (READ_ONLY: the update's shape, read-only;
# READ_ONLY_SHARED: shared by batch entries), its references VarAccessMode
CU_VAR_ACCESS = {"READ_WRITE": "READ_WRITE", "READ_ONLY": "READ_ONLY_DUPLICATE",
                 "READ_ONLY_DUPLICATE": "READ_ONLY_DUPLICATE", "READ_ONLY_SHARED": "READ_ONLY",
                 "READ_ONLY_SHARED_NEURON": "READ_ONLY_SHARED_NEURON", "REDUCE_BATCH_SUM": "REDUCE_BATCH_SUM",
                 "REDUCE_BATCH_MAX": "REDUCE_BATCH_MAX", "REDUCE_NEURON_SUM": "REDUCE_NEURON_SUM",
                 "REDUCE_NEURON_MAX": "REDUCE_NEURON_MAX"}
CU_REF_ACCESS = {"READ_WRITE": "READ_WRITE", "READ_ONLY": "READ_ONLY", "REDUCE_SUM": "REDUCE_SUM",
                 "REDUCE_MAX": "REDUCE_MAX"}


def _map_access(class_name: str, what: str, items: list, table: dict, enum: str) -> list:
    out = []
    for name, typ, acc, init in items:
        if acc not in table:
            raise ModelError(f"{class_name}: {what} '{name}' has access mode '{acc}', which cortexpr does not "
                             f"support here (supported {enum}: {', '.join(table)})")
        out.append((name, typ, table[acc], init))
    return out


def _pairs(items, default_type: str) -> list:
    out = []
    for it in items or []:
        if isinstance(it, str):
            out.append((it, default_type))
        else:
            out.append((it[0], it[1] if len(it) > 1 and it[1] is not None else default_type))
    return out


def _var_list(items, default_access: str = "READ_WRITE") -> list:
    out = []
    for it in items or []:
        if isinstance(it, str):
            out.append((it, "scalar", default_access, 0.0))
        else:
            name = it[0]
            typ = it[1] if len(it) > 1 and it[1] is not None else "scalar"
            acc = _access(it[2]) if len(it) > 2 else default_access
            out.append((name, typ, acc, 0.0))
    return out


def _code(text) -> Optional[str]:
    if text is None:
        return None
    if isinstance(text, (list, tuple)):
        return "\n".join(text)
    return str(text)


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def custom_model(family: str, class_name: str, **kw) -> Model:
    """A custom model from GeNN 5's keyword arguments (create_*_model)."""
    if not isinstance(class_name, str) or not _IDENT.match(class_name):
        raise ModelError(f"model name must be an identifier, got {class_name!r}")
    m = Model(name=class_name, family=family)
    m.params = _pairs(kw.pop("params", None), "scalar")
    derived = []
    for d in kw.pop("derived_params", None) or []:
        name, value = d[0], d[1]
        if not (callable(value) or isinstance(value, str)):
            raise ModelError(f"{class_name}: derived param '{name}' must be a callable (pars, dt) "
                             f"or an expression string, got {type(value).__name__}")
        derived.append((name, value))
    m.derived_params = derived
    m.extra_global_params = _pairs(kw.pop("extra_global_params", None), "scalar*")
    m.vars = _var_list(kw.pop("vars", None))
    m.pre_vars = _var_list(kw.pop("pre_vars", None))
    m.post_vars = _var_list(kw.pop("post_vars", None))
    m.neuron_var_refs = _var_list(kw.pop("neuron_var_refs", None), "READ_ONLY")
    m.pre_neuron_var_refs = _var_list(kw.pop("pre_neuron_var_refs", None), "READ_ONLY")
    m.post_neuron_var_refs = _var_list(kw.pop("post_neuron_var_refs", None), "READ_ONLY")
    m.var_refs = _var_list(kw.pop("var_refs", None),
                           "READ_WRITE" if family in ("custom_update", "custom_connectivity_update") else "READ_ONLY")
    if family == "custom_connectivity_update":
        # GeNN's pre_var_refs / post_var_refs: the neuron-reference slots of a weight update
        m.pre_neuron_var_refs = _var_list(kw.pop("pre_var_refs", None), "READ_WRITE")
        m.post_neuron_var_refs = _var_list(kw.pop("post_var_refs", None), "READ_WRITE")
        for lst in ("var_refs", "pre_neuron_var_refs", "post_neuron_var_refs"):
            setattr(m, lst, _map_access(class_name, "variable reference", getattr(m, lst), CU_REF_ACCESS, "VarAccessMode"))
        if kw.pop("host_update_code", None):
            raise ModelError(f"{class_name}: host_update_code is a C++ function of the model in cortexpr "
                             f"(static void host_update_code(cx::connectivity_host&)); it cannot be given from Python")
    m.egp_refs = _pairs(kw.pop("extra_global_param_refs", None), "scalar*")
    if family == "custom_update":
        m.vars = _map_access(class_name, "variable", m.vars, CU_VAR_ACCESS, "CustomUpdateVarAccess")
        m.var_refs = _map_access(class_name, "variable reference", m.var_refs, CU_REF_ACCESS, "VarAccessMode")
    for it in kw.pop("additional_input_vars", None) or []:
        m.additional_input_vars.append((it[0], it[1] if len(it) > 1 else "scalar", "READ_WRITE",
                                        float(it[2]) if len(it) > 2 else 0.0))
    for f in CODE_FIELDS:
        c = _code(kw.pop(f, None))
        if c:
            m.code[f] = c
    # accepted for compatibility, with no effect here (docs/python.md)
    for ignored in ("is_auto_refractory_required", "calc_max_row_len_func", "calc_max_col_len_func",
                    "calc_kernel_size_func", "auto_refractory_required"):
        kw.pop(ignored, None)
    if kw:
        raise ModelError(f"{class_name}: unknown keyword(s) for a {family} model: {', '.join(sorted(kw))}")
    m.check()
    return m


_BUILTINS: dict = {}


def builtin(family: str, name: str) -> Model:
    """The built-in model `name` of `family` (GeNN's names)."""
    if not _BUILTINS:
        for key, d in _core.builtins().items():
            m = Model(name=d["name"], family=d["family"], cpp=d["cpp"])
            m.params = list(d["params"])
            m.derived_params = list(d["derived_params"])
            m.extra_global_params = list(d["extra_global_params"])
            m.egp_refs = list(d.get("extra_global_param_refs", []))
            for k in VAR_LISTS:
                setattr(m, k, [tuple(v) for v in d[k]])
            m.code = {f: d[f] for f in CODE_FIELDS if f in d}
            _BUILTINS[key] = m
    m = _BUILTINS.get(f"{family}:{name}")
    if m is None:
        known = sorted(k.split(":", 1)[1] for k in _BUILTINS if k.startswith(family + ":"))
        raise ModelError(f"unknown {family.replace('_', ' ')} model '{name}' (built-ins: {', '.join(known)})")
    return m


def resolve(model: Any, family: str) -> Model:
    """A model given by its GeNN name or as a Model (from create_*_model)."""
    if isinstance(model, Model):
        if model.family != family:
            raise ModelError(f"model '{model.name}' is a {model.family} model, not a {family} model")
        return model
    if isinstance(model, str):
        return builtin(family, model)
    raise ModelError(f"a {family} model must be a name or a model from create_*_model, got {type(model).__name__}")
