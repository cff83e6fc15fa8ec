"""Which CPU kernels MXNet's oneDNN and OpenBLAS pick, and how the second notebook run caps them.

oneDNN chooses its kernels by the CPU's instruction set (SSE4.1, AVX, AVX2, AVX-512, ...) and
OpenBLAS by its core type, and each kernel rounds float32 sums in its own order. The notebooks'
checked outputs must not depend on that, so the second run of every notebook caps oneDNN below
this machine's own instruction set (`DNNL_MAX_CPU_ISA`) and pins OpenBLAS to an older core type
(`OPENBLAS_CORETYPE`), then compares the same outputs again.

`python -m tests.cpu_kernels` prints, as JSON, what the current environment's variables select.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

# oneDNN's names for the instruction sets it can be capped to, from the oldest, with the
# OpenBLAS core type that uses the same vector width and no newer instruction.
CAPS = [("SSE41", "Nehalem"), ("AVX", "Sandybridge"), ("AVX2", "Haswell"), ("AVX512_CORE", "SkylakeX")]
REPO = Path(__file__).resolve().parents[1]


def _openblas_core(library: str, function: str) -> str:
    """Return the core type an OpenBLAS library picked, or why it could not be read."""
    try:
        lib = ctypes.CDLL(library)
        name = getattr(lib, function)
    except (OSError, AttributeError) as error:
        return f"unknown ({error.__class__.__name__})"
    name.restype = ctypes.c_char_p
    return name().decode()


def probe() -> dict[str, str]:
    """Return the oneDNN instruction set and OpenBLAS core types this process uses."""
    os.environ["DNNL_VERBOSE"] = "1"  # oneDNN then prints its instruction set at first use
    read_end, write_end = os.pipe()
    saved_stdout = os.dup(1)
    os.dup2(write_end, 1)  # oneDNN writes to the C-level stdout, not to sys.stdout
    try:
        import mxnet as mx
        import numpy as np

        data = mx.nd.ones((2, 3))
        mx.nd.FullyConnected(data, data, no_bias=True, num_hidden=2).wait_to_read()
    finally:
        sys.stdout.flush()
        os.dup2(saved_stdout, 1)
        os.close(write_end)
    verbose = os.read(read_end, 1 << 16).decode(errors="replace")
    isa = next((line.split("isa:", 1)[1].strip() for line in verbose.splitlines() if "isa:" in line),
               "none reported (oneDNN off or not x86-64)")
    mxnet_blas = next(Path(mx.__file__).parent.glob("libopenblas*.so*"), None)
    numpy_blas = next((Path(np.__file__).parent.parent / "numpy.libs").glob("libopenblas*"), None)
    return {
        "onednn": isa,
        "openblas_mxnet": _openblas_core(str(mxnet_blas), "openblas_get_corename") if mxnet_blas else "-",
        "openblas_numpy": _openblas_core(str(numpy_blas), "openblas_get_corename64_") if numpy_blas else "-",
    }


def kernels_under(env: dict[str, str] | None = None) -> dict[str, str]:
    """Return what probe() reports in a fresh interpreter with these extra variables set."""
    result = subprocess.run([sys.executable, "-m", "tests.cpu_kernels"], cwd=REPO,
                            env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def level_of(onednn_isa: str) -> int | None:
    """Return the index in CAPS of the instruction set oneDNN reports, or None off x86-64."""
    if "AVX-512" in onednn_isa or "AMX" in onednn_isa:
        return 3
    for level, marker in ((2, "AVX2"), (1, "AVX"), (0, "SSE4.1")):
        if marker in onednn_isa:
            return level
    return None


@functools.cache
def native() -> dict[str, str]:
    """Return the kernels this machine picks by itself, without any cap."""
    return kernels_under({})


def capped_settings() -> list[dict[str, str]]:
    """Return the capped settings the second run cycles through: below native, one of them below AVX2."""
    level = level_of(native()["onednn"])
    if not level:  # not x86-64, or already the oldest instruction set: nothing to cap below
        return [{}]
    below = [level - 1] + ([0] if level - 1 > 0 else [])  # one step down, and SSE4.1 if that is not it
    return [{"DNNL_MAX_CPU_ISA": CAPS[i][0], "OPENBLAS_CORETYPE": CAPS[i][1]} for i in below]


def describe(kernels: dict[str, str]) -> str:
    """Return one line naming the kernels a run used."""
    blas = {kernels["openblas_mxnet"], kernels["openblas_numpy"]}
    return f"oneDNN {kernels['onednn']}; OpenBLAS {' / '.join(sorted(blas))}"


if __name__ == "__main__":
    print(json.dumps(probe()))
