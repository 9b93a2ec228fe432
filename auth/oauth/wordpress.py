"""WordPress.com: plain OAuth 2.0 with the `auth` scope, then `GET /rest/v1.1/me`.

`auth` lets the token read `/me` and nothing else; the token form posts the client secret
(`client_secret_post`), as WordPress.com's token endpoint expects.
"""

from __future__ import annotations

from typing import Any

from auth.oauth.base import ProviderSpec, get_json, merged
from auth.oauth.profile import Commenter, make_commenter
from settings import OAuthProvider

NAME = "wordpress"
LABEL = "WordPress.com"
DEFAULTS: dict[str, Any] = {
    "authorize_url": "https://public-api.wordpress.com/oauth2/authorize",
    "access_token_url": "https://public-api.wordpress.com/oauth2/token",
    "api_base_url": "https://public-api.wordpress.com/rest/v1.1/",
    "userinfo_endpoint": "me",
    "client_kwargs": {"scope": "auth", "token_endpoint_auth_method": "client_secret_post"},
}
SETTINGS = ("authorize_url", "access_token_url", "api_base_url", "userinfo_endpoint")


def from_me(data: dict[str, Any]) -> Commenter:
    return make_commenter(
        NAME,
        data.get("ID"),
        data.get("display_name"),
        email=data.get("email"),
        email_verified=data.get("email_verified"),
        avatar_url=data.get("avatar_URL"),
        profile_url=data.get("profile_URL") or data.get("primary_blog_url"),
        fallback_name=data.get("username"),
    )


async def read_profile(client: Any, token: dict[str, Any]) -> Commenter:
    url = client.server_metadata.get("userinfo_endpoint", "me")
    return from_me(await get_json(client, url, token))


def spec(provider: OAuthProvider) -> ProviderSpec:
    return ProviderSpec(NAME, LABEL, merged(provider, DEFAULTS, SETTINGS), read_profile, {})
