"""Site settings (/wp/v2/settings): arguments and item schema.

The schema has one property per setting registered with ``show_in_rest``: ``type``, (7.1: ``title``, the
setting's label, added in 6.6), ``description``, ``default`` (null unless registered), then the keys of the
setting's own REST schema (``format``, ``enum``). GET takes no arguments; the update arguments are derived
from the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemas.common import Args, Schema, endpoint_args_for_schema, index_args, item_schema_envelope

CHANGES_SINCE_61: dict[str, str] = {"title": "6.6: every setting's schema (and update arg) carries its label"}


@dataclass(frozen=True)
class Setting:
    option: str
    name: str
    type: str
    description: str
    default: Any = None
    label: str = ""
    schema: dict[str, Any] = field(default_factory=dict)


# register_initial_settings() (plus site_logo and site_icon), in registration order.
SETTINGS: tuple[Setting, ...] = (
    Setting("blogname", "title", "string", "Site title.", label="Title"),
    Setting("blogdescription", "description", "string", "Site tagline.", label="Tagline"),
    Setting("siteurl", "url", "string", "Site URL.", schema={"format": "uri"}),
    Setting(
        "admin_email",
        "email",
        "string",
        "This address is used for admin purposes, like new user notification.",
        schema={"format": "email"},
    ),
    Setting("timezone_string", "timezone", "string", "A city in the same timezone as you."),
    Setting("date_format", "date_format", "string", "A date format for all date strings."),
    Setting("time_format", "time_format", "string", "A time format for all time strings."),
    Setting(
        "start_of_week", "start_of_week", "integer", "A day number of the week that the week should start on."
    ),
    Setting("WPLANG", "language", "string", "WordPress locale code.", default="en_US"),
    Setting(
        "use_smilies",
        "use_smilies",
        "boolean",
        "Convert emoticons like :-) and :-P to graphics on display.",
        default=True,
    ),
    Setting("default_category", "default_category", "integer", "Default post category."),
    Setting("default_post_format", "default_post_format", "string", "Default post format."),
    Setting(
        "posts_per_page",
        "posts_per_page",
        "integer",
        "Blog pages show at most.",
        default=10,
        label="Maximum posts per page",
    ),
    Setting(
        "show_on_front", "show_on_front", "string", "What to show on the front page", label="Show on front"
    ),
    Setting(
        "page_on_front",
        "page_on_front",
        "integer",
        "The ID of the page that should be displayed on the front page",
        label="Page on front",
    ),
    Setting(
        "page_for_posts",
        "page_for_posts",
        "integer",
        "The ID of the page that should display the latest posts",
    ),
    Setting(
        "default_ping_status",
        "default_ping_status",
        "string",
        "Allow link notifications from other blogs (pingbacks and trackbacks) on new articles.",
        schema={"enum": ["open", "closed"]},
    ),
    Setting(
        "default_comment_status",
        "default_comment_status",
        "string",
        "Allow people to submit comments on new posts.",
        label="Allow comments on new posts",
        schema={"enum": ["open", "closed"]},
    ),
    Setting("site_logo", "site_logo", "integer", "Site logo.", label="Logo"),
    Setting("site_icon", "site_icon", "integer", "Site icon.", label="Icon"),
)


def setting_schema(setting: Setting, *, legacy_61: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"type": setting.type}
    if not legacy_61:
        out["title"] = setting.label
    out["description"] = setting.description
    out["default"] = setting.default
    out.update(setting.schema)
    return out


def item_schema(*, legacy_61: bool) -> Schema:
    props = {s.name: setting_schema(s, legacy_61=legacy_61) for s in SETTINGS}
    return item_schema_envelope("settings", props)


def item_args(*, legacy_61: bool) -> Args:
    """``GET /wp/v2/settings``: no arguments (the index prints ``[]``)."""
    return {}


def update_args(*, legacy_61: bool) -> Args:
    """``POST/PUT/PATCH /wp/v2/settings``: derived from the schema (editing)."""
    return index_args(endpoint_args_for_schema(item_schema(legacy_61=legacy_61), False))
