#!/usr/bin/env python3
"""Content of the oracle site "offset" (raw UTC offset +5:30, /archives/%post_id% permalinks).

What it varies from the shipped oracle site: the time zone given as a raw offset
(timezone_string empty, gmt_offset 5.5), numeric permalinks, other discussion settings (paged
comments, 3 per page, newest first, threads 3 deep, comments closed after 30 days, at most 1
link, moderation and disallowed keys, previously approved off, comment moderation on, avatars
and smilies off, no name/e-mail required), feeds of 3 items showing summaries, a tree of
pages with comments (comment feeds of pages), and visitor comments that go through moderation.

Usage: ORACLE_STATE=/tmp/wp-oracle-i10-sites-offset ./populate.py   (after setup-site.sh offset 8122)
"""
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ownsite import Site  # noqa: E402

S = Site()
ANON = {"X-Oracle-Anonymous-Comments": "on", "User-Agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0"}


def main():
    if S.api("GET", "/wp/v2/posts", params={"search": "Monsoon", "status": "any"}):
        sys.exit("populate: already populated")
    S.api("POST", "/wp/v2/settings", json_body={
        "title": "Offset & <Half> Hours", "description": "Tea ‘n’ “quotes” — 5:30 ahead",
        "date_format": "Y-m-d", "time_format": "H:i", "start_of_week": 1, "posts_per_page": 4,
        "use_smilies": False})
    S.set_options(timezone_string="", gmt_offset="5.5",
                  page_comments="1", comments_per_page="3", default_comments_page="newest", comment_order="desc",
                  thread_comments="1", thread_comments_depth="3",
                  comment_max_links="1", moderation_keys="casino\nlottery", disallowed_keys="badword",
                  comment_previously_approved="0", comment_moderation="1", require_name_email="0",
                  show_avatars="0", posts_per_rss="3", rss_use_excerpt="1")
    S.wptool("permalinks", "/archives/%post_id%")

    S.ids["user_admin"] = 1
    S.user("author", "ravi", "ravi@offset.example", "Ravi", "Kumar", "author", env_kind="author")
    S.user("subscriber", "meera", "meera@offset.example", "Meera", "Nair", "subscriber", env_kind="subscriber")
    S.user("editor", "olga", "olga@offset.example", "Olga", "Ivanova", "editor")
    S.ids.update(post_hello=1, page_sample=2, comment_sample=1)
    S.api("POST", "/wp/v2/posts/1", json_body={"date": "2021-01-01T00:00:00"})
    S.api("POST", "/wp/v2/pages/2", json_body={"date": "2021-01-01T00:05:00"})

    cat = {k: S.api("POST", "/wp/v2/categories", json_body={"name": n})["id"]
           for k, n in (("news", "News & Views"), ("tea", "Tea"))}
    S.ids.update({f"cat_{k}": v for k, v in cat.items()})
    posts = [
        ("midnight", "Monsoon at midnight", "2021-06-01T00:00:00", None, "news"),
        ("early", "Before 05:30 is yesterday in UTC", "2021-06-01T05:29:59", None, "news"),
        ("ontime", "At 05:30 exactly", "2021-06-01T05:30:00", None, "news"),
        ("gmt_given", "Given in GMT", None, "2021-12-31T20:00:00", "tea"),
        ("newyear", "New year in India", "2022-01-01T01:30:00", None, "tea"),
        ("links", "Links & <em>HTML</em> in titles", "2022-02-02T14:45:00", None, "news"),
        ("author", "Ravi's chai", "2022-03-03T09:00:00", None, "tea"),
        ("recent", "A recent post", "2022-06-01T10:00:00", None, "news"),  # every post is old: closed by age for good
        ("draft", "Unfinished draft", None, None, "news"),
    ]
    for key, title, date, date_gmt, c in posts:
        body = {"title": title, "status": "draft" if key == "draft" else "publish", "categories": [cat[c]],
                "content": f"<p>{title}: body with a <a href=\"https://example.org/?a=1&b=2\">link</a> & “quotes”.</p>\n"
                           "<!--more-->\n<p>More text after the fold.</p>",
                "excerpt": "Hand-written excerpt & more" if key == "links" else ""}
        if date:
            body["date"] = date
        if date_gmt:
            body["date_gmt"] = date_gmt
        auth = "author" if key in ("author", "draft") else "admin"
        S.ids[f"post_{key}"] = S.api("POST", "/wp/v2/posts", auth=auth, json_body=body)["id"]

    def page(key, title, parent=None, order=0, comments="open"):
        body = {"title": title, "status": "publish", "menu_order": order, "comment_status": comments,
                "date": f"2021-02-0{order + 1}T10:00:00", "content": f"<p>{title} page.</p>"}
        if parent:
            body["parent"] = S.ids[f"page_{parent}"]
        S.ids[f"page_{key}"] = S.api("POST", "/wp/v2/pages", json_body=body)["id"]

    page("services", "Services", order=3)
    page("consulting", "Consulting", parent="services", order=2)
    page("audit", "Audit", parent="consulting", order=1)
    page("training", "Training", parent="services", order=1, comments="closed")
    page("contact", "Contact", order=0)

    # Visitors first (the flood check counts any comment from this IP in the last 15 s)
    for i, (key, post, content) in enumerate([
            ("visitor_clean", "post_recent", "A clean visitor comment."),
            ("visitor_modkey", "post_recent", "Win the casino jackpot"),
            ("visitor_links", "post_recent", 'Two <a href="http://a.example">links</a> <a href="http://b.example">here</a>'),
            ("visitor_disallowed", "post_recent", "This has a badword inside")]):
        if i:
            time.sleep(16)
        r = S.api("POST", "/wp/v2/comments", auth=None, headers=ANON, json_body={
            "post": S.ids[post], "content": content, "author_name": f"Visitor {i}",
            "author_email": f"visitor{i}@guest.example"})
        S.ids[f"comment_{key}"] = r["id"]

    # a thread 4 deep on a page, and 7 comments on a post (3 per page, newest first)
    prev = 0
    for depth in range(4):
        prev = S.api("POST", "/wp/v2/comments", json_body={
            "post": S.ids["page_consulting"], "parent": prev, "content": f"Depth {depth} on the page",
            "author": S.ids["user_author"] if depth % 2 else 1, "date": f"2021-03-0{depth + 1}T23:{depth}5:00"})["id"]
        S.ids[f"comment_page_d{depth}"] = prev
    for i in range(7):
        S.ids[f"comment_many{i}"] = S.api("POST", "/wp/v2/comments", json_body={
            "post": S.ids["post_midnight"], "content": f"Comment number {i} &amp; counting",
            "author_name": f"Reader {i}", "author_email": f"reader{i}@offset.example",
            "date": f"2021-06-0{i + 1}T0{i}:30:00", "author_ip": "198.51.100.9"})["id"]
    S.ids["comment_sub"] = S.api("POST", "/wp/v2/comments", json_body={
        "post": S.ids["post_author"], "content": "Subscriber’s <b>bold</b> view", "author": S.ids["user_subscriber"],
        "date": "2022-03-04T05:30:00"})["id"]
    S.ids["comment_audit"] = S.api("POST", "/wp/v2/comments", json_body={
        "post": S.ids["page_audit"], "content": "On the audit page", "author": S.ids["user_editor"],
        "date": "2021-04-01T12:00:00"})["id"]
    # closing old posts last: comments on them could not be created any more
    S.set_options(close_comments_for_old_posts="1", close_comments_days_old="30")
    S.write_ids()


if __name__ == "__main__":
    main()
