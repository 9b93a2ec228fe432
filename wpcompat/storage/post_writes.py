"""Writing posts: the rows wp_insert_post, wp_update_post, wp_trash_post and wp_delete_post touch.

Every function runs on the caller's connection, so a caller inside
`comment_writes.write_transaction(storage)` gets all of them atomically (no half-written post).
SQLAlchemy Core only, portable SQL (SQLite, PostgreSQL, MariaDB).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.registry import FLOATING_STATUSES
from wpcompat.storage import dialect, search_index
from wpcompat.storage.options import forget_snapshot
from wpcompat.storage.posts import Row, get_post
from wpcompat.storage.terms import recount_terms
from wpcompat.util.phpserial import dumps, loads

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

POST_COLUMNS: frozenset[str] = frozenset({
    "post_author", "post_date", "post_date_gmt", "post_content", "post_title", "post_excerpt",
    "post_status", "comment_status", "ping_status", "post_password", "post_name", "to_ping", "pinged",
    "post_modified", "post_modified_gmt", "post_content_filtered", "post_parent", "guid", "menu_order",
    "post_type", "post_mime_type", "comment_count",
})
# The texts a search reads (storage/search_index.py keeps them folded).
SEARCHED_COLUMNS: frozenset[str] = frozenset({"post_title", "post_excerpt", "post_content"})
# Slugs that would shadow feeds or embeds (wp_unique_post_slug's $feeds and 'embed').
_RESERVED_SLUGS = frozenset({"feed", "rdf", "rss", "rss2", "atom", "embed"})
_PAGE_NUMBER_SLUG = re.compile(r"^(page)?\d+$")
# Statuses wp_unique_post_slug leaves alone: their slug is only decided on publication.


def _check(values: Mapping[str, Any]) -> None:
    unknown = set(values) - POST_COLUMNS
    if unknown:
        raise ValueError(f"not post columns: {sorted(unknown)}")


async def insert_post(storage: Storage, values: Mapping[str, Any]) -> int:
    _check(values)
    posts = storage.tables.posts
    post_id = await dialect.insert_returning_id(storage, sa.insert(posts).values(**values), posts.c["ID"])
    await search_index.record_posts(storage, search_index.search_texts([{**values, "ID": post_id}]))
    return post_id


async def update_post(storage: Storage, post_id: int, values: Mapping[str, Any]) -> None:
    _check(values)
    if values:
        posts = storage.tables.posts
        await storage.db.execute(sa.update(posts).where(posts.c["ID"] == int(post_id)).values(**values))
        if SEARCHED_COLUMNS & set(values):
            # The search index's folded texts (PostgreSQL's side table) follow the new texts.
            row = await storage.db.fetch_one(
                sa.select(posts.c["ID"], *[posts.c[c] for c in SEARCHED_COLUMNS]).where(posts.c["ID"] == int(post_id)))
            if row is not None:
                await search_index.record_posts(storage, search_index.search_texts([dict(row._mapping)]))


async def lock_post_row(storage: Storage, post_id: int) -> Row | None:
    """The full row, locked for the transaction on servers with row locks (SQLite's
    BEGIN IMMEDIATE already serialises writers), so two updates never interleave."""
    if not dialect.has_row_locks(storage):
        return await get_post(storage, post_id)
    posts = storage.tables.posts
    record = await storage.db.fetch_one(dialect.for_update(storage, sa.select(posts).where(posts.c["ID"] == int(post_id))))
    return None if record is None else dict(record._mapping)


# ---------------------------------------------------------------- slugs


def _truncate_slug(slug: str, length: int) -> str:
    """_truncate_post_slug(): cut to `length` bytes, never inside a %xx escape."""
    if len(slug) > length:
        decoded = slug[:length]
        cut = decoded.rfind("%")
        if cut != -1 and cut > length - 3:
            decoded = decoded[:cut]
        return decoded.rstrip("-")
    return slug


def _date_archive_clash(slug: str, permalink_structure: str) -> bool:
    """A numeric post slug that its permalink would read as a year, month or day archive."""
    if not slug.isascii() or not slug.isdigit() or not int(slug):
        return False
    parts = [p for p in permalink_structure.split("/") if p]
    if "%postname%" not in parts:
        return False
    index = parts.index("%postname%")
    if index == 0:
        return True
    before = parts[index - 1]
    return (before == "%year%" and int(slug) < 13) or (before == "%monthnum%" and int(slug) < 32)


async def unique_post_slug(
    storage: Storage, slug: str, post_id: int, status: str, post_type: str, parent: int,
    permalink_structure: str = "", current_slug: str | None = None,
) -> str:
    """wp_unique_post_slug(): `slug`, or `slug-2`, `slug-3`… when it is taken or reserved.

    `current_slug` is the post's stored slug: keeping it never counts as a date-archive clash."""
    if status in FLOATING_STATUSES or (status == "inherit" and post_type == "revision"):
        return slug
    posts = storage.tables.posts
    c = posts.c

    async def taken(candidate: str) -> bool:
        query = sa.select(c["ID"]).where(c.post_name == candidate, c["ID"] != int(post_id)).limit(1)
        if post_type == "attachment":
            pass  # attachments share the whole namespace
        elif post_type == "page":
            query = query.where(c.post_type.in_(["page", "attachment"]), c.post_parent == int(parent))
        else:
            query = query.where(c.post_type == post_type)
        return await storage.db.fetch_val(query) is not None

    def reserved(candidate: str) -> bool:
        if candidate in _RESERVED_SLUGS:
            return True
        return post_type == "page" and bool(_PAGE_NUMBER_SLUG.match(candidate))

    clash = post_type == "post" and slug != current_slug and _date_archive_clash(slug, permalink_structure)
    if not clash and not await taken(slug) and not reserved(slug):
        return slug
    suffix = 2
    while True:
        candidate = f"{_truncate_slug(slug, 200 - (len(str(suffix)) + 1))}-{suffix}"
        if not await taken(candidate) and not reserved(candidate):
            return candidate
        suffix += 1


