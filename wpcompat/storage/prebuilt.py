"""Statements compiled once to SQL text with named parameters, for the hot paths.

`databases` compiles every SQLAlchemy statement on every call, which costs more than the query
itself on SQLite. The connection-level compile cache of `storage/statements.py` keeps every
statement's compiled form by shape, but still walks the statement for its cache key on each
call; `prebuilt_statement(storage, name, build)` keeps a fixed statement by name and skips even
that walk; `statement(...)` also binds once the constants it was written with (a LIMIT, a
status).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage.statements import Bound

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# An expanding IN parameter renders as `(__[POSTCOMPILE_x])`; a literal-execute one (LIMIT on
# some dialects) without the parentheses. Both become plain named parameters of the text.
_POSTCOMPILE = re.compile(r"\(__\[POSTCOMPILE_(\w+)\]\)|__\[POSTCOMPILE_(\w+)\]")
_DIALECTS: dict[str, Any] = {}


def _named_dialect(name: str) -> Any:
    """The backend's dialect with named parameters (`:name`), whatever its driver's own style."""
    dialect = _DIALECTS.get(name)
    if dialect is None:
        dialect = _DIALECTS[name] = sa.engine.make_url(f"{name}://").get_dialect()(paramstyle="named")
    return dialect


def _compile_text(storage: Storage, stmt: Any) -> Any:
    """`stmt` compiled once into a typed text statement with named parameters."""
    compiled = stmt.compile(dialect=_named_dialect(storage.dialect))
    sql = _POSTCOMPILE.sub(lambda m: ":" + (m.group(1) or m.group(2)), compiled.string)
    binds = [
        sa.bindparam(name, type_=bind.type, expanding=bind.expanding)
        for bind, name in compiled.bind_names.items()
    ]
    columns = [sa.column(entry.keyname, entry.type) for entry in compiled._result_columns]
    return sa.text(sql).bindparams(*binds).columns(*columns)


class _PerTables:
    """Statements by (table set, backend, name). The table set is held and compared, not only
    its id: a storage's tables may be gone and their id reused by another prefix's."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, str, str], tuple[Any, Any]] = {}

    def get(self, storage: Storage, name: str) -> Any:
        kept = self._kept.get((id(storage.tables), storage.dialect, name))
        return kept[1] if kept is not None and kept[0] is storage.tables else None

    def put(self, storage: Storage, name: str, statement: Any) -> Any:
        self._kept[(id(storage.tables), storage.dialect, name)] = (storage.tables, statement)
        return statement


_STATEMENTS = _PerTables()
_BOUND = _PerTables()


def prebuilt_statement(storage: Storage, name: str, build: Any) -> Any:
    """A fixed statement with named parameters, built and compiled once per table set; bind
    its values with `.bindparams(...)`.

    Building a SQLAlchemy statement and walking it for its cache key costs more than running
    it on SQLite; a compiled text statement skips both. `build(storage)` must use
    `sa.bindparam` (expanding for IN lists) for every value that varies."""
    statement = _STATEMENTS.get(storage, name)
    if statement is None:
        statement = _STATEMENTS.put(storage, name, _compile_text(storage, build(storage)))
    return statement


def statement(storage: Storage, name: str, build: Callable[[Storage], Any]) -> Any:
    """The statement `build(storage)` returns, compiled once per table set and backend, its
    constants bound; bind the rest with `.bindparams(...)`."""
    text = _BOUND.get(storage, name)
    if text is None:
        built = build(storage)
        text = prebuilt_statement(storage, name, lambda _storage: built)
        # The parameter names of a compilation do not depend on the backend's paramstyle.
        compiled = built.compile(dialect=_named_dialect(storage.dialect))
        constants = {bound: bind.value for bind, bound in compiled.bind_names.items() if bind.value is not None}
        text = _BOUND.put(storage, name, text.bindparams(**constants) if constants else text)
    return text


# Shapes kept per storage and family; past this many the family's are all built again (a shape
# is which filters a list has and its order: a few dozen in practice).
_SHAPES_KEPT = 256


def per_shape(storage: Storage, family: str, shape: Hashable, build: Callable[[], Any]) -> Any:
    """What `build()` makes for this query shape (its statements), made once per storage: a
    request of a known shape then only binds its values (`bind`), with neither SQLAlchemy's
    construction nor its cache-key walk. The storage holds them, so they are its tables'."""
    kept: dict[Hashable, Any] = storage.memo.setdefault(f"shapes:{family}", {})
    found = kept.get(shape)
    if found is None:
        if len(kept) >= _SHAPES_KEPT:
            kept.clear()
        found = kept[shape] = build()
    return found


def bind(statement: Any, **values: Any) -> Bound:
    """A prebuilt statement (`prebuilt_statement`, `statement`) with this call's values, for
    `storage.db.fetch_*`/`execute`: as `statement.bindparams(**values)` answers, without
    building a new statement per call (see `statements.Bound`). Values not given keep those
    bound when it was built."""
    return Bound(statement, values)
