"""The comment widget's files, served under /embed/ (comments.js, comments.css).

Post pages themselves are rendered by the default theme (wpcompat/web/theme), which puts the
widget under each post.
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent.parent / "static"


def embed_routes() -> list[BaseRoute]:
    """The widget's files: /embed/comments.js and /embed/comments.css."""
    return [Mount("/embed", app=StaticFiles(directory=STATIC_DIR), name="embed")]
