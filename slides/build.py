"""Build one offline reveal.js deck per notebook, plus an index page: `make slides`.

    python -m slides.build [--notebooks DIR] [--out DIR]

Writes build/slides/NN_name.slides.html for every notebooks/*.ipynb and build/slides/index.html.
The decks use the notebooks' committed outputs (nothing is re-executed) and honour each cell's
slideshow metadata. Everything a deck loads sits beside it in build/slides/assets/: reveal.js,
require.js, jQuery and MathJax 2, installed from the npm registry with `npm ci` from the
package-lock.json in slides/assets/. No deck asks the network for anything, so the folder
can be copied anywhere and opened offline (best through a local web server, e.g.
`python -m http.server -d build/slides`, since browsers restrict pages opened as files).

Widgets: a deck cannot run Python, so a widget made by helpers.interactive_plot is shown as the
picture of its default state saved next to it; a progress bar (tqdm) is shown as the text of its
final state, read from the widget state nbconvert saved in the notebook.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from slides import HERE, NOTEBOOKS, ROOT
from slides import SLIDES as OUT

ASSETS_SRC = HERE / "assets"
TEMPLATES = HERE / "templates"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# The text a widget shows where no widget manager runs. A deck must never show it.
WIDGET_REPR = re.compile(r"\b(interactive|HBox|VBox|Box|IntSlider|FloatSlider|Output)\(children=|"
                         r"\b(IntSlider|FloatSlider|Dropdown|Checkbox)\(value=")
# A theme of reveal.js 4 that imports no web font (the default, "simple", fetches Google Fonts).
THEME = "serif"

# What each deck loads, relative to the deck, and where it comes from in node_modules.
REVEAL_PREFIX = "assets/reveal.js"
REQUIRE_JS = "assets/requirejs/require.js"
JQUERY = "assets/jquery/jquery.min.js"
MATHJAX = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"


def log(message: str) -> None:
    print(f"[slides] {message}", flush=True)


# ---------------------------------------------------------------------------------------------
# Local copies of the scripts


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_node_modules(package: Path = ASSETS_SRC, into: Path | None = None, *, target: str = "make slides",
                        fetches: str = "reveal.js, require.js, jQuery and MathJax 2") -> Path:
    """Run `npm ci` of package's lock (in `into`, by default in place) once per version of the lock.

    Return the node_modules folder. `target` and `fetches` say, in messages, who needs npm and for what.
    """
    into = package if into is None else into
    modules = into / "node_modules"
    stamp = modules / ".installed-from-lock"
    wanted = _digest(package / "package-lock.json")
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return modules
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(f"{target} needs npm (Node.js) to fetch {fetches} from the npm registry: install "
                 "Node.js (e.g. `apt install npm`) and run it again.")
    if into != package:
        into.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(package / name, into / name)
    log(f"installing {fetches} with npm ci (once)...")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                   cwd=into, check=True)
    stamp.write_text(wanted + "\n")
    return modules


def _mathjax_ignore(directory: str, names: list[str]) -> set[str]:
    """Leave out what the decks never load: MathJax's unpacked sources, tests, non-TeX fonts."""
    path = Path(directory)
    skipped = {"unpacked", "test"} & set(names)
    if path.name == "fonts" or path.name in {"HTML-CSS", "SVG"} and path.parent.name == "fonts":
        skipped |= {n for n in names if (path / n).is_dir() and n not in {"HTML-CSS", "SVG", "TeX"}}
    return skipped


