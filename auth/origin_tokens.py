"""Credentials for a front end on another origin (issue 15), where the session cookie cannot
go: browsers that block third-party cookies never send it from inside another site's page.

After a sign-in in a popup on the site's own origin, the popup hands the page that opened it a
short-lived token bound to that page's origin (postMessage to that exact origin). The token is
a signed reference to a session row of its own (auth.sessions: a user id or a social identity,
plus `origin`), sent back as `Authorization: Bearer <token>`. It counts only on a request whose
`Origin` header is that origin: a token lifted from origin B is refused from origin C, and a
page script on B cannot send another Origin. Logging out deletes the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature, URLSafeSerializer

from auth.oauth.redirects import origin_allowed
from auth.sessions import Session, create_session, load_session

if TYPE_CHECKING:
    from collections.abc import Mapping

    from settings import Settings
    from wpcompat.storage import Storage

# Short-lived: a reader signs in again after two hours.
LIFETIME = 2 * 3600
ORIGIN_KEY = "origin"
_SALT = "wpcompat.origin-token"


class OriginMismatch(Exception):
    """A valid token sent from an origin other than the one it was made for."""


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=_SALT)


def normalized_origin(origin: str) -> str | None:
    from wpcompat.util.urls import url_origin

    return url_origin(origin) if origin else None


async def issue(storage: Storage, settings: Settings, *, origin: str, user_id: int = 0,
                data: Mapping[str, Any] | None = None) -> str:
    """A new token for `origin` (one of WPCOMPAT_FRONTEND_ORIGINS) standing for this user or identity."""
    target = normalized_origin(origin)
    if target is None or not origin_allowed(target, settings.frontend_origins):
        raise ValueError(f"{origin!r} is not a listed front end")
    session = await create_session(storage, settings, user_id=user_id, data={**(data or {}), ORIGIN_KEY: target},
                                   lifetime=LIFETIME)
    # The session cookie's own format, under another salt: one cannot stand for the other.
    return str(_serializer(settings).dumps(session.token))


def bearer(headers: Mapping[str, str]) -> str | None:
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def resolve(storage: Storage, settings: Settings, token: str, origin: str | None) -> Session | None:
    """The token's session (None: forged, unknown or expired); OriginMismatch from another origin."""
    try:
        inner = _serializer(settings).loads(token)
    except BadSignature:
        return None
    if not isinstance(inner, str):
        return None
    from auth.sessions import cookie_value

    session = await load_session(storage, settings, cookie_value(settings, Session(token=inner)))
    if session is None or not session.data.get(ORIGIN_KEY):
        return None
    if normalized_origin(origin or "") != session.data[ORIGIN_KEY]:
        raise OriginMismatch(str(session.data[ORIGIN_KEY]))
    return session
