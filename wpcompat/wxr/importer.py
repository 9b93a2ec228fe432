"""Importing WXR files into the site, keeping WordPress's ids where they are free.

Each file is imported inside one database transaction: a file that turns out to be malformed
halfway leaves the database exactly as it was, a crash leaves nothing half-done (importing the
file again completes the job), and `dry_run` runs the very same import and rolls it back.

Re-importing is idempotent and several exports of one site merge: a post already on the site
(same id, type, title and date; or, when its id is taken by something else, the same title,
date and type as WordPress's post_exists()) is not written again, only what it lacks is added
(terms, meta, comments). A comment is the same when post, author, date and content match.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import gc
import hashlib
import mimetypes
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage import ZERO_DATE
from wpcompat.storage.bulk import (
    bring_back_indexes,
    bump_sequences,
    chunks,
    insert_rows,
    max_id,
    recount_comment_counts,
    refresh_statistics,
    restore_indexes,
    restore_search_index,
    set_aside_indexes,
    settle_after_bulk_load,
    suspend_indexes,
    suspend_search_index,
    wp_date,
)
from wpcompat.storage.changes import end_bulk_load, resume_after_bulk_load, suspend_for_bulk_load
from wpcompat.storage.collation import Folded, fold_texts
from wpcompat.storage.long_text import write_long_text
from wpcompat.storage.options import get_option, set_option
from wpcompat.storage.search_index import has_search_index, index_folded_posts
from wpcompat.storage.search_words import (
    begin_fresh_load,
    forget_word_ids,
    set_aside_post_key,
)
from wpcompat.util.phpserial import loads_maybe
from wpcompat.wxr.accounts import Accounts
from wpcompat.wxr.likes import absorb as absorb_likes
from wpcompat.wxr.pipeline import Records
from wpcompat.wxr.reader import Author, Channel, Comment, Item, Term, WXRError
from wpcompat.wxr.report import ImportReport
from wpcompat.wxr.rewrite import rewrite_meta, rewrite_text
from wpcompat.wxr.spool import LongText, Oversized
from wpcompat.wxr.taxonomy import Taxonomy

if TYPE_CHECKING:
    from wpcompat.storage import Storage

__all__ = ["ImportReport", "WXRError", "import_file", "import_files"]

# Rows held before writing: big batches make SQLite fast, and bound the memory used.
FLUSH_COMMENTS = 5000
FLUSH_POSTS = 1000
FLUSH_BYTES = 8 << 20
# From this size on, an import into empty tables builds their indexes at the end.
BULK_BYTES = 32 << 20
_DRAFTY = ("draft", "pending", "auto-draft")
SKIPPED_POSTMETA = ("_edit_lock",)
# Post meta whose value is the id of another post.
POST_REFERENCE_META = ("_thumbnail_id", "_menu_item_menu_item_parent", "_menu_item_object_id")


class _DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def _comment_key(post_id: int, author: str, date: str, content: str) -> bytes:
    return hashlib.blake2b(f"{post_id}\x00{author}\x00{date}\x00{content}".encode(), digest_size=16).digest()


def _pub_date(value: str) -> str:
    if not value:
        return ""
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return ""
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed.strftime("%Y-%m-%d %H:%M:%S")


def _attached_file(url: str) -> str:
    """`_wp_attached_file` for an attachment URL: the path under uploads/, like WordPress."""
    marker = "/wp-content/uploads/"
    path = url.split("?", 1)[0]
    if marker in path:
        return path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1]


class FileImport:
    """The import of one file, inside the caller's transaction."""

    def __init__(self, storage: Storage, report: ImportReport, rewrite: tuple[str, str] | None,
                 fresh_postings: bool = False) -> None:
        self.storage = storage
        # MariaDB: the postings' key by post was set aside before the transaction (bulk.set_aside_indexes).
        self.fresh_postings = fresh_postings
        self.t = storage.tables
        self.report = report
        self.rewrite = rewrite
        self.accounts = Accounts(storage, report)
        self.taxonomy = Taxonomy(storage, report, rewrite)
        self.channel_terms: list[Term] = []
        self.terms_declared = False
        self.path = ""
        # Ids: what was on the site before, what this import took, and old->new where they differ.
        self.db_max_post = 0
        self.db_max_comment = 0
        self.post_high = 0
        self.comment_high = 0
        self.claimed_posts: set[int] = set()
        self.post_remap: dict[int, int] = {}
        self.comment_remap: dict[int, int] = {}
        # Pending rows, written in batches.
        self.posts: list[dict[str, Any]] = []
        self.postmeta: list[dict[str, Any]] = []
        self.relationships: list[dict[str, Any]] = []
        self.comments: list[dict[str, Any]] = []
        self.commentmeta: list[dict[str, Any]] = []
        # Ids of comments not yet known to the database (pending or being written).
        self.buffered_comments: set[int] = set()
        self.writing: asyncio.Future[None] | None = None
        self.buffered_bytes = 0
        # Post contents of many megabytes, written after their rows (SQLite: wpcompat.wxr.spool).
        self.long_texts: list[tuple[int, LongText]] = []
        # Fixed up once the whole file is read.
        self.post_parents: list[tuple[int, int, int]] = []
        self.comment_parents: list[tuple[int, int, int, int]] = []
        self.sticky: list[int] = []
        self.created_posts: set[int] = set()
        self.suspended: list[sa.Index] = []
        self.search_suspended = False
        self.changes_suspended: list[str] = []
        self.stream_long_texts = False
        self.commented_posts: set[int] = set()
        # The new posts' texts go into the search index from here, folded by the reader
        # process where it could (Item.search): PostgreSQL's side table always, SQLite's index
        # while its triggers are suspended. `unindexed`: SQLite's posts left to fold at the end.
        self.fold_search = False
        self.search_rows: list[tuple[int, Folded]] = []
        self.unindexed: list[int] = []

    async def start(self, path: str) -> None:
        self.path = path
        await self.accounts.load()
        await self.taxonomy.load()
        self.db_max_post = await max_id(self.storage, self.t.posts.c.ID)
        self.db_max_comment = await max_id(self.storage, self.t.comments.c.comment_ID)
        # A big file into an empty site: nothing will be looked up by those indexes meanwhile.
        if self.db_max_post == self.db_max_comment == 0 and Path(path).stat().st_size >= BULK_BYTES:
            t = self.t
            self.suspended = await suspend_indexes(self.storage, (t.comments, t.commentmeta, t.postmeta))
            self.search_suspended = await suspend_search_index(self.storage)
            self.changes_suspended = await suspend_for_bulk_load(self.storage)
            if self.fresh_postings:
                begin_fresh_load(self.storage)
        # A long text streamed into its row bypasses the row triggers: only where no search
        # index is kept by them (or while they are suspended, the index refilled at the end),
        # else the contentless FTS5 index would be told other values than it holds.
        self.stream_long_texts = self.storage.is_sqlite and (
            self.search_suspended or not await has_search_index(self.storage)
        )
        self.fold_search = self.search_suspended if self.storage.is_sqlite else (
            self.storage.dialect == "postgresql" and await has_search_index(self.storage)
        )

    # -- records ---------------------------------------------------------------------------

    async def record(self, record: Channel | Author | Term | Item | Oversized) -> None:
        if isinstance(record, Oversized):
            # Its huge text was never read (wpcompat.wxr.spool); the rest of the file goes on.
            self.report.warn(record.message(self.path))
            return
        if isinstance(record, Item):
            await self.declare_terms()
            await self.item(record)
            return
        # Authors and terms are written at once: never beside a batch in flight (see flush).
        await self.wait_writes()
        if isinstance(record, Author):
            await self.accounts.author(record)
        elif isinstance(record, Term):
            if self.terms_declared:
                await self.taxonomy.declare([record])
            else:
                self.channel_terms.append(record)

    async def declare_terms(self) -> None:
        if not self.terms_declared:
            self.terms_declared = True
            await self.taxonomy.declare(self.channel_terms)
            self.channel_terms = []

    def _rw(self, value: str) -> str:
        return rewrite_text(value, *self.rewrite) if self.rewrite else value

    def _rw_meta(self, value: str) -> str:
        return rewrite_meta(value, *self.rewrite) if self.rewrite else value

    # -- posts -----------------------------------------------------------------------------

    async def _row_at(self, post_id: int) -> Any:
        await self.wait_writes()
        p = self.t.posts
        return await self.storage.db.fetch_one(
            sa.select(p.c.post_type, p.c.post_title, p.c.post_date).where(p.c["ID"] == post_id)
        )

    async def _post_exists(self, title: str, date: str, post_type: str) -> int | None:
        """WordPress's post_exists(title, date, type), skipping posts this import already used."""
        await self.flush()
        await self.wait_writes()
        p = self.t.posts
        rows = await self.storage.db.fetch_all(
            sa.select(p.c.ID)
            .where(p.c.post_title == title, p.c.post_date == date, p.c.post_type == post_type)
            .order_by(p.c.ID)
        )
        for row in rows:
            if row[0] not in self.claimed_posts:
                return int(row[0])
        return None

    async def _resolve_post(
        self, old_id: int | None, post_type: str, title: str, date: str
    ) -> tuple[int, bool]:
        """(site id, already there) for an item."""
        if old_id is not None and old_id > 0 and old_id not in self.claimed_posts:
            if old_id > max(self.db_max_post, self.post_high):
                return old_id, False
            row = await self._row_at(old_id)
            if row is None:
                return old_id, False
            if (row[0], row[1], wp_date(row[2])) == (post_type, title, date):
                return old_id, True
        found = await self._post_exists(title, date, post_type)
        if found is not None:
            return found, True
        return max(self.db_max_post, self.post_high) + 1, False

    async def item(self, item: Item) -> None:
        self.report.items_read += 1
        self.report.comments_read += len(item.comments)
        where = f"{self.path}:{item.line}"
        post_type = item.type
        if not post_type:
            post_type = "post"
            self.report.warn(f"{where}: item '{item.title[:60]}' has no wp:post_type; imported as a post")
        status = item.status or "draft"
        date = item.date or item.date_gmt or _pub_date(item.pub_date) or ZERO_DATE
        date_gmt = item.date_gmt or (ZERO_DATE if status in _DRAFTY else date)
        title = item.title
        post_id, existed = await self._resolve_post(item.id, post_type, title, date)
        was_claimed = item.id in self.claimed_posts if item.id else False
        self.claimed_posts.add(post_id)
        self.post_high = max(self.post_high, post_id)
        if item.id and item.id != post_id and not was_claimed and item.id not in self.post_remap:
            self.post_remap[item.id] = post_id
        if item.sticky:
            self.sticky.append(post_id)

        row: dict[str, Any] | None = None
        if existed:
            self.report.posts_existing += 1
            await self._merge_into_existing(post_id, item)
        else:
            self.created_posts.add(post_id)
            row = self._new_post(post_id, item, post_type, status, date, date_gmt)
        approved = await self._comments(post_id, item, existed, where)
        if row is not None and self.db_max_comment == 0:
            # A new post on a site that had no comment: its comments are all in this item
            # (another item naming the same post merges into it, and is recounted), so its
            # comment_count is known here, with no UPDATE of each post at the end.
            row["comment_count"] = approved or 0
        elif approved is not None:
            self.commented_posts.add(post_id)
        if self._should_flush():
            await self.flush()

    def _new_post(
        self, post_id: int, item: Item, post_type: str, status: str, date: str, date_gmt: str
    ) -> dict[str, Any]:
        author = item.creator
        attachment_url = self._rw(item.attachment_url)
        guid = self._rw(item.guid) or attachment_url
        if post_type == "attachment" and attachment_url:
            guid = attachment_url
        parent = 0
        if item.parent:
            parent = self.post_remap.get(item.parent, item.parent)
            self.post_parents.append((post_id, item.parent, parent))
        mime = ""
        if post_type == "attachment":
            mime = attachment_mime_type(attachment_url or guid)
        content: Any = item.content
        streamed = 0
        if isinstance(content, LongText):
            if self.stream_long_texts and not (self.rewrite and content.contains(self.rewrite[0])):
                # Streamed into the row once it is written (see _write): never held whole here.
                self.long_texts.append((post_id, content))
                streamed, content = content.size, ""
            else:
                content = content.read()
        content = self._rw(content)
        row: dict[str, Any] = {
                "ID": post_id,
                "post_author": author,
                "post_date": date,
                "post_date_gmt": date_gmt,
                "post_content": content,
                "post_title": item.title,
                "post_excerpt": self._rw(item.excerpt),
                "post_status": status,
                "comment_status": item.comment_status or "open",
                "ping_status": item.ping_status or "open",
                "post_password": item.password[:255],
                "post_name": item.name[:200],
                "to_ping": "",
                "pinged": "",
                "post_modified": item.modified or date,
                "post_modified_gmt": item.modified_gmt or date_gmt,
                "post_content_filtered": "",
                "post_parent": parent,
                "guid": guid[:255],
                "menu_order": item.menu_order,
                "post_type": post_type[:20],
                "post_mime_type": mime[:100],
                "comment_count": 0,
            }
        self.posts.append(row)
        if self.fold_search:
            self._index(row, item, streamed)
            self.buffered_bytes += len(content)  # its folded copy
        self.buffered_bytes += len(content) + streamed + 512
        self.report.posts_created[(post_type, status)] += 1
        # `_edit_lock` is a stale "someone is editing" marker; WordPress's exporter drops it too.
        metas = [(m.key, m.value) for m in item.meta if m.key not in SKIPPED_POSTMETA]
        if (
            post_type == "attachment"
            and attachment_url
            and not any(k == "_wp_attached_file" for k, _ in metas)
        ):
            metas.append(("_wp_attached_file", _attached_file(attachment_url)))
        for key, value in metas:
            self.postmeta.append(
                {"post_id": post_id, "meta_key": key, "meta_value": self._meta_value(key, value)}
            )
            self.buffered_bytes += len(value) + 64
        self.report.postmeta_created += len(metas)
        for term in item.terms:
            self.relationships.append({"_term": term, "object_id": post_id})
        return row

    def _index(self, row: dict[str, Any], item: Item, streamed: int) -> None:
        """The search index's part of a new post: its folded texts, as the reader folded them
        when the row holds the very texts it read."""
        folded = item.search
        if folded is None or self.rewrite or streamed or not isinstance(item.content, str):
            if self.storage.is_sqlite:
                # Folded by SQLite at the end (a streamed text is only in the database).
                self.unindexed.append(row["ID"])
                return
            folded = fold_texts(row["post_title"], row["post_excerpt"], row["post_content"])
        self.search_rows.append((row["ID"], folded))

    def _meta_value(self, key: str, value: str) -> str:
        # Meta naming other posts (featured image, menu items) is fixed once the whole file is
        # read, in _settle_post_references(): the post named may come later in the file.
        if key == "_edit_last" and value.strip().isdigit():
            value = str(self.accounts.user_id(int(value)))
        return self._rw_meta(value)

    async def _merge_into_existing(self, post_id: int, item: Item) -> None:
        """Add to a post already on the site what it lacks: terms and meta. Nothing else changes."""
        await self.flush()
        await self.wait_writes()
        t = self.t
        if item.meta:
            rows = await self.storage.db.fetch_all(
                sa.select(t.postmeta.c.meta_key, t.postmeta.c.meta_value).where(
                    t.postmeta.c.post_id == post_id
                )
            )
            present = {(r[0], r[1]) for r in rows}
            for meta in item.meta:
                if meta.key in SKIPPED_POSTMETA:
                    continue
                value = self._meta_value(meta.key, meta.value)
                if (meta.key, value) not in present:
                    present.add((meta.key, value))
                    self.postmeta.append({"post_id": post_id, "meta_key": meta.key, "meta_value": value})
                    self.report.postmeta_created += 1
        if item.terms:
            rows = await self.storage.db.fetch_all(
                sa.select(t.term_relationships.c.term_taxonomy_id).where(
                    t.term_relationships.c.object_id == post_id
                )
            )
            attached = {r[0] for r in rows}
            for term in item.terms:
                tt_id = await self.taxonomy.ensure(term.taxonomy, term.slug, term.name)
                if tt_id not in attached:
                    attached.add(tt_id)
                    self.relationships.append(
                        {"object_id": post_id, "term_taxonomy_id": tt_id, "term_order": 0}
                    )

    # -- comments --------------------------------------------------------------------------

    async def _taken_comments(self, ids: Iterable[int]) -> dict[int, bytes]:
        """Among ids not known to be free, those on the site (with their identity key)."""
        await self.wait_writes()
        c = self.t.comments
        found: dict[int, bytes] = {}
        for batch in chunks(sorted(set(ids))):
            rows = await self.storage.db.fetch_all(
                sa.select(
                    c.c.comment_ID,
                    c.c.comment_post_ID,
                    c.c.comment_author,
                    c.c.comment_date,
                    c.c.comment_content,
                ).where(c.c.comment_ID.in_(batch))
            )
            for row in rows:
                found[int(row[0])] = _comment_key(int(row[1]), row[2], wp_date(row[3]), row[4])
        return found

    async def _existing_comment_keys(self, post_id: int) -> dict[bytes, int]:
        await self.wait_writes()
        c = self.t.comments
        rows = await self.storage.db.fetch_all(
            sa.select(c.c.comment_ID, c.c.comment_author, c.c.comment_date, c.c.comment_content).where(
                c.c.comment_post_ID == post_id
            )
        )
        return {_comment_key(post_id, r[1], wp_date(r[2]), r[3]): int(r[0]) for r in rows}

    async def _comments(self, post_id: int, item: Item, existed: bool, where: str) -> int | None:
        """Queue the item's comments; the number of approved ones created (None: none created)."""
        if not item.comments:
            return None
        ceiling = max(self.db_max_comment, self.comment_high)
        # Ids above everything on the site and everything imported so far are free: no query.
        to_check = [cm.id for cm in item.comments if cm.id and 0 < cm.id <= ceiling]
        taken = await self._taken_comments(to_check) if to_check else {}
        known = await self._existing_comment_keys(post_id) if existed else {}
        local: dict[int, int] = {}
        created: list[tuple[Comment, int, dict[str, Any]]] = []
        # Identity keys are only needed where a comment may already be there.
        check = existed or bool(taken)
        # This loop runs for each of a big file's million comments: what it reads of self
        # is held in locals.
        rewrite = self.rewrite
        buffered, remap = self.buffered_comments, self.comment_remap
        floor, high = self.db_max_comment, self.comment_high
        user_id = self.accounts.user_id
        key = b""
        for cm in item.comments:
            cid = cm.id
            date = cm.date or cm.date_gmt or ZERO_DATE
            content = rewrite_text(cm.content, *rewrite) if rewrite else cm.content
            if check:
                key = _comment_key(post_id, cm.author, date, content)
                same = known.get(key)
                if same is None and cid in taken and taken[cid] == key:
                    same = cid
                if same is not None:
                    self.report.comments_existing += 1
                    if cid:
                        local.setdefault(cid, same)
                    continue
            new_id = cid if cid and cid > 0 and cid not in taken and cid not in buffered else max(floor, high) + 1
            if cid:
                if cid != new_id and cid not in remap:
                    remap[cid] = new_id
                local.setdefault(cid, new_id)
            if check:
                known[key] = new_id
            if new_id > high:
                high = new_id
            buffered.add(new_id)
            row = {
                "comment_ID": new_id,
                "comment_post_ID": post_id,
                "comment_author": cm.author,
                "comment_author_email": cm.author_email[:100],
                "comment_author_url": (rewrite_text(cm.author_url, *rewrite) if rewrite else cm.author_url)[:200],
                "comment_author_IP": cm.author_ip[:100],
                "comment_date": date,
                "comment_date_gmt": cm.date_gmt or date,
                "comment_content": content,
                "comment_karma": 0,
                "comment_approved": cm.approved[:20],
                "comment_agent": "",
                "comment_type": cm.type[:20],
                "comment_parent": 0,
                "user_id": user_id(cm.user_id) if cm.user_id else 0,
            }
            created.append((cm, new_id, row))
        self.comment_high = high
        approved, size = 0, 0
        statuses, rows, metas = self.report.comments_created, self.comments, self.commentmeta
        for cm, new_id, row in created:
            parent = cm.parent
            if parent:
                if parent in local:
                    row["comment_parent"] = local[parent]
                else:
                    # Elsewhere in the file, or on the site already: settled once all is read.
                    provisional = remap.get(parent, parent)
                    row["comment_parent"] = provisional
                    self.comment_parents.append((new_id, parent, provisional, post_id))
            rows.append(row)
            size += len(row["comment_content"]) + 256
            status = row["comment_approved"]
            statuses[status] += 1
            if status == "1":
                approved += 1
            if cm.meta:
                for meta in cm.meta:
                    metas.append({"comment_id": new_id, "meta_key": meta.key, "meta_value": self._rw_meta(meta.value)})
                self.report.commentmeta_created += len(cm.meta)
        self.buffered_bytes += size
        del where
        return approved if created else None

    # -- writing ---------------------------------------------------------------------------

    def _should_flush(self) -> bool:
        return (
            len(self.comments) >= FLUSH_COMMENTS
            or len(self.posts) >= FLUSH_POSTS
            or self.buffered_bytes >= FLUSH_BYTES
        )

    async def flush(self) -> None:
        # The users and terms the batch names may be created below, on the connection the
        # previous batch may still be writing on.
        await self.wait_writes()
        if self.posts:
            # post_author holds the creator's login until here: users are resolved in one go.
            for row in self.posts:
                row["post_author"] = await self.accounts.for_login(row["post_author"])
        relationships: list[dict[str, Any]] = []
        seen: set[tuple[int, int]] = set()
        for row in self.relationships:
            term = row.pop("_term", None)
            if term is not None:
                row["term_taxonomy_id"] = await self.taxonomy.ensure(term.taxonomy, term.slug, term.name)
                row["term_order"] = 0
            pair = (row["object_id"], row["term_taxonomy_id"])
            if pair not in seen:
                seen.add(pair)
                relationships.append(row)
                self.taxonomy.touched.add(row["term_taxonomy_id"])
        t = self.t
        batches = [
            (t.posts, self.posts),
            (t.postmeta, self.postmeta),
            (t.term_relationships, relationships),
            (t.comments, self.comments),
            (t.commentmeta, self.commentmeta),
        ]
        self.report.relationships_created += len(relationships)
        self.posts, self.postmeta, self.relationships = [], [], []
        self.comments, self.commentmeta = [], []
        long_texts, self.long_texts = self.long_texts, []
        search_rows, self.search_rows = self.search_rows, []
        self.buffered_bytes = 0
        # The database inserts this batch (SQLite in its own thread, a server in its own
        # process) while the next one is read and built here: the write runs as a task on the
        # transaction's own connection (the raw driver connection, which the task may use),
        # and everything else that uses the connection (a read that needs these rows, the
        # next batch) first waits for it (wait_writes).
        raw = self.storage.db.connection().raw_connection
        self.writing = asyncio.ensure_future(self._write(batches, raw, long_texts, search_rows))

    async def _write(
        self, batches: list[tuple[sa.Table, list[dict[str, Any]]]], raw: Any,
        long_texts: list[tuple[int, LongText]], search_rows: list[tuple[int, Folded]],
    ) -> None:
        for table, rows in batches:
            await insert_rows(self.storage, table, rows, raw=raw, index_search=not self.fold_search)
            if table is self.t.posts:
                for post_id, text in long_texts:
                    await write_long_text(self.storage, table, "ID", post_id, "post_content", text.path, text.size,
                                          raw=raw)
                    text.discard()
                await index_folded_posts(self.storage, search_rows, raw)

    async def wait_writes(self) -> None:
        if self.writing is not None:
            writing, self.writing = self.writing, None
            await writing
            self.buffered_comments.clear()

    async def abandon_writes(self) -> None:
        """On failure: let an in-flight batch end before the transaction is rolled back."""
        if self.writing is not None:
            writing, self.writing = self.writing, None
            with contextlib.suppress(BaseException):
                await writing

    async def release(self) -> None:
        """Whatever the outcome: this connection's writes are logged again (MariaDB's silenced
        change log, see suspend_for_bulk_load), before it goes back to the pool; the search
        words the load added are not taken as known any more (they may be rolled back)."""
        forget_word_ids(self.storage)
        if self.changes_suspended:
            self.changes_suspended = []
            with contextlib.suppress(Exception):
                await end_bulk_load(self.storage)

    async def finish(self) -> None:
        await self.declare_terms()
        await self.flush()
        await self.wait_writes()
        await restore_indexes(self.storage, self.suspended)
        self.suspended = []
        await restore_search_index(
            self.storage, self.search_suspended, self.unindexed if self.fold_search else None
        )
        self.search_suspended = False
        await self._settle_post_parents()
        await self._settle_post_references()
        await self._settle_comment_parents()
        await self._recount_comments()
        # Likes travel as meta (wpcompat/wxr/likes.py); on a site they live in their table.
        self.report.likes_imported = await absorb_likes(self.storage)
        await self.taxonomy.recount()
        await self._stick()
        await bump_sequences(self.storage)
        # Last: the fix-ups and recounts above touch a row per post, which the change log
        # would record one by one; its one global change covers them.
        await resume_after_bulk_load(self.storage, self.changes_suspended)
        self.changes_suspended = []
        settled_after = self.storage.dialect == "postgresql" and Path(self.path).stat().st_size >= BULK_BYTES
        if not self.storage.is_mysql and not settled_after:
            # Statistics for the planner on the new rows (InnoDB recomputes its own after a bulk
            # change, and ANALYZE TABLE would commit the import's transaction there; a big file
            # on PostgreSQL gets VACUUM ANALYZE once committed, see settle_after_bulk_load).
            await refresh_statistics(self.storage)

    async def _existing(self, column: sa.Column[Any], ids: Iterable[int]) -> set[int]:
        found: set[int] = set()
        for batch in chunks(sorted(set(ids))):
            rows = await self.storage.db.fetch_all(sa.select(column).where(column.in_(batch)))
            found.update(int(r[0]) for r in rows)
        return found

    async def _settle_post_parents(self) -> None:
        p = self.t.posts
        targets = {post_id: self.post_remap.get(old, old) for post_id, old, _ in self.post_parents}
        present = await self._existing(p.c.ID, targets.values())
        for post_id, old, provisional in self.post_parents:
            final = targets[post_id] if targets[post_id] in present else 0
            if final == 0:
                self.report.warn(
                    f"{self.path}: post {post_id}: parent {old} is neither in the file nor on the "
                    "site; the post is top-level"
                )
            if final != provisional:
                await self.storage.db.execute(
                    sa.update(p).where(p.c["ID"] == post_id).values(post_parent=final)
                )

    async def _settle_post_references(self) -> None:
        """Post ids inside meta of the posts this import created follow posts that moved."""
        if not self.post_remap:
            return
        pm = self.t.postmeta
        keys = (*POST_REFERENCE_META, "_menu_item_type")
        for batch in chunks(sorted(self.created_posts)):
            rows = await self.storage.db.fetch_all(
                sa.select(pm.c.meta_id, pm.c.post_id, pm.c.meta_key, pm.c.meta_value).where(
                    pm.c.post_id.in_(batch), pm.c.meta_key.in_(keys)
                )
            )
            kinds = {r[1]: r[3] for r in rows if r[2] == "_menu_item_type"}
            for meta_id, post_id, key, value in (tuple(r._mapping.values()) for r in rows):
                if key == "_menu_item_type" or not (value or "").strip().isdigit():
                    continue
                if key == "_menu_item_object_id" and kinds.get(post_id) != "post_type":
                    continue  # a menu item pointing to a term or a custom link
                new = self.post_remap.get(int(value))
                if new is not None:
                    await self.storage.db.execute(
                        sa.update(pm).where(pm.c.meta_id == meta_id).values(meta_value=str(new))
                    )

    async def _settle_comment_parents(self) -> None:
        c = self.t.comments
        targets = [self.comment_remap.get(old, old) for _, old, _, _ in self.comment_parents]
        present = await self._existing(c.c.comment_ID, targets)
        for (comment_id, old, provisional, post_id), target in zip(
            self.comment_parents, targets, strict=True
        ):
            final = target if target in present and target != comment_id else 0
            if final == 0:
                self.report.warn(
                    f"{self.path}: comment {comment_id} on post {post_id}: parent comment {old} "
                    "is missing; the reply is now top-level"
                )
            if final != provisional:
                await self.storage.db.execute(
                    sa.update(c).where(c.c.comment_ID == comment_id).values(comment_parent=final)
                )

    async def _recount_comments(self) -> None:
        """comment_count = approved comments, as wp_update_comment_count() keeps it, for the
        posts whose count was not known when they were written (set-wise)."""
        await recount_comment_counts(self.storage, self.commented_posts)

    async def _stick(self) -> None:
        if not self.sticky:
            return
        current = loads_maybe(await get_option(self.storage, "sticky_posts") or "a:0:{}")
        values = [int(v) for v in (current.values() if isinstance(current, dict) else current or [])]
        added = [post_id for post_id in dict.fromkeys(self.sticky) if post_id not in values]
        if added:
            await set_option(self.storage, "sticky_posts", values + added)


