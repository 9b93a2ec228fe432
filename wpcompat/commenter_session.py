"""The join between social login and the site's session (auth.sessions, auth.nonces).

Social login needs four things from the session, and nothing else: start one for a commenter
identity, say which identity the current request is, end it, and hand out the REST nonce
(`X-WP-Nonce`) that goes with it. A commenter's session has no user id (user_id 0) and names
its identity in the session data under IDENTITY_KEY; REST authentication reads it from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from auth.identities import Identity
    from auth.sessions import Session

IDENTITY_KEY = "oauth_identity"


async def _session(request: Request) -> Session | None:
    from auth.sessions import COOKIE_NAME, load_session

    app = request.app
    return await load_session(app.state.storage, app.state.settings, request.cookies.get(COOKIE_NAME))


async def session_of(request: Request) -> Session | None:
    """The browser's session (cookie), whoever it is for."""
    return await _session(request)


def identity_of(session: Session | None) -> int | None:
    """The commenter identity a session stands for (None for none, or for a site user's)."""
    if session is None or session.user_id:
        return None
    value = session.data.get(IDENTITY_KEY)
    return int(value) if isinstance(value, int) and value > 0 else None


async def sign_in(request: Request, response: Response, identity_id: int) -> None:
    """A fresh session for the identity; any session the browser had ends (no fixation, and
    "change" to another account leaves nothing of the previous one)."""
    from auth.sessions import create_session, destroy_session, set_cookie_header

    app = request.app
    old = await _session(request)
    if old is not None:
        await destroy_session(app.state.storage, old)
    session = await create_session(app.state.storage, app.state.settings, data={IDENTITY_KEY: identity_id})
    response.headers.append("set-cookie", set_cookie_header(app.state.settings, session))


async def current_identity_id(request: Request) -> int | None:
    return identity_of(await _session(request))


async def current_user_id(request: Request) -> int | None:
    """The site user (not a commenter identity) whose session this request carries."""
    session = await _session(request)
    return session.user_id if session is not None and session.user_id else None


async def sign_out(request: Request, response: Response) -> None:
    from auth.sessions import clear_cookie_header, destroy_session

    session = await _session(request)
    if session is not None:
        await destroy_session(request.app.state.storage, session)
    response.headers.append("set-cookie", clear_cookie_header(request.app.state.settings))


async def rest_nonce(request: Request) -> str | None:
    """wpApiSettings.nonce for this session: what the widget sends as X-WP-Nonce."""
    from auth.nonces import REST_ACTION, create_nonce

    session = await _session(request)
    if session is None:
        return None
    return create_nonce(request.app.state.settings.secret_key, REST_ACTION, session.user_id, session.token)


# ---------------------------------------------------------------- commenting as an identity


def author_fields(identity: Identity) -> dict[str, str]:
    """The comment_author* columns of a comment by a social commenter."""
    return {
        "comment_author": identity.name,
        "comment_author_email": identity.email,
        "comment_author_url": identity.profile_url,
    }


async def form_commenter(request: Request) -> Identity | None:
    """The social commenter posting the classic form: the session cookie alone, as WordPress's
    form trusts its login cookie (SameSite=Lax keeps other sites' form posts from carrying it)."""
    from auth.identities import get_identity

    identity_id = await current_identity_id(request)
    return await get_identity(request.app.state.storage, identity_id) if identity_id else None
