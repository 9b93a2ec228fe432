"""A fuzzer of the whole service, driven by the OpenAPI description generated from `schemas/`.

Hypothesis draws requests: a route and method of the published description
(`/wp-json/wpcompat/v1/openapi.json`), a subset of its arguments each with a valid value (from
its schema) or a hostile one (wrong types, huge/negative/float/exponent numbers, unicode, NUL,
very long strings, nested arrays/objects, duplicate and bracketed keys), encoded in the query,
a JSON, form or multipart body (sometimes broken), with hostile headers, as one of several kinds
of caller (anonymous, Application Passwords of each role, a wrong password, cookie + nonce, a
bearer token). The HTML entry points (comment form, front, feeds, social login) get the same
treatment with their own parameters.

Every answer must hold these properties:
- never a 5xx, never a traceback in the body;
- a REST error has WordPress's shape: `code` and `message` strings, `data.status` = the status;
- no answer slower than `SLOW_S`: measured as the CPU time the process spent on it (the app runs
  in this process, its database threads included), since on a shared machine the wall-clock time
  mostly measures the neighbours, less the time the garbage collector spent in full collections
  meanwhile (`GcPauses`): in a test process that has run a thousand tests before, one such
  collection walks every object they left and takes seconds whichever request happens to trigger
  it; answers over `SLOW_S` of wall-clock time are counted apart (`slow_wall`, with the load
  average) for the reader to judge;
- a refused request (4xx) leaves the database as it was (a checksum of every table, apart from
  the failed-authentication log that refusals are meant to write).

tests/test_fuzz.py runs a quick seeded run; `scripts/fuzz.sh --minutes N` a long one.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from hypothesis import strategies as st
from starlette.testclient import TestClient

from wpcompat.storage import Storage
from wpcompat.storage.feature_tables import OUTBOX
from wpcompat.util.phpserial import loads_maybe

SLOW_S = 1.0
# Deliberate 5xx answers, not failures: WordPress's own 501 for trashing a term, and ours for
# media uploads, which wpcompat does not take (a known gap, listed in the README); and
# WordPress's 500 for a website over 100 characters (wp_insert_user()'s WP_Error carries no
# status, which the users controller passes on as 500: checked on the 6.1 oracle), and its 500
# for a term named with blanks only (wp_insert_term()/wp_update_term() give `empty_term_name`
# without status, and the terms controller returns it as is: only `term_exists` gets a 400).
WORDPRESS_5XX = {(501, "rest_trash_not_supported"), (501, "rest_not_implemented"), (500, "user_url_too_long"),
                 (500, "empty_term_name")}
HUGE = "9" * 30
_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/[^\"]+\.py\", line \d+")


class GcPauses:
    """Seconds spent in the garbage collector's full (oldest generation) collections.

    Their cost is the size of the whole process's heap, not the work of the request during
    which they happen, so the slow rule leaves them out (and the summary reports them)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.longest = 0.0
        self._started: float | None = None
        gc.callbacks.append(self._observe)

    def _observe(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.process_time()
        elif self._started is not None:
            pause = time.process_time() - self._started
            self._started = None
            self.total += pause
            self.longest = max(self.longest, pause)

    def close(self) -> None:
        if self._observe in gc.callbacks:
            gc.callbacks.remove(self._observe)


# ---------------------------------------------------------------- what to call


@dataclass(frozen=True)
class Target:
    method: str
    path: str  # OpenAPI form: /wp/v2/posts/{id}
    path_params: tuple[tuple[str, str], ...]  # (name, regex)
    args: tuple[tuple[str, Any], ...]  # (name, JSON schema)
    body: bool  # arguments go in a body (POST/PUT/PATCH)
    rest: bool = True


def rest_targets(document: dict[str, Any]) -> list[Target]:
    out: list[Target] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            path_params = tuple(
                (p["name"], p["schema"]["pattern"]) for p in operation["parameters"] if p["in"] == "path")
            if "requestBody" in operation:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                args = tuple(schema.get("properties", {}).items())
                body = True
            else:
                args = tuple((p["name"], p["schema"]) for p in operation["parameters"] if p["in"] == "query")
                body = method.upper() in ("POST", "PUT", "PATCH")
            out.append(Target(method.upper(), path, path_params, args, body))
    return out


_STR = {"type": "string"}
_INT = {"type": "integer"}
HTML_TARGETS = [
    Target("POST", "/wp-comments-post.php", (), (
        ("comment_post_ID", _INT), ("comment", _STR), ("author", _STR), ("email", {"type": "string", "format": "email"}),
        ("url", _STR), ("comment_parent", _INT), ("redirect_to", _STR), ("wp-comment-cookies-consent", _STR),
        ("_wp_unfiltered_html_comment", _STR)), True, rest=False),
    Target("GET", "/", (), (("p", _INT), ("rest_route", _STR), ("s", _STR)), False, rest=False),
    Target("GET", "/feed/", (), (("paged", _INT),), False, rest=False),
    Target("GET", "/comments/feed/", (), (), False, rest=False),
    Target("GET", "/auth/me", (), (("redirect_to", _STR),), False, rest=False),
    Target("POST", "/auth/logout", (), (), True, rest=False),
    Target("GET", "/auth/google/login", (), (("redirect_to", _STR),), False, rest=False),
    Target("GET", "/auth/google/callback", (), (("state", _STR), ("code", _STR), ("error", _STR)), False, rest=False),
]


# ---------------------------------------------------------------- values

_HOSTILE_SCALARS: list[Any] = [
    HUGE, "-" + HUGE, "1e309", "-1e309", "1e30", "1.5", "-1", "0", "-0", "NaN", "INF", "0x1A", "1,2,3",
    "abc", "", " ", "\x00", "a\x00b", "%00", "é😀\u202e", "' OR 1=1 -- ", "<script>alert(1)</script>",
    "../../etc/passwd", "true", "false", "null", "[]", "{}", "\\", "/\\evil.example", "//evil.example",
    "http://a:99999", "http://[::1", "javascript:alert(1)", "2021-13-45T99:99:99", "0000-00-00 00:00:00",
    2**64, -(2**63) - 1, 1e300, -1e300, 0.5, True, False, None, 0, -1, 1,
]


def _long_strings() -> st.SearchStrategy[str]:
    return st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "%", "_", "a ", "\x00", "😀"]),
                     st.sampled_from([300, 5_000, 70_000]))


