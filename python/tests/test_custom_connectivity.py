"""Custom connectivity updates from Python (GeNN 5's add_custom_connectivity_update):
removing synapses by a condition (against a count made here with numpy from the weights
before) and adding one per row (against the rows expected here), with the weights moving
with their synapses; errors that name the update."""
import numpy as np
import pytest

from cortexpr.genn import (GeNNModel, ModelError, NetworkError, create_custom_connectivity_update_model,
                           create_var_ref, create_wu_var_ref, init_postsynaptic, init_sparse_connectivity, init_var,
                           init_weight_update)

from conftest import LIF

N_PRE, N_POST = 12, 16


def make_model():
    prune = create_custom_connectivity_update_model(
        "Prune", params=["threshold"], var_refs=[("g", "scalar")],
        row_update_code="for_each_synapse { if (g < threshold) remove_synapse(); }")
    grow = create_custom_connectivity_update_model(
        "Grow", params=["w"], vars=[("age", "scalar")], var_refs=[("g", "scalar")],
        pre_var_refs=[("Vpre", "scalar", "READ_ONLY")],
        row_update_code="if (Vpre < 0.0 && row_length < row_stride) add_synapse((3 * id_pre + 1) % num_post, 1.0, w);")
    m = GeNNModel("float", "pytest_custom_connectivity", quiet=True)
    m.dt = 0.1
    a = m.add_neuron_population("A", N_PRE, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    b = m.add_neuron_population("B", N_POST, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    s = m.add_synapse_population("S", "SPARSE", a, b,
                                 init_weight_update("StaticPulse", {}, {"g": init_var("Uniform", {"min": 0.0, "max": 1.0})}),
                                 init_postsynaptic("DeltaCurr"),
                                 init_sparse_connectivity("FixedProbability", {"prob": 0.5}))
    m.add_custom_connectivity_update("P", "Prune", s, prune, {"threshold": 0.5}, var_refs={"g": create_wu_var_ref(s, "g")})
    m.add_custom_connectivity_update("G", "Grow", s, grow, {"w": 2.5}, {"age": 0.0}, var_refs={"g": create_wu_var_ref(s, "g")},
                                     pre_var_refs={"Vpre": create_var_ref(a, "V")})
    return m


def rows(s):
    s.pull_connectivity_from_device() if hasattr(s, "pull_connectivity_from_device") else None
    s.vars["g"].pull_from_device()
    return list(zip(s.get_sparse_pre_inds().tolist(), s.get_sparse_post_inds().tolist(), s.vars["g"].values.tolist()))


def test_prune_then_grow_against_numpy():
    m = make_model()
    m.build()
    m.load()
    s = m.synapse_populations["S"]
    before = rows(s)
    keep = sorted(r for r in before if r[2] >= 0.5)
    assert 0 < len(keep) < len(before)
    m.custom_update("Prune")
    after = rows(s)
    assert sorted(after) == keep  # the same synapses, each with its own weight
    m.custom_update("Grow")  # every presynaptic V is -70 < 0: one synapse per row
    grown = rows(s)
    expected = sorted(keep + [(i, (3 * i + 1) % N_POST, 2.5) for i in range(N_PRE)])
    assert sorted(grown) == expected
    for i in range(N_PRE):  # rows stay sorted by postsynaptic index
        posts = [j for p, j, _ in grown if p == i]
        assert posts == sorted(posts)
    m.unload()


def test_errors_name_the_update():
    with pytest.raises(ModelError, match="only available inside for_each_synapse"):
        create_custom_connectivity_update_model("Bad", var_refs=[("g", "scalar")], row_update_code="remove_synapse();")
    m = GeNNModel("float", "pytest_custom_connectivity_errors", quiet=True)
    a = m.add_neuron_population("A", 2, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    d = m.add_synapse_population("D", "DENSE", a, a, init_weight_update("StaticPulse", {}, {"g": 1.0}),
                                 init_postsynaptic("DeltaCurr"))
    ok = create_custom_connectivity_update_model("Ok", var_refs=[("g", "scalar")],
                                                 row_update_code="for_each_synapse { remove_synapse(); }")
    with pytest.raises(NetworkError, match="custom connectivity update 'X': synapse group 'D' must have SPARSE"):
        m.add_custom_connectivity_update("X", "G", d, ok, var_refs={"g": create_wu_var_ref(d, "g")})
