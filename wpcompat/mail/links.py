"""Signed, expiring links in mails (moderation actions): HMAC-SHA256 over a small JSON payload
with its expiry, keyed by WPCOMPAT_SECRET_KEY. A link acts once: its `id` is recorded when used
(wpcompat.storage.mail.use_link), and the three links of one moderation mail share that id, so
approving also voids "spam" and "trash" from the same mail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

MODERATION_LINK_SECONDS = 7 * 86400
_SALT = b"wpcompat.mail.link"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    return _b64(hmac.new(hashlib.sha256(_SALT + secret.encode()).digest(), payload.encode(), hashlib.sha256).digest())


def new_link_id() -> str:
    return secrets.token_hex(16)


def sign(secret: str, data: dict[str, Any], *, ttl: int, now: float | None = None) -> str:
    payload = _b64(json.dumps({**data, "exp": int((now or time.time()) + ttl)}, separators=(",", ":")).encode())
    return f"{payload}.{_mac(secret, payload)}"


class LinkError(Exception):
    def __init__(self, reason: str) -> None:  # "invalid" | "expired"
        super().__init__(reason)
        self.reason = reason


def verify(secret: str, token: str, *, now: float | None = None) -> dict[str, Any]:
    payload, _, mac = token.partition(".")
    if not payload or not mac or not hmac.compare_digest(mac, _mac(secret, payload)):
        raise LinkError("invalid")
    try:
        data = json.loads(_unb64(payload))
    except ValueError as error:
        raise LinkError("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("exp"), int):
        raise LinkError("invalid")
    if (now or time.time()) > data["exp"]:
        raise LinkError("expired")
    return data
