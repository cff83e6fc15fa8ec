"""`make book`: the course website, built offline with Sphinx and myst-nb into build/book/.

Nothing is executed: every chapter shows the outputs its notebook is committed with.

1. MathJax 3 and axe-core come from npm (book/package.json), installed once with `npm ci` into
   build/book-node/ and again only when book/package-lock.json changes.
2. The sources are assembled in build/book-src/ in the repository's own layout: book/'s files, the
   notebooks 00-10 without their speaker-notes cells (the committed notebooks are not changed), the
   answers, the instructor notes and every docs/*.md. Check cells (tag `remove-cell`) are dropped by
   myst-nb itself.
3. sphinx-build writes build/book/; then the download button's `.ipynb` files are replaced by the
   committed notebooks, speaker notes and all.

Usage: python book/build.py [--out build/book]
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import runpy
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
DOCS = ROOT / "docs"
BUILD = ROOT / "build"
NODE = BUILD / "book-node"
SRC = BUILD / "book-src"

if str(ROOT) not in sys.path:  # run as `python book/build.py`: slides/ is found from the course's folder
    sys.path.insert(0, str(ROOT))
from slides.build import StaticWidgets, ensure_node_modules  # noqa: E402 - needs the path set above


def log(message: str) -> None:
    print(f"[book] {message}", flush=True)


def is_speaker_notes(cell: dict) -> bool:
    """A cell of speaker notes: slide type "notes", or markdown that starts "Speaker notes"."""
    if cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes":
        return True
    source = "".join(cell.get("source", []))
    return cell.get("cell_type") == "markdown" and source.lstrip().startswith("Speaker notes")


LINK = re.compile(r"(\]\()([^)\s]+)(\))")
HEADING = re.compile(r"^(#{1,6})(\s)", re.MULTILINE)


def repository_links(text: str, source: str, staged: set[str], blob: str) -> str:
    """Point relative links to files the site does not hold (README.md, helpers/...) at the repository.

    source is the file's path in the repository, staged the repository paths the site holds.
    """
    def replace(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if resolved in staged or resolved.startswith("..") or not (ROOT / resolved).exists():
            return match.group(0)
        url = f"{blob}/{resolved}" + (f"#{anchor}" if anchor else "")
        return f"{match.group(1)}{url}{match.group(3)}"

    return LINK.sub(replace, text)


def headings_in_order(notebook: dict) -> None:
    """Never skip a heading level (H1 then H3 becomes H1 then H2): screen readers navigate by them.

    Only the site's copy changes; the committed notebooks keep their own levels.
    """
    previous = 0
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell["source"])

        def clamp(match: re.Match) -> str:
            nonlocal previous
            level = min(len(match.group(1)), previous + 1)
            previous = level
            return "#" * level + match.group(2)

        lines, fenced = [], False
        for line in source.splitlines(keepends=True):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            lines.append(line if fenced else HEADING.sub(clamp, line))
        fixed = "".join(lines)
        if fixed != source:
            cell["source"] = fixed.splitlines(keepends=True)


def static_widgets(notebook: dict) -> dict:
    """Widgets as the decks show them (slides/build.py): an interactive figure as the PNG of its
    default state it carries, a tqdm bar as the text of its final state, no widget state to load."""
    import nbformat

    node, _ = StaticWidgets().preprocess(nbformat.reads(json.dumps(notebook), as_version=4), {})
    node.metadata.pop("widgets", None)
    return node


def write_if_changed(path: Path, data: bytes) -> None:
    """Write only what changed, so Sphinx's incremental build reads only what changed."""
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def stage_sources(modules: Path) -> list[Path]:
    """Assemble build/book-src/; return the notebooks staged."""
    conf = runpy.run_path(str(BOOK / "conf.py"))
    blob = f"https://github.com/{conf['REPOSITORY']}/blob/{conf['BRANCH']}"
    wanted: dict[Path, bytes] = {}
    for path in sorted(BOOK.iterdir()):
        if path.suffix in {".py", ".md"} and path.name != "build.py":
            wanted[SRC / path.name] = path.read_bytes()
    for folder in ("_static", "_templates"):
        for path in sorted((BOOK / folder).rglob("*")):
            if path.is_file():
                wanted[SRC / path.relative_to(BOOK)] = path.read_bytes()
    notebooks = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    for path in notebooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        notebook["cells"] = [cell for cell in notebook["cells"] if not is_speaker_notes(cell)]
        headings_in_order(notebook)
        notebook = static_widgets(notebook)
        text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
        wanted[SRC / "notebooks" / path.name] = text.encode()
    for path in [NOTEBOOKS / "instructor_notes.md", *sorted((NOTEBOOKS / "answers").glob("*.md"))]:
        wanted[SRC / path.relative_to(ROOT)] = path.read_bytes()
    for path in sorted(DOCS.glob("*.md")):
        wanted[SRC / "docs" / path.name] = path.read_bytes()
    staged = {path.relative_to(SRC).as_posix() for path in wanted}
    for path, data in wanted.items():
        source = path.relative_to(SRC).as_posix()
        if path.suffix == ".md":
            wanted[path] = repository_links(data.decode(), source, staged, blob).encode()
        elif path.suffix == ".ipynb":
            notebook = json.loads(data)
            for cell in notebook["cells"]:
                if cell.get("cell_type") == "markdown":
                    text = "".join(cell["source"])
                    linked = repository_links(text, source, staged, blob)
                    if linked != text:
                        cell["source"] = linked.splitlines(keepends=True)
            wanted[path] = (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode()
    # Files that left the repository leave the site too.
    if SRC.exists():
        for path in SRC.rglob("*"):
            if path.is_file() and path not in wanted and "_static/mathjax" not in path.as_posix():
                path.unlink()
    for path, data in wanted.items():
        write_if_changed(path, data)
    # MathJax 3: the combined TeX + CHTML component, its extensions and its fonts.
    mathjax = SRC / "_static" / "mathjax"
    stamp = mathjax / ".copied-from-lock"
    installed = (modules / ".installed-from-lock").read_text()
    if not (stamp.exists() and stamp.read_text() == installed):
        if mathjax.exists():
            shutil.rmtree(mathjax)
        es5 = modules / "mathjax" / "es5"
        shutil.copytree(es5, mathjax, ignore=shutil.ignore_patterns("*.map", "sre", "mml-*", "tex-svg*",
                                                                   "tex-mml-svg*", "svg*"))
        shutil.copy2(modules / "mathjax" / "LICENSE", mathjax / "LICENSE")
        stamp.write_text(installed)
    return notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD / "book")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    modules = ensure_node_modules(BOOK, NODE, target="make book", fetches="MathJax 3 and axe-core")
    notebooks = stage_sources(modules)
    log(f"sources in {SRC.relative_to(ROOT)}: {len(notebooks)} notebooks, speaker notes left out")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto",
               "-d", str(BUILD / "book-doctrees"), str(SRC), str(args.out)]
    subprocess.run(command, check=True, cwd=ROOT)
    # The download button offers the committed notebook, not the copy without speaker notes.
    sources = args.out / "_sources" / "notebooks"
    for path in notebooks:
        shutil.copy2(path, sources / path.name)
    pages = len(list(args.out.rglob("*.html"))) - len(list(args.out.glob("_*/**/*.html")))
    log(f"{pages} pages in {args.out} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
