"""The course website (`make book`, build/book/) in headless Chromium, served from 127.0.0.1.

Every page, in light and in dark mode: nothing is fetched from outside 127.0.0.1, every image loads
and says what it shows (alt text), the equations are typeset by the site's own MathJax, no check
cell or speaker note is shown, and axe-core (npm, installed by `make book` into build/book-node/)
finds no critical or serious accessibility violation. Then: search finds the course's words, each
chapter's launch links point at the configured repository, its download button gives the committed
notebook, and screenshots of one chapter in both modes go to build/browser/book/.
"""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path

import pytest

from tests.browser import NOTEBOOKS, SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "build" / "book"
AXE = ROOT / "build" / "book-node" / "node_modules" / "axe-core" / "axe.min.js"
CONF = runpy.run_path(str(ROOT / "book" / "conf.py"))
REPOSITORY, BRANCH = CONF["REPOSITORY"], CONF["BRANCH"]
MODES = ("light", "dark")
SHOT_CHAPTER = "notebooks/05_gradient_descent_by_hand.html"
RESULTS = SCREENSHOTS / "book"


def pages() -> list[str]:
    """Every HTML page of the site, relative to its root (the theme's own files left out)."""
    if not BOOK.exists():
        return ["index.html"]  # the fixture then says to run `make book`
    found = [p.relative_to(BOOK).as_posix() for p in BOOK.rglob("*.html")]
    return sorted(p for p in found if not p.startswith("_"))


def chapters() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def axe_results():
    """The axe-core violations of every page and mode, written to build/browser/book/axe.json."""
    results: dict[str, dict] = {}
    yield results
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "axe.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")


def open_page(context, url: str, mode: str):
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("document.documentElement.dataset.theme !== undefined")
    theme = page.evaluate("document.documentElement.dataset.theme")
    assert theme == mode, f"{url}: the page is in {theme!r} mode, not {mode!r}"
    # MathJax typesets after load: wait for it where the page has it.
    page.wait_for_function("!window.MathJax || !MathJax.startup || MathJax.startup.promise"
                           " && (MathJax.startup.promise.then(() => window.__typeset = true), true)")
    page.wait_for_function("!window.MathJax || !MathJax.startup || window.__typeset === true")
    return page


def check_images(page, name: str) -> list[str]:
    images = page.evaluate("""() => [...document.images].map(img => ({
        src: img.currentSrc || img.src, alt: (img.getAttribute('alt') || '').trim(),
        loaded: img.complete && img.naturalWidth > 0,
        hidden: img.closest('[hidden], .dropdown-menu') !== null && img.offsetParent === null}))""")
    problems = []
    for image in images:
        file = image["src"].rsplit("/", 1)[-1]
        if not image["loaded"] and not image["hidden"]:
            problems.append(f"{name}: image {file} did not load")
        if not image["alt"]:
            problems.append(f"{name}: image {file} has no alt text")
        elif re.search(r"\.(png|jpe?g|gif|svg)$", image["alt"], re.IGNORECASE):
            # docutils' default alt is the image's path: set the cell's "mystnb": {"image": {"alt": ...}}
            problems.append(f"{name}: image {file} has its path for alt text, not what it shows")
    return problems


