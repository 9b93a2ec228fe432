"""The hash formats WordPress stores Application Passwords in, checked against outside vectors."""

from __future__ import annotations

import base64
import ctypes
import ctypes.util

import pytest

from auth.passwords import (
    check_password,
    chunk_password,
    fast_hash,
    generate_password,
    hash_application_password,
    normalize_application_password,
    phpass_check,
    phpass_hash,
)

# Published phpass vectors: phpass's own test suite (cost letter 9) and hashes WordPress made
# (cost letter B, as wp_hash_password writes), one of them of a UTF-8 password.
PHPASS_VECTORS = [
    ("test12345", "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"),
    ("!?!#?#?#$&@&@!&@", "$P$Buvd5FQxkeXJnDarN7..wRMwRKJeZ40"),
    ("ąćęłóńśźż", "$P$ByXWbzDvVAJ0jxvNp5sv4xYPIRXJJ1."),
    ("test1", "$H$9aaaaaSXBjgypwqm.JsMssPLiS8YQ00"),
]


@pytest.mark.parametrize(("password", "stored"), PHPASS_VECTORS)
def test_phpass_vectors(password: str, stored: str) -> None:
    assert phpass_check(password, stored)
    assert check_password(password, stored)
    assert not check_password(password + "x", stored)


def test_phpass_hash_is_wordpress_portable_form() -> None:
    stored = phpass_hash("abcdEFGHijklMNOPqrstUVWX")
    assert stored.startswith("$P$B") and len(stored) == 34
    assert phpass_check("abcdEFGHijklMNOPqrstUVWX", stored)
    assert not phpass_check("abcdEFGHijklMNOPqrstUVWx", stored)
    assert phpass_hash("same") != phpass_hash("same")  # salted


def _sodium_generichash(message: bytes, key: bytes, size: int) -> bytes | None:
    """libsodium's crypto_generichash, which PHP's sodium_crypto_generichash calls."""
    path = ctypes.util.find_library("sodium")
    if not path:
        return None
    lib = ctypes.CDLL(path)
    if lib.sodium_init() < 0:
        return None
    out = ctypes.create_string_buffer(size)
    status = lib.crypto_generichash(
        out, ctypes.c_size_t(size), message, ctypes.c_ulonglong(len(message)), key, ctypes.c_size_t(len(key))
    )
    return out.raw if status == 0 else None


# Computed with libsodium's crypto_generichash (not hashlib) when this test was written.
FAST_VECTOR = ("abcd1234EFGH5678ijkl9012", "$generic$-r4FB5NrhNs1VZlhj9uMueqVu30SZqjhd5q-NUtA")


def test_fast_hash_known_vector() -> None:
    assert fast_hash(FAST_VECTOR[0]) == FAST_VECTOR[1]
    assert check_password(FAST_VECTOR[0], FAST_VECTOR[1])
    assert not check_password("abcd1234EFGH5678ijkl9013", FAST_VECTOR[1])


@pytest.mark.parametrize("message", ["", "a", "abcd1234EFGH5678ijkl9012", "é" * 40, "x" * 300])
def test_fast_hash_matches_libsodium(message: str) -> None:
    digest = _sodium_generichash(message.encode(), b"wp_fast_hash_6.8+", 30)
    if digest is None:
        pytest.skip("libsodium is not installed")
    expected = "$generic$" + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert fast_hash(message) == expected


def test_legacy_md5_and_unknown_forms() -> None:
    assert check_password("password", "5f4dcc3b5aa765d61d8327deb882cf99")
    assert not check_password("password", "$wp$2y$10$whatever")
    assert not check_password("password", "")


def test_new_hash_forms() -> None:
    assert hash_application_password("abc").startswith("$generic$")
    assert hash_application_password("abc", legacy=True).startswith("$P$B")


def test_generated_passwords_and_chunks() -> None:
    password = generate_password()
    assert len(password) == 24 and password.isalnum() and password.isascii()
    chunked = chunk_password(password)
    assert chunked.split(" ") == [password[i : i + 4] for i in range(0, 24, 4)]
    assert normalize_application_password(chunked) == password
    assert normalize_application_password(" ab-cd_EF é9 ") == "abcdEF9"
