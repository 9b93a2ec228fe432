"""`/wp/v2/users/<id|me>/application-passwords` (WP_REST_Application_Passwords_Controller).

How apps manage their credentials: list, create (the only answer that shows the password in
clear), read, rename and revoke one, revoke all, and `introspect`: which Application Password
authenticated this very request. A user manages their own; managing someone else's needs
`edit_users` (map_meta_cap maps every `*_app_password(s)` capability to `edit_user`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auth.application_passwords import (
    ApplicationPassword,
    ApplicationPasswordError,
    create_password,
    get_password,
    list_passwords,
    rename_password,
    revoke_all_passwords,
    revoke_password,
)
from auth.capabilities import has_cap
from schemas import application_passwords as schema
from settings import Settings
from wpcompat.rest.authentication import authenticated_app_password
from wpcompat.rest.errors import RestError, forbidden
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse, resource_to_data
from wpcompat.rest.routing import CREATABLE, DELETABLE, EDITABLE, READABLE, Endpoint, Route

NAMESPACE = "wp/v2"
BASE = r"/wp/v2/users/(?P<user_id>(?:[\d]+|me))/application-passwords"
_NOT_FOUND = ("rest_application_password_not_found", "Application password not found.", 404)


async def _target_user_id(req: RestRequest) -> int:
    """get_user(): `me` needs a signed-in caller; a number must name an existing user."""
    raw = str(req.url_params.get("user_id") or req.get("user_id") or "")
    if raw == "me":
        if req.user is None:
            raise RestError("rest_not_logged_in", "You are not currently logged in.", 401)
        return req.user.id
    from wpcompat.rest.users import existing_user

    record = await existing_user(req, int(raw) if raw.isdigit() else 0)
    return record.id


def _may_manage(req: RestRequest, user_id: int) -> bool:
    """edit_user for `user_id`: oneself, or a user holding edit_users."""
    return req.user is not None and (req.user.id == user_id or has_cap(req.user, "edit_users"))


def _permission(code: str, message: str) -> Any:
    async def check(req: RestRequest) -> None:
        user_id = await _target_user_id(req)
        if not _may_manage(req, user_id):
            raise forbidden(code, message, req.logged_in)
        req.cache["app_passwords.user_id"] = user_id

    return check


def _rfc3339(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(int(timestamp), dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def prepare(req: RestRequest, user_id: int, item: ApplicationPassword, *, context: str = "view",
            password: str | None = None, links: bool = True) -> Resource:
    data: dict[str, Any] = {"uuid": item.uuid, "app_id": item.app_id, "name": item.name}
    if context != "embed":
        data.update(created=_rfc3339(item.created), last_used=_rfc3339(item.last_used), last_ip=item.last_ip)
    if password is not None and context == "edit":
        data["password"] = password
    resource = Resource(data)
    if links:
        resource.add_link("self", req.site.rest_url(f"/wp/v2/users/{user_id}/application-passwords/{item.uuid}"))
    return resource


def _error(err: ApplicationPasswordError) -> RestError:
    return RestError(err.code, err.message, err.status)


async def _existing(req: RestRequest, user_id: int) -> ApplicationPassword:
    item = await get_password(req.storage, user_id, str(req.url_params.get("uuid") or ""))
    if item is None:
        raise RestError(*_NOT_FOUND)
    return item


async def get_items(req: RestRequest) -> RestResponse:
    user_id = req.cache["app_passwords.user_id"]
    items = [resource_to_data(prepare(req, user_id, item, context=req.context))
             for item in await list_passwords(req.storage, user_id)]
    return RestResponse(items)


async def get_item(req: RestRequest) -> RestResponse:
    user_id = req.cache["app_passwords.user_id"]
    return RestResponse(prepare(req, user_id, await _existing(req, user_id), context=req.context))


async def create_item(req: RestRequest) -> RestResponse:
    user_id = req.cache["app_passwords.user_id"]
    try:
        clear, item = await create_password(req.storage, user_id, str(req.get("name") or ""),
                                            app_id=str(req.get("app_id") or ""))
    except ApplicationPasswordError as err:
        raise _error(err) from err
    resource = prepare(req, user_id, item, context="edit", password=clear)
    location = resource.links["self"][0]["href"]
    return RestResponse(resource, status=201, headers={"Location": location})


async def update_item(req: RestRequest) -> RestResponse:
    user_id = req.cache["app_passwords.user_id"]
    item = await _existing(req, user_id)
    if req.has("name"):
        try:
            renamed = await rename_password(req.storage, user_id, item.uuid, str(req.get("name")))
        except ApplicationPasswordError as err:
            raise _error(err) from err
        if renamed is None:
            raise RestError(*_NOT_FOUND)
        item = renamed
    return RestResponse(prepare(req, user_id, item, context="edit"))


async def delete_item(req: RestRequest) -> RestResponse:
    user_id = req.cache["app_passwords.user_id"]
    item = await _existing(req, user_id)
    if not await revoke_password(req.storage, user_id, item.uuid):
        raise RestError(*_NOT_FOUND)
    previous = prepare(req, user_id, item, context="edit", links=False).data
    return RestResponse({"deleted": True, "previous": previous})


async def delete_items(req: RestRequest) -> RestResponse:
    user_id = req.cache["app_passwords.user_id"]
    count = await revoke_all_passwords(req.storage, user_id)
    return RestResponse({"deleted": True, "count": count})


async def introspect_permission(req: RestRequest) -> None:
    user_id = await _target_user_id(req)
    if req.user is None or req.user.id != user_id:
        raise forbidden("rest_cannot_introspect_app_password_for_non_authenticated_user",
                        "The authenticated application password can only be introspected for the current user.",
                        req.logged_in)
    req.cache["app_passwords.user_id"] = user_id


async def get_current_item(req: RestRequest) -> RestResponse:
    """introspect: the Application Password this request was authenticated with."""
    user_id = req.cache["app_passwords.user_id"]
    uuid = authenticated_app_password()
    item = await get_password(req.storage, user_id, uuid) if uuid else None
    if item is None:
        raise RestError("rest_no_authenticated_app_password", "Cannot introspect application password.", 404)
    return RestResponse(prepare(req, user_id, item, context=req.context))


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61

    def item_schema() -> dict[str, Any]:
        return schema.item_schema(legacy_61=legacy)

    read = schema.read_args(legacy_61=legacy)
    return [
        Route(BASE, NAMESPACE, [
            Endpoint(READABLE, get_items, args=read, permission=_permission(
                "rest_cannot_list_application_passwords",
                "Sorry, you are not allowed to list application passwords for this user.")),
            Endpoint(CREATABLE, create_item, args=schema.create_args(legacy_61=legacy), permission=_permission(
                "rest_cannot_create_application_passwords",
                "Sorry, you are not allowed to create application passwords for this user.")),
            Endpoint(DELETABLE, delete_items, permission=_permission(
                "rest_cannot_delete_application_passwords",
                "Sorry, you are not allowed to delete application passwords for this user.")),
        ], schema=item_schema),
        Route(BASE + "/introspect", NAMESPACE, [
            Endpoint(READABLE, get_current_item, args=read, permission=introspect_permission),
        ], schema=item_schema),
        Route(BASE + r"/(?P<uuid>[\w\-]+)", NAMESPACE, [
            Endpoint(READABLE, get_item, args=read, permission=_permission(
                "rest_cannot_read_application_password",
                "Sorry, you are not allowed to read this application password.")),
            Endpoint(EDITABLE, update_item, args=schema.update_args(legacy_61=legacy), permission=_permission(
                "rest_cannot_edit_application_password",
                "Sorry, you are not allowed to edit this application password.")),
            Endpoint(DELETABLE, delete_item, permission=_permission(
                "rest_cannot_delete_application_password",
                "Sorry, you are not allowed to delete this application password.")),
        ], schema=item_schema),
    ]
