"""WordPress-style nonces (wp_create_nonce / wp_verify_nonce), bound to a browser session.

A nonce is valid for the tick it was made in and the next one; a tick is half of
NONCE_LIFE (a day), so a nonce lives 12 to 24 hours. It is an HMAC (WPCOMPAT_SECRET_KEY) of
the tick, the action, the user id and the session token, so it is worthless outside the
session it was made for, e.g. after logout.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time

NONCE_LIFE = 86400
REST_ACTION = "wp_rest"


def nonce_tick(now: float | None = None) -> int:
    """wp_nonce_tick(): the number of half-lifes since the epoch, rounded up."""
    return math.ceil((time.time() if now is None else now) / (NONCE_LIFE / 2))


def _digest(secret: str, tick: int, action: str, user_id: int, token: str) -> str:
    message = f"{tick}|{action}|{user_id}|{token}".encode()
    full = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    # WordPress keeps 10 hex characters of its hash; so do we.
    return full[-12:-2]


def create_nonce(secret: str, action: str, user_id: int, token: str, now: float | None = None) -> str:
    return _digest(secret, nonce_tick(now), action, user_id, token)


def verify_nonce(secret: str, nonce: str, action: str, user_id: int, token: str, now: float | None = None) -> int:
    """1: made in this tick, 2: in the previous one (12–24 h old), 0: invalid."""
    if not nonce:
        return 0
    tick = nonce_tick(now)
    for age, candidate_tick in ((1, tick), (2, tick - 1)):
        expected = _digest(secret, candidate_tick, action, user_id, token)
        if hmac.compare_digest(expected, str(nonce)):
            return age
    return 0
