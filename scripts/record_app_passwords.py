#!/usr/bin/env python3
"""Record WordPress's Application Passwords REST answers (/wp/v2/users/<id|me>/application-passwords)
on a WordPress holding the oracle's content, into tests/oracle_public/application_passwords/.

Usage: scripts/record_app_passwords.py BASE_URL ADMIN_LOGIN:APP_PASSWORD OTHER_LOGIN:APP_PASSWORD
It writes (creates, renames, deletes): run it only on a site of your own. Standard library only.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "oracle_public" / "application_passwords"
FAKE_UUID = "00000000-0000-4000-8000-000000000000"


def call(base: str, method: str, path: str, auth: str | None, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/wp-json/wp/v2" + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if auth:
        req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(req) as resp:
            status, headers, raw = resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        status, headers, raw = err.code, dict(err.headers), err.read()
    text = raw.decode().replace(base, "{home}").replace(base.replace("/", "\\/"), "{home}")
    return {"request": {"method": method, "path": path, "auth": auth.split(":")[0] if auth else None,
                        "body": body},
            "status": status, "location": headers.get("Location", "").replace(base, "{home}") or None,
            "allow": headers.get("Allow"), "body": json.loads(text) if text else None}


def main() -> None:
    base, admin, other = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    OUT.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict] = {}
    out["create"] = call(base, "POST", "/users/me/application-passwords", admin,
                         {"name": "Recorder app", "app_id": "0c5f3c1e-1d2b-4b8f-9a7e-5d2c1b0a9f8e"})
    uuid = out["create"]["body"]["uuid"]
    steps = [
        ("list_me", "GET", "/users/me/application-passwords", admin, None),
        ("introspect", "GET", "/users/me/application-passwords/introspect", admin, None),
        ("introspect_other_user", "GET", "/users/2/application-passwords/introspect", admin, None),
        ("introspect_anonymous", "GET", "/users/me/application-passwords/introspect", None, None),
        ("list_anonymous", "GET", "/users/1/application-passwords", None, None),
        ("list_me_anonymous", "GET", "/users/me/application-passwords", None, None),
        ("list_admin_by_other", "GET", "/users/1/application-passwords", other, None),
        ("list_missing_user", "GET", "/users/999/application-passwords", admin, None),
        ("get_one", "GET", f"/users/1/application-passwords/{uuid}", admin, None),
        ("get_missing", "GET", f"/users/1/application-passwords/{FAKE_UUID}", admin, None),
        ("get_admin_by_other", "GET", f"/users/1/application-passwords/{uuid}", other, None),
        ("update", "POST", f"/users/1/application-passwords/{uuid}", admin, {"name": "Renamed app"}),
        ("create_no_name", "POST", "/users/me/application-passwords", admin, {}),
        ("create_blank_name", "POST", "/users/me/application-passwords", admin, {"name": " "}),
        ("create_bad_app_id", "POST", "/users/me/application-passwords", admin, {"name": "x", "app_id": "nope"}),
        ("create_duplicate", "POST", "/users/me/application-passwords", admin, {"name": "Renamed app"}),
        ("create_for_admin_by_other", "POST", "/users/1/application-passwords", other, {"name": "x"}),
        ("delete_one", "DELETE", f"/users/1/application-passwords/{uuid}", admin, None),
        ("delete_one_again", "DELETE", f"/users/1/application-passwords/{uuid}", admin, None),
        ("delete_all_admin_by_other", "DELETE", "/users/1/application-passwords", other, None),
    ]
    for name, method, path, auth, body in steps:
        out[name] = call(base, method, path, auth, body)
    for name, answer in out.items():
        (OUT / f"{name}.json").write_text(json.dumps(answer, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(name, answer["status"])


if __name__ == "__main__":
    main()
