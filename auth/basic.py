"""HTTP Basic authentication with Application Passwords (wp_authenticate_application_password).

The result is a user, the anonymous visitor (no Basic credentials at all), or a WP_Error-shaped
refusal. What the REST layer does with a refusal is its call: WordPress answers it as a 401 error
from `rest_authentication_errors`.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auth import throttle
from auth.accounts import is_email
from auth.application_passwords import DAY_IN_SECONDS, META_KEY, find_matching, record_usage
from auth.capabilities import User, user_from_row, user_meta_keys
from wpcompat.storage.users import get_user_meta, get_user_row_by_email, get_user_row_by_login

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

# WordPress's messages, markup included: REST clients receive them verbatim.
INVALID_USERNAME = "<strong>Error:</strong> Unknown username. Check again or try your email address."
INVALID_EMAIL = "<strong>Error:</strong> Unknown email address. Check again or try your username."
INCORRECT_PASSWORD = "The provided password is an invalid application password."


@dataclass(frozen=True)
class AuthError:
    """A WP_Error: `code`, `message` and the HTTP status WordPress gives it."""

    code: str
    message: str
    status: int = 401
    # Seconds before trying again, for a 429 from auth/throttle.py.
    retry_after: int | None = None


@dataclass(frozen=True)
class AuthResult:
    user: User | None = None
    error: AuthError | None = None
    # The application password used, for application_password_did_authenticate-style logging.
    app_password_uuid: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.user is None and self.error is None


def parse_basic(header: str | None) -> tuple[str, str] | None:
    """(login, password) from `Authorization: Basic …`, or None when there are no such credentials.

    PHP fills PHP_AUTH_USER/PW only from a well-formed Basic header; anything else (another
    scheme, bad base64, no colon) leaves the request anonymous, as in WordPress.
    """
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    login, colon, password = decoded.partition(":")
    if not colon:
        return None
    return login, password


async def authenticate_basic(
    storage: Storage, authorization_header: str | None, client_ip: str
) -> AuthResult:
    """Check Basic credentials against the user's Application Passwords.

    The login may be the user_login or, failing that, the email address. On success the
    password's last_used/last_ip are recorded (at most once a day, like WordPress). Failures
    are counted per address and per account (auth/throttle.py): past the limits the answer is
    429 `too_many_failed_logins` before any password is checked.
    """
    credentials = parse_basic(authorization_header)
    if credentials is None:
        return AuthResult()
    login, password = credentials
    row = await get_user_row_by_login(storage, login)
    login_is_email = is_email(login)
    if row is None and login_is_email:
        row = await get_user_row_by_email(storage, login)
    # The login and the email of one user are one account for the count.
    account = str(row["user_login"]) if row is not None else login
    # The usual sign-in follows no failure: one query says so, instead of the three of counting
    # the windows and forgiving the account.
    failed_before = await throttle.any_failures(storage, ip=client_ip, account=account)
    wait = await throttle.retry_after(storage, ip=client_ip, account=account) if failed_before else None
    if wait is not None:
        return AuthResult(error=AuthError(throttle.ERROR_CODE, throttle.ERROR_MESSAGE, 429, retry_after=wait))
    if row is None:
        await throttle.record_failure(storage, ip=client_ip, account=account)
        if login_is_email:
            return AuthResult(error=AuthError("invalid_email", INVALID_EMAIL))
        return AuthResult(error=AuthError("invalid_username", INVALID_USERNAME))
    user_id = int(row["ID"])
    # One usermeta read serves the password check and the user's capabilities and profile.
    meta = await get_user_meta(storage, user_id, [META_KEY, *user_meta_keys(storage)])
    item = await find_matching(storage, user_id, password, meta)
    if item is None:
        await throttle.record_failure(storage, ip=client_ip, account=account)
        return AuthResult(error=AuthError("incorrect_password", INCORRECT_PASSWORD))
    if failed_before:
        await throttle.clear(storage, account=account)
    if item.last_used is None or item.last_used + DAY_IN_SECONDS <= time.time():
        await record_usage(storage, user_id, item.uuid, client_ip)
    return AuthResult(user=await user_from_row(storage, row, meta=meta), app_password_uuid=item.uuid)
