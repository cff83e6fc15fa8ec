"""Fixtures of the browser tests: headless Chromium, a private JupyterLab, a server for the decks.

Run them with `make test-browser`, i.e. `pytest -p no:nbval tests/browser -o addopts="" -v`.
Chromium is Debian's (`apt-get install chromium`), driven by Playwright's sync API; Playwright's own
browser download is never used unless CHROMIUM=playwright is set (see docs/tests.md).

Environment:
  CHROMIUM         path of the Chromium binary (default /usr/bin/chromium), or "playwright"
  COURSE_NOTEBOOKS folder of the notebooks to test (default notebooks/)
  COURSE_SLIDES    folder of the decks `make slides` wrote (default build/slides/)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import LAB_OVERRIDES, NOTEBOOKS, SCREENSHOTS, SLIDES
from tests.local_http import serve_folder

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-proxy-server", "--disable-quic", "--disable-features=Translate,MediaRouter",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
HARMLESS_SCHEMES = {"data", "blob", "about"}


def pytest_collection_modifyitems(config, items):
    """Inside `make test` (nbval on, all of tests/ collected) the browser tests stay out of the way."""
    if config.getoption("nbval", default=False) or config.getoption("nbval_lax", default=False):
        skip = pytest.mark.skip(reason="browser tests run with `make test-browser` (pytest -p no:nbval)")
        for item in items:
            if item.path.is_relative_to(Path(__file__).parent):
                item.add_marker(skip)


# ---------------------------------------------------------------------------------------------
# Requests: everything the browser asks for must be answered by this machine


@dataclass
class NetworkLog:
    """Every URL a browser context asked for, and the ones that left 127.0.0.1."""

    urls: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @staticmethod
    def is_local(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in HARMLESS_SCHEMES:
            return True
        return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS

    def record(self, url: str) -> None:
        self.urls.append(url)

    @property
    def outside(self) -> list[str]:
        return sorted({u for u in self.urls if not self.is_local(u)})

    def watch(self, context) -> None:
        context.on("request", lambda request: self.record(request.url))
        context.on("requestfailed", lambda request: self.failed.append(
            f"{request.url} ({request.failure})"))
        context.on("page", lambda page: page.on("websocket", lambda ws: self.record(ws.url)))

    def assert_all_local(self) -> None:
        outside = self.outside
        assert not outside, f"the browser asked for {len(outside)} URL(s) outside 127.0.0.1: {outside}"


# ---------------------------------------------------------------------------------------------
# The browser


def _chromium_launch_options() -> dict:
    choice = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if choice == "playwright":
        return {}
    if not Path(choice).exists():
        pytest.fail(
            f"no Chromium at {choice}. As root: `apt-get install -y --no-install-recommends chromium`. "
            "Without root: set CHROMIUM=/path/to/chromium-or-chrome, or run "
            "`.venv/bin/playwright install chromium` once and set CHROMIUM=playwright. "
            "`make test` does not need a browser.",
            pytrace=False,
        )
    return {"executable_path": choice}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    options = _chromium_launch_options()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(args=CHROMIUM_FLAGS, **options)
        yield chromium
        chromium.close()


@pytest.fixture
def context_factory(browser):
    """New browser contexts whose every request is logged; closed after the test."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, **kwargs)
        context.set_default_timeout(60_000)
        network = NetworkLog()
        network.watch(context)
        contexts.append(context)
        return context, network

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def overflowing_slides() -> dict:
    """The slides taller than the screen, by kind ("rise", "static") and notebook, for the ceiling tests."""
    return {"rise": {}, "static": {}}


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ---------------------------------------------------------------------------------------------
# JupyterLab on 127.0.0.1, with nothing of the user's


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_user_settings(folder: Path, settings: dict) -> None:
    """Write {"package:plugin": {...}} as JupyterLab user settings files."""
    for plugin_id, values in settings.items():
        package, plugin = plugin_id.split(":")
        path = folder / package / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=1))


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def page_url(self, path: str) -> str:
        return f"{self.url}{path}?token={self.token}"

    def shut_down_kernels(self) -> None:
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")
        for session in self.api("GET", "/api/sessions"):
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.HTTPError:
                pass

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """One JupyterLab for the session: free port, random token, fresh settings, copied notebooks."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    # As in the course's folder, helpers/ sits beside notebooks/, where each notebook's set-up cell
    # looks for it (else it would clone the course, as on Colab).
    (home / "helpers").symlink_to(NOTEBOOKS.parent / "helpers", target_is_directory=True)
    settings = home / "user-settings"
    write_user_settings(settings, json.loads(LAB_OVERRIDES.read_text()))
    # Every cell in the page (no virtual scrolling), so the test sees every output.
    write_user_settings(settings, {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}})
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "matplotlib"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_PATH", None)
    port, token = free_port(), secrets.token_hex(24)
    command = [
        str(Path(sys.executable).with_name("jupyter")), "lab",
        "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",
    ]
    log = home / "jupyterlab.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, cwd=home, stdout=output, stderr=subprocess.STDOUT)
    server = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log, process=process)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{server.log_tail()}")
        try:
            server.api("GET", "/api/status")
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"JupyterLab did not answer within 120 s:\n{server.log_tail()}")
            time.sleep(0.3)
    yield server
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy2(log, SCREENSHOTS / "jupyterlab.log")


# ---------------------------------------------------------------------------------------------
# The static decks, served from 127.0.0.1


@pytest.fixture(scope="session")
def slides_url():
    if not (SLIDES / "index.html").exists():
        pytest.fail(f"no decks in {SLIDES}: run `make slides` first", pytrace=False)
    with serve_folder(SLIDES) as url:
        yield url


# ---------------------------------------------------------------------------------------------
# The course website `make book` writes, served from 127.0.0.1


@pytest.fixture(scope="session")
def book_url():
    book = Path(__file__).resolve().parents[2] / "build" / "book"
    if not (book / "index.html").exists():
        pytest.fail(f"no site in {book}: run `make book` first", pytrace=False)
    with serve_folder(book) as url:
        yield url
