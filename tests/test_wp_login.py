"""/wp-login.php: WordPress's hashes, its form and errors, sessions, logout, throttling, redirects,
and `wpcompat user set-password`."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urlsplit

import pytest

from auth.nonces import REST_ACTION, create_nonce
from auth.passwords import check_login_password, hash_login_password, phpass_hash
from auth.sessions import COOKIE_NAME, load_session
from settings import Settings
from wpcompat.storage.options import set_option
from wpcompat.storage.users import get_user_row, update_user_row

from .conftest import SHARED
from .discussion_site import Site, client, make_site

# Written by PHP 8.2's password_hash() (bcrypt), the second after WordPress 6.8's pre-hash
# base64(HMAC-SHA384(password, "wp-sha384")) with its "$wp" prefix.
WP68_PASSWORD = "Mot de passe été 2026!"
WP68_HASH = "$wp$2y$10$h/JOdYdiJQenZmAaEmAPXeCW6YBJSJqiG0tZpgGEZaah4aQ.nO.gS"
PLAIN_BCRYPT = ("plain-bcrypt", "$2y$10$xtiYrd8BxTHcYC/z8IxUP.dVBEUBM1GkQoCW64FhVkK84.TuOy3EK")


def oracle_admin() -> tuple[str, str, str] | None:
    """(login, password, hash) of the oracle's admin, whose hash WordPress 6.1 itself wrote."""
    oracle = SHARED / "oracle"
    env, dump = oracle / ".env-wp", oracle / "snapshot" / "wordpress.sql.gz"
    if not env.exists() or not dump.exists():
        return None
    values = dict(line.split("=", 1) for line in env.read_text().splitlines() if "=" in line)
    login, password = values["WP_ADMIN_USER"].strip("'\""), values["WP_ADMIN_PASSWORD"].strip("'\"")
    with gzip.open(dump, "rt", encoding="utf-8") as handle:
        text = handle.read()
    found = re.search(r"\(\d+,'" + re.escape(login) + r"','(\$P\$[^']+)'", text)
    return (login, password, found.group(1)) if found else None


def test_hashes_wordpress_writes() -> None:
    assert check_login_password(WP68_PASSWORD, WP68_HASH)
    assert not check_login_password(WP68_PASSWORD + "x", WP68_HASH)
    assert check_login_password(*PLAIN_BCRYPT)
    assert not check_login_password("nope", PLAIN_BCRYPT[1])
    mine = hash_login_password("  padded  ")
    assert mine.startswith("$wp$2y$10$") and check_login_password("padded", mine)
    legacy = hash_login_password("old", legacy=True)
    assert legacy.startswith("$P$B") and check_login_password("old", legacy)
    assert check_login_password("md5", "1bc29b36f623ba82aaf6724fd3b16718")
    for stored in ("", "*", "$wp$", "$2y$bad", "plaintext"):
        assert not check_login_password("plaintext", stored)


def test_oracle_hash_written_by_wordpress() -> None:
    admin = oracle_admin()
    if admin is None:
        pytest.skip("the oracle's snapshot is not in ../shared")
    _login, password, stored = admin
    assert check_login_password(password, stored)
    assert not check_login_password(password + "!", stored)


@pytest.fixture
def site(settings: Settings) -> Site:
    return make_site(settings)


def set_password(site: Site, login: str, stored: str) -> None:
    site.run(lambda storage: update_user_row(storage, site.users[login], {"user_pass": stored}))


