"""The reverse of wpcompat/permalinks.py: a public URL → WordPress's query vars.

WordPress turns a request path into query vars with its rewrite rules (WP_Rewrite::rewrite_rules,
matched in order by WP::parse_request), then merges the public query vars of the query string.
This module builds the same ordered rules from the permalink options and matches them; it does
not touch the database. Which rule wins matters: with a structure that starts with `%postname%`
or `%category%` (WordPress's "verbose page rules"), page rules come before post rules and a page
rule only wins when that page exists, so the caller passes `page_exists`.

Without pretty permalinks there are no rules: the path is ignored and only the query string counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from wpcompat.permalinks import Permastructs

# WP::$public_query_vars that the public pages answer (others are ignored, as WordPress ignores
# unknown ones).
PUBLIC_VARS = (
    "m", "p", "posts", "w", "cat", "withcomments", "withoutcomments", "s", "search", "exact",
    "sentence", "calendar", "page", "paged", "more", "tb", "pb", "author", "order", "orderby",
    "year", "monthnum", "day", "hour", "minute", "second", "name", "category_name", "tag", "feed",
    "author_name", "pagename", "page_id", "error", "attachment", "attachment_id", "subpost",
    "subpost_id", "preview", "robots", "favicon", "taxonomy", "term", "cpage", "post_type", "embed",
    "post_format",
)
FEED_TYPES = ("feed", "rdf", "rss", "rss2", "atom")
_FEED = "(feed|rdf|rss|rss2|atom)"
# WP_Rewrite's rewritecode → rewritereplace.
_TAG_REGEX = {
    "%year%": "([0-9]{4})", "%monthnum%": "([0-9]{1,2})", "%day%": "([0-9]{1,2})",
    "%hour%": "([0-9]{1,2})", "%minute%": "([0-9]{1,2})", "%second%": "([0-9]{1,2})",
    "%postname%": "([^/]+)", "%post_id%": "([0-9]+)", "%author%": "([^/]+)", "%pagename%": "(.?.+?)",
    "%search%": "(.+)", "%category%": "(.+?)", "%post_tag%": "([^/]+)", "%post_format%": "([^/]+)",
}
_TAG_VAR = {
    "%year%": "year", "%monthnum%": "monthnum", "%day%": "day", "%hour%": "hour", "%minute%": "minute",
    "%second%": "second", "%postname%": "name", "%post_id%": "p", "%author%": "author_name",
    "%pagename%": "pagename", "%search%": "s", "%category%": "category_name", "%post_tag%": "tag",
    "%post_format%": "post_format",
}


@dataclass(frozen=True)
class Rule:
    regex: re.Pattern[str]
    vars: tuple[str, ...]  # the query var each group fills, in order
    fixed: tuple[tuple[str, str], ...] = ()  # query vars the rule sets outright
    page_rule: bool = False  # wins only when the page exists (verbose page rules)
    name: str = ""


@dataclass
class Parsed:
    """What a request asks for: WP::$query_vars after parse_request()."""

    vars: dict[str, str] = field(default_factory=dict)
    matched_rule: str = ""  # "" for the home page (empty path) or plain permalinks
    error: str = ""  # "404" when no rule matched a non-empty path

    def get(self, name: str, default: str = "") -> str:
        return self.vars.get(name, default)


def _tags_to_regex(struct: str) -> tuple[str, list[str]]:
    """A permastruct (`category/%category%`) → its regex (no anchors) and the query vars filled."""
    out, names, pos = [], [], 0
    for m in re.finditer(r"%[a-z_]+%", struct):
        out.append(re.escape(struct[pos:m.start()]))
        out.append(_TAG_REGEX.get(m.group(0), "([^/]+)"))
        names.append(_TAG_VAR.get(m.group(0), m.group(0).strip("%")))
        pos = m.end()
    out.append(re.escape(struct[pos:]))
    return "".join(out).replace("\\/", "/"), names


def _endpoint_rules(struct: str, name: str, *, paged: bool = True, feed: bool = True,
                    embed: bool = True, walk: bool = False, single: bool = False,
                    page_rule: bool = False, fixed: tuple[tuple[str, str], ...] = ()) -> list[Rule]:
    """WP_Rewrite::generate_rewrite_rules for one permastruct (the endpoints we answer)."""
    regex, names = _tags_to_regex(struct.strip("/"))
    bases: list[tuple[str, list[str]]] = [(regex, names)]
    if walk:
        # walk_dirs: every leading part of the structure is an archive too (`2020/`, `2020/10/`).
        parts = struct.strip("/").split("/")
        for n in range(len(parts) - 1, 0, -1):
            sub_regex, sub_names = _tags_to_regex("/".join(parts[:n]))
            if sub_names:
                bases.append((sub_regex, sub_names))
    rules: list[Rule] = []
    for base, base_names in bases:
        prefix = base + "/" if base else ""
        tuple_names = tuple(base_names)
        kw = {"fixed": fixed, "page_rule": page_rule and base == regex, "name": name}
        if feed:
            rules.append(Rule(re.compile(f"^{prefix}feed/{_FEED}/?$"), (*tuple_names, "feed"), **kw))
            rules.append(Rule(re.compile(f"^{prefix}{_FEED}/?$"), (*tuple_names, "feed"), **kw))
        if embed:
            rules.append(Rule(re.compile(f"^{prefix}embed/?$"), tuple_names,
                              fixed=(*fixed, ("embed", "true")), page_rule=kw["page_rule"], name=name))
        if paged and not (single and base == regex):
            rules.append(Rule(re.compile(f"^{prefix}page/?([0-9]{{1,}})/?$"), (*tuple_names, "paged"), **kw))
        if single and base == regex:
            rules.append(Rule(re.compile(f"^{prefix}comment-page-([0-9]{{1,}})/?$"), (*tuple_names, "cpage"), **kw))
            # A post's own pages: `<permalink>2/` (<!--nextpage-->).
            rules.append(Rule(re.compile(f"^{base}(?:/([0-9]+))?/?$"), (*tuple_names, "page"), **kw))
            if not page_rule:
                # Attachments under their post: `<permalink>attachment/<slug>/` is tried before
                # the post's own rules, `<permalink><slug>/` after them (WordPress's order).
                first = len(rules) - (4 if feed else 2) - (1 if embed else 0)
                rules.insert(first, Rule(re.compile(f"^{_ungroup(base)}/attachment/([^/]+)/?$"), ("attachment",),
                                         fixed=fixed, name="attachment"))
                rules.append(Rule(re.compile(f"^{_ungroup(base)}/([^/]+)/?$"), ("attachment",), fixed=fixed,
                                  name="attachment"))

        elif base:
            rules.append(Rule(re.compile(f"^{base}/?$"), tuple_names, **kw))
    return rules


def _ungroup(regex: str) -> str:
    """The same pattern with its groups made non-capturing (attachment rules keep only their own)."""
    return re.sub(r"\((?!\?)", "(?:", regex)


def date_struct(ps: Permastructs) -> str:
    """WP_Rewrite::get_date_permastruct: dates move under `date/` when %post_id% leads."""
    front = ps.front
    tokens = re.findall(r"%.+?%", ps.structure)
    if "%post_id%" in tokens[:3]:
        front += "date/"
    return front + "%year%/%monthnum%/%day%"


def verbose_page_rules(ps: Permastructs) -> bool:
    """Structures that start with an ambiguous tag make pages be tried before posts."""
    return bool(re.match(r"^/?%(postname|category|tag|author)%", ps.structure.removeprefix(ps.root)))


def rewrite_rules(ps: Permastructs) -> list[Rule]:
    """WP_Rewrite::rewrite_rules() in WordPress's order, for the endpoints served."""
    if not ps.pretty:
        return []
    root = ps.root
    rules: list[Rule] = []
    # extra_rules_top: the taxonomies' permastructs.
    for taxonomy in ("category", "post_tag", "post_format"):
        struct = ps.extra_struct(taxonomy)
        if struct:
            rules += _endpoint_rules(struct, taxonomy)
    # The home page: feeds, paging, embed.
    rules += _endpoint_rules(root, "home", embed=True)
    # Comment feeds of the whole site.
    rules += [
        Rule(re.compile(f"^{re.escape(root)}comments/feed/{_FEED}/?$"), ("feed",), (("withcomments", "1"),),
             name="comments"),
        Rule(re.compile(f"^{re.escape(root)}comments/{_FEED}/?$"), ("feed",), (("withcomments", "1"),),
             name="comments"),
    ]
    rules += _endpoint_rules(root + "search/%search%", "search")
    rules += _endpoint_rules(ps.front + "author/%author%", "author")
    rules += _endpoint_rules(date_struct(ps), "date", walk=True)
    post_rules = _endpoint_rules(ps.structure, "post", walk=True, single=True)
    page_rules = _endpoint_rules(root + "%pagename%", "page", single=True, page_rule=True)
    if verbose_page_rules(ps):
        rules += page_rules + post_rules
    else:
        rules += post_rules + page_rules
    return rules