def copy_assets(modules: Path, out: Path) -> None:
    """Copy the files the decks load into out/assets (again only when the lock file changed)."""
    target = out / "assets"
    stamp = target / ".copied-from-lock"
    wanted = (modules / ".installed-from-lock").read_text()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if target.exists():
        shutil.rmtree(target)
    reveal = modules / "reveal.js"
    shutil.copytree(reveal / "dist", target / "reveal.js" / "dist", ignore=shutil.ignore_patterns("*.map"))
    shutil.copytree(reveal / "plugin" / "notes", target / "reveal.js" / "plugin" / "notes")
    shutil.copy2(reveal / "LICENSE", target / "reveal.js" / "LICENSE")
    (target / "requirejs").mkdir(parents=True)
    shutil.copy2(modules / "requirejs" / "require.js", target / "requirejs" / "require.js")
    (target / "jquery").mkdir(parents=True)
    for name in ("jquery.min.js", "jquery.min.map"):
        shutil.copy2(modules / "jquery" / "dist" / name, target / "jquery" / name)
    shutil.copy2(modules / "jquery" / "LICENSE.txt", target / "jquery" / "LICENSE.txt")
    shutil.copytree(modules / "mathjax", target / "mathjax", ignore=_mathjax_ignore)
    stamp.write_text(wanted)


# ---------------------------------------------------------------------------------------------
# Widgets in a deck


def _progress_text(model_id: str, state: dict) -> str | None:
    """The text of a tqdm progress bar's final state: "label 100% ██████████ 20/20 [00:01<00:00]"."""
    model = state.get(model_id, {}).get("state", {})
    children = [c.removeprefix("IPY_MODEL_") for c in model.get("children", [])]
    parts = [state.get(c, {}) for c in children]
    bars = [p["state"] for p in parts if p.get("model_name") in {"FloatProgressModel", "IntProgressModel"}]
    if model.get("_model_name") != "HBoxModel" or len(bars) != 1:
        return None
    bar = bars[0]
    fraction = (bar.get("value") or 0) / (bar.get("max") or 1)
    width = 20
    drawn = "█" * round(width * min(max(fraction, 0.0), 1.0))
    texts = [html.unescape(re.sub(r"<[^>]+>", "", p["state"].get("value", ""))).strip()
             for p in parts if p.get("model_name") == "HTMLModel"]
    left, right = (texts + ["", ""])[:2] if len(texts) >= 2 else ("", texts[0] if texts else "")
    return f"{left} |{drawn:<{width}}| {right}".strip()


def _shown_text(data: dict) -> str:
    """The text/plain of an output that has nothing richer to show instead."""
    richer = {"image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown", "text/latex"}
    return "" if richer & set(data) else str(data.get("text/plain", ""))


class StaticWidgets(Preprocessor):
    """Give every widget output something a static page can show, and never a widget's repr.

    - helpers.interactive_plot saved a PNG of the default state next to the widget: the deck shows
      it (the exporter's display priority below leaves the widget view out).
    - a tqdm bar (an HBox holding one progress bar) becomes the text of its final state.
    - any other widget output without a picture is dropped, since its text would be a repr.
    """

    def preprocess(self, nb, resources):
        state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            kept = []
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data and "image/png" not in data:
                    text = _progress_text(data[WIDGET_VIEW].get("model_id", ""), state)
                    if text is None:
                        continue
                    output["data"] = {"text/plain": text}
                kept.append(output)
            cell.outputs = kept
            for output in kept:
                text = output.get("text", "") or _shown_text(output.get("data", {}))
                leaked = WIDGET_REPR.search(text)
                if leaked:
                    where = cell.get("id", "?")
                    raise ValueError(f"cell {where} would show a widget's repr {leaked.group(0)!r}")
        return nb, resources


# ---------------------------------------------------------------------------------------------
# Decks


