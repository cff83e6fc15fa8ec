"""Command line of the set-up, as the Makefile calls it: `python3 -m setup environment|which-python|lock`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from setup.environment import build, which
from setup.lockfile import disagreements, pins, unpinned_lines
from setup.platforms import SetupError, this_host
from setup.uv import find_uv

LOCK_PLATFORMS = Path(__file__).resolve().parent / "lock"
# One lock for Linux x86-64 and aarch64 and macOS x86-64 (the platforms listed in lock/pyproject.toml),
# with the hashes of each platform's wheels, and only wheels: nothing is built, so no package's code runs
# at install. A package gets two versions only where one cannot serve all (markers say which applies).
LOCK_OPTIONS = ["--universal", "--python-version", "3.11", "--generate-hashes", "--only-binary", ":all:",
                "--emit-build-options", "--custom-compile-command", "make lock"]


def say(message: str) -> None:
    """Print one step of the set-up as it happens, wrapped to 100 columns."""
    print(wrapped(message, indent="  "), flush=True)


def wrapped(text: str, indent: str = "") -> str:
    """Return text folded to 100 columns between words only, so commands and paths stay whole."""
    return textwrap.fill(text, width=100, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def lock(requirements: Path, lock_file: Path, upgrade: bool) -> None:
    """Regenerate the lock from requirements.txt through a temporary file, renamed once it is checked."""
    problems = [f"`{line}` is not an exact pin" for line in unpinned_lines(requirements.read_text())]
    if problems:
        raise SetupError("requirements.txt holds exact pins only: " + "; ".join(problems) + ".")
    uv = find_uv(this_host(), say, exact=True)
    tmp = lock_file.with_name(f".{lock_file.name}.tmp")
    try:
        # uv keeps the versions of the file it writes to where requirements.txt allows: start from the lock.
        if lock_file.exists() and not upgrade:
            shutil.copyfile(lock_file, tmp)
        say(f"Resolving {requirements} for every platform of {LOCK_PLATFORMS / 'pyproject.toml'} ...")
        command = [uv, "--project", str(LOCK_PLATFORMS), "pip", "compile", *LOCK_OPTIONS,
                   *(["--upgrade"] if upgrade else []), "--quiet", str(requirements), "-o", str(tmp)]
        if subprocess.run(command, check=False).returncode != 0:
            raise SetupError(f"uv could not resolve {requirements} (its message is above).")
        problems = disagreements(requirements.read_text(), tmp.read_text())
        if problems:
            raise SetupError("The new lock does not hold requirements.txt: " + "; ".join(problems) + ".")
        unchanged = lock_file.exists() and lock_file.read_bytes() == tmp.read_bytes()
        os.replace(tmp, lock_file)
    finally:
        if tmp.exists():
            tmp.unlink()
    count = len({pin.name for pin in pins(lock_file.read_text())})
    say(f"{lock_file}: {count} packages, {'unchanged' if unchanged else 'rewritten'}.")


def main(argv: list[str]) -> int:
    """Run one set-up command; return the exit status (1 with a message when something needs fixing)."""
    parser = argparse.ArgumentParser(prog="python3 -m setup", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    env = commands.add_parser("environment", help="build or update the environment from the lock")
    env.add_argument("--venv", type=Path, required=True)
    for command in (env, commands.add_parser("which-python", help="say which Python 3.11 setup uses")):
        command.add_argument("--python", default="", help="an interpreter to use instead of searching")
        command.add_argument("--python-origin", default="command line", help="where PYTHON was set")
    relock = commands.add_parser("lock", help="regenerate the lock from requirements.txt")
    relock.add_argument("--upgrade", action="store_true", help="newest releases of the unpinned packages")
    for command in (env, relock):
        command.add_argument("--requirements", type=Path, default=Path("requirements.txt"))
        command.add_argument("--lock", type=Path, default=Path("requirements.lock"))
    args = parser.parse_args(argv)
    try:
        if args.command == "environment":
            build(args.venv, args.lock, args.requirements, args.python or None, args.python_origin,
                  this_host(), find_uv, say)
        elif args.command == "which-python":
            which(args.python or None, args.python_origin, this_host(), say)
        else:
            lock(args.requirements, args.lock, args.upgrade)
    except SetupError as problem:
        print("\n" + wrapped(str(problem)) + "\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
