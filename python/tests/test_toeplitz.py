"""TOEPLITZ connectivity (Conv2D, AvgPoolConv2D) from Python against a convolution
computed here by hand: one input image of spikes, summed by accumulator neurons."""
import numpy as np
import pytest

from cortexpr.genn import (GeNNModel, NetworkError, create_neuron_model, init_postsynaptic,
                           init_sparse_connectivity, init_toeplitz_connectivity, init_weight_update)

IH, IW, IC = 6, 6, 2      # input image (rows, columns, channels); neuron id = (r * IW + c) * IC + ch
KH, KW, OC = 3, 3, 3      # kernel
PH, PW = 3, 3             # after 2x2 pooling with stride 2


def correlate_same(img, kernel):
    """out[r, c, o] = sum over kr, kc, i of img[r + kr - KH // 2, c + kc - KW // 2, i] *
    kernel[kr, kc, i, o], zero outside the image ("same" output, as TensorFlow's conv2d)."""
    h, w, _ = img.shape
    out = np.zeros((h, w, kernel.shape[3]))
    for r in range(h):
        for c in range(w):
            for kr in range(kernel.shape[0]):
                for kc in range(kernel.shape[1]):
                    rr, cc = r + kr - kernel.shape[0] // 2, c + kc - kernel.shape[1] // 2
                    if 0 <= rr < h and 0 <= cc < w:
                        out[r, c] += img[rr, cc] @ kernel[kr, kc]
    return out


def test_conv2d_and_avg_pool_conv2d_match_a_hand_computed_convolution():
    rng = np.random.default_rng(5)
    img = (rng.random((IH, IW, IC)) < 0.4).astype(float)   # which inputs spike (once, at 1 ms)
    kernel = rng.uniform(-1.0, 1.0, (KH, KW, IC, OC))
    pool_kernel = rng.uniform(-1.0, 1.0, (KH, KW, IC, OC))

    acc = create_neuron_model("Accumulate", vars=[("V", "scalar")], sim_code="V += Isyn;")
    m = GeNNModel("double", "toeplitz", quiet=True)
    m.dt = 1.0
    ids = np.flatnonzero(img.ravel())
    start = np.zeros(IH * IW * IC, dtype=int)
    start[ids] = np.arange(ids.size)
    end = start.copy()
    end[ids] += 1
    pre = m.add_neuron_population("Pre", IH * IW * IC, "SpikeSourceArray", {}, {"startSpike": start, "endSpike": end})
    pre.extra_global_params["spikeTimes"].set_init_values(np.full(ids.size, 1.0))
    conv = m.add_neuron_population("Conv", IH * IW * OC, acc, {}, {"V": 0.0})
    pooled = m.add_neuron_population("Pooled", PH * PW * OC, acc, {}, {"V": 0.0})
    m.add_synapse_population(
        "PreConv", "TOEPLITZ", pre, conv, init_weight_update("StaticPulse", {}, {"g": kernel.ravel()}),
        init_postsynaptic("DeltaCurr"),
        init_toeplitz_connectivity("Conv2D", {"conv_kh": KH, "conv_kw": KW, "conv_ih": IH, "conv_iw": IW,
                                              "conv_ic": IC, "conv_oh": IH, "conv_ow": IW, "conv_oc": OC}))
    m.add_synapse_population(
        "PrePooled", "TOEPLITZ", pre, pooled, init_weight_update("StaticPulse", {}, {"g": pool_kernel.ravel()}),
        init_postsynaptic("DeltaCurr"),
        init_toeplitz_connectivity("AvgPoolConv2D", {
            "conv_kh": KH, "conv_kw": KW, "pool_kh": 2, "pool_kw": 2, "pool_sh": 2, "pool_sw": 2,
            "pool_ih": IH, "pool_iw": IW, "pool_ic": IC, "conv_oh": PH, "conv_ow": PW, "conv_oc": OC}))
    m.build()
    m.load()
    g = m.synapse_populations["PreConv"].vars["g"]
    assert g.view.shape == (KH * KW * IC * OC,) and np.array_equal(g.view, kernel.ravel())
    while m.timestep < 4:
        m.step_time()
    got = m.neuron_populations["Conv"].vars["V"].view.reshape(IH, IW, OC)
    assert np.count_nonzero(got) > 0
    np.testing.assert_allclose(got, correlate_same(img, kernel), rtol=1e-12, atol=1e-12)
    # the average's 1/4 is folded into the weights (as in GeNN): the pooled input is a sum
    pooled_img = img.reshape(PH, 2, PW, 2, IC).sum(axis=(1, 3))
    got = m.neuron_populations["Pooled"].vars["V"].view.reshape(PH, PW, OC)
    assert np.count_nonzero(got) > 0
    np.testing.assert_allclose(got, correlate_same(pooled_img, pool_kernel), rtol=1e-12, atol=1e-12)
    m.unload()


def test_toeplitz_needs_its_own_initialiser_and_kernel_sized_weights():
    m = GeNNModel("float", "toeplitz_errors")
    a = m.add_neuron_population("A", 4, "SpikeSourceArray", {}, {"startSpike": 0, "endSpike": 0})
    wu, ps = init_weight_update("StaticPulse", {}, {"g": 1.0}), init_postsynaptic("DeltaCurr")
    with pytest.raises(NetworkError, match=r"synapse group 'S': TOEPLITZ connectivity needs init_toeplitz_connectivity"):
        m.add_synapse_population("S", "TOEPLITZ", a, a, wu, ps, init_sparse_connectivity("OneToOne"))
    with pytest.raises(NetworkError, match=r"synapse group 'S': SPARSE connectivity needs init_sparse_connectivity"):
        m.add_synapse_population("S", "SPARSE", a, a, wu, ps, init_toeplitz_connectivity("Conv2D", {}))
    with pytest.raises(NetworkError, match=r"synapse group 'S' connectivity \(Conv2D\): missing value for parameter 'conv_kh'"):
        m.add_synapse_population("S", "TOEPLITZ", a, a, wu, ps, init_toeplitz_connectivity("Conv2D", {}))