def exporter() -> SlidesExporter:
    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.SlidesExporter.template_name = "course_reveal"
    config.SlidesExporter.reveal_url_prefix = REVEAL_PREFIX
    config.SlidesExporter.reveal_theme = THEME
    config.SlidesExporter.reveal_transition = "slide"
    config.SlidesExporter.reveal_scroll = True
    config.SlidesExporter.reveal_number = "c/t"
    # A 16:9 slide, the shape of today's projectors: reveal.js's default 960x700 left a band on
    # either side and wrapped text that the width would have held. The template's CSS sizes are
    # pixels of this slide.
    config.SlidesExporter.reveal_width = "1280"
    config.SlidesExporter.reveal_height = "720"
    config.SlidesExporter.require_js_url = REQUIRE_JS
    config.SlidesExporter.jquery_url = JQUERY
    config.SlidesExporter.mathjax_url = MATHJAX
    # Nothing that could reach a CDN, even if a template block changed upstream.
    config.SlidesExporter.jupyter_widgets_base_url = "assets/no-widgets/"
    config.SlidesExporter.widget_renderer_url = "assets/no-widgets/embed.js"
    config.SlidesExporter.font_awesome_url = ""
    # The widget view needs a widget manager; the saved PNG next to it does not.
    config.NbConvertBase.display_data_priority = [
        "application/javascript", "text/html", "text/markdown", "image/svg+xml", "text/latex",
        "image/png", "image/jpeg", "text/plain",
    ]
    slides = SlidesExporter(config=config)
    slides.register_preprocessor(StaticWidgets(), enabled=True)
    return slides


def notebook_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return ""


def build_deck(slides: SlidesExporter, path: Path, out: Path) -> tuple[Path, str]:
    nb = nbformat.read(path, as_version=4)
    title = notebook_title(nb) or path.stem
    nb.metadata["title"] = title
    try:
        body, _ = slides.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    except ValueError as error:
        raise SystemExit(f"{path.name}: {error}") from None
    remote = re.search(r"""\b(?:src=|import\s+[\w{} ,]*from\s+|import\()["']((?:https?:)?//[^"']+)""", body)
    if remote:
        raise SystemExit(f"{path.name}: the deck would load {remote.group(1)} from the network")
    deck = out / f"{path.stem}.slides.html"
    deck.write_text(body, encoding="utf-8")
    return deck, title


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backpropagation and Gradient Descent: slides</title>
<style>
body {{ font-family: "Palatino Linotype", Palatino, FreeSerif, serif; max-width: 46em;
       margin: 3em auto; padding: 0 1em; color: #222; background: #f0f1eb; }}
li {{ margin: 0.5em 0; font-size: 1.2em; }}
a {{ color: #51483d; }}
p.note {{ color: #555; }}
</style>
</head>
<body>
<h1>Backpropagation and Gradient Descent</h1>
<p>One deck per notebook, in order. Arrow keys move between slides, <kbd>s</kbd> opens the speaker
notes, <kbd>Esc</kbd> the overview.</p>
<ol>
{items}
</ol>
<p class="note">Static decks show the notebooks' saved outputs: widgets appear as a picture of their
default state. To move the controls, open the notebook in JupyterLab (<code>make lab</code>).</p>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="folder of *.ipynb")
    parser.add_argument("--out", type=Path, default=OUT, help="where the decks go")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    paths = sorted(args.notebooks.glob("*.ipynb"))
    if not paths:
        sys.exit(f"no notebooks in {args.notebooks}")
    args.out.mkdir(parents=True, exist_ok=True)
    copy_assets(ensure_node_modules(), args.out)
    for stale in args.out.glob("*.slides.html"):
        stale.unlink()

    slides = exporter()
    items = []
    for path in paths:
        deck, title = build_deck(slides, path, args.out)
        items.append(f'<li><a href="{html.escape(deck.name)}">{html.escape(title)}</a></li>')
        log(f"{deck.relative_to(args.out.parent.parent) if args.out.is_relative_to(ROOT) else deck}")
    (args.out / "index.html").write_text(INDEX.format(items="\n".join(items)), encoding="utf-8")
    manifest = {p.stem: f"{p.stem}.slides.html" for p in paths}
    (args.out / "decks.json").write_text(json.dumps(manifest, indent=1) + "\n")
    log(f"{len(paths)} decks and index.html in {args.out} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
