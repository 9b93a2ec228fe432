"""Password reset keys, stored as WordPress stores them so that a WordPress sharing the database
in place accepts ours and we accept its own.

`user_activation_key` = "<time of the request>:<hash of the key>" (get_password_reset_key()).
WordPress 6.1 hashes the key with phpass (`$P$B…`); 6.8+ with wp_fast_hash() (`$generic$…`)
and still checks phpass ones. We write phpass under WPCOMPAT_WP_VERSION=6.1, the fast hash
otherwise, and check both. A key lives one day (password_reset_expiration's default) and is
used once: setting the password empties the column.
"""

from __future__ import annotations

import hmac
import time
from typing import Literal

from auth.passwords import fast_hash, generate_password, phpass_check, phpass_hash

# DAY_IN_SECONDS, WordPress's default for the password_reset_expiration filter.
RESET_KEY_LIFETIME = 86400
# wp_generate_password( 20, false ).
KEY_LENGTH = 20

KeyCheck = Literal["ok", "expired", "invalid"]


def new_key() -> str:
    return generate_password(KEY_LENGTH)


def stored_value(key: str, *, legacy: bool, now: float | None = None) -> str:
    """What goes into user_activation_key for a key issued now."""
    issued = int(time.time() if now is None else now)
    return f"{issued}:{phpass_hash(key) if legacy else fast_hash(key)}"


def _hash_matches(key: str, hashed: str) -> bool:
    if hashed.startswith("$generic$"):
        return hmac.compare_digest(fast_hash(key), hashed)
    if hashed.startswith(("$P$", "$H$")):
        return phpass_check(key, hashed)
    return False


def check_key(stored: str, key: str, *, now: float | None = None,
              lifetime: int = RESET_KEY_LIFETIME) -> KeyCheck:
    """check_password_reset_key(): "ok", "expired" (right key, too old; or a pre-4.3 key
    without a time, which WordPress treats as expired) or "invalid"."""
    if not stored or not key:
        return "invalid"
    issued_text, sep, hashed = stored.partition(":")
    if not sep:
        # A key written before WordPress 4.3 (no time): never valid again, but "expired".
        legacy_match = hmac.compare_digest(stored.encode(), key.encode()) or _hash_matches(key, stored)
        return "expired" if legacy_match else "invalid"
    if not _hash_matches(key, hashed):
        return "invalid"
    try:
        expires = int(issued_text) + lifetime
    except ValueError:
        return "expired"
    return "ok" if (time.time() if now is None else now) < expires else "expired"
