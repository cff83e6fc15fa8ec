"""Building the course's environment: a Python 3.11 found or installed with uv, a venv, the lock installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from setup.lockfile import disagreements
from setup.platforms import (
    Host,
    SetupError,
    fits,
    interpreter_machine,
    missing_libraries,
    mxnet_failed,
    python_request,
)
from setup.uv import UV_VERSION, cache_dir

PROBE = "import platform, sys; print(sys.version_info[0], sys.version_info[1], platform.machine(), " \
        "platform.python_version(), sys.executable)"
# python3.11 first; the others only count if they are 3.11, and the rest are named in messages.
NAMES = ("python3.11", "python3", "python", "python3.10", "python3.12", "python3.13", "python3.14")
# uv's own Pythons only: neither an active virtual environment nor the .venv of this folder.
FIND_MANAGED = ("python", "find", "--managed-python", "--system", "--no-project")
UV_PYTHON_VARIABLES = ("UV_PYTHON_INSTALL_MIRROR", "UV_PYTHON_DOWNLOADS_JSON_URL", "UV_PYTHON_INSTALL_DIR")


class Interpreter(NamedTuple):
    path: str          # the real executable (what a pyenv shim or a symlink leads to)
    version: tuple[int, int]
    machine: str       # the processor it was built for, as it reports it
    full_version: str  # e.g. "3.11.7"


def described(python: Interpreter) -> str:
    """Return e.g. "Python 3.11.2 (x86_64) at /usr/bin/python3.11"."""
    return f"Python {python.full_version} ({python.machine}) at {python.path}"


def distinct(pythons: list[Interpreter]) -> list[Interpreter]:
    """Return the interpreters with each real executable once (python3 is often python3.13 again)."""
    seen: dict[str, Interpreter] = {}
    for python in pythons:
        seen.setdefault(os.path.realpath(python.path), python)
    return list(seen.values())


def probe(python: str) -> Interpreter | None:
    """Return what a Python says of itself (version, processor, real path), or None if it does not run."""
    try:
        out = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, timeout=30, check=True)
        major, minor, machine, full, executable = out.stdout.split(" ", 4)
        return Interpreter(executable.strip() or python, (int(major), int(minor)), machine, full)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def path_pythons(path: str | None = None) -> list[str]:
    """Return every python3.11, then python3, python and other python3.x on the PATH, in PATH order."""
    found: list[str] = []
    for name in NAMES:
        for folder in (path if path is not None else os.environ.get("PATH", "")).split(os.pathsep):
            candidate = os.path.join(folder or ".", name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK) and candidate not in found:
                found.append(candidate)
    return found


def check_lock(requirements: Path, lock: Path) -> None:
    """Return quietly if the lock holds every pin of requirements.txt; raise SetupError saying what is off."""
    if not lock.is_file():
        raise SetupError(f"{lock} is missing: restore it (`git checkout {lock}`) or run `make lock`.")
    problems = disagreements(requirements.read_text(), lock.read_text())
    if problems:
        raise SetupError("requirements.txt and requirements.lock disagree: " + "; ".join(problems)
                         + ". Run `make lock` (it needs PyPI) and commit both files.")


def explicit_python(python: str, origin: str, host: Host) -> Interpreter:
    """Return the interpreter named by PYTHON=...; raise SetupError if it cannot run the course."""
    found = probe(python)
    where = f"PYTHON={python} (from the {origin})"
    if found is None:
        raise SetupError(f"{where} does not run. Give the path of a Python 3.11, or leave PYTHON unset: "
                         "make setup then finds one or installs it with uv.")
    if not fits(host, found.version, found.machine):
        raise SetupError(f"{where} is {described(found)}, and the course needs Python 3.11 built for "
                         f"{interpreter_machine(host)} (MXNet 1.9.1 needs numpy < 1.24, which has no wheels "
                         "past 3.11). Leave PYTHON unset: make setup then finds one or installs it with uv.")
    return found


def _uv(uv: str, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    """Return the finished uv command; its own messages go to the terminal unless captured."""
    return subprocess.run([uv, *args], capture_output=capture, text=True, check=False)


def provisioned_python(uv: str, host: Host, seen: list[Interpreter],
                       say: Callable[[str], None]) -> Interpreter:
    """Return uv's managed CPython 3.11 for this host, installing it first; raise SetupError if that fails."""
    request = python_request(host)
    found = _uv(uv, *FIND_MANAGED, request, capture=True)
    if found.returncode != 0:
        folder = _uv(uv, "python", "dir", capture=True).stdout.strip() or "uv's Python folder"
        others = "; ".join(described(i) for i in distinct(seen)) or "no Python at all"
        say(f"Python 3.11: none on the PATH (found {others}); installing {request} with uv into {folder} "
            "(the system's Python is left alone) ...")
        if _uv(uv, "python", "install", "--no-bin", request).returncode != 0:
            raise SetupError(provisioning_failed(request, seen))
        found = _uv(uv, *FIND_MANAGED, request, capture=True)
    interpreter = probe(found.stdout.strip()) if found.returncode == 0 else None
    if interpreter is None or not fits(host, interpreter.version, interpreter.machine):
        raise SetupError(provisioning_failed(request, seen))
    say(f"Python 3.11: {described(interpreter)}, uv's own")
    return interpreter


