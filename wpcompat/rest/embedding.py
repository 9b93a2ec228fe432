"""Embedded answers (`_embed`) kept across read requests while nothing they show has changed.

WordPress answers each embeddable link of an item (`author`, `replies`, `wp:term`,
`wp:featuredmedia`, `up`…) with an internal GET of the link's URL in `context=embed`: up to
thirty sub-requests for a page of ten posts, each through routing, argument validation, the
permission check, the handler and the item's preparation. The server does the same
(`RestServer.embedded_data`), and then keeps the answer (an item, a list, or the error object
WordPress embeds in its place) in the object memo (rest/object_memo.py) under the link's URL
and the viewer, labelled with the change-log versions of what the answer shows. The next
request that embeds the same link for the same viewer, with none of those versions changed,
takes that answer as it is: no sub-request, no query (and the page's batch loads,
`Endpoint.embed_primer`, run only if some link is not kept).

Which answers may be kept, and under which versions, is declared by the resource that answers
them: its endpoint's `embedder` (an `Embedder`). A link the embedder does not vouch for (a
query it does not know, or an endpoint without one) is dispatched on every request, as before.
What makes a kept answer the same as the sub-request's:
- the sub-request's answer is a function of its URL (path and query: `context=embed`, the
  page size the server adds), the site (its settings key the memo, its options and every
  user, term and like are the `global` tag), the caller (`viewer_key`: user or social
  commenter; their capabilities live in usermeta, `global` again) and the rows the embedder's
  versions cover; it reads no header, cookie or clock;
- the versions are those this request started from (`MemoVersions`), so an answer prepared
  while a write was committing is labelled with the versions from before it and is never
  taken after it (the object memo's rule).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wpcompat.rest.object_memo import MemoVersions, memo_versions, object_memo, viewer_key

if TYPE_CHECKING:
    from wpcompat.rest.request import RestRequest

# (the request's versions, the link's URL parameters, its query, whether the caller is
# anonymous) → the versions its answer is labelled with, or None: not kept.
EmbedVersions = Callable[[MemoVersions, Mapping[str, Any], Mapping[str, Any], bool], Hashable | None]


@dataclass(frozen=True)
class Embedder:
    """What one endpoint's embedded answers depend on, declared by the resource."""

    versions: EmbedVersions


def _plain(query: Mapping[str, Any], allowed: frozenset[str]) -> bool:
    return all(name in allowed for name in query)


_ITEM_QUERY = frozenset({"context"})
_BY_POST_QUERY = frozenset({"context", "per_page", "post"})


def _item_of_posts(
    versions: MemoVersions, url_params: Mapping[str, Any], query: Mapping[str, Any], anonymous: bool,
) -> Hashable | None:
    return versions.of_posts() if _plain(query, _ITEM_QUERY) else None


def _post_id(query: Mapping[str, Any]) -> int | None:
    """The `post=ID` of a link as the items' links write it (digits only), else None."""
    if not _plain(query, _BY_POST_QUERY):
        return None
    post = query.get("post")
    return int(post) if isinstance(post, str) and post.isdigit() and len(post) < 19 else None


def _by_post_of_posts(
    versions: MemoVersions, url_params: Mapping[str, Any], query: Mapping[str, Any], anonymous: bool,
) -> Hashable | None:
    return versions.of_posts() if _post_id(query) is not None else None


def _by_post_of_comments(
    versions: MemoVersions, url_params: Mapping[str, Any], query: Mapping[str, Any], anonymous: bool,
) -> Hashable | None:
    post_id = _post_id(query)
    if post_id is None:
        return None
    # A post's replies are its approved comments for every caller, but a logged-in caller's
    # own held comments count in a comment's page (get_page_of_comment's include_unapproved).
    return versions.of_approved_comments(post_id) if anonymous else versions.of_comments(post_id)


# A single item (`/users/<id>`, `/posts/<id>`, `/media/<id>`, …) asked for with no other
# parameter: it shows its own rows and, at most, other posts (a user's published posts decide
# whether anyone may see them) and global rows (options, users, terms).
ITEM = Embedder(_item_of_posts)
# A post's terms (`/categories?post=ID`): the terms (global) and the post (its type and status
# decide who may see them).
TERMS_OF_POST = Embedder(_by_post_of_posts)
# A post's comments (`/comments?post=ID`, the `replies` link): that post's comments (for an
# anonymous caller, what `approved_comments_of` covers), the posts, global rows.
COMMENTS_OF_POST = Embedder(_by_post_of_comments)


# viewer_key() of a caller with no user and no social commenter.
_ANONYMOUS = (0, None)


def embed_label(
    parent: RestRequest, href: str, embedder: Embedder | None, url_params: Mapping[str, Any],
    query: Mapping[str, Any],
) -> tuple[Hashable, Hashable] | None:
    """The memo key and versions of this link's answer for this caller, or None: not kept."""
    if embedder is None:
        return None
    versions = memo_versions(parent)
    if versions is None:
        return None
    viewer = viewer_key(parent)
    label = embedder.versions(versions, url_params, query, viewer == _ANONYMOUS)
    if label is None:
        return None
    return ("embed", href, viewer), label


def kept_answer(parent: RestRequest, label: tuple[Hashable, Hashable]) -> Any:
    """The answer kept under this label, or None. Kept answers are shared: never changed."""
    return object_memo(parent.storage, parent.settings).get(*label)


def keep_answer(parent: RestRequest, label: tuple[Hashable, Hashable], data: Any) -> None:
    object_memo(parent.storage, parent.settings).put(label[0], label[1], data)


__all__ = ["COMMENTS_OF_POST", "ITEM", "TERMS_OF_POST", "Embedder", "embed_label", "keep_answer", "kept_answer"]
