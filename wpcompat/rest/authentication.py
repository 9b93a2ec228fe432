"""Who is asking: Application Passwords over HTTP Basic, or the session cookie with a nonce.

Everything read here comes from wpcompat.rest.credentials, the one reading of a request's
credentials that the shared cache also uses.
"""

from __future__ import annotations

import hashlib
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from auth import throttle
from settings import Settings
from wpcompat.rest.credentials import Credentials
from wpcompat.rest.errors import RestError

if TYPE_CHECKING:
    from auth.capabilities import User
    from auth.identities import Identity
    from wpcompat.rest.request import RestRequest
    from wpcompat.storage import Storage


# rest_get_authenticated_app_password(): the UUID of the Application Password that authenticated
# the request being served (each request is served in its own task, so its own context).
_AUTHENTICATED_APP_PASSWORD: ContextVar[str | None] = ContextVar("authenticated_app_password", default=None)


def authenticated_app_password() -> str | None:
    return _AUTHENTICATED_APP_PASSWORD.get()


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


def too_many_failures(retry_after: int) -> RestError:
    """429 with the Retry-After a client can act on (auth/throttle.py)."""
    error = RestError(throttle.ERROR_CODE, throttle.ERROR_MESSAGE, 429, {"retry_after": retry_after})
    error.headers["Retry-After"] = str(retry_after)
    return error


# Basic credentials that succeeded, by (digest of the header, address): (version, until,
# principal, application password UUID, account). The check reads the user, the throttle's rows
# and the user's passwords and capabilities (four queries, a hash, the capabilities unserialized);
# while `version` has not moved, none of the user's rows changed, whoever writes (another
# instance, WordPress itself). `version` is the change log's tag of users, their meta and the
# options (GLOBAL: a revoked password, a role change move it) where the log is installed, so that
# a stream of comments does not end every remembered success; the throttle's own table is not
# in the log, so a success remembered that way is used only after the throttle's one query says
# that neither the address nor the account has failed since (a new failure sends the request
# through the whole check again, as before). Without the log it is the whole database's version,
# which every commit moves. `until` bounds the entry's life, so that the once-a-day record of the
# password's use (record_usage) is still made.
_BASIC_OK_SECONDS = 60.0
_BASIC_OK_MAX = 1024


def _by_change_log(version: Any) -> bool:
    """Whether `version` is the change log's (rest/server.py: ("log", epoch, GLOBAL's tick))."""
    return isinstance(version, tuple) and bool(version) and version[0] == "log"


async def authenticate(
    storage: Storage, settings: Settings, credentials: Credentials, ip: str, version: Any = None,
) -> Principal:
    """The principal behind the request (ANONYMOUS for nobody); a RestError for bad credentials.

    Unlike WordPress 6.1, a wrong Application Password is an error (401), not silently anonymous.
    Without Basic credentials, a session cookie counts only with a valid `wp_rest` nonce.
    Repeated failures from one address or on one account are answered 429 (auth/throttle.py).
    `version`: the request's version of the site's data, read when it began (rest/server.py);
    None: the database's, read here.
    """
    _AUTHENTICATED_APP_PASSWORD.set(None)
    if credentials.anonymous:
        return ANONYMOUS
    authorization = credentials.authorization
    if authorization and authorization.lower().startswith("bearer "):
        return await origin_token_principal(storage, settings, credentials, ip)
    if not authorization or not authorization.lower().startswith("basic "):
        return await cookie_principal(storage, settings, credentials, ip)
    from auth.basic import authenticate_basic

    key = (hashlib.sha256(authorization.encode("utf-8", "surrogatepass")).digest(), ip)
    known: dict[Any, Any] = storage.memo.setdefault("basic_ok", {})
    if version is None:
        version = await storage.data_version()
    if version is not None:
        hit = known.get(key)
        if (hit is not None and hit[0] == version and hit[1] > time.monotonic()
                and not (_by_change_log(version) and await throttle.any_failures(storage, ip=ip, account=hit[4]))):
            _AUTHENTICATED_APP_PASSWORD.set(hit[3])
            return hit[2]  # type: ignore[no-any-return]
    result = await authenticate_basic(storage, authorization, ip)
    if result.error is not None:
        if result.error.retry_after is not None:
            raise too_many_failures(result.error.retry_after)
        raise RestError(result.error.code, result.error.message, result.error.status)
    _AUTHENTICATED_APP_PASSWORD.set(result.app_password_uuid)
    principal = Principal(user=result.user)
    if version is not None and result.user is not None:
        if len(known) >= _BASIC_OK_MAX:
            known.clear()
        known[key] = (version, time.monotonic() + _BASIC_OK_SECONDS, principal, result.app_password_uuid,
                      result.user.login)
    return principal


