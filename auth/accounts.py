"""Creating and updating users the way wp_insert_user() / wp_update_user() store them.

The `users` row, the profile meta WordPress writes for every new user, and the role as
`{prefix}capabilities` (PHP-serialized `{role: true}`) plus `{prefix}user_level`. Refusals are
`UserError`s carrying WordPress's WP_Error code and message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wpcompat.render.formatting import is_email as _is_email
from wpcompat.render.formatting import sanitize_title
from wpcompat.render.formatting import sanitize_user as _sanitize_user
from wpcompat.storage.options import get_option
from wpcompat.storage.users import (
    capabilities_key,
    get_user_meta,
    get_user_row,
    get_user_row_by_email,
    get_user_row_by_login,
    insert_user_row,
    load_roles,
    nicename_taken,
    update_user_meta,
    update_user_row,
    user_level_key,
)

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage


class UserError(Exception):
    """A refused user change, as WordPress's WP_Error: a code and a message."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


# ---------------------------------------------------------------- WordPress's sanitizers
# One implementation for the whole project: the text filters' ports, checked against PHP.


def sanitize_user(username: str, strict: bool = True) -> str:
    """sanitize_user(), strict by default as wp_insert_user() calls it."""
    return _sanitize_user(username, strict)


def is_email(email: str) -> bool:
    """is_email(): WordPress's own address check, so we accept exactly what WordPress accepts."""
    return bool(_is_email(email))


def user_level(role_caps: dict[str, Any]) -> int:
    """The highest `level_N` a role grants (WP_User::level_reduction)."""
    levels = [int(k[6:]) for k, v in role_caps.items() if v and re.fullmatch(r"level_\d+", k)]
    return max(levels, default=0)


# ---------------------------------------------------------------- writing users


@dataclass
class UserFields:
    """What a create or an update may set; None leaves a field alone (or takes the default)."""

    email: str | None = None
    role: str | None = None
    display_name: str | None = None
    url: str | None = None
    description: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    nickname: str | None = None
    registered: str | None = None
    nicename: str | None = None


def _now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _check_registered(value: str) -> str:
    try:
        return dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise UserError(
            "invalid_date", "The registration date must look like YYYY-MM-DD HH:MM:SS (UTC)."
        ) from None


def _check_url(url: str) -> str:
    # wp_insert_user() refuses no website: its 'pre_user_url' filters make one of any text
    # ("abc" becomes http://abc, an unknown scheme nothing), and only the length is checked.
    from wpcompat.render.pipelines import pre_user_url

    url = pre_user_url(url)
    if len(url) > 100:
        raise UserError("user_url_too_long", "User URL may not be longer than 100 characters.")
    return url


async def _check_email(storage: Storage, email: str, own_id: int | None) -> str:
    email = email.strip()
    if not is_email(email):
        raise UserError("invalid_email", "The email address is not correct.")
    if len(email) > 100:
        raise UserError("user_email_too_long", "User email may not be longer than 100 characters.")
    other = await get_user_row_by_email(storage, email)
    if other is not None and int(other["ID"]) != own_id:
        raise UserError("existing_user_email", "Sorry, that email address is already used!")
    return email


async def _unique_nicename(storage: Storage, nicename: str, login: str) -> str:
    """wp_insert_user's rule: a taken nicename gets `-2`, `-3`… within 50 characters."""
    if not await nicename_taken(storage, nicename, login):
        return nicename
    suffix = 2
    while True:
        candidate = f"{nicename[: 49 - len(str(suffix))]}-{suffix}"
        if not await nicename_taken(storage, candidate, login):
            return candidate
        suffix += 1


async def set_role(storage: Storage, user_id: int, role: str) -> None:
    """WP_User::set_role(): `{prefix}capabilities` = {role: true}, `{prefix}user_level` = its level."""
    roles = await load_roles(storage)
    if role not in roles:
        raise UserError("invalid_role", f"Role doesn't exist: {role}")
    await update_user_meta(storage, user_id, capabilities_key(storage), {role: True})
    await update_user_meta(storage, user_id, user_level_key(storage), user_level(roles[role]["capabilities"]))


async def check_role(storage: Storage, role: str) -> None:
    if role not in await load_roles(storage):
        raise UserError("invalid_role", f"Role doesn't exist: {role}")


