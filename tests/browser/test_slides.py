"""Static slides: every deck `make slides` wrote, opened from a local web server in Chromium.

Each deck must start (reveal.js loaded, more than one slide), typeset its math, show every plot
and widget picture of the slides it keeps, never a widget's repr, and load everything from
127.0.0.1. On a 1280x720 screen its text and code must be large enough to read from the back of a
room, and the slides taller than the screen may not grow in number (tests/browser/legibility.py).
Screenshots go to build/browser/slides/.
"""

from __future__ import annotations

import time

import pytest

from tests.browser import SLIDES, expected, fresh_screenshot_dir, legibility, notebooks

NOTEBOOK_PATHS = notebooks()
REVEAL = "assets/reveal.js/dist/reveal.js"  # the module name require.js gave reveal.js

STATE_JS = """() => {
    const images = Array.from(document.querySelectorAll('.reveal .slides img'));
    return {
        ready: !!document.querySelector('.reveal.ready'),
        slides: document.querySelectorAll('.reveal .slides section').length,
        images: images.length,
        broken_images: images.filter(i => !(i.complete && i.naturalWidth > 0)).length,
        math: document.querySelectorAll('.MathJax_CHTML, .MathJax, mjx-container').length,
        math_errors: document.querySelectorAll('.MathJax_Error, merror, .mjx-merror').length,
        notes: document.querySelectorAll('.reveal aside.notes').length,
        repr_text: (Array.from(document.querySelectorAll('.jp-OutputArea')).map(e => e.textContent)
            .join('\\n').match(/(interactive|HBox|VBox)\\(children=/) || [null])[0],
    };
}"""


def goto_slide_of(page, selector: str) -> bool:
    """Show the slide holding the first element matching selector; False if there is none."""
    return page.evaluate(
        """([selector, reveal]) => {
            const element = document.querySelector(selector);
            if (!element) return false;
            const deck = require(reveal);
            const section = element.closest('section');
            const indices = deck.getIndices(section);
            // with every fragment of the slide shown
            deck.slide(indices.h, indices.v, section.querySelectorAll('.fragment').length - 1);
            return true;
        }""",
        [selector, REVEAL],
    )


# Every slide shown in turn, every fragment of it shown, and measured as a viewer sees it: after
# the deck's own MathJax.Hub.Rerender of the slide it shows (on slidechanged), which changes the
# height of a slide with formulas by up to 200px.
LEGIBILITY_JS = """async (reveal) => {
    const measure = """ + legibility.MEASURE_JS + """;
    const deck = require(reveal);
    const frames = (done) => requestAnimationFrame(() => requestAnimationFrame(done));
    const settled = () => new Promise(done => window.MathJax && MathJax.Hub
        ? MathJax.Hub.Queue(() => frames(done)) : frames(done));
    const slides = [];
    for (const slide of deck.getSlides()) {
        const indices = deck.getIndices(slide);
        deck.slide(indices.h, indices.v, slide.querySelectorAll('.fragment').length - 1);
        await settled();
        slides.push(measure(slide));
    }
    deck.slide(0, 0);
    return {slides: slides, box: deck.getConfig().height * deck.getScale()};
}"""


def check_speaker_view(page, screenshot) -> None:
    """Key `s` opens reveal.js's speaker view (a window of its own) showing the slide's notes."""
    page.wait_for_timeout(500)
    with page.context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    notes = speaker.locator(".speaker-controls-notes .value")
    wait_for = time.monotonic() + 30
    while not notes.count() or not notes.inner_text().strip():
        assert time.monotonic() < wait_for, "the speaker view shows no notes"
        speaker.wait_for_timeout(300)
    speaker.wait_for_timeout(1500)  # the slide previews
    speaker.screenshot(path=screenshot)
    speaker.close()