async def cookie_principal(storage: Storage, settings: Settings, credentials: Credentials, ip: str) -> Principal:
    """rest_cookie_check_errors(): the session's user, or its social commenter, when the request carries a valid nonce
    (`_wpnonce` or `X-WP-Nonce`); without a nonce the cookie is ignored (anonymous, which
    defeats CSRF); a wrong nonce is 403 rest_cookie_invalid_nonce."""
    from auth.nonces import REST_ACTION, verify_nonce
    from auth.sessions import load_session

    if not credentials.nonce:
        return ANONYMOUS
    session = None
    if credentials.session_cookie is not None:
        session = await load_session(storage, settings, credentials.session_cookie)
    if session is None:
        # No session: WordPress still checks a nonce that is sent, as the logged-out user's
        # (user 0, no token); a made-up one is refused rather than ignored.
        # Not a sign-in attempt (there is no session to guess into): not counted by the throttle.
        if not verify_nonce(settings.secret_key, str(credentials.nonce), REST_ACTION, 0, ""):
            raise RestError("rest_cookie_invalid_nonce", "Cookie check failed", 403)
        return ANONYMOUS
    if not verify_nonce(settings.secret_key, str(credentials.nonce), REST_ACTION, session.user_id, session.token):
        raise await _invalid_nonce(storage, ip)
    if not session.user_id:
        # A social commenter's session: no user, the identity it names.
        from wpcompat.commenter_session import identity_of

        return Principal(commenter_id=identity_of(session))
    from auth.capabilities import load_user

    return Principal(user=await load_user(storage, session.user_id))


async def origin_token_principal(storage: Storage, settings: Settings, credentials: Credentials, ip: str) -> Principal:
    """A front end's origin-bound credential (auth.origin_tokens): its user or its social
    commenter. Refused (401) when forged, expired, or sent from another origin than the one it
    was made for; repeated failures are throttled like the other credentials."""
    from auth.origin_tokens import OriginMismatch, bearer, resolve

    wait = await throttle.retry_after(storage, ip=ip, account=None)
    if wait is not None:
        raise too_many_failures(wait)
    try:
        session = await resolve(storage, settings, bearer({"authorization": credentials.authorization or ""}) or "",
                                credentials.origin)
    except OriginMismatch:
        await throttle.record_failure(storage, ip=ip, account=None)
        raise RestError("rest_forbidden_origin", "This credential is not valid from this origin.", 401) from None
    if session is None:
        await throttle.record_failure(storage, ip=ip, account=None)
        raise RestError("rest_invalid_token", "The credential is invalid or has expired.", 401)
    if not session.user_id:
        from wpcompat.commenter_session import identity_of

        return Principal(commenter_id=identity_of(session))
    from auth.capabilities import load_user

    return Principal(user=await load_user(storage, session.user_id))


async def _invalid_nonce(storage: Storage, ip: str) -> RestError:
    """403 rest_cookie_invalid_nonce, or 429 once an address fails too often (auth/throttle.py)."""
    wait = await throttle.retry_after(storage, ip=ip, account=None)
    if wait is not None:
        return too_many_failures(wait)
    await throttle.record_failure(storage, ip=ip, account=None)
    return RestError("rest_cookie_invalid_nonce", "Cookie check failed", 403)


async def rest_commenter(req: RestRequest) -> Identity | None:
    """The social commenter a REST request acts as (authenticate() found it), read once."""
    if req.commenter_id is None:
        return None
    if "wpc_commenter" not in req.cache:
        from auth.identities import get_identity

        req.cache["wpc_commenter"] = await get_identity(req.storage, req.commenter_id)
    identity: Identity | None = req.cache["wpc_commenter"]
    return identity
