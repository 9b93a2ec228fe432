"""`/wp/v2/settings`: manage_options only, options typed as WordPress registers them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from schemas.settings import SETTINGS
from settings import Settings
from tests.conftest import site_db_url
from wpcompat.rest.settings import typed_value
from wpcompat.storage import Storage
from wpcompat.storage.options import delete_option, set_option

from .readside_site import HOME, Site, make_site

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = tmp_path_factory.mktemp("settings") / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("subscriber", 403), ("author", 403), ("editor", 403)])
def test_needs_manage_options(client: TestClient, site: Site, who: str | None, status: int) -> None:
    r = client.get("/wp-json/wp/v2/settings", headers=site.auth(who))
    assert r.status_code == status
    assert r.json() == {"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.",
                        "data": {"status": status}}


def test_admin_reads_typed_settings(client: TestClient, site: Site) -> None:
    def change(storage: Storage) -> object:
        async def run() -> None:
            await set_option(storage, "blogname", "Secteur ESS")
            await set_option(storage, "blogdescription", "Actualités")
            await set_option(storage, "admin_email", "admin@exemple.fr")
            await set_option(storage, "timezone_string", "Europe/Paris")
            await set_option(storage, "default_post_format", "0")
            await set_option(storage, "site_icon", "0")
            await delete_option(storage, "site_logo")
            await delete_option(storage, "WPLANG")
        return run()

    site.run(change)
    r = client.get("/wp-json/wp/v2/settings", headers=site.auth("admin"))
    assert r.status_code == 200
    assert r.json() == {
        "title": "Secteur ESS",
        "description": "Actualités",
        "url": HOME,
        "email": "admin@exemple.fr",
        "timezone": "Europe/Paris",
        "date_format": "F j, Y",
        "time_format": "g:i a",
        "start_of_week": 1,
        "language": "en_US",
        "use_smilies": True,
        "default_category": 1,
        "default_post_format": "0",
        "posts_per_page": 10,
        "show_on_front": "posts",
        "page_on_front": 0,
        "page_for_posts": 0,
        "default_ping_status": "open",
        "default_comment_status": "open",
        "site_logo": None,
        "site_icon": 0,
    }


@pytest.mark.parametrize(
    ("name", "stored", "shown"),
    [
        ("use_smilies", "0", False), ("use_smilies", "", None), ("use_smilies", "true", True),
        ("posts_per_page", "12", 12), ("posts_per_page", "", None), ("posts_per_page", "1.5", None),
        ("default_ping_status", "closed", "closed"), ("default_ping_status", "maybe", None),
        ("email", "not-an-email", None), ("title", "a:1:{i:0;s:1:\"x\";}", None), ("site_logo", None, None),
    ],
)
def test_prepare_value(name: str, stored: str | None, shown: object) -> None:
    from wpcompat.util.phpserial import loads_maybe

    value = loads_maybe(stored) if stored is not None else None
    assert typed_value(value, SETTINGS_BY_NAME[name]) == shown


def test_update(client: TestClient, site: Site) -> None:
    admin = site.auth("admin")
    r = client.post("/wp-json/wp/v2/settings", json={"title": "Nouveau <b>titre</b> & co", "posts_per_page": 0,
                                                     "use_smilies": False, "start_of_week": 3,
                                                     "default_ping_status": "closed",
                                                     "timezone": "Mars/Olympus"}, headers=admin)
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == "Nouveau &lt;b&gt;titre&lt;/b&gt; &amp; co"
    assert body["posts_per_page"] == 1
    assert body["start_of_week"] == 3
    assert body["default_ping_status"] == "closed"
    # A refused timezone keeps the old value (none here); false is stored as "", which reads as null.
    assert body["timezone"] == ""
    assert body["use_smilies"] is None
    for bad in ({"posts_per_page": "many"}, {"email": "bad"}, {"default_ping_status": "maybe"}):
        r = client.patch("/wp-json/wp/v2/settings", json=bad, headers=admin)
        assert r.status_code == 400 and r.json()["code"] == "rest_invalid_param"
    assert client.put("/wp-json/wp/v2/settings", json={"site_icon": 5}, headers=admin).json()["site_icon"] == 5
    # null deletes the option: the registered default (none) reads as null.
    r = client.put("/wp-json/wp/v2/settings", json={"site_icon": None}, headers=admin)
    assert r.status_code == 200 and r.json()["site_icon"] is None
    r = client.post("/wp-json/wp/v2/settings", json={"site_logo": None}, headers=admin)
    assert r.status_code == 500 and r.json()["code"] == "rest_invalid_stored_value"
    r = client.post("/wp-json/wp/v2/settings", json={"title": "x"}, headers=site.auth("editor"))
    assert r.status_code == 403 and r.json()["code"] == "rest_forbidden"


def test_allow_header(client: TestClient, site: Site) -> None:
    assert client.get("/wp-json/wp/v2/settings", headers=site.auth("admin")).headers["Allow"] == (
        "GET, POST, PUT, PATCH")
