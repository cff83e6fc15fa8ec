"""Which Python 3.11 can run MXNet 1.9.1 on this machine: small pure decisions, tested for every platform."""

from __future__ import annotations

import platform
import subprocess
from typing import NamedTuple


class SetupError(Exception):
    """A problem the user can fix; the message says what is wrong and what to do."""


class Host(NamedTuple):
    system: str    # "Linux", "Darwin" or "Windows"
    machine: str   # the processor: "x86_64", "aarch64" (Linux) or "arm64" (Apple Silicon)
    rosetta: bool  # an Apple Silicon Mac that can run x86-64 programs under Rosetta 2


WSL_HELP = (
    "MXNet 1.9.1 has no wheels for Windows, so the course runs in WSL 2 (Linux inside Windows). "
    "In PowerShell as administrator: `wsl --install -d Ubuntu-24.04`, restart, open Ubuntu from the "
    "Start menu, then follow the Debian/Ubuntu steps of README.md (\"Set-up on your machine\")."
)
ROSETTA_HELP = (
    "This Mac has Apple Silicon and MXNet 1.9.1 has wheels only for Intel Macs: the course runs an "
    "x86-64 Python 3.11 under Rosetta 2, which is not installed. Install it with "
    "`softwareupdate --install-rosetta --agree-to-license`, then run make again."
)


def normal_machine(machine: str) -> str:
    """Return one name per processor family: "x86_64" for AMD64/x64, "aarch64" for arm64."""
    return {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64"}.get(machine.lower(), machine)


def host_from(system: str, machine: str, apple_silicon: bool = False, rosetta: bool = False) -> Host:
    """Return the Host for raw facts (platform.system(), platform.machine() and, on macOS, the hardware's)."""
    if system.startswith(("CYGWIN", "MINGW", "MSYS")):
        system = "Windows"
    machine = normal_machine(machine)
    if system == "Darwin" and (apple_silicon or machine == "aarch64"):
        # A Python running under Rosetta reports x86_64; the hardware is still Apple Silicon.
        return Host("Darwin", "arm64", rosetta)
    return Host(system, machine, False)


def _output(command: list[str]) -> str | None:
    """Return what the command printed, or None if it failed or does not exist."""
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=20, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def this_host() -> Host:
    """Return the Host this code runs on, asking macOS for its hardware and for Rosetta 2."""
    system, machine = platform.system(), platform.machine()
    if system != "Darwin":
        return host_from(system, machine)
    apple_silicon = _output(["sysctl", "-n", "hw.optional.arm64"]) == "1"
    rosetta = apple_silicon and _output(["arch", "-x86_64", "/usr/bin/true"]) is not None
    return host_from(system, machine, apple_silicon, rosetta)


def interpreter_machine(host: Host) -> str:
    """Return the processor a Python 3.11 must be built for on this host to install the MXNet wheel."""
    return "x86_64" if host.system == "Darwin" else host.machine


def python_request(host: Host) -> str:
    """Return uv's name for the CPython 3.11 the course needs here; raise SetupError where none can run."""
    if host.system == "Windows":
        raise SetupError(WSL_HELP)
    if host.system == "Darwin" and host.machine == "arm64" and not host.rosetta:
        raise SetupError(ROSETTA_HELP)
    if host.system == "Darwin" and host.machine in ("x86_64", "arm64"):
        return "cpython-3.11-macos-x86_64"
    if host.system == "Linux" and host.machine in ("x86_64", "aarch64"):
        return f"cpython-3.11-linux-{host.machine}-gnu"
    raise SetupError(
        f"MXNet 1.9.1 has wheels for Linux x86-64 and aarch64 and for Intel macOS only, and this is "
        f"{host.system} on {host.machine}. Use Binder (the badge in README.md), the dev container "
        f"(.devcontainer/, e.g. in GitHub Codespaces), or a Linux x86-64 machine."
    )


def fits(host: Host, version: tuple[int, int], machine: str) -> bool:
    """Return whether a Python of this version, built for this processor, can run the course on the host."""
    return version == (3, 11) and normal_machine(machine) == interpreter_machine(host)


# What MXNet's Linux wheels link against without shipping it (read off the wheels with readelf), with
# Debian's and Fedora's package names; None where no distribution packages it.
ARM_PERFORMANCE_LIBRARIES = {"libarmpl_lp64_mp.so": None, "libamath.so": None, "libastring.so": None}
SYSTEM_LIBRARIES = {
    "x86_64": {"libgomp.so.1": ("libgomp1", "libgomp"), "libquadmath.so.0": ("libquadmath0", "libquadmath")},
    "aarch64": {"libgomp.so.1": ("libgomp1", "libgomp"), **ARM_PERFORMANCE_LIBRARIES},
}
ARMPL_HELP = (
    "MXNet's aarch64 wheel also needs the Arm Performance Libraries (libarmpl_lp64_mp.so, libamath.so, "
    "libastring.so), which no distribution packages: install them from Arm's developer site "
    "(developer.arm.com, \"Arm Performance Libraries\") and put their lib folder on LD_LIBRARY_PATH, or "
    "use an x86-64 machine or Binder."
)
LOADS = "import ctypes, sys\nfor name in sys.argv[1:]:\n" \
        "    try: ctypes.CDLL(name)\n    except OSError: print(name)"


def missing_libraries(python: str, host: Host) -> list[str]:
    """Return which of the system libraries MXNet needs on this host the dynamic loader cannot find."""
    names = list(SYSTEM_LIBRARIES.get(host.machine, {})) if host.system == "Linux" else []
    if not names:
        return []
    out = subprocess.run([python, "-c", LOADS, *names], capture_output=True, text=True, check=False).stdout
    return [name for name in out.split() if name in names]


def mxnet_failed(stderr: str, missing: list[str]) -> str:
    """Return the message for an environment in which `import mxnet` fails, naming what to install."""
    known = {**SYSTEM_LIBRARIES["x86_64"], **SYSTEM_LIBRARIES["aarch64"]}
    packaged = [name for name in missing if known.get(name)]
    advice = []
    if packaged:
        debian = " ".join(known[name][0] for name in packaged)
        fedora = " ".join(known[name][1] for name in packaged)
        advice.append(f"Install {', '.join(packaged)} (Debian, Ubuntu: `sudo apt-get install {debian}`; "
                      f"Fedora: `sudo dnf install {fedora}`).")
    if any(name in ARM_PERFORMANCE_LIBRARIES for name in missing):
        advice.append(ARMPL_HELP)
    if advice:
        return (f"The environment is installed, but MXNet needs the system's {', '.join(missing)}, which "
                f"this machine lacks. {' '.join(advice)} Then run make again.")
    last = (stderr.strip().splitlines() or ["no message"])[-1]
    return (f"The environment is installed, but `import mxnet` fails: {last}. If that names a missing "
            "library, install the system package that provides it; then run make again.")
