"""Mail: the outbox (`<prefix>wpc_mail_outbox`), e-mail subscriptions
(`<prefix>wpc_subscriptions`) and the signed links already used (`<prefix>wpc_used_links`).

The outbox is written by the caller's transaction (a comment and the mails it causes commit
together, or neither does). Senders claim rows with a compare-and-set UPDATE (a lease: only a
row whose lease has run out can be claimed, and the UPDATE's row lock makes one claimer win on
PostgreSQL and MariaDB; SQLite runs one writer at a time), so several instances on one database
send each mail once. Times are Unix seconds in integer columns: compared the same everywhere.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.storage.prebuilt import bind, statement

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

from wpcompat.storage.feature_tables import OUTBOX, PENDING, SUBSCRIPTIONS, USED_LINKS

SENT = "sent"


def _t(storage: Storage, name: str) -> sa.Table:
    return storage.tables.metadata.tables[f"{storage.tables.prefix}{name}"]


def outbox(storage: Storage) -> sa.Table:
    return _t(storage, OUTBOX)


def subscriptions(storage: Storage) -> sa.Table:
    return _t(storage, SUBSCRIPTIONS)


# ---------------------------------------------------------------- outbox


# The outbox's statements are built and compiled once (storage/prebuilt.py): a held comment
# queues its moderation mails and the sender claims and marks them, each a statement that
# SQLAlchemy would otherwise build and compile again, at the rate comments come in.


def _enqueue(storage: Storage) -> Any:
    t = outbox(storage)
    insert = sa.insert(t).values(
        kind=sa.bindparam("kind"), recipient=sa.bindparam("recipient"), subject=sa.bindparam("subject"),
        message=sa.bindparam("message"), status=PENDING, attempts=0, created=sa.bindparam("created"),
        next_attempt=sa.bindparam("next_attempt"), lease_until=0, claimed_by="", sent=0, last_error="",
    )
    return insert.returning(t.c.id) if storage.dialect == "postgresql" else insert


async def enqueue(storage: Storage, *, kind: str, recipient: str, subject: str, message: str, now: int) -> int:
    query = bind(statement(storage, "mail.enqueue", _enqueue), kind=kind, recipient=recipient[:255],
                 subject=subject, message=message, created=now, next_attempt=now)
    if storage.dialect == "postgresql":
        return int(await storage.db.fetch_val(query))
    return int(await storage.db.execute(query))


def _due(limit: int) -> Any:
    def build(storage: Storage) -> Any:
        t = outbox(storage)
        now = sa.bindparam("now", type_=sa.BigInteger())
        return (
            sa.select(t.c.id).where(t.c.status == PENDING, t.c.next_attempt <= now, t.c.lease_until <= now)
            .order_by(t.c.next_attempt, t.c.id).limit(limit)
        )
    return build


def _take(storage: Storage) -> Any:
    t = outbox(storage)
    now = sa.bindparam("now", type_=sa.BigInteger())
    return (
        sa.update(t)
        .where(t.c.id.in_(sa.bindparam("ids", expanding=True)), t.c.status == PENDING, t.c.lease_until <= now,
               t.c.next_attempt <= now)
        .values(lease_until=sa.bindparam("lease_until"), claimed_by=sa.bindparam("token"))
    )


def _claimed(storage: Storage) -> Any:
    t = outbox(storage)
    return sa.select(t).where(t.c.claimed_by == sa.bindparam("token")).order_by(t.c.id)


async def claim(storage: Storage, *, now: int, lease_seconds: int, limit: int) -> list[dict[str, Any]]:
    """Take up to `limit` due mails for this sender: the due rows are claimed by one
    compare-and-set UPDATE (each row only if still pending, due and its lease run out: another
    sender's claim in between wins that row), then the rows carrying our claim are read."""
    due = await storage.db.fetch_all(bind(statement(storage, f"mail.due.{int(limit)}", _due(int(limit))), now=now))
    if not due:
        return []
    token = secrets.token_hex(16)
    await storage.db.execute(bind(statement(storage, "mail.take", _take), ids=[int(row[0]) for row in due], now=now,
                                  lease_until=now + lease_seconds, token=token))
    rows = await storage.db.fetch_all(bind(statement(storage, "mail.claimed", _claimed), token=token))
    return [dict(r._mapping) for r in rows]


def _mark_sent(storage: Storage) -> Any:
    t = outbox(storage)
    return (
        sa.update(t).where(t.c.id == sa.bindparam("mail_id"), t.c.claimed_by == sa.bindparam("token"))
        .values(status=SENT, sent=sa.bindparam("now"), attempts=t.c.attempts + 1, lease_until=0, last_error="")
    )


async def mark_sent(storage: Storage, mail_id: int, claim_token: str, now: int) -> None:
    await storage.db.execute(bind(statement(storage, "mail.mark_sent", _mark_sent), mail_id=int(mail_id),
                                  token=claim_token, now=now))


async def mark_failed(storage: Storage, mail_id: int, claim_token: str, *, next_attempt: int, error: str) -> None:
    t = outbox(storage)
    await storage.db.execute(
        sa.update(t).where(t.c.id == int(mail_id), t.c.claimed_by == claim_token)
        .values(attempts=t.c.attempts + 1, next_attempt=next_attempt, lease_until=0, claimed_by="",
                last_error=error[:2000])
    )


async def list_mail(storage: Storage, *, status: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    t = outbox(storage)
    query = sa.select(t).order_by(t.c.id.desc()).limit(limit)
    if status:
        query = query.where(t.c.status == status)
    return [dict(r._mapping) for r in await storage.db.fetch_all(query)]


async def retry_now(storage: Storage, ids: Iterable[int] | None, now: int) -> int:
    """Make pending mails due now (all of them, or these)."""
    t = outbox(storage)
    where = [t.c.status == PENDING]
    if ids is not None:
        where.append(t.c.id.in_([int(i) for i in ids]))
    n = int(await storage.db.fetch_val(sa.select(sa.func.count()).select_from(t).where(*where)) or 0)
    await storage.db.execute(sa.update(t).where(*where).values(next_attempt=now, lease_until=0))
    return n


# ---------------------------------------------------------------- subscriptions


async def find_subscription(storage: Storage, *, email: str, kind: str, post_id: int) -> dict[str, Any] | None:
    t = subscriptions(storage)
    row = await storage.db.fetch_one(
        sa.select(t).where(t.c.email == email, t.c.kind == kind, t.c.post_id == int(post_id))
    )
    return None if row is None else dict(row._mapping)


async def subscription_by_token(storage: Storage, token: str) -> dict[str, Any] | None:
    t = subscriptions(storage)
    row = await storage.db.fetch_one(sa.select(t).where(t.c.token == token))
    return None if row is None else dict(row._mapping)


async def insert_subscription(storage: Storage, values: dict[str, Any]) -> None:
    await storage.db.execute(sa.insert(subscriptions(storage)).values(**values))


async def update_subscription(storage: Storage, sub_id: int, values: dict[str, Any]) -> None:
    t = subscriptions(storage)
    await storage.db.execute(sa.update(t).where(t.c.id == int(sub_id)).values(**values))


async def delete_subscription(storage: Storage, sub_id: int) -> None:
    t = subscriptions(storage)
    await storage.db.execute(sa.delete(t).where(t.c.id == int(sub_id)))


async def confirmed_subscribers(storage: Storage, kind: str, post_id: int) -> list[dict[str, Any]]:
    t = subscriptions(storage)
    rows = await storage.db.fetch_all(
        sa.select(t).where(t.c.kind == kind, t.c.post_id == int(post_id), t.c.status == "confirmed").order_by(t.c.id)
    )
    return [dict(r._mapping) for r in rows]


async def recent_subscriptions_by_ip(storage: Storage, ip: str, since: int) -> int:
    t = subscriptions(storage)
    return int(await storage.db.fetch_val(
        sa.select(sa.func.count()).select_from(t).where(t.c.ip == ip, t.c.created >= since)
    ) or 0)


async def subscriptions_of(storage: Storage, email: str) -> list[dict[str, Any]]:
    t = subscriptions(storage)
    rows = await storage.db.fetch_all(sa.select(t).where(t.c.email == email).order_by(t.c.id))
    return [dict(r._mapping) for r in rows]


async def delete_subscriptions_of(storage: Storage, email: str) -> int:
    t = subscriptions(storage)
    n = int(await storage.db.fetch_val(sa.select(sa.func.count()).select_from(t).where(t.c.email == email)) or 0)
    await storage.db.execute(sa.delete(t).where(t.c.email == email))
    return n


# ---------------------------------------------------------------- signed links used once


async def use_link(storage: Storage, link_id: str, now: int) -> bool:
    """Record a signed link as used; False when it had been used before (the primary key
    refuses the second insert, whichever request comes second)."""
    t = _t(storage, USED_LINKS)
    try:
        async with storage.db.transaction():
            await storage.db.execute(sa.insert(t).values(link_id=link_id, used=now))
    except Exception:
        found = await storage.db.fetch_val(sa.select(t.c.link_id).where(t.c.link_id == link_id))
        if found is None:
            raise
        return False
    return True


async def link_used(storage: Storage, link_id: str) -> bool:
    t = _t(storage, USED_LINKS)
    return await storage.db.fetch_val(sa.select(t.c.link_id).where(t.c.link_id == link_id)) is not None


async def comment_and_post(storage: Storage, comment_id: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A comment and its post's row (what a notification says about them)."""
    c, p = storage.tables.comments, storage.tables.posts
    comment = await storage.db.fetch_one(sa.select(c).where(c.c.comment_ID == int(comment_id)))
    if comment is None:
        return None
    post = await storage.db.fetch_one(sa.select(p).where(p.c["ID"] == int(comment["comment_post_ID"])))
    if post is None:
        return None
    return dict(comment._mapping), dict(post._mapping)


async def post_row(storage: Storage, post_id: int) -> dict[str, Any] | None:
    p = storage.tables.posts
    row = await storage.db.fetch_one(sa.select(p).where(p.c["ID"] == int(post_id)))
    return None if row is None else dict(row._mapping)


async def user_email_of(storage: Storage, user_id: int) -> str:
    u = storage.tables.users
    found = await storage.db.fetch_val(sa.select(u.c.user_email).where(u.c["ID"] == int(user_id)))
    return str(found or "")


async def comment_row(storage: Storage, comment_id: int) -> dict[str, Any] | None:
    c = storage.tables.comments
    row = await storage.db.fetch_one(sa.select(c).where(c.c.comment_ID == int(comment_id)))
    return None if row is None else dict(row._mapping)


async def public_post(storage: Storage, post_id: int) -> dict[str, Any] | None:
    """A published post without password (what a reader may subscribe to or like), else None."""
    p = storage.tables.posts
    row = await storage.db.fetch_one(
        sa.select(p.c["ID"], p.c.post_title, p.c.post_type, p.c.post_author).where(
            p.c["ID"] == int(post_id), p.c.post_status == "publish", p.c.post_password == ""
        )
    )
    return None if row is None else dict(row._mapping)


async def count_held_comments(storage: Storage) -> int:
    """Comments waiting for a moderator (wp_notify_moderator's "currently N waiting")."""
    c = storage.tables.comments
    return int(await storage.db.fetch_val(
        sa.select(sa.func.count()).select_from(c).where(c.c.comment_approved == "0")
    ) or 0)
