"""Social login routes for commenters, and the commenter's own data (export, erase).

    /auth/<provider>/login?redirect_to=…   → the provider
    /auth/<provider>/callback              → back to redirect_to (with ?wpc_login=ok|cancelled|failed)
    /auth/logout (POST)                    → signed out
    /auth/me                               → who am I (JSON), the REST nonce, the login buttons
    /auth/me/export, /auth/me/erase (POST) → the commenter's data, and its erasure
    /auth/facebook/deletion (POST)         → Facebook's data-deletion callback (+ its status page)

The commenter's session is the site's session (auth.sessions): this module only says who
signed in. POSTs that change state must come from an allowed origin (Origin, or Referer when
a browser sends no Origin), since the session cookie alone would otherwise let another site
sign a reader out or erase their data.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from auth import origin_tokens
from auth.capabilities import load_user
from auth.identities import (
    Identity,
    erase_identity,
    export_identity,
    find_identity,
    get_identity,
    save_identity,
)
from auth.oauth import flow
from auth.oauth.redirects import origin_allowed, safe_redirect
from auth.oauth.registry import Providers, build_providers
from auth.sessions import Session, destroy_session
from settings import Settings
from wpcompat import commenter_session
from wpcompat.avatars import avatar_url
from wpcompat.site import Site, load_site
from wpcompat.storage import Storage
from wpcompat.storage.posts import post_columns_by_id

log = logging.getLogger("wpcompat.auth")

LOGIN_PARAM = "wpc_login"
NO_STORE = {"Cache-Control": "no-store, private"}


def _with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    query.append((name, value))
    return urlunsplit(parts._replace(query=urlencode(query)))


# The pages this module shows itself (the widget shows login outcomes in its own words).
MESSAGES = {
    "en": {
        "unknown": ("Unknown sign-in", "This sign-in method is not available here."),
        "expired": ("Sign-in expired",
                    "This sign-in link has expired or was already used. Go back to the page and try again."),
        "no_request": ("Unknown request", "We know of no deletion request with this code."),
        "deleted": ("Data deleted",
                    "Your Facebook sign-in and the personal data of your comments on this site have been deleted."),
        "back": "Back to the site",
    },
    "fr": {
        "unknown": ("Connexion inconnue", "Ce moyen de connexion n’est pas disponible ici."),
        "expired": ("Connexion expirée",
                    "Ce lien de connexion a expiré ou a déjà servi. Revenez à la page et réessayez."),
        "no_request": ("Demande inconnue", "Nous ne connaissons aucune demande de suppression avec ce code."),
        "deleted": ("Données supprimées",
                    "Votre connexion Facebook et les données personnelles de vos commentaires sur ce site ont été supprimées."),
        "back": "Retour au site",
    },
}


async def _language(request: Request) -> str:
    """The site's language (WPLANG), else the browser's first choice: "fr" or "en"."""
    site = await load_site(request.app.state.storage, request.app.state.settings)
    wanted = site.option("WPLANG") or request.headers.get("accept-language", "")
    return "fr" if wanted.lower().startswith("fr") else "en"


async def _message_page(request: Request, status: int, key: str, home: str) -> HTMLResponse:
    lang = await _language(request)
    title, text = MESSAGES[lang][key]
    body = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="UTF-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body style="font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em">'
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
        f'<p><a href="{escape(home)}">{escape(MESSAGES[lang]["back"])}</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers=NO_STORE)


async def widget_config(request: Request, settings: Settings) -> dict[str, Any]:
    """What the comment widget needs to know about the site (and the post, given `?post=`)."""
    site = await load_site(request.app.state.storage, settings)
    depth = site.option_int("thread_comments_depth", 5) if site.option_bool("thread_comments") else 1
    config: dict[str, Any] = {
        "locale": site.option("WPLANG"),
        "rest_url": site.rest_url("/"),
        "require_name_email": site.option_bool("require_name_email"),
        "show_avatars": site.option_bool("show_avatars"),
        "thread_depth": max(1, min(depth, 10)),
        "open": False,
        # Likes (wpcompat/discussion/likes.py): may guests like, or only signed-in readers?
        "likes_guests": site.option("wpcompat_likes_guests") == "1",
    }
    try:
        post_id = int(request.query_params.get("post", "0"))
    except ValueError:
        post_id = 0
    if post_id > 0:
        config["open"] = await comments_open(request.app.state.storage, site, post_id)
    return config


async def comments_open(storage: Storage, site: Site, post_id: int) -> bool:
    """comments_open() for a published post: its comment_status, and the age limit option."""
    columns = ["ID", "comment_status", "post_status", "post_date_gmt", "post_type"]
    row = (await post_columns_by_id(storage, [post_id], columns)).get(post_id)
    if row is None or row["post_status"] != "publish" or row["comment_status"] != "open":
        return False
    if site.option_bool("close_comments_for_old_posts") and row["post_type"] == "post":
        days = site.option_int("close_comments_days_old", 14)
        try:
            posted = dt.datetime.strptime(row["post_date_gmt"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
        except ValueError:
            return True
        return dt.datetime.now(dt.UTC) - posted <= dt.timedelta(days=days)
    return True


class SocialLogin:
    def __init__(self, settings: Settings, providers: Providers | None = None) -> None:
        self.settings = settings
        self.providers = providers or build_providers(settings)
        self.secure = settings.site_url.startswith("https://")
        self.home = settings.site_url.rstrip("/") + "/"
        self.origins = (settings.site_url, *settings.allowed_redirect_origins)

    # ----- helpers
    def _origin_ok(self, request: Request) -> bool:
        """A state-changing request from one of the site's origins (CSRF check)."""
        origin = request.headers.get("origin")
        if origin is None:
            referer = request.headers.get("referer")
            origin = referer if referer else None
        if origin is None:
            # No Origin and no Referer: not a browser request made by another site's page
            # (browsers send Origin on cross-site POSTs), so the cookie was sent by its owner.
            return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")
        return origin_allowed(origin, self.origins)

    def _cors(self, request: Request) -> dict[str, str]:
        origin = request.headers.get("origin")
        if origin and origin_allowed(origin, self.origins):
            return {"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true",
                    "Vary": "Origin"}
        return {}

    # ----- issue 15: front ends on other origins (popup sign-in, origin-bound credentials)
    async def _origin_session(self, request: Request) -> Session | None:
        """The session of an `Authorization: Bearer` credential sent from its own origin."""
        token = origin_tokens.bearer(request.headers)
        if not token:
            return None
        try:
            return await origin_tokens.resolve(request.app.state.storage, self.settings, token,
                                               request.headers.get("origin"))
        except origin_tokens.OriginMismatch:
            return None

    async def popup(self, request: Request) -> Response:
        """Where the sign-in popup lands: hands the opener a credential bound to its origin.

        `origin` must be a listed front end; the message goes to that exact origin only
        (postMessage's targetOrigin), so no other page can read it."""
        origin = origin_tokens.normalized_origin(request.query_params.get("origin", ""))
        if origin is None or not origin_allowed(origin, self.settings.frontend_origins):
            return await _message_page(request, 403, "unknown", self.home)
        outcome = request.query_params.get(LOGIN_PARAM, "")
        message: dict[str, Any] = {"type": "wpc-login", "status": outcome if outcome in (
            "ok", "cancelled", "failed") else "failed"}
        session = await commenter_session.session_of(request)
        if message["status"] == "ok" and session is not None and (session.user_id or
                                                                   commenter_session.identity_of(session)):
            data = {} if session.user_id else {
                commenter_session.IDENTITY_KEY: commenter_session.identity_of(session)}
            message["token"] = await origin_tokens.issue(
                request.app.state.storage, self.settings, origin=origin, user_id=session.user_id, data=data)
        elif message["status"] == "ok":
            message["status"] = "failed"
        payload = json.dumps(message).replace("<", "\\u003c")
        body = (
            '<!DOCTYPE html><html><head><meta charset="UTF-8"><title>…</title></head><body>'
            f"<script>(function(){{var m={payload},o={json.dumps(origin)};"
            "if(window.opener){window.opener.postMessage(m,o);}window.close();})();</script></body></html>"
        )
        return HTMLResponse(body, headers={**NO_STORE, "X-Frame-Options": "DENY",
                                           "Content-Security-Policy": "frame-ancestors 'none'"})

    def popup_url(self, name: str, origin: str) -> str:
        done = f"{self.settings.site_url.rstrip('/')}/auth/popup?" + urlencode({"origin": origin})
        return self.login_url(name, done)

    async def _identity(self, request: Request) -> Identity | None:
        origin_session = await self._origin_session(request)
        if origin_session is not None:
            identity_id = commenter_session.identity_of(origin_session)
            return await get_identity(request.app.state.storage, identity_id) if identity_id else None
        if origin_tokens.bearer(request.headers):
            return None
        identity_id = await commenter_session.current_identity_id(request)
        if identity_id is None:
            return None
        return await get_identity(request.app.state.storage, identity_id)

    async def _site_user(self, request: Request) -> dict[str, Any] | None:
        """A site user's session (not a social login) in /auth/me's `commenter` shape, with
        provider "site": the widget then says "logged in as" them and posts with the nonce."""
        if origin_tokens.bearer(request.headers):
            origin_session = await self._origin_session(request)
            user_id = origin_session.user_id if origin_session is not None and origin_session.user_id else None
        else:
            user_id = await commenter_session.current_user_id(request)
        if user_id is None:
            return None
        storage = request.app.state.storage
        user = await load_user(storage, user_id)
        if user is None:
            return None
        site = await load_site(storage, self.settings)
        return {
            "provider": "site",
            "name": user.display_name,
            "avatar_url": avatar_url(site, user.email, 96) if site.option_bool("show_avatars") else "",
            "profile_url": user.url,
            "email": user.email,
        }

    def _callback_url(self, name: str) -> str:
        # From the configured public URL, never from the Host header: it is what is
        # registered with the provider, and a forged Host must not change it.
        return f"{self.settings.site_url.rstrip('/')}/auth/{name}/callback"

    def login_url(self, name: str, redirect_to: str | None = None) -> str:
        url = f"{self.settings.site_url.rstrip('/')}/auth/{name}/login"
        return url + ("?" + urlencode({"redirect_to": redirect_to}) if redirect_to else "")

    # ----- routes
    async def login(self, request: Request) -> Response:
        name = request.path_params["provider"]
        if name not in self.providers:
            return await _message_page(request, 404, "unknown", self.home)
        redirect_to = safe_redirect(
            request.query_params.get("redirect_to") or request.headers.get("referer"),
            self.settings.site_url, self.origins,
        )
        try:
            return await flow.begin(
                self.providers, name, request, self._callback_url(name), redirect_to,
                self.settings.secret_key, self.secure,
            )
        except Exception as error:  # the provider (or its discovery document) is unreachable
            log.warning("%s login could not start: %s: %s", name, type(error).__name__, error)
            return RedirectResponse(_with_param(redirect_to, LOGIN_PARAM, "failed"), 302, headers=NO_STORE)

    async def callback(self, request: Request) -> Response:
        name = request.path_params["provider"]
        if name not in self.providers:
            return await _message_page(request, 404, "unknown", self.home)
        outcome, rest = await flow.complete(self.providers, name, request, self.settings.secret_key)
        if outcome.redirect_to is None:
            response: Response = await _message_page(request, 400, "expired", self.home)
        elif outcome.commenter is None:
            response = RedirectResponse(_with_param(outcome.redirect_to, LOGIN_PARAM, outcome.error or "failed"), 302)
        else:
            identity = await save_identity(request.app.state.storage, outcome.commenter)
            response = RedirectResponse(_with_param(outcome.redirect_to, LOGIN_PARAM, "ok"), 302)
            await commenter_session.sign_in(request, response, identity.id)
        response.headers.update(NO_STORE)
        flow.save_flow(response, rest, self.settings.secret_key, self.secure)
        return response

    async def logout(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return self._preflight(request)
        if not self._origin_ok(request):
            return JSONResponse({"code": "forbidden_origin", "message": "Cross-site request refused."}, 403)
        response = JSONResponse({"logged_in": False}, headers={**NO_STORE, **self._cors(request)})
        if origin_tokens.bearer(request.headers):
            # A front end's credential: end that credential only.
            origin_session = await self._origin_session(request)
            if origin_session is not None:
                await destroy_session(request.app.state.storage, origin_session)
            return response
        await commenter_session.sign_out(request, response)
        return response

    def _preflight(self, request: Request) -> Response:
        headers = self._cors(request)
        if headers:
            headers |= {"Access-Control-Allow-Methods": "GET, POST",
                        "Access-Control-Allow-Headers": "X-WP-Nonce, Authorization"}
        return Response(status_code=204, headers=headers)

    async def me(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return self._preflight(request)
        identity = await self._identity(request)
        commenter = identity.public() if identity else await self._site_user(request)
        page = request.query_params.get("redirect_to") or request.headers.get("referer")
        data: dict[str, Any] = {
            "logged_in": commenter is not None,
            "commenter": commenter,
            "nonce": await commenter_session.rest_nonce(request) if commenter else None,
            "providers": [
                {"name": spec.name, "label": spec.label, "login_url": self.login_url(spec.name, page),
                 **self._popup_fields(request, spec.name)}
                for spec in self.providers
            ],
            "logout_url": f"{self.settings.site_url.rstrip('/')}/auth/logout",
            "site": await widget_config(request, self.settings),
        }
        return JSONResponse(data, headers={**NO_STORE, **self._cors(request)})

    def _popup_fields(self, request: Request, name: str) -> dict[str, str]:
        """For a listed front end on another origin: the popup's sign-in URL."""
        origin = request.headers.get("origin")
        if not origin or not origin_allowed(origin, self.settings.frontend_origins):
            return {}
        return {"popup_url": self.popup_url(name, origin)}

    async def export(self, request: Request) -> Response:
        identity = await self._identity(request)
        if identity is None:
            return JSONResponse({"code": "not_logged_in", "message": "Sign in to export your data."}, 401,
                                headers=NO_STORE)
        data = await export_identity(request.app.state.storage, identity)
        filename = f"comments-{identity.provider}-{identity.id}.json"
        return JSONResponse(
            data, headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'}
        )

    async def erase(self, request: Request) -> Response:
        if not self._origin_ok(request):
            return JSONResponse({"code": "forbidden_origin", "message": "Cross-site request refused."}, 403)
        identity = await self._identity(request)
        if identity is None:
            return JSONResponse({"code": "not_logged_in", "message": "Sign in to erase your data."}, 401,
                                headers=NO_STORE)
        counts = await erase_identity(request.app.state.storage, identity, self.settings.commenter_erase_mode)
        response = JSONResponse({"erased": True, "mode": self.settings.commenter_erase_mode, **counts},
                                headers=NO_STORE)
        await commenter_session.sign_out(request, response)
        return response

    # ----- Facebook's data-deletion request callback
    def _confirmation(self) -> URLSafeSerializer:
        return URLSafeSerializer(self.settings.secret_key, salt="wpcompat.facebook-deletion")

    def _facebook_user(self, signed_request: str) -> str | None:
        """The app-scoped user id of a valid signed_request (HMAC-SHA256 with the app secret)."""
        facebook = self.settings.oauth_provider("facebook")
        secret = facebook.client_secret if facebook else None
        if not secret or "." not in signed_request:
            return None
        sig_b64, payload_b64 = signed_request.split(".", 1)

        def b64(data: str) -> bytes:
            return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))

        try:
            signature, payload = b64(sig_b64), json.loads(b64(payload_b64))
        except (ValueError, TypeError):
            return None
        expected = hmac.new(secret.encode(), payload_b64.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(signature, expected) or not isinstance(payload, dict):
            return None
        if str(payload.get("algorithm", "")).upper() != "HMAC-SHA256":
            return None
        user_id = payload.get("user_id")
        return str(user_id) if isinstance(user_id, str | int) and str(user_id) else None

    async def facebook_deletion(self, request: Request) -> Response:
        form = await request.form()
        user_id = self._facebook_user(str(form.get("signed_request", "")))
        if user_id is None:
            return JSONResponse({"error": "invalid signed_request"}, status_code=400)
        storage = request.app.state.storage
        identity = await find_identity(storage, "facebook", user_id)
        if identity is not None:
            await erase_identity(storage, identity, self.settings.commenter_erase_mode)
        # The code carries no personal data: a hash of the id, signed so that the status page
        # can tell it is ours without storing anything.
        digest = hashlib.sha256(f"facebook:{user_id}".encode()).hexdigest()[:16]
        code = self._confirmation().dumps(digest)
        status_url = f"{self.settings.site_url.rstrip('/')}/auth/facebook/deletion?{urlencode({'code': code})}"
        return JSONResponse({"url": status_url, "confirmation_code": code})

    async def facebook_deletion_status(self, request: Request) -> Response:
        try:
            self._confirmation().loads(request.query_params.get("code", ""))
        except BadSignature:
            return await _message_page(request, 404, "no_request", self.home)
        return await _message_page(request, 200, "deleted", self.home)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/auth/me", self.me, methods=["GET", "OPTIONS"]),
            Route("/auth/popup", self.popup, methods=["GET"]),
            Route("/auth/me/export", self.export, methods=["GET"]),
            Route("/auth/me/erase", self.erase, methods=["POST"]),
            Route("/auth/logout", self.logout, methods=["POST", "OPTIONS"]),
            Route("/auth/facebook/deletion", self.facebook_deletion, methods=["POST"]),
            Route("/auth/facebook/deletion", self.facebook_deletion_status, methods=["GET"]),
            Route("/auth/{provider}/login", self.login, methods=["GET"]),
            Route("/auth/{provider}/callback", self.callback, methods=["GET", "POST"]),
        ]


def social_routes(settings: Settings) -> list[BaseRoute]:
    return SocialLogin(settings).routes()
