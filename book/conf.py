"""Sphinx configuration of the course website, built by `make book` (see book/build.py).

book/build.py assembles the site's sources in build/book-src/ (this file, index.md, the notebooks
without their speaker notes, the answers, the instructor notes and docs/*.md, in the repository's own
layout) and runs Sphinx there, so every relative link between them works as it does on GitHub.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The Colab, Binder and repository links of every chapter point at the course's address, set once in
# pyproject.toml (`make address`) and read by setup/address.py. This file is also run from
# build/book-src/: hence the search upward for the repository.
_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
sys.path.insert(0, str(_ROOT))
from setup.address import BRANCH, repository  # noqa: E402 - needs the repository on the path

REPOSITORY = repository(_ROOT)

project = "Backpropagation and Gradient Descent"
author = "the course's authors"
copyright = "the course's authors"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]
root_doc = "index"

# The notebooks are shown with the outputs they are committed with: the ones nbval checks.
nb_execution_mode = "off"
# Widgets: the site shows the PNG of the default state each interactive figure carries, and loads
# no widget JavaScript (myst-nb's default fetches it from CDNs).
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]

# Equations: MathJax 3 served from the site itself (book/package.json, copied by build.py), no CDN.
mathjax_path = "mathjax/tex-chtml.js"
# A MathJax 3 configuration (myst-parser adds its own settings to it; left unset, Sphinx 9 would
# write one for MathJax 4). MathJax finds its fonts beside its own script.
mathjax3_config = {"chtml": {"matchFontHeight": True}}

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["course.css"]
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False
html_theme_options = {
    "repository_url": f"https://github.com/{REPOSITORY}",
    "repository_branch": BRANCH,
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "launch_buttons": {
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # No web fonts, no analytics, nothing fetched from elsewhere.
    "icon_links": [],
}
