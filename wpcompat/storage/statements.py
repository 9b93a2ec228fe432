"""Statements compiled once per shape, for every backend's connection (sqlite_pool.py, compiled.py).

`databases` compiles every statement anew (SQLAlchemy's compiler, then the column maps of its
result), which costs more CPU than the database spends answering most of our queries.
`Compiled` keeps the compiled form by SQLAlchemy's cache key, which tells statements of the
same shape apart; each call then only binds its own values (expanding IN lists as needed).

A statement object built once and run again (a module's prebuilt query: the change clock's
read, a posts list's shape, …) is known by its identity instead, which skips even the cache
key's computation (a walk over the whole statement, the larger part of what is left per
query): it travels as a `Bound`, the statement and one call's values (`prebuilt(query)` for
one run as built, `storage/prebuilt.bind(statement, **values)` for others).
"""

from __future__ import annotations

import typing

from databases.backends.common.records import create_column_maps
from sqlalchemy.engine.cursor import CursorResultMetaData
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.ddl import DDLElement
from sqlalchemy.sql.elements import TextClause

_MAX = 2000
# Statements known by identity: a module's constants, and one per shape of a few queries
# (storage/posts.py); past this many some are built per call, and all are compiled again.
_MAX_BY_IDENTITY = 2000


_NO_PROCESSORS: dict[str, typing.Any] = {}


class Expanded(typing.NamedTuple):
    """One call's SQL and parameters, as SQLAlchemy's ExpandedState gives them (processors:
    those of the expanded IN elements, as it gives them too)."""

    statement: str
    parameters: dict[str, typing.Any]
    processors: typing.Mapping[str, typing.Any]
    positiontup: typing.Sequence[str] | None


