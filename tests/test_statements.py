"""storage/statements.py runs a statement known by identity (a `Bound`) as SQLAlchemy would:
the same SQL and parameters, IN lists of any length (kept expansions reused per lengths)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite

from wpcompat.storage.statements import Bound, Compiled, prebuilt

TABLE = sa.table("t", sa.column("a", sa.Integer), sa.column("b", sa.String))
STATEMENT = (
    sa.select(TABLE.c.a)
    .where(TABLE.c.a.in_(sa.bindparam("ids", expanding=True)), TABLE.c.b.notin_(sa.bindparam("bs", expanding=True)),
           TABLE.c.a > sa.bindparam("x"))
    .limit(sa.bindparam("limit"))
)
CALLS = [
    {"ids": [1, 2, 3], "bs": ["x"], "x": 1, "limit": 3},
    {"ids": [4, 5, 6], "bs": ["y"], "x": 2, "limit": 5},  # same lengths: the kept expansion
    {"ids": [], "bs": ["y", "z"], "x": 2, "limit": 5},  # an empty list: SQLAlchemy's empty set
    {"ids": [7, 8, 9], "bs": ["q"], "x": 9, "limit": 1},
]


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect(paramstyle="pyformat"), mysql.dialect()],
                         ids=["sqlite", "postgresql", "mysql"])
def test_a_bound_statement_expands_as_sqlalchemy_does(dialect: object) -> None:
    compiled_forms = Compiled()
    for values in CALLS:
        compiled, mine = compiled_forms.expanded(Bound(STATEMENT, values), dialect)
        theirs = compiled.construct_expanded_state(compiled.construct_params(params=values, escape_names=False),
                                                   escape_names=False)
        assert mine.statement == theirs.statement
        assert dict(mine.parameters) == dict(theirs.parameters)
        assert dict(mine.processors) == dict(theirs.processors)
        assert list(mine.positiontup or ()) == list(theirs.positiontup or ())
    assert len(compiled_forms.expansions) == 2


def test_a_prebuilt_statement_runs_with_its_own_values() -> None:
    query = prebuilt(sa.select(TABLE.c.a).where(TABLE.c.a == 7))
    _compiled, expanded = Compiled().expanded(query, sqlite.dialect())
    assert list(expanded.parameters.values()) == [7]
    assert str(query.as_statement().compile(compile_kwargs={"literal_binds": True})).endswith("t.a = 7")
