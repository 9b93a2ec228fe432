"""`wpcompat serve`: run the service under uvicorn (uvloop + httptools)."""

from __future__ import annotations

import argparse
from typing import Any

from settings import WORKERS_FOLDER, Settings


def register(sub: Any) -> None:
    parser = sub.add_parser("serve", help="run the web service")
    parser.add_argument("--host", help="address to listen on (default WPCOMPAT_HOST)")
    parser.add_argument("--port", type=int, help="port (default WPCOMPAT_PORT)")
    parser.add_argument("--workers", type=int, help="worker processes (default WPCOMPAT_WORKERS)")
    parser.set_defaults(handler=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    import os
    import shutil
    import tempfile

    workers = args.workers or settings.workers
    # The app factory reads its settings from the environment (in every worker): pass the
    # command line's address on, so that a site URL left unset follows it.
    if args.host:
        os.environ["WPCOMPAT_HOST"] = args.host
    if args.port:
        os.environ["WPCOMPAT_PORT"] = str(args.port)
    # Several workers share, in a private folder that lives as long as this command, what one
    # of them computed: lists' totals (storage/shared_memo.py) and, without Redis, answers
    # (rest/worker_answers.py).
    folder = tempfile.mkdtemp(prefix="wpcompat-workers-") if workers > 1 else None
    if folder is not None:
        os.environ[WORKERS_FOLDER] = folder
    try:
        _run_uvicorn(settings, args, workers)
    finally:
        if folder is not None:
            os.environ.pop(WORKERS_FOLDER, None)
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def _run_uvicorn(settings: Settings, args: argparse.Namespace, workers: int) -> None:
    import uvicorn

    # With several workers uvicorn needs an import string; the factory reads settings itself.
    uvicorn.run(
        "wpcompat.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        proxy_headers=False,
        server_header=False,
        log_level="info",
        access_log=settings.access_log,
    )
