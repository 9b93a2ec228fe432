"""The `options` table: WordPress's site settings, with WordPress's defaults.

Values are stored as WordPress stores them: strings, and PHP-serialized strings for arrays and
objects, so a WordPress database and wpcompat read each other's options.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from wpcompat.util.phpserial import dumps, loads_maybe

if TYPE_CHECKING:
    from wpcompat.storage.database import Storage

DB_VERSION_OPTION = "wpcompat_db_version"
SCHEMA_VERSION = "1"

# The roles WordPress installs (populate_roles), by name: display name and capabilities. The
# administrator's capabilities in the order populate_roles_160…300 add them, which is the order
# WordPress stores (and the REST API shows); every other role holds a subset in the same order.
_ADMINISTRATOR = [
    "switch_themes", "edit_themes", "activate_plugins", "edit_plugins", "edit_users", "edit_files",
    "manage_options", "moderate_comments", "manage_categories", "manage_links", "upload_files",
    "import", "unfiltered_html", "edit_posts", "edit_others_posts", "edit_published_posts",
    "publish_posts", "edit_pages", "read", "level_10", "level_9", "level_8", "level_7", "level_6",
    "level_5", "level_4", "level_3", "level_2", "level_1", "level_0", "edit_others_pages",
    "edit_published_pages", "publish_pages", "delete_pages", "delete_others_pages",
    "delete_published_pages", "delete_posts", "delete_others_posts", "delete_published_posts",
    "delete_private_posts", "edit_private_posts", "read_private_posts", "delete_private_pages",
    "edit_private_pages", "read_private_pages", "delete_users", "create_users", "unfiltered_upload",
    "edit_dashboard", "update_plugins", "delete_plugins", "install_plugins", "update_themes",
    "install_themes", "update_core", "list_users", "remove_users", "promote_users",
    "edit_theme_options", "delete_themes", "export",
]
_SUBSCRIBER_SET = {"read", "level_0"}
_CONTRIBUTOR_SET = _SUBSCRIBER_SET | {"edit_posts", "delete_posts", "level_1"}
_AUTHOR_SET = _CONTRIBUTOR_SET | {
    "upload_files", "edit_published_posts", "publish_posts", "delete_published_posts", "level_2",
}
_EDITOR_SET = _AUTHOR_SET | {
    "moderate_comments", "manage_categories", "manage_links", "unfiltered_html",
    "edit_others_posts", "edit_pages", "edit_others_pages", "edit_published_pages",
    "publish_pages", "delete_pages", "delete_others_pages", "delete_published_pages",
    "delete_others_posts", "delete_private_posts", "edit_private_posts", "read_private_posts",
    "delete_private_pages", "edit_private_pages", "read_private_pages", "level_3", "level_4",
    "level_5", "level_6", "level_7",
}
_EDITOR = [c for c in _ADMINISTRATOR if c in _EDITOR_SET]
_AUTHOR = [c for c in _ADMINISTRATOR if c in _AUTHOR_SET]
_CONTRIBUTOR = [c for c in _ADMINISTRATOR if c in _CONTRIBUTOR_SET]
_SUBSCRIBER = [c for c in _ADMINISTRATOR if c in _SUBSCRIBER_SET]
DEFAULT_ROLES: dict[str, dict[str, Any]] = {
    "administrator": {"name": "Administrator", "capabilities": dict.fromkeys(_ADMINISTRATOR, True)},
    "editor": {"name": "Editor", "capabilities": dict.fromkeys(_EDITOR, True)},
    "author": {"name": "Author", "capabilities": dict.fromkeys(_AUTHOR, True)},
    "contributor": {"name": "Contributor", "capabilities": dict.fromkeys(_CONTRIBUTOR, True)},
    "subscriber": {"name": "Subscriber", "capabilities": dict.fromkeys(_SUBSCRIBER, True)},
}

# WordPress's defaults (populate_options in wp-admin/includes/schema.php), as stored strings.
# `siteurl` and `home` are not here: WPCOMPAT_SITE_URL sets them, as WP_HOME/WP_SITEURL would.
DEFAULT_OPTIONS: dict[str, str] = {
    "blogname": "My Site",
    "blogdescription": "",
    "users_can_register": "0",
    "admin_email": "",
    "start_of_week": "1",
    "use_balanceTags": "0",
    "use_smilies": "1",
    "require_name_email": "1",
    "comments_notify": "1",
    "posts_per_rss": "10",
    "rss_use_excerpt": "0",
    "default_category": "1",
    "default_comment_status": "open",
    "default_ping_status": "open",
    "default_pingback_flag": "1",
    "posts_per_page": "10",
    "date_format": "F j, Y",
    "time_format": "g:i a",
    "comment_moderation": "0",
    "moderation_notify": "1",
    "permalink_structure": "/%year%/%monthnum%/%day%/%postname%/",
    "category_base": "",
    "tag_base": "",
    "gmt_offset": "0",
    "timezone_string": "",
    "blog_charset": "UTF-8",
    "default_role": "subscriber",
    "comment_registration": "0",
    "html_type": "text/html",
    "use_trackback": "0",
    "comment_max_links": "2",
    "moderation_keys": "",
    "disallowed_keys": "",
    "close_comments_for_old_posts": "0",
    "close_comments_days_old": "14",
    "thread_comments": "1",
    "thread_comments_depth": "5",
    "page_comments": "0",
    "comments_per_page": "50",
    "default_comments_page": "newest",
    "comment_order": "asc",
    "comment_previously_approved": "1",
    "show_comments_cookies_opt_in": "1",
    "sticky_posts": "a:0:{}",
    "show_avatars": "1",
    "avatar_rating": "G",
    "avatar_default": "mystery",
    "show_on_front": "posts",
    "page_on_front": "0",
    "page_for_posts": "0",
    "thumbnail_size_w": "150",
    "thumbnail_size_h": "150",
    "thumbnail_crop": "1",
    "medium_size_w": "300",
    "medium_size_h": "300",
    "medium_large_size_w": "768",
    "medium_large_size_h": "0",
    "large_size_w": "1024",
    "large_size_h": "1024",
    "uploads_use_yearmonth_folders": "1",
    "blog_public": "1",
    "wp_page_for_privacy_policy": "0",
}


def roles_option_name(prefix: str) -> str:
    return f"{prefix}user_roles"


# The stored options a request reads, as WordPress's alloptions: read once when the request
# starts (or reused from the memo while the data has not changed) and dropped by any option
# write of ours, after which reads go to the table again. (id(storage), {name: stored string}).
_SNAPSHOT: ContextVar[tuple[int, dict[str, str]] | None] = ContextVar("wpc_options_snapshot", default=None)


def begin_snapshot(storage: Storage, stored: dict[str, str]) -> Any:
    """Answer this context's get_option() from `stored`; returns the token for end_snapshot."""
    return _SNAPSHOT.set((id(storage), stored))


