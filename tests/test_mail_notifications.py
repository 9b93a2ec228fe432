"""Notification mails, end to end, through a real SMTP server (aiosmtpd) started by the tests:
who gets which mail, in which language, with which links; signed moderation links act once
and expire; subscriptions need confirming and end from the header (RFC 8058) or the link."""

from __future__ import annotations

import pytest

from settings import Settings
from tests.discussion_site import Site, client, make_site
from tests.fakes.smtp_server import SmtpSink
from tests.mail_helpers import local_path, plain_links
from wpcompat.mail import links

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def mail_site(settings: Settings) -> Site:
    site = make_site(settings)
    site.set_options(blogname="Le blog &amp; ses amis", admin_email="moderation@exemple.fr", WPLANG="fr_FR")
    return site


def _guest_comment(c, site: Site, post: str = "open", **extra) -> dict:
    body = {"post": site.posts[post], "author_name": "Lucie Invitée", "author_email": "lucie@exemple.fr",
            "content": "Très bel article, merci !", **extra}
    r = c.post("/wp-json/wp/v2/comments", json=body, headers={"User-Agent": "tests"})
    assert r.status_code == 201, r.text
    return r.json()


def test_held_comment_tells_moderators_with_links_that_act_once(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        comment = _guest_comment(c, mail_site)
        assert comment["status"] == "hold"  # a first comment waits (comment_previously_approved)
        mails = sink.take(2)
        # wp_notify_moderator(): the admin e-mail and the post's author, each once.
        assert sorted(m.recipients[0] for m in mails) == ["author@exemple.fr", "moderation@exemple.fr"]
        mail = mails[0]
        assert mail.subject == "[Le blog & ses amis] Veuillez modérer : « Article open »"
        assert "Lucie Invitée" in str(mail.message["From"]) and "wordpress@example.test" in str(mail.message["From"])
        assert mail.message["Reply-To"] == "lucie@exemple.fr"
        text = mail.part("plain")
        assert "Très bel article, merci !" in text and "lucie@exemple.fr" in text
        assert "1 commentaire est en attente d’approbation." in text
        assert "<a href=" in mail.part("html")
        found = plain_links(mail)
        approve, trash = found["L’approuver :"], found["Le mettre à la corbeille :"]
        assert found["Le marquer comme indésirable :"]

        # GET only shows what the link would do (mail scanners fetch links); POST acts.
        page = c.get(local_path(approve))
        assert page.status_code == 200 and "Approuver" in page.text
        assert mail_site.comments("open")[-1]["comment_approved"] == "0"
        done = c.post(local_path(approve))
        assert done.status_code == 200 and "Commentaire approuvé" in done.text
        assert mail_site.comments("open")[-1]["comment_approved"] == "1"
        # Once: the same link, and the other links of that mail, no longer act.
        assert c.post(local_path(approve)).status_code == 410
        assert c.post(local_path(trash)).status_code == 410
        assert mail_site.comments("open")[-1]["comment_approved"] == "1"
        # The other moderator's links were part of another mail: theirs still work once.
        other = plain_links(mails[1])["Le mettre à la corbeille :"]
        assert c.post(local_path(other)).status_code == 200
        assert mail_site.comments("open")[-1]["comment_approved"] == "trash"

        # Approving told the post author (wp_set_comment_status → wp_new_comment_notify_postauthor).
        approved = sink.take(1)[0]
        assert approved.recipients == ["author@exemple.fr"]
        assert approved.subject == "[Le blog & ses amis] Commentaire : « Article open »"

        # A forged or expired link does nothing.
        comment_id = comment["id"]
        expired = links.sign(mail_site.settings.secret_key, {"a": "approve", "c": comment_id, "i": "x" * 32}, ttl=60,
                             now=1_000_000)
        assert c.post(f"/wpcompat/mail/moderate?t={expired}").status_code == 410
        forged = approve.split("t=")[1][:-3] + "abc"
        assert c.post(f"/wpcompat/mail/moderate?t={forged}").status_code == 404
        assert mail_site.comments("open")[-1]["comment_approved"] == "trash"


def test_comments_notify_and_moderation_notify_off_send_nothing(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    mail_site.set_options(moderation_notify="0", comments_notify="0")
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        _guest_comment(c, mail_site)
        r = c.post("/wp-json/wp/v2/comments", json={"post": mail_site.posts["open"], "content": "Approuvé d’office"},
                   headers=mail_site.auth("admin"))
        assert r.status_code == 201 and r.json()["status"] == "approved"
        sink.wait_for(0, timeout=1.5)
        assert sink.received == []


def test_post_author_in_english_not_for_own_comment(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    mail_site.set_options(WPLANG="")
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        # The author's own comment on their post: nobody is told.
        r = c.post("/wp-json/wp/v2/comments", json={"post": mail_site.posts["open"], "content": "Ma réponse"},
                   headers=mail_site.auth("author"))
        assert r.status_code == 201
        # The admin's approved comment on the author's post: the author is told, in English.
        r = c.post("/wp-json/wp/v2/comments", json={"post": mail_site.posts["open"], "content": "Nice one"},
                   headers=mail_site.auth("admin"))
        assert r.status_code == 201
        mail = sink.take(1)[0]
        assert mail.recipients == ["author@exemple.fr"]
        assert mail.subject == '[Le blog & ses amis] Comment: "Article open"'
        assert "New comment on your post" in mail.part("plain")
        assert f"#comment-{r.json()['id']}" in mail.part("plain")


def test_subscription_double_opt_in_reply_and_unsubscribe(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    post = mail_site.posts["open"]
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        parent = mail_site.add_comment("open", comment_author="Lucie", comment_author_email="lucie@exemple.fr")
        r = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "lucie@exemple.fr", "post": post})
        assert r.status_code == 201 and r.json() == {"status": "pending", "confirmation_sent": True}
        confirm = sink.take(1)[0]
        assert confirm.recipients == ["lucie@exemple.fr"]
        assert confirm.subject == "[Le blog & ses amis] Confirmez votre abonnement"
        assert "« Article open »" in confirm.part("plain")
        # Asking again does not mail again (no confirmation spam).
        again = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "lucie@exemple.fr", "post": post})
        assert again.json()["confirmation_sent"] is False

        # Not confirmed yet: a new comment sends her nothing (only the post author hears of it).
        c.post("/wp-json/wp/v2/comments", json={"post": post, "content": "Avant confirmation"}, headers=mail_site.auth("admin"))
        assert [m.recipients for m in sink.take(1)] == [["author@exemple.fr"]]

        page = c.get(local_path(plain_links(confirm)["Confirmer votre abonnement :"]))
        assert page.status_code == 200 and "Abonnement confirmé" in page.text

        # A reply to her comment: she gets the reply notification, the author the usual one.
        r = c.post("/wp-json/wp/v2/comments", json={"post": post, "parent": parent, "content": "Merci Lucie"},
                   headers=mail_site.auth("admin"))
        assert r.status_code == 201
        mails = {m.recipients[0]: m for m in sink.take(2)}
        reply = mails["lucie@exemple.fr"]
        assert reply.subject == "[Le blog & ses amis] Camille Martin a répondu à votre commentaire sur « Article open »"
        assert "Merci Lucie" in reply.part("plain")
        unsubscribe = reply.message["List-Unsubscribe"].strip("<>")
        assert reply.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert plain_links(reply)["Ne plus recevoir ces e-mails :"] == unsubscribe

        # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's URL.
        r = c.post(local_path(unsubscribe), content="List-Unsubscribe=One-Click",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 200 and "Désabonnement effectué" in r.text
        c.post("/wp-json/wp/v2/comments", json={"post": post, "parent": parent, "content": "Encore"},
               headers=mail_site.auth("admin"))
        assert [m.recipients for m in sink.take(1)] == [["author@exemple.fr"]]


def test_unsubscribe_link_and_site_subscription(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    post = mail_site.posts["open"]
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        r = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "marc@exemple.fr", "post": post})
        assert r.status_code == 201
        c.get(local_path(plain_links(sink.take(1)[0])["Confirmer votre abonnement :"]))
        c.post("/wp-json/wp/v2/comments", json={"post": post, "content": "Pour Marc"}, headers=mail_site.auth("admin"))
        mails = {m.recipients[0]: m for m in sink.take(2)}
        note = mails["marc@exemple.fr"]
        assert note.subject == "[Le blog & ses amis] Nouveau commentaire sur « Article open »"
        link = plain_links(note)["Ne plus recevoir ces e-mails :"]
        # The link shows a page with one button; the GET alone unsubscribes nobody.
        page = c.get(local_path(link))
        assert page.status_code == 200 and "marc@exemple.fr" in page.text and "<form method=\"post\"" in page.text
        assert c.post(local_path(link)).status_code == 200
        assert c.get(local_path(link)).status_code == 404
        # Site subscriptions ("nouveaux articles") ask for confirmation the same way.
        r = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "marc@exemple.fr", "kind": "posts"})
        assert r.status_code == 201
        assert "nouveaux articles" in sink.take(1)[0].part("plain")
        # Bad input: WordPress-style errors.
        bad = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "pas-une-adresse", "post": post})
        assert bad.status_code == 400 and bad.json()["code"] == "rest_invalid_email"
        bad = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "a@b.fr", "post": mail_site.posts["draft"]})
        assert bad.status_code == 404 and bad.json()["code"] == "rest_post_invalid_id"


