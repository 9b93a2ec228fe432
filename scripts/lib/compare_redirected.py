"""Run the oracle's compare.py against WordPress's own URL, its connections sent to wpcompat.

In place, wpcompat serves WordPress's database, whose rows hold WordPress's address
(`home`, GUIDs, users' and commenters' URLs: http://127.0.0.1:8080). A real switch-over puts
wpcompat at that same address; here WordPress keeps it, so wpcompat listens on another port
and is served with WPCOMPAT_SITE_URL = WordPress's address, and compare.py is given that address
while its TCP connections to it go to wpcompat's port instead (compare.py speaks http.client).

Usage: compare_redirected.py FROM_HOST:FROM_PORT TO_PORT COMPARE_PY [COMPARE_ARGS...]
"""

from __future__ import annotations

import http.client
import runpy
import sys
from typing import Any


def main() -> None:
    source, to_port, script, *args = sys.argv[1:]
    host, port = source.rsplit(":", 1)
    original_init = http.client.HTTPConnection.__init__

    def redirected(self: http.client.HTTPConnection, h: str, p: Any = None, *a: Any, **kw: Any) -> None:
        original_init(self, h, p, *a, **kw)
        if self.host == host and self.port == int(port):
            # The Host header keeps WordPress's address: only the socket goes elsewhere.
            self._wpc_connect_port = int(to_port)  # type: ignore[attr-defined]

    original_connect = http.client.HTTPConnection.connect

    def connect(self: http.client.HTTPConnection) -> None:
        target = getattr(self, "_wpc_connect_port", None)
        if target is None:
            original_connect(self)
            return
        saved = self.port
        self.port = target
        try:
            original_connect(self)
        finally:
            self.port = saved

    http.client.HTTPConnection.__init__ = redirected  # type: ignore[method-assign]
    http.client.HTTPConnection.connect = connect  # type: ignore[method-assign]
    sys.argv = [script, *args]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
