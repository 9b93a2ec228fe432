#!/usr/bin/env python3
"""Generate a large WXR 1.2 file for the import benchmark.

N posts with M comments each (threaded replies several levels deep, comment meta), post meta
(one PHP-serialized value), categories and tags, and French text with accents and typographic
quotes. Written as it goes, so any size can be generated in constant memory.

    bench/gen_wxr.py --size 1G -o /tmp/big.wxr.xml
    bench/gen_wxr.py --posts 1000 --comments 20 -o /tmp/small.wxr.xml
"""

from __future__ import annotations

import argparse
import os
import random
import sys

_SAMPLE = (
    "économie sociale solidaire coopérative mutuelle association été français réunion projet "
    "l’égalité développement durable territoire emploi insertion bénévoles société collectif "
    "énergie citoyenne qualité accès à la santé épargne financement financée déjà très où ça "
    "règle prêt intérêt général gouvernance démocratique salariés sociétaires « Scop » œuvre"
)
WORDS = _SAMPLE.split()
CATEGORIES = [
    ("actualites", "Actualités"),
    ("cooperatives", "Coopératives"),
    ("emploi", "Emploi & insertion"),
]
TAGS = [(f"etiquette-{i}", f"Étiquette {i}") for i in range(20)]
AUTHORS = [("admin", "Camille Martin"), ("jdupont", "Jeanne Dupont"), ("hgarcon", "Hélène Garçon")]


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def parse_size(value: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    value = value.strip().upper().rstrip("B")
    if value and value[-1] in units:
        return int(float(value[:-1]) * units[value[-1]])
    return int(value)


def header(out, base: str) -> None:
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
        f"\t<title>Banc d’essai</title>\n\t<link>{base}</link>\n"
        "\t<description>Généré pour mesurer l’import</description>\n"
        "\t<language>fr-FR</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{base}</wp:base_site_url>\n\t<wp:base_blog_url>{base}</wp:base_blog_url>\n"
    )
    for i, (login, name) in enumerate(AUTHORS, 1):
        out.write(
            f"\t<wp:author><wp:author_id>{i}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata(login + '@exemple.fr')}</wp:author_email>"
            f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>\n"
        )
    for i, (slug, name) in enumerate(CATEGORIES, 2):
        out.write(
            f"\t<wp:category><wp:term_id>{i}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
            f"<wp:category_parent></wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
        )
    for i, (slug, name) in enumerate(TAGS, 10):
        out.write(
            f"\t<wp:tag><wp:term_id>{i}</wp:term_id><wp:tag_slug>{slug}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
        )


def item(out, rng: random.Random, post_id: int, comments: int, next_comment: int, base: str) -> int:
    day = 1 + post_id % 28
    date = f"2020-{1 + post_id % 12:02d}-{day:02d} 10:{post_id % 60:02d}:00"
    gmt = f"2020-{1 + post_id % 12:02d}-{day:02d} 09:{post_id % 60:02d}:00"
    login = AUTHORS[post_id % len(AUTHORS)][0]
    paragraphs = "\n\n".join(f"<p>{sentence(rng, 60)}</p>" for _ in range(rng.randint(3, 8)))
    cat = CATEGORIES[post_id % len(CATEGORIES)]
    tags = rng.sample(TAGS, 2)
    out.write(
        f"\t<item>\n\t\t<title>{cdata(sentence(rng, 6))} n°{post_id}</title>\n"
        f"\t\t<link>{base}/?p={post_id}</link>\n\t\t<dc:creator>{cdata(login)}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{base}/?p={post_id}</guid>\n\t\t<description></description>\n'
        f"\t\t<content:encoded>{cdata(paragraphs)}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{cdata('')}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n\t\t<wp:post_date>{cdata(date)}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified>{cdata(date)}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{cdata(gmt)}</wp:post_modified_gmt>\n"
        "\t\t<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>\n"
        f"\t\t<wp:post_name>{cdata(f'article-{post_id}')}</wp:post_name>\n"
        "\t\t<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>\n"
        "\t\t<wp:menu_order>0</wp:menu_order><wp:post_type>post</wp:post_type>\n"
        "\t\t<wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>\n"
        f'\t\t<category domain="category" nicename="{cat[0]}">{cdata(cat[1])}</category>\n'
    )
    for slug, name in tags:
        out.write(f'\t\t<category domain="post_tag" nicename="{slug}">{cdata(name)}</category>\n')
    serialized = (
        f'a:2:{{s:5:"titre";s:{len("Été".encode())}:"Été";s:3:"ids";a:2:{{i:0;i:{post_id};i:1;i:7;}}}}'
    )
    for key, value in (
        ("_edit_last", "1"),
        ("reading_time", str(rng.randint(1, 9))),
        ("_options", serialized),
    ):
        out.write(
            f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
            f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n"
        )
    ids: list[int] = []
    for n in range(comments):
        cid = next_comment + n
        # About half are replies: to a recent comment, so threads go several levels deep.
        parent = ids[-rng.randint(1, min(3, len(ids)))] if ids and rng.random() < 0.5 else 0
        ids.append(cid)
        approved = "1" if n % 17 else "0"
        who = f"Lectrice {rng.randint(1, 5000)}"
        out.write(
            f"\t\t<wp:comment>\n\t\t\t<wp:comment_id>{cid}</wp:comment_id>\n"
            f"\t\t\t<wp:comment_author>{cdata(who)}</wp:comment_author>\n"
            f"\t\t\t<wp:comment_author_email>{cdata(f'l{cid}@exemple.fr')}</wp:comment_author_email>\n"
            "\t\t\t<wp:comment_author_url>https://exemple.fr/</wp:comment_author_url>\n"
            f"\t\t\t<wp:comment_author_IP>{cdata('192.0.2.' + str(cid % 250))}</wp:comment_author_IP>\n"
            f"\t\t\t<wp:comment_date>{cdata(date)}</wp:comment_date>\n"
            f"\t\t\t<wp:comment_date_gmt>{cdata(gmt)}</wp:comment_date_gmt>\n"
            f"\t\t\t<wp:comment_content>{cdata(sentence(rng, rng.randint(15, 60)))}</wp:comment_content>\n"
            f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
            "\t\t\t<wp:comment_type>comment</wp:comment_type>\n"
            f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
            "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
            "\t\t\t<wp:commentmeta><wp:meta_key>akismet_result</wp:meta_key>"
            "<wp:meta_value>false</wp:meta_value></wp:commentmeta>\n\t\t</wp:comment>\n"
        )
    out.write("\t</item>\n")
    return next_comment + comments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--posts", type=int, help="number of posts (default: as many as --size needs)")
    parser.add_argument("--comments", type=int, default=50, help="comments per post (default 50)")
    parser.add_argument("--size", default="", help="stop once the file reaches this size (e.g. 1G)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", default="https://ancien-site.exemple.fr")
    args = parser.parse_args()
    if not args.posts and not args.size:
        parser.error("give --posts or --size")
    limit = parse_size(args.size) if args.size else None
    rng = random.Random(args.seed)
    posts = comments = 0
    with open(args.output, "w", encoding="utf-8") as out:
        header(out, args.base)
        next_comment = 1
        while True:
            if args.posts and posts >= args.posts:
                break
            if limit is not None and out.tell() >= limit:
                break
            posts += 1
            next_comment = item(out, rng, posts, args.comments, next_comment, args.base)
            comments += args.comments
        out.write("</channel>\n</rss>\n")
    size = os.path.getsize(args.output)
    print(f"{args.output}: {size / (1 << 20):.0f} MiB, {posts} posts, {comments} comments", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
