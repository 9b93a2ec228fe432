"""Reading a multipart body that may be broken."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request


async def read_multipart(request: Request) -> FormData | dict[str, Any]:
    """The parts of a multipart/form-data body; none when it is broken (no boundary, a part cut
    short …): PHP fills $_POST with nothing then, and WordPress goes on without body
    parameters, where Starlette would answer a plain-text 400 of its own."""
    # Read whole first: Starlette keeps the bytes, so the body can be read again later.
    await request.body()
    try:
        return await request.form()
    except (HTTPException, MultiPartException, ValueError, UnicodeDecodeError):
        return {}
