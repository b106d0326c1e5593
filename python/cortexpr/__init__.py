"""cortexpr: spiking neural networks on cortexpr's header-only C++ simulator.

`cortexpr.genn` has PyGeNN 5's API; `cortexpr.network` is the description layer under it
(populations, synapse groups, models) that other front ends can use directly.
"""
from pathlib import Path as _Path

from . import _core

__version__ = _core.version()


def get_include() -> str:
    """The directory holding cortexpr's headers (for -I), like numpy.get_include()."""
    return str(_Path(__file__).parent / "include")


def get_cmake_dir() -> str:
    """The directory holding cortexprConfig.cmake (for -Dcortexpr_DIR=...)."""
    return str(_Path(__file__).parent / "share" / "cmake" / "cortexpr")


__all__ = ["get_include", "get_cmake_dir", "__version__"]
