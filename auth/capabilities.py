"""Users, their roles and capabilities, and WordPress's meta capabilities (map_meta_cap).

A `User` is loaded once per request from `users` + `usermeta` and the roles option; every check
below is a pure function of it and of the rows concerned, so the REST layer fetches the rows it
already needs and asks. The rules follow map_meta_cap() of a single site (no multisite, no
DISALLOW_UNFILTERED_HTML): `None` stands for the anonymous visitor (user ID 0), who has no
capability at all except WordPress's pseudo-capability `exist`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wpcompat.storage.users import (
    capabilities_key,
    get_user_meta,
    get_user_row,
    get_user_row_by_email,
    get_user_row_by_login,
    load_roles,
)
from wpcompat.util.phpserial import loads_maybe

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

Row = Mapping[str, Any]

PROFILE_META_KEYS = ("first_name", "last_name", "nickname", "description")


@dataclass(frozen=True)
class User:
    """A WordPress user as WP_User sees it: the users row, profile meta, roles and all capabilities."""

    id: int
    login: str
    email: str
    display_name: str
    nicename: str
    url: str
    registered: str  # UTC, `YYYY-MM-DD HH:MM:SS` as stored
    roles: tuple[str, ...] = ()
    capabilities: frozenset[str] = field(default_factory=frozenset)
    first_name: str = ""
    last_name: str = ""
    nickname: str = ""
    description: str = ""
    # The `{prefix}capabilities` meta as stored, decoded: roles and individual grants/denials.
    caps_meta: tuple[tuple[str, bool], ...] = ()


def resolve_capabilities(
    caps_meta: Mapping[str, Any], roles: Mapping[str, Mapping[str, Any]]
) -> tuple[tuple[str, ...], frozenset[str]]:
    """WP_User::get_role_caps(): the user's roles and every capability they hold.

    Role capabilities are merged in the order of the meta, then the meta's own entries override
    them (a role name counts as a capability; `cap => false` denies one a role grants).
    """
    user_roles = tuple(name for name in caps_meta if name in roles)
    allcaps: dict[str, bool] = {}
    for name in user_roles:
        role_caps = roles[name].get("capabilities") or {}
        if isinstance(role_caps, Mapping):
            allcaps.update({str(k): bool(v) for k, v in role_caps.items()})
    allcaps.update({str(k): bool(v) for k, v in caps_meta.items()})
    return user_roles, frozenset(k for k, v in allcaps.items() if v)


def _caps_meta(raw: str | None) -> dict[str, Any]:
    value = loads_maybe(raw) if raw else None
    return value if isinstance(value, dict) else {}


def user_meta_keys(storage: Storage) -> list[str]:
    """The usermeta keys `user_from_row` reads."""
    return [*PROFILE_META_KEYS, capabilities_key(storage)]


async def user_from_row(
    storage: Storage, row: Mapping[str, Any], roles: Mapping[str, Mapping[str, Any]] | None = None,
    meta: Mapping[str, str] | None = None,
) -> User:
    """Build the `User` of a users row (one usermeta query unless `meta` holds the values of
    `user_meta_keys` already; the roles option unless given)."""
    user_id = int(row["ID"])
    cap_key = capabilities_key(storage)
    if meta is None:
        meta = await get_user_meta(storage, user_id, user_meta_keys(storage))
    caps_meta = _caps_meta(meta.get(cap_key))
    if roles is None:
        roles = await load_roles(storage)
    user_roles, allcaps = resolve_capabilities(caps_meta, roles)
    return User(
        id=user_id,
        login=row["user_login"],
        email=row["user_email"],
        display_name=row["display_name"],
        nicename=row["user_nicename"],
        url=row["user_url"],
        registered=str(row["user_registered"]),
        roles=user_roles,
        capabilities=allcaps,
        first_name=meta.get("first_name", ""),
        last_name=meta.get("last_name", ""),
        nickname=meta.get("nickname", ""),
        description=meta.get("description", ""),
        caps_meta=tuple((str(k), bool(v)) for k, v in caps_meta.items()),
    )


async def load_user(storage: Storage, user_id: int) -> User | None:
    if not user_id or int(user_id) < 1:
        return None
    row = await get_user_row(storage, int(user_id))
    return None if row is None else await user_from_row(storage, row)


async def load_user_by_login(storage: Storage, login: str) -> User | None:
    row = await get_user_row_by_login(storage, login)
    return None if row is None else await user_from_row(storage, row)


async def load_user_by_email(storage: Storage, email: str) -> User | None:
    row = await get_user_row_by_email(storage, email)
    return None if row is None else await user_from_row(storage, row)


# ---------------------------------------------------------------- primitive capabilities

# Meta capabilities that map to fixed primitive ones on a single site (map_meta_cap's simple cases).
_SIMPLE_MAP: dict[str, tuple[str, ...]] = {
    "promote_user": ("promote_users",),
    "add_users": ("promote_users",),
    "remove_user": ("remove_users",),
    "edit_users": ("edit_users",),
    "edit_user": ("edit_users",),
    "delete_user": ("delete_users",),
    "delete_users": ("delete_users",),
    "customize": ("edit_theme_options",),
    "delete_site": ("do_not_allow",),
    "edit_css": ("unfiltered_html",),
    "unfiltered_upload": ("do_not_allow",),
    # The link manager is off on every site installed since WordPress 3.5.
    "manage_links": ("do_not_allow",),
    "manage_post_tags": ("manage_categories",),
    "edit_categories": ("manage_categories",),
    "edit_post_tags": ("manage_categories",),
    "delete_categories": ("manage_categories",),
    "delete_post_tags": ("manage_categories",),
    "assign_categories": ("edit_posts",),
    "assign_post_tags": ("edit_posts",),
    "upload_plugins": ("install_plugins",),
    "upload_themes": ("install_themes",),
    "activate_plugin": ("activate_plugins",),
    "deactivate_plugin": ("activate_plugins",),
    "deactivate_plugins": ("activate_plugins",),
    "setup_network": ("manage_options",),
    "update_php": ("update_core",),
    "update_https": ("manage_options", "update_core"),
    "export_others_personal_data": ("manage_options",),
    "erase_others_personal_data": ("manage_options",),
    "manage_privacy_options": ("manage_options",),
}
# Reusable blocks' capabilities are the posts' (map_meta_cap's default branch).
for _verb in ("edit", "edit_others", "publish", "read_private", "delete", "delete_private",
              "delete_published", "delete_others", "edit_private", "edit_published"):
    _SIMPLE_MAP[f"{_verb}_blocks"] = (f"{_verb}_posts",)


def _holds(user: User | None, caps: tuple[str, ...] | list[str]) -> bool:
    """WP_User::has_cap after mapping: every required primitive capability is held."""
    for cap in caps:
        if cap == "do_not_allow":
            return False
        if cap == "exist":
            continue
        if user is None or cap not in user.capabilities:
            return False
    return True


def has_cap(user: User | None, cap: str) -> bool:
    """user_can( $user, $cap ) for a capability that needs no object (primitive or simple meta)."""
    return _holds(user, _SIMPLE_MAP.get(cap, (cap,)))


# ---------------------------------------------------------------- posts

# Post statuses registered by core: public ones are readable by all, private ones need
# read_private_*, and the rest (protected or internal) need the edit_post check.
PUBLIC_STATUSES = frozenset({"publish"})
PRIVATE_STATUSES = frozenset({"private"})
KNOWN_STATUSES = frozenset(
    {"publish", "future", "draft", "pending", "private", "trash", "auto-draft", "inherit"}
)


def capability_type(post_type: str) -> str:
    """Pages have the `_pages` capabilities; every other core type uses the posts' ones."""
    return "page" if post_type == "page" else "post"


