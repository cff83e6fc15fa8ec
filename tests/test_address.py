"""The course's public address: set once (pyproject.toml), and every link and set-up cell agrees.

A link that names another repository or branch would open a stale or foreign copy on Colab, Kaggle
or Binder; a set-up cell with another address would clone it.
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
from pathlib import Path

import pytest

from setup import address

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Launch links of any repository: (repository, branch, the file they open).
LAUNCH = [
    re.compile(r"colab\.research\.google\.com/github/([\w.-]+/[\w.-]+)/blob/([\w.-]+)/([\w./-]+)"),
    re.compile(r"kaggle\.com/kernels/welcome\?src=https://github\.com/([\w.-]+/[\w.-]+)/blob/([\w.-]+)/([\w./-]+)"),
    re.compile(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/([\w.-]+)\?urlpath=lab/tree/([\w./-]+)"),
]


def launch_links(text: str) -> list[tuple[str, str, str]]:
    return [match.groups() for pattern in LAUNCH for match in pattern.finditer(text)]


def set_up_cell(path: Path) -> dict:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return next(cell for cell in cells if cell["cell_type"] == "code")


def test_every_launch_link_opens_this_course_on_its_branch():
    for place in address.places():
        for repository, branch, target in launch_links(place.read_text(encoding="utf-8")):
            assert (repository, branch) == (address.repository(), address.BRANCH), place
            assert (ROOT / target).is_file(), f"{place.name} opens {target}, which does not exist"


def test_the_readme_opens_every_notebook_in_colab_and_kaggle_and_00_opens_itself():
    readme = (ROOT / "README.md").read_text()
    colab = {match.group(3) for match in LAUNCH[0].finditer(readme)}
    assert colab == {f"notebooks/{p.name}" for p in NOTEBOOKS}
    assert {match.group(3) for match in LAUNCH[1].finditer(readme)} == colab  # Kaggle too
    start = (ROOT / "notebooks" / "00_start_here.ipynb").read_text()
    assert [match.group(3) for match in LAUNCH[1].finditer(start)] == ["notebooks/00_start_here.ipynb"]


def test_every_notebook_opens_with_the_same_set_up_cell_and_the_address():
    cells = [set_up_cell(path) for path in NOTEBOOKS]
    assert {cell["id"] for cell in cells} == {"set-up"}
    assert all(cell["outputs"] == [] for cell in cells), "in the course's folder it prints nothing"
    sources = {"".join(cell["source"]) for cell in cells}
    assert len(sources) == 1, "the set-up cells differ"
    source = sources.pop()
    assert f'COURSE_URL = "https://github.com/{address.repository()}"' in source
    assert len(source.splitlines()) <= 20


def test_the_clone_commands_and_the_site_use_it():
    readme = (ROOT / "README.md").read_text()
    clones = re.findall(r"git clone (\S+)", readme)
    assert clones and set(clones) == {f"https://github.com/{address.repository()}.git"}
    conf = runpy.run_path(str(ROOT / "book" / "conf.py"))
    assert (conf["REPOSITORY"], conf["BRANCH"]) == (address.repository(), address.BRANCH)


def copy_places(into: Path) -> None:
    """Copy every file that carries the address into a folder, in the repository's layout."""
    for place in address.places():
        copy = into / place.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(place, copy)


def test_make_address_rewrites_every_copy(tmp_path):
    copy_places(tmp_path)
    old = address.repository()
    before = {p: len(address.links_to(old, p.read_text())) for p in address.places(tmp_path)}
    changed = address.set_address("https://github.com/course-org/backprop.course.git", tmp_path)
    assert address.repository(tmp_path) == "course-org/backprop.course"
    assert set(changed) == {p for p, n in before.items() if n}
    for place, count in before.items():
        text = place.read_text()
        assert len(address.links_to("course-org/backprop.course", text)) == count
        assert not address.links_to(old, text)


@pytest.mark.parametrize("url", ["OWNER/REPO", "https://gitlab.com/org/name", "https://github.com/org"])
def test_make_address_refuses_what_is_not_a_github_repository(tmp_path, url):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with pytest.raises(ValueError, match="https://github.com/ORG/NAME"):
        address.set_address(url, tmp_path)
    assert (tmp_path / "pyproject.toml").read_text() == (ROOT / "pyproject.toml").read_text()


def test_make_address_leaves_no_half_written_file(tmp_path, monkeypatch):
    copy_places(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    def full_disk(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr(address.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        address.set_address("https://github.com/course-org/backprop", tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # no .part left
    assert (tmp_path / "pyproject.toml").read_text() == (ROOT / "pyproject.toml").read_text()
