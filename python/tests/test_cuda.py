"""backend="cuda": build() compiles the generated CUDA translation unit with nvcc (skipped
where nvcc is absent); load() runs it on a GPU — checked against the analytic LIF first
spike, and custom updates (in CUDA kernels) against numpy — or, without one, raises NoDeviceError saying so."""
import math
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import LIF

NVCC = os.environ.get("CUDACXX") or shutil.which("nvcc")
pytestmark = pytest.mark.skipif(not NVCC, reason="nvcc not found (PATH, $CUDACXX): the CUDA build is not tested")


def test_cuda_translation_unit_compiles_with_nvcc_and_load_needs_a_device():
    from cortexpr import runtime
    from cortexpr.genn import GeNNModel, NoDeviceError
    m = GeNNModel("float", "cuda_tu", backend="cuda", quiet=True)
    m.dt = 0.1
    p = m.add_neuron_population("Exc", 8, "LIF", LIF, {"V": -70.0, "RefracTime": 0.0})
    m.add_current_source("Drive", "DC", p, {"amp": 1.5})
    p.spike_recording_enabled = True
    m.build()  # nvcc; a failure raises BuildError with nvcc's first error
    lib = Path(m._lib)
    assert lib.is_file() and lib.with_suffix(".cu").is_file()
    assert "cx::simulation<cx::cuda" in lib.with_suffix(".cu").read_text()
    devices, why = runtime.cuda_devices(str(lib))
    if devices == 0:
        with pytest.raises(NoDeviceError, match=r"model 'cuda_tu': backend 'cuda' needs a CUDA device, and the CUDA "
                                                r"runtime finds none \(.+\).*use backend='cpu'"):
            m.load(num_recording_timesteps=500)
        return
    # a GPU: the run's first spike is the analytic one (as on the CPU, test_lif_network.py)
    m.load(num_recording_timesteps=500)
    while m.timestep < 500:
        m.step_time()
    m.pull_recording_buffers_from_device()
    times, ids = p.spike_recording_data[0]
    R, tau = LIF["TauM"] / LIF["C"], LIF["TauM"]
    t_first = tau * math.log(R * 1.5 / (R * 1.5 - (LIF["Vthresh"] - LIF["Vrest"])))
    assert times[ids == 0][0] == pytest.approx((math.ceil(t_first / 0.1) - 1) * 0.1, abs=1e-6)
    assert sorted(set(ids.tolist())) == list(range(8))
    m.unload()


def test_custom_updates_compile_with_nvcc_and_run_in_kernels():
    """test_custom_updates' network for cx::cuda: custom updates run in CUDA kernels; their
    own variables live on the device (pull_from_device before reading), their parameters
    change with set_dynamic_param_value, and a snapshot holds them."""
    from cortexpr import runtime
    from cortexpr.genn import NoDeviceError
    from test_custom_updates import BATCH, N, make_model
    m = make_model(backend="cuda")
    m.build()  # nvcc
    devices, _ = runtime.cuda_devices(str(m._lib))
    if devices == 0:
        with pytest.raises(NoDeviceError, match=r"model 'pytest_custom_updates': backend 'cuda' needs a CUDA device"):
            m.load()
        return
    m.load()
    v = m.neuron_populations["P"].vars["V"]
    state = np.linspace(-80.0, -45.0, BATCH * N).reshape(BATCH, N)
    v.view[...] = state
    v.push_to_device()
    m.custom_update("Stats")
    total = m.custom_updates["Sum"].vars["total"]
    top = m.custom_updates["Max"].vars["top"]
    total.pull_from_device()
    top.pull_from_device()
    np.testing.assert_allclose(total.view, state.sum(axis=0), rtol=1e-12)
    np.testing.assert_array_equal(top.view, state.max(axis=1))
    snap = m.snapshot()
    m.custom_updates["Reset"].set_dynamic_param_value("Vset", -50.0)
    m.custom_update("Reset")
    v.pull_from_device()
    assert np.all(v.view == -50.0)
    m.custom_update("Stats")
    m.restore(snap)  # the sums of `state` again, on the device
    total.view[...] = 0.0
    total.pull_from_device()
    np.testing.assert_allclose(total.view, state.sum(axis=0), rtol=1e-12)
    m.unload()
