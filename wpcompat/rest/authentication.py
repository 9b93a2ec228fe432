"""Who is asking: Application Passwords over HTTP Basic (and, later, cookie + nonce)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

from settings import Settings
from wpcompat.rest.errors import RestError

if TYPE_CHECKING:
    from auth.capabilities import User
    from wpcompat.storage import Storage


def client_ip(request: Request, settings: Settings) -> str:
    """The client address, or the last hop of the trusted proxy header when one is configured."""
    if settings.trusted_proxy_header:
        forwarded = request.headers.get(settings.trusted_proxy_header)
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.client.host if request.client else "127.0.0.1"


async def authenticate(
    storage: Storage, settings: Settings, headers: dict[str, str], ip: str
) -> User | None:
    """The user behind the request, None for anonymous; a RestError for bad credentials.

    Unlike WordPress 6.1, a wrong Application Password is an error (401), not silently anonymous.
    """
    authorization = headers.get("authorization")
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    from auth.basic import authenticate_basic

    result = await authenticate_basic(storage, authorization, ip)
    if result.error is not None:
        raise RestError(result.error.code, result.error.message, result.error.status)
    return result.user
