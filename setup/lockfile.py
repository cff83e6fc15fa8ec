"""requirements.txt (the direct pins people edit) against requirements.lock (everything, with hashes)."""

from __future__ import annotations

import re
from typing import NamedTuple

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([^\s;\\]+)")


class Pin(NamedTuple):
    name: str          # normalised as PyPI does: lower case, runs of "-_." as one "-"
    version: str
    hashes: int        # how many --hash options the requirement carries


def normal_name(name: str) -> str:
    """Return a package name normalised as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> list[Pin]:
    """Return every `name==version` requirement of a requirements file's text, continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    found = []
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip()
        match = REQUIREMENT.match(line)
        if match:
            found.append(Pin(normal_name(match.group(1)), match.group(2), line.count("--hash=")))
    return found


def unpinned_lines(text: str) -> list[str]:
    """Return the requirement lines of requirements.txt that are not an exact `name==version` pin."""
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("-") and not REQUIREMENT.match(line)]


def disagreements(requirements: str, lock: str) -> list[str]:
    """Return one sentence per way the lock fails requirements.txt: a pin missing, changed or unhashed."""
    locked: dict[str, set[str]] = {}
    problems = [f"requirements.txt has `{line}`, which is not an exact pin (name==version)"
                for line in unpinned_lines(requirements)]
    for pin in pins(lock):
        locked.setdefault(pin.name, set()).add(pin.version)
        if pin.hashes == 0:
            problems.append(f"requirements.lock has {pin.name}=={pin.version} without a hash")
    for pin in pins(requirements):
        if pin.name not in locked:
            problems.append(f"requirements.txt pins {pin.name}=={pin.version}, which requirements.lock lacks")
        elif locked[pin.name] != {pin.version}:
            held = ", ".join(sorted(locked[pin.name]))
            problems.append(f"requirements.txt pins {pin.name}=={pin.version}, requirements.lock has {held}")
    return problems
