"""Every notebook run in JupyterLab through its menus, in headless Chromium, as a student would.

For each notebook (a copy: the committed files are never touched): open it, Edit > Clear Outputs
of All Cells, Run > Run All Cells, wait for the kernel to be idle in the status bar, then check
that no cell shows an error or stderr, every plot is drawn, every widget is rendered (never as
`interactive(children=...)` text) and that moving each widget's first control with the keyboard
redraws its plot. For a notebook with widgets, the first widget cell is then run again in RISE's
slideshow on the same kernel, as a presenter would, and must show a picture. Every request the
browser makes must stay on 127.0.0.1. Screenshots go to build/browser/lab/.
"""

from __future__ import annotations

import time

import pytest

from tests.browser import expected, fresh_screenshot_dir, notebooks

NOTEBOOK_PATHS = notebooks()
RUN_TIMEOUT_S = 300
WIDGET_TIMEOUT_S = 60

# The open notebook, in the DOM: its panel is the one not hidden.
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

KERNEL_STATUS_JS = """() => {
    const items = Array.from(document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-Item'));
    const item = items.map(e => e.innerText.trim()).find(t => / \\| [A-Za-z ]+$/.test(t));
    return item ? item.split(' | ').pop().trim() : '';
}"""

RUN_STATE_JS = """(panel) => {
    const root = document.querySelector(panel);
    if (!root) return {cells: 0, done: 0, running: 0, errors: 0};
    const prompts = Array.from(root.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))
        .map(e => e.innerText.trim());
    const errors = root.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length;
    return {
        cells: prompts.length,
        done: prompts.filter(t => /^\\[\\d+\\]:?$/.test(t)).length,
        running: prompts.filter(t => t.includes('*')).length,
        errors: errors,
    };
}"""

OUTPUTS_JS = """(panel) => {
    const root = document.querySelector(panel);
    const stderr = Array.from(root.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
        .map(e => e.innerText.slice(0, 600));
    const images = Array.from(root.querySelectorAll('.jp-OutputArea-output img'));
    const text = Array.from(root.querySelectorAll('.jp-OutputArea')).map(e => e.textContent).join('\\n');
    return {
        stderr: stderr,
        images: images.length,
        broken_images: images.filter(i => !(i.complete && i.naturalWidth > 0)).length,
        interact: root.querySelectorAll('.widget-interact').length,
        controls: root.querySelectorAll(
            '.widget-interact .widget-slider, .widget-interact .widget-dropdown,'
            + ' .widget-interact .widget-checkbox, .widget-interact .widget-toggle-buttons').length,
        repr_text: (text.match(/(interactive|HBox|VBox)\\(children=/) || [null])[0],
        widget_errors: (text.match(/Error displaying widget[^\\n]*/) || [null])[0],
        math: root.querySelectorAll('mjx-container, .MathJax, .MathJax_CHTML').length,
    };
}"""


def wait_for(page, description: str, predicate, timeout_s: float, interval_s: float = 0.5):
    """Poll predicate() until it returns something truthy, or fail saying what was awaited."""
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        page.wait_for_timeout(interval_s * 1000)
    pytest.fail(f"timed out after {timeout_s:.0f} s waiting for {description} (last: {last!r})")


def kernel_status(page) -> str:
    return page.evaluate(KERNEL_STATUS_JS)


def menu(page, title: str, command: str) -> None:
    """Click a menu of the menu bar, then its item that runs command."""
    page.locator(".lm-MenuBar-item", has_text=title).first.click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def run_all_cells(page) -> None:
    """Edit > Clear Outputs of All Cells, then Run > Run All Cells, like a person would.

    Clearing first means every output checked afterwards was made by this run.
    """
    menu(page, "Edit", "editmenu:clear-all")
    wait_for(page, "the committed outputs to be cleared",
             lambda: page.evaluate(RUN_STATE_JS, PANEL)["done"] == 0
             and not page.locator(f"{PANEL} .jp-OutputArea-output").count(), 30)
    menu(page, "Run", "runmenu:run-all")


def image_sources(widget) -> list[str]:
    return widget.locator(".jp-OutputArea-output img").evaluate_all("imgs => imgs.map(i => i.src)")