# Core's site-editor and menu types: every capability but `read` is edit_theme_options.
THEME_POST_TYPES = frozenset({
    "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation", "nav_menu_item",
    "custom_css", "customize_changeset", "wp_font_family", "wp_font_face",
})


def post_type_cap(post_type: str, generic: str) -> str:
    """The post type's own name for a generic capability (`edit_posts` → `edit_pages` for pages)."""
    if generic == "read":
        return "read"
    if post_type in THEME_POST_TYPES:
        return "edit_theme_options"
    if generic == "create_posts":
        if post_type == "attachment":
            return "upload_files"
        generic = "edit_posts"
    return generic.replace("_posts", "_pages") if capability_type(post_type) == "page" else generic


def _get(row: Any, key: str, default: Any = None) -> Any:
    try:
        value = row[key]
    except (KeyError, IndexError, TypeError):
        return default
    return default if value is None else value


def _author_is(user: User | None, post: Row) -> bool:
    author = int(_get(post, "post_author", 0) or 0)
    return user is not None and author != 0 and author == user.id


def _effective_status(post: Row, parent: Row | None) -> str:
    """get_post_status(): an attachment set to `inherit` takes its parent's status."""
    status = str(_get(post, "post_status", ""))
    if status == "inherit" and _get(post, "post_type") == "attachment":
        if not int(_get(post, "post_parent", 0) or 0) or parent is None:
            return "publish"
        parent_status = str(_get(parent, "post_status", "publish"))
        return "publish" if parent_status == "trash" else parent_status
    return status


