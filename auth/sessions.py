"""Browser sessions: a signed cookie naming a row of `{prefix}wpc_sessions`.

The cookie holds a random token signed with WPCOMPAT_SECRET_KEY (itsdangerous), so a forged
or altered cookie is refused before any database lookup. The table stores only a SHA-256 of
the token: a leaked database does not hand out live sessions. A session holds a user id, or
any other identity in `data` (a later feature keeps external commenter identities there), and
ends at `expires` (Unix time) or when it is destroyed.

Cookie: HttpOnly, SameSite=Lax (a cross-site form post does not carry it), Secure on https.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature, URLSafeSerializer

from wpcompat.storage import sessions as session_rows

if TYPE_CHECKING:
    from auth.capabilities import User
    from settings import Settings
    from wpcompat.storage import Storage

COOKIE_NAME = "wpcompat_session"
# WordPress's "remember me" login lasts 14 days.
SESSION_LIFETIME = 14 * 86400
_SALT = "wpcompat.session"


@dataclass(frozen=True)
class Session:
    token: str  # the secret the cookie carries; nonces are bound to it
    user_id: int = 0
    data: dict[str, Any] = field(default_factory=dict)
    expires: int = 0


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=_SALT)


def _row_id(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def cookie_value(settings: Settings, session: Session) -> str:
    return str(_serializer(settings).dumps(session.token))


def token_of(settings: Settings, value: str) -> str | None:
    """The token inside a cookie value, None when the signature does not hold."""
    try:
        token = _serializer(settings).loads(value)
    except BadSignature:
        return None
    return token if isinstance(token, str) and token else None


async def create_session(
    storage: Storage, settings: Settings, *, user_id: int = 0, data: Mapping[str, Any] | None = None,
    lifetime: int = SESSION_LIFETIME,
) -> Session:
    session = Session(
        token=secrets.token_urlsafe(32), user_id=int(user_id), data=dict(data or {}),
        expires=int(time.time()) + lifetime,
    )
    payload = json.dumps({"user_id": session.user_id, "data": session.data}, ensure_ascii=False)
    await session_rows.insert_session(storage, _row_id(session.token), payload, session.expires)
    return session


async def load_session(storage: Storage, settings: Settings, value: str | None) -> Session | None:
    """The live session a cookie value names (None: no cookie, bad signature, unknown, expired)."""
    token = token_of(settings, value) if value else None
    if token is None:
        return None
    record = await session_rows.get_session(storage, _row_id(token))
    if record is None or int(record.expires) <= time.time():
        return None
    try:
        stored = json.loads(record.data or "{}")
    except ValueError:
        return None
    return Session(token=token, user_id=int(stored.get("user_id") or 0), data=dict(stored.get("data") or {}),
                   expires=int(record.expires))


async def destroy_session(storage: Storage, session: Session) -> None:
    await session_rows.delete_session(storage, _row_id(session.token))


async def purge_expired(storage: Storage, now: float | None = None) -> int:
    return await session_rows.delete_expired_sessions(storage, int(now if now is not None else time.time()))


def set_cookie_header(settings: Settings, session: Session, *, persistent: bool = True) -> str:
    """The Set-Cookie value that hands `session` to a browser. Not `persistent` (a login
    without "Remember Me"): a browser-session cookie, as WordPress's."""
    max_age = max(0, session.expires - int(time.time()))
    lifetime = f"; Max-Age={max_age}" if persistent else ""
    secure = "; Secure" if settings.site_url.startswith("https://") else ""
    return f"{COOKIE_NAME}={cookie_value(settings, session)}{lifetime}; Path=/; HttpOnly; SameSite=Lax{secure}"


def clear_cookie_header(settings: Settings) -> str:
    secure = "; Secure" if settings.site_url.startswith("https://") else ""
    return f"{COOKIE_NAME}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax{secure}"


def parse_cookies(header: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, eq, value = part.strip().partition("=")
        if eq and name and name not in out:
            out[name] = value
    return out


async def session_user(storage: Storage, settings: Settings, cookies: Mapping[str, str]) -> User | None:
    """The user a session cookie logs in (None without one, or for a session of no user)."""
    session = await load_session(storage, settings, cookies.get(COOKIE_NAME))
    if session is None or not session.user_id:
        return None
    from auth.capabilities import load_user

    return await load_user(storage, session.user_id)


async def destroy_user_sessions(storage: Storage, user_id: int) -> int:
    """End every session of a user (WP_Session_Tokens::destroy_all(), as wp_set_password() does)."""
    rows = await session_rows.sessions_mentioning_user(storage, user_id)
    ended = 0
    for row in rows:
        try:
            owner = int(json.loads(row.data or "{}").get("user_id") or 0)
        except (ValueError, TypeError, AttributeError):
            continue
        if owner == int(user_id):
            await session_rows.delete_session(storage, row.session_id)
            ended += 1
    return ended