async def suffix_trashed_namesakes(storage: Storage, post_id: int, post_type: str, slug: str) -> None:
    """wp_add_trashed_suffix_to_post_name_for_trashed_posts(): a trashed post holding `slug`
    gives it up (it gets `__trashed` and remembers the slug in `_wp_desired_post_slug`)."""
    posts = storage.tables.posts
    c = posts.c
    found = await storage.db.fetch_all(
        sa.select(c["ID"], c.post_name).where(
            c.post_name == slug, c.post_status == "trash", c.post_type == post_type, c["ID"] != int(post_id)
        )
    )
    for record in found:
        await add_trashed_suffix(storage, int(record.ID), str(record.post_name))


async def add_trashed_suffix(storage: Storage, post_id: int, post_name: str) -> str:
    """wp_add_trashed_suffix_to_post_name_for_post()."""
    if post_name.endswith("__trashed"):
        return post_name
    await add_meta(storage, post_id, "_wp_desired_post_slug", post_name)
    new_name = _truncate_slug(post_name, 191) + "__trashed"
    await update_post(storage, post_id, {"post_name": new_name})
    return new_name


# ---------------------------------------------------------------- meta


async def get_meta(storage: Storage, post_id: int, key: str) -> str | None:
    meta = storage.tables.postmeta
    found = await storage.db.fetch_val(
        sa.select(meta.c.meta_value).where(meta.c.post_id == int(post_id), meta.c.meta_key == key)
        .order_by(meta.c.meta_id).limit(1)
    )
    return None if found is None else str(found)


async def add_meta(storage: Storage, post_id: int, key: str, value: str) -> None:
    meta = storage.tables.postmeta
    await storage.db.execute(sa.insert(meta).values(post_id=int(post_id), meta_key=key, meta_value=value))


async def set_meta(storage: Storage, post_id: int, key: str, value: str) -> None:
    """update_post_meta(): rewrite the key's rows, or add one."""
    meta = storage.tables.postmeta
    where = (meta.c.post_id == int(post_id), meta.c.meta_key == key)
    if await storage.db.fetch_val(sa.select(meta.c.meta_id).where(*where).limit(1)) is None:
        await add_meta(storage, post_id, key, value)
    else:
        await storage.db.execute(sa.update(meta).where(*where).values(meta_value=value))


