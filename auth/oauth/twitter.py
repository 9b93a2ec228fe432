"""X (Twitter): OAuth 2.0 with PKCE, or OAuth 1.0a where `TWITTER_REQUEST_TOKEN_URL` is set.

OAuth 2.0 needs PKCE (S256) and `users.read tweet.read` for `/2/users/me`; email is almost
never given. OAuth 1.0a ("Log in with X") is for apps whose access tier still has
`account/verify_credentials`; its request token plays the role of the state. Both flows give
the same numeric user id, so one X identity works with either.
"""

from __future__ import annotations

from typing import Any

from auth.oauth.base import ProviderSpec, get_json, merged
from auth.oauth.profile import Commenter, make_commenter
from settings import OAuthProvider

NAME = "twitter"
LABEL = "X (Twitter)"
OAUTH2: dict[str, Any] = {
    "authorize_url": "https://x.com/i/oauth2/authorize",
    "access_token_url": "https://api.x.com/2/oauth2/token",
    "api_base_url": "https://api.x.com/2/",
    "userinfo_endpoint": "users/me",
    "client_kwargs": {"scope": "users.read tweet.read", "code_challenge_method": "S256"},
}
OAUTH1: dict[str, Any] = {
    "request_token_url": "https://api.x.com/oauth/request_token",
    "authorize_url": "https://api.x.com/oauth/authenticate",
    "access_token_url": "https://api.x.com/oauth/access_token",
    "api_base_url": "https://api.x.com/1.1/",
}
SETTINGS = ("request_token_url", "authorize_url", "access_token_url", "api_base_url", "userinfo_endpoint")


def _profile_url(username: object) -> str | None:
    return f"https://x.com/{username}" if isinstance(username, str) and username.isascii() else None


def from_users_me(payload: dict[str, Any]) -> Commenter:
    data = payload.get("data") or {}
    return make_commenter(
        NAME,
        data.get("id"),
        data.get("name"),
        email=data.get("confirmed_email"),
        email_verified="confirmed_email" in data,
        avatar_url=data.get("profile_image_url"),
        profile_url=_profile_url(data.get("username")),
        fallback_name=data.get("username"),
    )


def from_verify_credentials(data: dict[str, Any]) -> Commenter:
    return make_commenter(
        NAME,
        data.get("id_str"),
        data.get("name"),
        email=data.get("email"),
        email_verified=False,
        avatar_url=data.get("profile_image_url_https"),
        profile_url=_profile_url(data.get("screen_name")),
        fallback_name=data.get("screen_name"),
    )


async def read_profile_oauth2(client: Any, token: dict[str, Any]) -> Commenter:
    url = client.server_metadata.get("userinfo_endpoint", "users/me")
    return from_users_me(await get_json(client, url, token, **{"user.fields": "profile_image_url,url"}))


async def read_profile_oauth1(client: Any, token: dict[str, Any]) -> Commenter:
    data = await get_json(
        client, "account/verify_credentials.json", token, include_email="true", skip_status="true"
    )
    return from_verify_credentials(data)


def uses_oauth1(provider: OAuthProvider) -> bool:
    return bool(provider.extra.get("request_token_url"))


def spec(provider: OAuthProvider) -> ProviderSpec:
    if uses_oauth1(provider):
        return ProviderSpec(NAME, LABEL, merged(provider, OAUTH1, SETTINGS), read_profile_oauth1, {})
    kwargs = merged(provider, OAUTH2, SETTINGS)
    kwargs.pop("request_token_url", None)
    return ProviderSpec(NAME, LABEL, kwargs, read_profile_oauth2, {})
