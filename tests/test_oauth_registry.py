"""The OAuth provider list is one list: a new provider is its module and its registry entry.

settings.py reads any `<NAME>_CLIENT_ID`/`_SECRET`/… it finds; `auth/oauth/registry.py`
(`MODULES`) decides which names are providers. The test below adds a provider the way a fifth
one would be added (a module with `NAME` and `spec()`, one more entry in `MODULES`) and checks
that the app serves its login, with nothing else changed.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from auth.oauth import registry
from auth.oauth.base import ProviderSpec, merged
from auth.oauth.profile import Commenter, make_commenter
from settings import OAuthProvider, SettingsError, load_settings
from wpcompat.app import create_app
from wpcompat.cli import main

SITE = "http://127.0.0.1:8000"
AUTHORIZE = "https://id.acme.example/oauth/authorize"


def acme_module() -> types.ModuleType:
    """What `auth/oauth/acme.py` would hold: its name, its defaults, its spec."""
    module = types.ModuleType("auth.oauth.acme")
    module.NAME = "acme"  # type: ignore[attr-defined]

    async def read_profile(client: Any, token: dict[str, Any]) -> Commenter:
        return make_commenter("acme", "1", "Ada")

    def spec(provider: OAuthProvider) -> ProviderSpec:
        defaults = {"authorize_url": AUTHORIZE, "access_token_url": "https://id.acme.example/oauth/token"}
        kwargs = merged(provider, defaults, ("authorize_url", "access_token_url"))
        return ProviderSpec("acme", "Acme ID", kwargs, read_profile, {})

    module.spec = spec  # type: ignore[attr-defined]
    return module


def site_environ(tmp_path: Path, **env: str) -> dict[str, str]:
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
        "WPCOMPAT_SITE_URL": SITE,
        "WPCOMPAT_DEMO_IMPORT": "false",
        "WPCOMPAT_SECRET_KEY": "test-secret-key-0123456789",
        **env,
    }


def test_a_new_provider_is_its_module_and_its_registry_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MODULES", (*registry.MODULES, acme_module()))
    settings = load_settings(None, site_environ(tmp_path, ACME_CLIENT_ID="acme-id", ACME_CLIENT_SECRET="acme-secret"))
    with TestClient(create_app(settings), base_url=SITE) as client:
        r = client.get("/auth/acme/login", params={"redirect_to": "/?p=1"}, follow_redirects=False)
        assert r.status_code == 302, r.text
        location = urlsplit(r.headers["location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == AUTHORIZE
        assert parse_qs(location.query)["client_id"] == ["acme-id"]
        listed = client.get("/auth/me").json()["providers"]
        assert [(p["name"], p["label"]) for p in listed] == [("acme", "Acme ID")]


def test_a_provider_not_in_the_registry_is_not_served(tmp_path: Path) -> None:
    settings = load_settings(None, site_environ(tmp_path, ACME_CLIENT_ID="acme-id", ACME_CLIENT_SECRET="acme-secret"))
    assert registry.configured(settings) == []
    with TestClient(create_app(settings), base_url=SITE) as client:
        assert client.get("/auth/acme/login", follow_redirects=False).status_code == 404


def test_settings_of_other_programs_are_not_providers(tmp_path: Path) -> None:
    # AZURE_CLIENT_ID alone is the Azure SDK's, not a half-set provider of ours.
    settings = load_settings(None, site_environ(tmp_path, AZURE_CLIENT_ID="x"))
    assert registry.configured(settings) == []


def test_a_half_set_provider_is_a_one_line_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(None, site_environ(tmp_path, GOOGLE_CLIENT_ID="abc"))
    with pytest.raises(SettingsError, match="GOOGLE_CLIENT_SECRET"):
        registry.configured(settings)
    for name, value in site_environ(tmp_path, GOOGLE_CLIENT_ID="abc").items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    assert main(["option", "get", "blogname"]) == 2
    err = capsys.readouterr().err
    assert "GOOGLE_CLIENT_SECRET" in err and len(err.strip().splitlines()) == 1