async def forget_featured_image(storage: Storage, attachment_id: int) -> None:
    """Delete every `_thumbnail_id` meta that names this attachment (wp_delete_attachment())."""
    meta = storage.tables.postmeta
    await storage.db.execute(
        sa.delete(meta).where(meta.c.meta_key == "_thumbnail_id", meta.c.meta_value == str(attachment_id))
    )


async def delete_meta(storage: Storage, post_id: int, keys: Iterable[str]) -> None:
    meta = storage.tables.postmeta
    await storage.db.execute(
        sa.delete(meta).where(meta.c.post_id == int(post_id), meta.c.meta_key.in_(list(keys)))
    )


# ---------------------------------------------------------------- terms


async def term_taxonomy_ids(storage: Storage, taxonomy: str, term_ids: Iterable[int]) -> dict[int, int]:
    """term_id → term_taxonomy_id for the ids that exist in `taxonomy` (others are ignored,
    as wp_set_object_terms ignores unknown integer ids)."""
    ids = sorted({int(i) for i in term_ids})
    if not ids:
        return {}
    tt = storage.tables.term_taxonomy
    found = await storage.db.fetch_all(
        sa.select(tt.c.term_id, tt.c.term_taxonomy_id).where(tt.c.taxonomy == taxonomy, tt.c.term_id.in_(ids))
    )
    return {int(r.term_id): int(r.term_taxonomy_id) for r in found}


async def object_tt_ids(storage: Storage, post_id: int, taxonomy: str | None = None) -> list[int]:
    tr, tt = storage.tables.term_relationships, storage.tables.term_taxonomy
    query = sa.select(tr.c.term_taxonomy_id).where(tr.c.object_id == int(post_id))
    if taxonomy is not None:
        query = query.select_from(tr.join(tt, tt.c.term_taxonomy_id == tr.c.term_taxonomy_id)).where(
            tt.c.taxonomy == taxonomy
        )
    return [int(r.term_taxonomy_id) for r in await storage.db.fetch_all(query)]


async def set_object_terms(storage: Storage, post_id: int, taxonomy: str, tt_ids: Iterable[int]) -> None:
    """wp_set_object_terms( append=false ): the post's terms of `taxonomy` become `tt_ids`;
    both the old and the new terms are recounted."""
    tr = storage.tables.term_relationships
    wanted = list(dict.fromkeys(int(i) for i in tt_ids))
    old = await object_tt_ids(storage, post_id, taxonomy)
    gone = [i for i in old if i not in wanted]
    if gone:
        await storage.db.execute(
            sa.delete(tr).where(tr.c.object_id == int(post_id), tr.c.term_taxonomy_id.in_(gone))
        )
    for tt_id in wanted:
        if tt_id not in old:
            await storage.db.execute(
                sa.insert(tr).values(object_id=int(post_id), term_taxonomy_id=tt_id, term_order=0)
            )
    await recount_terms(storage, set(old) | set(wanted))


# ---------------------------------------------------------------- options


async def write_option(storage: Storage, name: str, stored: str) -> None:
    """Insert or update an option inside the caller's transaction."""
    forget_snapshot()
    options = storage.tables.options
    if await storage.db.fetch_val(sa.select(options.c.option_id).where(options.c.option_name == name)) is None:
        await storage.db.execute(sa.insert(options).values(option_name=name, option_value=stored, autoload="yes"))
    else:
        await storage.db.execute(
            sa.update(options).where(options.c.option_name == name).values(option_value=stored)
        )


async def read_sticky(storage: Storage, *, for_update: bool = False) -> list[int]:
    """The sticky_posts option as read inside the transaction (not the request's snapshot);
    `for_update` locks its row on servers with row locks, so two writers never lose a change."""
    options = storage.tables.options
    query = sa.select(options.c.option_value).where(options.c.option_name == "sticky_posts")
    if for_update:
        query = dialect.for_update(storage, query)
    raw = await storage.db.fetch_val(query)
    try:
        value = loads(str(raw)) if raw else []
    except Exception:
        value = []
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    out: list[int] = []
    for item in items:
        try:
            out.append(int(item))
        except (TypeError, ValueError):
            continue
    return out


