"""`/wp/v2/settings` (WP_REST_Settings_Controller), read: the registered settings, typed.

Each value is the stored option (or the setting's registered default when there is no row),
validated against the setting's schema and then sanitized to its type, as prepare_value()
does: a value that does not fit its type comes out as `null` (e.g. `site_logo` before a logo
is chosen).
"""

from __future__ import annotations

from typing import Any

from schemas import settings as schema
from settings import Settings
from wpcompat.phpserial import loads_maybe
from wpcompat.rest.errors import not_allowed
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import READABLE, Endpoint, Route

NAMESPACE = "wp/v2"
_PHP_TRUE = ("true", "1")
_PHP_BOOLEAN = ("true", "false", "1", "0")


def _is_integer(value: Any) -> bool:
    """rest_is_integer(): a number (or numeric string) without a fractional part."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    try:
        number = float(str(value).strip()) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return False
    return number is not None and number == int(number)


def _is_email(value: str) -> bool:
    from wpcompat.render.formatting import is_email

    return bool(is_email(value))


def typed_value(value: Any, setting: schema.Setting) -> Any:
    """prepare_value(): `null` unless the value validates against the schema, then sanitized."""
    if value is None:
        return None
    if setting.type == "integer":
        return int(float(value)) if _is_integer(value) else None
    if setting.type == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return bool(value) if value in (0, 1) else None
        if isinstance(value, str) and value.lower() in _PHP_BOOLEAN:
            return value.lower() in _PHP_TRUE
        return None
    if not isinstance(value, str):
        # An array stored where a string is registered does not validate.
        return None
    enum = setting.schema.get("enum")
    if enum is not None and value not in enum:
        return None
    fmt = setting.schema.get("format")
    if fmt == "email":
        from wpcompat.render.formatting import sanitize_email

        return sanitize_email(value) if _is_email(value) else None
    if fmt == "uri":
        from wpcompat.render.escape import esc_url_raw

        return esc_url_raw(value) or None
    return value


def _stored(req: RestRequest, setting: schema.Setting) -> Any:
    if setting.option == "siteurl":
        # WPCOMPAT_SITE_URL is the site's address, as WP_SITEURL would be.
        return req.site.home
    raw = req.site.options.get(setting.option)
    # get_option(): a missing row gives the registered default; arrays are unserialized.
    return setting.default if raw is None else loads_maybe(raw)


async def permission(req: RestRequest) -> None:
    from auth.capabilities import has_cap

    if not has_cap(req.user, "manage_options"):
        raise not_allowed(req.logged_in)


async def get_item(req: RestRequest) -> RestResponse:
    data = {s.name: typed_value(_stored(req, s), s) for s in schema.SETTINGS}
    return RestResponse(data)


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61

    def item_schema() -> dict[str, Any]:
        return schema.item_schema(legacy_61=legacy)

    return [
        Route(f"/{NAMESPACE}/settings", NAMESPACE, [
            Endpoint(READABLE, get_item, args=schema.item_args(legacy_61=legacy), permission=permission),
        ], schema=item_schema),
    ]