def move_control(page, widget) -> str:
    """Change the widget's first control with the keyboard; return what was done."""
    handle = widget.locator(".widget-slider .noUi-handle").first
    if handle.count():
        readout = widget.locator(".widget-slider .widget-readout").first
        before = readout.inner_text() if readout.count() else ""
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        if readout.count() and readout.inner_text() == before:  # at its maximum: go the other way
            page.keyboard.press("ArrowLeft")
            page.keyboard.press("ArrowLeft")
        after = readout.inner_text() if readout.count() else "?"
        return f"slider {before!r} -> {after!r} (ArrowRight)"
    select = widget.locator(".widget-dropdown select").first
    if select.count():
        options = select.locator("option").all_inner_texts()
        current = select.input_value()
        choice = next(o for o in options if o != current)
        select.focus()
        select.select_option(label=choice)
        return f"dropdown {current!r} -> {choice!r}"
    checkbox = widget.locator(".widget-checkbox input[type=checkbox]").first
    if checkbox.count():
        checkbox.focus()
        page.keyboard.press("Space")
        return "checkbox toggled (Space)"
    pytest.fail("an interactive widget with no slider, dropdown or checkbox to move")


def present_widget_live(lab, page, want, shots) -> list[str]:
    """RISE on the running kernel: re-run the first widget cell on its slide, as a presenter does.

    jupyterlab-rise 0.43.1's slideshow app has no ipywidgets manager (jupyterlab-contrib/rise
    issue 119), so the slide must show the picture helpers.interactive_plot sends along, never the
    widget's repr. The slideshow opens in a tab of its own (JupyterLab's RISE panel shows the same
    page in a frame) and joins the notebook's kernel, where every cell has just run.
    """
    rise = page.context.new_page()
    try:
        rise.goto(lab.page_url(f"/rise/{want.name}"))
        rise.locator(".reveal.ready").wait_for()
        cell = rise.locator(".jp-Cell").nth(want.widget_cells[0])
        show_slide_of(rise.main_frame, cell)
        prompt = cell.locator(".jp-InputArea-prompt").inner_text()
        cell.locator(".jp-InputArea-editor").click()
        rise.keyboard.press("Shift+Enter")

        def rerun():
            now = cell.locator(".jp-InputArea-prompt").inner_text()
            return now != prompt and "*" not in now and cell.locator(".jp-OutputArea-output img").count()

        wait_for(rise, "the widget cell to run again in RISE and show its picture", rerun, WIDGET_TIMEOUT_S)
        show_slide_of(rise.main_frame, cell)
        rise.wait_for_timeout(800)
        rise.screenshot(path=shots / f"{want.stem}.rise-live.png")
        text = "\n".join(rise.locator(".jp-OutputArea").all_text_contents())
        assert "(children=" not in text, "the live slideshow shows a widget's repr"
        mimes = cell.locator(".jp-OutputArea-output").evaluate_all(
            "outputs => outputs.map(o => o.getAttribute('data-mime-type'))")
        assert "image/png" in mimes, f"the widget's picture is missing in RISE: outputs {mimes}"
        return mimes
    finally:
        rise.close()


def scroll_notebook_to_top(page) -> None:
    page.evaluate("""(panel) => {
        const scroller = document.querySelector(panel + ' .jp-WindowedPanel-outer');
        if (scroller) scroller.scrollTop = 0;
    }""", PANEL)
    page.wait_for_timeout(300)


def screenshot_whole_notebook(page, path, limit: int = 16_000) -> None:
    """One tall picture of the whole run notebook: the window grown to the notebook's height."""
    page.keyboard.press("Escape")
    height = page.evaluate("""(panel) => {
        const scroller = document.querySelector(panel + ' .jp-WindowedPanel-outer');
        return scroller ? scroller.scrollHeight - scroller.clientHeight : 0;
    }""", PANEL)
    viewport = page.viewport_size
    page.set_viewport_size({"width": viewport["width"], "height": min(viewport["height"] + height, limit)})
    page.wait_for_timeout(800)
    scroll_notebook_to_top(page)
    page.screenshot(path=path, type="jpeg", quality=70)
    page.set_viewport_size(viewport)


