"""Application Passwords, stored as WP_Application_Passwords stores them.

usermeta `_application_passwords` holds a PHP-serialized list of
`{uuid, app_id, name, password (hash), created, last_used, last_ip}`; the option
`using_application_passwords` tells WordPress that some exist (without it WordPress never even
tries them). A new password is 24 letters and digits, shown in groups of 4.
"""

from __future__ import annotations

import hashlib
import time
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auth.passwords import (
    FAST_HASH_PREFIX,
    check_password,
    chunk_password,
    generate_password,
    hash_application_password,
    normalize_application_password,
)
from wpcompat.storage.options import get_option, set_option
from wpcompat.storage.users import get_user_meta_value, update_user_meta
from wpcompat.util.phpserial import loads_maybe

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

META_KEY = "_application_passwords"
IN_USE_OPTION = "using_application_passwords"
PASSWORD_LENGTH = 24
DAY_IN_SECONDS = 86400


class ApplicationPasswordError(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ApplicationPassword:
    uuid: str
    app_id: str
    name: str
    password: str  # the stored hash
    created: int
    last_used: int | None
    last_ip: str | None

    def as_item(self) -> dict[str, Any]:
        """The stored array, keys in WordPress's order."""
        return {
            "uuid": self.uuid,
            "app_id": self.app_id,
            "name": self.name,
            "password": self.password,
            "created": self.created,
            "last_used": self.last_used,
            "last_ip": self.last_ip,
        }


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _from_item(item: dict[str, Any]) -> ApplicationPassword:
    return ApplicationPassword(
        uuid=str(item.get("uuid") or uuid_module.uuid4()),
        app_id=str(item.get("app_id") or ""),
        name=str(item.get("name") or ""),
        password=str(item.get("password") or ""),
        created=_int_or_none(item.get("created")) or 0,
        last_used=_int_or_none(item.get("last_used")),
        last_ip=None if item.get("last_ip") is None else str(item.get("last_ip")),
    )


async def list_passwords(
    storage: Storage, user_id: int, meta: Mapping[str, str] | None = None
) -> list[ApplicationPassword]:
    """get_user_application_passwords(): the user's passwords, in stored order (from `meta`,
    the user's meta read with META_KEY among its keys, when the caller has it)."""
    raw = meta.get(META_KEY) if meta is not None else await get_user_meta_value(storage, user_id, META_KEY)
    value = loads_maybe(raw) if raw else None
    # After PHP unset() the array keeps gaps in its keys and decodes as a dict: keep its order.
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    passwords = [_from_item(item) for item in items if isinstance(item, dict)]
    if any(isinstance(item, dict) and not item.get("uuid") for item in items):
        # WordPress gives a UUID to passwords stored before UUIDs existed, and saves them.
        await _save(storage, user_id, passwords)
    return passwords


async def _save(storage: Storage, user_id: int, passwords: list[ApplicationPassword]) -> None:
    await update_user_meta(storage, user_id, META_KEY, [p.as_item() for p in passwords])


async def create_password(
    storage: Storage, user_id: int, name: str, app_id: str = "", legacy: bool = False
) -> tuple[str, ApplicationPassword]:
    """create_new_application_password(): the new password in clear (chunked) and its record.

    `legacy` stores a phpass hash that WordPress before 6.8 can verify; otherwise 6.8+'s
    `$generic$` form.
    """
    name = name.strip()
    if not name:
        raise ApplicationPasswordError(
            "application_password_empty_name",
            "An application name is required to create an application password.",
            400,
        )
    async with storage.db.transaction():
        passwords = await list_passwords(storage, user_id)
        if any(p.name == name for p in passwords):
            raise ApplicationPasswordError(
                "application_password_duplicate_name", "Each application name should be unique.", 409
            )
        clear = generate_password(PASSWORD_LENGTH)
        item = ApplicationPassword(
            uuid=str(uuid_module.uuid4()),
            app_id=app_id,
            name=name,
            password=hash_application_password(clear, legacy=legacy),
            created=int(time.time()),
            last_used=None,
            last_ip=None,
        )
        await _save(storage, user_id, [*passwords, item])
        if await get_option(storage, IN_USE_OPTION) != "1":
            await set_option(storage, IN_USE_OPTION, "1")
    return chunk_password(clear), item


async def get_password(storage: Storage, user_id: int, uuid: str) -> ApplicationPassword | None:
    return next((p for p in await list_passwords(storage, user_id) if p.uuid == uuid), None)


async def rename_password(storage: Storage, user_id: int, uuid: str, name: str) -> ApplicationPassword | None:
    """update_application_password() with a new name; None when no password has this UUID."""
    name = name.strip()
    if not name:
        raise ApplicationPasswordError(
            "application_password_empty_name",
            "An application name is required to create an application password.",
            400,
        )
    async with storage.db.transaction():
        passwords = await list_passwords(storage, user_id)
        for index, item in enumerate(passwords):
            if item.uuid == uuid:
                if any(p.name == name and p.uuid != uuid for p in passwords):
                    raise ApplicationPasswordError(
                        "application_password_duplicate_name", "Each application name should be unique.", 409
                    )
                passwords[index] = ApplicationPassword(**{**item.as_item(), "name": name})
                await _save(storage, user_id, passwords)
                return passwords[index]
    return None


async def revoke_all_passwords(storage: Storage, user_id: int) -> int:
    """delete_all_application_passwords(): how many there were."""
    async with storage.db.transaction():
        passwords = await list_passwords(storage, user_id)
        if passwords:
            await _save(storage, user_id, [])
    return len(passwords)


async def revoke_password(storage: Storage, user_id: int, uuid: str) -> bool:
    """delete_application_password(): False when no password has this UUID."""
    async with storage.db.transaction():
        passwords = await list_passwords(storage, user_id)
        kept = [p for p in passwords if p.uuid != uuid]
        if len(kept) == len(passwords):
            return False
        await _save(storage, user_id, kept)
    return True


# phpass costs ~10 ms a check and a client sends the same password on every request: remember
# the pairs that matched, keyed by a digest so that no clear password stays in memory.
_VERIFIED: dict[tuple[str, bytes], bool] = {}
_VERIFIED_MAX = 1024


def _check(password: str, stored: str) -> bool:
    if stored.startswith(FAST_HASH_PREFIX):
        return check_password(password, stored)
    key = (stored, hashlib.sha256(password.encode("utf-8")).digest())
    if key in _VERIFIED:
        return True
    if not check_password(password, stored):
        return False
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[key] = True
    return True


async def find_matching(
    storage: Storage, user_id: int, raw_password: str, meta: Mapping[str, str] | None = None
) -> ApplicationPassword | None:
    """The user's application password that `raw_password` is (spaces and symbols ignored)."""
    password = normalize_application_password(raw_password)
    if not password:
        return None
    for item in await list_passwords(storage, user_id, meta):
        if _check(password, item.password):
            return item
    return None


async def record_usage(
    storage: Storage, user_id: int, uuid: str, client_ip: str, now: int | None = None
) -> bool:
    """record_application_password_usage(): last_used and last_ip, at most once a day."""
    now = int(time.time()) if now is None else now
    # Most requests need no write: decide before taking a write transaction (on SQLite, the lock).
    current = await get_password(storage, user_id, uuid)
    if current is None:
        return False
    if current.last_used is not None and current.last_used + DAY_IN_SECONDS > now:
        return True
    async with storage.db.transaction():
        passwords = await list_passwords(storage, user_id)
        for index, item in enumerate(passwords):
            if item.uuid != uuid:
                continue
            if item.last_used is not None and item.last_used + DAY_IN_SECONDS > now:
                return True
            used = {**item.as_item(), "last_used": now, "last_ip": client_ip}
            passwords[index] = ApplicationPassword(**used)
            await _save(storage, user_id, passwords)
            return True
    return False
