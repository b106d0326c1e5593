"""GeNN 5's target variables (post_target_var, pre_target_var, a current source's
target_var) on the PyGeNN surface: checked when set, and passed to the generated C++ as
cx::target_var / cx::pre_target_var (whose effect the C++ tests check,
tests/unit/test_sim_user_models.cpp). Nothing here compiles a network."""
import pytest

from cortexpr.codegen import generate
from cortexpr.genn import (GeNNModel, NetworkError, create_neuron_model, init_postsynaptic,
                           init_weight_update)


def _model():
    two = create_neuron_model("TwoInputs", vars=[("V", "scalar"), ("W", "scalar")],
                              additional_input_vars=[("Iext", "scalar", 1.0)],
                              sim_code="V += Isyn;\nW += Iext;", threshold_condition_code="false")
    m = GeNNModel("double", "target_var_codegen")
    p = m.add_neuron_population("P", 3, two, {}, {"V": 0.0, "W": 0.0})
    t = m.add_neuron_population("T", 2, two, {}, {"V": 0.0, "W": 0.0})
    cs = m.add_current_source("D", "DC", p, {"amp": 0.5})
    sg = m.add_synapse_population("S", "DENSE", t, p, init_weight_update("StaticPulse", {}, {"g": 2.0}),
                                  init_postsynaptic("DeltaCurr"))
    return m, cs, sg


def test_target_vars_reach_the_generated_network():
    m, cs, sg = _model()
    assert cs.target_var == "Isyn" and sg.post_target_var == "Isyn" and sg.pre_target_var == "Isyn"
    src = generate(m._net, 0.1)[0]
    assert "target_var" not in src  # Isyn: nothing added, the structure (and its cache) unchanged
    cs.target_var = "Iext"
    sg.post_target_var = "Iext"
    sg.pre_target_var = "Iext"
    assert cs.target_var == "Iext" and sg.post_target_var == "Iext"
    src = generate(m._net, 0.1)[0]
    assert src.count('cx::target_var<"Iext">') == 2  # the current source and the PSM
    assert src.count('cx::pre_target_var<"Iext">') == 1
    sg.post_target_var = "Isyn"
    assert generate(m._net, 0.1)[0].count('cx::target_var<"Iext">') == 1


def test_unknown_target_var_names_the_valid_ones():
    _, cs, sg = _model()
    with pytest.raises(NetworkError, match=r"^'S': post_target_var 'Inope' is not an input of population 'P' "
                                           r"\(its inputs: Isyn, Iext\)$"):
        sg.post_target_var = "Inope"
    with pytest.raises(NetworkError, match=r"'D': target_var 'I' is not an input of population 'P'"):
        cs.target_var = "I"
    assert sg.post_target_var == "Isyn" and cs.target_var == "Isyn"  # a refused name changes nothing