def test_new_post_goes_to_confirmed_site_subscribers(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "abonne@exemple.fr", "kind": "posts"})
        c.get(local_path(plain_links(sink.take(1)[0])["Confirmer votre abonnement :"]))
        c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "jamais@exemple.fr", "kind": "posts"})
        sink.take(1)  # never confirmed: gets nothing more
        draft = c.post("/wp-json/wp/v2/posts", json={"title": "Brouillon", "status": "draft"}, headers=mail_site.auth("admin"))
        assert draft.status_code == 201
        r = c.post("/wp-json/wp/v2/posts", json={"title": "Assemblée générale", "status": "publish"},
                   headers=mail_site.auth("admin"))
        assert r.status_code == 201
        mail = sink.take(1)[0]
        assert mail.recipients == ["abonne@exemple.fr"]
        assert mail.subject == "[Le blog & ses amis] Nouvel article : « Assemblée générale »"
        assert mail.message["List-Unsubscribe"] and mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # Publishing the draft later counts as new; editing a published post does not.
        c.post(f"/wp-json/wp/v2/posts/{draft.json()['id']}", json={"status": "publish"}, headers=mail_site.auth("admin"))
        assert "« Brouillon »" in sink.take(1)[0].subject
        c.post(f"/wp-json/wp/v2/posts/{r.json()['id']}", json={"title": "AG (modifié)"}, headers=mail_site.auth("admin"))
        sink.wait_for(0, timeout=1.5)
        assert sink.received == []


