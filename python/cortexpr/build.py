"""Compiles a generated network source into a shared library, cached by a hash of the
source, the compiler command and cortexpr's headers: the same structure with other
sizes or values reuses the library without running a compiler."""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import get_include


class BuildError(RuntimeError):
    """The compiler rejected the generated source: its first error and the file's path."""


_HEADERS_HASH = None
last_compile_cpu_s = 0.0


def headers_hash() -> str:
    """A hash of every header under get_include(): a changed cortexpr rebuilds."""
    global _HEADERS_HASH
    if _HEADERS_HASH is None:
        h = hashlib.sha256()
        root = Path(get_include())
        for p in sorted(root.rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
        _HEADERS_HASH = h.hexdigest()
    return _HEADERS_HASH


def cache_dir() -> Path:
    d = os.environ.get("CORTEXPR_CACHE_DIR")
    if d:
        return Path(d)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cortexpr"


def command(backend: str, source: Path, output: Path) -> list:
    inc = get_include()
    if backend == "cuda":
        nvcc = os.environ.get("CUDACXX") or shutil.which("nvcc")
        if not nvcc:
            raise BuildError("backend='cuda' needs nvcc (on PATH or in $CUDACXX)")
        arch = os.environ.get("CORTEXPR_CUDA_ARCH", "sm_90")
        return [nvcc, "-std=c++20", "--expt-relaxed-constexpr", "-O2", f"-arch={arch}", "-shared",
                "-Xcompiler=-fPIC,-fopenmp", f"-I{inc}", "-o", str(output), str(source)]
    cxx = os.environ.get("CXX") or shutil.which("g++") or "c++"
    flags = os.environ.get("CORTEXPR_CXXFLAGS", "-O2").split()
    return [cxx, "-std=c++20", *flags, "-fPIC", "-shared", "-fopenmp", f"-I{inc}", "-o", str(output), str(source)]


def _first_error(text: str) -> str:
    for line in text.splitlines():
        if "error" in line:
            return line.strip()
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[0] if lines else "(no output)"


def compile_library(source_text: str, name: str, backend: str = "cpu", quiet: bool = False):
    """(path of the shared library, whether it was compiled now)."""
    out_dir = cache_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    # the key: source, compiler command without the include path (the headers' contents
    # count instead, so that two environments with the same cortexpr share the cache)
    probe = [a for a in command(backend, Path("SRC"), Path("OUT")) if not a.startswith("-I")]
    key = hashlib.sha256("\0".join([source_text, " ".join(probe), headers_hash()]).encode()).hexdigest()[:20]
    stem = f"net_{key}"  # the structure alone: models of other names share it
    lib = out_dir / f"{stem}.so"
    src = out_dir / f"{stem}.{'cu' if backend == 'cuda' else 'cpp'}"
    if lib.exists():
        return lib, False
    src.write_text(source_text)
    fd, tmp = tempfile.mkstemp(prefix=stem, suffix=".so.tmp", dir=out_dir)
    os.close(fd)
    cmd = command(backend, src, Path(tmp))
    start = time.monotonic()
    done = threading.Event()

    def progress():  # one line every few seconds while the compiler runs
        while not done.wait(5.0):
            if not quiet:
                print(f"cortexpr: compiling '{name}' ... {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)

    if not quiet:
        print(f"cortexpr: compiling '{name}' ({Path(cmd[0]).name}, {src})", file=sys.stderr, flush=True)
    t = threading.Thread(target=progress, daemon=True)
    t.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        done.set()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    global last_compile_cpu_s  # user+sys CPU seconds of the last compile (wall time is noisy)
    last_compile_cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode != 0:
        Path(tmp).unlink(missing_ok=True)
        log = src.with_suffix(".log")
        log.write_text(" ".join(cmd) + "\n" + r.stdout + r.stderr)
        raise BuildError(f"compiling network '{name}' failed: {_first_error(r.stderr or r.stdout)}\n"
                         f"  generated source: {src}\n  full compiler output: {log}")
    os.replace(tmp, lib)
    if not quiet:
        print(f"cortexpr: compiled '{name}' in {time.monotonic() - start:.1f} s "
              f"({last_compile_cpu_s:.1f} s CPU)", file=sys.stderr, flush=True)
    return lib, True