def test_index_lists_every_deck(browser, slides_url, context_factory, screenshots):
    context, network = context_factory()
    page = context.new_page()
    page.goto(f"{slides_url}/index.html")
    links = page.locator("a[href$='.slides.html']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert links == [f"{p.stem}.slides.html" for p in NOTEBOOK_PATHS], "index.html does not list every deck"
    (screenshots / "slides").mkdir(exist_ok=True)
    page.screenshot(path=screenshots / "slides" / "index.png")
    network.assert_all_local()


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.stem for p in NOTEBOOK_PATHS])
def test_static_deck_works_offline(path, slides_url, context_factory, screenshots, overflowing_slides):
    want = expected(path)
    deck = SLIDES / f"{path.stem}.slides.html"
    assert deck.exists(), f"no {deck.name} in {SLIDES}: run `make slides`"
    assert deck.stat().st_mtime >= path.stat().st_mtime, (
        f"{deck.name} is older than {path.name}: run `make slides`")
    shots = fresh_screenshot_dir(screenshots, "slides", path.stem)
    context, network = context_factory()
    page = context.new_page()
    page.set_viewport_size(legibility.VIEWPORT)
    bad_responses = []
    page.on("response", lambda r: r.status >= 400 and bad_responses.append(f"{r.status} {r.url}"))
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    started = time.monotonic()
    try:
        page.goto(f"{slides_url}/{deck.name}")
        page.locator(".reveal.ready").wait_for(timeout=60_000)
        if want.slide_math:
            page.wait_for_function(
                "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
                " && document.querySelectorAll('.MathJax_CHTML, .MathJax').length > 0", timeout=60_000)
        page.wait_for_timeout(500)
        state = page.evaluate(STATE_JS)
        page.screenshot(path=shots / f"{path.stem}.png")
        for name, selector in (("plot", ".reveal .slides .jp-OutputArea-output img"),
                               ("math", ".reveal .slides .MathJax_Display, .reveal .slides .MathJax_CHTML")):
            if goto_slide_of(page, selector):
                page.wait_for_timeout(900)  # the slide transition
                page.screenshot(path=shots / f"{path.stem}.{name}.png")

        if want.notes and goto_slide_of(page, ".reveal aside.notes"):
            check_speaker_view(page, shots / f"{path.stem}.speaker.png")

        assert state["slides"] > 1, f"the deck has {state['slides']} slide(s)"
        assert state["repr_text"] is None, f"a widget shows as its repr: {state['repr_text']}"
        assert state["images"] >= want.slide_images, (
            f"{state['images']} images in the deck, the notebook's shown cells have {want.slide_images}")
        assert state["broken_images"] == 0, f"{state['broken_images']} images did not load"
        assert state["notes"] >= want.notes, f"{state['notes']} speaker notes, the notebook has {want.notes}"
        if want.slide_math:
            assert state["math"] > 0, "the notebook has LaTeX on its slides but MathJax typeset none"
            assert state["math_errors"] == 0, f"{state['math_errors']} formulas failed to typeset"
        assert not bad_responses, f"requests that failed: {bad_responses}"
        assert not page_errors, f"uncaught errors in the deck: {page_errors}"
        network.assert_all_local()
        assert not network.failed, f"requests that failed: {network.failed}"
        print(f"{deck.name}: {state['slides']} slides, {state['images']} images, "
              f"{state['math']} formulas ({time.monotonic() - started:.1f} s)")

        measured = page.evaluate(LEGIBILITY_JS, REVEAL)
        small, tall = legibility.check(path.name, measured["slides"], measured["box"])
        overflowing_slides["static"][path.stem] = tall
        print(f"  {legibility.summary(path.name, measured['slides'])}; {len(tall)} slide(s) taller "
              "than the screen" + "".join(f"\n    {t}" for t in tall))
        assert not small, f"{path.name} is too small to read at 1280x720: " + "; ".join(small)
    except BaseException:
        page.screenshot(path=shots / f"{path.stem}.failed.png")
        raise


def test_no_more_slides_overflow_than_before(overflowing_slides):
    legibility.assert_ceiling("static", overflowing_slides, NOTEBOOK_PATHS)
