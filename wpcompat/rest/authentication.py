"""Who is asking: Application Passwords over HTTP Basic, or a session cookie with a `wp_rest` nonce."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from settings import Settings
from wpcompat.rest.errors import RestError

if TYPE_CHECKING:
    from auth.capabilities import User
    from auth.identities import Identity
    from wpcompat.rest.request import RestRequest
    from wpcompat.storage import Storage


def client_ip(request: Request, settings: Settings) -> str:
    """The client address, or the last hop of the trusted proxy header when one is configured."""
    if settings.trusted_proxy_header:
        forwarded = request.headers.get(settings.trusted_proxy_header)
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.client.host if request.client else "127.0.0.1"


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: a site user, a social commenter (by identity ID: the identity is
    read only by what needs it, see rest_commenter), or nobody."""

    user: User | None = None
    commenter_id: int | None = None


ANONYMOUS = Principal()


async def authenticate(
    storage: Storage, settings: Settings, headers: dict[str, str], ip: str, query: dict[str, Any] | None = None
) -> Principal:
    """The principal behind the request; a RestError for bad credentials.

    Unlike WordPress 6.1, a wrong Application Password is an error (401), not silently anonymous.
    Without Basic credentials, a session cookie counts only with a valid `wp_rest` nonce.
    """
    authorization = headers.get("authorization")
    if not authorization or not authorization.lower().startswith("basic "):
        return await cookie_principal(storage, settings, headers, query or {})
    from auth.basic import authenticate_basic

    result = await authenticate_basic(storage, authorization, ip)
    if result.error is not None:
        raise RestError(result.error.code, result.error.message, result.error.status)
    return Principal(user=result.user)


async def cookie_principal(
    storage: Storage, settings: Settings, headers: dict[str, str], query: dict[str, Any]
) -> Principal:
    """rest_cookie_check_errors(): the session's user, or its social commenter, when the request
    carries a valid nonce (`X-WP-Nonce` or `_wpnonce`); without a nonce the cookie is ignored
    (anonymous, which defeats CSRF); a wrong nonce is 403 rest_cookie_invalid_nonce."""
    from auth.nonces import REST_ACTION, verify_nonce
    from auth.sessions import COOKIE_NAME, load_session, parse_cookies

    cookies = parse_cookies(headers.get("cookie"))
    if COOKIE_NAME not in cookies:
        return ANONYMOUS
    session = await load_session(storage, settings, cookies[COOKIE_NAME])
    if session is None:
        return ANONYMOUS
    nonce = headers.get("x-wp-nonce") or query.get("_wpnonce")
    if not nonce:
        return ANONYMOUS
    if not verify_nonce(settings.secret_key, str(nonce), REST_ACTION, session.user_id, session.token):
        raise RestError("rest_cookie_invalid_nonce", "Cookie check failed", 403)
    if not session.user_id:
        # A social commenter's session: no user, the identity it names.
        from wpcompat.commenter_session import identity_of

        return Principal(commenter_id=identity_of(session))
    from auth.capabilities import load_user

    return Principal(user=await load_user(storage, session.user_id))


async def rest_commenter(req: RestRequest) -> Identity | None:
    """The social commenter a REST request acts as (authenticate() found it), read once."""
    if req.commenter_id is None:
        return None
    if "wpc_commenter" not in req.cache:
        from auth.identities import get_identity

        req.cache["wpc_commenter"] = await get_identity(req.storage, req.commenter_id)
    identity: Identity | None = req.cache["wpc_commenter"]
    return identity