def end_snapshot(token: Any) -> None:
    _SNAPSHOT.reset(token)


def forget_snapshot() -> None:
    """An option was written: this context's snapshot no longer holds."""
    _SNAPSHOT.set(None)


async def stored_options(storage: Storage, version: Any) -> dict[str, str]:
    """Every stored option (no defaults), read again only when `version` (the storage's data
    version, or a change tick that moves on every write to the options) differs from the one
    it was read at; None (the backend cannot tell) reads on every call."""
    if version is not None:
        memo = storage.memo.get("stored_options")
        if memo is not None and memo[0] == version:
            return memo[1]  # type: ignore[no-any-return]
    options = storage.tables.options
    rows = await storage.db.fetch_all(sa.select(options.c.option_name, options.c.option_value))
    stored = {r[0]: r[1] for r in rows}
    if version is not None:
        storage.memo["stored_options"] = (version, stored)
    return stored


async def get_option(storage: Storage, name: str, default: str | None = None) -> str | None:
    """The stored string of an option, or `default` (else WordPress's default) when absent."""
    snapshot = _SNAPSHOT.get()
    if snapshot is not None and snapshot[0] == id(storage):
        value = snapshot[1].get(name)
    else:
        options = storage.tables.options
        row = await storage.db.fetch_one(
            sa.select(options.c.option_value).where(options.c.option_name == name)
        )
        value = row[0] if row is not None else None
    if value is not None:
        return value
    return default if default is not None else DEFAULT_OPTIONS.get(name)


async def get_option_value(storage: Storage, name: str, default: Any = None) -> Any:
    """An option with PHP-serialized values decoded (arrays become dicts or lists)."""
    raw = await get_option(storage, name)
    return default if raw is None else loads_maybe(raw)


async def load_options(storage: Storage) -> dict[str, str]:
    """Every option, WordPress's defaults first, overridden by what is stored."""
    values = dict(DEFAULT_OPTIONS)
    values.update(await stored_options(storage, None))
    return values


def encode_option(value: Any) -> str:
    """WordPress's maybe_serialize: scalars as strings, everything else PHP-serialized."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (dict, list, tuple)):
        return dumps(value)
    if value is None:
        return ""
    return str(value)


async def set_option(storage: Storage, name: str, value: Any, autoload: str = "yes") -> None:
    """Insert or replace an option, atomically."""
    options = storage.tables.options
    stored = encode_option(value)
    forget_snapshot()
    async with storage.db.transaction():
        updated = await storage.db.fetch_one(
            sa.select(options.c.option_id).where(options.c.option_name == name)
        )
        if updated is None:
            await storage.db.execute(
                sa.insert(options).values(option_name=name, option_value=stored, autoload=autoload)
            )
        else:
            await storage.db.execute(
                sa.update(options).where(options.c.option_name == name).values(option_value=stored)
            )


async def delete_option(storage: Storage, name: str) -> bool:
    forget_snapshot()
    options = storage.tables.options
    row = await storage.db.fetch_one(sa.select(options.c.option_id).where(options.c.option_name == name))
    if row is None:
        return False
    await storage.db.execute(sa.delete(options).where(options.c.option_name == name))
    return True


async def install_default_options(storage: Storage, fresh: bool) -> None:
    """Give a new site WordPress's defaults and roles; on any site, record our schema version.

    Existing options are never overwritten; on an existing WordPress database (`fresh` false)
    only wpcompat's own version marker is added.
    """
    options = storage.tables.options
    rows = await storage.db.fetch_all(sa.select(options.c.option_name))
    present = {r[0] for r in rows}
    wanted: dict[str, str] = {}
    if fresh:
        wanted.update(DEFAULT_OPTIONS)
        wanted[roles_option_name(storage.tables.prefix)] = dumps(DEFAULT_ROLES)
    wanted[DB_VERSION_OPTION] = SCHEMA_VERSION
    missing = [
        {"option_name": k, "option_value": v, "autoload": "yes"}
        for k, v in wanted.items()
        if k not in present
    ]
    if missing:
        async with storage.db.transaction():
            await storage.db.execute_many(sa.insert(options), missing)
