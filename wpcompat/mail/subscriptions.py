"""E-mail subscriptions with double opt-in: "Prévenez-moi de tous les nouveaux commentaires par
e-mail" (one post) and "… des nouveaux articles" (the site).

A subscription starts "pending" and only a confirmation mail goes to the address; following its
link makes it "confirmed". Each subscription has its own random token, used by the confirmation
link and by the unsubscribe link and header; unsubscribing deletes the row.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wpcompat.mail import notifications
from wpcompat.storage import comment_writes
from wpcompat.storage import mail as store

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.storage import Storage

log = logging.getLogger("wpcompat.mail")
KINDS = ("comments", "posts")
# Confirmation mails are not sent again to a pending address sooner than this.
RESEND_SECONDS = 3600
# Subscription requests from one address per hour (each sends a mail to someone).
PER_IP_PER_HOUR = 10
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


class SubscriptionError(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class Outcome:
    status: str  # "pending" | "confirmed"
    mailed: bool


async def subscribe(
    storage: Storage, settings: Settings, *, email: str, kind: str, post_id: int, ip: str, lang: str = "",
) -> Outcome:
    email = email.strip()
    if kind not in KINDS:
        raise SubscriptionError("rest_invalid_param", "Invalid parameter(s): kind", 400)
    if not _EMAIL.match(email) or len(email) > 100:
        raise SubscriptionError("rest_invalid_email", "Invalid email address.", 400)
    title = ""
    if kind == "comments":
        post = await store.public_post(storage, post_id) if 0 < post_id < 2**63 else None
        if post is None:
            raise SubscriptionError("rest_post_invalid_id", "Invalid post ID.", 404)
        title = str(post["post_title"])
    else:
        post_id = 0
    now = int(time.time())
    async with comment_writes.write_transaction(storage):
        existing = await store.find_subscription(storage, email=email, kind=kind, post_id=post_id)
        if existing is not None and existing["status"] == "confirmed":
            return Outcome("confirmed", False)
        if existing is not None and now - int(existing["created"]) < RESEND_SECONDS:
            return Outcome("pending", False)
        if await store.recent_subscriptions_by_ip(storage, ip, now - 3600) >= PER_IP_PER_HOUR:
            raise SubscriptionError("rest_subscription_rate_limited",
                                    "Too many subscription requests from your address. Please try again later.", 429)
        values = {"email": email, "kind": kind, "post_id": post_id, "status": "pending",
                  "token": secrets.token_urlsafe(32), "lang": lang[:10], "ip": ip[:100], "created": now,
                  "confirmed": 0}
        if existing is None:
            await store.insert_subscription(storage, values)
        else:
            await store.update_subscription(storage, int(existing["id"]), values)
        await notifications.confirmation(storage, settings, values, title)
    return Outcome("pending", True)


async def confirm(storage: Storage, token: str) -> dict[str, Any] | None:
    sub = await store.subscription_by_token(storage, token) if token else None
    if sub is None:
        return None
    if sub["status"] != "confirmed":
        await store.update_subscription(storage, int(sub["id"]), {"status": "confirmed", "confirmed": int(time.time())})
        sub["status"] = "confirmed"
    return sub


async def unsubscribe(storage: Storage, token: str) -> dict[str, Any] | None:
    sub = await store.subscription_by_token(storage, token) if token else None
    if sub is not None:
        await store.delete_subscription(storage, int(sub["id"]))
    return sub


# The classic form's boxes, named as Jetpack's subscription boxes are.
FORM_FIELDS = (("subscribe_comments", "comments"), ("subscribe_blog", "posts"))


async def subscribe_from_form(storage: Storage, settings: Settings, form: Any, comment: dict[str, Any], ip: str) -> None:
    """After a classic-form comment: the subscriptions its ticked boxes ask for (double opt-in
    as always). A refused one (rate limit, bad address) never fails the comment."""
    email = str(comment.get("comment_author_email") or "")
    for field, kind in FORM_FIELDS:
        if not email or not form.get(field):
            continue
        try:
            await subscribe(storage, settings, email=email, kind=kind, post_id=int(comment["comment_post_ID"]), ip=ip)
        except SubscriptionError as error:
            log.info("form subscription for %s not taken: %s", email, error.code)