def show_slide_of(frame, element) -> None:
    """Go to the reveal.js slide holding element (RISE names each section slide-N-M)."""
    section = element.evaluate("e => e.closest('section') && e.closest('section').id")
    if section:
        frame.evaluate("id => { location.hash = '#/' + id; }", section)
        frame.wait_for_timeout(800)


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.stem for p in NOTEBOOK_PATHS])
def test_notebook_runs_in_jupyterlab(path, lab, context_factory, screenshots):
    want = expected(path)
    shots = fresh_screenshot_dir(screenshots, "lab", path.stem)
    context, network = context_factory()
    page = context.new_page()
    console_errors = []
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    started = time.monotonic()
    try:
        # A workspace of its own: only this notebook opens, none restored from an earlier test.
        page.goto(lab.page_url(f"/lab/workspaces/{path.stem}/tree/{path.name}"))
        page.locator(f"{PANEL} .jp-Cell").first.wait_for()
        assert page.locator(".jp-NotebookPanel").count() == 1, "other notebooks are open too"
        wait_for(page, "the kernel to start (status bar: Idle)",
                 lambda: kernel_status(page) == "Idle", 120)
        opened = time.monotonic() - started

        run_all_cells(page)
        wait_for(page, "the first cell to start running",
                 lambda: (state := page.evaluate(RUN_STATE_JS, PANEL))["running"] or state["done"], 30)

        def finished():
            state = page.evaluate(RUN_STATE_JS, PANEL)
            idle = kernel_status(page) == "Idle"
            complete = state["cells"] and state["done"] == state["cells"] and not state["running"]
            stopped_by_error = state["errors"] and not state["running"]
            return state if idle and (complete or stopped_by_error) else None

        state = wait_for(page, f"Run All Cells to finish in {path.name}", finished, RUN_TIMEOUT_S)
        ran = time.monotonic() - started - opened
        page.wait_for_timeout(500)  # last images decoded
        scroll_notebook_to_top(page)
        page.screenshot(path=shots / f"{path.stem}.png")

        outputs = page.evaluate(OUTPUTS_JS, PANEL)
        assert not outputs["stderr"], f"stderr or error output in {path.name}: {outputs['stderr']}"
        assert state["done"] == want.code_cells, f"{state['done']} of {want.code_cells} code cells ran"
        assert outputs["repr_text"] is None, f"a widget shows as text: {outputs['repr_text']}"
        assert outputs["widget_errors"] is None, outputs["widget_errors"]
        assert outputs["images"] >= want.images, (
            f"{outputs['images']} images drawn, the committed notebook has {want.images}")
        assert outputs["broken_images"] == 0, f"{outputs['broken_images']} images did not load"
        assert outputs["interact"] >= want.widgets, (
            f"{outputs['interact']} interactive widgets rendered, the notebook has {want.widgets}")
        assert outputs["controls"] >= outputs["interact"], "an interactive widget has no control"
        if want.math:
            assert outputs["math"] > 0, "the notebook has LaTeX but JupyterLab typeset none"

        moved = []
        widgets = page.locator(f"{PANEL} .widget-interact")
        for index in range(widgets.count()):
            widget = widgets.nth(index)
            widget.scroll_into_view_if_needed()
            widget.locator(".jp-OutputArea-output img").first.wait_for()
            before = image_sources(widget)
            widget.screenshot(path=shots / f"{path.stem}.widget{index + 1}-before.png")
            action = move_control(page, widget)
            wait_for(page, f"widget {index + 1} of {path.name} to redraw its plot after {action}",
                     lambda w=widget, b=before: (image_sources(w) not in ([], b)), WIDGET_TIMEOUT_S)
            page.wait_for_timeout(300)
            widget.screenshot(path=shots / f"{path.stem}.widget{index + 1}-after.png")
            moved.append(action)
            assert page.evaluate(OUTPUTS_JS, PANEL)["stderr"] == [], f"stderr after {action}"
        assert not console_errors, f"uncaught errors in the page: {console_errors}"
        rise = ""
        if want.widget_cells:
            rise = f", widget cell re-run in RISE shows {present_widget_live(lab, page, want, shots)}"
        screenshot_whole_notebook(page, shots / f"{path.stem}.full.jpg")
        print(f"{path.name}: opened in {opened:.1f} s, ran in {ran:.1f} s, "
              f"{outputs['images']} images, {outputs['interact']} widgets moved: {moved}{rise} "
              f"({time.monotonic() - started:.1f} s)")
        network.assert_all_local()
    except BaseException:
        page.screenshot(path=shots / f"{path.stem}.failed.png")
        raise
    finally:
        page.close()
        lab.shut_down_kernels()
