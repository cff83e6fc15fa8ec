"""The set-up's decision for every platform, its fetching of uv, and the lock against requirements.txt."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from setup import uv
from setup.environment import Interpreter, distinct, path_pythons
from setup.lockfile import disagreements, pins
from setup.platforms import SetupError, fits, host_from, mxnet_failed, python_request

REPO = Path(__file__).resolve().parents[1]

# (what platform.system() and platform.machine() say, Apple Silicon hardware, Rosetta 2) -> uv's request
PLATFORMS = {
    "linux x86-64": (("Linux", "x86_64", False, False), "cpython-3.11-linux-x86_64-gnu"),
    "linux aarch64": (("Linux", "aarch64", False, False), "cpython-3.11-linux-aarch64-gnu"),
    "linux arm64 spelling": (("Linux", "arm64", False, False), "cpython-3.11-linux-aarch64-gnu"),
    "macOS x86-64": (("Darwin", "x86_64", False, False), "cpython-3.11-macos-x86_64"),
    "macOS arm64 with Rosetta": (("Darwin", "arm64", True, True), "cpython-3.11-macos-x86_64"),
    "macOS arm64, asked from a Python under Rosetta": (("Darwin", "x86_64", True, True),
                                                       "cpython-3.11-macos-x86_64"),
}


@pytest.mark.parametrize("facts, request_", PLATFORMS.values(), ids=PLATFORMS.keys())
def test_each_platform_mxnet_runs_on_gets_the_cpython_311_with_its_wheels(facts, request_):
    assert python_request(host_from(*facts)) == request_


@pytest.mark.parametrize("facts, says", [
    (("Darwin", "arm64", True, False), "softwareupdate --install-rosetta"),
    (("Windows", "AMD64", False, False), "wsl --install"),
    (("MINGW64_NT-10.0-22631", "x86_64", False, False), "wsl --install"),
    (("Linux", "riscv64", False, False), "Binder"),
    (("Linux", "armv7l", False, False), "Binder"),
], ids=["macOS arm64 without Rosetta", "Windows", "Windows Git Bash", "linux riscv64", "linux armv7"])
def test_a_platform_without_mxnet_wheels_stops_with_what_to_do(facts, says):
    with pytest.raises(SetupError, match=says.replace(".", r"\.")):
        python_request(host_from(*facts))


def test_apple_silicon_takes_only_an_x86_64_python_and_linux_only_its_own_processor():
    apple, intel_mac = host_from("Darwin", "arm64", True, True), host_from("Darwin", "x86_64")
    linux_arm, linux_x86 = host_from("Linux", "aarch64"), host_from("Linux", "x86_64")
    assert fits(apple, (3, 11), "x86_64") and not fits(apple, (3, 11), "arm64")
    assert fits(intel_mac, (3, 11), "x86_64")
    assert fits(linux_arm, (3, 11), "aarch64") and not fits(linux_arm, (3, 11), "x86_64")
    assert fits(linux_x86, (3, 11), "x86_64") and not fits(linux_x86, (3, 12), "x86_64")
    assert not fits(linux_x86, (3, 10), "x86_64")


@pytest.mark.parametrize("facts", [f for f, _ in PLATFORMS.values()], ids=PLATFORMS.keys())
def test_every_supported_platform_has_a_pinned_uv_wheel(facts):
    filename, sha256 = uv.uv_wheel(host_from(*facts))
    assert filename.startswith(f"uv-{uv.UV_VERSION}-") and filename.endswith(".whl") and len(sha256) == 64


def test_the_uv_wheel_is_found_on_json_and_html_index_pages_with_relative_links():
    name = "uv-0.13.9-py3-none-macosx_11_0_arm64.whl"
    page = json.dumps({"files": [{"filename": "uv-0.13.9.tar.gz", "url": "../../x/uv-0.13.9.tar.gz"},
                                 {"filename": name, "url": f"../../packages/ab/{name}"}]}).encode()
    json_type, page_url = "application/vnd.pypi.simple.v1+json", "https://mirror.example/simple/uv/"
    assert uv.wheel_link(page, json_type, page_url, name) == f"https://mirror.example/packages/ab/{name}"
    html = f'<a href="https://files.example/p/{name}#sha256=00">{name}</a><a href="x.whl">x</a>'.encode()
    assert uv.wheel_link(html, "text/html", "https://pypi.example/simple/uv/", name) == f"https://files.example/p/{name}"
    assert uv.wheel_link(html, "text/html", "https://pypi.example/simple/uv/", "uv-9.9.9-none.whl") is None


def test_index_urls_are_printed_without_their_password():
    assert uv.shown("https://ann:secret@mirror.example/simple") == "https://mirror.example/simple"
    assert uv.shown("https://pypi.org/simple") == "https://pypi.org/simple"


def test_uv_variables_choose_the_index_the_bootstrap_fetches_uv_from(monkeypatch):
    monkeypatch.delenv("UV_DEFAULT_INDEX", raising=False)
    monkeypatch.delenv("UV_INDEX_URL", raising=False)
    assert uv.index_url() == "https://pypi.org/simple"
    monkeypatch.setenv("UV_INDEX_URL", "https://old.example/simple/")
    assert uv.index_url() == "https://old.example/simple"
    monkeypatch.setenv("UV_DEFAULT_INDEX", "https://new.example/simple")
    assert uv.index_url() == "https://new.example/simple"


def test_python_311_is_looked_for_first_and_each_real_interpreter_counted_once(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    for name in ("a/python3", "a/python3.13", "b/python3.11"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    found = path_pythons(os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    assert found == [str(tmp_path / p) for p in ("b/python3.11", "a/python3", "a/python3.13")]
    (tmp_path / "a/python3").unlink()
    (tmp_path / "a/python3").symlink_to(tmp_path / "a/python3.13")
    same = [Interpreter(str(tmp_path / p), (3, 13), "x86_64", "3.13") for p in ("a/python3", "a/python3.13")]
    assert len(distinct(same)) == 1


def test_every_direct_pin_of_requirements_txt_is_in_the_lock_at_the_same_version_with_hashes():
    requirements, lock = (REPO / "requirements.txt").read_text(), (REPO / "requirements.lock").read_text()
    assert disagreements(requirements, lock) == []


def test_the_lock_holds_wheels_only_and_says_how_it_was_made():
    lock = (REPO / "requirements.lock").read_text()
    assert "--only-binary :all:" in lock.splitlines()[:5] and "#    make lock" in lock
    assert all(pin.hashes >= 1 for pin in pins(lock)) and len(pins(lock)) > 100


def test_the_agreement_check_catches_a_changed_missing_unhashed_or_loose_pin():
    lock = "numpy==1.23.5 ; sys_platform == 'linux' \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n" \
           "Tqdm==4.70.1 --hash=sha256:cc\nruff==0.17.6\n"
    assert disagreements("numpy==1.23.5\ntqdm==4.70.1\n# a comment\n", lock) == [
        "requirements.lock has ruff==0.17.6 without a hash"]
    problems = disagreements("numpy==1.24.0\nmxnet==1.9.1\ntqdm>=4\n", lock)
    assert any("numpy==1.24.0, requirements.lock has 1.23.5" in p for p in problems)
    assert any("mxnet==1.9.1, which requirements.lock lacks" in p for p in problems)
    assert any("`tqdm>=4`, which is not an exact pin" in p for p in problems)


def test_a_missing_system_library_is_named_with_the_package_that_brings_it():
    message = mxnet_failed("OSError: libgomp.so.1: cannot open shared object file",
                           ["libgomp.so.1", "libquadmath.so.0"])
    assert "sudo apt-get install libgomp1 libquadmath0" in message and "sudo dnf install libgomp" in message
    assert "`import mxnet` fails: ImportError: boom" in mxnet_failed("Traceback\nImportError: boom\n", [])
    on_arm = mxnet_failed("", ["libgomp.so.1", "libarmpl_lp64_mp.so", "libamath.so"])
    assert "sudo apt-get install libgomp1`" in on_arm and "Arm Performance Libraries" in on_arm


def test_when_uv_cannot_be_fetched_the_message_says_what_was_tried_and_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(uv.shutil, "which", lambda name: None)

    def unreachable(url, accept="*/*"):
        raise OSError("connection refused")

    monkeypatch.setattr(uv, "_get", unreachable)
    with pytest.raises(SetupError) as failure:
        uv.find_uv(host_from("Linux", "x86_64"), say=lambda message: None)
    message = str(failure.value)
    assert "tried: `uv` on the PATH (none)" in message and "connection refused" in message
    assert "astral.sh/uv/install.sh" in message and "UV_DEFAULT_INDEX" in message


def test_a_uv_wheel_that_is_not_the_pinned_one_is_refused_and_nothing_is_kept(monkeypatch, tmp_path):
    filename, _ = uv.uv_wheel(host_from("Linux", "x86_64"))
    page = json.dumps({"files": [{"filename": filename, "url": f"https://files.example/{filename}"}]}).encode()
    answers = {"https://pypi.org/simple/uv/": (page, "application/vnd.pypi.simple.v1+json"),
               f"https://files.example/{filename}": (b"not the real wheel", "application/octet-stream")}
    monkeypatch.setattr(uv, "_get", lambda url, accept="*/*": answers[url])
    monkeypatch.delenv("UV_DEFAULT_INDEX", raising=False)
    monkeypatch.delenv("UV_INDEX_URL", raising=False)
    with pytest.raises(SetupError, match="it was refused"):
        uv.fetch_uv(host_from("Linux", "x86_64"), tmp_path / "uv-cache" / "uv", say=lambda message: None)
    assert not (tmp_path / "uv-cache").exists() or list((tmp_path / "uv-cache").iterdir()) == []
