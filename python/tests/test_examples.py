"""The Python examples (examples/python/*.py) at small size, with rates asserted, and the
Izhikevich network against the C++ example with the same seed."""
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import spike_hash

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))  # the examples, importable by every test module


def cpp_example(name):
    """The C++ example built by scripts/test.sh (CORTEXPR_BUILD_DIR), else None."""
    for d in filter(None, [os.environ.get("CORTEXPR_BUILD_DIR"), ROOT / "build" / "ci", ROOT / "build" / "cpu-only"]):
        p = Path(d) / "examples" / name
        if p.is_file() and os.access(p, os.X_OK):
            return p
    return None


def test_izhikevich_network_matches_cpp_spike_for_spike():
    import izhikevich_network as izn
    model = izn.build_model(seed=1)
    spikes = izn.run(model, 200.0)
    n_exc, n_inh = len(spikes["Exc"][1]), len(spikes["Inh"][1])
    # the network is active, not runaway (the C++ example's test: 1-20 Hz over 1 s)
    assert 1000 < n_exc < 8000 * 20 * 0.2 and 100 < n_inh < 2000 * 20 * 0.2
    exe = cpp_example("izhikevich_network")
    if exe is None:
        pytest.skip("C++ example izhikevich_network not built (scripts/test.sh builds it): "
                    "spike counts not compared with C++")
    out = subprocess.run([str(exe), "--time", "200", "--seed", "1", "--threads", "1"], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"spike counts: Exc (\d+) Inh (\d+)", out)
    assert m, out
    assert (n_exc, n_inh) == (int(m.group(1)), int(m.group(2)))
    h = re.search(r"spike hashes: Exc ([0-9a-f]+) Inh ([0-9a-f]+)", out)
    assert h, out
    assert spike_hash(*spikes["Exc"], model.dt) == int(h.group(1), 16)
    assert spike_hash(*spikes["Inh"], model.dt) == int(h.group(2), 16)


def test_vogels_abbott_matches_cpp_spike_for_spike():
    import vogels_abbott as va
    model = va.build_model(2000, seed=3)
    spikes = va.run(model, 300.0)
    # every neuron alone fires at 1000 / (5 + 20 ln 11) = 18.88 Hz; the recurrent input is
    # net inhibitory, so the network fires below that, and is not silent
    for name in ("E", "I"):
        hz = len(spikes[name][1]) / model.neuron_populations[name].num_neurons / 0.3
        assert 1.0 < hz < 18.88, (name, hz)
    exe = cpp_example("vogels_abbott")
    if exe is None:
        pytest.skip("C++ example vogels_abbott not built (scripts/test.sh builds it): spikes not compared with C++")
    out = subprocess.run([str(exe), "2000", "--time", "300", "--seed", "3", "--threads", "2", "--hash", "1"],
                         capture_output=True, text=True, check=True).stdout
    c = re.search(r"spike counts: E (\d+) I (\d+)", out)
    h = re.search(r"spike hashes: E ([0-9a-f]+) I ([0-9a-f]+)", out)
    assert c and h, out
    assert (len(spikes["E"][1]), len(spikes["I"][1])) == (int(c.group(1)), int(c.group(2)))
    assert spike_hash(*spikes["E"], model.dt) == int(h.group(1), 16)
    assert spike_hash(*spikes["I"], model.dt) == int(h.group(2), 16)


def test_izhikevich_regimes_tutorial():
    import izhikevich_regimes as reg
    trace, times, ids = reg.simulate(200.0)
    hz = [np.count_nonzero(ids == i) / 0.2 for i in range(4)]
    # the ranges of the C++ example's test (tests/examples/CMakeLists.txt)
    assert 20 <= hz[0] <= 40 and 110 <= hz[1] <= 160 and 90 <= hz[2] <= 150 and 35 <= hz[3] <= 65
    assert trace.shape == (2000, 4) and np.all(trace <= 30.0 + 1e-3)
    exe = cpp_example("izhikevich_regimes")
    if exe is not None:  # the same regimes, spike for spike, as the C++ example
        out = subprocess.run([str(exe), str(Path(os.environ.get("TMPDIR", "/tmp")) / "cxp_regimes")],
                             capture_output=True, text=True).stdout
        for i, name in enumerate(reg.REGIMES):
            mm = re.search(rf"{name} +(\d+)", out)
            assert mm, out
            assert np.count_nonzero(ids == i) == int(mm.group(1)), out


@pytest.mark.skipif(os.environ.get("CORTEXPR_PYTHON_SLOW") != "1",
                    reason="the microcircuit's compile costs about 2 CPU minutes: set CORTEXPR_PYTHON_SLOW=1")
def test_microcircuit_matches_cpp_spike_for_spike():
    import microcircuit as mc
    model = mc.build_model(0.02, seed=1)
    spikes = mc.run(model, 100.0)
    counts = [len(spikes[n][1]) for n in mc.NAMES]
    assert sum(counts) > 0
    exe = cpp_example("microcircuit")
    if exe is None:
        pytest.skip("C++ example microcircuit not built: spikes not compared with C++")
    out = subprocess.run([str(exe), "--scale", "0.02", "--time", "100", "--seed", "1", "--threads", "2", "--hash"],
                         capture_output=True, text=True, check=True).stdout
    c = re.search(r"spike counts:((?: \d+){8})", out)
    h = re.search(r"spike hashes:((?: [0-9a-f]+){8})", out)
    assert c and h, out
    assert counts == [int(x) for x in c.group(1).split()]
    assert [spike_hash(*spikes[n], model.dt) for n in mc.NAMES] == [int(x, 16) for x in h.group(1).split()]


@pytest.mark.parametrize("script, args, expect", [
    ("vogels_abbott.py", ["--neurons", "1000", "--time", "200"], r"neuron update [0-9.]+ s"),
    ("izhikevich_network.py", ["--time", "100"], r"spike counts: Exc \d+ Inh \d+"),
    ("izhikevich_regimes.py", [], r"FS +\d+ spikes"),
])
def test_example_scripts_run(script, args, expect):
    """Each example as a user runs it (its structure is cached by the tests above)."""
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / script), *args], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert re.search(expect, r.stdout), r.stdout
