"""`/wp/v2/settings` (WP_REST_Settings_Controller): the registered settings, typed, and their update.

Each value is the stored option (or the setting's registered default when there is no row),
validated against the setting's schema and then sanitized to its type, as prepare_value()
does: a value that does not fit its type comes out as `null` (e.g. `site_logo` before a logo
is chosen).
"""

from __future__ import annotations

import math
from typing import Any

from schemas import settings as schema
from settings import Settings
from wpcompat.rest.errors import RestError, not_allowed
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import EDITABLE, READABLE, Endpoint, Route
from wpcompat.site import load_site
from wpcompat.storage.options import delete_option, set_option
from wpcompat.util.numbers import PHP_INT_MAX, php_intval
from wpcompat.util.phpserial import loads_maybe

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
    # "1e309" is INF in PHP, which rest_is_integer() takes for an integer (round(INF) == INF).
    return number is not None and (math.isinf(number) or number == int(number))


def _is_email(value: str) -> bool:
    from wpcompat.render.formatting import is_email

    return bool(is_email(value))


def typed_value(value: Any, setting: schema.Setting) -> Any:
    """prepare_value(): `null` unless the value validates against the schema, then sanitized."""
    if value is None:
        return None
    if setting.type == "integer":
        return php_intval(value) if _is_integer(value) else None
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


# ---------------------------------------------------------------- update


def _absint(value: Any) -> int:
    return min(abs(php_intval(value or 0)), PHP_INT_MAX)


def sanitize_option(option: str, value: Any) -> str | None:
    """sanitize_option() for the REST settings, then the string update_option() stores.

    None means the value is refused and the old one kept (WordPress records a settings error
    and carries on, so the answer is still 200).
    """
    from wpcompat.render.escape import esc_html, esc_url_raw
    from wpcompat.render.formatting import is_email, sanitize_email

    if isinstance(value, bool):
        # maybe_serialize( true ) is stored as "1", false as "".
        return "1" if value else ""
    if option in ("blogname", "blogdescription"):
        return esc_html(str(value))
    if option == "admin_email":
        clean = sanitize_email(str(value))
        return clean if is_email(clean) else None
    if option == "WPLANG":
        # Only installed languages are accepted, and this site has none besides en_US ("").
        return "" if value == "" else None
    if option == "siteurl":
        return esc_url_raw(str(value)).rstrip("/") or None
    if option == "timezone_string":
        from zoneinfo import available_timezones

        text = str(value)
        return text if not text or text in available_timezones() else None
    if option in ("start_of_week", "default_category", "page_on_front", "page_for_posts", "site_icon",
                  "site_logo"):
        return str(_absint(value))
    if option == "posts_per_page":
        number = php_intval(value)
        if number == 0:
            number = 1
        return str(abs(number) if number < -1 else number)
    return str(value)


async def update_item(req: RestRequest) -> RestResponse:
    """update_item(): each setting sent is stored (null deletes it), then the settings are read back."""
    for setting in schema.SETTINGS:
        if setting.name not in req.given:
            continue
        value = req.params.get(setting.name)
        if value is None:
            # Back to the default: only when what is stored validates (else WordPress refuses).
            raw = req.site.options.get(setting.option)
            # get_option( $name, false ): false is only a valid boolean.
            stored = False if raw is None else loads_maybe(raw)
            valid = setting.type == "boolean" if stored is False else typed_value(stored, setting) is not None
            if not valid:
                raise RestError(
                    "rest_invalid_stored_value",
                    f"The {setting.name} property has an invalid stored value, and cannot be updated to null.",
                    500,
                )
            await delete_option(req.storage, setting.option)
            continue
        clean = sanitize_option(setting.option, value)
        if clean is not None:
            await set_option(req.storage, setting.option, clean)
    req.site = await load_site(req.storage, req.settings)
    return await get_item(req)


def routes(settings: Settings) -> list[Route]:
    legacy = settings.legacy_61

    def item_schema() -> dict[str, Any]:
        return schema.item_schema(legacy_61=legacy)

    return [
        Route(f"/{NAMESPACE}/settings", NAMESPACE, [
            Endpoint(READABLE, get_item, args=schema.item_args(legacy_61=legacy), permission=permission),
            Endpoint(EDITABLE, update_item, args=schema.update_args(legacy_61=legacy), permission=permission),
        ], schema=item_schema),
    ]
