"""`wpcompat user create|update|list|get` and `wpcompat app-password create|list|revoke`.

Output follows wp-cli's spirit; `app-password create` prints the new password alone on its last
line so that scripts can take it with `tail -n 1`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from auth.accounts import UserError, UserFields, create_user, update_user, user_profile
from auth.application_passwords import (
    ApplicationPassword,
    ApplicationPasswordError,
    create_password,
    list_passwords,
    revoke_password,
)
from auth.capabilities import resolve_capabilities
from settings import Settings
from wpcompat.cli.base import CommandError, with_storage
from wpcompat.storage import Storage
from wpcompat.storage.users import (
    UserRow,
    capabilities_key,
    get_user_meta,
    get_user_row_by_email,
    get_user_row_by_login,
    list_user_rows,
    load_roles,
)
from wpcompat.util.phpserial import loads_maybe


def _profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", help="a role of the site (default: the default_role option)")
    parser.add_argument("--display-name", dest="display_name")
    parser.add_argument("--url", help="the user's website")
    parser.add_argument("--description", help="biographical info")
    parser.add_argument("--first-name", dest="first_name")
    parser.add_argument("--last-name", dest="last_name")
    parser.add_argument("--nickname")
    parser.add_argument("--nicename", help="the author slug (default: from the login)")
    parser.add_argument("--registered", help='registration date, UTC, "YYYY-MM-DD HH:MM:SS"')


def register(sub: Any) -> None:
    user = sub.add_parser("user", help="create, change and list users")
    actions = user.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a user")
    create.add_argument("login")
    create.add_argument("--email", required=True)
    create.add_argument("--id", type=int, help="the user ID to use (default: the next free one)")
    _profile_options(create)
    create.set_defaults(handler=with_storage(_create))
    update = actions.add_parser("update", help="change a user (by login, email or ID)")
    update.add_argument("login")
    update.add_argument("--email")
    _profile_options(update)
    update.set_defaults(handler=with_storage(_update))
    list_ = actions.add_parser("list", help="list users: ID, login, display name, email, roles")
    list_.set_defaults(handler=with_storage(_list))
    get = actions.add_parser("get", help="print a user's fields and meta")
    get.add_argument("login")
    get.set_defaults(handler=with_storage(_get))
    set_password = actions.add_parser(
        "set-password", help="set a user's login password (read from standard input unless --password)")
    set_password.add_argument("login")
    set_password.add_argument("--password", help="the new password (visible to other local users: prefer stdin)")
    set_password.set_defaults(handler=with_storage(_set_password))

    app = sub.add_parser("app-password", help="manage a user's Application Passwords")
    app_actions = app.add_subparsers(dest="action", metavar="ACTION", required=True)
    app_create = app_actions.add_parser("create", help="create one; the password is the last line printed")
    app_create.add_argument("login")
    app_create.add_argument("name")
    app_create.add_argument("--app-id", dest="app_id", default="", help="a UUID naming the application")
    app_create.set_defaults(handler=with_storage(_app_create))
    app_list = app_actions.add_parser("list", help="list a user's application passwords")
    app_list.add_argument("login")
    app_list.set_defaults(handler=with_storage(_app_list))
    app_revoke = app_actions.add_parser("revoke", help="revoke one, by UUID or name")
    app_revoke.add_argument("login")
    app_revoke.add_argument("uuid_or_name")
    app_revoke.set_defaults(handler=with_storage(_app_revoke))


def _fields(args: argparse.Namespace) -> UserFields:
    return UserFields(
        email=args.email,
        role=args.role,
        display_name=args.display_name,
        url=args.url,
        description=args.description,
        first_name=args.first_name,
        last_name=args.last_name,
        nickname=args.nickname,
        registered=args.registered,
        nicename=args.nicename,
    )


async def _find_user(storage: Storage, login: str) -> UserRow:
    """A user by login, then email, then numeric ID, like wp-cli's user fetcher."""
    from wpcompat.storage.users import get_user_row

    row = await get_user_row_by_login(storage, login)
    if row is None and "@" in login:
        row = await get_user_row_by_email(storage, login)
    if row is None and login.isdigit():
        row = await get_user_row(storage, int(login))
    if row is None:
        raise CommandError(f"Invalid user ID, email or login: '{login}'")
    return row


