"""A compiled network, loaded with ctypes: its C ABI (cxp_* in codegen.py) as Python
methods. Arrays are numpy views of the simulation's own host memory (no copies)."""
from __future__ import annotations

import ctypes as C
import os

import numpy as np

from .codegen import Tables, Values

_DTYPES = [np.float32, np.float64, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
           np.uint64, np.bool_]


class SimulationError(RuntimeError):
    """A cortexpr::error from the simulation: names the group and the value."""


class NoDeviceError(SimulationError):
    """backend 'cuda' where the CUDA runtime finds no device."""


_LIBS: dict = {}


def _lib(path: str):
    if path in _LIBS:
        return _LIBS[path]
    L = C.CDLL(path)
    vp, u64, u32, i = C.c_void_p, C.c_uint64, C.c_uint32, C.c_int
    P = C.POINTER
    L.cxp_last_error.restype = C.c_char_p
    L.cxp_create.restype = vp
    L.cxp_create.argtypes = [P(u32), P(C.c_double), P(P(u32)), P(u64), P(P(C.c_double)), P(u64), C.c_double, u64, i, i, u32]
    L.cxp_destroy.argtypes = [vp]
    L.cxp_step.argtypes = [vp, u64]
    L.cxp_t.argtypes = [vp]
    L.cxp_t.restype = C.c_double
    L.cxp_timestep.argtypes = [vp]
    L.cxp_timestep.restype = u64
    L.cxp_var.argtypes = [vp, i, P(vp), P(u64), P(i), P(u64)]
    L.cxp_sync.argtypes = [vp, i, i]
    L.cxp_set_param.argtypes = [vp, i, C.c_double]
    L.cxp_egp.argtypes = [vp, i, u64, P(vp), P(u64), P(i)]
    L.cxp_egp_sync.argtypes = [vp, i, i]
    L.cxp_record.argtypes = [vp, i, u32]
    L.cxp_record_var.argtypes = [vp, i, C.c_int64, C.c_int64]
    L.cxp_var_trace.argtypes = [vp, i, u32, P(u64), P(u64), P(P(C.c_double)), P(P(C.c_double))]
    L.cxp_spikes.argtypes = [vp, i, u32, P(u64), P(P(C.c_double)), P(P(u32))]
    L.cxp_current_spikes.argtypes = [vp, i, u32, P(P(u32)), P(u64)]
    L.cxp_connections.argtypes = [vp, i, P(u64), P(P(u32)), P(P(u32)), P(P(u64))]
    L.cxp_timers.argtypes = [vp, P(C.c_double)]
    L.cxp_custom_update.argtypes = [vp, C.c_char_p]
    L.cxp_custom_update_time.argtypes = [vp, C.c_char_p, P(C.c_double)]
    L.cxp_save.argtypes = [vp, C.c_char_p]
    L.cxp_load.argtypes = [vp, C.c_char_p]
    L.cxp_snapshot.restype = vp
    L.cxp_snapshot.argtypes = [vp]
    L.cxp_snapshot_bytes.argtypes = [vp, P(P(C.c_ubyte)), P(u64)]
    L.cxp_snapshot_free.argtypes = [vp]
    L.cxp_restore.argtypes = [vp, C.c_char_p, u64]
    _LIBS[path] = L
    return L


def cuda_devices(path: str):
    """(number of CUDA devices, the CUDA runtime's error or "") as a library compiled for
    backend 'cuda' sees them: asked before a simulation is constructed on one."""
    L = _lib(str(path))
    L.cxp_cuda_devices.argtypes = [C.c_char_p, C.c_int]
    msg = C.create_string_buffer(256)
    n = L.cxp_cuda_devices(msg, len(msg))
    return max(n, 0), msg.value.decode(errors="replace")


def require_cuda_device(path: str, who: str):
    """Raises NoDeviceError naming `who` when the CUDA runtime finds no device for a
    library compiled for backend 'cuda'."""
    n, why = cuda_devices(path)
    if n == 0:
        raise NoDeviceError(f"{who}: backend 'cuda' needs a CUDA device, and the CUDA runtime finds none "
                            f"({why or '0 devices'}); the library was compiled ({path}); use backend='cpu' to run here")


def _array(ptr, n, dtype, owner):
    """A numpy view of n elements at ptr that keeps `owner` (the Simulation) alive: the
    memory is freed only when the last view is gone, never under a live view."""
    if n == 0:
        return np.zeros(0, dtype=dtype)
    buf = (C.c_byte * (int(n) * np.dtype(dtype).itemsize)).from_address(ptr)
    buf._owner = owner
    return np.frombuffer(buf, dtype=dtype)


