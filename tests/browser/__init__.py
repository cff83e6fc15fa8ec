"""The course in a real browser: the Playwright tests of JupyterLab, RISE and the static decks.

What a notebook's committed outputs promise, read here once, is what the tests expect to see.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from slides import LAB_OVERRIDES, NOTEBOOKS, ROOT, SLIDES

__all__ = ["LAB_OVERRIDES", "NOTEBOOKS", "SLIDES", "SCREENSHOTS", "Expected", "expected", "notebooks"]
SCREENSHOTS = ROOT / "build" / "browser"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATH = re.compile(r"\$\$|\$[^$\n]+\$|\\\(|\\\[|\\begin\{")


@dataclass(frozen=True)
class Expected:
    """What a notebook's committed outputs show, counted once for every test."""

    name: str
    code_cells: int  # with their input shown: JupyterLab draws no prompt for a collapsed check cell
    images: int  # image/png outputs, the PNG of each interactive widget included
    slide_images: int  # of those, the ones in cells a deck shows (not `skip`)
    widgets: int  # interactive widgets: a widget view with a PNG of its default state
    math: bool
    slide_math: bool
    notes: int  # speaker-notes cells
    widget_cells: tuple[int, ...]  # index (among all cells) of each cell showing a widget

    @property
    def stem(self) -> str:
        return Path(self.name).stem


def slide_type(cell: dict) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def expected(path: Path) -> Expected:
    nb = json.loads(path.read_text(encoding="utf-8"))
    images = slide_images = widgets = notes = 0
    widget_cells = []
    math = slide_math = False
    code_cells = 0
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        shown = slide_type(cell) != "skip"
        if cell["cell_type"] == "markdown":
            has_math = bool(MATH.search(source))
            math |= has_math
            slide_math |= has_math and shown and slide_type(cell) != "notes"
            notes += slide_type(cell) == "notes"
        if cell["cell_type"] != "code":
            continue
        # A collapsed cell (a check cell, docs/tests.md, or the set-up cell) has no prompt to read;
        # an error in it would show as an error output and stop Run All before the rest.
        code_cells += cell.get("metadata", {}).get("jupyter", {}).get("source_hidden") is not True
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                images += 1
                slide_images += shown
                if WIDGET_VIEW in data:
                    widgets += 1
                    widget_cells.append(index)
    return Expected(path.name, code_cells, images, slide_images, widgets, math, slide_math, notes,
                    tuple(widget_cells))


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def fresh_screenshot_dir(screenshots: Path, kind: str, stem: str) -> Path:
    """Return build/browser/<kind>/, without the screenshots an earlier run took of this notebook."""
    folder = screenshots / kind
    folder.mkdir(exist_ok=True)
    for stale in folder.glob(f"{stem}.*"):
        stale.unlink()
    return folder
