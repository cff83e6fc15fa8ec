"""Can the back of the room read the slides? Sizes as seen on a 1280x720 screen, in RISE and the decks.

Thresholds, in pixels of a 1280x720 screen (a projector's picture, whatever its real resolution):

- body text at least 24px. The ergonomics standards for displays (ISO 9241-3, ANSI/HFES 100, and
  NUREG-0700 for displays read across a control room) ask that characters subtend at least 16
  minutes of arc at the farthest viewer. A capital letter is about 0.7 of the font size in the
  fonts the slides use, so text of F px on a screen H px tall meets that up to 150 * F / H screen
  heights away: 5 screen heights for 24px, a classroom whose back row is 7.5 m from a screen 1.5 m
  tall. 24px on a 720px screen is also 18 pt on presentation software's 13.33 x 7.5 inch slide,
  the size below which slide-design guides say text stops being readable.
- code and printed output at least 18px (legible up to 3.8 screen heights away). Code is read
  slowly while the presenter points at it, and it should not wrap: a line of 110 columns, the
  course's limit (ruff's line-length), fills a 1280px-wide slide at 19px, so larger code wraps
  the longest lines (RISE, whose prompts take some of the width, wraps a few already).
- a plot is drawn at its natural size (the size JupyterLab shows it at, times the slide's scale)
  or at least PLOT_MIN_PX tall: the CSS shrinks no plot further to make room for text. What the
  plot's lettering then looks like is the figure's business (its font sizes and dpi).

What a viewer sees is the computed font size times the scale the slide is drawn at (reveal.js
scales a static deck's 1280x720 slide to the window with a CSS transform; RISE draws at scale 1
and sizes its text from the window in notebooks/rise.css), so every size is measured as
getComputedStyle's size times getBoundingClientRect's width over the element's layout width.
"""

from __future__ import annotations

import functools
import json

import pytest

from tests.browser import NOTEBOOKS

VIEWPORT = {"width": 1280, "height": 720}
BODY_MIN_PX = 24.0
CODE_MIN_PX = 18.0
PLOT_MIN_PX = 380.0

# Slides, over every notebook, whose content may be taller than a 1280x720 screen: they scroll,
# and an audience loses its place when a slide scrolls. None is, since every tall slide was split;
# a new one fails the test with its notebook, cells and excess, so that it gets split too.
OVERFLOW_CEILING = {"rise": 0, "static": 0}

# Run on one shown slide (a <section>): the smallest sizes a viewer sees on it, every plot's
# drawn and natural height, the slide's own height as drawn and which notebook cells it holds.
MEASURE_JS = """(slide) => {
    // offsetWidth is rounded to whole pixels: over the width of a block, that is under 0.1%.
    const scale = (e) => e.offsetWidth ? e.getBoundingClientRect().width / e.offsetWidth : 1;
    const seen = (selector) => Array.from(slide.querySelectorAll(selector))
        .filter(e => e.offsetHeight > 0 && e.textContent.trim())
        .map(e => parseFloat(getComputedStyle(e).fontSize) * scale(e));
    const cells = Array.from(document.querySelectorAll('.jp-Cell'));
    return {
        body: seen('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li'),
        code: seen('.jp-InputArea-editor pre, .jp-InputArea-editor .cm-line'),
        output: seen('.jp-OutputArea-output pre'),
        plots: Array.from(slide.querySelectorAll('.jp-OutputArea-output img'))
            .filter(i => i.naturalHeight > 0)
            .map(i => [i.getBoundingClientRect().height, i.naturalHeight, scale(i)]),
        height: slide.scrollHeight * scale(slide),
        cell_ids: Array.from(slide.querySelectorAll('.jp-Cell')).map(c => c.id),
        cell_positions: Array.from(slide.querySelectorAll('.jp-Cell')).map(c => cells.indexOf(c)),
    };
}"""


@functools.cache
def _cell_ids(notebook: str) -> list[str]:
    return [c.get("id") for c in json.loads((NOTEBOOKS / notebook).read_text())["cells"]]


def cell_indices(notebook: str, measured: dict) -> list[int]:
    """The notebook's cell indices on a measured slide (0-based, in the notebook's cells list)."""
    ids = [i.removeprefix("cell-id=") for i in measured["cell_ids"] if i.startswith("cell-id=")]
    if ids:  # a static deck names its cells by id
        order = _cell_ids(notebook)
        return [order.index(i) for i in ids if i in order]
    return [p for p in measured["cell_positions"] if p >= 0]  # RISE shows every cell, in order


def check(notebook: str, slides: list[dict], screen_height: float) -> tuple[list[str], list[str]]:
    """What is too small to read (one line per kind of text, and per plot), and the slides taller
    than the screen, one line each: the notebook, its cells on the slide, the height as drawn."""
    small, tall = [], []
    under = {"body": [], "code": [], "output": []}
    for number, measured in enumerate(slides, start=1):
        cells = cell_indices(notebook, measured)
        span = f"{cells[0]}-{cells[-1]}" if len(cells) > 1 else (f"{cells[0]}" if cells else "?")
        where = f"slide {number} (cells {span})"
        for kind, floor in (("body", BODY_MIN_PX), ("code", CODE_MIN_PX), ("output", CODE_MIN_PX)):
            if measured[kind] and min(measured[kind]) < floor - 0.05:
                under[kind].append((min(measured[kind]), where))
        for drawn, natural, scale in measured["plots"]:
            if drawn < min(natural * scale, PLOT_MIN_PX) - 1:
                small.append(f"{where}: a plot {natural}px tall is drawn {drawn:.0f}px tall")
        if measured["height"] > screen_height + 1:
            tall.append(f"{notebook} cells {span}: {measured['height']:.0f}px, "
                        f"{measured['height'] - screen_height:.0f}px too tall")
    for kind, found in under.items():
        if found:
            floor = BODY_MIN_PX if kind == "body" else CODE_MIN_PX
            size, first = min(found)
            small.append(f"{kind} text at {size:.1f}px, under {floor:.0f}px, on {len(found)} slide(s), "
                         f"the smallest on {first}")
    return small, tall


def summary(notebook: str, slides: list[dict]) -> str:
    def smallest(kind):
        values = [v for m in slides for v in m[kind]]
        return f"{min(values):.1f}px" if values else "none"
    return (f"{notebook} at 1280x720: body {smallest('body')}, code {smallest('code')}, "
            f"output {smallest('output')}")


def assert_ceiling(kind: str, overflowing: dict, paths) -> None:
    """Fail if more slides than OVERFLOW_CEILING[kind] are taller than the screen, over all notebooks."""
    counted = overflowing[kind]
    missing = [p.stem for p in paths if p.stem not in counted]
    if missing:
        pytest.skip(f"the ceiling counts every notebook; not measured in this run: {', '.join(missing)}")
    tall = [slide for stem in sorted(counted) for slide in counted[stem]]
    ceiling = OVERFLOW_CEILING[kind]
    print(f"{kind}: {len(tall)} slides taller than a 1280x720 screen (ceiling {ceiling})")
    assert len(tall) <= ceiling, (
        f"{len(tall)} {kind} slides are taller than the screen, more than the {ceiling} counted last: "
        "split the new ones (their notebook, cells and excess above)")
    if len(tall) < ceiling:
        print(f"  {ceiling - len(tall)} fewer than the ceiling: lower OVERFLOW_CEILING[{kind!r}] "
              f"in {__name__.replace('.', '/')}.py to {len(tall)}")
