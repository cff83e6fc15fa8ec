"""The course's interactive figures drawn by ipywidgets 7's own front end (Colab runs ipywidgets 7.7.1).

Run by .ci/test_any_jupyter.sh with the Colab-like environment's Python, to which it has added
Colab's classic Notebook 6.5.7, the widget extension of ipywidgets 7.7.1's time (3.6.1) and
Playwright: `python .ci/widgets_ipywidgets7.py COURSE_FOLDER SCREENSHOTS`. For each notebook with an
interactive figure it runs every cell in Debian's Chromium (no error may show), then runs each
figure's cell again and checks that it is drawn live: its controls and its plot, the plot changing
when the first slider moves by a key press, and the static picture in the output for viewers
without widgets. Colab's own widget manager is not this one; this is the closest that runs offline.

Why each figure's cell runs again: under Run All, this front end loses widgets displayed while the
kernel is busy (a plain `IntSlider()` too, in a notebook of three cells), so a view left empty by
Run All says nothing about the course.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

NOTEBOOKS = ("01_softmax_and_cross_entropy", "04_iterative_refinement", "05_gradient_descent_by_hand")
# Every code cell run once, in order, by the page's new kernel: prompts 1, 2, 3, ...
ALL_RAN = """() => Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')
    .every((c, i) => c.input_prompt_number === i + 1)"""
FIGURES = """() => Jupyter.notebook.get_cells().map((c, i) => [c, i])
    .filter(([c]) => c.cell_type === 'code' && c.get_text().includes('interactive_plot('))
    .map(([, i]) => i)"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(course: Path, log: Path) -> tuple[subprocess.Popen, str, str]:
    """Start the classic Notebook on notebooks/; return it, its base URL and its token."""
    port, token = free_port(), secrets.token_hex(16)
    server = subprocess.Popen(
        [sys.executable, "-m", "notebook", "--no-browser", f"--port={port}", "--ip=127.0.0.1", "--allow-root",
         f"--NotebookApp.token={token}", f"--notebook-dir={course / 'notebooks'}"],
        stdout=subprocess.DEVNULL, stderr=log.open("w"))
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api?token={token}", timeout=1)
            return server, f"http://127.0.0.1:{port}", token
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the Notebook server stopped: see {log}") from None
            time.sleep(0.5)
    raise SystemExit(f"the Notebook server did not answer in a minute: see {log}")


def check_figure(page, index: int, name: str, shots: Path) -> int:
    """Run one figure's cell alone; check it is live and its first slider redraws it; return its sliders."""
    cell = page.locator(".cell").nth(index)
    before_count = page.evaluate(f"Jupyter.notebook.get_cell({index}).input_prompt_number")
    page.evaluate(f"Jupyter.notebook.get_cell({index}).execute()")
    page.wait_for_function(f"() => Jupyter.notebook.get_cell({index}).input_prompt_number > {before_count}",
                           timeout=120_000)
    # The Output widget: `jupyter-widgets-output-area` in ipywidgets 7, `widget-output` in 8.
    plot = cell.locator(".widget-interact .jupyter-widgets-output-area img").first
    plot.wait_for(timeout=60_000)
    kinds = page.evaluate(f"Jupyter.notebook.get_cell({index}).output_area.outputs"
                          ".map(o => Object.keys(o.data || {}))")
    view = "application/vnd.jupyter.widget-view+json"
    assert any("image/png" in k and view in k for k in kinds), f"{name}: no picture beside the view: {kinds}"
    sliders = cell.locator(".widget-slider .ui-slider-handle")
    assert sliders.count() >= 1, f"{name}, cell {index}: no slider drawn"
    before = plot.get_attribute("src")
    sliders.first.scroll_into_view_if_needed()
    sliders.first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([img, src]) => !img.isConnected || img.src !== src",
                           arg=[plot.element_handle(), before], timeout=30_000)
    cell.screenshot(path=str(shots / f"{name}.cell{index}.png"))
    return sliders.count()


def main(course: Path, shots: Path) -> None:
    shots.mkdir(parents=True, exist_ok=True)
    server, base, token = start_server(course, shots / "notebook.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
            for name in NOTEBOOKS:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{base}/notebooks/{name}.ipynb?token={token}")
                page.wait_for_function("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                                       " && Jupyter.notebook.kernel.is_connected()", timeout=60_000)
                started = time.monotonic()
                page.evaluate("Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells()")
                try:
                    page.wait_for_function(ALL_RAN, timeout=300_000, polling=500)
                except Exception:  # noqa: BLE001 - Run All stops at an error: say which, below
                    pass
                errors = page.locator(".output_error").count()
                assert errors == 0, f"{name}: {errors} cells raised an error under ipywidgets 7"
                page.wait_for_function(ALL_RAN, timeout=1_000)
                figures = page.evaluate(FIGURES)
                assert figures, f"{name}: no interactive figure found"
                sliders = [check_figure(page, index, name, shots) for index in figures]
                print(f"{name}: ran in {time.monotonic() - started:.0f} s with no error; "
                      f"{len(figures)} figure(s) drawn live by ipywidgets 7 ({sum(sliders)} sliders), "
                      "each redrawn by its first slider")
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
