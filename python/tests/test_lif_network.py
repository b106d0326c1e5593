"""Behaviour of one compiled structure (LIF + DC, a custom model, SPARSE synapses)."""
import math

import numpy as np
import pytest

from conftest import LIF, SPIKE_TIMES, dense_g, make_lif_model
from cortexpr.genn import GeNNError, NetworkError, SimulationError


def run(m, ms):
    while m.t < ms - 1e-9:
        m.step_time()


def test_lif_dc_isi_matches_analytic(lif_model):
    m = lif_model
    m.load(num_recording_timesteps=2000)
    run(m, 200.0)
    m.pull_recording_buffers_from_device()
    times, ids = m.neuron_populations["Exc"].spike_recording_data[0]
    # tau dV/dt = -(V - Vrest) + R I from V = Vrest: threshold after tau ln(RI / (RI - (Vth - Vrest)))
    R, I, tau = LIF["TauM"] / LIF["C"], 1.5, LIF["TauM"]
    t_first = tau * math.log(R * I / (R * I - (LIF["Vthresh"] - LIF["Vrest"])))  # 21.97 ms
    # exact integration: the first step whose end is past t_first, recorded at its start time
    assert times[ids == 0][0] == pytest.approx((math.ceil(t_first / 0.1) - 1) * 0.1, abs=1e-6)
    isi = np.diff(times[ids == 0])
    assert len(isi) >= 7
    # each ISI: integration time plus the refractory period, within a step of rounding each
    assert np.all(np.abs(isi - (t_first + LIF["TauRefrac"])) <= 2 * 0.1 + 1e-6)
    # every neuron is identical: the same spike times
    assert np.array_equal(times[ids == 9], times[ids == 0])


def test_custom_model_with_lambda_derived_param(lif_model):
    m = lif_model
    # no input spikes reach Ramp before Exc first fires (21.9 ms): V ramps by rate*dt per step
    m.load(num_recording_timesteps=100)
    run(m, 10.0)
    v = m.neuron_populations["Ramp"].vars["V"]
    v.pull_from_device()
    assert v.view == pytest.approx(np.full(5, 100 * 0.05 * 0.1), rel=1e-5)
    # with rate 0.05 and threshold 1, the ramp alone fires every 200 steps; Count counts resets
    run(m, 100.0)
    c = m.neuron_populations["Ramp"].vars["Count"]
    c.pull_from_device()
    assert c.view.dtype == np.uint32
    assert np.all(c.view >= 5)  # at least the ramp's own 5 spikes in 100 ms (input only adds)


def test_push_pull_round_trip_and_views_alias_memory(lif_model):
    m = lif_model
    m.load(num_recording_timesteps=10)
    v = m.neuron_populations["Exc"].vars["V"]
    view = v.view
    view[:] = np.linspace(-60, -51, 10)
    v.push_to_device()
    v.pull_from_device()
    assert v.view is not None and np.array_equal(v.values, np.linspace(-60, -51, 10).astype(np.float32))
    assert np.shares_memory(view, v.view)  # a view, not a copy
    # SPARSE weights: no view (as in GeNN); values in synapse order, writable
    g = m.synapse_populations["ExcRamp"].vars["g"]
    with pytest.raises(GeNNError, match="no view"):
        g.view
    w = g.values
    pre = m.synapse_populations["ExcRamp"].get_sparse_pre_inds()
    post = m.synapse_populations["ExcRamp"].get_sparse_post_inds()
    assert len(w) == len(pre) == len(post) > 0
    assert np.all((w >= 0.0) & (w <= 0.001))
    assert np.all(np.diff(pre) >= 0) and np.all(post < 5)
    g.values = np.arange(len(w), dtype=np.float32)
    g.push_to_device()
    assert np.array_equal(g.values, np.arange(len(w), dtype=np.float32))
    # a view held past unload() keeps its memory: still readable, no crash
    m.unload()
    assert np.array_equal(view, np.linspace(-60, -51, 10).astype(np.float32))


