"""MariaDB/MySQL: several statements in one round trip to the server.

Statements that follow one another with nothing to decide between them (a comment
submission's lock and checks; its insert and the post's count: storage/comment_writes.py) go as
one multi-statement text (the connection allows it: asyncmy asks for CLIENT_MULTI_STATEMENTS),
each still its own statement for the server, in the order written; the first that fails stops
the rest and its error is raised, and the caller's transaction is rolled back as before. Like
the backends of compiled.py, the statements' compiled forms come from storage/statements.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wpcompat.storage.dialect import compiler
from wpcompat.storage.statements import MYSQL, bound

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

Row = dict[str, Any]


@dataclass(frozen=True)
class Result:
    """One statement's result: its columns, its rows, the id it inserted."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    # The id the server gave the row a statement inserted (0: none).
    insert_id: int

    def mapping(self, index: int) -> Row:
        return dict(zip(self.columns, self.rows[index], strict=True))


async def one_round_trip(storage: Storage, queries: list[Any]) -> list[Result]:
    """Run these statements (prebuilt and bound, `prebuilt.bind`) in one round trip to MariaDB,
    on the caller's connection (its transaction). Values are the driver's: no result type of
    the statements is applied (the callers read integers and text, and convert dates)."""
    dialect = compiler(storage)
    texts: list[str] = []
    args: dict[str, Any] = {}
    for query in queries:
        found = MYSQL.expanded(query, dialect)
        assert found is not None, "a prebuilt statement"
        _, expanded = found
        for name in expanded.parameters:
            assert name not in args, f"parameter {name} named twice"
            args[name] = bound(expanded, name)
        texts.append(expanded.statement)
    results: list[Result] = []
    # The task's connection: its transaction's, if it is in one (else one from the pool).
    async with storage.db.connection() as held, held.raw_connection.cursor() as cursor:
        await cursor.execute(";\n".join(texts), args)
        while True:
            columns = tuple(d[0] for d in cursor.description) if cursor.description else ()
            rows = list(await cursor.fetchall()) if columns else []
            results.append(Result(columns, rows, int(cursor.lastrowid or 0)))
            if len(results) == len(queries):
                break
            await cursor.nextset()
    return results