async def set_sticky(storage: Storage, post_id: int, sticky: bool) -> list[int]:
    """stick_post()/unstick_post(); returns the new list. Unchanged lists are not rewritten."""
    current = await read_sticky(storage, for_update=True)
    if sticky and post_id not in current:
        new = [*current, int(post_id)]
    elif not sticky and post_id in current:
        new = [i for i in current if i != int(post_id)]
    else:
        return current
    await write_option(storage, "sticky_posts", dumps(new))
    return new


# ---------------------------------------------------------------- revisions


async def latest_revision(storage: Storage, post_id: int) -> Row | None:
    """The newest `{id}-revision-v1` row of the post (autosaves are skipped)."""
    posts = storage.tables.posts
    c = posts.c
    record = await storage.db.fetch_one(
        sa.select(c.post_title, c.post_content, c.post_excerpt).where(
            c.post_parent == int(post_id), c.post_type == "revision",
            c.post_name.like(f"{int(post_id)}-revision%"),
        ).order_by(c.post_date.desc(), c["ID"].desc()).limit(1)
    )
    return None if record is None else dict(record._mapping)


def _normalize_ws(text: str) -> str:
    """normalize_whitespace(): trimmed, CR/LF runs as \\n, tab/space runs as one space."""
    text = text.strip()
    text = re.sub(r"[\r\n]+", "\n", text)
    return re.sub(r"[ \t]+", " ", text)


async def save_revision(storage: Storage, post: Row, author_id: int, home: str) -> int | None:
    """wp_save_post_revision() as the `post_updated` hook runs it: a copy of the post as it now
    is, unless the last revision already holds the same title, content and excerpt."""
    if post["post_type"] not in ("post", "page") or post["post_status"] == "auto-draft":
        return None
    last = await latest_revision(storage, int(post["ID"]))
    if last is not None and all(
        _normalize_ws(str(post[f])) == _normalize_ws(str(last[f])) for f in ("post_title", "post_content", "post_excerpt")
    ):
        return None
    post_id = int(post["ID"])
    revision_id = await insert_post(storage, {
        "post_author": author_id,
        "post_date": post["post_modified"],
        "post_date_gmt": post["post_modified_gmt"],
        "post_modified": post["post_modified"],
        "post_modified_gmt": post["post_modified_gmt"],
        "post_title": post["post_title"],
        "post_content": post["post_content"],
        "post_excerpt": post["post_excerpt"],
        "post_status": "inherit",
        "post_type": "revision",
        "post_name": f"{post_id}-revision-v1",
        "post_parent": post_id,
        # Revisions support neither comments nor pings: get_default_comment_status() is closed.
        "comment_status": "closed",
        "ping_status": "closed",
    })
    # WordPress 6.1 stores the plain link of the revision as its guid.
    await update_post(storage, revision_id, {"guid": f"{home.rstrip('/')}/?p={revision_id}"})
    return revision_id


# ---------------------------------------------------------------- comments of a post


async def trash_comments(storage: Storage, post_id: int) -> None:
    """wp_trash_post_comments(): remember each comment's status, then mark them post-trashed."""
    comments = storage.tables.comments
    c = comments.c
    found = await storage.db.fetch_all(
        sa.select(c.comment_ID, c.comment_approved).where(c.comment_post_ID == int(post_id))
    )
    if not found:
        return
    statuses = {int(r.comment_ID): str(r.comment_approved) for r in found}
    await add_meta(storage, post_id, "_wp_trash_meta_comments_status", dumps(statuses))
    await storage.db.execute(
        sa.update(comments).where(c.comment_post_ID == int(post_id)).values(comment_approved="post-trashed")
    )
    # WordPress leaves comment_count as it was: untrashing gives the comments back unchanged.


