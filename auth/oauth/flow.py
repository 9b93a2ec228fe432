"""One login, from the redirect to the provider to a checked profile.

Authlib keeps each login's state (and PKCE verifier, nonce or OAuth 1 request token) in
`request.session`. We hand it a dict that lives in a short-lived signed cookie of its own,
scoped to `/auth/`, so that any instance can finish a login another one started and the
commenter's session (auth.sessions) is only touched once the login succeeded. Authlib drops a
state on first use, and the cookie is re-written without it, so a replayed callback fails.
The provider's tokens are local variables here: read the profile, then forget them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx2
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.starlette_client import OAuthError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import Response

from auth.oauth.profile import Commenter, ProfileError
from auth.oauth.registry import Providers

log = logging.getLogger("wpcompat.auth")

FLOW_COOKIE = "wpc_oauth_flow"
FLOW_PATH = "/auth/"
# Long enough to pick an account and consent, short enough that a stale flow is useless.
FLOW_MAX_AGE = 900
_SALT = "wpcompat.oauth-flow"
_REDIRECT = "_redirect_"
# A cookie holds about 4 kB: a reader with more logins open at once restarts the oldest.
MAX_FLOWS = 3


@dataclass(frozen=True)
class Outcome:
    commenter: Commenter | None
    error: str | None  # "cancelled" | "failed" | "expired"
    redirect_to: str | None


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def load_flow(request: Request, secret: str) -> dict[str, Any]:
    raw = request.cookies.get(FLOW_COOKIE)
    if not raw:
        return {}
    try:
        data = _serializer(secret).loads(raw, max_age=FLOW_MAX_AGE)
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def _tidy(data: dict[str, Any]) -> dict[str, Any]:
    """Only the newest few logins under way, and no destination without its state."""
    states = sorted(
        (k for k in data if k.startswith("_state_")), key=lambda k: data[k].get("exp", 0), reverse=True
    )
    kept = {k: data[k] for k in states[:MAX_FLOWS]}
    for key, value in data.items():
        if key.startswith(_REDIRECT) and any(k.endswith("_" + key[len(_REDIRECT):]) for k in kept):
            kept[key] = value
    return kept


def save_flow(response: Response, data: dict[str, Any], secret: str, secure: bool) -> None:
    data = _tidy(data)
    if not data:
        response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH, secure=secure, httponly=True, samesite="lax")
        return
    response.set_cookie(
        FLOW_COOKIE,
        _serializer(secret).dumps(data),
        max_age=FLOW_MAX_AGE,
        path=FLOW_PATH,
        secure=secure,
        httponly=True,
        # Lax, not Strict: the provider's redirect back to us is a cross-site navigation.
        samesite="lax",
    )


def _with_session(request: Request, session: dict[str, Any]) -> Request:
    scope = dict(request.scope)
    scope["session"] = session
    return Request(scope, request.receive)


def _state_of(request: Request) -> str | None:
    q = request.query_params
    # OAuth 1.0a has no state: the request token names the login, and X's cancel sends it
    # back as `denied`.
    return q.get("state") or q.get("oauth_token") or q.get("denied")


async def begin(
    providers: Providers, name: str, request: Request, callback_url: str, redirect_to: str, secret: str,
    secure: bool,
) -> Response:
    """The 302 to the provider, with this login's state added to the flow cookie."""
    session = load_flow(request, secret)
    before = set(session)
    client = providers.client(name)
    response = await client.authorize_redirect(
        _with_session(request, session), callback_url, **providers.specs[name].authorize_params
    )
    prefix = f"_state_{name}_"
    for key in set(session) - before:
        if key.startswith(prefix):
            session[_REDIRECT + key[len(prefix):]] = redirect_to
    save_flow(response, session, secret, secure)
    return response


def _cancelled(request: Request, error: OAuthError | None) -> bool:
    if "denied" in request.query_params:  # X's OAuth 1.0a "cancel"
        return True
    return error is not None and error.error in ("access_denied", "user_cancelled_login", "user_denied")


async def complete(providers: Providers, name: str, request: Request, secret: str) -> tuple[Outcome, dict[str, Any]]:
    """Check the callback and read the profile; returns the outcome and the flow left over."""
    session = load_flow(request, secret)
    state = _state_of(request)
    redirect_to = session.pop(_REDIRECT + state, None) if state else None
    if redirect_to is None and not _cancelled(request, None) and not request.query_params.get("error"):
        # No flow for this state: expired, replayed, or started elsewhere.
        return Outcome(None, "expired", None), session
    client = providers.client(name)
    spec = providers.specs[name]
    try:
        token = await client.authorize_access_token(_with_session(request, session))
        commenter = await spec.read_profile(client, token)
    except OAuthError as error:
        kind = "cancelled" if _cancelled(request, error) else "failed"
        log.info("%s login %s: %s", name, kind, error.error)
        return Outcome(None, kind, redirect_to), session
    except (AuthlibBaseError, JoseError, ProfileError, httpx2.HTTPError, ValueError, KeyError, TypeError) as error:
        # Bad id_token, an unreadable profile, a provider down, a callback without its `code`
        # (authlib's MissingCodeException): one message for the reader, the detail for the
        # log only.
        log.warning("%s login failed: %s: %s", name, type(error).__name__, error)
        return Outcome(None, "failed", redirect_to), session
    finally:
        token = None  # never kept: the profile is all a commenter login needs
        if state:
            session.pop(f"_state_{name}_{state}", None)
    return Outcome(commenter, None, redirect_to), session