def provisioning_failed(request: str, seen: list[Interpreter]) -> str:
    """Return the message for a failed `uv python install`: what was tried, and what to do."""
    settings = [f"{name}={os.environ[name]}" for name in UV_PYTHON_VARIABLES if os.environ.get(name)]
    source = "with " + ", ".join(settings) if settings else "from uv's default download host"
    pythons = "; ".join(described(i) for i in distinct(seen)) or "none"
    return (
        f"Could not get Python 3.11. Tried: a Python 3.11 on the PATH (found: {pythons}); then "
        f"`uv python install {request}` {source}, which failed (uv's message is above). What to do: "
        "check the network or proxy (uv honours HTTPS_PROXY) and run make again; or point uv at a copy "
        "of the python-build-standalone releases with UV_PYTHON_INSTALL_MIRROR (or a download list with "
        "UV_PYTHON_DOWNLOADS_JSON_URL); or install Python 3.11 yourself (pyenv install 3.11, conda, or "
        "your platform's python3.11 package) and run `make setup PYTHON=/path/to/python3.11`."
    )


def choose_python(uv: str, host: Host, say: Callable[[str], None]) -> Interpreter:
    """Return the first fitting Python 3.11 on the PATH, else one uv installs."""
    seen: list[Interpreter] = []
    for candidate in path_pythons():
        found = probe(candidate)
        if found and fits(host, found.version, found.machine):
            say(f"Python 3.11: {described(found)}, found on the PATH as {candidate}")
            return found
        if found:
            seen.append(found)
    return provisioned_python(uv, host, seen, say)


def make_venv(uv: str, python: Interpreter, venv: Path, say: Callable[[str], None]) -> None:
    """Create venv with this Python, replacing an old virtual environment but nothing else."""
    replace = venv.exists() and any(venv.iterdir())
    if replace and not (venv / "pyvenv.cfg").is_file():
        raise SetupError(f"{venv} exists and is not a virtual environment, and has no Python 3.11: "
                         "move it away, or give another folder with VENV=..., and run make again.")
    say(f"{'Replacing' if replace else 'Creating'} {venv} with Python {python.full_version} ...")
    args = ["venv", "--python", python.path, "--prompt", "backprop-course", str(venv)]
    if _uv(uv, *args, *(["--clear"] if replace else [])).returncode != 0:
        raise SetupError(f"uv could not create {venv} (its message is above): remove {venv}, run make again.")


def build(venv: Path, lock: Path, requirements: Path, python: str | None, origin: str,
          host: Host, find_uv: Callable[..., str], say: Callable[[str], None]) -> None:
    """Make venv a Python 3.11 environment holding every package of the lock, at its hashes."""
    check_lock(requirements, lock)
    python_request(host)  # a platform MXNet cannot run on stops here, before anything is fetched
    uv = find_uv(host, say)
    chosen = explicit_python(python, origin, host) if python else None
    current = probe(str(venv / "bin" / "python")) if (venv / "bin" / "python").exists() else None
    if current and fits(host, current.version, current.machine):
        kept = f" (PYTHON is not used: remove {venv} to rebuild it with {python})" if python else ""
        say(f"{venv}: Python {current.full_version} already{kept}; bringing its packages to the lock ...")
    else:
        if current:
            say(f"{venv} has {described(current)}, which cannot run the course: rebuilding it")
        make_venv(uv, chosen or choose_python(uv, host, say), venv, say)
    say(f"Installing {lock} into {venv} with uv (every file checked against the lock's hashes) ...")
    args = ["pip", "install", "--python", str(venv / "bin" / "python"), "--require-hashes", "-r", str(lock)]
    if _uv(uv, *args).returncode != 0:
        raise SetupError(f"Installing {lock} failed (uv's message is above). A hash mismatch means a "
                         "download is not the file the lock names: it was refused, and nothing should be "
                         "changed to force it. Otherwise check the network (uv honours HTTPS_PROXY, "
                         "UV_DEFAULT_INDEX) and run make again.")
    venv_python = str(venv / "bin" / "python")
    imported = subprocess.run([venv_python, "-c", "import mxnet"], capture_output=True, text=True,
                              check=False)
    if imported.returncode != 0:
        raise SetupError(mxnet_failed(imported.stderr, missing_libraries(venv_python, host)))


def uv_at_hand() -> bool:
    """Return whether a uv is on the PATH or already fetched, so setup needs no download of it."""
    return bool(shutil.which("uv")) or (cache_dir() / f"uv-{UV_VERSION}" / "uv").is_file()


def which(python: str | None, origin: str, host: Host, say: Callable[[str], None]) -> None:
    """Say which Python 3.11 `make setup` would use here, or how it would get one, changing nothing."""
    request = python_request(host)
    if python:
        say(f"make setup uses {described(explicit_python(python, origin, host))}")
        return
    seen = [found for found in map(probe, path_pythons()) if found]
    fitting = [found for found in seen if fits(host, found.version, found.machine)]
    if fitting:
        say(f"make setup uses {described(fitting[0])}, found on the PATH")
    else:
        others = "; ".join(described(i) for i in distinct(seen)) or "no Python at all"
        fetch = "" if uv_at_hand() else " (and fetches uv first)"
        say(f"No Python 3.11 on the PATH (found {others}): make setup uses {request} from uv, installing "
            f"it into uv's own folder if it is not there yet{fetch}.")
