"""Pages of a post's comments kept across read requests while the post's comments are unchanged.

A logged-in reader's `comments?post=N` (the response cache does not serve it) would read the
same rows again on every request: the page's rows, with its authors' emails, children flags
and meta (`query_comments`'s extras). The rows of a query filtered by its posts depend only on
those posts' comments and their meta (logged `comments:<post>` or `unapproved:<post>`, or
`comments` when the post is not known) and on users (their emails: logged `global`), which is
what `MemoVersions.of_comments` labels with, at the tick the request started from
(rest/object_memo.py): every committed write, this process's, another instance's or
WordPress's own through the triggers, gives the next request another label. A page read while a
write was committing carries the label from before it and is never served after it.

Only queries filtered by their posts are kept (the others may show any post's comments), only
for read requests with versions (`memo_versions`), and only the rows and what the page query
read with them: permissions, the posts and everything prepared from the rows are checked and
built per request as before (the prepared items have their own memo).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from wpcompat.rest.object_memo import memo_versions
from wpcompat.rest.request import RestRequest
from wpcompat.storage import Storage
from wpcompat.storage.comments import CommentPage, CommentQuery, query_comments
from wpcompat.util.numbers import php_intval
from wpcompat.util.versioned_lru import VersionedLRU

# Pages kept per process and database (a page is at most 100 rows, usually 10).
MAX_PAGES = 512

PageMemo = VersionedLRU[Hashable, Hashable, CommentPage]


def _memo(storage: Storage) -> PageMemo:
    found: PageMemo | None = storage.memo.get("comments.pages")
    if found is None:
        found = storage.memo["comments.pages"] = VersionedLRU(MAX_PAGES)
    return found


def _posts_filtered(q: CommentQuery) -> list[int] | None:
    """The posts the query is limited to, or None when it is not limited to some posts."""
    posts = q.post__in
    if isinstance(posts, (str, int)) or not posts or q.post_id or q.extra_where:
        return None
    return sorted({php_intval(p) for p in posts})


def _copy(page: CommentPage) -> CommentPage:
    # The rows are shared (nobody changes a row read); the containers are the request's own.
    return CommentPage(list(page.rows), page.total, dict(page.user_emails), dict(page.children),
                       dict(page.meta))


async def query_page(req: RestRequest, q: CommentQuery, meta_keys: Sequence[str]) -> CommentPage:
    """`query_comments(q, with_extras=True, meta_keys)`, from the memo while the comments of
    the posts it is filtered by (and the users) have not changed since it was read."""
    versions = memo_versions(req)
    posts = _posts_filtered(q) if versions is not None else None
    label: tuple[Hashable, ...] | None = None
    if versions is not None and posts is not None:
        found_labels = [versions.of_comments(post_id) for post_id in posts]
        if all(found is not None for found in found_labels):
            label = tuple(found_labels)
    if label is None:
        return await query_comments(req.storage, q, with_extras=True, meta_keys=meta_keys)
    memo = _memo(req.storage)
    key = (repr(q), tuple(meta_keys))
    kept = memo.get(key, label)
    if kept is not None:
        return _copy(kept)
    page = await query_comments(req.storage, q, with_extras=True, meta_keys=meta_keys)
    memo.put(key, label, _copy(page))
    return page