def hostile_values() -> st.SearchStrategy[Any]:
    scalar = st.one_of(
        st.sampled_from(_HOSTILE_SCALARS),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=40),
        _long_strings(),
    )
    nested = st.recursive(scalar, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
    deep = st.builds(_deep, st.sampled_from([50, 300]), st.booleans())
    return st.one_of(scalar, nested, deep)


def _deep(depth: int, as_dict: bool) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


def valid_values(schema: Any) -> st.SearchStrategy[Any]:
    """Values the schema accepts (roughly: enough to pass validation and reach the handler)."""
    if not isinstance(schema, dict):
        return st.none()
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return st.one_of(*[valid_values({**schema, **o, key: None}) for o in schema[key] if isinstance(o, dict)])
    if schema.get("enum"):
        return st.sampled_from(list(schema["enum"]))
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of(*[valid_values({**schema, "type": k}) for k in kind])
    if kind == "integer":
        lo = schema.get("minimum", schema.get("exclusiveMinimum", -5))
        hi = schema.get("maximum", schema.get("exclusiveMaximum", 50))
        lo, hi = int(lo), int(hi)
        return st.integers(min_value=min(lo, hi), max_value=max(lo, hi))
    if kind == "number":
        return st.floats(min_value=-100, max_value=100)
    if kind == "boolean":
        return st.sampled_from([True, False, "true", "false", "1", "0"])
    if kind == "array":
        return st.lists(valid_values(schema.get("items") or _STR), max_size=3)
    if kind == "object":
        props = schema.get("properties") or {}
        if not props:
            return st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2)
        return st.fixed_dictionaries({}, optional={k: valid_values(v) for k, v in props.items()})
    fmt = schema.get("format")
    if fmt == "date-time":
        return st.sampled_from(["2021-01-02T10:00:00", "2030-12-31T23:59:59", "2021-06-01T00:00:00Z"])
    if fmt == "email":
        return st.sampled_from(["a@example.org", "zoé@exemple.fr"])
    if fmt == "uri":
        return st.sampled_from(["http://example.test/x", "https://exemple.fr/"])
    return st.text(max_size=30)


def value_for(schema: Any) -> st.SearchStrategy[Any]:
    return st.one_of(valid_values(schema), valid_values(schema), hostile_values())


def path_value(name: str, pattern: str) -> st.SearchStrategy[str]:
    if "\\d" in pattern:
        return st.sampled_from(["1", "2", "3", "10", "12", "0", "99999", HUGE, "5" * 400])
    return st.sampled_from(["post", "page", "attachment", "category", "post_tag", "publish", "draft",
                            "nope", "me", "x" * 300])


# ---------------------------------------------------------------- encodings


def php_pairs(name: str, value: Any) -> list[tuple[str, str]]:
    """`a[]=1&a[k]=v` pairs, as PHP reads nested values from a query or form."""
    if value is None:
        return []
    if isinstance(value, bool):
        return [(name, "1" if value else "")]
    if isinstance(value, (list, tuple)):
        return [p for v in value for p in php_pairs(f"{name}[]", v)] or [(f"{name}[]", "")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in php_pairs(f"{name}[{k}]", v)] or [(name, "")]
    return [(name, str(value))]


def urlencode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in pairs)


def multipart(pairs: list[tuple[str, str]], boundary: str, files: bool = False) -> bytes:
    """A multipart body; with `files`, every other part is sent as an uploaded file (a handler
    that reads a form field must not take a file for a string)."""
    out = b""
    for n, (k, v) in enumerate(pairs):
        filename = '; filename="x.txt"' if files and n % 2 == 0 else ""
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"{filename}\r\n\r\n").encode(
            "utf-8", "surrogatepass") + v.encode("utf-8", "surrogatepass") + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


# ---------------------------------------------------------------- callers


