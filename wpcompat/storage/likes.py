"""Case-insensitive "contains" for search, whatever the length of what is searched for.

SQLite refuses a LIKE pattern longer than 50,000 bytes ("LIKE or GLOB pattern too complex");
MySQL, where WordPress runs, has no such limit and simply finds nothing (or the rare long match).
Past that length the same test is written with instr()/strpos(), which have no limit.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

# SQLite's SQLITE_MAX_LIKE_PATTERN_LENGTH, with room for the escapes and wildcards.
LONG_PATTERN = 40_000


class _Position(FunctionElement[int]):
    """1-based position of the second argument in the first, 0 when absent."""

    type = sa.Integer()
    inherit_cache = True
    name = "instr"


@compiles(_Position)
def _instr(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(_Position, "postgresql")
def _strpos(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


def is_long(text: str) -> bool:
    return len(text) > LONG_PATTERN


def contains_ci(column: Any, text: str) -> Any:
    """lower(column) holds lower(text), without LIKE: for texts `is_long()` says are too long
    for a LIKE pattern."""
    return _Position(sa.func.lower(column), sa.func.lower(sa.literal(text))) > 0


__all__ = ["LONG_PATTERN", "contains_ci", "is_long"]
