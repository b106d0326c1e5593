"""Bad input raises a clear Python exception before any compiler runs."""
import time

import pytest

import cortexpr
from cortexpr import build as cxbuild
from cortexpr.genn import (BuildError, GeNNError, GeNNModel, ModelError, NetworkError, create_neuron_model,
                           create_weight_update_model, init_postsynaptic, init_weight_update)


def test_code_typo_is_reported_by_the_checker_without_a_compiler(monkeypatch):
    calls = []
    monkeypatch.setattr(cxbuild.subprocess, "run", lambda *a, **k: calls.append(a))
    start = time.process_time()
    with pytest.raises(ModelError) as e:
        create_neuron_model("MyLIF", params=["TauM", "Vrest"], vars=[("V", "scalar")],
                            sim_code="V += (Vrst - V) / TauM * dt;")
    # the same text as the C++ compile error and cortexpr-check: Model.field:line:col: what 'name'
    assert str(e.value) == "MyLIF.sim_code:1:7: unknown name 'Vrst'"
    assert calls == [] and time.process_time() - start < 1.0
    with pytest.raises(ModelError, match=r"STDPish.pre_spike_syn_code:2:1: unknown function 'adToPost'"):
        create_weight_update_model("STDPish", vars=[("g", "scalar")], pre_spike_syn_code="g += 1.0;\nadToPost(g);")
    with pytest.raises(ModelError, match=r"unknown type 'scalr' of var 'V'"):
        create_neuron_model("T", vars=[("V", "scalr")], sim_code="V = 1.0;")
    with pytest.raises(ModelError, match="unknown keyword"):
        create_neuron_model("T", vars=[("V", "scalar")], sim_cod="V = 1.0;")