@dataclass
class Callers:
    """Credentials of the site's users, each kind from its own address (the failed-password
    kind's throttling must not lock the others out)."""

    passwords: dict[str, str]
    cookie: str = ""
    nonce: str = ""
    # For the HTML pages: a session cookie per login, the nonces of each session by action
    # (wp_create_nonce() for that user), the secret that signs the mail links.
    sessions: dict[str, str] = field(default_factory=dict)
    page_nonces: dict[tuple[str, str], str] = field(default_factory=dict)
    link_secret: str = ""

    def page_headers(self, kind: str) -> dict[str, str]:
        if kind in self.sessions:
            return {"Cookie": f"wpcompat_session={self.sessions[kind]}", "X-Forwarded-For": "198.51.100.20"}
        return {"X-Forwarded-For": "198.51.100.21"}

    def page_nonce(self, kind: str, action: str) -> str:
        return self.page_nonces.get((kind, action), "0123456789")

    def sign_link(self, data: dict[str, Any]) -> str:
        """A mail link signed with the site's secret, carrying whatever data was drawn: the
        handler must check what a valid signature holds too."""
        from wpcompat.mail import links

        try:
            return links.sign(self.link_secret, data, ttl=3600)
        except (TypeError, ValueError):
            return "abc.def"

    def headers(self, kind: str) -> dict[str, str]:
        if kind == "anonymous":
            return {"X-Forwarded-For": "198.51.100.1"}
        if kind == "wrong-password":
            return {**self._basic("admin", "abcd efgh ijkl mnop qrst uvwx"), "X-Forwarded-For": "203.0.113.66"}
        if kind == "bearer":
            return {"Authorization": "Bearer abc.def.ghi", "X-Forwarded-For": "198.51.100.2"}
        if kind == "cookie":
            return {"Cookie": f"wpcompat_session={self.cookie}", "X-WP-Nonce": self.nonce,
                    "X-Forwarded-For": "198.51.100.3"}
        if kind == "cookie-bad-nonce":
            return {"Cookie": f"wpcompat_session={self.cookie}", "X-WP-Nonce": "0123456789",
                    "X-Forwarded-For": "198.51.100.4"}
        return {**self._basic(kind, self.passwords[kind]), "X-Forwarded-For": "198.51.100.10"}

    @staticmethod
    def _basic(login: str, password: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}

    def kinds(self) -> list[str]:
        return ["anonymous", "wrong-password", "bearer", "cookie", "cookie-bad-nonce", *self.passwords]


_HOSTILE_HEADERS: list[dict[str, str]] = [
    {"Origin": "http://a:99999"}, {"Origin": "http://[::1"}, {"Origin": "null"}, {"Referer": "http://[::1"},
    {"X-HTTP-Method-Override": "DELETE"}, {"X-HTTP-Method-Override": "GET"}, {"X-HTTP-Method-Override": "\x7f"},
    {"If-None-Match": "*"}, {"Accept": "*/*;q=nan"}, {"Cookie": "wpcompat_session=forged.sig; a=b"},
    {"Cookie": "=;=;;"}, {"Authorization": "Basic !!!"}, {"Authorization": "Basic " + base64.b64encode(b"\xff:\xfe").decode()},
    {"Authorization": "Digest x"}, {"X-WP-Nonce": "x" * 5000}, {"Content-Type": "application/json; charset=bogus"},
    {"X-Forwarded-For": "not an ip, [::1"}, {"User-Agent": "\u00e9" * 300},
]


@dataclass
class Request:
    method: str
    url: str
    headers: dict[str, str]
    content: bytes | None
    rest: bool
    kind: str

    def describe(self) -> str:
        body = (self.content or b"")[:300]
        headers = {k: v[:100] for k, v in self.headers.items()}
        return f"{self.method} {self.url[:300]} as {self.kind} headers={headers} body={body!r}"

    __repr__ = describe


