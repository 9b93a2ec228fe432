"""Prebuilt statements with their constants: `comments.prebuilt_statement` compiles a statement
once to text with named parameters, and a call binds its own values; the constants the statement
was written with (a LIMIT, a status, an OFFSET SQLite adds) are bound here once, so a hot path's
statement can be written as plain SQLAlchemy, with `sa.bindparam` only for what varies."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage.comments import prebuilt_statement

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

_BOUND: dict[tuple[int, str, str], Any] = {}
_DIALECTS: dict[str, Any] = {}


def _dialect(name: str) -> Any:
    dialect = _DIALECTS.get(name)
    if dialect is None:
        dialect = _DIALECTS[name] = sa.engine.make_url(f"{name}://").get_dialect()()
    return dialect


def statement(storage: Storage, name: str, build: Callable[[Storage], Any]) -> Any:
    """The statement `build(storage)` returns, compiled once per table set and backend, its
    constants bound; bind the rest with `.bindparams(...)`."""
    key = (id(storage.tables), storage.dialect, name)
    text = _BOUND.get(key)
    if text is None:
        built = build(storage)
        text = prebuilt_statement(storage, name, lambda _storage: built)
        # The parameter names of a compilation do not depend on the backend's paramstyle.
        compiled = built.compile(dialect=_dialect(storage.dialect))
        constants = {bound: bind.value for bind, bound in compiled.bind_names.items() if bind.value is not None}
        text = _BOUND[key] = text.bindparams(**constants) if constants else text
    return text
