"""The moderation mail and the moderation screen agree: the mail's "moderation panel" link opens
/wp-admin/edit-comments.php?comment_status=moderated (through /wp-login.php when signed out),
and WordPress's own links, /wp-admin/comment.php?action=approve|spam|trash&c=ID, ask a signed-in
moderator to confirm (GET never acts), then act once with the session's nonce, through the same
domain code (the approval notifies the post author), and land on the screen."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from auth.passwords import phpass_hash
from settings import Settings
from tests.discussion_site import Site, client, make_site
from tests.fakes.smtp_server import SmtpSink
from tests.mail_helpers import local_path, plain_links
from wpcompat.storage.users import update_user_row

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PASSWORD = "Modérer-2026"


@pytest.fixture
def site(settings: Settings) -> Site:
    site = make_site(settings)
    site.set_options(admin_email="moderation@exemple.fr", WPLANG="fr_FR")
    for login in ("admin", "author"):
        site.run(lambda storage, login=login: update_user_row(
            storage, site.users[login], {"user_pass": phpass_hash(PASSWORD)}))
    return site


def _held_comment(c, site: Site, post: str = "open") -> int:
    r = c.post("/wp-json/wp/v2/comments", json={"post": site.posts[post], "author_name": "Lucie Invitée",
                                                "author_email": "lucie@exemple.fr", "content": "À modérer."},
               headers={"User-Agent": "tests"})
    assert r.status_code == 201 and r.json()["status"] == "hold", r.text
    return int(r.json()["id"])


def _status(site: Site, comment_id: int) -> str:
    return next(c for c in site.comments() if c["comment_ID"] == comment_id)["comment_approved"]


def _sign_in(c, login: str, redirect_to: str = "") -> str:
    r = c.post("/wp-login.php", data={"log": login, "pwd": PASSWORD, "redirect_to": redirect_to},
               follow_redirects=False)
    assert r.status_code == 302
    return r.headers["location"]


def test_mail_panel_link_opens_the_screen(site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        comment_id = _held_comment(c, site)
        mail = next(m for m in sink.wait_for(2) if m.recipients == ["moderation@exemple.fr"])
        links = plain_links(mail)
        panel = links["Veuillez vous rendre sur le panneau de modération :"]
        assert panel == "http://example.test/wp-admin/edit-comments.php?comment_status=moderated#wpbody-content"
        # The one-click signed links are still there.
        assert links["L’approuver :"].startswith("http://example.test/wpcompat/mail/moderate?t=")

        out = c.get(local_path(panel), follow_redirects=False)
        assert out.status_code == 302 and out.headers["location"].startswith("/wp-login.php?redirect_to=")
        redirect_to = parse_qs(urlsplit(out.headers["location"]).query)["redirect_to"][0]
        landed = _sign_in(c, "admin", redirect_to)
        assert landed == "http://example.test/wp-admin/edit-comments.php?comment_status=moderated"
        screen = c.get(local_path(landed))
        assert screen.status_code == 200 and "À modérer." in screen.text and f"comment-{comment_id}" in screen.text


def test_comment_php_confirms_then_acts_once(site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        comment_id = _held_comment(c, site)
        sink.wait_for(2)
        url = f"/wp-admin/comment.php?action=approve&c={comment_id}"
        out = c.get(url, follow_redirects=False)
        assert out.status_code == 302 and out.headers["location"].startswith("/wp-login.php?redirect_to=")
        _sign_in(c, "admin")

        page = c.get(url)
        assert page.status_code == 200
        assert "Vous êtes sur le point d’approuver le commentaire suivant :" in page.text and "À modérer." in page.text
        assert _status(site, comment_id) == "0"  # GET never acts
        nonce = re.search(r'name="_wpnonce" value="([^"]+)"', page.text).group(1)
        assert 'name="action" value="approvecomment"' in page.text

        # Without (or with another action's) nonce: WordPress's "The link you followed has expired."
        bare = c.get(f"/wp-admin/comment.php?action=approvecomment&c={comment_id}&noredir=1")
        assert bare.status_code == 403 and "Le lien que vous avez suivi a expiré." in bare.text
        spam_page = c.get(f"/wp-admin/comment.php?action=spam&c={comment_id}")
        spam_nonce = re.search(r'name="_wpnonce" value="([^"]+)"', spam_page.text).group(1)
        wrong = c.get(f"/wp-admin/comment.php?action=approvecomment&c={comment_id}&_wpnonce={spam_nonce}")
        assert wrong.status_code == 403 and _status(site, comment_id) == "0"

        done = c.get(f"/wp-admin/comment.php?action=approvecomment&c={comment_id}&_wpnonce={nonce}&noredir=1",
                     follow_redirects=False)
        assert done.status_code == 302
        target = urlsplit(done.headers["location"])
        query = parse_qs(target.query)
        assert target.path == "/wp-admin/edit-comments.php" and query["p"] == [str(site.posts["open"])]
        assert query["done"] == ["approve"] and query["n"] == ["1"]
        assert _status(site, comment_id) == "1"
        # The same domain code as the screen: the approval told the post author.
        approved = sink.wait_for(3)[2]
        assert approved.recipients == ["author@exemple.fr"]
        assert "Commentaire" in approved.subject
        notice = c.get(done.headers["location"])
        assert "approuvé" in notice.text

        # Confirming again says where the comment is; then spam and trash through the same page.
        again = c.get(url)
        assert "Ce commentaire est actuellement approuvé." in again.text
        spam_page = c.get(f"/wp-admin/comment.php?action=spam&c={comment_id}")
        spam_nonce = re.search(r'name="_wpnonce" value="([^"]+)"', spam_page.text).group(1)
        r = c.get(f"/wp-admin/comment.php?action=spamcomment&c={comment_id}&_wpnonce={spam_nonce}",
                  follow_redirects=False)
        assert r.status_code == 302 and _status(site, comment_id) == "spam"
        trash_page = c.get(f"/wp-admin/comment.php?action=trash&c={comment_id}")
        assert "Ce commentaire est actuellement marqué comme indésirable." in trash_page.text
        trash_nonce = re.search(r'name="_wpnonce" value="([^"]+)"', trash_page.text).group(1)
        r = c.post("/wp-admin/comment.php", data={"action": "trashcomment", "c": str(comment_id),
                                                   "_wpnonce": trash_nonce}, follow_redirects=False)
        assert r.status_code == 302 and _status(site, comment_id) == "trash"

        assert "ID de commentaire non valide." in c.get("/wp-admin/comment.php?action=approve&c=999999").text
        assert "ID de commentaire non valide." in c.get("/wp-admin/comment.php?action=approve&c=abc").text


def test_author_cannot_moderate_others_posts_comments(site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        theirs = site.add_comment("other", comment_approved="0")  # a post of the admin
        mine = site.add_comment("open", comment_approved="0")  # a post of the author
        _sign_in(c, "author")
        denied = c.get(f"/wp-admin/comment.php?action=approve&c={theirs}")
        assert "Désolé, vous n’avez pas l’autorisation de modifier les commentaires de cet article." in denied.text
        assert "_wpnonce" not in denied.text
        forged = c.get(f"/wp-admin/comment.php?action=approvecomment&c={theirs}&_wpnonce=0123456789")
        assert "Désolé" in forged.text and _status(site, theirs) == "0"
        page = c.get(f"/wp-admin/comment.php?action=approve&c={mine}")
        nonce = re.search(r'name="_wpnonce" value="([^"]+)"', page.text).group(1)
        r = c.get(f"/wp-admin/comment.php?action=approvecomment&c={mine}&_wpnonce={nonce}", follow_redirects=False)
        assert r.status_code == 302 and _status(site, mine) == "1"


def test_one_click_link_after_the_screen_acted(site: Site, sink: SmtpSink, monkeypatch) -> None:
    """A moderator approves from the screen (comment.php); the mail's one-click page then says
    where the comment is and leads to the screen; its links were not used, so they still act once."""
    with client(site, monkeypatch, smtp_url=sink.url) as c:
        comment_id = _held_comment(c, site)
        mail = next(m for m in sink.wait_for(2) if m.recipients == ["moderation@exemple.fr"])
        spam_link = local_path(plain_links(mail)["Le marquer comme indésirable :"])
        _sign_in(c, "admin")
        page = c.get(f"/wp-admin/comment.php?action=approve&c={comment_id}")
        nonce = re.search(r'name="_wpnonce" value="([^"]+)"', page.text).group(1)
        c.get(f"/wp-admin/comment.php?action=approvecomment&c={comment_id}&_wpnonce={nonce}")
        assert _status(site, comment_id) == "1"

        shown = c.get(spam_link)
        assert "Ce commentaire est actuellement approuvé." in shown.text
        assert 'href="http://example.test/wp-admin/edit-comments.php?comment_status=moderated#wpbody-content"' in shown.text
        assert _status(site, comment_id) == "1"
        done = c.post(spam_link)
        assert done.status_code == 200 and _status(site, comment_id) == "spam"
        assert c.post(spam_link).status_code == 410
        # The screen shows what the mail's link did.
        assert f"comment-{comment_id}" in c.get("/wp-admin/edit-comments.php?comment_status=spam").text
        assert f"comment-{comment_id}" not in c.get("/wp-admin/edit-comments.php?comment_status=approved").text
