"""Finding uv, or fetching the pinned uv from PyPI: the one program the set-up needs besides python3."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

from setup.platforms import Host, SetupError

UV_VERSION = "0.13.9"
# The wheels of uv 0.13.9 on PyPI and their SHA-256 (from PyPI's JSON API). A download must match:
# the binary inside is run, so it has to be the one that was pinned here.
UV_WHEELS = {
    ("Linux", "x86_64"): ("uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                          "d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19"),
    ("Linux", "aarch64"): ("uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64"
                           ".musllinux_1_1_aarch64.whl",
                           "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe"),
    ("Darwin", "x86_64"): ("uv-0.13.9-py3-none-macosx_10_12_x86_64.whl",
                           "c16ed11e013557536b3e60065f1b912f6407bd6518e041b961e23ef9e6b4fbf5"),
    ("Darwin", "arm64"): ("uv-0.13.9-py3-none-macosx_11_0_arm64.whl",
                          "66c512266d633bef48384a1f53003f41f2a8e7b36fe6e7fbfd3e0fd52d96fa63"),
}
PYPI = "https://pypi.org/simple"
INSTALL_HELP = (
    "Install uv yourself and run make again: `curl -LsSf https://astral.sh/uv/install.sh | sh` "
    "(Linux, macOS), `brew install uv` or `pipx install uv`; behind a package mirror, set "
    "UV_DEFAULT_INDEX to its simple index URL (uv reads neither pip.conf nor PIP_INDEX_URL)."
)


def uv_wheel(host: Host) -> tuple[str, str]:
    """Return the file name and SHA-256 of the uv wheel for this host; raise SetupError if none is pinned."""
    try:
        return UV_WHEELS[(host.system, host.machine)]
    except KeyError:
        raise SetupError(f"No uv {UV_VERSION} is pinned for {host.system} on {host.machine}. "
                         + INSTALL_HELP) from None


def cache_dir() -> Path:
    """Return the folder the fetched uv is kept in: $XDG_CACHE_HOME/backprop-course, else ~/.cache/."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "backprop-course"


def index_url() -> str:
    """Return the package index uv itself would use: UV_DEFAULT_INDEX, else UV_INDEX_URL, else PyPI."""
    return (os.environ.get("UV_DEFAULT_INDEX") or os.environ.get("UV_INDEX_URL") or PYPI).rstrip("/")


def shown(url: str) -> str:
    """Return the URL without any user name or password in it, fit to print."""
    parts = urllib.parse.urlsplit(url)
    return parts._replace(netloc=parts.hostname or "").geturl() if "@" in parts.netloc else url


def version_of(uv: str) -> str | None:
    """Return the version a uv binary reports (e.g. "0.13.9"), or None if it does not run."""
    try:
        out = subprocess.run([uv, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"uv (\S+)", out)
    return match.group(1) if match else None


def wheel_link(page: bytes, content_type: str, page_url: str, filename: str) -> str | None:
    """Return the absolute URL of filename on a simple-index page (PEP 691 JSON or PEP 503 HTML), or None."""
    if "json" in content_type:
        links = [f["url"] for f in json.loads(page.decode("utf-8"))["files"] if f["filename"] == filename]
    else:
        links = [href for href in re.findall(r'href="([^"]+)"', page.decode("utf-8", "replace"))
                 if urllib.parse.unquote(href.split("#")[0]).rsplit("/", 1)[-1] == filename]
    return urllib.parse.urljoin(page_url, links[0].split("#")[0]) if links else None


def _get(url: str, accept: str = "*/*") -> tuple[bytes, str]:
    """Return the body and content type of an HTTP(S) GET, failing after 60 s of silence."""
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": "backprop-course-setup"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), response.headers.get("Content-Type", "")


def fetch_uv(host: Host, target: Path, say: Callable[[str], None]) -> Path:
    """Return target after downloading the pinned uv wheel, checking its SHA-256 and unpacking uv into it."""
    filename, sha256 = uv_wheel(host)
    index = index_url()
    say(f"uv {UV_VERSION}: downloading {filename} from {shown(index)} ...")
    page_url = f"{index}/uv/"
    page, content_type = _get(page_url, "application/vnd.pypi.simple.v1+json, text/html;q=0.1")
    link = wheel_link(page, content_type, page_url, filename)
    if link is None:
        raise SetupError(f"The index {shown(index)} has no {filename}. " + INSTALL_HELP)
    wheel, _ = _get(link)
    digest = hashlib.sha256(wheel).hexdigest()
    if digest != sha256:
        raise SetupError(f"The downloaded {filename} has SHA-256 {digest}, not the pinned {sha256}: "
                         f"it was refused. Check the index ({shown(index)}) or " + INSTALL_HELP)
    binary = zipfile.ZipFile(io.BytesIO(wheel)).read(f"uv-{UV_VERSION}.data/scripts/uv")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its final place, checked, then renamed: a half-written uv is never left there.
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".uv-", delete=False) as tmp:
        tmp.write(binary)
    try:
        os.chmod(tmp.name, 0o755)
        if version_of(tmp.name) != UV_VERSION:
            raise SetupError(f"The uv unpacked from {filename} does not run here. " + INSTALL_HELP)
        os.replace(tmp.name, target)
    finally:
        if os.path.exists(tmp.name):
            os.unlink(tmp.name)
    say(f"uv {UV_VERSION}: SHA-256 matches the pin; saved as {target}")
    return target


def find_uv(host: Host, say: Callable[[str], None], exact: bool = False) -> str:
    """Return a uv to run: the pinned version from the PATH or the cache, else fetched from the index.

    With exact=False, a uv of another version on the PATH is the fallback when fetching fails.
    """
    on_path = shutil.which("uv")
    path_version = version_of(on_path) if on_path else None
    if on_path and path_version == UV_VERSION:
        say(f"uv {UV_VERSION}: {on_path} (on the PATH)")
        return on_path
    cached = cache_dir() / f"uv-{UV_VERSION}" / "uv"
    if version_of(str(cached)) == UV_VERSION:
        say(f"uv {UV_VERSION}: {cached} (fetched earlier)")
        return str(cached)
    if on_path:
        say(f"uv: {on_path} is version {path_version}; the course pins {UV_VERSION}, fetching that")
    else:
        say("uv: not on the PATH, fetching it")
    try:
        return str(fetch_uv(host, cached, say))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        failure = f"{type(error).__name__}: {error}"
    if on_path and path_version and not exact:
        say(f"uv: fetching failed ({failure}); using {on_path} (uv {path_version}) instead")
        return on_path
    pip_hint = " PIP_INDEX_URL is set: uv ignores it, so set UV_DEFAULT_INDEX to the same URL." \
        if os.environ.get("PIP_INDEX_URL") and not os.environ.get("UV_DEFAULT_INDEX") else ""
    raise SetupError(
        f"make needs uv {UV_VERSION}, and tried: `uv` on the PATH ({path_version or 'none'}), the copy in "
        f"{cached.parent} (none), and downloading {uv_wheel(host)[0]} from {shown(index_url())} "
        f"({failure}).{pip_hint} " + INSTALL_HELP
    )