def test_unknown_model_and_parameter_names():
    m = GeNNModel("float", "errors")
    with pytest.raises(ModelError, match=r"unknown neuron model 'LIFF' \(built-ins: .*LIF"):
        m.add_neuron_population("P", 10, "LIFF", {}, {})
    lif = {"C": 1.0, "TauM": 20.0, "Vrest": -70.0, "Vreset": -70.0, "Vthresh": -50.0, "Ioffset": 0.0,
           "TauRefrac": 2.0}
    with pytest.raises(NetworkError, match=r"population 'P' \(LIF\): unknown parameter 'Tau'"):
        m.add_neuron_population("P", 10, "LIF", {**lif, "Tau": 1.0}, {"V": 0.0, "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"population 'P' \(LIF\): missing value for parameter 'C'"):
        m.add_neuron_population("P", 10, "LIF", {k: v for k, v in lif.items() if k != "C"}, {"V": 0.0, "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"population 'P' \(LIF\): missing initial value for variable 'RefracTime'"):
        m.add_neuron_population("P", 10, "LIF", lif, {"V": 0.0})
    with pytest.raises(NetworkError, match=r"population 'P': parameter 'TauM' must be finite, got nan"):
        m.add_neuron_population("P", 10, "LIF", {**lif, "TauM": float("nan")}, {"V": 0.0, "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"population 'P': size must be at least 1, got 0"):
        m.add_neuron_population("P", 0, "LIF", lif, {"V": 0.0, "RefracTime": 0.0})
    p = m.add_neuron_population("P", 10, "LIF", lif, {"V": 0.0, "RefracTime": 0.0})
    with pytest.raises(NetworkError, match="already exists"):
        m.add_neuron_population("P", 10, "LIF", lif, {"V": 0.0, "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"synapse group 'S': no target population named 'Q'"):
        m.add_synapse_population("S", "DENSE", p, "Q", init_weight_update("StaticPulse", {}, {"g": 1.0}),
                                 init_postsynaptic("DeltaCurr"))
    with pytest.raises(NetworkError, match=r"synapse group 'S': SPARSE connectivity needs"):
        m.add_synapse_population("S", "SPARSE", p, p, init_weight_update("StaticPulse", {}, {"g": 1.0}),
                                 init_postsynaptic("DeltaCurr"))
        m.build()


def test_compiler_failure_names_first_error_and_generated_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CORTEXPR_CACHE_DIR", str(tmp_path))
    with pytest.raises(BuildError) as e:
        cxbuild.compile_library("#include <cortexpr/cortexpr.hpp>\nint f() { return undeclared_name; }\n",
                                "broken", quiet=True)
    msg = str(e.value)
    assert "undeclared_name" in msg and "error" in msg
    assert str(tmp_path) in msg and "net_" in msg


def test_wheel_carries_headers_and_cmake_package():
    from pathlib import Path
    inc = Path(cortexpr.get_include())
    assert (inc / "cortexpr" / "cortexpr.hpp").is_file()
    assert (inc / "cortexpr" / "models" / "neuron" / "lif.hpp").is_file()
    assert (Path(cortexpr.get_cmake_dir()) / "cortexprConfig.cmake").is_file()


LIF = {"C": 1.0, "TauM": 20.0, "Vrest": -70.0, "Vreset": -70.0, "Vthresh": -50.0, "Ioffset": 0.0, "TauRefrac": 2.0}


def test_bad_input_names_the_group_and_the_value():
    """The issue's list (unknown model name, wrong parameter names, arrays of the wrong
    length, use before load()): each a Python exception naming the group and the value,
    raised when it is given, before any compiler."""
    from cortexpr.genn import init_var
    m = GeNNModel("float", "bad_input")
    rest = {"V": -70.0, "RefracTime": 0.0}
    # unknown model names, with the group that asked for them
    with pytest.raises(ModelError, match=r"population 'P': unknown neuron model 'LIFF'"):
        m.add_neuron_population("P", 10, "LIFF", LIF, rest)
    p = m.add_neuron_population("P", 10, "LIF", LIF, rest)
    with pytest.raises(ModelError, match=r"current source 'C': unknown current source model 'DCC'"):
        m.add_current_source("C", "DCC", p, {"amp": 1.0})
    with pytest.raises(ModelError, match=r"unknown weight update model 'StaticPuls'"):
        init_weight_update("StaticPuls", {}, {"g": 1.0})
    with pytest.raises(ModelError, match=r"unknown var init model 'Unifrm'"):
        init_var("Unifrm", {})
    # wrong parameter and variable names, in models and in initialisers
    with pytest.raises(NetworkError, match=r"current source 'C' \(DC\): unknown parameter 'amplitude' \(has: amp\)"):
        m.add_current_source("C", "DC", p, {"amplitude": 1.0})
    with pytest.raises(NetworkError, match=r"population 'Q' \(LIF\): unknown variable 'Vm'"):
        m.add_neuron_population("Q", 10, "LIF", LIF, {"Vm": -70.0, "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"population 'Q'\.V \(Uniform\): unknown parameter 'mn'"):
        m.add_neuron_population("Q", 10, "LIF", LIF, {"V": init_var("Uniform", {"mn": 0.0, "max": 1.0}),
                                                     "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"population 'Q': parameters must be a dict of names to values, got list"):
        m.add_neuron_population("Q", 10, "LIF", [1.0, 2.0], rest)
    with pytest.raises(NetworkError, match=r"population 'Q': size must be an integer, got 'ten'"):
        m.add_neuron_population("Q", "ten", "LIF", LIF, rest)
    # arrays of the wrong length, when given
    with pytest.raises(NetworkError, match=r"population 'Q': variable 'V' has 3 initial values, expected 10 \(one per neuron\)"):
        m.add_neuron_population("Q", 10, "LIF", LIF, {"V": [-70.0, -60.0, -50.0], "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"synapse group 'S': variable 'g' has 99 initial values, expected 100 "
                                           r"\(one per synapse of the dense matrix\)"):
        m.add_synapse_population("S", "DENSE", p, p, init_weight_update("StaticPulse", {}, {"g": [0.1] * 99}),
                                 init_postsynaptic("DeltaCurr"))
    with pytest.raises(NetworkError, match=r"population 'P': variable 'RefracTime' has 11 initial values, expected 10"):
        p.vars["RefracTime"].set_init_values(range(11))
    # spike-like events are not recorded by cortexpr: refused, not ignored
    with pytest.raises(NotImplementedError, match=r"population 'P': spike-like event recording is not supported"):
        p.spike_event_recording_enabled = True


def test_use_before_load_names_the_group():
    m = GeNNModel("float", "not_loaded")
    p = m.add_neuron_population("Pop", 10, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    src = m.add_neuron_population("Src", 2, "SpikeSourceArray", {}, {"startSpike": 0, "endSpike": 0})
    s = m.add_synapse_population("Syn", "DENSE", src, p, init_weight_update("StaticPulse", {}, {"g": 0.1}),
                                 init_postsynaptic("DeltaCurr"))
    uses = [
        (r"Pop\.V", lambda: p.vars["V"].view),
        (r"Pop\.V", lambda: p.vars["V"].pull_from_device()),
        (r"Syn\.g", lambda: s.vars["g"].values),
        (r"Src\.spikeTimes", lambda: src.extra_global_params["spikeTimes"].view),
        (r"Pop", lambda: p.set_dynamic_param_value("Ioffset", 1.0)),
        (r"step_time\(\)", m.step_time),
        (r"snapshot\(\)", m.snapshot),
        (r"pull_recording_buffers_from_device\(\)", m.pull_recording_buffers_from_device),
    ]
    for who, use in uses:
        with pytest.raises(GeNNError, match=who + r": the model 'not_loaded' is not loaded \(call build\(\) and load\(\) first\)"):
            use()
    with pytest.raises(GeNNError, match=r"model 'not_loaded': call build\(\) before load\(\)"):
        m.load()