def _counts_as_published(status: str, trash_status: str) -> bool:
    """Published or scheduled, or trashed from one of those (the `_wp_trash_meta_status` meta)."""
    return status in ("publish", "future") or (status == "trash" and trash_status in ("publish", "future"))


def edit_post_caps(
    user: User | None, post: Row, *, trash_status: str = "", privacy_page_id: int = 0
) -> list[str]:
    """map_meta_cap( 'edit_post' ): the primitive capabilities editing `post` needs.

    `trash_status` is the post's `_wp_trash_meta_status` meta when it is in the trash;
    `privacy_page_id` the `wp_page_for_privacy_policy` option. For a revision pass its parent.
    """
    post_type = str(_get(post, "post_type", "post"))
    status = str(_get(post, "post_status", ""))
    if post_type == "revision":
        return ["do_not_allow"]
    caps: list[str] = []
    if _author_is(user, post):
        published = _counts_as_published(status, trash_status)
        caps.append(post_type_cap(post_type, "edit_published_posts" if published else "edit_posts"))
    else:
        caps.append(post_type_cap(post_type, "edit_others_posts"))
        if status in ("publish", "future"):
            caps.append(post_type_cap(post_type, "edit_published_posts"))
        elif status == "private":
            caps.append(post_type_cap(post_type, "edit_private_posts"))
    if privacy_page_id and int(_get(post, "ID", 0) or 0) == privacy_page_id:
        caps.append("manage_options")
    return caps


def can_edit_post(user: User | None, post: Row, *, trash_status: str = "", privacy_page_id: int = 0) -> bool:
    """current_user_can( 'edit_post', $id ): authors edit their own, editors everyone's."""
    caps = edit_post_caps(user, post, trash_status=trash_status, privacy_page_id=privacy_page_id)
    return _holds(user, caps)


def can_delete_post(
    user: User | None,
    post: Row,
    *,
    trash_status: str = "",
    front_page_ids: tuple[int, ...] = (),
    privacy_page_id: int = 0,
) -> bool:
    """current_user_can( 'delete_post', $id ). `front_page_ids`: the page_on_front and
    page_for_posts options, whose pages only manage_options may delete."""
    post_type = str(_get(post, "post_type", "post"))
    status = str(_get(post, "post_status", ""))
    post_id = int(_get(post, "ID", 0) or 0)
    if post_type == "revision":
        return False
    if post_id and post_id in {i for i in front_page_ids if i}:
        return has_cap(user, "manage_options")
    caps: list[str] = []
    if _author_is(user, post):
        published = _counts_as_published(status, trash_status)
        caps.append(post_type_cap(post_type, "delete_published_posts" if published else "delete_posts"))
    else:
        caps.append(post_type_cap(post_type, "delete_others_posts"))
        if status in ("publish", "future"):
            caps.append(post_type_cap(post_type, "delete_published_posts"))
        elif status == "private":
            caps.append(post_type_cap(post_type, "delete_private_posts"))
    if privacy_page_id and post_id == privacy_page_id:
        caps.append("manage_options")
    return _holds(user, caps)


