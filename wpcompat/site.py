"""The site as one request sees it: its settings, its options and the URLs built from them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from settings import Settings
from wpcompat.render.pipelines import configure as configure_rendering
from wpcompat.render.pipelines import current_options
from wpcompat.storage import Storage
from wpcompat.storage.options import DEFAULT_OPTIONS, stored_options
from wpcompat.util.dates import site_timezone
from wpcompat.util.numbers import php_intval
from wpcompat.util.phpserial import loads_maybe
from wpcompat.util.querystring import build_query


@dataclass
class Site:
    settings: Settings
    options: dict[str, str]
    _decoded: dict[str, Any] = field(default_factory=dict)
    # The stored options alone (no defaults), which get_option() answers from during a request.
    stored: dict[str, str] | None = None

    @property
    def home(self) -> str:
        # WPCOMPAT_SITE_URL wins over the stored option, as WP_HOME does in wp-config.php.
        return self.settings.site_url

    @property
    def legacy_61(self) -> bool:
        return self.settings.legacy_61

    @property
    def pretty_permalinks(self) -> bool:
        return bool(self.options.get("permalink_structure"))

    @property
    def tz(self) -> dt.tzinfo:
        return site_timezone(self.options.get("timezone_string", ""), self.options.get("gmt_offset", "0"))

    @property
    def is_https(self) -> bool:
        return self.home.startswith("https://")

    def option(self, name: str, default: str = "") -> str:
        value = self.options.get(name)
        return default if value is None else value

    def option_int(self, name: str, default: int = 0) -> int:
        # (int) get_option(): whatever is stored ("1e300", "abc", 30 digits) reads as a number
        # within 64 bits, so no stored value can break a query.
        value = self.options.get(name, default)
        if value is None or isinstance(value, (dict, list)):
            return default
        return php_intval(value or 0)

    def option_bool(self, name: str) -> bool:
        value = self.options.get(name, "")
        return value not in ("", "0", "false", "no")

    def option_value(self, name: str, default: Any = None) -> Any:
        """An option with PHP-serialized arrays decoded (memoised for this request)."""
        if name not in self._decoded:
            raw = self.options.get(name)
            self._decoded[name] = default if raw is None else loads_maybe(raw)
        return self._decoded[name]

    def rest_url(self, route: str = "/", query: dict[str, Any] | None = None) -> str:
        """get_rest_url(): pretty `/wp-json/…` links, or `?rest_route=` without pretty permalinks."""
        route = "/" + route.lstrip("/")
        if self.pretty_permalinks:
            url = self.home + "/wp-json" + route
            if query:
                # add_query_arg() writes empty values bare: `?_embed&page=2`, not `?_embed=&page=2`.
                url += "?" + _BARE_EMPTY.sub(r"\1", build_query(query))
        elif query:
            # add_query_arg() rebuilds the whole query string, so `rest_route` comes out
            # URL-encoded (`?rest_route=%2Fwp%2Fv2%2Fcomments&post=5`) once a query is added.
            url = self.home + "/index.php?" + _BARE_EMPTY.sub(r"\1", build_query({"rest_route": route, **query}))
        else:
            url = self.home + "/index.php?rest_route=" + route
        return url


_UNKNOWN: Any = object()
_BARE_EMPTY = re.compile(r"=(&|$)")


async def load_site(storage: Storage, settings: Settings, version: Any = _UNKNOWN) -> Site:
    """The site with its options, read again only when the data has changed since last time.

    `version` is the storage's data_version when the caller already has it; where the backend
    cannot tell (None), the options are read on every request.
    """
    if version is _UNKNOWN:
        version = await storage.data_version()
    stored = await stored_options(storage, version)
    memo = storage.memo.get("options")
    if memo is not None and memo[0] is stored:
        options = memo[1]
    else:
        options = {**DEFAULT_OPTIONS, **stored}
        storage.memo["options"] = (stored, options)
        _follow_rendering_options(options)
    return Site(settings=settings, options=options, stored=stored)


def _follow_rendering_options(options: dict[str, str]) -> None:
    """The text filters' memo holds renderings made under the options it was configured with;
    an option that changes them (use_smilies), changed by anyone since, reconfigures it, which
    drops those renderings (render/pipelines.configure)."""
    use_smilies = options.get("use_smilies") not in ("", "0")
    current = current_options()
    if current.use_smilies != use_smilies:
        configure_rendering(replace(current, use_smilies=use_smilies))
