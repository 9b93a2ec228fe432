"""Commenters' provider identities: stored, found, tied to their comments, exported, erased.

An identity is keyed by (provider, provider user id). It is never merged with another identity
or with a site user through an email address: a provider account can be opened under someone
else's unverified address, so `user_id` stays 0 (no automatic linking at all).

A comment belongs to an identity through WordPress.com's comment meta: `hc_post_as` (the
provider) and `hc_foreign_user_id` (its user id), with `hc_avatar` for the picture. Those keys
travel with WXR exports, so the tie survives a move to or from WordPress with Jetpack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from auth.oauth.profile import Commenter
from wpcompat.storage import identities as identity_rows
from wpcompat.storage.comment_writes import recount_comments
from wpcompat.storage.identities import META_AVATAR, META_FOREIGN_ID, META_POST_AS

if TYPE_CHECKING:
    from wpcompat.storage import Storage

EraseMode = Literal["anonymize", "delete"]
# What an anonymised comment keeps: the values WordPress's own privacy eraser writes, so both
# systems' erased comments look alike.
ANONYMOUS = {
    "comment_author": "[deleted]",
    "comment_author_email": "deleted@site.invalid",
    "comment_author_url": "https://site.invalid",
    "comment_author_IP": "0.0.0.0",
    "comment_agent": "",
}


@dataclass(frozen=True)
class Identity:
    id: int
    provider: str
    subject: str
    name: str
    email: str
    email_verified: bool
    avatar_url: str
    profile_url: str
    user_id: int

    def comment_meta(self) -> dict[str, str]:
        meta = {META_POST_AS: self.provider, META_FOREIGN_ID: self.subject}
        if self.avatar_url:
            meta[META_AVATAR] = self.avatar_url
        return meta

    def public(self) -> dict[str, Any]:
        """What the commenter's own browser may see (no email verification detail)."""
        return {
            "provider": self.provider,
            "name": self.name,
            "avatar_url": self.avatar_url,
            "profile_url": self.profile_url,
            "email": self.email,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _from_row(row: Any) -> Identity:
    return Identity(
        id=int(row["id"]),
        provider=row["provider"],
        subject=row["provider_user_id"],
        name=row["display_name"],
        email=row["email"],
        email_verified=bool(row["email_verified"]),
        avatar_url=row["avatar_url"],
        profile_url=row["profile_url"],
        user_id=int(row["user_id"]),
    )


async def find_identity(storage: Storage, provider: str, subject: str) -> Identity | None:
    row = await identity_rows.find_identity_row(storage, provider, subject)
    return _from_row(row) if row else None


async def get_identity(storage: Storage, identity_id: int) -> Identity | None:
    row = await identity_rows.get_identity_row(storage, identity_id)
    return _from_row(row) if row else None


async def save_identity(storage: Storage, commenter: Commenter) -> Identity:
    """Insert the identity, or refresh its profile on a later login (the key never changes)."""
    now = _now()
    values = {
        "display_name": commenter.name,
        "email": commenter.email or "",
        "email_verified": commenter.email_verified,
        "avatar_url": commenter.avatar_url or "",
        "profile_url": commenter.profile_url or "",
        "last_login_gmt": now,
    }
    existing = await find_identity(storage, commenter.provider, commenter.subject)
    if existing is None:
        try:
            await identity_rows.insert_identity(storage, {
                "provider": commenter.provider, "provider_user_id": commenter.subject, "created_gmt": now,
                "user_id": 0, **values,
            })
        except Exception:
            # The unique key refused it: the same person's login in another tab won the race
            # (each driver raises its own error class). Anything else shows up just below.
            if await find_identity(storage, commenter.provider, commenter.subject) is None:
                raise
    await identity_rows.update_identity(storage, commenter.provider, commenter.subject, values)
    identity = await find_identity(storage, commenter.provider, commenter.subject)
    assert identity is not None
    return identity


async def add_comment_meta(storage: Storage, comment_id: int, identity: Identity) -> None:
    """Write the hc_* meta on a comment posted by this identity."""
    await identity_rows.add_comment_metas(storage, comment_id, identity.comment_meta())


async def previously_approved(storage: Storage, identity: Identity) -> bool:
    """Has this identity an approved comment? (its answer to `comment_previously_approved`)"""
    return await identity_rows.has_approved_comment(storage, identity.provider, identity.subject)


async def comment_rows(storage: Storage, identity: Identity) -> list[dict[str, Any]]:
    return await identity_rows.comment_rows(storage, identity.provider, identity.subject)


async def export_identity(storage: Storage, identity: Identity) -> dict[str, Any]:
    """Everything stored about the commenter: the identity and each of their comments."""
    row = await identity_rows.get_identity_row(storage, identity.id)
    record = asdict(identity)
    if row is not None:
        record["created_gmt"] = row["created_gmt"]
        record["last_login_gmt"] = row["last_login_gmt"]
    comments = [
        {
            "id": int(r["comment_ID"]),
            "post": int(r["comment_post_ID"]),
            "parent": int(r["comment_parent"]),
            "date_gmt": r["comment_date_gmt"],
            "status": r["comment_approved"],
            "author_name": r["comment_author"],
            "author_email": r["comment_author_email"],
            "author_url": r["comment_author_url"],
            "author_ip": r["comment_author_IP"],
            "author_user_agent": r["comment_agent"],
            "content": r["comment_content"],
        }
        for r in await comment_rows(storage, identity)
    ]
    from wpcompat.storage import likes as like_store
    from wpcompat.storage import mail as mail_store

    liker = like_key(identity)
    likes = [
        {"object_type": r["object_type"], "object_id": int(r["object_id"]), "date_gmt": r["date_gmt"],
         "name": r["name"], "avatar_url": r["avatar_url"], "profile_url": r["profile_url"], "ip": r["ip"]}
        for r in await like_store.by_identity(storage, identity.id, liker)
    ]
    subscriptions = [
        {"kind": r["kind"], "post": int(r["post_id"]), "status": r["status"], "email": r["email"]}
        for r in (await mail_store.subscriptions_of(storage, identity.email) if identity.email else [])
    ]
    return {"identity": record, "comments": comments, "likes": likes, "subscriptions": subscriptions}


def like_key(identity: Identity) -> str:
    """The identity's key in the likes table (wpcompat.discussion.likes.identity_key)."""
    return f"identity:{identity.provider}:{identity.subject}"


async def erase_identity(storage: Storage, identity: Identity, mode: EraseMode) -> dict[str, int]:
    """Forget the identity; its comments are anonymised (kept, author removed) or deleted.

    Deleting a comment moves its replies up to its own parent, as wp_delete_comment() does, so
    other people's replies stay in the thread.
    """
    async with storage.db.transaction():
        rows = await comment_rows(storage, identity)
        ids = [int(r["comment_ID"]) for r in rows]
        if ids and mode == "delete":
            await identity_rows.delete_comments(storage, rows)
            from wpcompat.storage import likes as like_store

            await like_store.delete_for(storage, "comment", ids)
            # wp_update_comment_count_now(): approved comments only.
            for post_id in sorted({int(r["comment_post_ID"]) for r in rows}):
                await recount_comments(storage, post_id)
        elif ids:
            await identity_rows.anonymize_comments(storage, ids, ANONYMOUS)
        from wpcompat.storage import likes as like_store
        from wpcompat.storage import mail as mail_store

        likes = await like_store.erase_identity(storage, identity.id, like_key(identity))
        subscriptions = await mail_store.delete_subscriptions_of(storage, identity.email) if identity.email else 0
        await identity_rows.delete_identity(storage, identity.id)
    return {"comments": len(ids), "identities": 1, "likes": likes, "subscriptions": subscriptions}