class _Progress:
    """A rich progress bar on a terminal only: bytes read, items, comments, comments/s."""

    def __init__(self, enabled: bool | None, path: Path, report: ImportReport) -> None:
        self.report = report
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.bar: Any = None
        if enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.fields[counts]}"),
                TimeRemainingColumn(),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(path.name[:30], total=max(path.stat().st_size, 1), counts="")
        self.started = time.monotonic()

    def update(self, position: int) -> None:
        if self.bar is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        r = self.report
        counts = (
            f"{r.items_read} items, {r.comments_read} comments, {r.comments_read / elapsed:,.0f} comments/s"
        )
        self.bar.update(self.task, completed=position, counts=counts)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


async def import_file(
    storage: Storage,
    path: str | Path,
    report: ImportReport,
    *,
    dry_run: bool = False,
    rewrite_urls: tuple[str, str] | None = None,
    progress: bool | None = None,
) -> None:
    """Import one file in one transaction (rolled back on error or when dry_run)."""
    path = Path(path)
    if not path.is_file():
        raise WXRError(str(path), 0, 0, "cannot read the file: no such file")
    # Huge post contents stay in files until SQLite streams them in (wpcompat.wxr.spool).
    reader = Records(path, lazy=storage.is_sqlite)
    bar = _Progress(progress, path, report)
    # MariaDB and PostgreSQL: a big file into an empty site loads its comments and meta
    # without their secondary indexes, set aside before the transaction (committed) and built
    # again after it, several at once, whatever its outcome.
    set_aside: list[sa.Index] = []
    fresh_postings = False
    if not storage.is_sqlite and path.stat().st_size >= BULK_BYTES:
        t = storage.tables
        set_aside = await set_aside_indexes(storage, (t.comments, t.commentmeta, t.postmeta))
        fresh_postings = storage.is_mysql and bool(set_aside) and await set_aside_post_key(storage)
    try:
        async with storage.db.transaction():
            job = FileImport(storage, report, rewrite_urls, fresh_postings)
            records = reader.__aiter__()
            try:
                await job.start(str(path))
                reader.fold = job.fold_search
                count = 0
                async for record in records:
                    if isinstance(record, Channel):
                        _check_version(record, str(path), report)
                        continue
                    await job.record(record)
                    count += 1
                    if count % 200 == 0:
                        bar.update(reader.position)
                await job.finish()
            finally:
                await records.aclose()
                await job.abandon_writes()
                await job.release()
            if dry_run:
                raise _DryRun
        await _bring_back(storage, set_aside, fresh_postings)
        set_aside, fresh_postings = [], False
        if path.stat().st_size >= BULK_BYTES:
            await settle_after_bulk_load(storage)
    except _DryRun:
        pass
    finally:
        bar.close()
        await _bring_back(storage, set_aside, fresh_postings)
    report.files.append(str(path))


