"""Creating, updating and deleting users through `/wp/v2/users[/<id>|/me]` (the write half of
WP_REST_Users_Controller), on top of `auth.accounts` (wp_insert_user / wp_update_user).

WordPress answers the errors of wp_insert_user() that carry no HTTP status (an existing login or
e-mail address…) with 500, and so do we.
"""

from __future__ import annotations

from typing import Any

from auth.accounts import UserError, UserFields, create_user, update_user, user_level
from auth.passwords import phpass_hash
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.users_prepare import existing_user, prepare_user
from wpcompat.rest.validation import ParamError
from wpcompat.storage.user_query import persisted_preferences_key
from wpcompat.storage.users import (
    capabilities_key,
    delete_user_rows,
    get_user_row_by_email,
    load_roles,
    nicename_taken,
    update_user_meta,
    update_user_row,
    user_level_key,
)
from wpcompat.util.numbers import absint, php_intval

_PHP_TRIM = " \t\n\r\0\x0b"


# ---------------------------------------------------------------- argument callbacks


async def check_username(value: Any, req: RestRequest, name: str) -> str:
    """validate_username(): sanitize_user( $name, true ) must leave it unchanged."""
    from auth.accounts import sanitize_user

    username = str(value)
    if not username or sanitize_user(username, strict=True) != username:
        raise ParamError("rest_user_invalid_username", "Username contains invalid characters.", {"status": 400})
    return username


async def check_password(value: Any, req: RestRequest, name: str) -> str:
    password = str(value)
    if not password:
        raise ParamError("rest_user_invalid_password", "Passwords cannot be empty.", {"status": 400})
    if "\\" in password:
        raise ParamError("rest_user_invalid_password", 'Passwords cannot contain the "\\" character.',
                         {"status": 400})
    return password


async def text_field(value: Any, req: RestRequest, name: str) -> str:
    from wpcompat.render.formatting import sanitize_text_field

    return sanitize_text_field(str(value))


async def slug_field(value: Any, req: RestRequest, name: str) -> str:
    from auth.accounts import sanitize_title, sanitize_user

    return sanitize_title(sanitize_user(str(value), strict=True))


async def check_reassign(value: Any, req: RestRequest, name: str) -> int | bool:
    """check_reassign(): a user ID, or false (delete the user's posts)."""
    if isinstance(value, bool):
        return value if value is False else 1
    text = str(value).strip()
    if text.lstrip("+-").isascii() and text.lstrip("+-").isdigit():
        return php_intval(text)
    if text in ("", "false", "0"):
        return False
    raise ParamError("rest_invalid_param", "Invalid user parameter(s).", {"status": 400})