def test_recording_reinitialise_and_snapshot(lif_model):
    m = lif_model
    m.load(num_recording_timesteps=1000)
    run(m, 100.0)
    m.pull_recording_buffers_from_device()
    first = [a.copy() for a in m.neuron_populations["Ramp"].spike_recording_data[0]]
    assert m.timestep == 1000 and len(first[0]) > 0
    m.reinitialise()
    assert m.timestep == 0 and m.t == 0.0
    run(m, 100.0)
    m.pull_recording_buffers_from_device()
    again = m.neuron_populations["Ramp"].spike_recording_data[0]
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    # snapshot at 100 ms, run on, restore, run on again: the same spikes
    snap = m.snapshot()
    run(m, 150.0)
    m.pull_recording_buffers_from_device()
    a = [x.copy() for x in m.neuron_populations["Ramp"].spike_recording_data[0]]
    m.restore(snap)
    assert m.timestep == 1000
    run(m, 150.0)
    m.pull_recording_buffers_from_device()
    b = m.neuron_populations["Ramp"].spike_recording_data[0]
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_dynamic_param_and_timers(lif_model):
    m = lif_model
    m.load(num_recording_timesteps=1000)
    exc = m.neuron_populations["Exc"]
    exc.set_dynamic_param_value("Ioffset", -1.5)  # cancels the DC drive: no spikes
    run(m, 50.0)
    m.pull_recording_buffers_from_device()
    assert len(exc.spike_recording_data[0][0]) == 0
    exc.set_dynamic_param_value("Ioffset", 0.0)
    run(m, 100.0)
    m.pull_recording_buffers_from_device()
    assert len(exc.spike_recording_data[0][0]) > 0
    assert m.neuron_update_time > 0.0
    with pytest.raises(NetworkError, match="Tau"):
        exc.set_dynamic_param_value("Tau", 1.0)


def test_sizes_and_values_change_without_recompiling():
    """A sweep of 20 values and other sizes: the first build() may compile, every other
    build() reuses the library, and each run uses its own values."""
    compiled = []
    first_spike = []
    for k, amp in enumerate(np.linspace(1.2, 3.0, 20)):
        m = make_lif_model(n_exc=10 + k, n_ramp=3 + k % 4, amp=float(amp))
        m.build()
        compiled.append(m.compiled_now)
        m.load(num_recording_timesteps=600)
        run(m, 60.0)
        m.pull_recording_buffers_from_device()
        t, i = m.neuron_populations["Exc"].spike_recording_data[0]
        assert m.neuron_populations["Exc"].vars["V"].view.size == 10 + k
        first_spike.append(t[i == 0][0])
        m.unload()
    assert not any(compiled[1:])
    # stronger drive, earlier first spike: the analytic time, tau ln(RI / (RI - 20))
    expected = [20.0 * math.log(20 * a / (20 * a - 20.0)) for a in np.linspace(1.2, 3.0, 20)]
    assert np.all(np.abs(np.array(first_spike) - np.array(expected)) <= 0.1 + 1e-6)
    assert np.all(np.diff(first_spike) <= 0)


def test_array_initial_values_and_wrong_length(lif_model):
    m = lif_model
    m.unload()
    exc = m.neuron_populations["Exc"]
    exc.vars["V"].set_init_values(np.linspace(-70, -50.5, 10))
    m.load(num_recording_timesteps=10)
    assert exc.vars["V"].view == pytest.approx(np.linspace(-70, -50.5, 10), rel=1e-6)
    m.step_time()
    m.pull_recording_buffers_from_device()
    assert exc.spike_recording_data[0][1].tolist() == []  # -50.5 + drive stays below -50 for one step
    m.unload()
    # a wrong length is refused when given, naming the population, the variable and the lengths
    with pytest.raises(NetworkError, match=r"population 'Exc': variable 'V' has 7 initial values, expected 10 "
                                           r"\(one per neuron\) or batch_size x 10"):
        exc.vars["V"].set_init_values([-65.0] * 7)
    # a multiple of 10 is for batches: with batch_size 1, load() refuses it
    exc.vars["V"].set_init_values([-65.0] * 20)
    with pytest.raises(NetworkError, match=r"Exc\.V: initial values have 20 entries, the variable has 10"):
        m.load(num_recording_timesteps=10)
    exc.vars["V"].set_init_values(-65.0)
    m.load(num_recording_timesteps=10)
    with pytest.raises(NetworkError, match=r"Exc\.V: 3 values \(shape \(3,\)\) for a variable of 10 elements"):
        exc.vars["V"].values = [1.0, 2.0, 3.0]


def test_use_before_load_is_a_clear_error():
    m = make_lif_model()
    with pytest.raises(GeNNError, match="Exc.V: the model 'pytest_shared' is not loaded"):
        m.neuron_populations["Exc"].vars["V"].view
    with pytest.raises(GeNNError, match="call build"):
        m.load()


