"""What a provider module gives the registry: its Authlib registration and its profile reader.

Production endpoints are the defaults; every one of them can be replaced from the settings
(`<PROVIDER>_AUTHORIZE_URL` …) so that tests and staging point at local providers.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from auth.oauth.profile import Commenter
from settings import OAuthProvider, SettingsError

# Back-channel calls (discovery, token, userinfo) must not hang a login page forever.
DEFAULT_TIMEOUT = 10.0

ProfileReader = Callable[[Any, dict[str, Any]], Awaitable[Commenter]]


@dataclass(frozen=True)
class ProviderSpec:
    name: str  # the route segment and the `hc_post_as` value
    label: str  # shown on the login button
    register_kwargs: dict[str, Any]
    read_profile: ProfileReader
    authorize_params: dict[str, str]


def client_kwargs_setting(provider: OAuthProvider) -> dict[str, Any]:
    """`<PROVIDER>_CLIENT_KWARGS` as JSON (e.g. `{"timeout": 5}`), {} when unset."""
    raw = provider.extra.get("client_kwargs", "")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise SettingsError(f"{provider.name.upper()}_CLIENT_KWARGS must be a JSON object, not {raw!r}")
    return value


def merged(provider: OAuthProvider, defaults: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """Defaults overridden by the provider's settings, for the Authlib params in `keys`."""
    kwargs = dict(defaults)
    for key in keys:
        if provider.extra.get(key):
            kwargs[key] = provider.extra[key]
    client_kwargs = {"timeout": DEFAULT_TIMEOUT, **kwargs.get("client_kwargs", {})}
    client_kwargs.update(client_kwargs_setting(provider))
    kwargs["client_kwargs"] = client_kwargs
    kwargs["client_id"] = provider.client_id
    kwargs["client_secret"] = provider.client_secret
    return kwargs


async def get_json(client: Any, url: str, token: dict[str, Any], **params: Any) -> dict[str, Any]:
    """GET a provider API URL with the token; a non-2xx answer or non-object JSON is an error."""
    response = await client.get(url, token=token, params=params or None)
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, dict):
        raise ValueError(f"{url}: expected a JSON object")
    return data