async def _create(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    try:
        user_id = await create_user(storage, args.login, _fields(args), user_id=args.id)
    except UserError as error:
        raise CommandError(error.message) from None
    print(f"Success: Created user {user_id}.")
    return 0


async def _update(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    row = await _find_user(storage, args.login)
    try:
        await update_user(storage, int(row["ID"]), _fields(args))
    except UserError as error:
        raise CommandError(error.message) from None
    print(f"Success: Updated user {row['ID']}.")
    return 0


async def _set_password(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    """wp_set_password(): store the hash WordPress would write (6.8+'s bcrypt, or phpass under
    WPCOMPAT_WP_VERSION=6.1 so that a WordPress 6.1 on the same database can still check it),
    forget any reset key, and end the user's sessions."""
    import sys

    from auth.passwords import hash_login_password
    from auth.sessions import destroy_user_sessions
    from wpcompat.storage.users import update_user_row

    row = await _find_user(storage, args.login)
    password = args.password if args.password is not None else sys.stdin.readline().rstrip("\r\n")
    if not password.strip():
        raise CommandError("the password is empty")
    hashed = hash_login_password(password, legacy=settings.legacy_61)
    await update_user_row(storage, int(row["ID"]), {"user_pass": hashed, "user_activation_key": ""})
    ended = await destroy_user_sessions(storage, int(row["ID"]))
    print(f"Success: Password set for user {row['ID']}" + (f" ({ended} session(s) ended)." if ended else "."))
    return 0


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


async def _list(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    roles = await load_roles(storage)
    cap_key = capabilities_key(storage)
    rows = []
    for row in await list_user_rows(storage):
        meta = await get_user_meta(storage, int(row["ID"]), [cap_key])
        caps = loads_maybe(meta.get(cap_key, ""))
        user_roles, _ = resolve_capabilities(caps if isinstance(caps, dict) else {}, roles)
        rows.append([str(row["ID"]), row["user_login"], row["display_name"], row["user_email"],
                     ",".join(user_roles)])
    _table(["ID", "user_login", "display_name", "user_email", "roles"], rows)
    return 0


async def _get(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    row = await _find_user(storage, args.login)
    for key, value in (await user_profile(storage, int(row["ID"]))).items():
        print(f"{key}\t{value}")
    return 0


def _when(timestamp: int | None) -> str:
    if not timestamp:
        return "-"
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


async def _app_create(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    row = await _find_user(storage, args.login)
    try:
        # A site that WordPress 6.1 also serves gets hashes WordPress 6.1 can verify.
        password, item = await create_password(
            storage, int(row["ID"]), args.name, app_id=args.app_id, legacy=settings.legacy_61
        )
    except ApplicationPasswordError as error:
        raise CommandError(error.message) from None
    print(f"Success: Created application password {item.uuid} '{item.name}' for {row['user_login']}.")
    print(password)
    return 0


async def _app_list(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    row = await _find_user(storage, args.login)
    items = await list_passwords(storage, int(row["ID"]))
    _table(
        ["uuid", "name", "created", "last_used", "last_ip"],
        [[p.uuid, p.name, _when(p.created), _when(p.last_used), p.last_ip or "-"] for p in items],
    )
    return 0


async def _app_revoke(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    row = await _find_user(storage, args.login)
    user_id = int(row["ID"])
    items = await list_passwords(storage, user_id)
    chosen: list[ApplicationPassword] = [p for p in items if p.uuid == args.uuid_or_name]
    if not chosen:
        chosen = [p for p in items if p.name == args.uuid_or_name]
    if not chosen:
        raise CommandError(f"No application password '{args.uuid_or_name}' for {row['user_login']}.")
    if len(chosen) > 1:
        raise CommandError(
            f"{len(chosen)} application passwords are named '{args.uuid_or_name}': give the UUID."
        )
    await revoke_password(storage, user_id, chosen[0].uuid)
    print(f"Success: Revoked application password {chosen[0].uuid} '{chosen[0].name}'.")
    return 0
