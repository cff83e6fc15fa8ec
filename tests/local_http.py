"""A folder served over HTTP on 127.0.0.1, for tests that need a web server of their own."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass  # one line per request would bury the test output


@contextlib.contextmanager
def serve_folder(root: Path) -> Iterator[str]:
    """Serve root on a free port of 127.0.0.1 while the block runs; yield its base URL, without a slash."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
