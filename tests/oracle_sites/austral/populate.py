#!/usr/bin/env python3
"""Content of the oracle site "austral" (Australia/Sydney, plain permalinks, many scripts).

What it varies from the shipped oracle site: a time zone whose daylight saving is on the other
side of the year (AEDT +11 from October to April, AEST +10 otherwise), posts dated in the hour
that does not exist (2022-10-02 02:xx) and in the hour that repeats (2023-04-02 02:xx) given
both as local and as GMT dates, plain permalinks (''), 5 posts per page, titles and content in
Arabic, Hebrew, Greek, CJK and emoji, accented titles for search and ties for orderby=title,
core shortcodes (gallery of attachments with metadata, caption, audio, video, playlist, embed)
and common blocks, and users of every role (editor, author, contributor, subscriber) owning
posts, comments and media.

Usage: ORACLE_STATE=/tmp/wp-oracle-i10-sites-austral ./populate.py   (after setup-site.sh austral 8121)
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ownsite import Site, make_png, make_wav  # noqa: E402

S = Site()
ANON = {"X-Oracle-Anonymous-Comments": "on", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0"}


def main():
    if S.api("GET", "/wp/v2/posts", params={"search": "Kangaroo", "status": "any"}):
        sys.exit("populate: already populated")
    S.api("POST", "/wp/v2/settings", json_body={
        "title": "Austral — Ωmega «test» & co", "description": "Notes from <Sydney> & the \"south\"",
        "timezone": "Australia/Sydney", "date_format": "j F Y", "time_format": "g:i a",
        "start_of_week": 0, "posts_per_page": 5})
    S.set_options(comment_previously_approved="0", thread_comments_depth="3")

    S.api("POST", "/wp/v2/users/1", json_body={"first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace"})
    S.ids["user_admin"] = 1
    S.user("editor", "eddie", "eddie@austral.example", "Eddie", "Ó Briain", "editor")
    S.user("author", "aroha", "aroha@austral.example", "Aroha", "Ngata", "author", env_kind="author")
    S.user("author2", "bruno", "bruno@austral.example", "Bruno", "Müller", "author")
    S.user("contributor", "chiyo", "chiyo@austral.example", "千代", "山田", "contributor")
    S.user("subscriber", "sami", "sami@austral.example", "Sami", "الحسن", "subscriber", env_kind="subscriber")
    S.ids.update(post_hello=1, page_sample=2, comment_sample=1)
    S.api("POST", "/wp/v2/posts/1", json_body={"date": "2022-01-02T09:00:00"})
    S.api("POST", "/wp/v2/pages/2", json_body={"date": "2022-01-02T09:05:00"})
    S.api("POST", "/wp/v2/comments/1", json_body={"date": "2022-01-02T09:30:00"})

    cats = {}
    cats["eco"] = S.api("POST", "/wp/v2/categories", json_body={"name": "Économie", "description": "Argent & <b>marchés</b>"})["id"]
    cats["world"] = S.api("POST", "/wp/v2/categories", json_body={"name": "世界 World"})["id"]
    cats["local"] = S.api("POST", "/wp/v2/categories", json_body={"name": "Local", "parent": cats["world"]})["id"]
    tags = {}
    for key, name in [("dst", "Daylight saving"), ("script", "Écritures"), ("emoji", "🎉 emoji"),
                      ("media", "Media"), ("ties", "tie")]:
        tags[key] = S.api("POST", "/wp/v2/tags", json_body={"name": name})["id"]
    S.ids.update({f"cat_{k}": v for k, v in cats.items()})
    S.ids.update({f"tag_{k}": v for k, v in tags.items()})

    # media with metadata (sizes, alt, caption, description), owned by different users
    imgs = []
    for i, (who, alt, cap) in enumerate([("admin", "Harbour at dawn", "The harbour — <em>dawn</em>"),
                                         ("author", "Blue “mountains”", "Katoomba & co"),
                                         ("author2", "", "")]):
        mid = S.upload(f"austral-{i + 1}.png", make_png(320 + 40 * i, 240, i + 3), "image/png")
        body = {"title": f"Austral image {i + 1}", "alt_text": alt, "caption": cap,
                "description": f"Description {i + 1} with 'quotes'"}
        if who != "admin":
            body["author"] = S.ids[f"user_{who}"]
        S.api("POST", f"/wp/v2/media/{mid}", json_body=body)
        imgs.append(mid)
    S.ids.update(media_img1=imgs[0], media_img2=imgs[1], media_img3=imgs[2])
    audio = S.upload("austral-silence.wav", make_wav(), "audio/wav", title="Silence", caption="One second")
    S.ids["media_audio"] = audio
    img1 = S.api("GET", f"/wp/v2/media/{imgs[0]}")["source_url"]
    base = S.base

    posts = [
        dict(key="gallery", title="Gallery of the harbour", date="2022-03-10T10:00:00", cats=["local"], tags=["media"],
             content=f'<p>Three images:</p>\n[gallery ids="{imgs[0]},{imgs[1]},{imgs[2]}"]\n\n'
                     f'[gallery ids="{imgs[1]},{imgs[0]}" columns="2" size="medium" link="file"]'),
        dict(key="caption", title="Caption and audio", date="2022-05-20T20:15:00", cats=["local"], tags=["media"],
             content=f'[caption id="attachment_{imgs[0]}" align="alignright" width="320"]<img class="size-full '
                     f'wp-image-{imgs[0]}" src="{img1}" alt="Harbour" width="320" height="240" /> The harbour at '
                     f'dawn[/caption]\n\n[audio src="{base}/wp-content/uploads/austral-silence.wav"]\n\n'
                     f'[video src="{base}/clip.mp4" width="640" height="360"]\n\n[playlist ids="{audio}"]\n\n'
                     '[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]\n\n'
                     'https://vimeo.com/76979871\n\nText after.'),
        dict(key="blocks", title="Blocks everywhere", date="2022-06-30T23:30:00", cats=["eco"], tags=["script"],
             content='<!-- wp:heading {"level":3} -->\n<h3>Heading three</h3>\n<!-- /wp:heading -->\n\n'
                     '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>"Quoted" -- text...</p><cite>Someone</cite></blockquote>\n<!-- /wp:quote -->\n\n'
                     '<!-- wp:separator -->\n<hr class="wp-block-separator has-alpha-channel-opacity"/>\n<!-- /wp:separator -->\n\n'
                     '<!-- wp:code -->\n<pre class="wp-block-code"><code>if (a &lt; b) { return "x"; }</code></pre>\n<!-- /wp:code -->\n\n'
                     '<!-- wp:table -->\n<figure class="wp-block-table"><table><tbody><tr><td>1</td><td>two</td></tr></tbody></table></figure>\n<!-- /wp:table -->\n\n'
                     '<!-- wp:buttons -->\n<div class="wp-block-buttons"><!-- wp:button -->\n<div class="wp-block-button"><a class="wp-block-button__link wp-element-button">Go</a></div>\n<!-- /wp:button --></div>\n<!-- /wp:buttons -->\n\n'
                     '<!-- wp:preformatted -->\n<pre class="wp-block-preformatted">  two  spaces\nline</pre>\n<!-- /wp:preformatted -->'),
        # the hour that does not exist (clocks go 02:00 -> 03:00 on 2022-10-02) and around it
        dict(key="dst_gap_local", title="Gap hour (local)", date="2022-10-02T02:30:00", tags=["dst"]),
        dict(key="dst_gap_before", title="Just before the gap", date_gmt="2022-10-01T15:59:59", tags=["dst"]),
        dict(key="dst_gap_after", title="Just after the gap", date_gmt="2022-10-01T16:00:00", tags=["dst"]),
        # the hour that repeats (clocks go 03:00 -> 02:00 on 2023-04-02)
        dict(key="dst_fold_local", title="Repeated hour (local)", date="2023-04-02T02:30:00", tags=["dst"]),
        dict(key="dst_fold_first", title="Repeated hour, first pass", date_gmt="2023-04-01T15:30:00", tags=["dst"]),
        dict(key="dst_fold_second", title="Repeated hour, second pass", date_gmt="2023-04-01T16:30:00", tags=["dst"]),
        dict(key="summer", title="Kangaroo summer", date="2023-01-15T12:00:00", cats=["local"], tags=["emoji"],
             content="<p>Hot 🔥 days 🦘 and \"cool\" nights -- isn't it?</p>"),
        dict(key="winter", title="Winter in July", date="2023-07-15T12:00:00", cats=["local"]),
        dict(key="arabic", title="مرحبا بالعالم", date="2022-02-01T08:00:00", cats=["world"], tags=["script"],
             content="<p>هذا نص عربي للاختبار، مع أرقام ١٢٣ و«علامات».</p>"),
        dict(key="hebrew", title="שלום עולם", date="2022-02-02T08:00:00", cats=["world"], tags=["script"],
             content="<p>טקסט בעברית עם \"מרכאות\" ו־מקף.</p>"),
        dict(key="greek", title="Καλημέρα κόσμε", date="2022-02-03T08:00:00", cats=["world"], tags=["script"],
             content="<p>Ελληνικό κείμενο: ΆΈΉ άέή.</p>"),
        dict(key="cjk", title="你好，世界 こんにちは 안녕하세요", date="2022-02-04T08:00:00", cats=["world"], tags=["script"],
             content="<p>中文内容。日本語の文章。한국어 문장.</p>"),
        dict(key="emoji", title="🎉 Party time 🦘", date="2022-02-05T08:00:00", tags=["emoji"],
             content="<p>Emoji 👩‍👩‍👧 family and flags 🇦🇺 :-) ;)</p>"),
        dict(key="eco_accent", title="Économie circulaire", date="2022-04-01T09:00:00", cats=["eco"],
             content="<p>L’économie circulaire réduit les déchets.</p>"),
        dict(key="eco_plain", title="economie locale", date="2022-04-02T09:00:00", cats=["eco"],
             content="<p>Plain ascii economie.</p>"),
        dict(key="eco_upper", title="ÉCONOMIE SOLIDAIRE", date="2022-04-03T09:00:00", cats=["eco"], author="author",
             content="<p>Uppercase ÉCONOMIE.</p>"),
        dict(key="tie_a", title="Même titre", date="2022-04-10T09:00:00", tags=["ties"], content="<p>First.</p>"),
        dict(key="tie_b", title="Même titre", date="2022-04-11T09:00:00", tags=["ties"], content="<p>Second.</p>"),
        dict(key="tie_c", title="meme titre", date="2022-04-12T09:00:00", tags=["ties"], content="<p>Third.</p>"),
        dict(key="apple_lower", title="apple pie", date="2022-04-13T09:00:00", tags=["ties"]),
        dict(key="apple_upper", title="Apple Pie", date="2022-04-14T09:00:00", tags=["ties"]),
        dict(key="apple_umlaut", title="Äpple pie", date="2022-04-15T09:00:00", tags=["ties"]),
        dict(key="zebre", title="Zèbre", date="2022-04-16T09:00:00", tags=["ties"]),
        dict(key="author_post", title="Aroha's own post", date="2022-08-08T08:08:08", author="author", cats=["local"],
             content="<p>By the author.</p>"),
        dict(key="author_draft", title="Aroha's draft", status="draft", author="author"),
        dict(key="author2_post", title="Bruno’s post", date="2022-08-09T09:09:09", author="author2", cats=["eco"],
             content="<p>By another author.</p>"),
        dict(key="author2_draft", title="Bruno’s draft", status="draft", author="author2", content="<p>secret draft</p>"),
        dict(key="author2_private", title="Bruno private", date="2022-08-10T10:00:00", status="private", author="author2",
             content="<p>private by bruno</p>"),
        dict(key="editor_post", title="Editor’s pick", date="2022-09-09T09:00:00", author="editor", cats=["eco"],
             content="<p>Picked <script>alert(1)</script> kept for editors.</p>"),
        dict(key="contrib_pending", title="Chiyo's pending post", status="pending", author="contributor",
             content="<p>Awaiting review.</p>"),
        dict(key="future", title="Future in Sydney", date="2031-10-05T02:30:00", status="future"),
        dict(key="protected", title="Protected Ω", date="2022-11-11T11:11:11", password="kangaroo",
             content="<p>Secret.</p>"),
    ]
    for p in posts:
        body = {"title": p["title"], "content": p.get("content", "<p>" + p["title"] + ".</p>"),
                "status": p.get("status", "publish"),
                "categories": [cats[c] for c in p.get("cats", [])], "tags": [tags[t] for t in p.get("tags", [])]}
        for k in ("date", "date_gmt", "password"):
            if k in p:
                body[k] = p[k]
        S.ids[f"post_{p['key']}"] = S.api("POST", "/wp/v2/posts", auth=p.get("author", "admin"), json_body=body)["id"]
    S.api("POST", f"/wp/v2/posts/{S.ids['post_gallery']}", json_body={"featured_media": imgs[0], "sticky": True})
    S.api("POST", f"/wp/v2/media/{imgs[1]}", json_body={"post": S.ids["post_gallery"]})

    about = S.api("POST", "/wp/v2/pages", json_body={"title": "حول الموقع", "status": "publish",
                                                      "date": "2022-01-10T12:00:00", "content": "<p>About.</p>"})["id"]
    child = S.api("POST", "/wp/v2/pages", auth="editor", json_body={
        "title": "Équipe", "status": "publish", "parent": about, "date": "2022-01-11T12:00:00",
        "content": "<p>Team.</p>", "comment_status": "open"})["id"]
    S.ids.update(page_about=about, page_team=child)

    # comments: by users of each role, anonymous ones, on others' posts, around DST, held/spam
    def comment(key, post, content, auth=None, date=None, parent=0, status=None, **extra):
        """Created by the admin on the user's behalf (WordPress's flood check spares moderators);
        only auth="visitor" goes through the real anonymous path (kses, moderation)."""
        body = {"post": S.ids[post if post.startswith("page_") else "post_" + post], "content": content,
                "parent": S.ids.get(parent, 0)}
        body.update(extra)
        if auth == "visitor":
            r = S.api("POST", "/wp/v2/comments", auth=None, headers=ANON, json_body=body)
        else:
            if auth not in (None, "admin"):
                body["author"] = S.ids[f"user_{auth}"]
            if auth is None:
                body.update(author_ip="203.0.113.7", author_user_agent=ANON["User-Agent"])
            if date:
                body["date"] = date
            r = S.api("POST", "/wp/v2/comments", json_body=body)
        S.ids[f"comment_{key}"] = r["id"]
        if status:
            S.api("POST", f"/wp/v2/comments/{r['id']}", json_body={"status": status})
        if date and auth == "visitor":
            S.api("POST", f"/wp/v2/comments/{r['id']}", json_body={"date": date})

    comment("anon", "summer", auth="visitor", content="Anonymous <a href=\"http://x.example\" onclick=\"evil()\">link</a>", date="2023-01-17T10:00:00",
            author_name="Zoë Ünicode", author_email="zoe@visitor.example")
    comment("admin", "author2_post", "Admin says <strong>hi</strong> 👋", auth="admin", date="2022-10-02T01:59:00")
    comment("author_on_other", "author2_post", "Aroha on Bruno's post", auth="author", date="2022-10-02T03:01:00")
    comment("author_on_own", "author_post", "Aroha on her own post", auth="author", date="2023-04-02T02:15:00")
    comment("reply", "author_post", "Reply by Bruno <em>em</em>", auth="author2", parent="comment_author_on_own")
    comment("subscriber", "summer", "سامي يقول مرحبا", auth="subscriber", date="2023-01-16T10:00:00")
    comment("editor", "author_post", "Editor note on Aroha's post", auth="editor")
    comment("contributor", "author2_post", "Contributor comment", auth="contributor")
    comment("anon_held", "author_post", "Held for moderation", status="hold", author_name="Visitor", author_email="v@visitor.example",
            date="2023-02-01T10:00:00")
    comment("anon_approved", "author2_post", "Approved visitor", author_name="Vis Two", author_email="v2@visitor.example",
            status="approved", date="2023-02-02T10:00:00")
    comment("page", "page_team", "Comment on the team page", auth="admin")
    comment("spam", "summer", "Buy cheap things", author_name="Spammer", author_email="s@spam.example",
            status="spam", date="2023-02-03T10:00:00")

    # deleted for good: ids are never handed out again
    gone = S.api("POST", "/wp/v2/posts", json_body={"title": "Deleted", "status": "publish"})["id"]
    S.api("DELETE", f"/wp/v2/posts/{gone}", params={"force": "true"})
    S.ids["post_deleted"] = gone
    # plain permalinks last: from here on REST answers only at /?rest_route=
    S.wptool("permalinks", "")
    S.write_ids()


if __name__ == "__main__":
    main()
