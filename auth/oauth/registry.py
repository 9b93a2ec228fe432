"""Authlib Starlette clients for the configured providers only, in the order of the login icons.

`MODULES` is the one list of providers: a provider is a module with a `NAME` and a
`spec(OAuthProvider)`, on when its `<NAME>_CLIENT_ID` and `<NAME>_CLIENT_SECRET` are set
(settings.py reads them for whatever names this list has, and checks they come in pairs). Building the registry does no network I/O: Google's discovery document is fetched on
first use and cached in the client, which is only a cache (every instance can fetch it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from authlib.integrations.starlette_client import OAuth

from auth.oauth import facebook, google, twitter, wordpress
from auth.oauth.base import ProviderSpec
from settings import OAuthProvider, Settings

# The order of the icons on the old WordPress.com form.
MODULES = (wordpress, google, twitter, facebook)
PROVIDER_NAMES: tuple[str, ...] = tuple(m.NAME for m in MODULES)


@dataclass
class Providers:
    oauth: OAuth
    specs: dict[str, ProviderSpec] = field(default_factory=dict)

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def __iter__(self) -> Iterable[ProviderSpec]:  # type: ignore[override]
        return iter(self.specs.values())

    def client(self, name: str) -> Any:
        return self.oauth.create_client(name)


def configured(settings: Settings) -> list[tuple[Any, OAuthProvider]]:
    """The providers with a client id and secret, with their settings, in the order of MODULES.

    Raises SettingsError (one line, naming the variable) for a half-set provider; the CLI
    calls it at start-up so the error comes before anything is served.
    """
    found = []
    for module in MODULES:
        provider = settings.oauth_provider(module.NAME)
        if provider is not None:
            found.append((module, provider))
    return found


def build_providers(settings: Settings, client_kwargs: dict[str, Any] | None = None) -> Providers:
    """`client_kwargs` is merged into every client's (tests pass an httpx2 transport here)."""
    oauth = OAuth()
    providers = Providers(oauth)
    # Authlib opens a new HTTP client for each back-channel call; loading the CA bundle each
    # time costs ~0.1 s, so every client shares one TLS context.
    tls = httpx2.create_ssl_context()
    for module, provider in configured(settings):
        spec = module.spec(provider)
        kwargs = dict(spec.register_kwargs)
        kwargs["client_kwargs"] = {"verify": tls, **kwargs.get("client_kwargs", {})}
        if client_kwargs:
            kwargs["client_kwargs"] = {**kwargs.get("client_kwargs", {}), **client_kwargs}
        oauth.register(spec.name, **kwargs)
        providers.specs[spec.name] = spec
    return providers