def test_spike_source_array_egp_and_dense_array_weights(lif_model):
    m = lif_model
    m.load(num_recording_timesteps=500)
    src = m.neuron_populations["Src"]
    assert np.array_equal(src.extra_global_params["spikeTimes"].view, np.float32(SPIKE_TIMES))
    run(m, 50.0)
    m.pull_recording_buffers_from_device()
    times, ids = src.spike_recording_data[0]
    order = np.lexsort((ids, times))
    assert ids[order].tolist() == [1, 0, 2, 0, 2]
    assert times[order] == pytest.approx([12.5, 15.0, 17.0, 30.0, 40.0], abs=1e-9)
    g = m.synapse_populations["SrcRamp"].vars["g"]
    assert np.array_equal(g.view, np.float32(dense_g(5))) and np.array_equal(g.values, g.view)
    # new spike times after load: allocate, fill, push; then the source fires at them
    m.reinitialise()
    src.extra_global_params["spikeTimes"].set_init_values([1.0, 2.0, 3.0, 4.0, 5.0])
    run(m, 10.0)
    m.pull_recording_buffers_from_device()
    times, ids = src.spike_recording_data[0]
    order = np.lexsort((ids, times))
    assert ids[order].tolist() == [0, 0, 1, 2, 2]
    assert times[order] == pytest.approx([1.0, 2.0, 3.0, 4.0, 5.0], abs=1e-9)


def first_spike_ms(v0, amp=1.5):
    """LIF from V0 with DC drive: tau ln((RI - (V0 - Vrest)) / (RI - (Vth - Vrest))), and
    the step it is recorded at (exact integration: the step whose end is past it)."""
    R, tau = LIF["TauM"] / LIF["C"], LIF["TauM"]
    t = tau * math.log((R * amp - (v0 - LIF["Vrest"])) / (R * amp - (LIF["Vthresh"] - LIF["Vrest"])))
    return (math.ceil(t / 0.1) - 1) * 0.1


def test_batch_views_initial_values_and_recording_per_entry(lif_model):
    """batch_size 3 (a run-time value: the same compiled library): batched variables
    have shape (batch, n), shared (READ_ONLY) ones (n,); initial values given for every
    entry; spikes recorded per entry."""
    m = lif_model
    m.batch_size = 3
    exc = m.neuron_populations["Exc"]
    v0 = np.full((3, 10), -70.0)
    v0[1, :] = -60.0
    v0[2, 4] = -65.0
    exc.vars["V"].set_init_values(v0.ravel())
    m.load(num_recording_timesteps=400)
    assert exc.vars["V"].view.shape == (3, 10)
    assert np.array_equal(exc.vars["V"].view, v0.astype(np.float32))
    assert m.neuron_populations["Ramp"].vars["V"].view.shape == (3, 5)
    g = m.synapse_populations["SrcRamp"].vars["g"]  # StaticPulse's g is READ_ONLY: shared
    assert g.view.shape == (15,) and np.array_equal(g.view, np.float32(dense_g(5)))
    # a write to one entry changes that entry only
    ramp_v = m.neuron_populations["Ramp"].vars["V"]
    ramp_v.view[2, :] = 0.5
    ramp_v.push_to_device()
    run(m, 40.0)
    m.pull_recording_buffers_from_device()
    rec = exc.spike_recording_data
    assert len(rec) == 3
    for b, v in ((0, -70.0), (1, -60.0)):
        t, i = rec[b]
        assert t[i == 0][0] == pytest.approx(first_spike_ms(v), abs=1e-6), b
    t2, i2 = rec[2]
    assert t2[i2 == 4][0] == pytest.approx(first_spike_ms(-65.0), abs=1e-6)
    assert np.array_equal(t2[i2 == 0], rec[0][0][rec[0][1] == 0])
    # Ramp of entry 2 started 0.5 higher: it fires first (its own ramp alone: 1.0 at 20 ms)
    ramp = m.neuron_populations["Ramp"].spike_recording_data
    assert ramp[2][0].min() < ramp[0][0].min()
    m.unload()
    # n values reach every entry; other lengths are refused, naming both valid lengths
    exc.vars["V"].set_init_values(np.linspace(-70, -61, 10))
    m.load(num_recording_timesteps=10)
    assert np.array_equal(exc.vars["V"].view, np.tile(np.linspace(-70, -61, 10), (3, 1)).astype(np.float32))
    m.unload()
    exc.vars["V"].set_init_values([-65.0] * 20)
    with pytest.raises(NetworkError, match=r"Exc\.V: initial values have 20 entries, the variable has 10 or 30 \(batch 3 x 10\)"):
        m.load(num_recording_timesteps=10)
    with pytest.raises(NetworkError, match="batch_size must be an integer >= 1, got 0"):
        m.batch_size = 0


