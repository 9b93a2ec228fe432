"""Lost password at /wp-login.php, end to end through a real SMTP server (aiosmtpd): the mail
arrives once with the link, the link sets the password once, keys expire, WordPress's errors for
wrong/expired keys and unknown users, the key stored as WordPress stores it, throttling."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest

from auth.passwords import check_login_password, fast_hash, phpass_check, phpass_hash
from auth.reset_keys import RESET_KEY_LIFETIME, check_key, stored_value
from settings import Settings
from tests.discussion_site import Site, client, make_site
from tests.fakes.smtp_server import SmtpSink
from wpcompat.storage.users import get_user_row, update_user_row

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def site(settings: Settings) -> Site:
    site = make_site(settings)
    site.set_options(blogname="Le blog &amp; ses amis")
    return site


def _user(site: Site, login: str) -> dict:
    return site.run(lambda storage: get_user_row(storage, site.users[login]))


def _reset_link(text: str) -> str:
    found = re.search(r"^(https?://\S+/wp-login\.php\?action=rp&key=\S+)$", text.replace("\r", ""), re.M)
    assert found, text
    parts = urlsplit(found.group(1))
    return parts.path + "?" + parts.query


def test_reset_key_format_matches_wordpress() -> None:
    now = 1_700_000_000
    legacy = stored_value("abcdefghij0123456789", legacy=True, now=now)
    issued, hashed = legacy.split(":", 1)
    assert issued == str(now) and hashed.startswith("$P$B") and phpass_check("abcdefghij0123456789", hashed)
    modern = stored_value("abcdefghij0123456789", legacy=False, now=now)
    assert modern == f"{now}:{fast_hash('abcdefghij0123456789')}"
    for stored in (legacy, modern):
        assert check_key(stored, "abcdefghij0123456789", now=now + 10) == "ok"
        assert check_key(stored, "abcdefghij0123456789", now=now + RESET_KEY_LIFETIME) == "expired"
        assert check_key(stored, "wrong", now=now + 10) == "invalid"
    # A key WordPress 6.1 wrote itself (phpass of the key under its request time) is accepted.
    assert check_key(f"{now}:{phpass_hash('k3y')}", "k3y", now=now + 5) == "ok"
    # Pre-4.3 keys (no time) are "expired" when right, as check_password_reset_key() says.
    assert check_key("plainkey", "plainkey") == "expired"
    assert check_key("", "x") == "invalid" and check_key("abc:def", "") == "invalid"


def test_lost_password_mail_link_sets_password_once(site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        login_page = c.get("/wp-login.php")
        assert 'href="/wp-login.php?action=lostpassword"' in login_page.text
        form = c.get("/wp-login.php?action=lostpassword")
        assert form.status_code == 200 and 'name="user_login"' in form.text and "Get New Password" in form.text

        sent = c.post("/wp-login.php?action=lostpassword", data={"user_login": "author@exemple.fr"},
                      follow_redirects=False)
        assert sent.status_code == 302 and sent.headers["location"] == "/wp-login.php?checkemail=confirm"
        assert "Check your email for the confirmation link" in c.get(sent.headers["location"]).text
        mail = sink.wait_for(1)
        assert len(mail) == 1
        mail = mail[0]
        assert mail.recipients == ["author@exemple.fr"]
        assert mail.subject == "[Le blog & ses amis] Password Reset"
        text = mail.part("plain")
        assert "Username: author" in text and "Site Name: Le blog & ses amis" in text
        assert "This password reset request originated from the IP address" in text
        stored = str(_user(site, "author")["user_activation_key"])
        assert re.fullmatch(r"\d{10}:\$P\$B.{30}", stored)  # time:phpass, as WordPress 6.1 writes it
        link = _reset_link(text)

        # The key moves from the address to a cookie, then the form.
        moved = c.get(link, follow_redirects=False)
        assert moved.status_code == 302 and "key=" not in moved.headers["location"]
        assert "Path=/wp-login.php" in moved.headers["set-cookie"] and "HttpOnly" in moved.headers["set-cookie"]
        page = c.get(moved.headers["location"])
        assert 'name="pass1"' in page.text and 'name="pass2"' in page.text
        rp_key = re.search(r'name="rp_key" value="([^"]+)"', page.text).group(1)

        mismatch = c.post("/wp-login.php?action=resetpass", data={"pass1": "a-new-one", "pass2": "other",
                                                                   "rp_key": rp_key})
        assert "The passwords do not match." in mismatch.text
        done = c.post("/wp-login.php?action=resetpass", data={"pass1": "Nouveau mot de passe 1",
                                                               "pass2": "Nouveau mot de passe 1", "rp_key": rp_key})
        assert done.status_code == 200 and "Your password has been reset." in done.text
        row = _user(site, "author")
        assert row["user_activation_key"] == ""
        assert row["user_pass"].startswith("$P$B")  # WPCOMPAT_WP_VERSION=6.1: phpass, as set-password
        assert check_login_password("Nouveau mot de passe 1", row["user_pass"])
        ok = c.post("/wp-login.php", data={"log": "author", "pwd": "Nouveau mot de passe 1"}, follow_redirects=False)
        assert ok.status_code == 302

        # Once: the same link again is invalid.
        again = c.get(link, follow_redirects=True)
        assert "Your password reset link appears to be invalid." in again.text
        assert len(sink.received) == 1


def test_wrong_expired_and_unknown(site: Site, sink: SmtpSink, monkeypatch) -> None:
    site.set_options(WPLANG="fr_FR")
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        empty = c.post("/wp-login.php?action=lostpassword", data={"user_login": ""})
        assert "veuillez saisir un identifiant ou une adresse e-mail." in empty.text
        for unknown in ("personne", "personne@exemple.fr"):
            r = c.post("/wp-login.php?action=lostpassword", data={"user_login": unknown})
            assert "il n’y a aucun compte avec cet identifiant ou cette adresse e-mail." in r.text

        assert c.post("/wp-login.php?action=lostpassword", data={"user_login": "editor"},
                      follow_redirects=False).status_code == 302
        mail = sink.wait_for(1)[0]
        assert mail.subject == "[Le blog & ses amis] Réinitialisation du mot de passe"
        link = _reset_link(mail.part("plain"))
        assert "wp_lang=fr_FR" in link

        wrong = c.get(re.sub(r"key=[^&]+", "key=AAAAAAAAAAAAAAAAAAAA", link), follow_redirects=True)
        assert "semble invalide" in wrong.text
        # Expired: the same key, issued more than a day ago (WordPress's password_reset_expiration).
        row = _user(site, "editor")
        issued, hashed = str(row["user_activation_key"]).split(":", 1)
        old = f"{int(issued) - RESET_KEY_LIFETIME - 1}:{hashed}"
        site.run(lambda storage: update_user_row(storage, site.users["editor"], {"user_activation_key": old}))
        expired = c.get(link, follow_redirects=True)
        assert "a expiré" in expired.text and 'name="user_login"' in expired.text
        # No cookie, no form: straight to the error.
        c.cookies.clear()
        bare = c.get("/wp-login.php?action=rp", follow_redirects=False)
        assert bare.headers["location"] == "/wp-login.php?action=lostpassword&error=invalidkey"
        # A WordPress on the same database accepts our keys and we its: a key it wrote works here.
        from auth.passwords import phpass_hash
        fresh = f"{int(time.time())}:{phpass_hash('ClefDeWordPress12345')}"
        site.run(lambda storage: update_user_row(storage, site.users["editor"], {"user_activation_key": fresh}))
        page = c.get("/wp-login.php?action=rp&key=ClefDeWordPress12345&login=editor", follow_redirects=True)
        assert 'name="pass1"' in page.text


def test_throttled_per_account_and_address(site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        codes = [c.post("/wp-login.php?action=lostpassword", data={"user_login": "admin"},
                        follow_redirects=False).status_code for _ in range(6)]
        assert codes == [302] * 5 + [429]
        sink.wait_for(5)
        assert len(sink.received) == 5
        # Probing unknown accounts counts against the address too.
        codes = [c.post("/wp-login.php?action=lostpassword", data={"user_login": f"nobody{n}"},
                        follow_redirects=False).status_code for n in range(20)]
        assert 429 in codes and codes.index(429) <= 15
        last = c.post("/wp-login.php?action=lostpassword", data={"user_login": "subscriber"})
        assert last.status_code == 429 and "Retry-After" in last.headers


def test_redirect_to_is_checked(site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        evil = c.post("/wp-login.php?action=lostpassword",
                      data={"user_login": "admin", "redirect_to": "https://evil.example/x"}, follow_redirects=False)
        assert evil.headers["location"] == "/wp-login.php?checkemail=confirm"
        good = c.post("/wp-login.php?action=lostpassword",
                      data={"user_login": "admin", "redirect_to": "/?p=1"}, follow_redirects=False)
        assert good.headers["location"] == "http://example.test/?p=1"
