import time
from tests.browser import notebooks
from tests.browser.test_lab import PANEL, kernel_status, wait_for, run_all_cells, RUN_STATE_JS

def test_probe(lab, context_factory):
    path = notebooks()[0]
    context, network = context_factory()
    page = context.new_page()
    seen = {}
    def con(m):
        if m.type == "error":
            key = (m.text[:80], m.location.get("url","")[:80])
            seen[key] = seen.get(key, 0) + 1
    page.on("console", con)
    page.goto(lab.page_url(f"/lab/tree/{path.name}"))
    page.locator(f"{PANEL} .jp-Cell").first.wait_for()
    wait_for(page, "idle", lambda: kernel_status(page) == "Idle", 120)
    run_all_cells(page)
    page.wait_for_timeout(3000)
    wait_for(page, "idle", lambda: kernel_status(page) == "Idle", 120)
    print("after run", seen); seen.clear()
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1000)
    page.locator(f"{PANEL} .jp-Cell").first.click()
    page.evaluate("window.jupyterapp.commands.execute('RISE:preview')")
    page.wait_for_timeout(8000)
    print("after rise", seen); seen.clear()
    fr = [f for f in page.frames if "/rise/" in f.url][0]
    print(fr.url, fr.evaluate("typeof Reveal"), fr.evaluate("typeof window.jupyterapp"))
    print(fr.evaluate("getComputedStyle(document.querySelector('.reveal h1') || document.body).fontFamily"))
    cell = fr.locator(".jp-CodeCell", has_text="interactive_plot").first
    print("cell count", cell.count(), cell.locator(".jp-OutputArea-output").evaluate_all("os => os.map(o => o.getAttribute('data-mime-type') + ':' + o.innerText.slice(0,80))"))
    # navigate with keyboard until visible
    print(fr.evaluate("Array.from(document.querySelectorAll('.reveal .slides section')).map(s => s.id + ':' + s.className).join(' ')"))
    sid = cell.evaluate("c => { let s = c.closest('section'); return s.id; }")
    print("sid", sid)
    fr.evaluate(f"location.hash = '#/{sid}'")
    page.wait_for_timeout(2000)
    print(cell.locator(".jp-OutputArea-output").evaluate_all("os => os.map(o => o.getAttribute('data-mime-type') + ':' + o.innerText.slice(0,80))"))
    print(cell.evaluate("c => c.innerHTML.length"), cell.evaluate("c => c.innerText.slice(0, 500)"))
    print("visible", cell.is_visible(), fr.url)
    page.screenshot(path="/tmp/bt/rise1.png")
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_timeout(5000)
    print("after exec", cell.locator(".jp-OutputArea-output").evaluate_all("os => os.map(o => o.getAttribute('data-mime-type') + ':' + o.innerText.slice(0,80))"))
    print(cell.locator("img").count())
    page.screenshot(path="/tmp/bt/rise2.png")
    print("after exec errors", seen)
    print("outside", network.outside)
