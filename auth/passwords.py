"""WordPress's password hashes: phpass portable (`$P$`), the 6.8+ `$generic$` fast hash, legacy MD5.

Application Passwords are random 24-character secrets, so WordPress 6.8+ stores them with
`wp_fast_hash()`: keyed BLAKE2b (libsodium's `crypto_generichash`, key `wp_fast_hash_6.8+`,
30 bytes) in URL-safe base64 without padding, after `$generic$`. WordPress 5.6 to 6.7 stored
`wp_hash_password()`, a phpass portable hash (`$P$B…`, 2**13 MD5 rounds). Both must verify so that a
database written by either version works in place; new hashes are written in the 6.8+ form, which
WordPress 6.1 cannot read (it would only see a wrong password): `hash_application_password(...,
legacy=True)` writes phpass for sites that a 6.1 install must keep serving.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string

FAST_HASH_PREFIX = "$generic$"
FAST_HASH_KEY = b"wp_fast_hash_6.8+"
FAST_HASH_BYTES = 30

# phpass's own base-64 alphabet (not RFC 4648). WordPress asks phpass for cost 8, to which phpass
# adds 5 on PHP 5+: 2**13 MD5 rounds, written as the letter 'B' (index 13).
_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_PHPASS_COUNT_LOG2 = 13

# wp_generate_password( $length, false ): letters and digits only.
PASSWORD_ALPHABET = string.ascii_letters + string.digits


def fast_hash(message: str) -> str:
    """wp_fast_hash(): `$generic$` + base64url(BLAKE2b-240 keyed with `wp_fast_hash_6.8+`)."""
    digest = hashlib.blake2b(message.encode("utf-8"), digest_size=FAST_HASH_BYTES, key=FAST_HASH_KEY).digest()
    return FAST_HASH_PREFIX + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _encode64(data: bytes, count: int) -> str:
    """phpass's encode64: little-endian groups of 3 bytes, 6 bits per character."""
    out = []
    i = 0
    while i < count:
        value = data[i]
        i += 1
        out.append(_ITOA64[value & 0x3F])
        if i < count:
            value |= data[i] << 8
        out.append(_ITOA64[(value >> 6) & 0x3F])
        if i >= count:
            break
        i += 1
        if i < count:
            value |= data[i] << 16
        out.append(_ITOA64[(value >> 12) & 0x3F])
        if i >= count:
            break
        i += 1
        out.append(_ITOA64[(value >> 18) & 0x3F])
    return "".join(out)


def _phpass_crypt(password: bytes, setting: str) -> str | None:
    """phpass crypt_private(); None where phpass answers its failure marker."""
    if len(setting) < 12 or setting[:3] not in ("$P$", "$H$"):
        return None
    count_log2 = _ITOA64.find(setting[3])
    if count_log2 < 7 or count_log2 > 30:
        return None
    salt = setting[4:12].encode("latin-1", "replace")
    if len(salt) != 8:
        return None
    digest = hashlib.md5(salt + password).digest()
    for _ in range(1 << count_log2):
        digest = hashlib.md5(digest + password).digest()
    return setting[:12] + _encode64(digest, 16)


def phpass_hash(password: str) -> str:
    """wp_hash_password() before 6.8: a phpass portable hash, `$P$B` + salt + digest."""
    salt = _encode64(secrets.token_bytes(6), 6)
    setting = "$P$" + _ITOA64[_PHPASS_COUNT_LOG2] + salt
    result = _phpass_crypt(password.encode("utf-8"), setting)
    assert result is not None
    return result


def phpass_check(password: str, stored: str) -> bool:
    computed = _phpass_crypt(password.encode("utf-8"), stored)
    return computed is not None and hmac.compare_digest(computed.encode(), stored.encode("utf-8", "replace"))


def check_password(password: str, stored: str) -> bool:
    """Does `password` match `stored`, in any form WordPress writes for application passwords?

    `$generic$` (6.8+), phpass `$P$`/`$H$` (every earlier version), and a bare MD5 (WordPress
    before 2.5, still accepted by wp_check_password). Other forms (6.8's `$wp$2y$` bcrypt, used for
    login passwords, never for application passwords) are refused.
    """
    if not stored:
        return False
    if stored.startswith(FAST_HASH_PREFIX):
        return hmac.compare_digest(fast_hash(password).encode(), stored.encode("utf-8", "replace"))
    if stored.startswith(("$P$", "$H$")):
        return phpass_check(password, stored)
    if len(stored) == 32 and all(c in string.hexdigits for c in stored):
        return hmac.compare_digest(hashlib.md5(password.encode("utf-8")).hexdigest(), stored.lower())
    return False


