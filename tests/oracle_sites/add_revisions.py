#!/usr/bin/env python3
"""Append site.json's revisions to extras.wxr.xml as items of post type `revision`.

Core's exporter skips revisions and the oracle's make-extras.py lists them only in site.json
(the shipped extras.wxr.xml got its revision items by hand, see the oracle's README); they give
posts their `version-history` count and `predecessor-version` link. Usage: add_revisions.py DIR
"""
import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape


def cdata(value):
    return "<![CDATA[" + str(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def item(rev, logins):
    fields = [("wp:post_id", rev["id"]), ("wp:post_date", cdata(rev["date"])),
              ("wp:post_date_gmt", cdata(rev["date_gmt"])), ("wp:post_modified", cdata(rev["modified"])),
              ("wp:post_modified_gmt", cdata(rev["modified_gmt"])), ("wp:comment_status", cdata("closed")),
              ("wp:ping_status", cdata("closed")), ("wp:post_name", cdata(rev["slug"])),
              ("wp:status", cdata(rev["status"])), ("wp:post_parent", rev["parent"]), ("wp:menu_order", 0),
              ("wp:post_type", cdata("revision")), ("wp:post_password", cdata("")), ("wp:is_sticky", 0)]
    return ("\t<item>\n"
            f"\t\t<title>{cdata(rev['title'])}</title>\n\t\t<link>{escape(rev['guid'])}</link>\n\t\t<pubDate></pubDate>\n"
            f"\t\t<dc:creator>{cdata(logins.get(rev['author'], ''))}</dc:creator>\n"
            f"\t\t<guid isPermaLink=\"false\">{escape(rev['guid'])}</guid>\n\t\t<description></description>\n"
            f"\t\t<content:encoded>{cdata(rev['content'])}</content:encoded>\n"
            f"\t\t<excerpt:encoded>{cdata(rev['excerpt'])}</excerpt:encoded>\n"
            + "".join(f"\t\t<{k}>{v}</{k.split()[0]}>\n" for k, v in fields) + "\t</item>\n")


def main(folder):
    site = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    logins = {u["id"]: u["login"] for u in site["users"]}
    extras = folder / "extras.wxr.xml"
    text = extras.read_text(encoding="utf-8")
    if "<wp:post_type><![CDATA[revision]]>" in text:
        return
    items = "".join(item(r, logins) for r in site.get("revisions", []))
    extras.write_text(text.replace("</channel>", items + "</channel>", 1), encoding="utf-8")
    print(f"add_revisions: {len(site.get('revisions', []))} revisions -> {extras}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
