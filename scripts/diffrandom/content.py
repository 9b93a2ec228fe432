"""Random site content, drawn from one seed: the plan of a site, before it exists anywhere.

A plan is plain data (dicts and lists) so that it can be written next to the report and read
back: the same seed always gives the same plan. It holds what a real blog varies: time zone
(with daylight saving, without, or a raw ``gmt_offset``), permalinks, discussion settings,
users of every role, nested categories, tags, posts and pages with random markup (paragraphs,
HTML that kses keeps and HTML it strips, blocks, shortcodes, ``<!--more-->``, typography that
wptexturize changes), dates around daylight-saving changes, titles with accents, case variants
and ties, and comment threads in every status.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

# Zones with daylight saving on either side of the year, a half-hour one, and none at all.
TIMEZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "America/Santiago",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "America/St_Johns",
    "UTC",
]
# Raw offsets as WordPress stores them (timezone_string empty): a site set to "UTC+5:30".
RAW_OFFSETS = ["5.5", "-3", "0", "9.75", "-9.5", "2", "-11"]
PERMALINKS = [
    "",
    "/%postname%/",
    "/archives/%post_id%",
    "/%category%/%postname%/",
    "/%year%/%monthnum%/%day%/%postname%/",
    "/%year%/%postname%/",
]

WORDS = [
    "économie",
    "Économie",
    "economie",
    "café",
    "Café",
    "cafe",
    "naïve",
    "élan",
    "Zoë",
    "Ångström",
    "déjà",
    "vu",
    "garçon",
    "façade",
    "über",
    "Straße",
    "niño",
    "señor",
    "jalapeño",
    "piñata",
    "social",
    "solidaire",
    "coopérative",
    "mutuelle",
    "association",
    "réseau",
    "énergie",
    "ÉTÉ",
    "été",
    "hiver",
    "printemps",
    "automne",
    "Ελληνικά",
    "日本語",
    "🙂",
    "العربية",
    "עברית",
    "apple",
    "Apple",
    "APPLE",
    "banana",
    "zebra",
    "Zebra",
    "alpha",
    "beta",
    "Œuvre",
    "œuvre",
]
TYPO = [
    'It\'s "quoted" -- really...',
    "l'été",
    "10--20",
    "a 'single' quote",
    "(c) 2020 & co",
    "x * y = z",
    "1/2 + 3/4",
    "don't stop",
    "\"double\" and 'single'",
    "ellipsis...",
]
ALLOWED_HTML = [
    "<strong>fort</strong>",
    "<em>penché</em>",
    '<a href="https://example.org/a?b=1&c=2">lien</a>',
    "<code>x &lt; y</code>",
    '<blockquote cite="https://example.org">cité</blockquote>',
    '<abbr title="Économie sociale">ESS</abbr>',
    "<del>barré</del>",
    "<q>court</q>",
    "<ul><li>un</li><li>deux</li></ul>",
    "<h2>Titre</h2>",
    '<img src="https://example.org/i.png" alt="i">',
]
DISALLOWED_HTML = [
    "<script>alert(1)</script>",
    '<iframe src="https://example.org"></iframe>',
    '<a href="javascript:alert(1)" onclick="x()">piège</a>',
    '<div style="color:red" onmouseover="y()">div</div>',
    '<object data="x.swf"></object>',
    '<form action="/x"><input name="q"></form>',
    '<span class="a" data-x="1">span</span>',
    '<p align="center" id="p1">centré</p>',
]
SHORTCODES = [
    '[caption id="attachment_1" align="alignleft" width="300"]<img src="https://example.org/c.png" '
    'width="300" height="200" /> Légende[/caption]',
    '[gallery ids="999"]',
    "[embed]https://example.org/video[/embed]",
    '[unknown_code attr="1"]',
    '[audio src="https://example.org/a.mp3"]',
    '[video src="https://example.org/v.mp4"]',
    "[[escaped]]",
    '[playlist ids=""]',
]
BLOCKS = [
    "<!-- wp:paragraph -->\n<p>{w}</p>\n<!-- /wp:paragraph -->",
    "<!-- wp:heading -->\n<h2>{w}</h2>\n<!-- /wp:heading -->",
    "<!-- wp:list -->\n<ul><li>{w}</li><li>{w2}</li></ul>\n<!-- /wp:list -->",
    '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>{w}</p></blockquote>\n<!-- /wp:quote -->',
    '<!-- wp:separator -->\n<hr class="wp-block-separator"/>\n<!-- /wp:separator -->',
    '<!-- wp:code -->\n<pre class="wp-block-code"><code>{w} &amp; {w2}</code></pre>\n<!-- /wp:code -->',
]
SMILIES = [":-)", ";)", ":D", "8-)"]
ROLES = ["editor", "author", "contributor", "subscriber"]
FIRST = ["Zoë", "Élodie", "Jean", "Ángel", "Björn", "Chloé", "Noël", "Amélie", "Łukasz", "Søren"]
LAST = ["Dupont", "Lefèvre", "Müller", "García", "Ødegaard", "Nguyễn", "O'Brien", "Durand"]


def words(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def title(rng: random.Random, used: list[str]) -> str:
    """Titles with accents, case variants of each other, and exact ties with earlier ones."""
    r = rng.random()
    if used and r < 0.15:
        return rng.choice(used)  # a tie
    if used and r < 0.3:
        t = rng.choice(used)
        return rng.choice([t.upper(), t.lower(), t.capitalize()])  # a case variant
    t = words(rng, 1, 5)
    if rng.random() < 0.3:
        t += " " + rng.choice(TYPO)
    return t[:1].upper() + t[1:]


def paragraph(rng: random.Random) -> str:
    parts = [words(rng, 3, 20)]
    for _ in range(rng.randint(0, 3)):
        parts.append(
            rng.choice(ALLOWED_HTML + DISALLOWED_HTML + TYPO + SMILIES + ["https://example.org/bare"])
        )
    rng.shuffle(parts)
    return " ".join(parts)


def content(rng: random.Random) -> str:
    """Post content: classic paragraphs, blocks, or both; shortcodes; maybe a <!--more-->."""
    pieces: list[str] = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        if kind < 0.4:
            pieces.append(paragraph(rng))
        elif kind < 0.65:
            pieces.append(rng.choice(BLOCKS).format(w=words(rng, 1, 6), w2=words(rng, 1, 3)))
        elif kind < 0.8:
            pieces.append(rng.choice(SHORTCODES))
        else:
            pieces.append(paragraph(rng) + "\n" + paragraph(rng))
    if len(pieces) > 1 and rng.random() < 0.35:
        pieces.insert(rng.randint(1, len(pieces) - 1), "<!--more-->")
    sep = rng.choice(["\n\n", "\n", "\n\n\n"])
    return sep.join(pieces)


def dst_moments(tz: str | None, years: range) -> list[dt.datetime]:
    """Local wall-clock times just around each daylight-saving change of the zone in those years:
    the hour that does not exist, the hour that repeats, and the minutes either side."""
    if not tz:
        return []
    zone = ZoneInfo(tz)
    out: list[dt.datetime] = []
    for year in years:
        t = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        prev = t.astimezone(zone).utcoffset()
        while t.year == year:
            t2 = t + dt.timedelta(hours=1)
            off = t2.astimezone(zone).utcoffset()
            if off != prev:
                local = t2.astimezone(zone).replace(tzinfo=None)
                for delta in (-90, -30, -1, 0, 1, 30, 59, 61, 90):
                    out.append(local + dt.timedelta(minutes=delta))
                prev = off
            t = t2
    return out


def random_date(rng: random.Random, special: list[dt.datetime]) -> dt.datetime:
    if special and rng.random() < 0.45:
        return rng.choice(special)
    start = dt.datetime(2015, 1, 1)
    return start + dt.timedelta(seconds=rng.randrange(0, 11 * 365 * 86400))


def fmt(d: dt.datetime) -> str:
    return d.strftime("%Y-%m-%dT%H:%M:%S")


def make_plan(seed: int, index: int) -> dict[str, Any]:
    """The whole content of generated site number ``index`` of run ``seed``."""
    rng = random.Random(f"{seed}:{index}")
    raw = rng.random() < 0.3
    tz = None if raw else rng.choice(TIMEZONES)
    options: dict[str, str] = {
        "blogname": title(rng, []),
        "blogdescription": rng.choice(["", words(rng, 2, 6), rng.choice(TYPO)]),
        "timezone_string": "" if raw else tz,
        "gmt_offset": rng.choice(RAW_OFFSETS) if raw else "",
        "date_format": rng.choice(["F j, Y", "d/m/Y", "Y-m-d", "j F Y"]),
        "time_format": rng.choice(["g:i a", "H:i", "G \\h i"]),
        "start_of_week": str(rng.randint(0, 6)),
        "posts_per_page": str(rng.randint(3, 15)),
        "default_comment_status": rng.choice(["open", "open", "closed"]),
        "default_ping_status": rng.choice(["open", "closed"]),
        "use_smilies": rng.choice(["0", "1"]),
        "show_avatars": rng.choice(["0", "1"]),
        "avatar_default": rng.choice(["mystery", "identicon", "blank"]),
        "avatar_rating": rng.choice(["G", "PG"]),
        "require_name_email": rng.choice(["0", "1"]),
        "comment_registration": rng.choice(["0", "0", "1"]),
        "comment_moderation": rng.choice(["0", "1"]),
        "comment_previously_approved": rng.choice(["0", "1"]),
        "comment_max_links": str(rng.randint(0, 3)),
        "moderation_keys": rng.choice(["", "piège\nviagra"]),
        "disallowed_keys": rng.choice(["", "spam"]),
        "close_comments_for_old_posts": rng.choice(["0", "1"]),
        "close_comments_days_old": str(rng.choice([1, 14, 365, 3650])),
        "thread_comments": rng.choice(["0", "1", "1"]),
        "thread_comments_depth": str(rng.randint(2, 10)),
        "page_comments": rng.choice(["0", "1"]),
        "comments_per_page": str(rng.randint(2, 50)),
        "default_comments_page": rng.choice(["newest", "oldest"]),
        "comment_order": rng.choice(["asc", "desc"]),
        "posts_per_rss": str(rng.randint(3, 20)),
        "rss_use_excerpt": rng.choice(["0", "1"]),
    }
    special = dst_moments(tz, range(2018, 2025)) if tz else []
    users = [{"login": "admin", "role": "administrator"}]
    # One user of each role, plus a second author; the golden auth kinds are admin, author, subscriber.
    for i, role in enumerate([*ROLES, "author"]):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        users.append(
            {
                "login": f"{role}{i}",
                "role": role,
                "email": f"{role}{i}@example.org",
                "first_name": first,
                "last_name": last,
                "name": f"{first} {last}",
                "nickname": f"{first.lower()}{i}",
                "url": rng.choice(["", f"https://{role}{i}.example.org"]),
                "description": rng.choice(["", words(rng, 2, 10)]),
            }
        )
    categories = []
    for i in range(rng.randint(3, 7)):
        parent = rng.choice([None, None, *list(range(len(categories)))])
        categories.append(
            {
                "name": f"{words(rng, 1, 2)} {i}",
                "parent": parent,
                "description": rng.choice(["", words(rng, 2, 6)]),
            }
        )
    tags = [
        {"name": f"{rng.choice(WORDS)} {i}" if rng.random() < 0.7 else rng.choice(WORDS) + f"-{i}"}
        for i in range(rng.randint(3, 9))
    ]
    used: list[str] = []
    posts = []
    now = dt.datetime.now().replace(microsecond=0)
    for _ in range(rng.randint(12, 22)):
        t = title(rng, used)
        used.append(t)
        status = rng.choices(["publish", "draft", "pending", "private", "future"], [12, 2, 1, 1, 1])[0]
        date = random_date(rng, special)
        if status == "future":
            date = now + dt.timedelta(days=rng.randint(30, 900))
        post: dict[str, Any] = {
            "title": t,
            "content": content(rng),
            "status": status,
            "date": fmt(date),
            "author": rng.choice(["admin", "admin", "author1", "editor0", "author4"]),
            "categories": rng.sample(range(len(categories)), rng.randint(0, min(3, len(categories)))),
            "tags": rng.sample(range(len(tags)), rng.randint(0, min(4, len(tags)))),
            "sticky": status == "publish" and rng.random() < 0.15,
            "comment_status": rng.choice([None, None, "open", "closed"]),
            "format": rng.choice(["standard"] * 5 + ["aside", "quote", "link"]),
        }
        if rng.random() < 0.25:
            post["excerpt"] = paragraph(rng)
        if status == "publish" and rng.random() < 0.1:
            post["password"] = rng.choice(["secret", "mot de passe"])
        if rng.random() < 0.2:
            post["modified"] = fmt(random_date(rng, special))
        posts.append(post)
    pages = []
    for _ in range(rng.randint(2, 6)):
        pages.append(
            {
                "title": title(rng, used),
                "content": content(rng),
                "date": fmt(random_date(rng, special)),
                "status": rng.choices(["publish", "draft", "private"], [6, 1, 1])[0],
                "parent": rng.choice([None, None, *list(range(len(pages)))]),
                "menu_order": rng.randint(0, 5),
                "author": rng.choice(["admin", "editor0"]),
            }
        )
    default_open = options["default_comment_status"] == "open"
    open_posts = [
        i
        for i, p in enumerate(posts)
        if p["status"] in ("publish", "private")
        and (p["comment_status"] == "open" or (p["comment_status"] is None and default_open))
    ]
    if not open_posts:
        first = next(i for i, p in enumerate([*posts, {"status": "publish"}]) if p["status"] == "publish")
        if first == len(posts):
            posts[0]["status"], first = "publish", 0
        posts[first]["comment_status"] = "open"
        open_posts = [first]
    comments = []
    for _ in range(rng.randint(15, 45)):
        # Mostly on posts that take comments (WordPress refuses the others, which it also tells).
        p = rng.choice(open_posts) if rng.random() < 0.9 else rng.randrange(len(posts))
        parent = None
        same = [i for i, c in enumerate(comments) if c["post"] == p]
        if same and rng.random() < 0.5:
            parent = rng.choice(same)
        base = dt.datetime.fromisoformat(posts[p]["date"])
        date = base + dt.timedelta(minutes=rng.randint(1, 200000))
        if rng.random() < 0.2:
            date = rng.choice(special) if special else date
        who = rng.choices(["anon", "user", "subscriber"], [6, 3, 1])[0]
        comments.append(
            {
                "post": p,
                "parent": parent,
                "date": fmt(date),
                "who": who,
                "user": rng.choice([u["login"] for u in users]),
                "author_name": rng.choice(FIRST) + " " + rng.choice(LAST),
                "author_email": f"c{rng.randint(1, 9)}@example.net",
                "author_url": rng.choice(["", "https://commenter.example.net", "javascript:alert(1)"]),
                "content": paragraph(rng),
                "status": rng.choices(["approved", "hold", "spam", "trash"], [10, 2, 1, 1])[0],
            }
        )
    return {
        "seed": seed,
        "index": index,
        "options": options,
        "permalink": rng.choice(PERMALINKS),
        "users": users,
        "categories": categories,
        "tags": tags,
        "posts": posts,
        "pages": pages,
        "comments": comments,
    }
