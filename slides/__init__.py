"""Presenting the course: the static reveal.js decks and JupyterLab's slideshow settings.

- build.py writes one offline deck per notebook (`make slides`, `python -m slides.build`);
- templates/ holds the decks' nbconvert template, assets/ the npm lock of the scripts they load;
- lab_settings/overrides.json is what `make lab` and Binder install into JupyterLab: RISE's theme
  without web fonts, slides taller than the screen that scroll, and no news or update checks
  (RISE's text sizes live in notebooks/rise.css, since RISE reads them from the notebook's folder).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
NOTEBOOKS = Path(os.environ.get("COURSE_NOTEBOOKS", ROOT / "notebooks")).resolve()
SLIDES = Path(os.environ.get("COURSE_SLIDES", ROOT / "build" / "slides")).resolve()
LAB_OVERRIDES = HERE / "lab_settings" / "overrides.json"
