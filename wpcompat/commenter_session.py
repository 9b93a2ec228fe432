"""The join between social login and the site's session (auth.sessions, auth.nonces).

Social login needs four things from the session, and nothing else: start one for a commenter
identity, say which identity the current request is, end it, and hand out the REST nonce
(`X-WP-Nonce`) that goes with it. Keeping them here keeps wpcompat.social independent of how
sessions are stored.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response


async def sign_in(request: Request, response: Response, identity_id: int) -> None:
    raise NotImplementedError("auth.sessions has not landed yet")


async def current_identity_id(request: Request) -> int | None:
    raise NotImplementedError("auth.sessions has not landed yet")


async def sign_out(request: Request, response: Response) -> None:
    raise NotImplementedError("auth.sessions has not landed yet")


async def rest_nonce(request: Request) -> str:
    raise NotImplementedError("auth.nonces has not landed yet")