async def _bring_back(storage: Storage, indexes: list[sa.Index], postings: bool) -> None:
    await bring_back_indexes(storage, indexes, postings=postings)


# Net allocations between two collections of the youngest generation during an import (700
# by default): a million comments' rows and records, alive a batch long and free of cycles,
# made the collector walk them again and again (a third of the importer's CPU on SQLite).
# Cyclic garbage, if any, is still collected once that many objects accumulate.
RARE_COLLECTIONS = 100_000


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
    """The cyclic garbage collector runs rarely meanwhile (RARE_COLLECTIONS)."""
    saved = gc.get_threshold()
    gc.set_threshold(max(saved[0], RARE_COLLECTIONS), *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _check_version(channel: Channel, path: str, report: ImportReport) -> None:
    if channel.wxr_version not in ("1.0", "1.1", "1.2"):
        shown = repr(channel.wxr_version) if channel.wxr_version else "missing"
        report.warn(f"{path}: wp:wxr_version is {shown}; reading it as WXR 1.2")


async def import_files(
    storage: Storage,
    paths: Sequence[str | Path],
    *,
    site_url: str | None = None,
    dry_run: bool = False,
    rewrite_urls: tuple[str, str] | None = None,
    progress: bool | None = None,
    warn: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import files one after another; each is all-or-nothing. Raises WXRError on a bad file
    (files before it stay imported). `site_url` is accepted for the caller's convenience: ids
    and URLs are kept as the file has them unless `rewrite_urls` says otherwise."""
    report = ImportReport(dry_run=dry_run, on_warning=warn)
    started = time.monotonic()
    try:
        with rare_collections():
            for path in paths:
                await import_file(
                    storage, path, report, dry_run=dry_run, rewrite_urls=rewrite_urls, progress=progress
                )
    finally:
        report.seconds = time.monotonic() - started
    del site_url
    return report


# wp_get_mime_types(): what WordPress stores for a file's extension where Python's table says
# otherwise (wav is audio/wav, not audio/x-wav) or has nothing; the importer takes the type from
# the extension as WordPress's does (wp_check_filetype).
WP_MIME_TYPES = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "gif": "image/gif", "png": "image/png",
    "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "webp": "image/webp", "ico": "image/x-icon",
    "heic": "image/heic", "mp3": "audio/mpeg", "m4a": "audio/mpeg", "m4b": "audio/mpeg", "aac": "audio/aac",
    "wav": "audio/wav", "ogg": "audio/ogg", "oga": "audio/ogg", "flac": "audio/flac", "mid": "audio/midi",
    "midi": "audio/midi", "wma": "audio/x-ms-wma", "mka": "audio/x-matroska", "mp4": "video/mp4", "m4v": "video/mp4",
    "mov": "video/quicktime", "qt": "video/quicktime", "webm": "video/webm", "ogv": "video/ogg", "avi": "video/avi",
    "divx": "video/divx", "flv": "video/x-flv", "mkv": "video/x-matroska", "3gp": "video/3gpp", "3g2": "video/3gpp2",
    "mpeg": "video/mpeg", "mpg": "video/mpeg", "mpe": "video/mpeg", "wmv": "video/x-ms-wmv", "pdf": "application/pdf",
    "txt": "text/plain", "csv": "text/csv", "zip": "application/zip", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text", "rtf": "application/rtf",
}


def attachment_mime_type(url: str) -> str:
    path = url.split("?", 1)[0].split("#", 1)[0]
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return WP_MIME_TYPES.get(ext) or mimetypes.guess_type(path)[0] or ""
