"""Custom updates from Python (GeNN 5's add_custom_update / custom_update): a reset, batch
and neuron reductions, a transpose, checked against values computed here with numpy.
One network structure, compiled once; other values load without a rebuild."""
import numpy as np
import pytest

from cortexpr.codegen import generate
from cortexpr.genn import (CustomUpdateVarAccess, GeNNError, GeNNModel, ModelError, NetworkError, VarAccessMode,
                           create_custom_update_model, create_egp_ref, create_var_ref, create_wu_var_ref,
                           init_postsynaptic, init_weight_update)

from conftest import LIF

N, BATCH, N_A, N_B = 5, 3, 3, 4
EGP_TIMES = [1000.0, 1001.5, 1002.0, 1004.0, 1010.0]  # after every test's steps


def models():
    set_v = create_custom_update_model("SetV", params=["Vset"], var_refs=[("V", "scalar")], update_code="V = Vset;")
    batch_sum = create_custom_update_model(
        "BatchSum", vars=[("total", "scalar", CustomUpdateVarAccess.REDUCE_BATCH_SUM)],
        var_refs=[("V", "scalar", VarAccessMode.READ_ONLY)], update_code="total = V;")
    neuron_max = create_custom_update_model(
        "NeuronMax", vars=[("top", "scalar", CustomUpdateVarAccess.REDUCE_NEURON_MAX)],
        var_refs=[("V", "scalar", VarAccessMode.READ_ONLY)], update_code="top = V;")
    return set_v, batch_sum, neuron_max


