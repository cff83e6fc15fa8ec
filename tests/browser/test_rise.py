"""Live slides: every notebook opened in jupyterlab-rise's slideshow, with its committed outputs.

An instructor presents from JupyterLab (View > Render Notebook as Slideshow, or Alt+R). RISE must
start, use the course's theme (serif: no web fonts), typeset math, show each widget as the picture
of its default state (its own app has no ipywidgets manager: jupyterlab-contrib/rise issue 119)
and ask nothing from outside 127.0.0.1. On a 1280x720 screen, with the course's notebooks/rise.css,
its text and code must be large enough to read from the back of a room, and the slides taller than
the screen may not grow in number (tests/browser/legibility.py). Screenshots go to
build/browser/rise/.
"""

from __future__ import annotations

import time

import pytest

from tests.browser import expected, fresh_screenshot_dir, legibility, notebooks
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

# RISE's reveal.js is not reachable from the page: each slide is shown through its URL, as
# show_slide_of does, and measured once reveal.js has made it the present one.
LEGIBILITY_JS = """async () => {
    const measure = """ + legibility.MEASURE_JS + """;
    const sections = Array.from(document.querySelectorAll('.reveal .slides section[id^="slide-"]'));
    const slides = [];
    for (const section of sections) {
        location.hash = '#/' + section.id;
        for (let tries = 0; tries < 100 && !section.classList.contains('present'); tries++) {
            await new Promise(resolve => setTimeout(resolve, 20));
        }
        slides.push(measure(section));
    }
    location.hash = '#/' + sections[0].id;
    return {slides: slides, box: document.querySelector('.reveal').getBoundingClientRect().height};
}"""


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.stem for p in NOTEBOOK_PATHS])
def test_rise_slideshow_shows_committed_outputs(path, lab, context_factory, screenshots, overflowing_slides):
    want = expected(path)
    shots = fresh_screenshot_dir(screenshots, "rise", path.stem)
    context, network = context_factory()
    page = context.new_page()
    page.set_viewport_size(legibility.VIEWPORT)
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

        measured = page.evaluate(LEGIBILITY_JS)
        small, tall = legibility.check(path.name, measured["slides"], measured["box"])
        overflowing_slides["rise"][path.stem] = tall
        print(f"  {legibility.summary(path.name, measured['slides'])}; {len(tall)} slide(s) taller "
              "than the screen" + "".join(f"\n    {t}" for t in tall))
        assert not small, (f"{path.name} is too small to read at 1280x720 (is notebooks/rise.css "
                           "beside the notebook?): " + "; ".join(small))
    except BaseException:
        page.screenshot(path=shots / f"{path.stem}.failed.png")
        raise
    finally:
        page.close()
        lab.shut_down_kernels()


def test_no_more_slides_overflow_than_before(overflowing_slides):
    legibility.assert_ceiling("rise", overflowing_slides, NOTEBOOK_PATHS)