async def delete_post_rows(storage: Storage, post: Row) -> None:
    """wp_delete_post( force ): terms (recounted), children re-parented, revisions, comments
    with their meta, the post's meta, then the row itself."""
    t = storage.tables
    post_id = int(post["ID"])
    parent = int(post.get("post_parent") or 0)
    tt_ids = await object_tt_ids(storage, post_id)
    if tt_ids:
        tr = t.term_relationships
        await storage.db.execute(sa.delete(tr).where(tr.c.object_id == post_id))
        await recount_terms(storage, tt_ids)
    posts = t.posts
    c = posts.c
    if post["post_type"] == "page":
        # Child pages move up to this page's parent.
        await storage.db.execute(
            sa.update(posts).where(c.post_parent == post_id, c.post_type == "page").values(post_parent=parent)
        )
    revision_ids = [int(r.ID) for r in await storage.db.fetch_all(
        sa.select(c["ID"]).where(c.post_parent == post_id, c.post_type == "revision")
    )]
    if revision_ids:
        await storage.db.execute(sa.delete(t.postmeta).where(t.postmeta.c.post_id.in_(revision_ids)))
        await storage.db.execute(sa.delete(posts).where(c["ID"].in_(revision_ids)))
    await storage.db.execute(
        sa.update(posts).where(c.post_parent == post_id, c.post_type == "attachment").values(post_parent=parent)
    )
    comments, commentmeta = t.comments, t.commentmeta
    comment_ids = [int(r.comment_ID) for r in await storage.db.fetch_all(
        sa.select(comments.c.comment_ID).where(comments.c.comment_post_ID == post_id)
    )]
    if comment_ids:
        await storage.db.execute(sa.delete(commentmeta).where(commentmeta.c.comment_id.in_(comment_ids)))
        await storage.db.execute(sa.delete(comments).where(comments.c.comment_ID.in_(comment_ids)))
    await storage.db.execute(sa.delete(t.postmeta).where(t.postmeta.c.post_id == post_id))
    await storage.db.execute(sa.delete(posts).where(c["ID"] == post_id))


async def user_exists(storage: Storage, user_id: int) -> bool:
    users = storage.tables.users
    return await storage.db.fetch_val(sa.select(users.c["ID"]).where(users.c["ID"] == int(user_id))) is not None


async def _meta_values(storage: Storage, post_id: int, key: str) -> list[str]:
    meta = storage.tables.postmeta
    rows = await storage.db.fetch_all(
        sa.select(meta.c.meta_value).where(meta.c.post_id == int(post_id), meta.c.meta_key == key)
    )
    return [str(r.meta_value) for r in rows]


async def _delete_meta_value(storage: Storage, post_id: int, key: str, value: str) -> None:
    meta = storage.tables.postmeta
    await storage.db.execute(sa.delete(meta).where(
        meta.c.post_id == int(post_id), meta.c.meta_key == key, meta.c.meta_value == value))


async def remember_old_link(storage: Storage, before: Row, after: Row) -> None:
    """wp_check_for_changed_slugs() and wp_check_for_changed_dates(): a published,
    non-hierarchical post keeps its former slug (`_wp_old_slug`) and day (`_wp_old_date`) so
    that its old links still find it; a value it takes back leaves the list."""
    published = after["post_status"] == "publish" or (
        after["post_type"] == "attachment" and after["post_status"] == "inherit")
    if not published or after["post_type"] == "page":
        return
    post_id = int(after["ID"])
    if before["post_name"] != after["post_name"]:
        old = await _meta_values(storage, post_id, "_wp_old_slug")
        if before["post_name"] and before["post_name"] not in old:
            await add_meta(storage, post_id, "_wp_old_slug", str(before["post_name"]))
        if after["post_name"] in old:
            await _delete_meta_value(storage, post_id, "_wp_old_slug", str(after["post_name"]))
    old_day, new_day = str(before["post_date"])[:10], str(after["post_date"])[:10]
    if old_day != new_day:
        old = await _meta_values(storage, post_id, "_wp_old_date")
        if old_day not in old:
            await add_meta(storage, post_id, "_wp_old_date", old_day)
        if new_day in old:
            await _delete_meta_value(storage, post_id, "_wp_old_date", new_day)
