"""Live slides: every notebook opened in jupyterlab-rise's slideshow, with its committed outputs.

An instructor presents from JupyterLab (View > Render Notebook as Slideshow, or Alt+R). RISE must
start, use the course's theme (serif: no web fonts), typeset math, show each widget as the picture
of its default state (its own app has no ipywidgets manager: jupyterlab-contrib/rise issue 119)
and ask nothing from outside 127.0.0.1. Screenshots go to build/browser/rise/.
"""

from __future__ import annotations

import time

import pytest

from tests.browser import expected, fresh_screenshot_dir, notebooks
from tests.browser.test_lab import show_slide_of, wait_for

NOTEBOOK_PATHS = notebooks()

STATE_JS = """() => {
    const reveal = document.querySelector('.reveal');
    const images = Array.from(document.querySelectorAll('.jp-OutputArea-output img'));
    const heading = document.querySelector('.reveal .slides h1, .reveal .slides h2');
    return {
        ready: !!(reveal && reveal.classList.contains('ready')),
        slides: document.querySelectorAll('.reveal .slides section').length,
        images: images.length,
        broken_images: images.filter(i => !(i.complete && i.naturalWidth > 0)).length,
        math: document.querySelectorAll('mjx-container, .MathJax, .MathJax_CHTML').length,
        repr_text: (Array.from(document.querySelectorAll('.jp-OutputArea')).map(e => e.textContent)
            .join('\\n').match(/(interactive|HBox|VBox)\\(children=/) || [null])[0],
        heading_font: heading ? getComputedStyle(heading).fontFamily : '',
    };
}"""


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.stem for p in NOTEBOOK_PATHS])
def test_rise_slideshow_shows_committed_outputs(path, lab, context_factory, screenshots):
    want = expected(path)
    shots = fresh_screenshot_dir(screenshots, "rise", path.stem)
    context, network = context_factory()
    page = context.new_page()
    started = time.monotonic()
    try:
        page.goto(lab.page_url(f"/rise/{path.name}"))
        state = wait_for(page, "RISE to start reveal.js",
                         lambda: (s := page.evaluate(STATE_JS))["ready"] and s["slides"] and s, 90)
        page.wait_for_timeout(1500)  # math typeset, images decoded
        state = page.evaluate(STATE_JS)
        page.screenshot(path=shots / f"{path.stem}.png")
        if want.widget_cells:
            show_slide_of(page.main_frame, page.locator(".jp-Cell").nth(want.widget_cells[0]))
            page.screenshot(path=shots / f"{path.stem}.widget.png")

        assert state["slides"] > 1, f"RISE made {state['slides']} slide(s)"
        assert state["repr_text"] is None, f"a widget shows as text: {state['repr_text']}"
        assert state["images"] >= want.images, (
            f"{state['images']} images shown, the committed notebook has {want.images}")
        assert state["broken_images"] == 0, f"{state['broken_images']} images did not load"
        if want.math:
            assert state["math"] > 0, "the notebook has LaTeX but RISE typeset none"
        assert "Palatino" in state["heading_font"], (
            f"RISE is not using the course's serif theme (headings in {state['heading_font']}): "
            "are slides/lab_settings/overrides.json's settings applied?")
        network.assert_all_local()
        print(f"{path.name}: {state['slides']} slides, {state['images']} images, "
              f"{state['math']} formulas ({time.monotonic() - started:.1f} s)")
    except BaseException:
        page.screenshot(path=shots / f"{path.stem}.failed.png")
        raise
    finally:
        page.close()
        lab.shut_down_kernels()
