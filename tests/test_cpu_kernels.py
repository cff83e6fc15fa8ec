"""The kernel caps of `make test`'s second run, decided for CPUs this machine is not."""

from __future__ import annotations

import pytest

from tests import cpu_kernels

# What oneDNN 2.4's DNNL_VERBOSE names each instruction set (the first line of its output).
AVX512 = "Intel AVX-512 with AVX512BW, AVX512VL, and AVX512DQ extensions"


@pytest.mark.parametrize(("native", "caps"), [
    (AVX512, [("AVX2", "Haswell"), ("SSE41", "Nehalem")]),
    ("Intel AVX2", [("AVX", "Sandybridge"), ("SSE41", "Nehalem")]),
    ("Intel AVX", [("SSE41", "Nehalem")]),
])
def test_second_run_caps_below_the_native_kernels_and_below_avx2(monkeypatch, native, caps):
    monkeypatch.setattr(cpu_kernels, "native", lambda: {"onednn": native})
    assert cpu_kernels.capped_settings() == [
        {"DNNL_MAX_CPU_ISA": isa, "OPENBLAS_CORETYPE": core} for isa, core in caps]


@pytest.mark.parametrize("native", ["Intel SSE4.1", "unknown (aarch64)"])
def test_nothing_to_cap_on_the_oldest_set_or_off_x86(monkeypatch, native):
    monkeypatch.setattr(cpu_kernels, "native", lambda: {"onednn": native})
    assert cpu_kernels.capped_settings() == [{}]


def test_levels_follow_the_instruction_sets_order():
    names = [AVX512, "Intel AVX2", "Intel AVX", "Intel SSE4.1"]
    assert [cpu_kernels.level_of(name) for name in names] == [3, 2, 1, 0]
    assert cpu_kernels.level_of("Intel AMX with bf16 and int8") == 3
    assert cpu_kernels.level_of("ARM SVE") is None