def test_subscription_requests_are_rate_limited_per_address(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    from wpcompat.mail.subscriptions import PER_IP_PER_HOUR

    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        for n in range(PER_IP_PER_HOUR):
            r = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": f"x{n}@exemple.fr", "kind": "posts"})
            assert r.status_code == 201
        r = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "de-trop@exemple.fr", "kind": "posts"})
        assert r.status_code == 429 and r.json()["code"] == "rest_subscription_rate_limited"
        assert len(sink.take(PER_IP_PER_HOUR)) == PER_IP_PER_HOUR


def test_odd_names_and_titles_never_break_the_comment(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        r = c.post("/wp-json/wp/v2/comments", headers={"User-Agent": "t"}, json={
            "post": mail_site.posts["open"], "author_name": "Bad\r\nBcc: victim@exemple.fr",
            "author_email": "odd@exemple.fr", "content": "Hello"})
        assert r.status_code == 201
        mails = sink.take(2)
        for m in mails:
            assert m.message["Bcc"] is None and m.recipients[0] in ("author@exemple.fr", "moderation@exemple.fr")
        big = c.post("/wp-json/wpcompat/v1/subscriptions", json={"email": "a@b.fr", "post": 10**30})
        assert big.status_code in (400, 404)
        assert c.get(f"/wp-json/wpcompat/v1/posts/{10**30}/likes").status_code == 404


def test_classic_form_subscription_boxes(mail_site: Site, sink: SmtpSink, monkeypatch) -> None:
    with client(mail_site, monkeypatch, smtp_url=sink.url) as c:
        r = c.post("/wp-comments-post.php", data={
            "comment_post_ID": str(mail_site.posts["open"]), "author": "Théo", "email": "theo@exemple.fr",
            "comment": "Par le formulaire", "subscribe_comments": "subscribe"}, follow_redirects=False)
        assert r.status_code == 302
        mails = {m.recipients[0]: m for m in sink.take(3)}  # two moderators, one confirmation
        assert mails["theo@exemple.fr"].subject == "[Le blog & ses amis] Confirmez votre abonnement"