def hash_application_password(password: str, legacy: bool = False) -> str:
    """The stored form of a new application password: 6.8+'s fast hash, or phpass if `legacy`."""
    return phpass_hash(password) if legacy else fast_hash(password)


def generate_password(length: int = 24) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def normalize_application_password(raw: str) -> str:
    """Strip everything but ASCII letters and digits, as WordPress does before checking."""
    return "".join(c for c in raw if c.isascii() and c.isalnum())


def chunk_password(raw: str) -> str:
    """The display form: groups of 4 separated by spaces (WP_Application_Passwords::chunk_password)."""
    clean = normalize_application_password(raw)
    return " ".join(clean[i : i + 4] for i in range(0, len(clean), 4))


# ---------------------------------------------------------------- login passwords (wp_check_password)
#
# WordPress 6.8+ stores a login password as `$wp` + PHP's bcrypt (`$2y$…`) of a pre-hash: the
# HMAC-SHA384 of the password keyed with the literal "wp-sha384", base64-encoded (so bcrypt's
# 72-byte limit never cuts a long password). A bare `$2y$` hash is what a plugin calling
# password_hash() directly leaves; it verifies the password itself. Earlier versions wrote
# phpass `$P$`, which is still read (and written when a WordPress 6.1 must keep reading it).

WP_BCRYPT_PREFIX = "$wp"
BCRYPT_PREFIXES = ("$2y$", "$2a$", "$2b$")
# PHP's password_hash() default cost before PHP 8.4.
BCRYPT_COST = 10
# wp_hash_password() refuses to hash more than this (it answers '*', which nothing matches).
MAX_PASSWORD_BYTES = 4096


def _bcrypt_prehash(password: str) -> bytes:
    mac = hmac.new(b"wp-sha384", password.encode("utf-8"), hashlib.sha384).digest()
    return base64.b64encode(mac)


def _bcrypt_check(secret: bytes, stored: str) -> bool:
    import bcrypt

    # PHP's `$2y$` is the same algorithm as `$2b$`; the library knows it as `$2b$`.
    normalized = "$2b$" + stored[4:] if stored.startswith("$2y$") else stored
    try:
        # PHP's bcrypt reads at most 72 bytes of the password, as does a stored plain hash's check.
        return bool(bcrypt.checkpw(secret[:72], normalized.encode("ascii")))
    except (ValueError, UnicodeEncodeError):
        return False


def check_login_password(password: str, stored: str) -> bool:
    """wp_check_password() for a login password: `$wp$2y$` (6.8+), a bare bcrypt `$2y$`, phpass
    `$P$`/`$H$`, or a pre-2.5 MD5. Anything else (e.g. '*', an emptied password) never matches."""
    if not stored or len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return False
    if stored.startswith(WP_BCRYPT_PREFIX + "$2"):
        return _bcrypt_check(_bcrypt_prehash(password), stored[len(WP_BCRYPT_PREFIX):])
    if stored.startswith(BCRYPT_PREFIXES):
        return _bcrypt_check(password.encode("utf-8"), stored)
    if stored.startswith(("$P$", "$H$")):
        return phpass_check(password, stored)
    if len(stored) == 32 and all(c in string.hexdigits for c in stored):
        return hmac.compare_digest(hashlib.md5(password.encode("utf-8")).hexdigest(), stored.lower())
    return False


def hash_login_password(password: str, *, legacy: bool = False) -> str:
    """wp_hash_password(): 6.8+'s `$wp$2y$…`, or phpass when `legacy` (a WordPress 6.1 sharing
    the database could not read bcrypt). The password is trimmed, as WordPress does."""
    import bcrypt

    password = password.strip()
    if legacy:
        return phpass_hash(password)
    hashed = bcrypt.hashpw(_bcrypt_prehash(password), bcrypt.gensalt(rounds=BCRYPT_COST)).decode("ascii")
    return WP_BCRYPT_PREFIX + "$2y$" + hashed[4:]


def needs_rehash(stored: str, *, legacy: bool) -> bool:
    """wp_password_needs_rehash(): a phpass or MD5 hash is upgraded at the next login (6.8+)."""
    return not legacy and not stored.startswith(WP_BCRYPT_PREFIX + "$2")
