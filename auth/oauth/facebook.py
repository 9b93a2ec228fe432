"""Facebook Login: OAuth 2.0 (the classic confidential flow) and Graph `/me` with fields.

The Graph version is pinned in the URLs; it expires about two years after release, so bump
it (or set `FACEBOOK_*_URL`) when Facebook retires it. The user id is app-scoped and the
email carries no verified flag, so it never counts as verified.
"""

from __future__ import annotations

from typing import Any

from auth.oauth.base import ProviderSpec, get_json, merged
from auth.oauth.profile import Commenter, make_commenter
from settings import OAuthProvider

NAME = "facebook"
LABEL = "Facebook"
GRAPH = "https://graph.facebook.com/v25.0/"
DEFAULTS: dict[str, Any] = {
    "authorize_url": "https://www.facebook.com/v25.0/dialog/oauth",
    "access_token_url": GRAPH + "oauth/access_token",
    "api_base_url": GRAPH,
    "userinfo_endpoint": "me",
    "client_kwargs": {"scope": "public_profile email", "token_endpoint_auth_method": "client_secret_post"},
}
SETTINGS = ("authorize_url", "access_token_url", "api_base_url", "userinfo_endpoint")
FIELDS = "id,name,email,picture.type(large)"


def from_me(data: dict[str, Any]) -> Commenter:
    picture = (data.get("picture") or {}).get("data") or {}
    return make_commenter(
        NAME,
        data.get("id"),
        data.get("name"),
        email=data.get("email"),
        email_verified=False,
        avatar_url=None if picture.get("is_silhouette") else picture.get("url"),
        profile_url=None,
    )


async def read_profile(client: Any, token: dict[str, Any]) -> Commenter:
    url = client.server_metadata.get("userinfo_endpoint", "me")
    return from_me(await get_json(client, url, token, fields=FIELDS))


def spec(provider: OAuthProvider) -> ProviderSpec:
    return ProviderSpec(NAME, LABEL, merged(provider, DEFAULTS, SETTINGS), read_profile, {})