def test_login_form_errors_and_session(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    set_password(site, "admin", WP68_HASH)
    with client(site, monkeypatch) as c:
        form = c.get("/wp-login.php?redirect_to=/wp-admin/edit-comments.php%3Fcomment_status%3Dmoderated")
        assert form.status_code == 200
        for field in ('name="log"', 'name="pwd"', 'name="rememberme" type="checkbox" id="rememberme" value="forever"',
                      'name="redirect_to" value="http://example.test/wp-admin/edit-comments.php?comment_status=moderated"'):
            assert field in form.text.replace("&amp;", "&")

        empty = c.post("/wp-login.php", data={"log": "", "pwd": ""})
        assert "The username field is empty." in empty.text and "The password field is empty." in empty.text
        unknown = c.post("/wp-login.php", data={"log": "nobody", "pwd": "x"})
        assert "The username <strong>nobody</strong> is not registered on this site." in unknown.text
        wrong = c.post("/wp-login.php", data={"log": "admin", "pwd": "x"})
        assert "The password you entered for the username <strong>admin</strong> is incorrect." in wrong.text
        by_mail = c.post("/wp-login.php", data={"log": "admin@exemple.fr", "pwd": "x"})
        assert "for the email address <strong>admin@exemple.fr</strong> is incorrect" in by_mail.text
        assert "Unknown email address" in c.post("/wp-login.php", data={"log": "x@y.fr", "pwd": "x"}).text
        assert COOKIE_NAME not in c.cookies

        ok = c.post("/wp-login.php", data={"log": "admin", "pwd": WP68_PASSWORD, "rememberme": "forever",
                                           "redirect_to": "/wp-admin/edit-comments.php?comment_status=moderated"},
                    follow_redirects=False)
        assert ok.status_code == 302
        assert ok.headers["location"] == "http://example.test/wp-admin/edit-comments.php?comment_status=moderated"
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=" in cookie

        # REST: cookie + X-WP-Nonce is the user; the cookie alone is anonymous.
        session = site.run(lambda storage: load_session(storage, site.settings, c.cookies[COOKIE_NAME]))
        assert session.user_id == site.users["admin"]
        nonce = create_nonce(site.settings.secret_key, REST_ACTION, session.user_id, session.token)
        me = c.get("/wp-json/wp/v2/users/me", headers={"X-WP-Nonce": nonce})
        assert me.status_code == 200 and me.json()["id"] == site.users["admin"]
        assert c.get("/wp-json/wp/v2/users/me").status_code == 401


def test_session_cookie_without_remember_me_and_french(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    set_password(site, "author", phpass_hash("motdepasse"))
    site.run(lambda storage: set_option(storage, "WPLANG", "fr_FR"))
    with client(site, monkeypatch) as c:
        wrong = c.post("/wp-login.php", data={"log": "author", "pwd": "non"})
        assert "<strong>Erreur :</strong> le mot de passe que vous avez saisi pour l’identifiant" in wrong.text
        assert 'lang="fr-FR"' in wrong.text and "Se souvenir de moi" in wrong.text
        ok = c.post("/wp-login.php", data={"log": "author", "pwd": "motdepasse"}, follow_redirects=False)
        assert ok.status_code == 302 and "Max-Age" not in ok.headers["set-cookie"]
        # An author goes to the comments of their posts by default.
        assert ok.headers["location"] == "http://example.test/wp-admin/edit-comments.php"


def test_logout_needs_the_nonce(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    set_password(site, "editor", phpass_hash("pw-editor"))
    with client(site, monkeypatch) as c:
        c.post("/wp-login.php", data={"log": "editor", "pwd": "pw-editor"}, follow_redirects=False)
        token = c.cookies[COOKIE_NAME]
        forged = c.get("/wp-login.php?action=logout", follow_redirects=False)
        assert forged.status_code == 403 and "Do you really want to" in forged.text
        assert site.run(lambda storage: load_session(storage, site.settings, token)) is not None
        link = re.search(r'href="(/wp-login.php\?action=logout[^"]+)"', forged.text).group(1).replace("&amp;", "&")
        out = c.get(link, follow_redirects=False)
        assert out.status_code == 302 and out.headers["location"] == "/wp-login.php?loggedout=true"
        assert site.run(lambda storage: load_session(storage, site.settings, token)) is None
        assert "You are now logged out." in c.get("/wp-login.php?loggedout=true").text


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "http://example.test@evil.example/",
    "javascript:alert(1)", "http://example.test.evil.example/",
])
def test_open_redirects_refused(site: Site, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    set_password(site, "admin", phpass_hash("pw"))
    with client(site, monkeypatch) as c:
        assert target not in c.get("/wp-login.php", params={"redirect_to": target}).text
        ok = c.post("/wp-login.php", data={"log": "admin", "pwd": "pw", "redirect_to": target},
                    follow_redirects=False)
        assert ok.status_code == 302
        # On the site (a path like /evil.example is just a page of it), never elsewhere.
        assert urlsplit(ok.headers["location"]).hostname == "example.test"
        assert ok.headers["location"].startswith("http://example.test/")


def test_failed_logins_are_throttled_per_account_and_ip(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from auth import throttle

    set_password(site, "admin", phpass_hash("right"))
    with client(site, monkeypatch) as c:
        # A right password forgives the account's failures.
        for _ in range(throttle.PAIR_LIMIT - 1):
            c.post("/wp-login.php", data={"log": "admin", "pwd": "wrong"})
        assert c.post("/wp-login.php", data={"log": "admin", "pwd": "right"}, follow_redirects=False).status_code == 302
        c.post("/wp-login.php", data={"log": "admin", "pwd": "wrong"})
        assert c.post("/wp-login.php", data={"log": "admin", "pwd": "right"}, follow_redirects=False).status_code == 302
        for _ in range(throttle.PAIR_LIMIT):  # one account, from one address
            assert c.post("/wp-login.php", data={"log": "admin", "pwd": "wrong"}).status_code == 200
        locked = c.post("/wp-login.php", data={"log": "admin", "pwd": "right"}, follow_redirects=False)
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        assert "Too many failed login attempts" in locked.text and "set-cookie" not in locked.headers
        # Another account from the same address is not locked until the address's own limit.
        set_password(site, "editor", phpass_hash("ed"))
        assert c.post("/wp-login.php", data={"log": "editor", "pwd": "ed"}, follow_redirects=False).status_code == 302
        for n in range(throttle.IP_LIMIT):  # the address, whatever the account
            c.post("/wp-login.php", data={"log": f"guess{n}", "pwd": "x"})
        blocked = c.post("/wp-login.php", data={"log": "editor", "pwd": "ed"}, follow_redirects=False)
        assert blocked.status_code == 429


def test_cli_set_password(site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from wpcompat.cli import main

    env = {"DATABASE_URL": site.settings.database_url, "WPCOMPAT_SITE_URL": "http://example.test"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("sys.stdin", io.StringIO("from stdin pw\n"))
    assert main(["user", "set-password", "author"]) == 0
    assert "Success: Password set for user" in capsys.readouterr().out
    stored = site.run(lambda storage: get_user_row(storage, site.users["author"]))["user_pass"]
    assert stored.startswith("$wp$2y$") and check_login_password("from stdin pw", stored)
    assert main(["user", "set-password", "author", "--password", "given"]) == 0
    stored = site.run(lambda storage: get_user_row(storage, site.users["author"]))["user_pass"]
    assert check_login_password("given", stored)
    with client(site, monkeypatch) as c:
        assert c.post("/wp-login.php", data={"log": "author", "pwd": "given"},
                      follow_redirects=False).status_code == 302



def test_every_redirect_vector_stays_on_the_site(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_redirects import VECTORS, lands_on_site

    set_password(site, "admin", phpass_hash("pw"))
    with client(site, monkeypatch) as c:
        for target, _ in VECTORS:
            ok = c.post("/wp-login.php", data={"log": "admin", "pwd": "pw", "redirect_to": target},
                        follow_redirects=False)
            assert ok.status_code == 302, (target, ok.text[:200])
            assert lands_on_site(ok.headers["location"], "example.test"), (target, ok.headers["location"])