class Bound:
    """A statement built once (a text statement of storage/prebuilt.py, a select kept per
    shape, a module's constant) and one call's values, as `prebuilt.bind` makes it.
    `.bindparams(**values)` would clone the statement and make the connection walk the clone
    for its cache key on every call, which costs more than running the statement on SQLite;
    the connection takes this one's compiled form by the statement's identity and binds the
    values straight in (values not given keep those the statement was built with)."""

    __slots__ = ("statement", "values")

    def __init__(self, statement: ClauseElement, values: dict[str, typing.Any]) -> None:
        self.statement = statement
        self.values = values

    def as_statement(self) -> ClauseElement:
        """The equivalent SQLAlchemy statement (to show it, EXPLAIN it, compile it by hand)."""
        if not self.values:
            return self.statement
        if isinstance(self.statement, TextClause):
            return self.statement.bindparams(**self.values)
        return self.statement.params(**self.values)

    def compile(self, *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        return self.as_statement().compile(*args, **kwargs)

    def __str__(self) -> str:
        return str(self.statement)


class Compiled:
    """Compiled statements by cache key, and the column maps of their results (one per
    dialect: a compiled form holds its dialect's SQL)."""

    def __init__(self) -> None:
        self.statements: dict[typing.Any, typing.Any] = {}
        self.column_maps: dict[int, typing.Any] = {}
        # id(statement) → (statement, compiled), for the statements of `Bound`s.
        self.by_identity: dict[int, tuple[ClauseElement, typing.Any]] = {}
        # (id(compiled), lengths of its IN lists) → (compiled, SQLAlchemy's expanded state).
        self.expansions: dict[tuple[int, ...], tuple[typing.Any, typing.Any]] = {}
        # id(compiled) → (compiled, the execution context its results' metadata is made from).
        self.contexts: dict[int, tuple[typing.Any, typing.Any]] = {}
        # id(SQL text) → (SQL text, its parameters numbered $1, $2… (asyncpg), their names in order).
        self.numbered: dict[int, tuple[str, str, list[str]]] = {}
        # id(result columns) → (result columns, cursor description, result metadata).
        self.metadata: dict[int, tuple[typing.Any, typing.Any, typing.Any]] = {}

    def expanded(self, query: ClauseElement, dialect: typing.Any) -> tuple[typing.Any, typing.Any] | None:
        """(compiled, expanded state with this call's values), or None for a statement SQLAlchemy
        cannot key (then `databases` compiles it as it always did)."""
        if type(query) is Bound:
            statement = query.statement
            entry = self.by_identity.get(id(statement))
            if entry is None or entry[0] is not statement:
                if len(self.by_identity) >= _MAX_BY_IDENTITY:
                    self.by_identity.clear()
                entry = self.by_identity[id(statement)] = (statement, statement._compiler(dialect))
            compiled = entry[1]
            return compiled, self._expand(compiled, compiled.construct_params(params=query.values, escape_names=False))
        if isinstance(query, DDLElement):
            return None
        cache_key = query._generate_cache_key()
        if cache_key is None:
            return None
        compiled = self.statements.get(cache_key.key)
        if compiled is None:
            compiled = query._compiler(dialect, cache_key=cache_key)
            if len(self.statements) >= _MAX:
                self.statements.pop(next(iter(self.statements)))
            self.statements[cache_key.key] = compiled
        params = compiled.construct_params(extracted_parameters=cache_key.bindparams, escape_names=False)
        return compiled, self._expand(compiled, params)

    def _expand(self, compiled: typing.Any, params: dict[str, typing.Any]) -> typing.Any:
        """The SQL and parameters of one call, IN lists expanded (`params` is used up).

        SQLAlchemy rewrites the SQL text for each call's list lengths (a regular expression
        over the statement, new names for each element); the result depends only on those
        lengths, so it is kept per (compiled statement, lengths), and a later call only renames
        its values. Literal-execute, numbered and tuple parameters (none of ours) take SQLAlchemy's way."""
        post = compiled.post_compile_params
        if compiled.literal_execute_params or compiled._numeric_binds:
            return compiled._process_parameters_for_postcompile(params)
        if not post:
            return Expanded(compiled.string, params, _NO_PROCESSORS, compiled.positiontup)
        names = [compiled.bind_names[p] for p in post]
        try:
            key = (id(compiled), *[len(params[name]) for name in names])
        except TypeError:  # not a list: SQLAlchemy says what is wrong
            return compiled._process_parameters_for_postcompile(params)
        found = self.expansions.get(key)
        if found is None or found[0] is not compiled:
            if any(p.type._is_tuple_type for p in post):
                return compiled._process_parameters_for_postcompile(params)
            state = compiled._process_parameters_for_postcompile(dict(params))
            if len(self.expansions) >= _MAX:
                self.expansions.clear()
            found = self.expansions[key] = (compiled, state)
        state = found[1]
        expansion = state.parameter_expansion
        for name in names:
            params.update(zip(expansion[name], params.pop(name), strict=True))
        return Expanded(state.statement, params, state.processors, state.positiontup)

    def context(self, dialect: typing.Any, compiled: typing.Any) -> typing.Any:
        """The execution context of `compiled`'s results (what it holds is fixed per compiled
        statement: built once)."""
        found = self.contexts.get(id(compiled))
        if found is None or found[0] is not compiled:
            if len(self.contexts) >= _MAX:
                self.contexts.clear()
            found = self.contexts[id(compiled)] = (compiled, execution_context(dialect, compiled))
        return found[1]

    def numbered_sql(self, statement: str, names: typing.Iterable[str]) -> tuple[str, list[str]]:
        """asyncpg's SQL: the parameters numbered $1, $2… in the order of their sorted names,
        as databases does; the same text (an expansion kept per lengths) is numbered once."""
        found = self.numbered.get(id(statement))
        if found is None or found[0] is not statement:
            ordered = sorted(names)
            sql = statement % {name: f"${i}" for i, name in enumerate(ordered, start=1)}
            if len(self.numbered) >= _MAX:
                self.numbered.clear()
            found = self.numbered[id(statement)] = (statement, sql, ordered)
        return found[1], found[2]

    def result_metadata(self, result_columns: typing.Any, context: typing.Any, description: typing.Any) -> typing.Any:
        """SQLAlchemy's metadata of a result (how each column of a row is read), kept per
        compiled statement and cursor description as SQLAlchemy keeps it on its own compiled
        statements: building it matches every column by name, on every query otherwise."""
        key = id(result_columns)
        found = self.metadata.get(key)
        if found is None or found[0] is not result_columns or found[1] != description:
            found = (result_columns, description, CursorResultMetaData(context, description))
            if len(self.metadata) >= _MAX:
                self.metadata.clear()
            self.metadata[key] = found
        return found[2]

    def maps(self, result_columns: typing.Any) -> typing.Any:
        # Building these maps compiles every column to a string: once per statement shape.
        key = id(result_columns)
        maps = self.column_maps.get(key)
        if maps is None or maps[0] is not result_columns:
            maps = (result_columns, create_column_maps(result_columns))
            if len(self.column_maps) >= _MAX:
                self.column_maps.clear()
            self.column_maps[key] = maps
        return maps[1]


def bound(expanded: typing.Any, name: str) -> typing.Any:
    """One parameter's value as the driver takes it (after the type's bind processor)."""
    value = expanded.parameters[name]
    processor = expanded.processors.get(name)
    return processor(value) if processor is not None else value


def execution_context(dialect: typing.Any, compiled: typing.Any) -> typing.Any:
    """The execution context `databases` builds its Records' metadata from."""
    context = dialect.execution_ctx_cls()
    context.dialect = dialect
    context.result_column_struct = (
        compiled._result_columns,
        compiled._ordered_columns,
        compiled._textual_ordered_columns,
        compiled._ad_hoc_textual,
        compiled._loose_column_name_matching,
    )
    return context


# One per backend's dialect.
SQLITE = Compiled()
POSTGRESQL = Compiled()
MYSQL = Compiled()


def prebuilt(query: ClauseElement) -> Bound:
    """A statement built once (at import or per storage) and run as is many times, for
    `X = prebuilt(sa.select(...))`: run as a `Bound` without values, its compiled form is found
    by identity (its own values are bound as built)."""
    return Bound(query, {})
