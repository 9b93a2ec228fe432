"""/wp-admin/edit-comments.php: access, the lists and counts, every action through the domain
code, CSRF (the bulk-comments nonce), authors limited to their own posts, undo, reply, quick edit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from starlette.testclient import TestClient

from auth.passwords import phpass_hash
from settings import Settings
from wpcompat.storage.comment_writes import first_comment_meta
from wpcompat.storage.users import update_user_row

from .discussion_site import Site, client, make_site

PASSWORD = "Modérer-2026"


@pytest.fixture
def site(settings: Settings) -> Site:
    site = make_site(settings)
    for login in ("admin", "author", "editor", "subscriber"):
        site.run(lambda storage, login=login: update_user_row(
            storage, site.users[login], {"user_pass": phpass_hash(PASSWORD)}))
    return site


@contextmanager
def signed_in(site: Site, monkeypatch: pytest.MonkeyPatch, login: str) -> Iterator[TestClient]:
    with client(site, monkeypatch) as c:
        r = c.post("/wp-login.php", data={"log": login, "pwd": PASSWORD}, follow_redirects=False)
        assert r.status_code == 302
        yield c


def nonce_of(page: str) -> str:
    return re.search(r'name="_wpnonce" value="([0-9a-f]+)"', page).group(1)


def status(site: Site, comment_id: int) -> str:
    return next(c for c in site.comments() if c["comment_ID"] == comment_id)["comment_approved"]


def test_not_signed_in_goes_to_login(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    with client(site, monkeypatch) as c:
        r = c.get("/wp-admin/edit-comments.php?comment_status=moderated&p=3", follow_redirects=False)
        assert r.status_code == 302
        assert r.headers["location"] == (
            "/wp-login.php?redirect_to=http%3A%2F%2Fexample.test%2Fwp-admin%2Fedit-comments.php"
            "%3Fcomment_status%3Dmoderated%26p%3D3&reauth=1")
        assert c.post("/wp-admin/edit-comments.php", data={"action": "approve"}).status_code == 403
    with signed_in(site, monkeypatch, "subscriber") as c:
        denied = c.get("/wp-admin/edit-comments.php")
        assert denied.status_code == 403 and "not allowed to edit comments" in denied.text


def test_lists_counts_search_and_post(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    held = site.add_comment("open", comment_approved="0", comment_author="Zoé", comment_content="Une question ?")
    site.add_comment("open", comment_approved="1", comment_content="Bravo pour l’article")
    site.add_comment("other", comment_approved="spam", comment_content="Buy pills")
    site.add_comment("other", comment_approved="trash", comment_content="Au revoir")
    with signed_in(site, monkeypatch, "admin") as c:
        page = c.get("/wp-admin/edit-comments.php").text
        counts = dict(re.findall(r'class="(\w+)-count">(\d+)<', page))
        assert counts == {"all": "2", "moderated": "1", "approved": "1", "spam": "1", "trash": "1"}
        assert f'id="comment-{held}"' in page and "Buy pills" not in page
        pending = c.get("/wp-admin/edit-comments.php?comment_status=moderated").text
        assert "Une question" in pending and "Bravo" not in pending
        assert "Buy pills" in c.get("/wp-admin/edit-comments.php?comment_status=spam").text
        found = c.get("/wp-admin/edit-comments.php", params={"s": "bravo"}).text
        assert "Bravo" in found and "Une question" not in found
        per_post = c.get(f"/wp-admin/edit-comments.php?p={site.posts['other']}&comment_status=trash").text
        assert "Au revoir" in per_post and "Comments on “Article other”" in per_post


def test_every_action_and_undo(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = site.add_comment("open", comment_approved="0")
    with signed_in(site, monkeypatch, "admin") as c:
        nonce = nonce_of(c.get("/wp-admin/edit-comments.php").text)
        steps = [("approve", "1"), ("unapprove", "0"), ("spam", "spam"), ("unspam", "0"), ("trash", "trash"),
                 ("untrash", "0")]
        for action, expected in steps:
            r = c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, "row_action": f"{action}:{cid}"},
                       follow_redirects=False)
            assert r.status_code == 303 and f"done={action}" in r.headers["location"]
            assert status(site, cid) == expected, action
        # Bulk approve, then undo puts it back in the queue.
        r = c.post("/wp-admin/edit-comments.php?", data={"_wpnonce": nonce, "action": "approve", "comment[]": [cid],
                                                         "comment_status": "moderated"})
        assert status(site, cid) == "1" and site.comment_count("open") == 1
        assert "1 comment approved." in r.text and "comment_status=moderated" in str(r.url)
        undo = re.search(r'name="undo" value="([^"]+)"', r.text).group(1)
        c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, "action": "undo", "undo": undo})
        assert status(site, cid) == "0" and site.comment_count("open") == 0
        # Spam then undo: back to held, and the trash meta is gone (unspam restored it).
        r = c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, "row_action": f"spam:{cid}"})
        undo = re.search(r'name="undo" value="([^"]+)"', r.text).group(1)
        c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, "action": "undo", "undo": undo})
        assert status(site, cid) == "0"
        assert site.run(lambda storage: first_comment_meta(storage, cid, "_wp_trash_meta_status")) is None
        c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, "row_action": f"delete:{cid}"})
        assert all(x["comment_ID"] != cid for x in site.comments())


def test_reply_and_quick_edit(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = site.add_comment("open", comment_approved="0", comment_content="Première version")
    with signed_in(site, monkeypatch, "editor") as c:
        nonce = nonce_of(c.get("/wp-admin/edit-comments.php").text)
        r = c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, "action": "replyto", "comment_ID": cid,
                                                        "content": "Merci <script>x</script>!"})
        assert "Reply published." in r.text
        reply = next(x for x in site.comments() if x["comment_parent"] == cid)
        assert reply["user_id"] == site.users["editor"] and reply["comment_approved"] == "1"
        assert "<script>" not in reply["comment_content"]
        assert status(site, cid) == "1"  # "Approve and Reply"
        c.post("/wp-admin/edit-comments.php", data={
            "_wpnonce": nonce, "action": "editedcomment", "comment_ID": cid, "content": "Version corrigée",
            "newcomment_author": "Ancien Nom", "newcomment_author_email": "nouveau@exemple.fr",
            "newcomment_author_url": "https://exemple.fr/"})
        edited = next(x for x in site.comments() if x["comment_ID"] == cid)
        assert edited["comment_content"] == "Version corrigée" and edited["comment_author_email"] == "nouveau@exemple.fr"


@pytest.mark.parametrize("action", ["approve", "unapprove", "spam", "unspam", "trash", "untrash", "delete",
                                    "replyto", "editedcomment", "undo"])
def test_csrf_every_action_needs_the_nonce(site: Site, monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    cid = site.add_comment("open", comment_approved="0")
    before = site.comments()
    with signed_in(site, monkeypatch, "admin") as c:
        other = nonce_of(c.get("/wp-admin/edit-comments.php").text)
        data = {"action": action, "comment[]": [cid], "comment_ID": cid, "content": "x", "undo": "x"}
        for nonce in (None, "", "0123456789", other[::-1]):
            sent = {**data, **({"_wpnonce": nonce} if nonce is not None else {})}
            r = c.post("/wp-admin/edit-comments.php", data=sent, follow_redirects=False)
            assert r.status_code == 303 and "error=expired" in r.headers["location"]
        assert site.comments() == before
    # A nonce from another session (another browser of the same user) is refused too.
    with signed_in(site, monkeypatch, "admin") as c2:
        r = c2.post("/wp-admin/edit-comments.php", data={**data, "_wpnonce": other}, follow_redirects=False)
        assert "error=expired" in r.headers["location"] and site.comments() == before


def test_author_moderates_only_their_posts(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = site.add_comment("open", comment_approved="0", comment_content="Sur mon article")
    theirs = site.add_comment("other", comment_approved="0", comment_content="Sur un autre article")
    with signed_in(site, monkeypatch, "author") as c:
        page = c.get("/wp-admin/edit-comments.php").text
        assert "Sur mon article" in page and "Sur un autre article" not in page
        nonce = nonce_of(page)
        for data in ({"row_action": f"approve:{theirs}"}, {"action": "spam", "comment[]": [theirs]},
                     {"action": "delete", "comment[]": [theirs]},
                     {"action": "replyto", "comment_ID": theirs, "content": "Non"},
                     {"action": "editedcomment", "comment_ID": theirs, "content": "Non"}):
            r = c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, **data}, follow_redirects=False)
            assert "denied=1" in r.headers["location"], data
        assert status(site, theirs) == "0"
        assert next(x for x in site.comments() if x["comment_ID"] == theirs)["comment_content"] == "Sur un autre article"
        assert len(site.comments("other")) == 1
        c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, "row_action": f"approve:{mine}"})
        assert status(site, mine) == "1"


def test_french_screen(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from wpcompat.storage.options import set_option

    site.run(lambda storage: set_option(storage, "WPLANG", "fr_FR"))
    site.add_comment("open", comment_approved="0")
    with signed_in(site, monkeypatch, "admin") as c:
        page = c.get("/wp-admin/edit-comments.php").text
        assert 'lang="fr-FR"' in page and "En attente" in page and "Approuver" in page
        assert "Actions groupées" in page


def test_hostile_input_is_never_a_500(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.add_comment("open", comment_approved="0")
    huge = "9" * 40
    with signed_in(site, monkeypatch, "admin") as c:
        for query in (f"?paged={huge}", f"?p={huge}", "?p=-4&paged=-1", "?comment_status=nope&s=%25_%5C",
                      "?comment_status[]=x", f"?s={'é' * 500}"):
            assert c.get("/wp-admin/edit-comments.php" + query).status_code == 200, query
        nonce = nonce_of(c.get("/wp-admin/edit-comments.php").text)
        for data in ({"row_action": f"approve:{huge}"}, {"action": "spam", "comment[]": [huge, "x", "-1"]},
                     {"action": "replyto", "comment_ID": huge, "content": "x"}, {"action": "nope"},
                     {"row_action": "::"}, {"action": "undo", "undo": "garbage"}):
            r = c.post("/wp-admin/edit-comments.php", data={"_wpnonce": nonce, **data}, follow_redirects=False)
            assert r.status_code == 303, data
        broken = c.post("/wp-admin/edit-comments.php", content=b"--x\r\nbroken",
                        headers={"content-type": "multipart/form-data; boundary=x"}, follow_redirects=False)
        assert broken.status_code == 303 and "error=expired" in broken.headers["location"]
