"""Likes on posts and comments, WordPress.com style: who may like, once per object, and the
guests' limits. The SQL is in wpcompat.storage.likes; REST in wpcompat.rest.likes.

Who may like:
- a signed-in commenter (any provider) or a site user: once per object;
- a guest, only when the site option `wpcompat_likes_guests` is "1": once per browser (a random
  token in the `wpc_like_token` cookie, stored hashed), at most `wpcompat_likes_guest_rate`
  (default 30) likes per hour from one IP address.
What may be liked: a published post without password, an approved comment on one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wpcompat.avatars import avatar_url
from wpcompat.storage import likes as store
from wpcompat.storage import mail as mail_store
from wpcompat.util.dates import now_gmt

if TYPE_CHECKING:
    from auth.capabilities import User
    from auth.identities import Identity
    from wpcompat.site import Site
    from wpcompat.storage import Storage

GUEST_COOKIE = "wpc_like_token"
GUESTS_OPTION = "wpcompat_likes_guests"
GUEST_RATE_OPTION = "wpcompat_likes_guest_rate"
DEFAULT_GUEST_RATE = 30
FACEPILE_MAX = 90


class LikeError(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class Liker:
    key: str
    name: str = ""
    email: str = ""
    avatar_url: str = ""
    profile_url: str = ""
    identity_id: int = 0
    user_id: int = 0

    @property
    def is_guest(self) -> bool:
        return self.key.startswith("guest:")


def identity_key(provider: str, subject: str) -> str:
    return f"identity:{provider}:{subject}"


def of_identity(identity: Identity) -> Liker:
    return Liker(key=identity_key(identity.provider, identity.subject), name=identity.name, email=identity.email,
                 avatar_url=identity.avatar_url, profile_url=identity.profile_url, identity_id=identity.id)


def of_user(user: User) -> Liker:
    return Liker(key=f"user:{user.id}", name=user.display_name, email=user.email, profile_url=user.url or "",
                 user_id=user.id)


def of_guest(token: str) -> Liker:
    return Liker(key="guest:" + hashlib.sha256(token.encode()).hexdigest()[:40])


def guests_allowed(site: Site) -> bool:
    return site.option(GUESTS_OPTION) == "1"


MAX_ID = 2**63 - 1  # BIGINT: a longer id names nothing (and must not reach the database)


async def check_object(storage: Storage, object_type: str, object_id: int) -> None:
    """Raise LikeError unless the object is public (what anyone may like and see liked)."""
    if object_id > MAX_ID:
        object_id = 0
    if object_type == "post":
        if object_id <= 0 or await mail_store.public_post(storage, object_id) is None:
            raise LikeError("rest_post_invalid_id", "Invalid post ID.", 404)
        return
    comment = await mail_store.comment_row(storage, object_id) if object_id > 0 else None
    if comment is None or comment["comment_approved"] != "1" or (
        await mail_store.public_post(storage, int(comment["comment_post_ID"])) is None
    ):
        raise LikeError("rest_comment_invalid_id", "Invalid comment ID.", 404)


async def like(storage: Storage, site: Site, object_type: str, object_id: int, liker: Liker, ip: str) -> int:
    await check_object(storage, object_type, object_id)
    if liker.is_guest:
        if not guests_allowed(site):
            raise LikeError("rest_like_login_required", "Sorry, you must be logged in to like.", 401)
        if not await store.has_liked(storage, object_type, object_id, liker.key):
            rate = site.option_int(GUEST_RATE_OPTION, DEFAULT_GUEST_RATE) or DEFAULT_GUEST_RATE
            since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
            if await store.recent_by_ip(storage, ip, since) >= rate:
                raise LikeError("rest_like_rate_limited", "You are liking too quickly. Please try again later.", 429)
    await store.add_like(storage, {
        "object_type": object_type, "object_id": object_id, "liker": liker.key,
        "identity_id": liker.identity_id, "user_id": liker.user_id, "name": liker.name[:250],
        "email": liker.email[:100], "avatar_url": liker.avatar_url[:255], "profile_url": liker.profile_url[:255],
        "ip": ip[:100], "date_gmt": now_gmt(),
    })
    return await store.count(storage, object_type, object_id)


async def unlike(storage: Storage, object_type: str, object_id: int, liker: Liker) -> int:
    await check_object(storage, object_type, object_id)
    await store.remove_like(storage, object_type, object_id, liker.key)
    return await store.count(storage, object_type, object_id)


def liker_json(site: Site, row: dict[str, Any]) -> dict[str, Any]:
    """One liker as the API shows them: name, avatar (the provider's picture for a social
    identity, else Gravatar from the e-mail), profile URL. No e-mail, no IP."""
    picture = str(row.get("avatar_url") or "")
    return {
        "name": str(row.get("name") or ""),
        "avatar_URL": picture or avatar_url(site, str(row.get("email") or "") or None, 96),
        "profile_URL": str(row.get("profile_url") or ""),
        "date": str(row.get("date_gmt") or "").replace(" ", "T"),
    }