def test_snapshot_in_memory_rewinds_and_refuses_another_size(lif_model, monkeypatch):
    """snapshot()/restore() go through memory (no temporary file: tempfile is disabled
    here); a rewind then reproduces the spikes; a snapshot of the same structure with
    another size is refused, naming the sizes, and changes nothing."""
    import tempfile

    def no_files(*a, **k):
        raise AssertionError("snapshot/restore must not use a temporary file")
    monkeypatch.setattr(tempfile, "mkstemp", no_files)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_files)
    m = lif_model
    m.batch_size = 2
    m.load(num_recording_timesteps=1500)
    run(m, 30.0)
    snap = m.snapshot()
    assert isinstance(snap, bytes) and snap[:8] == b"CORTEXPR"
    run(m, 150.0)
    m.pull_recording_buffers_from_device()
    a = [[x.copy() for x in entry] for entry in m.neuron_populations["Ramp"].spike_recording_data]
    v = m.neuron_populations["Exc"].vars["V"].view.copy()
    m.restore(snap)
    assert m.timestep == 300
    m.reinitialise()  # and reinitialise() also goes through memory
    m.restore(snap)
    run(m, 150.0)
    m.pull_recording_buffers_from_device()
    b = m.neuron_populations["Ramp"].spike_recording_data
    assert all(np.array_equal(x, y) for ea, eb in zip(a, b) for x, y in zip(ea, eb))
    assert np.array_equal(m.neuron_populations["Exc"].vars["V"].view, v)
    m.unload()

    other = make_lif_model(n_exc=11)
    other.build()
    assert not other.compiled_now
    other.batch_size = 2
    other.load(num_recording_timesteps=10)
    other.step_time()
    before = other.neuron_populations["Exc"].vars["V"].view.copy()
    with pytest.raises(SimulationError, match=r"population Exc LIF n=10.*population Exc LIF n=11"):
        other.restore(snap)
    assert other.timestep == 1
    assert np.array_equal(other.neuron_populations["Exc"].vars["V"].view, before)
    other.unload()


def test_host_access_state_views_and_variable_recorder(lif_model):
    """spike_times / prev_spike_times against the spike recording, out_post decaying as
    exp(-dt / tau), and the variable recorder against the LIF solution."""
    m = lif_model
    m.load(num_recording_timesteps=1000)
    exc, src = m.neuron_populations["Exc"], m.neuron_populations["Src"]
    sg = m.synapse_populations["ExcRamp"]
    # Exc's V from -70 with DC 1.5 (no spike before 21.9 ms): V_n = -40 - 30 ExpTC^n
    exc.vars["V"].record(5, 100)
    out = sg.out_post
    out.view[:] = 2.0
    out.push_to_device()
    run(m, 0.2)
    out.pull_from_device()
    a = out.view.copy()
    run(m, 0.4)
    out.pull_from_device()
    assert np.allclose(out.view / a, math.exp(-0.2 / 5.0), rtol=1e-5)
    with pytest.raises(SimulationError, match="max_dendritic_delay"):
        sg.den_delay.view
    run(m, 15.0)
    times, v = exc.vars["V"].trace()
    assert v.shape == (31, 10)
    assert np.allclose(times, np.arange(31) * 0.5, atol=1e-9)
    expect = -40.0 - 30.0 * np.exp(-0.1 / 20.0) ** (np.arange(31) * 5)
    assert np.allclose(v, expect[:, None], atol=1e-3)
    run(m, 35.0)
    m.pull_recording_buffers_from_device()
    t_src, id_src = src.spike_recording_data[0]
    src.spike_times.pull_from_device()
    src.prev_spike_times.pull_from_device()
    for i in range(3):
        mine = t_src[id_src == i]
        assert src.spike_times.view[i] == pytest.approx(mine[-1])
        assert src.prev_spike_times.view[i] == pytest.approx(mine[-2] if len(mine) > 1 else src.prev_spike_times.view[i])
    assert len(t_src[id_src == 0]) == 2  # 15 and 30 ms: prev_spike_times is the first
