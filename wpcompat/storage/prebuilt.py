"""Statements compiled once to SQL text with named parameters, for the hot paths.

`databases` compiles every SQLAlchemy statement on every call, which costs more than the query
itself on SQLite. `prepared(storage, stmt)` turns any statement into a typed text statement,
compiled once per shape (SQLAlchemy's cache key); `prebuilt_statement(storage, name, build)`
keeps a fixed statement by name, skipping even the cache key; `statement(...)` also binds once
the constants it was written with (a LIMIT, a status). The connection-level compile cache of
`storage/statements.py` serves every other statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage.statements import Bound

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

class _Prepared:
    """A statement shape compiled once to SQL text with named parameters."""

    __slots__ = ("compiled", "text")

    def __init__(self, compiled: Any, text: Any) -> None:
        self.compiled = compiled
        self.text = text


_PREPARED: dict[Any, _Prepared] = {}
_PREPARED_MAX = 512
# An expanding IN parameter renders as `(__[POSTCOMPILE_x])`; a literal-execute one (LIMIT on
# some dialects) without the parentheses. Both become plain named parameters of the text.
_POSTCOMPILE = re.compile(r"\(__\[POSTCOMPILE_(\w+)\]\)|__\[POSTCOMPILE_(\w+)\]")


def _named_dialect(name: str) -> Any:
    dialect = _DIALECTS.get(name)
    if dialect is None:
        dialect = _DIALECTS[name] = sa.engine.make_url(f"{name}://").get_dialect()(paramstyle="named")
    return dialect


_DIALECTS: dict[str, Any] = {}





def _compile_text(storage: Storage, stmt: Any, cache_key: Any = None) -> _Prepared:
    """Compile `stmt` once into a typed text statement with named parameters."""
    compiled = stmt.compile(dialect=_named_dialect(storage.dialect), cache_key=cache_key)
    sql = _POSTCOMPILE.sub(lambda m: ":" + (m.group(1) or m.group(2)), compiled.string)
    binds = [
        sa.bindparam(name, type_=bind.type, expanding=bind.expanding)
        for bind, name in compiled.bind_names.items()
    ]
    columns = [sa.column(entry.keyname, entry.type) for entry in compiled._result_columns]
    return _Prepared(compiled, sa.text(sql).bindparams(*binds).columns(*columns))


def prepared(storage: Storage, stmt: Any) -> Any:
    """`stmt` as a typed text statement with its values bound, compiled once per shape.

    `databases` compiles every SQLAlchemy statement on every call, which costs more than the
    query itself on SQLite; a text statement compiles in a fraction of that. The shape is
    SQLAlchemy's own cache key (values excluded), so one compilation serves every request of
    the same shape, and values are taken from the statement as SQLAlchemy extracts them.
    """
    cache_key = stmt._generate_cache_key()
    if cache_key is None:  # a construct SQLAlchemy cannot cache: compile it every time
        return stmt
    key = (storage.dialect, cache_key.key)
    prepared = _PREPARED.get(key)
    if prepared is None:
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.clear()
        prepared = _PREPARED[key] = _compile_text(storage, stmt, cache_key)
    values = prepared.compiled.construct_params(extracted_parameters=cache_key.bindparams)
    return prepared.text.bindparams(**values)


_STATEMENTS: dict[tuple[int, str, str], Any] = {}


def prebuilt_statement(storage: Storage, name: str, build: Any) -> Any:
    """A fixed statement with named parameters, built and compiled once per table set; bind
    its values with `.bindparams(...)`.

    Building a SQLAlchemy statement and walking it for its cache key costs more than running
    it on SQLite; a compiled text statement skips both. `build(storage)` must use
    `sa.bindparam` (expanding for IN lists) for every value that varies."""
    key = (id(storage.tables), storage.dialect, name)
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = _compile_text(storage, build(storage)).text
    return statement


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


def bind(statement: Any, **values: Any) -> Bound:
    """A prebuilt statement (`prebuilt_statement`, `statement`) with this call's values, for
    `storage.db.fetch_*`/`execute`: as `statement.bindparams(**values)` answers, without
    building a new statement per call (see `statements.Bound`). Values not given keep those
    bound when it was built."""
    return Bound(statement, values)
