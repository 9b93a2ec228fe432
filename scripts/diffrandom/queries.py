"""Random read requests for every route wpcompat serves, derived from the project's own schemas/.

Each request is a GET of one route (its path variables filled with ids that exist, ids of the
wrong kind, or ids that do not exist) with a few of the route's own arguments (read from the
endpoint's argument schema: type, enum, minimum/maximum, items), each given a valid value or an
invalid one (wrong type, out of range, unknown enum value, a bare date), plus the global
parameters (_fields, _embed, _envelope), and one of the four auth kinds.
"""

from __future__ import annotations

import random
import re
from typing import Any

from settings import Settings
from wpcompat.rest.api import build_router
from wpcompat.rest.routing import Endpoint, Route

from .content import WORDS

AUTH_KINDS = [None, "admin", "author", "subscriber"]
# The users the auth kinds are (wordpress.AUTH_KINDS).
APP_PASSWORD_HOLDERS = ("admin", "author1", "subscriber3")
# The namespace index lists every route WordPress registers: a listed deliberate difference
# (tests/test_oracle_golden.py KNOWN_DIFFERENCES), so it is not drawn.
SKIPPED_PATTERNS = {"/wp/v2"}
# The routes are those of the router wpcompat serves for a 6.1 site, in WordPress's namespace
# only (oEmbed and our wpcompat/v1 are not the REST API being compared).
NAMESPACE = "wp/v2"
FIELDS = [
    "id",
    "title",
    "title.rendered",
    "link",
    "date",
    "date_gmt",
    "modified",
    "slug",
    "status",
    "author",
    "content",
    "content.rendered",
    "excerpt",
    "name",
    "parent",
    "post",
    "_links",
    "count",
    "description",
    "taxonomy",
    "meta",
    "type",
    "guid",
    "comment_status",
    "sticky",
    "categories",
    "tags",
    "author_name",
    "avatar_urls",
    "roles",
    "capabilities",
    "password",
    "menu_order",
    "template",
    "format",
    "url",
]


class Site:
    """What a request may name: the ids of each kind in the generated site."""

    def __init__(self, ids: dict[str, Any], slugs: list[str]) -> None:
        self.ids = ids
        self.slugs = slugs

    def pool(self, kind: str) -> list[int]:
        if kind == "users":
            return list(self.ids["users"].values())
        return list(self.ids.get(kind) or [])


def get_routes() -> list[tuple[Route, Endpoint]]:
    # No database is opened: building the router only reads the settings (the version served).
    router = build_router(Settings(database_url="sqlite:///:memory:", wp_version="6.1"))
    out = []
    for route in router.routes_in(NAMESPACE):
        if route.pattern in SKIPPED_PATTERNS:
            continue
        for ep in route.endpoints:
            if "GET" in ep.methods:
                out.append((route, ep))
    return out


def id_kind(pattern: str) -> str:
    base = pattern.split("/")[3]
    return {"media": "posts"}.get(base, base)


def fill_path(rng: random.Random, route: Route, site: Site) -> str:
    path = route.pattern
    kind = id_kind(path)

    def one_id(k: str) -> str:
        r = rng.random()
        pool = site.pool(k)
        if pool and r < 0.8:
            return str(rng.choice(pool))
        if r < 0.9:
            other = rng.choice(["posts", "pages", "comments", "categories", "tags", "users"])
            return str(rng.choice(site.pool(other) or [1]))
        return str(rng.choice([0, 1, 2, 3, 99999]))

    path = path.replace("(?P<parent>[\\d]+)", one_id("posts" if "/pages/" not in path else "pages"))
    path = path.replace("(?P<id>[\\d]+)", one_id(kind))
    path = path.replace(
        "(?P<type>[\\w-]+)",
        rng.choice(["post", "page", "attachment", "wp_block", "nav_menu_item", "revision", "bogus"]),
    )
    path = path.replace(
        "(?P<status>[\\w-]+)",
        rng.choice(["publish", "draft", "future", "pending", "private", "trash", "bogus", "auto-draft"]),
    )
    path = path.replace(
        "(?P<taxonomy>[\\w-]+)", rng.choice(["category", "post_tag", "nav_menu", "post_format", "bogus"])
    )
    # Application Passwords: of the three users the requests authenticate as (each side holds
    # one password for each of them, made by the harness; other users hold one on WordPress's
    # side only), or a user that does not exist. Their uuids are each side's own: a well-formed
    # uuid that names none, or a malformed one; the list and introspect routes show the real ones.
    holders = [str(site.ids["users"][login]) for login in APP_PASSWORD_HOLDERS if login in site.ids["users"]]
    path = path.replace("(?P<user_id>(?:[\\d]+|me))", rng.choice(["me", "me", *holders, "99999"]))
    path = path.replace("(?P<uuid>[\\w\\-]+)", rng.choice(["0e2a5d8c-3b1f-4c7a-9d2e-5f6a7b8c9d0e", "bogus"]))
    return "/wp-json" + path


def rfc3339(rng: random.Random) -> str:
    y, m, d = rng.randint(2014, 2027), rng.randint(1, 12), rng.randint(1, 28)
    t = f"{y:04d}-{m:02d}-{d:02d}T{rng.randint(0, 23):02d}:{rng.choice([0, 30, 59]):02d}:00"
    return t + rng.choice(["", "Z", "+02:00", "-05:30", "+00:00"])