class Simulation:
    """One instance of a compiled network, constructed from run-time values."""

    def __init__(self, path: str, tables: Tables, values: Values, dt: float, seed: int, threads: int = 0,
                 timing: bool = False, fuse_postsynaptic: bool = False, batch: int = 1):
        self._L = _lib(str(path))
        self.tables = tables
        self.dt = dt
        self.batch = int(batch)
        if self.batch < 1:
            raise SimulationError(f"batch size must be at least 1, got {batch}")
        self._h = None
        keep = []  # the arrays must live until cxp_create returns

        def arr(xs, ct):
            a = (ct * max(1, len(xs)))(*xs)
            keep.append(a)
            return a

        u32p = [np.ascontiguousarray(a, dtype=np.uint32) for a in values.u32]
        f64p = [np.ascontiguousarray(a, dtype=np.float64) for a in values.f64]
        keep += u32p + f64p
        ua = (C.POINTER(C.c_uint32) * max(1, len(u32p)))(*[a.ctypes.data_as(C.POINTER(C.c_uint32)) for a in u32p])
        da = (C.POINTER(C.c_double) * max(1, len(f64p)))(*[a.ctypes.data_as(C.POINTER(C.c_double)) for a in f64p])
        h = self._L.cxp_create(arr(values.sizes, C.c_uint32), arr(values.values, C.c_double), ua,
                               arr([len(a) for a in u32p], C.c_uint64), da, arr([len(a) for a in f64p], C.c_uint64),
                               float(dt), int(seed), int(threads),
                               int(bool(timing)) | 2 * int(bool(fuse_postsynaptic)), self.batch)
        if not h:
            self._raise()
        self._h = h

    def _raise(self):
        raise SimulationError(self._L.cxp_last_error().decode())

    def _ok(self, rc):
        if rc != 0:
            self._raise()

    def close(self):
        """Frees the simulation now; views taken from it must not be used afterwards
        (GeNNModel.unload() instead drops its reference, and the views keep it alive)."""
        if self._h:
            self._L.cxp_destroy(self._h)
            self._h = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # ---- stepping ----------------------------------------------------------------
    def step(self, n: int = 1):
        self._ok(self._L.cxp_step(self._h, int(n)))

    @property
    def t(self) -> float:
        return self._L.cxp_t(self._h)

    @property
    def timestep(self) -> int:
        return self._L.cxp_timestep(self._h)

    # ---- state -------------------------------------------------------------------
    def var(self, part: str, name: str) -> np.ndarray:
        """With a batch size above 1, variables that batch entries do not share have
        shape (batch, n) (as PyGeNN's views); shared ones (READ_ONLY) shape (n,)."""
        p, n, d, per = C.c_void_p(), C.c_uint64(), C.c_int(), C.c_uint64()
        self._ok(self._L.cxp_var(self._h, self.tables.vars[(part, name)], C.byref(p), C.byref(n), C.byref(d),
                                 C.byref(per)))
        a = _array(p.value, n.value, _DTYPES[d.value], self)
        if self.batch > 1 and 0 < per.value < n.value:
            return a.reshape(n.value // per.value, per.value)  # a view still
        return a

    def write_initial(self, part: str, name: str, arr: np.ndarray, error=ValueError):
        """Writes initial values given as an array: n values (every batch entry gets
        them) or, for a batched variable, batch * n values (entry by entry)."""
        view = self.var(part, name)
        per = view.shape[-1]
        if arr.size == per:
            view[...] = arr.astype(view.dtype)  # broadcast over the batch axis
        elif view.ndim == 2 and arr.size == view.size:
            view[...] = arr.astype(view.dtype).reshape(view.shape)
        else:
            also = f" or {view.size} (batch {view.shape[0]} x {per})" if view.ndim == 2 else ""
            raise error(f"{part}.{name}: initial values have {arr.size} entries, the variable has {per}{also}")
        self.sync(part, name, True)

    def sync(self, part: str, name: str, push: bool):
        self._ok(self._L.cxp_sync(self._h, self.tables.vars[(part, name)], int(push)))

    def set_param(self, part: str, name: str, value: float):
        self._ok(self._L.cxp_set_param(self._h, self.tables.params[(part, name)], float(value)))

    def egp(self, part: str, name: str, count: int = 0) -> np.ndarray:
        p, n, d = C.c_void_p(), C.c_uint64(), C.c_int()
        self._ok(self._L.cxp_egp(self._h, self.tables.egps[(part, name)], int(count), C.byref(p), C.byref(n), C.byref(d)))
        return _array(p.value, n.value, _DTYPES[d.value], self)

    def egp_sync(self, part: str, name: str, push: bool):
        self._ok(self._L.cxp_egp_sync(self._h, self.tables.egps[(part, name)], int(push)))

    # ---- spikes ------------------------------------------------------------------
    def record_spikes(self, pop: str, steps: int):
        self._ok(self._L.cxp_record(self._h, self.tables.pops[pop], int(steps)))

    def record_var(self, part: str, name: str, every: int, samples: int):
        self._ok(self._L.cxp_record_var(self._h, self.tables.vars[(part, name)], int(every), int(samples)))

    def var_trace(self, part: str, name: str, batch: int = 0):
        """(times [ms], values of shape (samples, n)) of a recorded variable, copies."""
        k, n = C.c_uint64(), C.c_uint64()
        tp, vp_ = C.POINTER(C.c_double)(), C.POINTER(C.c_double)()
        self._ok(self._L.cxp_var_trace(self._h, self.tables.vars[(part, name)], int(batch), C.byref(k), C.byref(n),
                                       C.byref(tp), C.byref(vp_)))
        if k.value == 0:
            return np.zeros(0), np.zeros((0, n.value))
        return (np.ctypeslib.as_array(tp, (k.value,)).copy(),
                np.ctypeslib.as_array(vp_, (k.value * n.value,)).copy().reshape(k.value, n.value))

    def spikes(self, pop: str, batch: int = 0):
        """(times [ms], ids) of the recorded spikes of one batch entry, copies."""
        n = C.c_uint64()
        tp, ip = C.POINTER(C.c_double)(), C.POINTER(C.c_uint32)()
        self._ok(self._L.cxp_spikes(self._h, self.tables.pops[pop], int(batch), C.byref(n), C.byref(tp), C.byref(ip)))
        if n.value == 0:
            return np.zeros(0), np.zeros(0, dtype=np.uint32)
        return (np.ctypeslib.as_array(tp, (n.value,)).copy(), np.ctypeslib.as_array(ip, (n.value,)).copy())

    def current_spikes(self, pop: str, batch: int = 0) -> np.ndarray:
        n = C.c_uint64()
        ip = C.POINTER(C.c_uint32)()
        self._ok(self._L.cxp_current_spikes(self._h, self.tables.pops[pop], int(batch), C.byref(ip), C.byref(n)))
        return np.ctypeslib.as_array(ip, (n.value,)).copy() if n.value else np.zeros(0, dtype=np.uint32)

    def connections(self, sg: str):
        """(pre, post, storage index) of every stored synapse, rows in order."""
        n = C.c_uint64()
        a, b = C.POINTER(C.c_uint32)(), C.POINTER(C.c_uint32)()
        s = C.POINTER(C.c_uint64)()
        self._ok(self._L.cxp_connections(self._h, self.tables.syns[sg], C.byref(n), C.byref(a), C.byref(b), C.byref(s)))
        if n.value == 0:
            z = np.zeros(0, dtype=np.uint32)
            return z, z, np.zeros(0, dtype=np.uint64)
        return tuple(np.ctypeslib.as_array(x, (n.value,)).copy() for x in (a, b, s))

    def timers(self) -> dict:
        out = (C.c_double * 6)()
        self._ok(self._L.cxp_timers(self._h, out))
        keys = ("neuron_update", "presynaptic_update", "postsynaptic_update", "synapse_dynamics", "init", "init_sparse")
        return dict(zip(keys, list(out)))

    # ---- custom updates ----------------------------------------------------------
    def custom_update(self, group: str):
        """Runs every custom update of update group `group`, in declaration order."""
        self._ok(self._L.cxp_custom_update(self._h, str(group).encode()))

    def custom_update_time(self, group: str) -> float:
        """Seconds spent in update group `group` so far (0 without timing)."""
        out = C.c_double()
        self._ok(self._L.cxp_custom_update_time(self._h, str(group).encode(), C.byref(out)))
        return out.value

    # ---- whole state -------------------------------------------------------------
    def save(self, path: str):
        self._ok(self._L.cxp_save(self._h, os.fsencode(path)))

    def load(self, path: str):
        self._ok(self._L.cxp_load(self._h, os.fsencode(path)))

    def snapshot(self) -> bytes:
        """The whole state as bytes, in memory (cortexpr's checkpoint format: written to a
        file, they load with load())."""
        snap = self._L.cxp_snapshot(self._h)
        if not snap:
            self._raise()
        try:
            p, n = C.POINTER(C.c_ubyte)(), C.c_uint64()
            self._L.cxp_snapshot_bytes(snap, C.byref(p), C.byref(n))
            return C.string_at(p, n.value)
        finally:
            self._L.cxp_snapshot_free(snap)

    def restore(self, data: bytes):
        """Restores a snapshot (or a checkpoint file's bytes) of this network; a refused one
        (another network, size, batch or precision; damaged bytes) changes nothing."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"restore() takes the bytes of snapshot(), got {type(data).__name__}")
        data = bytes(data)
        self._ok(self._L.cxp_restore(self._h, data, len(data)))
