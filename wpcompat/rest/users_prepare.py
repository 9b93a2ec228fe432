"""One user as the REST API shows it, loaded once per request: the read half that the users
routes, their writes and the embeds of posts and comments share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auth.capabilities import can_edit_user, can_read_private, has_cap
from schemas import users as schema
from wpcompat.avatars import avatar_urls, show_avatars
from wpcompat.permalinks import Links
from wpcompat.rest.errors import RestError
from wpcompat.rest.fields import field_contexts
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource
from wpcompat.rest.target_hints import self_link
from wpcompat.storage.user_query import (
    UserRecord,
    count_posts_by_authors,
    get_user_records,
    persisted_preferences_key,
)
from wpcompat.storage.users import capabilities_key, load_roles
from wpcompat.util.numbers import php_intval
from wpcompat.util.phpserial import loads_maybe

NAMESPACE = "wp/v2"
BASE = "/wp/v2/users"


# ---------------------------------------------------------------- capabilities


def caller_can(req: RestRequest, cap: str) -> bool:
    return has_cap(req.user, cap)


def caller_can_edit(req: RestRequest, user_id: int) -> bool:
    return can_edit_user(req.user, user_id)


async def site_roles(req: RestRequest) -> dict[str, dict[str, Any]]:
    if "users.roles" not in req.cache:
        req.cache["users.roles"] = await load_roles(req.storage)
    roles: dict[str, dict[str, Any]] = req.cache["users.roles"]
    return roles


# ---------------------------------------------------------------- loading, memoised


def user_memo(req: RestRequest) -> dict[int, UserRecord | None]:
    memo: dict[int, UserRecord | None] = req.cache.setdefault("users.records", {})
    return memo


async def get_user(req: RestRequest, user_id: int) -> UserRecord | None:
    """The user with this ID (None when there is none), loaded once per request."""
    memo = user_memo(req)
    if user_id not in memo:
        found = await get_user_records(req.storage, [user_id]) if user_id > 0 else {}
        memo[user_id] = found.get(user_id)
    return memo[user_id]


async def prime_users(req: RestRequest, user_ids: list[int]) -> None:
    """Load many users at once, with what their read permission needs.

    For a resource about to embed its authors (posts, comments): the embedded `/users/<id>`
    requests then cost no query at all. Three queries whatever the number of users.
    """
    memo = user_memo(req)
    missing = sorted({i for i in user_ids if i > 0 and i not in memo})
    if not missing:
        return
    found = await get_user_records(req.storage, missing)
    for user_id in missing:
        memo[user_id] = found.get(user_id)
    if not caller_can(req, "list_users"):
        statuses, types = count_scope(req)
        counts = await count_posts_by_authors(req.storage, list(found), types, statuses)
        for user_id, count in counts.items():
            req.cache[("users.published_count", user_id)] = count


def count_scope(req: RestRequest) -> tuple[list[str], list[str]]:
    """The statuses and post types count_user_posts() counts for this caller."""
    # count_user_posts() counts private posts too for whoever may read them.
    statuses = ["publish", "private"] if can_read_private(req.user) else ["publish"]
    return statuses, list(schema.rest_post_types(legacy_61=req.site.legacy_61))


async def existing_user(req: RestRequest, raw_id: Any) -> UserRecord:
    """get_user(): 404 `rest_user_invalid_id` for an ID that names nobody."""
    user_id = php_intval(raw_id or 0)
    record = await get_user(req, user_id) if user_id > 0 else None
    if record is None:
        raise RestError("rest_user_invalid_id", "Invalid user ID.", 404)
    return record


# ---------------------------------------------------------------- the item


def _site_locale(req: RestRequest) -> str:
    return req.site.option("WPLANG") or "en_US"


def _registered_date(stored: str) -> str:
    """gmdate( 'c', strtotime( user_registered ) ): the stored UTC time with `+00:00`."""
    try:
        moment = dt.datetime.strptime(stored, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        # strtotime() fails on the zero date: PHP's gmdate( 'c', false ) is the epoch.
        moment = dt.datetime(1970, 1, 1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _caps_meta(req: RestRequest, record: UserRecord) -> dict[str, Any]:
    value = loads_maybe(record.meta.get(capabilities_key(req.storage), "") or "")
    return value if isinstance(value, dict) else {}


def _allcaps(caps: dict[str, Any], roles: dict[str, dict[str, Any]]) -> tuple[list[str], dict[str, Any]]:
    """WP_User::get_role_caps(): role capabilities merged in order, then the user's own grants.

    As PHP's array_merge, a later value replaces an earlier one but keeps its position.
    """
    user_roles = [str(name) for name in caps if str(name) in roles]
    allcaps: dict[str, Any] = {}
    for name in user_roles:
        allcaps.update({str(k): v for k, v in (roles[name].get("capabilities") or {}).items()})
    allcaps.update({str(k): v for k, v in caps.items()})
    return user_roles, allcaps


def _meta_field(req: RestRequest, record: UserRecord, context: str) -> Any:
    """WP_REST_Meta_Fields: `persisted_preferences` (context edit) is the only registered key."""
    if context != "edit":
        return []
    raw = record.meta.get(persisted_preferences_key(req.storage))
    value = loads_maybe(raw) if raw else None
    # An object schema: a stored array shows as an object, nothing stored as PHP's empty array.
    return {"persisted_preferences": value if isinstance(value, dict) and value else []}


async def prepare_user(req: RestRequest, record: UserRecord, context: str) -> Resource:
    row, meta = record.row, record.meta
    data: dict[str, Any] = {"id": record.id, "username": row["user_login"], "name": row["display_name"],
                            "first_name": meta.get("first_name", ""), "last_name": meta.get("last_name", ""),
                            "email": row["user_email"], "url": row["user_url"],
                            "description": meta.get("description", "")}
    data["link"] = Links.of(req).author_link(record.id, row["user_nicename"])
    data["locale"] = meta.get("locale") or _site_locale(req)
    data["nickname"] = meta.get("nickname", "")
    data["slug"] = row["user_nicename"]
    if context == "edit":
        caps = _caps_meta(req, record)
        user_roles, allcaps = _allcaps(caps, await site_roles(req))
        data["roles"] = user_roles
        data["registered_date"] = _registered_date(str(row["user_registered"]))
        # PHP's (object) cast: an empty array still shows as {}.
        data["capabilities"] = allcaps
        data["extra_capabilities"] = caps
    if show_avatars(req.site):
        data["avatar_urls"] = avatar_urls(row["user_email"], req.site)
    data["meta"] = _meta_field(req, record, context)
    contexts = field_contexts(req.cache, "users.schema_contexts", lambda: schema.item_schema(legacy_61=req.site.legacy_61))
    # The users controller tests `in_array( $field, $fields )`: under `_fields` only fields named
    # exactly are prepared (`avatar_urls.24` leaves `avatar_urls` out).
    exact = req.fields
    data = {k: v for k, v in data.items() if context in contexts.get(k, [context]) and (exact is None or k in exact)}
    resource = Resource(data)
    path = f"{BASE}/{record.id}"
    resource.links["self"] = [await self_link(req, req.site.rest_url(path), path, {"id": str(record.id)})]
    resource.add_link("collection", req.site.rest_url(BASE))
    return resource
