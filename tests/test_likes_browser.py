"""Likes and e-mail subscriptions in real headless Chromium, on the demo post in French: a
reader signed in with (fake) Google likes the post and the ébéniste's comment ("Aimé par 2
personnes", the facepile), un-likes it, comments with "Prévenez-moi de tous les nouveaux
commentaires par e-mail", confirms from the mail, and gets the reply notification.

Mail goes through a real SMTP server (aiosmtpd). Screenshots: test-artifacts/likes-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from settings import Settings, load_settings
from tests.browser import in_thread, page_errors, screenshot
from tests.fakes.oauth_providers import FakeProviders, loopback_socket, serve
from tests.fakes.smtp_server import Received, SmtpSink
from tests.test_comment_widget_browser import DEMO_POST
from wpcompat.app import create_app
from wpcompat.demo import import_demo_if_empty
from wpcompat.storage import open_storage
from wpcompat.storage.options import set_option

ADMIN = "moderation@secteur-ess.example.org"
AUTHOR = "section@secteur-ess.example.org"
TITLE = "La vie du secteur ESS du PCF"


async def _prepare(settings: Settings) -> None:
    storage = await open_storage(settings.database_url, settings.table_prefix)
    try:
        await import_demo_if_empty(storage, settings)
        await set_option(storage, "WPLANG", "fr_FR")
        await set_option(storage, "admin_email", ADMIN)
    finally:
        await storage.db.disconnect()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SmtpSink]]:
    fake = FakeProviders()
    sink = SmtpSink().start()
    try:
        with serve(fake.app()) as provider_base:
            fake.base_url = provider_base
            sock = loopback_socket()
            site = f"http://127.0.0.1:{sock.getsockname()[1]}"
            db = tmp_path_factory.mktemp("likes") / "site.db"
            settings = load_settings(None, {
                "DATABASE_URL": f"sqlite:///{db}", "WPCOMPAT_SITE_URL": site,
                "WPCOMPAT_SECRET_KEY": "browser-test-secret-0123456789", "WPCOMPAT_SMTP_URL": sink.url,
                # Two readers from one machine: each browser says where it is, as a proxy would.
                "WPCOMPAT_TRUSTED_PROXY_HEADER": "X-Forwarded-For", **fake.environ(),
            })
            in_thread(_prepare, settings)
            with serve(create_app(settings), sock):
                yield site, sink
    finally:
        sink.stop()


def _link(mail: Received, label: str) -> str:
    for line in mail.part("plain").splitlines():
        if line.startswith(label + " "):
            return line[len(label) + 1:].strip()
    raise AssertionError(f"no {label!r} link in {mail.subject}")


def _by_recipient(mails: list[Received]) -> dict[str, list[Received]]:
    out: dict[str, list[Received]] = {}
    for m in mails:
        out.setdefault(m.recipients[0], []).append(m)
    return out


def test_like_subscribe_confirm_and_get_the_reply(browser, servers) -> None:
    site, sink = servers
    ana = browser.new_context(viewport={"width": 900, "height": 1100}, locale="fr-FR",
                              extra_http_headers={"X-Forwarded-For": "198.51.100.7"})
    page = ana.new_page()
    errors = page_errors(page)
    page.goto(f"{site}/?p={DEMO_POST}")
    page.wait_for_selector("#comment-7 .wpc-liked-by")
    # The demo's reader comment was liked once, on the old blog too.
    assert page.inner_text("#comment-7 .wpc-liked-by") == "Aimé par 1 personne"
    assert page.inner_text(".wpc-likes--post .wpc-like") == "J’aime"
    assert page.locator(".wpc-likes--post .wpc-liked-by").count() == 0

    page.click(".wpc-provider.wpc-google")
    page.wait_for_selector(".wpc-me")
    assert "Ana Núñez" in page.inner_text(".wpc-me")

    # Like the post, then the ébéniste's comment.
    page.click(".wpc-likes--post .wpc-like")
    page.wait_for_selector(".wpc-likes--post .wpc-like--mine")
    assert page.inner_text(".wpc-likes--post .wpc-like") == "Vous aimez ceci"
    assert page.inner_text(".wpc-likes--post .wpc-liked-by") == "Aimé par 1 personne"
    page.click("#comment-7 .wpc-like")
    page.wait_for_selector("#comment-7 .wpc-like--mine")
    assert page.inner_text("#comment-7 .wpc-liked-by") == "Aimé par 2 personnes"
    faces = page.eval_on_selector_all("#comment-7 .wpc-facepile .wpc-face", "els => els.map(e => e.title)")
    assert faces == ["Section Bassin minier", "Ana Núñez"]
    assert page.get_attribute("#comment-7 .wpc-like", "aria-pressed") == "true"
    screenshot(page, "likes-liked.png", full_page=True)
    screenshot(page.locator("#comment-7 > .wpc-body"), "likes-comment.png")

    # Un-like: back to one person, and the button says "J’aime" again.
    page.click("#comment-7 .wpc-like")
    page.wait_for_selector("#comment-7 .wpc-like:not(.wpc-like--mine)")
    assert page.inner_text("#comment-7 .wpc-liked-by") == "Aimé par 1 personne"
    assert page.inner_text("#comment-7 .wpc-like") == "J’aime"
    page.reload()
    page.wait_for_selector(".wpc-likes--post .wpc-like--mine")  # the post's like was kept
    assert page.inner_text("#comment-7 .wpc-liked-by") == "Aimé par 1 personne"

    # A comment, with "Prévenez-moi de tous les nouveaux commentaires par e-mail" ticked.
    assert page.inner_text("label[for=wpc-subscribe_comments-42]") == \
        "Prévenez-moi de tous les nouveaux commentaires par e-mail."
    page.fill(".wpc-form textarea", "Je m’abonne pour suivre la discussion.")
    page.check("#wpc-subscribe_comments-42")
    page.click(".wpc-submit")
    page.wait_for_selector(".wpc-subscribe-note")
    assert page.inner_text(".wpc-subscribe-note") == "Consultez votre boîte mail pour confirmer votre abonnement."
    screenshot(page.locator(".wpc-respond"), "likes-subscribe.png")
    mails = _by_recipient(sink.take(3))
    assert sorted(mails) == sorted([ADMIN, "ana@example.org", AUTHOR])
    confirm = mails["ana@example.org"][0]
    assert confirm.subject == "[Secteur ESS] Confirmez votre abonnement"
    assert f"« {TITLE} »" in confirm.part("plain")
    moderation = mails[ADMIN][0]
    assert moderation.subject.endswith(f"Veuillez modérer : « {TITLE} »")

    # Confirm from the mail, and approve Ana's comment from the moderator's mail.
    page.goto(_link(confirm, "Confirmer votre abonnement :"))
    assert page.inner_text("h1") == "Abonnement confirmé"
    screenshot(page, "likes-confirmed.png")
    page.goto(_link(moderation, "L’approuver :"))
    page.click("button")
    assert page.inner_text("h1") == "Commentaire approuvé"
    approved = sink.take(1)[0]  # the post author hears of the now public comment
    assert approved.recipients == [AUTHOR] and approved.subject.endswith(f"Commentaire : « {TITLE} »")

    # The ébéniste answers Ana from another browser: Ana gets the reply notification.
    other = browser.new_context(viewport={"width": 900, "height": 1100}, locale="fr-FR",
                                extra_http_headers={"X-Forwarded-For": "192.0.2.10"})
    page2 = other.new_page()
    page2.goto(f"{site}/?p={DEMO_POST}")
    page2.wait_for_selector(".wpc-comment:has-text('Je m’abonne pour suivre')")
    ana_id = page2.eval_on_selector_all(".wpc-comment", "els => els.filter(e => e.innerText.includes('Ana Núñez')).map(e => e.id)")[0]
    page2.click(f"#{ana_id} .wpc-reply")
    page2.fill(".wpc-guest input[name=email]", "ebeniste@example.org")
    page2.fill(".wpc-guest input[name=author]", "Un ébéniste coopérateur")
    page2.fill(".wpc-form textarea", "Bienvenue Ana, à mardi !")
    page2.click(".wpc-submit")
    page2.wait_for_selector(".wpc-notice--success")
    mails = _by_recipient(sink.take(2))
    reply = mails["ana@example.org"][0]
    assert reply.subject.endswith(f"Un ébéniste coopérateur a répondu à votre commentaire sur « {TITLE} »")
    assert "Bienvenue Ana, à mardi !" in reply.part("plain")
    assert reply.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.search(r"#comment-\d+$", _link(reply, "Le lire et répondre :"))
    assert mails[AUTHOR][0].subject.endswith(f"Commentaire : « {TITLE} »")
    page.goto(f"{site}/?p={DEMO_POST}")
    page.wait_for_selector(".wpc-likes--post .wpc-like--mine")
    screenshot(page, "likes-thread.png", full_page=True)
    assert errors == []
