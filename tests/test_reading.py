"""What a student reads: the checks out of the reading path, the text within its word budget.

The course's convention (docs/tests.md, "Check cells"): a code cell that exists to prove a claim rather
than to teach it is a *check cell*. It begins with `# Check:`, prints nothing, is tagged `check`
and `remove-cell` (a site builder drops it), is collapsed in JupyterLab (`source_hidden`) and is
`skip` in the slides. nbval and the second run on other kernels still execute it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if p.name[:2] <= "09"]  # the appendix, 10, is optional reading
LECTURE_BOX = "### What the lecture got wrong here"
WORD = re.compile(r"[A-Za-z0-9$\\]+")

# Markdown words a student reads (speaker notes aside): issue "A text a student reads in half the
# time" set 16,000 for 00-09 and at most half the earlier length for 02, 05, 07 and 08.
TOTAL_WORDS = 16_000
WORDS_BEFORE = {"02": 1958, "05": 4502, "07": 4113, "08": 3809}


def is_check_cell(cell) -> bool:
    return cell.cell_type == "code" and ("check" in cell.metadata.get("tags", [])
                                         or cell.source.startswith("# Check:"))


def read_words(path: Path) -> int:
    """Return the markdown words of a notebook a student reads: speaker notes are not counted."""
    cells = nbformat.read(path, as_version=4).cells
    return sum(len(WORD.findall(c.source)) for c in cells if c.cell_type == "markdown"
               and not c.source.lstrip().startswith("Speaker notes")
               and c.metadata.get("slideshow", {}).get("slide_type") != "notes")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem[:2] for p in NOTEBOOKS])
def test_every_check_cell_is_out_of_the_reading_path_and_prints_nothing(path):
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if not is_check_cell(cell):
            continue
        where = f"{path.name} cell {index}"
        assert cell.source.startswith("# Check:"), f"{where}: a check cell begins with '# Check:'"
        assert {"check", "remove-cell"} <= set(cell.metadata.get("tags", [])), f"{where}: tags"
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{where}: collapsed"
        assert cell.metadata.get("slideshow", {}).get("slide_type") == "skip", f"{where}: skip in slides"
        assert cell.outputs == [], f"{where}: a check cell prints nothing; it asserts"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem[:2] for p in LESSONS])
def test_at_most_one_box_on_the_lectures_mistakes(path):
    cells = nbformat.read(path, as_version=4).cells
    assert sum(LECTURE_BOX in c.source for c in cells if c.cell_type == "markdown") <= 1


def test_the_reading_load_stays_within_its_budget():
    words = {p.name[:2]: read_words(p) for p in LESSONS}
    assert sum(words.values()) <= TOTAL_WORDS, words
    for number, before in WORDS_BEFORE.items():
        assert words[number] <= before / 2, (number, words[number], before)
