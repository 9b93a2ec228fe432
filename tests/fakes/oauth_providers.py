"""Local stand-ins for WordPress.com, Google, X (OAuth 2 and 1.0a) and Facebook.

One Starlette app speaks each protocol for real: authorization with code and state, token
endpoints that check client authentication, redirect_uri, single-use codes and PKCE, the
profile endpoints in each provider's JSON shape, and for Google OIDC discovery, a JWKS and
RS256-signed id_tokens. Tests steer it through `FakeProviders` attributes (deny the next
login, tamper with the next id_token, …). `serve()` runs it on 127.0.0.1 for real browsers.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENTS = {
    "wordpress": ("wp-client", "wp-secret"),
    "google": ("google-client.apps.example", "google-secret"),
    "twitter": ("x-client", "x-secret"),
    "facebook": ("fb-app", "fb-secret"),
}

PROFILES: dict[str, dict[str, Any]] = {
    "wordpress": {
        "ID": 40321, "display_name": "Wendy Press", "username": "wendy", "email": "wendy@example.org",
        "email_verified": True, "avatar_URL": "https://0.gravatar.com/avatar/abc?s=96",
        "profile_URL": "https://gravatar.com/wendy", "primary_blog_url": "https://wendy.wordpress.com",
        "verified": True, "language": "fr",
    },
    "google": {
        "sub": "110248495921238986420", "name": "Ana Núñez", "given_name": "Ana", "family_name": "Núñez",
        "email": "ana@example.org", "email_verified": True, "locale": "fr",
        "picture": "https://lh3.googleusercontent.com/a/ana=s96-c",
    },
    "twitter": {
        "data": {"id": "2244994945", "name": "Xavier Dev", "username": "XavierDev",
                 "profile_image_url": "https://pbs.twimg.com/profile_images/1/xavier_normal.jpg",
                 "url": "https://example.org/x"},
    },
    "twitter1": {
        "id": 2244994945, "id_str": "2244994945", "name": "Xavier Dev", "screen_name": "XavierDev",
        "email": None, "profile_image_url_https": "https://pbs.twimg.com/profile_images/1/xavier_normal.jpg",
    },
    "facebook": {
        "id": "10158812345678901", "name": "Fanny Book", "email": "fanny@example.org",
        "picture": {"data": {"url": "https://platform-lookaside.fbsbx.com/p/fanny.jpg", "width": 200,
                             "height": 200, "is_silhouette": False}},
    },
}


def _b64url_sha256(value: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(value.encode()).digest()).rstrip(b"=").decode()


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    return user, password


@dataclass
class Grant:
    provider: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    challenge: str | None
    challenge_method: str | None


@dataclass
class FakeProviders:
    base_url: str = "http://fake.test"
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(
        2048, parameters={"kid": "test-1", "use": "sig", "alg": "RS256"}))
    codes: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # access token -> provider
    request_tokens: dict[str, str] = field(default_factory=dict)  # OAuth 1: token -> callback
    verifiers: dict[str, str] = field(default_factory=dict)
    # Knobs for the next login: "deny" answers error=access_denied; id_token_tamper is one of
    # "nonce", "aud", "iss", "expired", "signature", "missing".
    next_action: str | None = None
    id_token_tamper: str | None = None
    # "token": the token endpoint answers 500 with an HTML page; "profile": the profile endpoint 500.
    fail_next: str | None = None
    profiles: dict[str, dict[str, Any]] = field(default_factory=lambda: {k: dict(v) for k, v in PROFILES.items()})
    calls: list[str] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.base_url + "/google"

    # ----- settings a wpcompat site needs to use these fakes
    def environ(self, twitter_oauth1: bool = False) -> dict[str, str]:
        b = self.base_url
        env = {}
        for name, (cid, secret) in CLIENTS.items():
            env[f"{name.upper()}_CLIENT_ID"] = cid
            env[f"{name.upper()}_CLIENT_SECRET"] = secret
        env |= {
            "GOOGLE_SERVER_METADATA_URL": f"{b}/google/.well-known/openid-configuration",
            "WORDPRESS_AUTHORIZE_URL": f"{b}/wordpress/oauth2/authorize",
            "WORDPRESS_ACCESS_TOKEN_URL": f"{b}/wordpress/oauth2/token",
            "WORDPRESS_API_BASE_URL": f"{b}/wordpress/rest/v1.1/",
            "FACEBOOK_AUTHORIZE_URL": f"{b}/facebook/v25.0/dialog/oauth",
            "FACEBOOK_ACCESS_TOKEN_URL": f"{b}/facebook/v25.0/oauth/access_token",
            "FACEBOOK_API_BASE_URL": f"{b}/facebook/v25.0/",
        }
        if twitter_oauth1:
            env |= {
                "TWITTER_REQUEST_TOKEN_URL": f"{b}/twitter1/oauth/request_token",
                "TWITTER_AUTHORIZE_URL": f"{b}/twitter1/oauth/authenticate",
                "TWITTER_ACCESS_TOKEN_URL": f"{b}/twitter1/oauth/access_token",
                "TWITTER_API_BASE_URL": f"{b}/twitter1/1.1/",
            }
        else:
            env |= {
                "TWITTER_AUTHORIZE_URL": f"{b}/twitter/i/oauth2/authorize",
                "TWITTER_ACCESS_TOKEN_URL": f"{b}/twitter/2/oauth2/token",
                "TWITTER_API_BASE_URL": f"{b}/twitter/2/",
            }
        return env

    # ----- OAuth 2 authorization endpoint, shared by the four providers
    def _authorize(self, provider: str, request: Request) -> Response:
        q = request.query_params
        self.calls.append(f"{provider}:authorize")
        cid, _ = CLIENTS[provider]
        if q.get("client_id") != cid or q.get("response_type") != "code" or not q.get("redirect_uri"):
            return PlainTextResponse("bad authorization request", status_code=400)
        if not q.get("state"):
            return PlainTextResponse("state is required", status_code=400)
        if provider == "twitter" and (q.get("code_challenge_method") != "S256" or not q.get("code_challenge")):
            return PlainTextResponse("PKCE is required", status_code=400)
        if provider == "google" and not q.get("nonce"):
            return PlainTextResponse("nonce expected for openid", status_code=400)
        action, self.next_action = self.next_action, None
        redirect = q["redirect_uri"]
        if action == "deny":
            args = {"error": "access_denied", "error_description": "The user denied access", "state": q["state"]}
            return RedirectResponse(f"{redirect}?{urlencode(args)}", status_code=302)
        code = secrets.token_urlsafe(16)
        self.codes[code] = Grant(provider, cid, redirect, q.get("scope", ""), q.get("nonce"),
                                 q.get("code_challenge"), q.get("code_challenge_method"))
        return RedirectResponse(f"{redirect}?{urlencode({'code': code, 'state': q['state']})}", status_code=302)

    async def _token(self, provider: str, request: Request) -> Response:
        self.calls.append(f"{provider}:token")
        if self.fail_next == "token":
            self.fail_next = None
            return HTMLResponse("<h1>Internal error</h1>", status_code=500)
        form = await request.form()
        cid, secret = CLIENTS[provider]
        # Google and X authenticate the client with HTTP Basic; WordPress.com and Facebook
        # take the secret in the form (client_secret_post).
        if provider in ("google", "twitter"):
            if _basic(request) != (cid, secret):
                return JSONResponse({"error": "invalid_client"}, status_code=401)
        elif (form.get("client_id"), form.get("client_secret")) != (cid, secret):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.codes.pop(str(form.get("code", "")), None)  # single use
        if grant is None or grant.provider != provider:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if form.get("redirect_uri") != grant.redirect_uri or form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "invalid_grant", "error_description": "redirect_uri"}, status_code=400)
        if grant.challenge:
            verifier = str(form.get("code_verifier", ""))
            if not verifier or _b64url_sha256(verifier) != grant.challenge:
                return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, status_code=400)
        access = secrets.token_urlsafe(24)
        self.tokens[access] = provider
        body: dict[str, Any] = {"access_token": access, "token_type": "bearer" if provider == "wordpress" else "Bearer"}
        if provider == "wordpress":
            body |= {"blog_id": "0", "blog_url": "", "scope": grant.scope}
        else:
            body["expires_in"] = 3599 if provider == "google" else 7200
        if provider == "google":
            tamper, self.id_token_tamper = self.id_token_tamper, None
            if tamper != "missing":
                body["id_token"] = self._id_token(grant, tamper)
            body["scope"] = grant.scope
        return JSONResponse(body)

    def _id_token(self, grant: Grant, tamper: str | None) -> str:
        now = int(time.time())
        claims = dict(self.profiles["google"])
        claims |= {"iss": self.issuer, "aud": grant.client_id, "nonce": grant.nonce, "iat": now, "exp": now + 3600}
        if tamper == "nonce":
            claims["nonce"] = "not-the-nonce"
        elif tamper == "aud":
            claims["aud"] = "someone-else"
        elif tamper == "iss":
            claims["iss"] = "https://evil.example"
        elif tamper == "expired":
            claims |= {"iat": now - 7200, "exp": now - 3600}
        key = self.key
        if tamper == "signature":
            key = RSAKey.generate_key(2048, parameters={"kid": self.key.kid, "use": "sig", "alg": "RS256"})
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, key)

    def _bearer(self, request: Request, provider: str) -> bool:
        header = request.headers.get("authorization", "")
        return header.lower().startswith("bearer ") and self.tokens.get(header[7:]) == provider

    # ----- OAuth 1.0a (X), request token = state
    async def _request_token(self, request: Request) -> Response:
        self.calls.append("twitter1:request_token")
        header = request.headers.get("authorization", "")
        if 'oauth_consumer_key="x-client"' not in header or "oauth_callback=" not in header:
            return PlainTextResponse("bad request token call", status_code=401)
        callback = header.split('oauth_callback="', 1)[1].split('"', 1)[0]
        from urllib.parse import unquote

        token = secrets.token_urlsafe(16)
        self.request_tokens[token] = unquote(callback)
        return PlainTextResponse(urlencode({"oauth_token": token, "oauth_token_secret": "rts",
                                            "oauth_callback_confirmed": "true"}))

    def _authenticate(self, request: Request) -> Response:
        token = request.query_params.get("oauth_token", "")
        callback = self.request_tokens.get(token)
        if callback is None:
            return PlainTextResponse("unknown request token", status_code=400)
        action, self.next_action = self.next_action, None
        if action == "deny":
            return RedirectResponse(f"{callback}?{urlencode({'denied': token})}", status_code=302)
        verifier = secrets.token_urlsafe(8)
        self.verifiers[token] = verifier
        return RedirectResponse(f"{callback}?{urlencode({'oauth_token': token, 'oauth_verifier': verifier})}", 302)

    async def _access_token(self, request: Request) -> Response:
        header = request.headers.get("authorization", "")
        token = header.split('oauth_token="', 1)[1].split('"', 1)[0] if 'oauth_token="' in header else ""
        verifier = self.verifiers.pop(token, None)  # single use
        self.request_tokens.pop(token, None)
        if verifier is None or f'oauth_verifier="{verifier}"' not in header:
            return PlainTextResponse("bad verifier", status_code=401)
        access = secrets.token_urlsafe(16)
        self.tokens[access] = "twitter1"
        return PlainTextResponse(urlencode({"oauth_token": access, "oauth_token_secret": "ats",
                                            "user_id": "2244994945", "screen_name": "XavierDev"}))

    def app(self) -> Starlette:
        def authorize(provider: str):
            async def handler(request: Request) -> Response:
                return self._authorize(provider, request)
            return handler

        def token(provider: str):
            async def handler(request: Request) -> Response:
                return await self._token(provider, request)
            return handler

        async def discovery(request: Request) -> Response:
            self.calls.append("google:discovery")
            g = self.issuer
            return JSONResponse({
                "issuer": g, "authorization_endpoint": g + "/authorize", "token_endpoint": g + "/token",
                "userinfo_endpoint": g + "/userinfo", "jwks_uri": g + "/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
                "scopes_supported": ["openid", "email", "profile"],
            })

        async def jwks(request: Request) -> Response:
            self.calls.append("google:jwks")
            return JSONResponse({"keys": [self.key.as_dict(private=False)]})

        def profile(provider: str, key: str | None = None):
            async def handler(request: Request) -> Response:
                self.calls.append(f"{provider}:me")
                if self.fail_next == "profile":
                    self.fail_next = None
                    return JSONResponse({"error": "server_error"}, status_code=500)
                if not self._bearer(request, provider):
                    return JSONResponse({"error": "invalid_token"}, status_code=401)
                data = dict(self.profiles[key or provider])
                if provider == "facebook":
                    fields = request.query_params.get("fields", "id,name").split(",")
                    data = {k: v for k, v in data.items() if k in {f.split(".")[0] for f in fields}}
                return JSONResponse(data)
            return handler

        async def verify_credentials(request: Request) -> Response:
            self.calls.append("twitter1:verify_credentials")
            header = request.headers.get("authorization", "")
            token = header.split('oauth_token="', 1)[1].split('"', 1)[0] if 'oauth_token="' in header else ""
            if self.tokens.get(token) != "twitter1":
                return JSONResponse({"errors": [{"code": 89}]}, status_code=401)
            return JSONResponse(self.profiles["twitter1"])

        async def page(request: Request) -> Response:
            return HTMLResponse("<p>fake providers</p>")

        routes = [
            Route("/", page),
            Route("/google/.well-known/openid-configuration", discovery),
            Route("/google/jwks", jwks),
            Route("/google/authorize", authorize("google")),
            Route("/google/token", token("google"), methods=["POST"]),
            Route("/google/userinfo", profile("google")),
            Route("/wordpress/oauth2/authorize", authorize("wordpress")),
            Route("/wordpress/oauth2/token", token("wordpress"), methods=["POST"]),
            Route("/wordpress/rest/v1.1/me", profile("wordpress")),
            Route("/twitter/i/oauth2/authorize", authorize("twitter")),
            Route("/twitter/2/oauth2/token", token("twitter"), methods=["POST"]),
            Route("/twitter/2/users/me", profile("twitter")),
            Route("/twitter1/oauth/request_token", self._request_token, methods=["POST"]),
            Route("/twitter1/oauth/authenticate", self._authenticate),
            Route("/twitter1/oauth/access_token", self._access_token, methods=["POST"]),
            Route("/twitter1/1.1/account/verify_credentials.json", verify_credentials),
            Route("/facebook/v25.0/dialog/oauth", authorize("facebook")),
            Route("/facebook/v25.0/oauth/access_token", token("facebook"), methods=["POST"]),
            Route("/facebook/v25.0/me", profile("facebook")),
        ]
        return Starlette(routes=routes)


def loopback_socket() -> socket.socket:
    """A socket bound to a free port of 127.0.0.1 (so a URL can be known before serving)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serve(app: Any, sock: socket.socket | None = None) -> Iterator[str]:
    """Run an ASGI app on 127.0.0.1 (a free port, or `sock`) in a thread; yields its base URL."""
    sock = sock or loopback_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="auto"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