async def create_user(
    storage: Storage, login: str, fields: UserFields, user_id: int | None = None, sanitize: bool = False
) -> int:
    """wp_insert_user() for a new user; returns its ID.

    A login that sanitize_user() would change is refused (a script must be able to use the name it
    gave), unless `sanitize` asks for WordPress's silent cleaning, as an importer wants.
    """
    clean = sanitize_user(login, strict=True)
    if not clean:
        raise UserError("empty_user_login", "Cannot create a user with an empty login name.")
    if clean != login and not sanitize:
        raise UserError(
            "invalid_username",
            "This username is invalid because it uses illegal characters. Please enter a valid username.",
        )
    login = clean
    if len(login) > 60:
        raise UserError("user_login_too_long", "Username may not be longer than 60 characters.")
    if await get_user_row_by_login(storage, login) is not None:
        raise UserError("existing_user_login", "Sorry, that username already exists!")
    if user_id is not None:
        if user_id < 1:
            raise UserError("invalid_user_id", "A user ID must be a positive whole number.")
        if await get_user_row(storage, user_id) is not None:
            raise UserError("existing_user_id", f"Sorry, the user ID {user_id} is already taken!")
    email = await _check_email(storage, fields.email or "", None)
    role = fields.role or await get_option(storage, "default_role") or "subscriber"
    await check_role(storage, role)

    if fields.nicename:
        nicename = sanitize_user(fields.nicename, strict=True)
        if len(nicename) > 50:
            raise UserError("user_nicename_too_long", "Nicename may not be longer than 50 characters.")
    else:
        nicename = login[:50]
    nicename = sanitize_title(nicename)
    if not nicename:
        raise UserError("empty_user_nicename", "Cannot create a user with an empty nicename.")
    nicename = await _unique_nicename(storage, nicename, login)

    first, last = fields.first_name or "", fields.last_name or ""
    display = fields.display_name or (f"{first} {last}" if first and last else first or last or login)
    values: dict[str, Any] = {
        "user_login": login,
        "user_pass": "",
        "user_nicename": nicename,
        "user_email": email,
        "user_url": _check_url(fields.url or ""),
        "user_registered": _check_registered(fields.registered) if fields.registered else _now_utc(),
        "user_activation_key": "",
        "user_status": 0,
        "display_name": display,
    }
    if user_id is not None:
        values["ID"] = user_id
    async with storage.db.transaction():
        new_id = await insert_user_row(storage, values)
        # The meta wp_insert_user() writes for every user, in its order, then the role.
        meta = {
            "nickname": fields.nickname or login,
            "first_name": first,
            "last_name": last,
            "description": fields.description or "",
            "rich_editing": "true",
            "syntax_highlighting": "true",
            "comment_shortcuts": "false",
            "admin_color": "fresh",
            "use_ssl": "0",
            "show_admin_bar_front": "true",
            "locale": "",
        }
        for key, value in meta.items():
            await update_user_meta(storage, new_id, key, value)
        await set_role(storage, new_id, role)
    return new_id


async def update_user(storage: Storage, user_id: int, fields: UserFields) -> None:
    """wp_update_user(): change what `fields` sets, keep the rest."""
    row = await get_user_row(storage, user_id)
    if row is None:
        raise UserError("invalid_user_id", "Invalid user ID.", 404)
    values: dict[str, Any] = {}
    if fields.email is not None:
        values["user_email"] = await _check_email(storage, fields.email, user_id)
    if fields.url is not None:
        values["user_url"] = _check_url(fields.url)
    if fields.display_name is not None:
        values["display_name"] = fields.display_name
    if fields.registered is not None:
        values["user_registered"] = _check_registered(fields.registered)
    if fields.nicename is not None:
        nicename = sanitize_title(sanitize_user(fields.nicename, strict=True))
        if not nicename:
            raise UserError("empty_user_nicename", "Cannot create a user with an empty nicename.")
        if len(nicename) > 50:
            raise UserError("user_nicename_too_long", "Nicename may not be longer than 50 characters.")
        values["user_nicename"] = await _unique_nicename(storage, nicename, row["user_login"])
    if fields.role is not None:
        await check_role(storage, fields.role)
    async with storage.db.transaction():
        await update_user_row(storage, user_id, values)
        meta = {
            "first_name": fields.first_name,
            "last_name": fields.last_name,
            "nickname": fields.nickname,
            "description": fields.description,
        }
        for key, value in meta.items():
            if value is not None:
                await update_user_meta(storage, user_id, key, value)
        if fields.role is not None:
            await set_role(storage, user_id, fields.role)


async def user_profile(storage: Storage, user_id: int) -> dict[str, Any]:
    """The users row plus every meta value, as stored (for `wpcompat user get`)."""
    row = await get_user_row(storage, user_id)
    if row is None:
        return {}
    profile = {k: v for k, v in row.items() if k != "user_pass"}
    profile.update(await get_user_meta(storage, user_id))
    return profile
