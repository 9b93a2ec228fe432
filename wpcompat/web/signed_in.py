"""Who is signed in on an HTML page (wp-login.php, wp-admin), and the nonces of their session.

The session is auth.sessions' (signed cookie + table); a page's nonces are WordPress-style
(auth.nonces) bound to the session's token, so a form made for one login is worthless after
logout or in another browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from auth.capabilities import User, load_user
from auth.nonces import create_nonce, verify_nonce
from auth.sessions import COOKIE_NAME, Session, load_session
from wpcompat.site import Site, load_site

NO_STORE = {"Cache-Control": "no-cache, must-revalidate, max-age=0, no-store, private"}


@dataclass(frozen=True)
class SignedIn:
    session: Session
    user: User

    def nonce(self, request: Request, action: str) -> str:
        return create_nonce(request.app.state.settings.secret_key, action, self.user.id, self.session.token)

    def check(self, request: Request, action: str, value: object) -> bool:
        """wp_verify_nonce() for this session: False for a missing, foreign or stale nonce."""
        if not isinstance(value, str) or not value:
            return False
        return bool(verify_nonce(request.app.state.settings.secret_key, value, action, self.user.id,
                                 self.session.token))


async def current_session(request: Request) -> Session | None:
    app = request.app
    return await load_session(app.state.storage, app.state.settings, request.cookies.get(COOKIE_NAME))


async def signed_in(request: Request) -> SignedIn | None:
    """The site user whose session the request carries (None: nobody, or a social commenter)."""
    session = await current_session(request)
    if session is None or not session.user_id:
        return None
    user = await load_user(request.app.state.storage, session.user_id)
    return SignedIn(session, user) if user is not None else None


async def page_language(request: Request, site: Site | None = None) -> str:
    """"fr" or "en": the site's language (WPLANG), else the browser's first choice."""
    if site is None:
        site = await load_site(request.app.state.storage, request.app.state.settings)
    wanted = site.option("WPLANG") or request.headers.get("accept-language", "")
    return "fr" if wanted.lower().startswith("fr") else "en"