def ids_for(name: str, site: Site) -> list[int]:
    if name in ("categories", "categories_exclude"):
        return site.pool("categories")
    if name in ("tags", "tags_exclude"):
        return site.pool("tags")
    if name in ("author", "author_exclude"):
        return site.pool("users")
    if name == "post":
        return site.pool("posts") + site.pool("pages")
    if name == "parent" or name == "parent_exclude":
        return site.pool("posts") + site.pool("pages") + site.pool("comments") + site.pool("categories") + [0]
    return site.pool("posts") + site.pool("pages") + site.pool("comments") + site.pool("users")


def valid_value(rng: random.Random, name: str, spec: dict[str, Any], site: Site) -> Any:
    typ = spec.get("type")
    types = typ if isinstance(typ, list) else [typ]
    if name in ("search",):
        return rng.choice([rng.choice(WORDS), rng.choice(WORDS).lower(), rng.choice(WORDS)[:3], "", "a b"])
    if name == "slug":
        picks = rng.sample(site.slugs, min(len(site.slugs), rng.randint(1, 2))) if site.slugs else ["x"]
        return ",".join(picks)
    if name in ("before", "after", "modified_before", "modified_after"):
        return rfc3339(rng)
    if name == "per_page":
        return rng.choice([1, 2, 3, 5, 10, 100])
    if name == "page":
        return rng.choice([1, 1, 2, 3, 5])
    if name == "offset":
        return rng.choice([0, 1, 3, 10])
    if name == "password":
        return rng.choice(["secret", "mot de passe", "wrong"])
    if "enum" in spec:
        return rng.choice(spec["enum"])
    if "array" in types:
        items = spec.get("items", {})
        if "enum" in items:
            return ",".join(rng.sample(list(items["enum"]), rng.randint(1, min(3, len(items["enum"])))))
        if items.get("type") == "integer":
            pool = ids_for(name, site) or [1]
            return ",".join(str(rng.choice(pool)) for _ in range(rng.randint(1, 3)))
        return rng.choice(site.slugs or ["x"])
    if "integer" in types:
        pool = ids_for(name, site)
        if pool and rng.random() < 0.8:
            return rng.choice(pool)
        lo, hi = spec.get("minimum", 0), spec.get("maximum", 50)
        return rng.randint(lo, hi)
    if "boolean" in types:
        return rng.choice(["true", "false", "1", "0"])
    if "object" in types:
        return None
    if spec.get("format") == "date-time":
        return rfc3339(rng)
    if spec.get("format") == "email":
        return rng.choice(["c1@example.net", "admin@example.org"])
    return rng.choice(WORDS)


def invalid_value(rng: random.Random, name: str, spec: dict[str, Any]) -> Any:
    typ = spec.get("type")
    types = typ if isinstance(typ, list) else [typ]
    choices: list[Any] = ["", "abc", "-1", "[]", "1.5", "%00", "ÿ"]
    if "integer" in types:
        choices += [
            "abc",
            -5,
            0,
            10**12,
            "1e3",
            (spec.get("maximum") or 100) + 1,
            (spec.get("minimum") or 0) - 1,
        ]
    if "boolean" in types:
        choices += ["maybe", "yes", "2"]
    if "enum" in spec or "enum" in spec.get("items", {}):
        choices += ["bogus", "PUBLISH", "Desc"]
    if spec.get("format") == "date-time" or name in ("before", "after", "modified_before", "modified_after"):
        choices += ["2020-01-01", "yesterday", "2020-13-45T99:00:00", "2020-01-01 10:00:00"]
    if "array" in types:
        choices += ["a,b", "1,,2", "1,abc"]
    return rng.choice(choices)


def make_request(
    rng: random.Random, routes: list[tuple[Route, Endpoint]], site: Site, n: int
) -> dict[str, Any]:
    route, ep = rng.choice(routes)
    args = {k: v for k, v in ep.args.items() if k not in ("id", "parent")}
    params: dict[str, Any] = {}
    names = list(args)
    for name in rng.sample(names, min(len(names), rng.choice([0, 1, 1, 2, 2, 3, 4]))):
        bad = rng.random() < 0.15
        value = invalid_value(rng, name, args[name]) if bad else valid_value(rng, name, args[name], site)
        if value is not None:
            params[name] = value
    r = rng.random()
    if r < 0.12:
        params["_fields"] = ",".join(rng.sample(FIELDS, rng.randint(1, 4)))
    elif r < 0.2:
        params["_embed"] = rng.choice(["1", "true", "author", "replies", "wp:term", "author,up"])
    if rng.random() < 0.05:
        params["_envelope"] = rng.choice(["1", ""])
    auth = rng.choice(AUTH_KINDS)
    if "context" in params and params["context"] == "edit" and rng.random() < 0.5:
        auth = rng.choice(["author", "subscriber"])  # the leak-prone case: edit context for a non-admin
    return {
        "name": f"r{n:05d}",
        "method": "GET",
        "path": fill_path(rng, route, site),
        "params": params,
        "auth": auth,
        "route": route.pattern,
    }


def route_short(pattern: str) -> str:
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)