@st.composite
def requests(draw: st.DrawFn, targets: list[Target], callers: Callers) -> Request:
    target = draw(st.sampled_from(targets))
    kind = draw(st.sampled_from(callers.kinds()))
    path = target.path
    for name, pattern in target.path_params:
        path = path.replace("{" + name + "}", draw(path_value(name, pattern)))
    names = [n for n, _ in target.args]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=min(6, len(names)))) if names else []
    schemas = dict(target.args)
    params: dict[str, Any] = {n: draw(value_for(schemas[n])) for n in chosen}
    pairs: list[tuple[str, str]] = [p for n, v in params.items() for p in php_pairs(n, v)]
    # Keys WordPress never declared: duplicates, brackets, PHP's name mangling, deep nesting.
    extra = draw(st.lists(st.sampled_from([
        ("id[", "1"), ("x" + "[a]" * 70, "1"), ("x" + "[" * 2000, "1"), ("_wpnonce", "abc"), ("%5Fwpnonce", "x"),
        ("_method", "DELETE"), ("_method", "GET"), ("_envelope", "1"), ("_jsonp", "cb"), ("_jsonp", "a b"),
        ("_fields", "id,title.rendered"), ("_embed", "1"), ("_embed[]", "author"), ("context", "edit"),
        ("per_page", "100"), ("page", HUGE), ("force", "true"), ("rest_route", "/wp/v2/users/me"),
        (" a.b[c", "1"), ("", "x"),
    ]), max_size=3))
    if draw(st.booleans()) and pairs:
        pairs.append(draw(st.sampled_from(pairs)))  # a duplicate key
    headers = {"Accept": "application/json", **callers.headers(kind)}
    for _ in range(draw(st.integers(0, 2))):
        headers.update(draw(st.sampled_from(_HOSTILE_HEADERS)))
    prefix = "/wp-json" if target.rest else ""
    query_pairs = list(extra)
    content: bytes | None = None
    if target.body:
        encoding = draw(st.sampled_from(["json", "json", "form", "multipart", "query", "broken-json",
                                         "broken-multipart", "json-list"]))
        if encoding.startswith("json") or encoding == "broken-json":
            payload: Any = params if encoding != "json-list" else list(params.values())
            text = json.dumps(payload, default=str, allow_nan=True)
            if encoding == "broken-json":
                text = text[: max(1, len(text) // 2)]
            content = text.encode("utf-8", "surrogatepass")
            headers.setdefault("Content-Type", "application/json")
        elif encoding == "form":
            content = urlencode(pairs).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif encoding in ("multipart", "broken-multipart"):
            content = multipart(pairs, "fuzzb0undary")
            if encoding == "broken-multipart":
                content = content[: len(content) // 2]
            headers["Content-Type"] = "multipart/form-data; boundary=fuzzb0undary"
        else:
            query_pairs = pairs + query_pairs
    else:
        query_pairs = pairs + query_pairs
    query = urlencode(query_pairs)
    method = target.method
    if len(query) > 16_000:
        # Longer than clients send in a URL: the same parameters in a form body, a GET being
        # a POST overridden to GET (as WordPress allows).
        if method == "GET":
            method = "POST"
            headers["X-HTTP-Method-Override"] = "GET"
        content = query.encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        query = ""
    url = prefix + path + ("?" + query if query else "")
    return Request(method, url, headers, content, target.rest, kind)


# ---------------------------------------------------------------- the HTML and HTTP pages

# Pools of plausible values (ids of the site, its slugs, its logins): drawn beside the hostile
# ones so that requests reach the handlers, not only their first check.
_IDS = ["1", "2", "3", "4", "5", "9", "10", "11", "12", "0"]
_SLUGS = ["hello-world", "les-scop-en-2021", "bienvenue", "a-propos", "lequipe", "logo", "economie-sociale",
          "cooperatives", "scop", "admin", "author", "nope", "x" * 300, "%00", "%ff", "%E9t%C3%A9", "..", "%2F",
          ";", "é😀"]
_NUMS = ["1", "2", "0", "-1", "1.5", "1e30", HUGE, "5" * 400, "99999", "0x10", " 3", "3a"]
_PUBLIC_PATHS = [
    "/", "/page/{n}/", "/{n}/", "/{n}/{n}/", "/{n}/{n}/{n}/", "/{n}/{n}/{n}/{slug}/", "/2021/03/04/{slug}/",
    "/2021/03/04/les-scop-en-2021/{n}/", "/2021/03/04/les-scop-en-2021/comment-page-{n}/",
    "/2021/03/04/les-scop-en-2021/feed/", "/2021/03/04/les-scop-en-2021/feed/{slug}/",
    "/2021/03/04/les-scop-en-2021/embed/", "/2021/03/04/les-scop-en-2021/trackback/",
    "/2021/03/04/les-scop-en-2021/attachment/{slug}/", "/2021/page/{n}/", "/2021/03/page/{n}/",
    "/category/{slug}/", "/category/economie-sociale/{slug}/", "/category/{slug}/page/{n}/",
    "/category/{slug}/feed/", "/tag/{slug}/", "/tag/{slug}/feed/atom/", "/author/{slug}/",
    "/author/{slug}/page/{n}/", "/author/{slug}/feed/", "/type/{slug}/", "/feed/", "/feed/{slug}/",
    "/comments/feed/", "/comments/feed/{slug}/", "/search/{slug}/", "/search/{slug}/page/{n}/",
    "/search/{slug}/feed/rss2/", "/{slug}/", "/a-propos/{slug}/", "/{slug}/embed/", "/{slug}/{slug}/{slug}/",
    "/index.php", "/index.php/{slug}/", "/wp-content/{slug}", "/xmlrpc.php", "/robots.txt",
    "/wp-sitemap.xml", "/wp-sitemap-posts-post-{n}.xml", "/theme/style.css", "/favicon.ico", "/healthz",
    "/embed/{slug}", "/wp-admin/", "/wp-admin/{slug}", "//", "/%2e%2e/", "/" + "a/" * 200,
]
_PUBLIC_QUERY: dict[str, list[str]] = {
    "p": _IDS, "page_id": _IDS, "attachment_id": _IDS, "s": ["scop", "coopé", "\"a b\"", "-scop", "%", "_", ""],
    "feed": ["rss2", "atom", "rdf", "rss", "comments-rss2", "comments-atom", "nope"], "cat": ["1", "2", "-2", "2,3"],
    "category_name": _SLUGS, "tag": _SLUGS, "tag_id": _IDS, "author": ["1", "2", "-1", "1,2"],
    "author_name": _SLUGS, "m": ["2021", "202103", "20210304", "2021030414", "1", "99999999999999"],
    "paged": _NUMS, "page": _NUMS, "year": ["2021", "2031"], "monthnum": ["3", "13"], "day": ["4", "32"],
    "hour": ["14", "25"], "minute": ["30"], "second": ["0"], "w": ["9", "54"], "name": _SLUGS,
    "pagename": ["a-propos", "a-propos/lequipe"], "attachment": _SLUGS, "preview": ["true"], "cpage": _NUMS,
    "replytocom": _IDS, "withcomments": ["1"], "orderby": ["date", "title", "rand", "nope"],
    "order": ["ASC", "DESC", "x"], "post_type": ["post", "page", "attachment", "revision", "any", "nope"],
    "posts_per_page": _NUMS, "embed": ["true"], "exact": ["1"], "sentence": ["1"], "more": ["1"],
    "unapproved": _IDS, "moderation-hash": ["abc"], "post_format": ["aside", "nope"], "taxonomy": ["category"],
    "term": _SLUGS, "static": ["1"], "error": ["404"], "rest_route": ["/", "/wp/v2/posts", "/x"],
}
_LOGIN_ACTIONS = ["login", "logout", "lostpassword", "retrievepassword", "rp", "resetpass", "postpass",
                  "register", "confirmaction", "confirm_admin_email", "nope", ""]
_MODERATION_ACTIONS = ["approve", "unapprove", "spam", "unspam", "trash", "untrash", "delete", "replyto",
                       "editedcomment", "undo", "editcomment", "approvecomment", "unapprovecomment",
                       "spamcomment", "trashcomment", "deletecomment", "cdc", "mac", "-1", "nope"]
_PROVIDERS = ["google", "facebook", "github", "twitter", "nope", "x" * 300, "%00"]
_HOME_URLS = ["http://example.test/2021/03/04/les-scop-en-2021/", "http://example.test/?p=2",
              "http://example.test/?p=" + HUGE, "http://example.test/a-propos/lequipe/",
              "http://example.test/page/" + HUGE + "/", "http://example.test/?page_id=10",
              "https://example.test/2021/03/04/les-scop-en-2021/embed/", "http://evil.example/",
              "http://example.test/2021/03/04/" + "x" * 2000 + "/", "http://example.test:99999/"]


@dataclass(frozen=True)
class Page:
    """One of the HTML/HTTP entry points: its methods, its address (a template of
    `_PUBLIC_PATHS` or a fixed path) and the parameters it reads, each with plausible values."""

    methods: tuple[str, ...]
    path: str
    query: tuple[tuple[str, tuple[str, ...]], ...] = ()
    form: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rest: bool = False


def _p(**pools: list[str] | tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Pools by parameter name; `__` stands for `-`, a trailing `_` for `[]` (names Python can't spell)."""
    out = []
    for name, values in pools.items():
        name = name.replace("__", "-")
        out.append((name[:-1] + "[]" if name.endswith("_") else name, tuple(values)))
    return tuple(out)


_REDIRECTS = ("/wp-admin/", "http://example.test/x", "//evil.example", "http://evil.example/", "/\\evil.example",
              "javascript:alert(1)", "http://[::1", "http://a:99999", "https://example.test@evil.example")
NONCE_ACTIONS = ("bulk-comments", "log-out", "approve-comment_1", "delete-comment_1", "approve-comment_2",
                "delete-comment_2", "replyto-comment", "update-comment_1")
PAGES: list[Page] = [
    Page(("GET", "HEAD"), "{public}", query=tuple(_PUBLIC_QUERY.items())),
    Page(("GET", "HEAD", "POST"), "/wp-login.php",
         query=_p(action=_LOGIN_ACTIONS, redirect_to=_REDIRECTS, loggedout=["true"], _wpnonce=["nonce:log-out"],
                  key=["abc", "x" * 40], login=["admin", "nope", "a@b"], wp_lang=["fr_FR", "xx", "../x"],
                  error=["invalidkey", "expiredkey", "nope"], checkemail=["confirm", "registered"],
                  reauth=["1"], interim__login=["1"], instance=["1"]),
         form=_p(log=["admin", "editor", "subscriber", "camille@example.test", "nope", ""],
                 pwd=["password", "", "x" * 5000], rememberme=["forever"], redirect_to=_REDIRECTS,
                 testcookie=["1"], user_login=["admin", "editor", "nope", "a@b", ""], pass1=["Secret-123!", ""],
                 pass2=["Secret-123!", "other"], rp_key=["abc", ""], post_password=["sesame", "nope"],
                 wp__submit=["Log In"], pw_weak=["on"])),
    Page(("GET", "HEAD", "POST"), "/wp-admin/edit-comments.php",
         query=_p(comment_status=["all", "moderated", "approved", "spam", "trash", "mine", "nope"], p=_IDS,
                  s=["scop", ""], paged=_NUMS, done=["approved", "1"], error=["1"], reason=["<b>x</b>"], n=_NUMS,
                  undo=["abc"], denied=_NUMS, orderby=["comment_date", "nope"], order=["asc", "x"],
                  comment_type=["comment", "pings"]),
         form=_p(action=_MODERATION_ACTIONS, action2=_MODERATION_ACTIONS, comment_=_IDS, c=_IDS,
                 _wpnonce=["nonce:bulk-comments", "x"], comment_status=["all", "spam"], p=_IDS, paged=_NUMS,
                 s=["x"], undo=["abc"], content=["Réponse", ""], comment_ID=_IDS, comment_post_ID=_IDS)),
    Page(("GET", "HEAD", "POST"), "/wp-admin/comment.php",
         query=_p(action=_MODERATION_ACTIONS, c=_IDS, _wpnonce=["nonce:approve-comment_1",
                  "nonce:delete-comment_1", "nonce:approve-comment_2", "nonce:delete-comment_2"],
                  noredir=["1"], redirect_to=_REDIRECTS),
         form=_p(action=_MODERATION_ACTIONS, c=_IDS, comment_ID=_IDS, _wpnonce=["nonce:update-comment_1",
                 "nonce:delete-comment_1"], content=["Texte", ""], newcomment_author=["A"],
                 newcomment_author_email=["a@example.org", "x"], newcomment_author_url=["http://[::1"],
                 comment_status=["1", "0", "spam", "nope"], aa=["2021"], mm=["13"], jj=["40"], hh=["25"],
                 mn=["61"], ss=["61"], referredby=_REDIRECTS)),
    Page(("POST", "GET", "PUT", "DELETE"), "/wp-comments-post.php",
         form=_p(comment_post_ID=_IDS, comment=["Un commentaire.", "", "x" * 70_000], author=["Zoé", ""],
                 email=["zoe@example.org", "x", ""], url=["http://example.org", "javascript:x"],
                 comment_parent=_IDS, redirect_to=_REDIRECTS, wp__comment__cookies__consent=["yes"],
                 _wp_unfiltered_html_comment=["x"])),
    Page(("GET",), "/wp-json/oembed/1.0/embed", rest=True,
         query=_p(url=_HOME_URLS, format=["json", "xml", "nope"], maxwidth=_NUMS, maxheight=_NUMS)),
    Page(("GET",), "/wp-json/oembed/1.0/proxy", rest=True,
         query=_p(url=_HOME_URLS, format=["json", "xml"], maxwidth=_NUMS, discover=["true", "x"])),
    Page(("GET", "POST"), "/wp-admin/admin-ajax.php",
         query=_p(action=["rest-nonce", "heartbeat", "nope", ""]), form=_p(action=["rest-nonce", "heartbeat"])),
    Page(("GET", "OPTIONS"), "/auth/me", query=_p(redirect_to=_REDIRECTS)),
    Page(("GET",), "/auth/popup", query=_p(provider=_PROVIDERS, redirect_to=_REDIRECTS)),
    Page(("GET",), "/auth/me/export"),
    Page(("POST",), "/auth/me/erase", form=_p(confirm=["1"])),
    Page(("POST", "OPTIONS"), "/auth/logout"),
    Page(("GET", "POST"), "/auth/facebook/deletion", query=_p(id=["abc", HUGE]),
         form=_p(signed_request=["abc.def", "x", "." * 50, "eyJhIjoxfQ.eyJ1c2VyX2lkIjoiMSJ9"])),
    Page(("GET",), "/auth/{provider}/login", query=_p(redirect_to=_REDIRECTS, popup=["1"])),
    Page(("GET", "POST"), "/auth/{provider}/callback",
         query=_p(state=["abc", "x" * 300], code=["abc"], error=["access_denied"], error_description=["x"]),
         form=_p(state=["abc"], code=["abc"], user=["{\"name\":{}}", "[", "null"])),
    Page(("GET",), "/wpcompat/mail/confirm", query=_p(t=["signed", "abc", "a.b", ""])),
    Page(("GET", "POST"), "/wpcompat/mail/unsubscribe", query=_p(t=["signed", "abc", "a.b", ""])),
    Page(("GET", "POST"), "/wpcompat/mail/moderate", query=_p(t=["signed", "signed", "abc", "a.b", ""])),
]

# Query fragments no browser would send: broken percent escapes, invalid UTF-8, PHP's key syntax.
_RAW_QUERY = ["%ff%fe", "a=%ff", "p=%zz", "a[=1", "&&&", "=", "p=1;p=2", "%", "p[]=1&p[]=2", "p[a]=1",
              "cat[]=1", "s[]=x", "paged[]=2", "m[]=1", "author[a]=1", "%00=1", "p=1%00", "feed[]=rss2"]
_PAGE_HEADERS: list[dict[str, str]] = [
    {"Host": "evil.example"}, {"Host": "example.test:99999"}, {"Host": "[::1"}, {"Host": "a" * 300},
    {"Host": "exämple.test"}, {"X-Forwarded-Host": "evil.example"}, {"X-Forwarded-Proto": "gopher"},
    {"X-Forwarded-Proto": "https"}, {"X-Forwarded-For": "\x00, 999.1.1.1"}, {"X-Forwarded-Port": "-1"},
    {"Origin": "http://evil.example"}, {"Origin": "http://a:99999"}, {"Referer": "http://[::1"},
    {"Referer": "http://example.test/wp-admin/edit-comments.php?paged=" + HUGE},
    {"Cookie": "wordpress_logged_in_x=admin|" + HUGE + "|abc; wordpress_test_cookie=WP Cookie check"},
    {"Cookie": "wp-postpass_abc=%ff; comment_author_email_x=\x7f@x; comment_author_x=" + "é" * 200},
    {"Cookie": "wpcompat_session=" + "x" * 5000}, {"Cookie": "=;;=;a"}, {"Cookie": "wpcompat_commenter=forged.sig"},
    {"Accept-Language": "zz-ZZ;q=nan, *;q=-1"}, {"Accept-Language": "fr" * 500}, {"Accept": "application/rss+xml"},
    {"If-Modified-Since": "Mon, 99 Foo 2021 99:99:99 GMT"}, {"If-None-Match": "\"" + "x" * 1000},
    {"Range": "bytes=999999999999999999999-"}, {"User-Agent": "\x7f" * 300}, {"Content-Length": "5"},
]


@st.composite
def page_requests(draw: st.DrawFn, callers: Callers) -> Request:
    """A request to one of the HTML/HTTP entry points, with hostile values and headers."""
    page = draw(st.sampled_from(PAGES))
    method = draw(st.sampled_from(page.methods))
    kind = draw(st.sampled_from(["anonymous", "anonymous", *callers.sessions]))
    path = page.path
    if path == "{public}":
        path = draw(st.sampled_from(_PUBLIC_PATHS))
    while "{n}" in path or "{slug}" in path or "{provider}" in path:
        path = (path.replace("{n}", draw(st.sampled_from(_NUMS)), 1)
                .replace("{slug}", draw(st.sampled_from(_SLUGS)), 1)
                .replace("{provider}", draw(st.sampled_from(_PROVIDERS)), 1))

    def params(pools: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, str]]:
        if not pools:
            return []
        chosen = draw(st.lists(st.sampled_from(pools), unique_by=lambda p: p[0], max_size=min(5, len(pools))))
        out: list[tuple[str, str]] = []
        for name, pool in chosen:
            value: Any = draw(st.one_of(st.sampled_from(pool), st.sampled_from(pool), hostile_values()))
            if isinstance(value, str) and value.startswith("nonce:"):
                value = callers.page_nonce(kind, value[len("nonce:"):])
            elif value == "signed":
                value = callers.sign_link(draw(st.dictionaries(
                    st.sampled_from(["a", "c", "i", "t", "k", "e"]),
                    st.one_of(st.sampled_from(["approve", "spam", "trash", "x", 1, 2, 2**70, -1, None, 1.5]),
                              hostile_values()), max_size=4)))
            out += php_pairs(name, value)
        return out

    query_pairs = params(page.query)
    form_pairs = params(page.form) if method in ("POST", "PUT", "DELETE") else []
    headers = {"Accept": "text/html,*/*", **callers.page_headers(kind)}
    for _ in range(draw(st.integers(0, 2))):
        headers.update(draw(st.sampled_from(_PAGE_HEADERS + _HOSTILE_HEADERS)))
    content: bytes | None = None
    if method in ("POST", "PUT", "DELETE"):
        encoding = draw(st.sampled_from(["form", "form", "multipart", "multipart-files", "broken-multipart",
                                         "json", "none", "garbage", "query"]))
        if encoding == "form":
            content = urlencode(form_pairs).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif encoding.startswith("multipart") or encoding == "broken-multipart":
            content = multipart(form_pairs, "fuzzb0undary", files=encoding == "multipart-files")
            if encoding == "broken-multipart":
                content = content[: len(content) // 2]
            headers["Content-Type"] = draw(st.sampled_from([
                "multipart/form-data; boundary=fuzzb0undary", "multipart/form-data",
                "multipart/form-data; boundary=", "multipart/form-data; boundary=other"]))
        elif encoding == "json":
            content = json.dumps(dict(form_pairs)).encode("utf-8", "surrogatepass")
            headers["Content-Type"] = "application/json"
        elif encoding == "garbage":
            content = draw(st.sampled_from([b"\xff\xfe\x00", b"%ff=%fe&a", b"a=" + b"x" * 200_000, b"[" * 5000]))
            headers["Content-Type"] = draw(st.sampled_from([
                "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
                "text/plain", "multipart/form-data; boundary=\"", "\x7f"]))
        elif encoding == "query":
            query_pairs += form_pairs
    query = urlencode(query_pairs)
    raw = draw(st.lists(st.sampled_from(_RAW_QUERY), max_size=2))
    query = "&".join(part for part in [query, *raw] if part)
    # Servers refuse longer request lines (nginx: 8 KB, a 414) before any application sees them;
    # the cut may split an escape, one more broken input.
    query = query[:8000]
    url = path + ("?" + query if query else "")
    return Request(method, url, headers, content, page.rest, kind)


# ---------------------------------------------------------------- properties


# What the mail sender (a background task) changes as it delivers: a refused request may be
# answered while it marks an earlier request's mail as sent.
_DELIVERY = ("status", "attempts", "next_attempt", "lease_until", "claimed_by", "sent", "last_error")


async def checksum(storage: Storage) -> dict[str, str]:
    """A digest of each table's rows (their values), apart from what authenticating itself
    writes: the failed-authentication log, an Application Password's record of its last use
    (WordPress writes it on every successful authentication, even when the request is then
    refused) and the change log, which only mirrors the other tables' changes; and apart from the
    outbox's delivery state, which the mail sender moves on in the background."""
    t = storage.tables
    skipped = {t.auth_failures.name, f"{t.prefix}wpc_changes", f"{t.prefix}wpc_change_clock"}
    outbox = f"{t.prefix}{OUTBOX}"
    digests: dict[str, str] = {}
    for table in t.metadata.sorted_tables:
        if table.name in skipped:
            continue
        digest = hashlib.blake2b(digest_size=16)
        order = [c for c in table.primary_key.columns] or list(table.columns)
        rows = await storage.db.fetch_all(sa.select(table).order_by(*order))
        for row in rows:
            # A Record iterates over its keys: its values are read from the mapping.
            values = dict(row._mapping)
            if table is t.usermeta and values.get("meta_key") == "_application_passwords":
                values["meta_value"] = _without_usage(values.get("meta_value"))
            if table.name == outbox:
                for column in _DELIVERY:
                    values.pop(column, None)
            digest.update(repr(tuple(values.values())).encode("utf-8", "surrogatepass"))
        digests[table.name] = digest.hexdigest()
    return digests


def _without_usage(raw: Any) -> Any:
    """The stored Application Passwords without their last use (time and address)."""
    items = loads_maybe(raw) if isinstance(raw, str) else raw
    if not isinstance(items, (dict, list)):
        return raw
    values = items.values() if isinstance(items, dict) else items
    return repr([{k: v for k, v in item.items() if k not in ("last_used", "last_ip")}
                 if isinstance(item, dict) else item for item in values])


_JSONP_WRAP = re.compile(r"/\*\*/[\w.]+\((.*)\)", re.DOTALL)


def _code(response: Any) -> str | None:
    """The error code of an answer, whether plain JSON or wrapped for `_jsonp` (the same body
    inside `/**/callback(...)`, with the same status)."""
    text = response.text
    wrapped = _JSONP_WRAP.fullmatch(text)
    try:
        body = json.loads(wrapped.group(1) if wrapped else text)
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


@dataclass
class Violation:
    rule: str
    request: str
    status: int
    detail: str


@dataclass
class Fuzzer:
    """Sends requests to an app, checks every answer, and counts."""

    client: TestClient
    storage: Storage
    strict: bool = True  # raise on the first violation (Hypothesis then shrinks it)
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    violations: list[Violation] = field(default_factory=list)
    slowest: float = 0.0  # CPU seconds
    slowest_wall: float = 0.0
    slow_wall: list[str] = field(default_factory=list)
    gc_pauses: GcPauses = field(default_factory=GcPauses)
    _version: Any = None
    _checksum: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._version = self._call(self.storage.data_version)
        self._checksum = self._call(checksum, self.storage)

    def _call(self, fn: Any, *args: Any) -> Any:
        return self.client.portal.call(fn, *args)  # type: ignore[union-attr]

    def send(self, req: Request) -> None:
        started, cpu_started, gc_before = time.perf_counter(), time.process_time(), self.gc_pauses.total
        # Raw bytes: a hostile header may hold UTF-8, which a client sends as is.
        headers = [(k.encode(), v.encode("utf-8", "surrogatepass")) for k, v in req.headers.items()]
        response = self.client.request(req.method, req.url, headers=headers, content=req.content,
                                       follow_redirects=False)
        collecting = self.gc_pauses.total - gc_before
        elapsed = time.process_time() - cpu_started - collecting
        wall = time.perf_counter() - started
        self.requests += 1
        self.statuses[response.status_code] += 1
        self.slowest = max(self.slowest, elapsed)
        self.slowest_wall = max(self.slowest_wall, wall)
        if wall > SLOW_S:
            self.slow_wall.append(f"{wall:.2f} s wall, {elapsed:.2f} s CPU, {collecting:.2f} s full GC, load {os.getloadavg()[0]:.1f}: "
                                  + req.describe()[:300])
        status = response.status_code
        text = response.text
        if status >= 500 and (status, _code(response)) not in WORDPRESS_5XX:
            self._violate("5xx", req, status, text[:500])
        if _TRACEBACK.search(text):
            self._violate("traceback", req, status, text[:500])
        if elapsed > SLOW_S:
            self._violate("slow", req, status,
                          f"{elapsed:.2f} s of CPU ({wall:.2f} s wall, {collecting:.2f} s full GC apart)")
        if req.rest and status >= 400 and "_jsonp" not in req.url and "_envelope" not in req.url:
            self._check_error_shape(req, response)
        self._check_database(req, status)

    def _check_error_shape(self, req: Request, response: Any) -> None:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            self._violate("error shape", req, status, "not JSON: " + response.text[:200])
            return
        if not (isinstance(body, dict) and isinstance(body.get("code"), str) and isinstance(body.get("message"), str)):
            self._violate("error shape", req, status, response.text[:300])
            return
        data = body.get("data")
        if isinstance(data, dict) and "status" in data and data["status"] != status:
            self._violate("error status", req, status, response.text[:300])

    def _check_database(self, req: Request, status: int) -> None:
        version = self._call(self.storage.data_version)
        # SQLite's data_version says cheaply when nothing was written; other backends have no
        # such version, and every answer is checked against the full checksum.
        if version is not None and version == self._version:
            return
        self._version = version
        now = self._call(checksum, self.storage)
        if now != self._checksum and status >= 400:
            changed = sorted(name for name in now.keys() | self._checksum.keys()
                             if now.get(name) != self._checksum.get(name))
            self._violate("database changed by a refused request", req, status, "tables: " + ", ".join(changed))
        self._checksum = now

    def _violate(self, rule: str, req: Request, status: int, detail: str) -> None:
        violation = Violation(rule, req.describe(), status, detail)
        self.violations.append(violation)
        if self.strict:
            raise AssertionError(f"{rule}: {violation.request} → {status} {detail}")

    def summary(self) -> dict[str, Any]:
        rules = Counter(v.rule for v in self.violations)
        return {
            "requests": self.requests,
            "statuses": dict(sorted(self.statuses.items())),
            "5xx": rules["5xx"], "tracebacks": rules["traceback"], "slow": rules["slow"],
            "error_shape": rules["error shape"] + rules["error status"],
            "database_changes": rules["database changed by a refused request"],
            "slowest_cpu_s": round(self.slowest, 3),
            "slow_wall": len(self.slow_wall), "slowest_wall_s": round(self.slowest_wall, 3),
            "full_gc_s": round(self.gc_pauses.total, 3), "longest_full_gc_s": round(self.gc_pauses.longest, 3),
            "load_average": [round(x, 1) for x in os.getloadavg()],
        }


__all__ = ["HTML_TARGETS", "NONCE_ACTIONS", "PAGES", "Callers", "Fuzzer", "GcPauses", "Page", "Request", "Target", "checksum", "page_requests",
           "requests", "rest_targets"]