def delete_args(args: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`reassign` has its own sanitize callback and no schema validation (it takes `false`)."""
    out = {name: dict(arg) for name, arg in args.items()}
    out["reassign"].update(validate_callback=None, sanitize_callback=None)
    return out


ARG_HOOKS = {
    "username": check_username, "password": check_password, "name": text_field, "first_name": text_field,
    "last_name": text_field, "nickname": text_field, "slug": slug_field,
}


# ---------------------------------------------------------------- permissions


def _cap(req: RestRequest, cap: str) -> bool:
    from auth.capabilities import has_cap

    return has_cap(req.user, cap)


async def _target(req: RestRequest) -> Any:

    # OPTIONS asks the permission callbacks (for Allow) before parameters are merged.
    return await existing_user(req, req.get("id") or req.url_params.get("id"))


def _me(req: RestRequest) -> None:
    """The /users/me routes act on the current user (0 when anonymous, an invalid ID)."""
    req.params["id"] = req.user.id if req.user is not None else 0


async def create_permission(req: RestRequest) -> None:
    if not _cap(req, "create_users"):
        raise forbidden("rest_cannot_create_user", "Sorry, you are not allowed to create new users.", req.logged_in)


async def update_permission(req: RestRequest) -> None:
    from auth.capabilities import can_edit_user

    record = await _target(req)
    if req.get("roles"):
        if not _cap(req, "promote_users"):
            raise forbidden("rest_cannot_edit_roles", "Sorry, you are not allowed to edit roles of this user.",
                            req.logged_in)
        # Only the roles (and the ID): promote_user is all that is needed.
        if sorted(k for k in req.params if req.params[k] is not None and k != "context") == ["id", "roles"]:
            return
    if not can_edit_user(req.user, record.id):
        raise forbidden("rest_cannot_edit", "Sorry, you are not allowed to edit this user.", req.logged_in)


async def delete_permission(req: RestRequest) -> None:
    await _target(req)
    if not _cap(req, "delete_users"):
        raise forbidden("rest_user_cannot_delete", "Sorry, you are not allowed to delete this user.", req.logged_in)


async def update_me_permission(req: RestRequest) -> None:
    _me(req)
    await update_permission(req)


async def delete_me_permission(req: RestRequest) -> None:
    _me(req)
    await delete_permission(req)


# ---------------------------------------------------------------- helpers


def _user_error(error: UserError) -> RestError:
    if error.status == 404:
        return RestError(error.code, error.message, 404)
    # wp_insert_user()'s errors carry no data: WordPress answers 500 with `data` null.
    return RestError(error.code, error.message, 500, statusless=True)


async def _check_roles(req: RestRequest, user_id: int | None, roles: list[str]) -> dict[str, dict[str, Any]]:
    """check_role_update(): known roles, and no administrator demoting themselves."""
    defined = await load_roles(req.storage)
    for role in roles:
        if role not in defined:
            raise RestError("rest_user_invalid_role", f"The role {role} does not exist.", 400)
        own = req.user is not None and user_id == req.user.id
        if own and not (defined[role].get("capabilities") or {}).get("edit_users"):
            raise forbidden("rest_user_invalid_role", "Sorry, you are not allowed to give users that role.",
                            req.logged_in)
    return defined


async def _set_roles(req: RestRequest, user_id: int, roles: list[str], defined: dict[str, dict[str, Any]]) -> None:
    """set_role( false ) then add_role() for each: the user's roles are replaced, other grants kept."""
    from wpcompat.storage.users import get_user_meta_value
    from wpcompat.util.phpserial import loads_maybe

    key = capabilities_key(req.storage)
    current = loads_maybe(await get_user_meta_value(req.storage, user_id, key) or "")
    caps = {k: v for k, v in (current if isinstance(current, dict) else {}).items() if k not in defined}
    caps.update(dict.fromkeys(roles, True))
    level = max((user_level(defined[r].get("capabilities") or {}) for r in roles), default=0)
    await update_user_meta(req.storage, user_id, key, caps)
    await update_user_meta(req.storage, user_id, user_level_key(req.storage), level)


def _pre_user_text(value: str) -> str:
    """The pre_user_{display_name,first_name,last_name,nickname} filters."""
    from wpcompat.storage.term_writes import sanitize_term_name

    return sanitize_term_name(value)


def _fields(req: RestRequest) -> UserFields:
    from auth.capabilities import unfiltered_html
    from wpcompat.render.kses import wp_filter_kses

    def text(name: str) -> str | None:
        value = req.params.get(name)
        return None if value is None else _pre_user_text(str(value))

    description = req.params.get("description")
    if description is not None and not unfiltered_html(req.user):
        description = wp_filter_kses(str(description))
    return UserFields(
        email=req.params.get("email"), display_name=text("name"), url=req.params.get("url"),
        description=None if description is None else str(description), first_name=text("first_name"),
        last_name=text("last_name"), nickname=text("nickname"), nicename=req.params.get("slug") or None,
    )


async def _after_write(req: RestRequest, user_id: int) -> None:
    """The password, locale and registered meta, which UserFields does not carry."""
    password = req.params.get("password")
    if password is not None:
        # wp_hash_password( trim( $password ) ): phpass, which every WordPress version verifies.
        await update_user_row(req.storage, user_id, {"user_pass": phpass_hash(str(password).strip(_PHP_TRIM))})
    locale = req.params.get("locale")
    if locale is not None:
        await update_user_meta(req.storage, user_id, "locale", "" if locale == "en_US" else str(locale))
    meta = req.params.get("meta")
    if isinstance(meta, dict) and "persisted_preferences" in meta:
        value = meta["persisted_preferences"]
        if isinstance(value, dict):
            await update_user_meta(req.storage, user_id, persisted_preferences_key(req.storage), value)
    req.cache.pop("users.records", None)


async def _respond(req: RestRequest, user_id: int, status: int = 200) -> RestResponse:

    record = await existing_user(req, user_id)
    resource = await prepare_user(req, record, "edit")
    headers = {"Location": req.site.rest_url(f"/wp/v2/users/{user_id}")} if status == 201 else {}
    return RestResponse(resource, status=status, headers=headers)


# ---------------------------------------------------------------- handlers


async def create_item(req: RestRequest) -> RestResponse:
    if req.params.get("id"):
        raise RestError("rest_user_exists", "Cannot create existing user.", 400)
    roles = req.params.get("roles")
    defined = await _check_roles(req, None, list(roles)) if roles else {}
    fields = _fields(req)
    try:
        user_id = await create_user(req.storage, str(req.params["username"]), fields)
    except UserError as error:
        raise _user_error(error) from None
    if roles is not None:
        await _set_roles(req, user_id, list(roles), defined or await load_roles(req.storage))
    await _after_write(req, user_id)
    return await _respond(req, user_id, 201)


async def update_item(req: RestRequest) -> RestResponse:
    record = await _target(req)
    email = req.params.get("email")
    if isinstance(email, str):
        owner = await get_user_row_by_email(req.storage, email)
        if owner is not None and int(owner["ID"]) != record.id:
            raise RestError("rest_user_invalid_email", "Invalid email address.", 400)
    username = req.params.get("username")
    if username and username != record.row["user_login"]:
        wording = "Username isn't editable." if req.site.legacy_61 else "Username is not editable."
        raise RestError("rest_user_invalid_argument", wording, 400)
    slug = req.params.get("slug")
    if slug and slug != record.row["user_nicename"]:
        if await nicename_taken(req.storage, slug, str(record.row["user_login"])):
            raise RestError("rest_user_invalid_slug", "Invalid slug.", 400)
    roles = req.params.get("roles")
    defined = await _check_roles(req, record.id, list(roles)) if roles else {}
    try:
        await update_user(req.storage, record.id, _fields(req))
    except UserError as error:
        raise _user_error(error) from None
    if roles:
        await _set_roles(req, record.id, list(roles), defined)
    await _after_write(req, record.id)
    return await _respond(req, record.id)


async def delete_item(req: RestRequest) -> RestResponse:

    record = await _target(req)
    reassign_raw = req.params.get("reassign")
    reassign = None if reassign_raw in (None, False, "", "false", 0, "0") else absint(reassign_raw)
    if not req.params.get("force"):
        raise RestError("rest_trash_not_supported", "Users do not support trashing. Set 'force=true' to delete.", 501)
    if reassign:
        from wpcompat.storage.user_query import get_user_records

        if reassign == record.id or not await get_user_records(req.storage, [reassign]):
            raise RestError("rest_user_invalid_reassign", "Invalid user ID for reassignment.", 400)
    previous = await prepare_user(req, record, "edit")
    await delete_user(req, record.id, reassign)
    return RestResponse({"deleted": True, "previous": previous.data})


async def delete_user(req: RestRequest, user_id: int, reassign: int | None) -> None:
    """wp_delete_user(), then the request forgets the users it loaded."""
    await delete_user_rows(req.storage, user_id, reassign)
    req.cache.pop("users.records", None)


async def update_me(req: RestRequest) -> RestResponse:
    _me(req)
    return await update_item(req)


async def delete_me(req: RestRequest) -> RestResponse:
    _me(req)
    return await delete_item(req)
