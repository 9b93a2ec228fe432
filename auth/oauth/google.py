"""Google: OpenID Connect with discovery, PKCE (S256) and a nonce.

Authlib sends the nonce (the scope has `openid`), keeps it with the state, and checks the
id_token's signature (JWKS from discovery), issuer, audience, expiry and nonce. The profile is
read from those checked claims only: a token answer without an id_token is refused, so a
login can never skip the id_token check.
"""

from __future__ import annotations

from typing import Any

from auth.oauth.base import ProviderSpec, merged
from auth.oauth.profile import Commenter, ProfileError, make_commenter
from settings import OAuthProvider

NAME = "google"
LABEL = "Google"
DEFAULTS: dict[str, Any] = {
    "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
    "client_kwargs": {"scope": "openid email profile", "code_challenge_method": "S256"},
}
SETTINGS = ("server_metadata_url", "authorize_url", "access_token_url", "api_base_url")


def from_claims(claims: dict[str, Any]) -> Commenter:
    # `sub` is the key; Google says the email may change and must not identify the account.
    return make_commenter(
        NAME,
        claims.get("sub"),
        claims.get("name"),
        email=claims.get("email"),
        email_verified=claims.get("email_verified"),
        avatar_url=claims.get("picture"),
        profile_url=None,
    )


async def read_profile(client: Any, token: dict[str, Any]) -> Commenter:
    claims = token.get("userinfo")
    if not claims:
        raise ProfileError("google: the token answer had no checked id_token")
    return from_claims(dict(claims))


def spec(provider: OAuthProvider) -> ProviderSpec:
    # prompt=select_account: a shared computer should not silently sign in as the last person.
    return ProviderSpec(
        NAME, LABEL, merged(provider, DEFAULTS, SETTINGS), read_profile, {"prompt": "select_account"}
    )
