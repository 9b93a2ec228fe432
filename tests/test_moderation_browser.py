"""The moderation screen in headless Chromium: a moderator signs in at /wp-login.php with the
password hash WordPress itself wrote (the oracle's admin, from its shipped snapshot), then
approves, spams and replies from the screen, first with the mouse, then with the keyboard.

Screenshots go to test-artifacts/ (moderation-*.png).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from auth.accounts import UserFields, create_user
from settings import Settings, load_settings
from tests.browser import in_thread, page_errors, screenshot
from tests.conftest import shared_path
from tests.fakes.oauth_providers import loopback_socket, serve
from tests.test_comment_widget_browser import DEMO_POST
from tests.test_wp_login import oracle_admin
from wpcompat.app import create_app
from wpcompat.demo import import_demo_if_empty
from wpcompat.storage import open_storage
from wpcompat.storage.comment_writes import insert_comment, recount_comments
from wpcompat.storage.users import get_user_row_by_login, update_user_row

COMMENTS = {
    "mouse-approve": "Pouvez-vous préciser les horaires ?",
    "mouse-spam": "Cheap watches here http://spam.example",
    "mouse-reply": "Je peux aider à la permanence.",
    "key-approve": "Merci pour ce compte rendu.",
    "key-spam": "Casino bonus http://spam.example",
    "key-reply": "Quand a lieu la prochaine réunion ?",
}


async def _prepare(settings: Settings, login: str, stored_hash: str) -> dict[str, int]:
    storage = await open_storage(settings.database_url, settings.table_prefix)
    try:
        await import_demo_if_empty(storage, settings)
        row = await get_user_row_by_login(storage, login)
        user_id = int(row["ID"]) if row else await create_user(
            storage, login, UserFields(email="moderation@exemple.fr", role="administrator", display_name="Camille"))
        await update_user_row(storage, user_id, {"user_pass": stored_hash})
        ids = {}
        for n, (key, text) in enumerate(COMMENTS.items()):
            ids[key] = await insert_comment(storage, {
                "comment_post_ID": DEMO_POST, "comment_author": f"Lectrice {n}", "comment_author_email":
                f"lectrice{n}@exemple.fr", "comment_content": text, "comment_approved": "0",
                "comment_date": f"2026-01-0{n + 1} 10:00:00", "comment_date_gmt": f"2026-01-0{n + 1} 09:00:00",
                "comment_author_IP": "10.0.0.9",
            })
        await recount_comments(storage, DEMO_POST)
        return ids
    finally:
        await storage.db.disconnect()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings, dict[str, int], tuple[str, str]]]:
    shared_path("oracle", "snapshot", "wordpress.sql.gz")
    admin = oracle_admin()
    assert admin is not None, "the oracle's admin is not in its snapshot"
    login, password, stored = admin
    sock = loopback_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    db = tmp_path_factory.mktemp("moderation") / "site.db"
    settings = load_settings(None, {"DATABASE_URL": f"sqlite:///{db}", "WPCOMPAT_SITE_URL": url,
                                    "WPCOMPAT_SECRET_KEY": "moderation-browser-secret-0123456789"})
    ids = in_thread(_prepare, settings, login, stored)
    with serve(create_app(settings), sock):
        yield url, settings, ids, (login, password)


def _rows(settings: Settings) -> dict[int, dict]:
    async def q() -> dict[int, dict]:
        storage = await open_storage(settings.database_url, settings.table_prefix, create=False)
        try:
            c = storage.tables.comments
            rows = await storage.db.fetch_all(sa.select(c).where(c.c.comment_post_ID == DEMO_POST))
            return {int(r.comment_ID): dict(r._mapping) for r in rows}
        finally:
            await storage.db.disconnect()

    return in_thread(q)


def test_moderator_logs_in_and_moderates_with_mouse_and_keyboard(browser, site) -> None:
    url, settings, ids, (login, password) = site
    # The demo site is French (WPLANG fr_FR): so are its login page and screen.
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="en-US")
    errors = page_errors(page)

    # A bookmark to the queue: the login page first, then back to the queue.
    page.goto(f"{url}/wp-admin/edit-comments.php?comment_status=moderated")
    assert "/wp-login.php?redirect_to=" in page.url
    page.fill("#user_login", login)
    page.fill("#user_pass", "wrong password")
    page.click("#wp-submit")
    assert "est incorrect" in page.inner_text("#login_error")
    screenshot(page, "moderation-login-error.png")
    page.fill("#user_pass", password)
    page.check("#rememberme")
    page.click("#wp-submit")
    page.wait_for_selector("#the-comment-list")
    assert page.url.endswith("/wp-admin/edit-comments.php?comment_status=moderated")
    assert page.inner_text(".moderated-count") == "6"
    screenshot(page, "moderation-queue.png", full_page=True)

    # The mouse: approve, spam, reply.
    page.click(f"#comment-{ids['mouse-approve']} button[data-action=approve]")
    page.wait_for_selector(f"#comment-{ids['mouse-approve']}", state="detached")
    assert "1 commentaire approuvé." in page.inner_text("#moderation-notice")
    page.click(f"#comment-{ids['mouse-spam']} button[data-action=spam]")
    page.wait_for_selector(f"#comment-{ids['mouse-spam']}", state="detached")
    page.click(f"#comment-{ids['mouse-reply']} button[data-action=reply]")
    page.fill(f"#replycontent-{ids['mouse-reply']}", "Merci, écrivez-nous à l’adresse de la section.")
    screenshot(page, "moderation-reply.png", full_page=True)
    page.click(f"#reply-{ids['mouse-reply']} button.button-primary")
    page.wait_for_selector(f"#comment-{ids['mouse-reply']}", state="detached")
    assert "Réponse publiée." in page.inner_text("#moderation-notice")
    rows = _rows(settings)
    assert rows[ids["mouse-approve"]]["comment_approved"] == "1"
    assert rows[ids["mouse-spam"]]["comment_approved"] == "spam"
    assert rows[ids["mouse-reply"]]["comment_approved"] == "1"  # approved by the reply
    reply = [r for r in rows.values() if r["comment_parent"] == ids["mouse-reply"]]
    assert len(reply) == 1 and "écrivez-nous" in reply[0]["comment_content"]
    assert page.inner_text(".moderated-count") == "3"

    # The keyboard: the rows left are key-reply, key-spam, key-approve (newest first).
    order = page.eval_on_selector_all("#the-comment-list tr.comment", "els => els.map(e => +e.dataset.id)")
    assert order == [ids["key-reply"], ids["key-spam"], ids["key-approve"]]
    page.click("h1")  # nothing focused that takes letters
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")  # third row: key-approve
    assert page.get_attribute("tr.current-row", "data-id") == str(ids["key-approve"])
    page.keyboard.press("a")
    page.wait_for_selector(f"#comment-{ids['key-approve']}", state="detached")
    # The last row is gone: the selection moves to the row above it (key-spam); k and j move it.
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert page.get_attribute("tr.current-row", "data-id") == str(ids["key-spam"])
    page.keyboard.press("s")
    page.wait_for_selector(f"#comment-{ids['key-spam']}", state="detached")
    # Undo the spam with z, then spam it again.
    page.keyboard.press("z")
    page.wait_for_selector(f"#comment-{ids['key-spam']}")
    assert "Action annulée." in page.inner_text("#moderation-notice")
    assert _rows(settings)[ids["key-spam"]]["comment_approved"] == "0"
    page.click("h1")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.get_attribute("tr.current-row", "data-id") == str(ids["key-spam"])
    page.keyboard.press("s")
    page.wait_for_selector(f"#comment-{ids['key-spam']}", state="detached")
    page.click("h1")
    page.keyboard.press("j")
    assert page.get_attribute("tr.current-row", "data-id") == str(ids["key-reply"])
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == f"replycontent-{ids['key-reply']}"
    page.keyboard.type("Jeudi à 18 h, au local.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#comment-{ids['key-reply']}", state="detached")
    rows = _rows(settings)
    assert rows[ids["key-approve"]]["comment_approved"] == "1"
    assert rows[ids["key-spam"]]["comment_approved"] == "spam"
    assert rows[ids["key-reply"]]["comment_approved"] == "1"
    assert any(r["comment_parent"] == ids["key-reply"] and "Jeudi" in r["comment_content"] for r in rows.values())
    assert page.inner_text(".moderated-count") == "0"
    page.goto(f"{url}/wp-admin/edit-comments.php")
    screenshot(page, "moderation-all.png", full_page=True)

    # Quick edit from the keyboard (e), then a bulk action with the mouse.
    page.click("h1")
    page.keyboard.press("j")
    first = page.get_attribute("tr.current-row", "data-id")
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == f"editcontent-{first}"
    page.keyboard.press("Control+a")
    page.keyboard.type("Texte corrigé au clavier.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#comment-{first} .comment-text >> text=Texte corrigé au clavier.")
    assert _rows(settings)[int(first)]["comment_content"] == "Texte corrigé au clavier."
    page.check(f"#cb-select-{ids['mouse-approve']}")
    page.check(f"#cb-select-{ids['key-approve']}")
    page.select_option("#bulk-action-selector-top", "spam")
    page.click("#doaction")
    page.wait_for_selector(f"#comment-{ids['mouse-approve']}", state="detached")
    rows = _rows(settings)
    assert rows[ids["mouse-approve"]]["comment_approved"] == "spam"
    assert rows[ids["key-approve"]]["comment_approved"] == "spam"
    assert "2 commentaires marqués comme indésirables." in page.inner_text("#moderation-notice")
    assert errors == []
