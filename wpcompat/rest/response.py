"""What handlers return: data, status, headers, and links still to be compacted and embedded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wpcompat.rest.fields import field_included

Links = dict[str, list[dict[str, Any]]]
CURIES = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]
_CURIE_PREFIX = "https://api.w.org/"


@dataclass
class Resource:
    """One prepared item: its fields, and its links by relation (full relation URIs allowed)."""

    data: dict[str, Any]
    links: Links = field(default_factory=dict)
    # Most controllers add their links only when `_fields` asks for `_links` (or `_embedded`);
    # a few (post statuses in 6.1) add them whatever `_fields` says.
    links_always: bool = False

    def add_link(self, rel: str, href: str, **attributes: Any) -> None:
        self.links.setdefault(rel, []).append({**attributes, "href": href})


@dataclass
class RestResponse:
    data: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # A body served as is instead of JSON (rest_pre_serve_request: oEmbed's XML format), with
    # its Content-Type.
    raw: tuple[bytes, str] | None = None
    # The rows the items were prepared from, for the endpoint's `embed_primer` (rest/routing.py).
    embed_rows: list[dict[str, Any]] | None = None


def compact_links(links: Links) -> dict[str, Any]:
    """get_compact_response_links: `https://api.w.org/x` → `wp:x`, with the curies appended.

    As in PHP, a renamed relation moves to the end, so `wp:` relations follow the others.
    """
    plain: dict[str, Any] = {}
    compacted: dict[str, Any] = {}
    for rel, items in links.items():
        if rel.startswith(_CURIE_PREFIX):
            compacted["wp:" + rel[len(_CURIE_PREFIX):]] = items
        else:
            plain[rel] = items
    if compacted:
        plain.update(compacted)
        plain["curies"] = CURIES
    return plain


def resource_to_data(resource: Resource) -> dict[str, Any]:
    """An item as it sits in a collection: its fields followed by `_links` (if any)."""
    if not resource.links:
        return resource.data
    return {**resource.data, "_links": compact_links(resource.links)}


def as_flags(names: tuple[str, ...]) -> dict[str, Any]:
    """`supports` as the REST API shows it: feature → true."""
    return dict.fromkeys(names, True)


def keyed_entry(resource: Any, fields: list[str] | None) -> Any:
    """One value of a collection keyed by slug (types, taxonomies, statuses), as WordPress builds
    it under `_fields`: each item is prepared with the request's fields, so a path such as
    `post.name` (whose top level is no item field) leaves it an empty PHP array, links included
    only when asked for."""
    if fields is None:
        return resource_to_data(resource)
    data = {k: v for k, v in resource.data.items() if field_included(k, fields)}
    if field_included("_links", fields) or field_included("_embedded", fields):
        return resource_to_data(type(resource)(data, resource.links))
    return data or []