def can_read_post(user: User | None, post: Row, parent: Row | None = None) -> bool:
    """current_user_can( 'read_post', $id ), exactly: a public post needs `read`, so the
    anonymous visitor gets False even there (see `can_view_post` for the REST rule).

    A revision is judged by its parent (pass it as `parent`); so is an `inherit` attachment.
    """
    if _get(post, "post_type") == "revision":
        return parent is not None and can_read_post(user, parent)
    post_type = str(_get(post, "post_type", "post"))
    status = _effective_status(post, parent)
    if status not in KNOWN_STATUSES:
        # WordPress falls back to edit_others_posts for a status nobody registered.
        return has_cap(user, "edit_others_posts")
    if status in PUBLIC_STATUSES:
        return has_cap(user, "read")
    if _author_is(user, post):
        return has_cap(user, "read")
    if status in PRIVATE_STATUSES:
        return has_cap(user, post_type_cap(post_type, "read_private_posts"))
    return can_edit_post(user, post)


def can_view_post(user: User | None, post: Row, parent: Row | None = None) -> bool:
    """WP_REST_Posts_Controller::check_read_permission(): published (or public) posts are
    readable by anyone, others by `read_post`; an `inherit` item follows its parent."""
    status = str(_get(post, "post_status", ""))
    if status in PUBLIC_STATUSES or can_read_post(user, post, parent):
        return True
    if status == "inherit":
        # `parent` is the parent row when there is one; without it WordPress assumes published.
        return True if parent is None else can_view_post(user, parent)
    return False


def can_read_private(user: User | None, post_type: str = "post") -> bool:
    return has_cap(user, post_type_cap(post_type, "read_private_posts"))


def can_edit_posts(user: User | None, post_type: str = "post") -> bool:
    """`edit_posts` (or `edit_pages`): needed to see any non-public status in collections."""
    return has_cap(user, post_type_cap(post_type, "edit_posts"))


def can_edit_others_posts(user: User | None, post_type: str = "post") -> bool:
    return has_cap(user, post_type_cap(post_type, "edit_others_posts"))


def can_create_posts(user: User | None, post_type: str = "post") -> bool:
    return has_cap(user, post_type_cap(post_type, "create_posts"))


def can_publish(user: User | None, post_type: str = "post") -> bool:
    return has_cap(user, post_type_cap(post_type, "publish_posts"))


# ---------------------------------------------------------------- comments, terms, users


def can_moderate_comments(user: User | None) -> bool:
    return has_cap(user, "moderate_comments")


def can_edit_comment(user: User | None, comment: Row, post: Row | None) -> bool:
    """current_user_can( 'edit_comment', $id ): whoever may edit the comment's post; a comment
    whose post is gone needs `edit_posts`."""
    if post is None:
        return has_cap(user, "edit_posts")
    return can_edit_post(user, post)


def can_assign_terms(user: User | None, taxonomy: str = "category") -> bool:
    """`assign_terms` of every core taxonomy (and of custom ones by default) is `edit_posts`."""
    return has_cap(user, "edit_posts")


def can_manage_terms(user: User | None, taxonomy: str = "category") -> bool:
    """manage/edit/delete terms: `manage_categories` for categories, tags and post formats."""
    return has_cap(user, "manage_categories")


def can_delete_term(user: User | None, term_id: int, default_term_id: int = 0) -> bool:
    """The default category (option default_category) can never be deleted."""
    if default_term_id and int(term_id) == int(default_term_id):
        return False
    return has_cap(user, "manage_categories")


def can_list_users(user: User | None) -> bool:
    return has_cap(user, "list_users")


def can_create_users(user: User | None) -> bool:
    return has_cap(user, "create_users")


def can_edit_user(user: User | None, target_user_id: int) -> bool:
    """current_user_can( 'edit_user', $id ): everyone may edit themselves, else `edit_users`."""
    if user is None:
        return False
    if int(target_user_id) == user.id:
        return True
    return has_cap(user, "edit_users")


def can_delete_user(user: User | None) -> bool:
    return has_cap(user, "delete_users")


def can_promote_users(user: User | None) -> bool:
    return has_cap(user, "promote_users")


def can_manage_app_passwords(user: User | None, target_user_id: int) -> bool:
    """create/list/read/edit/delete_app_password(s) all map to edit_user on the target user."""
    return can_edit_user(user, target_user_id)


def unfiltered_html(user: User | None) -> bool:
    """May this user post raw HTML (no kses)? Administrators and editors on a single site."""
    return has_cap(user, "unfiltered_html")
