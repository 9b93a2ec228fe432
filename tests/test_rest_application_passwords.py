"""`/wp/v2/users/<id|me>/application-passwords` as apps use it, replayed against WordPress 6.1's
recorded answers (tests/oracle_public/application_passwords/, scripts/record_app_passwords.py):
the same sequence of requests (create, list, introspect, read, rename, errors, revoke) gives the
same statuses, error codes and messages, and items of the same shape, on the oracle's site built
in wpcompat. UUIDs, dates, passwords and addresses differ by nature and are compared by form."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from auth.application_passwords import create_password
from settings import Settings
from tests.conftest import shared_path
from tests.public_site import build_public_site
from wpcompat.app import create_app
from wpcompat.storage import open_storage

RECORDED = Path(__file__).parent / "oracle_public" / "application_passwords"
HOME = "http://testserver"
ORDER = ["create", "list_me", "introspect", "introspect_other_user", "introspect_anonymous", "list_anonymous",
         "list_me_anonymous", "list_admin_by_other", "list_missing_user", "get_one", "get_missing",
         "get_admin_by_other", "update", "create_no_name", "create_blank_name", "create_bad_app_id",
         "create_duplicate", "create_for_admin_by_other", "delete_one", "delete_one_again",
         "delete_all_admin_by_other"]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    db = tmp_path_factory.mktemp("app-passwords") / "site.db"
    settings = build_public_site(Settings(site_url=HOME), shared_path("oracle"), "date", db)

    async def passwords() -> dict[str, str]:
        storage = await open_storage(settings.database_url, settings.table_prefix)
        try:
            admin, _ = await create_password(storage, 1, "oracle")
            other, _ = await create_password(storage, 3, "oracle")
            return {"admin": f"admin:{admin}", "plefevre": f"plefevre:{other}"}
        finally:
            await storage.db.disconnect()

    creds = asyncio.run(passwords())
    with TestClient(create_app(settings), base_url=HOME) as client:
        yield client, creds


def _shape(value: Any) -> Any:
    """Values that differ by nature (ids, times, secrets) replaced by their form."""
    if isinstance(value, dict):
        return {k: _shape(v) if k not in ("password",) else "PASSWORD" for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    if isinstance(value, str):
        if UUID.match(value):
            return "UUID"
        if DATE.match(value):
            return "DATE"
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+|testclient", value):
            return "IP"
        return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID",
                      value.replace("{home}", HOME))
    return value


def test_application_passwords_answer_like_wordpress(site: tuple[TestClient, dict[str, str]]) -> None:
    client, creds = site
    created_uuid = ""
    for name in ORDER:
        recorded = json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))
        req = recorded["request"]
        # The recorded password's UUID stands for the one created here; the made-up one stays.
        recorded_uuid = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", req["path"])
        path = req["path"]
        if recorded_uuid and recorded_uuid.group(0) != "00000000-0000-4000-8000-000000000000":
            path = path.replace(recorded_uuid.group(0), created_uuid)
        headers = {}
        if req["auth"]:
            headers["Authorization"] = "Basic " + base64.b64encode(creds[req["auth"]].encode()).decode()
        response = client.request(req["method"], "/wp-json/wp/v2" + path, headers=headers,
                                  json=req["body"] if req["body"] is not None else None)
        assert response.status_code == recorded["status"], (name, response.text)
        body = response.json()
        if name == "create":
            created_uuid = body["uuid"]
            assert re.fullmatch(r"([A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4}", body["password"])
            assert response.headers["location"] == body["_links"]["self"][0]["href"]
        assert _shape(body) == _shape(recorded["body"]), name
    # What the app was told is what it can use: the new password authenticates (then is revoked).
    fresh = client.post("/wp-json/wp/v2/users/me/application-passwords", json={"name": "Fresh"},
                        headers={"Authorization": "Basic " + base64.b64encode(creds["admin"].encode()).decode()})
    token = base64.b64encode(f"admin:{fresh.json()['password']}".encode()).decode()
    me = client.get("/wp-json/wp/v2/users/me/application-passwords/introspect",
                    headers={"Authorization": f"Basic {token}"})
    assert me.status_code == 200 and me.json()["name"] == "Fresh"
    cookie_only = client.get("/wp-json/wp/v2/users/me/application-passwords/introspect")
    assert cookie_only.status_code == 401


def test_routes_are_indexed_as_wordpress_indexes_them(site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    golden = json.loads(shared_path("oracle", "golden", "index.json").read_text(encoding="utf-8"))["body"]["routes"]
    mine = client.get("/wp-json/").json()["routes"]
    patterns = [p for p in golden if "application-passwords" in p]
    assert len(patterns) == 3
    for pattern in patterns:
        want = json.loads(json.dumps(golden[pattern]).replace("http://127.0.0.1:8080", HOME))
        assert mine[pattern] == want, pattern
    options = client.options("/wp-json/wp/v2/users/me/application-passwords").json()
    assert options["schema"]["title"] == "application-password"
    assert list(options["schema"]["properties"]) == ["uuid", "app_id", "name", "password", "created", "last_used",
                                                     "last_ip"]
