"""The course's public address: set once in pyproject.toml, copied into every link that opens it.

The notebooks' set-up cells clone the course from it; the README's, 00's and the website's Colab,
Kaggle and Binder links open notebooks from it. `make address URL=https://github.com/ORG/NAME`
rewrites every copy at once; tests/test_address.py checks that they all agree.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRANCH = "main"
# A course link names the repository right after one of these (a clone, a file, a launch link).
_BEFORE = r"(?:https://github\.com/|mybinder\.org/v2/gh/|colab\.research\.google\.com/github/)"
_AFTER = r"(?=\.git\b|[^\w.-]|$)"  # and ends there: OWNER/REPO is not OWNER/REPO-old
_GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9-]+/[A-Za-z0-9._-]+?)(?:\.git)?/?$")


def repository(root: Path = ROOT) -> str:
    """Return the course's GitHub path, "owner/name", from pyproject.toml's [project.urls]."""
    # A regular expression, not tomllib: setup/ runs on any python3 from 3.8 (see the Makefile).
    url = re.search(r'^Repository = "([^"]*)"$', (root / "pyproject.toml").read_text(), re.M).group(1)
    return _GITHUB.match(url).group(1)


def places(root: Path = ROOT) -> list[Path]:
    """Return the files that carry the address: pyproject.toml, the README, notebooks, site and docs."""
    found = [root / "pyproject.toml", root / "README.md", root / "book" / "index.md"]
    found += sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted((root / "docs").glob("*.md"))
    return found


def links_to(path: str, text: str) -> list[str]:
    """Return every course link in text that names the repository path given."""
    return re.findall(_BEFORE + re.escape(path) + _AFTER, text)


def set_address(url: str, root: Path = ROOT) -> list[Path]:
    """Point every copy of the address at url; return the files changed (each replaced whole)."""
    match = _GITHUB.match(url.strip())
    if not match:
        raise ValueError(f"{url!r} is not a GitHub repository's address. Give it as "
                         "https://github.com/ORG/NAME: Colab, Kaggle and Binder open notebooks from GitHub.")
    old, new = repository(root), match.group(1)
    pattern = re.compile(f"({_BEFORE}){re.escape(old)}{_AFTER}")
    changed = {}
    for path in places(root):
        text = path.read_text(encoding="utf-8")
        fixed = pattern.sub(lambda m: m.group(1) + new, text)
        if fixed != text:
            changed[path] = fixed
    for path, text in changed.items():  # every file computed first, then each replaced in one rename
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.chmod(temporary, path.stat().st_mode & 0o777)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)  # no half-written copy is left beside the file
            raise
    return list(changed)


def main(argv: list[str]) -> int:
    """`python3 -m setup.address URL`: set the address; print what changed, or why not."""
    if len(argv) != 1:
        print("usage: make address URL=https://github.com/ORG/NAME", file=sys.stderr)
        return 2
    try:
        changed = set_address(argv[0])
    except ValueError as problem:
        print(f"make address: {problem}", file=sys.stderr)
        return 1
    print(f"The course's address is now https://github.com/{repository()} "
          f"({len(changed)} files changed: {', '.join(p.relative_to(ROOT).as_posix() for p in changed)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