def parse_request(path: str, query: Mapping[str, str], ps: Permastructs,
                  page_exists: Callable[[str], bool] = lambda path: True,
                  rules: list[Rule] | None = None) -> Parsed:
    """WP::parse_request(): match the path against the rules, then add the query string's vars.

    `path` is the request path below the home URL's path; `page_exists(pagename)` says whether a
    page lives at that path (only asked for page rules of structures with verbose page rules).
    """
    parsed = Parsed()
    request = path.strip("/")
    if ps.pretty and request and request != "index.php":
        if ps.using_index:
            request = request.removeprefix("index.php/")
        verbose = verbose_page_rules(ps)
        for rule in rules if rules is not None else rewrite_rules(ps):
            m = rule.regex.match(request)
            if not m:
                continue
            values = {name: value for name, value in zip(rule.vars, m.groups(), strict=False)
                      if value is not None and value != ""}
            if rule.page_rule and verbose and not page_exists(values.get("pagename", "")):
                continue
            parsed.vars.update(values)
            parsed.vars.update(dict(rule.fixed))
            parsed.matched_rule = rule.name
            break
        else:
            parsed.error = "404"
    for name in PUBLIC_VARS:
        if name in query and name not in parsed.vars:
            value = query[name]
            parsed.vars[name] = value if isinstance(value, str) else ""
    # `feed` without a type is the default feed (rss2); `feed=feed` too.
    if parsed.vars.get("feed") in ("feed", ""):
        if "feed" in parsed.vars:
            parsed.vars["feed"] = "rss2"
    return parsed
