"""Run first in every notebook (`%run ../helpers/start.py`): puts the course on the path, lets MXNet import.

The course's folder goes first on `sys.path`, so `import helpers` works with no `.pth` file and no
`pip install -e .`; then helpers/mxnet_compat.py restores what MXNet 1.9.1 reads at import on
Python 3.12+ and NumPy 2 (nothing in the course's own environment). On Colab and Kaggle,
helpers/hosted.py then installs MXNet and fetches MNIST if they are missing.
"""

import sys
from pathlib import Path

COURSE = str(Path(__file__).resolve().parents[1])
if COURSE not in sys.path:
    sys.path.insert(0, COURSE)

# Importing the package restores MXNet's names (helpers/__init__.py), once for every way in.
import helpers.hosted  # noqa: E402 - needs the path set just above

helpers.hosted.prepare()