@pytest.mark.parametrize("path", pages())
def test_every_page_in_light_and_dark_mode(context_factory, book_url, axe_results, path):
    assert AXE.exists(), f"no axe-core at {AXE}: run `make book` (it installs it with npm)"
    problems: list[str] = []
    for mode in MODES:
        context, network = context_factory(color_scheme=mode)
        page = open_page(context, f"{book_url}/{path}", mode)
        name = f"{path} ({mode})"
        problems += check_images(page, name)
        shown = page.evaluate("""() => ({
            checks: [...document.querySelectorAll('.cell_input pre')]
                .filter(pre => pre.textContent.trimStart().startsWith('# Check:')).length,
            notes: [...document.querySelectorAll('main p')]
                .filter(p => p.textContent.trimStart().startsWith('Speaker notes')).length})""")
        if shown["checks"]:
            problems.append(f"{name}: {shown['checks']} check cell(s) shown (tag remove-cell)")
        if shown["notes"] and re.fullmatch(r"notebooks/\d\d_\w+\.html", path):  # docs/ may talk of them
            problems.append(f"{name}: {shown['notes']} speaker-notes cell(s) shown")
        levels = page.evaluate("""() => [...document.querySelectorAll(
            'article h1, article h2, article h3, article h4, article h5, article h6')]
            .map(h => Number(h.tagName[1]))""")
        skips = [f"h{a} then h{b}" for a, b in zip([0, *levels], levels) if b > a + 1]
        if skips:
            problems.append(f"{name}: headings skip a level: {skips}")
        if page.locator(".math").count():
            if not page.locator("mjx-container").count():
                problems.append(f"{name}: equations were not typeset by MathJax")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        axe_results[f"{path} {mode}"] = violations
        for violation in violations:
            print(f"  axe {name}: {violation['impact']} {violation['id']} x{violation['nodes']}"
                  f" {violation['targets']}")
            if violation["impact"] in {"critical", "serious"}:
                problems.append(f"{name}: axe {violation['impact']} {violation['id']}: {violation['help']} "
                                f"({violation['nodes']} nodes, e.g. {violation['targets']})")
        page.close()
        network.assert_all_local()
        failed = [f for f in network.failed if "favicon" not in f]
        if failed:
            problems.append(f"{name}: requests failed: {failed}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("word", ["softmax", "backward"])
def test_search_finds_the_course_words(context_factory, book_url, word):
    context, network = context_factory()
    page = context.new_page()
    page.goto(f"{book_url}/search.html?q={word}", wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(state="attached", timeout=30_000)
    found = page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    print(f"  search {word!r}: {results.count()} pages, first {found[:3]}")
    assert any("notebooks/" in href for href in found), f"search for {word!r} found no chapter: {found}"
    network.assert_all_local()


@pytest.mark.parametrize("notebook", [p.stem for p in chapters()])
def test_each_chapter_launches_and_downloads_its_notebook(context_factory, book_url, notebook):
    context, network = context_factory()
    page = context.new_page()
    page.goto(f"{book_url}/notebooks/{notebook}.html", wait_until="load")
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.href)")
    path = f"notebooks/{notebook}.ipynb"
    expected = {
        "Colab": f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{path}",
        "Binder": f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{path}",
    }
    for what, url in expected.items():
        outside = [h for h in hrefs if not h.startswith(book_url)]
        assert url in hrefs, f"{notebook}: no {what} link to {url}; links out of the site: {outside}"
    # Every PNG the notebook shows (each widget's picture of its default state included) is on the page.
    cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    pngs = sum("image/png" in output.get("data", {}) for cell in cells
               if "remove-cell" not in cell["metadata"].get("tags", [])
               for output in cell.get("outputs", []))
    shown = page.locator(".cell_output img").count()
    assert shown == pngs, f"{notebook}: {shown} images in the page, {pngs} PNG outputs in the notebook"
    widgets = sum({"application/vnd.jupyter.widget-view+json", "image/png"} <= set(output.get("data", {}))
                  for cell in cells for output in cell.get("outputs", []))
    print(f"  {notebook}: {shown} figures, {widgets} of them widgets as pictures of their default state")
    assert page.locator(".prev-next-area a").count() >= 1, f"{notebook}: no previous/next links"
    assert page.locator(".page-toc a").count() >= 1, f"{notebook}: no table of contents of the chapter"
    download = f"{book_url}/_sources/{path}"
    assert download in hrefs, f"{notebook}: no download link to {download}"
    response = page.request.get(download)
    assert response.ok and response.body() == (NOTEBOOKS / f"{notebook}.ipynb").read_bytes(), (
        f"{notebook}: the download is not the committed notebook")
    network.assert_all_local()


def test_screenshots_of_a_chapter_in_both_modes(context_factory, book_url):
    RESULTS.mkdir(parents=True, exist_ok=True)
    for mode in MODES:
        context, network = context_factory(color_scheme=mode)
        page = open_page(context, f"{book_url}/{SHOT_CHAPTER}", mode)
        page.screenshot(path=str(RESULTS / f"chapter-top-{mode}.png"))
        figure = page.locator(".cell_output img").first
        figure.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -250)")
        page.screenshot(path=str(RESULTS / f"chapter-figure-{mode}.png"))
        equation = page.locator("mjx-container[display='true']").first
        equation.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -250)")
        page.screenshot(path=str(RESULTS / f"chapter-equation-{mode}.png"))
        network.assert_all_local()
