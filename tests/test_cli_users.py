"""`wpcompat user …` and `wpcompat app-password …` through wpcompat.cli.main, on a temporary site."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import pytest

from auth.basic import authenticate_basic
from wpcompat.cli import main
from wpcompat.storage import open_storage
from wpcompat.storage.users import get_user_meta, get_user_row_by_login
from wpcompat.util.phpserial import loads


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WPCOMPAT_DEMO_IMPORT", "false")
    monkeypatch.delenv("WPCOMPAT_WP_VERSION", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def query(url: str, coro_factory):
    async def go():
        storage = await open_storage(url)
        try:
            return await coro_factory(storage)
        finally:
            await storage.db.disconnect()

    return asyncio.run(go())


def test_user_create_list_get_update(site, capsys) -> None:
    code, out, _ = run(capsys, "user", "create", "admin", "--email", "admin@example.org", "--role",
                       "administrator", "--id", "1", "--display-name", "The Admin", "--first-name", "Ada",
                       "--last-name", "Lovelace", "--registered", "2020-01-02 03:04:05")
    assert code == 0 and out.strip() == "Success: Created user 1."
    code, out, _ = run(capsys, "user", "create", "jdupont", "--email", "jean@exemple.fr", "--role", "author",
                       "--url", "https://jean.example", "--description", "Bio", "--nickname", "JD")
    assert code == 0 and out.strip() == "Success: Created user 2."
    code, out, _ = run(capsys, "user", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["ID", "user_login", "display_name", "user_email", "roles"]
    assert lines[1].split() == ["1", "admin", "The", "Admin", "admin@example.org", "administrator"]
    assert lines[2].split() == ["2", "jdupont", "jdupont", "jean@exemple.fr", "author"]
    code, out, _ = run(capsys, "user", "get", "jdupont")
    fields = dict(line.split("\t", 1) for line in out.splitlines())
    assert fields["user_url"] == "https://jean.example" and fields["nickname"] == "JD"
    assert fields["wp_capabilities"] == 'a:1:{s:6:"author";b:1;}' and "user_pass" not in fields

    code, out, _ = run(capsys, "user", "update", "jdupont", "--role", "editor", "--display-name", "Jean D.",
                       "--nicename", "jean", "--registered", "2019-12-31 23:00:00")
    assert code == 0 and out.strip() == "Success: Updated user 2."
    row = query(site, lambda s: get_user_row_by_login(s, "jdupont"))
    assert (row["display_name"], row["user_nicename"], row["user_registered"]) == (
        "Jean D.", "jean", "2019-12-31 23:00:00")
    meta = query(site, lambda s: get_user_meta(s, 2))
    assert meta["wp_capabilities"] == 'a:1:{s:6:"editor";b:1;}' and meta["wp_user_level"] == "7"
    # By email or ID too, like wp-cli.
    assert run(capsys, "user", "update", "jean@exemple.fr", "--last-name", "Dupont")[0] == 0
    assert run(capsys, "user", "update", "2", "--first-name", "Jean")[0] == 0
    meta = query(site, lambda s: get_user_meta(s, 2))
    assert (meta["first_name"], meta["last_name"]) == ("Jean", "Dupont")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["user", "create", "admin", "--email", "x@example.org"], "Sorry, that username already exists!"),
        (["user", "create", "other", "--email", "admin@example.org"],
         "Sorry, that email address is already used!"),
        (["user", "create", "other", "--email", "nope"], "The email address is not correct."),
        (["user", "create", "other", "--email", "o@example.org", "--role", "boss"],
         "Role doesn't exist: boss"),
        (["user", "create", "other", "--email", "o@example.org", "--id", "1"],
         "the user ID 1 is already taken"),
        (["user", "update", "ghost", "--role", "editor"], "Invalid user ID, email or login: 'ghost'"),
        (["user", "update", "admin", "--role", "boss"], "Role doesn't exist: boss"),
        (["app-password", "create", "ghost", "x"], "Invalid user ID, email or login: 'ghost'"),
        (["app-password", "revoke", "admin", "nothing"], "No application password 'nothing'"),
    ],
)
def test_errors_are_one_line_and_exit_1(site, capsys, argv, message) -> None:
    assert run(capsys, "user", "create", "admin", "--email", "admin@example.org", "--id", "1")[0] == 0
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("wpcompat: error: ") and message in err


def _basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


def test_app_password_create_list_revoke(site, capsys) -> None:
    run(capsys, "user", "create", "admin", "--email", "admin@example.org", "--role", "administrator")
    code, out, _ = run(capsys, "app-password", "create", "admin", "oracle")
    assert code == 0
    password = out.splitlines()[-1]
    assert len(password) == 29 and password.replace(" ", "").isalnum()
    result = query(site, lambda s: authenticate_basic(s, _basic("admin", password), "127.0.0.1"))
    assert result.user is not None and result.user.login == "admin"

    code, _, err = run(capsys, "app-password", "create", "admin", "oracle")
    assert code == 1 and "Each application name should be unique." in err
    run(capsys, "app-password", "create", "admin", "second")
    code, out, _ = run(capsys, "app-password", "list", "admin")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["uuid", "name", "created", "last_used", "last_ip"]
    assert [line.split()[1] for line in lines[1:]] == ["oracle", "second"]
    assert lines[1].split()[-1] == "127.0.0.1"  # usage recorded
    uuid = lines[2].split()[0]

    code, out, _ = run(capsys, "app-password", "revoke", "admin", uuid)
    assert code == 0 and uuid in out
    code, out, _ = run(capsys, "app-password", "revoke", "admin", "oracle")
    assert code == 0
    meta = query(site, lambda s: get_user_meta(s, 1))
    assert loads(meta["_application_passwords"]) in ([], {})
    result = query(site, lambda s: authenticate_basic(s, _basic("admin", password), "127.0.0.1"))
    assert result.error is not None and result.error.code == "incorrect_password"


def test_legacy_61_site_gets_phpass_hashes(site, capsys, monkeypatch) -> None:
    monkeypatch.setenv("WPCOMPAT_WP_VERSION", "6.1")
    run(capsys, "user", "create", "admin", "--email", "admin@example.org")
    code, out, _ = run(capsys, "app-password", "create", "admin", "oracle")
    assert code == 0 and out.startswith("Success: ")
    meta = query(site, lambda s: get_user_meta(s, 1))
    assert loads(meta["_application_passwords"])[0]["password"].startswith("$P$B")
