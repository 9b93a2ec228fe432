"""`wpcompat serve`: run the service under uvicorn (uvloop + httptools)."""

from __future__ import annotations

import argparse
from typing import Any

from settings import Settings


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
    # Several workers keep one cache each; without Redis they share computed answers in a
    # directory of this server's own (rest/worker_answers.py), removed when it stops.
    shared_dir = None
    if workers > 1 and settings.response_cache and not settings.cache_url and not settings.worker_cache_dir:
        shared_dir = tempfile.mkdtemp(prefix="wpcompat-answers-")
        os.environ["WPCOMPAT_WORKER_CACHE_DIR"] = shared_dir
    try:
        _run_uvicorn(settings, args, workers)
    finally:
        if shared_dir is not None:
            shutil.rmtree(shared_dir, ignore_errors=True)
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