def make_model(vset=-61.5, extra_update=False, backend="cpu"):
    set_v, batch_sum, neuron_max = models()
    m = GeNNModel("double", "pytest_custom_updates", backend=backend, quiet=True)
    m.dt = 0.1
    m.batch_size = BATCH
    m.timing_enabled = True
    p = m.add_neuron_population("P", N, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    m.add_custom_update("Reset", "Reset", set_v, {"Vset": vset}, {}, {"V": create_var_ref(p, "V")})
    m.add_custom_update("Sum", "Stats", batch_sum, {}, {"total": 0.0}, {"V": create_var_ref(p, "V")})
    m.add_custom_update("Max", "Stats", neuron_max, {}, {"top": 0.0}, {"V": create_var_ref(p, "V")})
    a = m.add_neuron_population("A", N_A, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    b = m.add_neuron_population("B", N_B, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    w = m.add_synapse_population("W", "DENSE", a, b, init_weight_update("StaticPulse", {}, {"g": np.arange(N_A * N_B) * 0.5}),
                                 init_postsynaptic("DeltaCurr"))
    wt = m.add_synapse_population("WT", "DENSE", b, a, init_weight_update("StaticPulse", {}, {"g": 0.0}),
                                  init_postsynaptic("DeltaCurr"))
    m.add_custom_update("T", "Transpose", "Transpose", {}, {}, {"variable": create_wu_var_ref(w, "g", wt, "g")})
    # a reference to another custom update's variable, and one to an extra global parameter
    apply = create_custom_update_model("Apply", var_refs=[("s", "scalar", VarAccessMode.READ_ONLY), ("V", "scalar")],
                                       update_code="V = s;")
    m.add_custom_update("Apply", "Apply", apply, {}, {}, {"s": create_var_ref(m.custom_updates["Sum"], "total"),
                                                          "V": create_var_ref(p, "V")})
    src = m.add_neuron_population("Src", 1, "SpikeSourceArray", {}, {"startSpike": 0, "endSpike": N})
    src.extra_global_params["spikeTimes"].set_init_values(EGP_TIMES)
    read = create_custom_update_model("ReadEgp", params=["scale"], vars=[("x", "scalar")],
                                      var_refs=[("V", "scalar", VarAccessMode.READ_ONLY)],
                                      extra_global_param_refs=[("k", "scalar*")], update_code="x = scale * k[id];")
    m.add_custom_update("ReadEgp", "Egp", read, {"scale": 2.0}, {"x": 0.0}, {"V": create_var_ref(p, "V")},
                        {"k": create_egp_ref(src, "spikeTimes")})
    if extra_update:
        m.add_custom_update("Reset2", "Reset", set_v, {"Vset": vset}, {}, {"V": create_var_ref(a, "V")})
    return m


@pytest.fixture(scope="module")
def cu_model():
    m = make_model()
    m.build()
    m.load()
    yield m
    m.unload()


def test_reductions_against_numpy(cu_model):
    m = cu_model
    v = m.neuron_populations["P"].vars["V"]
    assert v.view.shape == (BATCH, N)
    rng = np.random.default_rng(3)
    state = rng.uniform(-80.0, -40.0, size=(BATCH, N))
    v.view[...] = state
    v.push_to_device()
    m.custom_update("Stats")
    total = m.custom_updates["Sum"].vars["total"]
    top = m.custom_updates["Max"].vars["top"]
    total.pull_from_device()
    assert total.view.shape == (N,) and top.view.shape == (BATCH,)
    # REDUCE_BATCH_SUM: one value per neuron, the sum over batch entries
    np.testing.assert_allclose(total.view, state.sum(axis=0), rtol=1e-12)
    # REDUCE_NEURON_MAX: one value per batch entry, the maximum over neurons
    np.testing.assert_allclose(top.values, state.max(axis=1), rtol=0)
    assert m.get_custom_update_time("Stats") > 0.0
    # a custom update's own variables are back at their initial values after reinitialise()
    m.reinitialise()
    assert np.all(total.view == 0.0) and np.all(top.view == 0.0)


def test_reset_sets_every_neuron_and_batch_entry(cu_model):
    m = cu_model
    v = m.neuron_populations["P"].vars["V"]
    v.view[...] = np.linspace(-80.0, -45.0, BATCH * N).reshape(BATCH, N)
    v.push_to_device()
    m.custom_update("Reset")
    v.pull_from_device()
    assert np.all(v.view == -61.5)
    m.step_time()  # the simulation goes on from the reset state
    assert m.timestep == 1
    with pytest.raises(GeNNError, match=r"no custom update is in update group 'Nope' \(groups: Apply, Egp, Reset, Stats, Transpose\)"):
        m.custom_update("Nope")


def test_references_to_a_custom_update_variable_and_an_egp(cu_model):
    m = cu_model
    v = m.neuron_populations["P"].vars["V"]
    v.view[...] = np.arange(BATCH * N, dtype=float).reshape(BATCH, N)
    m.custom_update("Stats")
    m.custom_update("Apply")  # every batch entry's V = the sum over batch entries
    np.testing.assert_allclose(v.view, np.broadcast_to(np.arange(BATCH * N).reshape(BATCH, N).sum(axis=0), (BATCH, N)))
    m.custom_update("Egp")
    x = m.custom_updates["ReadEgp"].vars["x"].view
    assert x.shape == (BATCH, N)  # batched: it reads V, which has one value per batch entry
    np.testing.assert_array_equal(x, np.broadcast_to(2.0 * np.asarray(EGP_TIMES), (BATCH, N)))


def test_transpose_against_the_forward_matrix(cu_model):
    m = cu_model
    g = m.synapse_populations["W"].vars["g"].values.reshape(N_A, N_B)
    m.custom_update("Transpose")
    gt = m.synapse_populations["WT"].vars["g"]
    gt.pull_from_device()
    np.testing.assert_array_equal(gt.values.reshape(N_B, N_A), g.T)
    assert np.any(g != 0.0)


def test_parameter_values_reuse_the_build_and_structure_changes_the_source():
    make_model().build()  # compiled by the fixture already, where it ran first
    m = make_model(vset=-40.0)
    m.custom_updates["Max"].vars["top"].set_init_values([1.0, 2.0, 3.0])  # an array: one per batch entry
    m.build()
    assert not m.compiled_now  # other values: the same compiled module
    m.load()
    np.testing.assert_array_equal(m.custom_updates["Max"].vars["top"].view, [1.0, 2.0, 3.0])
    m.custom_update("Reset")
    assert np.all(m.neuron_populations["P"].vars["V"].view == -40.0)
    m.unload()
    same, _, _ = generate(make_model(vset=-50.0)._net, 0.1)
    other, _, _ = generate(make_model(extra_update=True)._net, 0.1)
    assert same == generate(make_model()._net, 0.1)[0]
    assert other != same


def test_wrong_update_code_raises_the_checkers_message():
    with pytest.raises(ModelError) as e:
        create_custom_update_model("BadReset", params=["Vset"], var_refs=[("V", "scalar")], update_code="V = Vst;")
    assert str(e.value) == "BadReset.update_code:1:5: unknown name 'Vst'"
    with pytest.raises(ModelError, match=r"^BadSum.update_code:1:9: read of reduction target 'total'$"):
        create_custom_update_model("BadSum", vars=[("total", "scalar", CustomUpdateVarAccess.REDUCE_BATCH_SUM)],
                                   var_refs=[("V", "scalar", VarAccessMode.READ_ONLY)], update_code="total = total + V;")
    with pytest.raises(ModelError, match=r"variable 'x' has access mode 'REDUCE_SUM'.*CustomUpdateVarAccess"):
        create_custom_update_model("BadAccess", vars=[("x", "scalar", "REDUCE_SUM")], update_code="x = 1.0;")
    with pytest.raises(ModelError, match=r"variable reference 'V' has access mode 'REDUCE_BATCH_SUM'.*VarAccessMode"):
        create_custom_update_model("BadRef", var_refs=[("V", "scalar", "REDUCE_BATCH_SUM")], update_code="V = 1.0;")


def test_unknown_reference_targets_are_named():
    set_v, batch_sum, _ = models()
    m = GeNNModel("float", "cu_errors")
    p = m.add_neuron_population("P", N, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    q = m.add_neuron_population("Q", N, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    with pytest.raises(NetworkError, match=r"custom update 'R': variable reference 'V' targets 'P.Vm', but "
                                           r"population 'P' has no variable 'Vm' \(has: V, RefracTime\)"):
        m.add_custom_update("R", "Reset", set_v, {"Vset": 0.0}, {}, {"V": create_var_ref(p, "Vm")})
    with pytest.raises(NetworkError, match=r"variable reference 'V' targets 'Ghost.V', but the network has no part named 'Ghost'"):
        m.add_custom_update("R", "Reset", set_v, {"Vset": 0.0}, {}, {"V": create_var_ref("Ghost", "V")})
    with pytest.raises(NetworkError, match=r"custom update 'R' \(SetV\): unknown variable reference 'U'"):
        m.add_custom_update("R", "Reset", set_v, {"Vset": 0.0}, {}, {"V": create_var_ref(p, "V"), "U": create_var_ref(p, "V")})
    with pytest.raises(NetworkError, match=r"custom update 'R' \(SetV\): missing target for variable reference 'V'"):
        m.add_custom_update("R", "Reset", set_v, {"Vset": 0.0}, {}, {})
    with pytest.raises(NetworkError, match=r"custom update 'R': variable 'total' takes a number or an array"):
        from cortexpr.genn import init_var
        m.add_custom_update("R", "S", batch_sum, {}, {"total": init_var("Uniform", {"min": 0.0, "max": 1.0})},
                            {"V": create_var_ref(p, "V")})
    s = m.add_synapse_population("S", "DENSE", p, q, init_weight_update("StaticPulse", {}, {"g": 1.0}),
                                 init_postsynaptic("DeltaCurr"))
    with pytest.raises(NetworkError, match=r"transposes into 'Q.g', but the network has no synapse group named 'Q'"):
        m.add_custom_update("T", "T", "Transpose", {}, {}, {"variable": create_wu_var_ref(s, "g", q, "g")})
    two = create_custom_update_model("Two", var_refs=[("a", "scalar"), ("b", "scalar")], update_code="a = b;")
    with pytest.raises(NetworkError, match=r"different shapes: 'a' \(S.g: per synapse of 'S'\), 'b' \(P.V: per neuron\)"):
        m.add_custom_update("X", "X", two, {}, {}, {"a": create_wu_var_ref(s, "g"), "b": create_var_ref(p, "V")})
    with pytest.raises(ModelError, match=r"custom update 'X': .*unknown custom update model 'Transpos'"):
        m.add_custom_update("X", "X", "Transpos", {}, {}, {})
    eref = create_custom_update_model("E", extra_global_param_refs=[("k", "scalar*")], var_refs=[("V", "scalar")],
                                      update_code="V = k[0];")
    with pytest.raises(NetworkError, match=r"extra global parameter reference 'k' targets 'P.rates', but population 'P' "
                                           r"has no extra global parameter 'rates'"):
        m.add_custom_update("E", "E", eref, {}, {}, {"V": create_var_ref(p, "V")}, {"k": create_egp_ref(p, "rates")})
    with pytest.raises(GeNNError, match=r"custom_update\('Reset'\): the model 'cu_errors' is not loaded"):
        m.add_custom_update("R", "Reset", set_v, {"Vset": 0.0}, {}, {"V": create_var_ref(p, "V")})
        m.custom_update("Reset")


def test_dynamic_parameter_and_snapshot_of_custom_updates(cu_model):
    m = cu_model
    v = m.neuron_populations["P"].vars["V"]
    reset = m.custom_updates["Reset"]
    reset.set_dynamic_param_value("Vset", -42.25)  # GeNN 5's dynamic parameter of a custom update
    m.custom_update("Reset")
    v.pull_from_device()
    assert np.all(v.view == -42.25)
    with pytest.raises(NetworkError, match=r"Reset: no parameter named 'Vs'"):
        reset.set_dynamic_param_value("Vs", 1.0)
    # a snapshot holds the custom updates' own variables and parameters
    total = m.custom_updates["Sum"].vars["total"]
    v.view[...] = np.arange(BATCH * N, dtype=float).reshape(BATCH, N)
    v.push_to_device()
    m.custom_update("Stats")
    total.pull_from_device()
    before = total.view.copy()
    np.testing.assert_array_equal(before, np.arange(BATCH * N).reshape(BATCH, N).sum(axis=0))
    state = m.snapshot()
    reset.set_dynamic_param_value("Vset", 7.0)
    v.view[...] = 1.0
    v.push_to_device()
    m.custom_update("Stats")
    total.pull_from_device()
    assert np.all(total.view == BATCH)
    m.restore(state)
    total.pull_from_device()
    np.testing.assert_array_equal(total.view, before)
    m.custom_update("Reset")  # Vset as at the snapshot
    v.pull_from_device()
    assert np.all(v.view == -42.25)
    reset.set_dynamic_param_value("Vset", -61.5)  # as the other tests expect
