"""All of wpcompat's configuration, read once from the environment and `.env`.

Every setting is documented in README.md with its default. A missing or invalid value raises
`SettingsError` with a one-line message; the CLI prints it without a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from starlette.config import Config


class SettingsError(Exception):
    """A setting is missing or invalid. The message is one line, naming the variable."""


SUPPORTED_WP_VERSIONS = ("6.1", "7.1")
CURRENT_WP_VERSION = "7.1"
# The environment variable in which `wpcompat serve` names its workers' shared folder.
WORKERS_FOLDER = "WPCOMPAT_WORKERS_FOLDER"
_PREFIX_RE = re.compile(r"^[A-Za-z0-9_]+$")
_DEV_SECRET = "wpcompat-development-secret-change-me"


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _int(name: str, raw: str, minimum: int = 0) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}")
    return value


def _url(name: str, raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{name} must be an http(s) URL such as http://127.0.0.1:8000, not {raw!r}")
    return raw.rstrip("/")


def _cache_url(raw: str) -> str:
    if raw and urlsplit(raw).scheme not in ("redis", "rediss", "unix", "valkey", "valkeys"):
        raise SettingsError(f"WPCOMPAT_CACHE_URL must be a redis:// URL such as redis://127.0.0.1:6379/0, not {raw!r}")
    return raw


@dataclass(frozen=True)
class OAuthProvider:
    """One OAuth client, named the way Authlib names its settings (`<NAME>_<PARAM>`)."""

    name: str
    client_id: str
    client_secret: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///wpcompat.db"
    secret_key: str = _DEV_SECRET
    site_url: str = "http://127.0.0.1:8000"
    table_prefix: str = "wp_"
    wp_version: str = CURRENT_WP_VERSION
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    # Stock WordPress refuses anonymous REST comments unless a plugin allows them; a comment
    # service wants them, so they are on by default.
    allow_anonymous_comments: bool = True
    # Name of a header (e.g. X-Forwarded-For) whose last hop is trusted as the client address.
    trusted_proxy_header: str = ""
    # The site URL and the front ends (WPCOMPAT_FRONTEND_ORIGINS): where logins may return to.
    allowed_redirect_origins: tuple[str, ...] = ()
    # Front ends on other origins that may embed the widget and sign readers in (issue 15).
    frontend_origins: tuple[str, ...] = ()
    demo_import: bool = True
    # Keep anonymous REST answers until what they show changes (docs/cache.md): on a database
    # with the change log's triggers (made with our schema; `wpcompat cache install` in place).
    response_cache: bool = True
    # Also keep them in Redis/Valkey, shared by every instance (redis://host:6379/0); empty: in
    # each process only.
    cache_url: str = ""
    # Add X-WPC-Cache: hit|miss to cacheable answers (tests and diagnosis; WordPress has none).
    cache_header: bool = False
    # Set by `wpcompat serve` for its workers when there are several (WORKERS_FOLDER): their
    # private folder, where one worker's totals (storage/shared_memo.py) and, without
    # WPCOMPAT_CACHE_URL, its answers (rest/worker_answers.py) are read by the others. Not for users.
    workers_folder: str = ""
    # What erasing a social commenter's data does to their comments: "anonymize" or "delete".
    commenter_erase_mode: str = "anonymize"
    # Every `<NAME>_CLIENT_ID`, `<NAME>_CLIENT_SECRET`, `<NAME>_AUTHORIZE_URL`, … that is set,
    # whatever the name: the OAuth registry (auth/oauth/registry.py), the one provider list,
    # asks `oauth_provider(name)` for the providers it has.
    oauth_env: tuple[tuple[str, str], ...] = ()
    # --- mail (wpcompat/mail/): notifications go out through this SMTP server; empty: the
    # outbox is only written to the log. MAIL_FROM empty: WordPress's wordpress@<site host>.
    smtp_url: str = ""
    mail_from: str = ""
    # First retry of a mail the server refused or could not take, in seconds; doubles each time.
    mail_retry_seconds: int = 30
    # Public pages (issue 13): a folder whose layout.html/style.css replace the default theme's,
    # and the URL of a front end living elsewhere (headless): public addresses redirect there.
    theme_dir: str = ""
    front_url: str = ""
    # Performance (issue 12): uvicorn's access log, one line per request; off saves a third
    # of the CPU of a cached answer.
    access_log: bool = True

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def legacy_61(self) -> bool:
        """Answer as WordPress 6.1 (the oracle) where 6.1 and current WordPress differ."""
        return self.wp_version == "6.1"

    @property
    def uses_development_secret(self) -> bool:
        return self.secret_key == _DEV_SECRET

    def oauth_provider(self, name: str) -> OAuthProvider | None:
        """The client of provider `name` from its `<NAME>_…` settings, None when it has none.

        Raises SettingsError when only one of its client id and secret is set.
        """
        key = name.upper()
        values = dict(self.oauth_env)
        client_id = values.get(f"{key}_CLIENT_ID", "")
        client_secret = values.get(f"{key}_CLIENT_SECRET", "")
        if bool(client_id) != bool(client_secret):
            raise SettingsError(f"{key}_CLIENT_ID and {key}_CLIENT_SECRET must be set together")
        if not client_id:
            return None
        extra = {p.lower(): values[f"{key}_{p}"] for p in _OAUTH_PARAMS if values.get(f"{key}_{p}")}
        return OAuthProvider(name.lower(), client_id, client_secret, extra)


_OAUTH_PARAMS = (
    "AUTHORIZE_URL",
    "ACCESS_TOKEN_URL",
    "API_BASE_URL",
    "USERINFO_ENDPOINT",
    "SERVER_METADATA_URL",
    "REQUEST_TOKEN_URL",
    "CLIENT_KWARGS",
)
_OAUTH_KEY_RE = re.compile(r"^[A-Z][A-Z0-9_]*_(CLIENT_ID|CLIENT_SECRET|" + "|".join(_OAUTH_PARAMS) + ")$")


def load_settings(env_file: str | Path | None = ".env", environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from `environ` (default: os.environ) over the values in `env_file`."""
    source = os.environ if environ is None else environ
    env_path = Path(env_file) if env_file else None
    config = Config(env_path if env_path and env_path.is_file() else None, environ=source)

    def get(name: str, default: str) -> str:
        return str(config(name, default=default))

    prefix = get("WPCOMPAT_TABLE_PREFIX", "wp_")
    if not _PREFIX_RE.match(prefix):
        raise SettingsError(f"WPCOMPAT_TABLE_PREFIX may hold only letters, digits and _, not {prefix!r}")
    wp_version = get("WPCOMPAT_WP_VERSION", CURRENT_WP_VERSION)
    if wp_version not in SUPPORTED_WP_VERSIONS:
        raise SettingsError(
            f"WPCOMPAT_WP_VERSION must be one of {', '.join(SUPPORTED_WP_VERSIONS)}, not {wp_version!r}"
        )
    host = get("WPCOMPAT_HOST", "127.0.0.1")
    port = _int("WPCOMPAT_PORT", get("WPCOMPAT_PORT", "8000"), 1)
    # Without WPCOMPAT_SITE_URL the site is where `wpcompat serve` listens (an address that
    # listens everywhere is reached on the loopback), so changing only the port keeps links right.
    listen_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    default_url = f"http://{'[' + listen_host + ']' if ':' in listen_host else listen_host}:{port}"
    site_url = _url("WPCOMPAT_SITE_URL", get("WPCOMPAT_SITE_URL", default_url))
    # --- issue 15: front ends on other origins (sign-in popup, origin-bound credentials).
    # WPCOMPAT_FRONTEND_ORIGINS is the name; WPCOMPAT_ALLOWED_REDIRECT_ORIGINS, its older name,
    # is still read, and both lists add up.
    origins = tuple(dict.fromkeys(
        _url(name, o.strip())
        for name in ("WPCOMPAT_FRONTEND_ORIGINS", "WPCOMPAT_ALLOWED_REDIRECT_ORIGINS")
        for o in get(name, "").split(",")
        if o.strip()
    ))
    # The provider names are the OAuth registry's (a higher layer): keep every setting shaped
    # like a provider's; the registry checks its own providers' (Settings.oauth_provider).
    oauth_env = tuple(
        (name, value)
        for name in sorted({*config.file_values, *source})
        if _OAUTH_KEY_RE.match(name) and (value := get(name, ""))
    )
    erase_mode = get("WPCOMPAT_COMMENTER_ERASE", "anonymize")
    if erase_mode not in ("anonymize", "delete"):
        raise SettingsError(f"WPCOMPAT_COMMENTER_ERASE must be anonymize or delete, not {erase_mode!r}")
    smtp_url = get("WPCOMPAT_SMTP_URL", "")
    if smtp_url:
        from wpcompat.util.smtp_url import parse_smtp_url

        try:
            parse_smtp_url(smtp_url)
        except ValueError as error:
            raise SettingsError(f"WPCOMPAT_SMTP_URL {error}") from None
    secret = get("WPCOMPAT_SECRET_KEY", _DEV_SECRET)
    if len(secret) < 16:
        raise SettingsError("WPCOMPAT_SECRET_KEY must be at least 16 characters long")
    return Settings(
        # Which URL schemes are served is the storage layer's to say (storage/dialect.py
        # `SCHEMES`): `wpcompat.storage.check_database_url` checks it at start-up and at open.
        database_url=get("DATABASE_URL", "sqlite:///wpcompat.db"),
        secret_key=secret,
        site_url=site_url,
        table_prefix=prefix,
        wp_version=wp_version,
        host=host,
        port=port,
        workers=_int("WPCOMPAT_WORKERS", get("WPCOMPAT_WORKERS", "1"), 1),
        allow_anonymous_comments=_bool(
            "WPCOMPAT_ALLOW_ANONYMOUS_COMMENTS", get("WPCOMPAT_ALLOW_ANONYMOUS_COMMENTS", "true")
        ),
        trusted_proxy_header=get("WPCOMPAT_TRUSTED_PROXY_HEADER", ""),
        allowed_redirect_origins=(site_url, *origins),
        frontend_origins=origins,
        demo_import=_bool("WPCOMPAT_DEMO_IMPORT", get("WPCOMPAT_DEMO_IMPORT", "true")),
        response_cache=_bool("WPCOMPAT_RESPONSE_CACHE", get("WPCOMPAT_RESPONSE_CACHE", "true")),
        cache_url=_cache_url(get("WPCOMPAT_CACHE_URL", "")),
        cache_header=_bool("WPCOMPAT_CACHE_HEADER", get("WPCOMPAT_CACHE_HEADER", "false")),
        workers_folder=get(WORKERS_FOLDER, ""),
        commenter_erase_mode=erase_mode,
        oauth_env=oauth_env,
        smtp_url=smtp_url,
        mail_from=get("WPCOMPAT_MAIL_FROM", ""),
        mail_retry_seconds=_int("WPCOMPAT_MAIL_RETRY_SECONDS", get("WPCOMPAT_MAIL_RETRY_SECONDS", "30"), 1),
        theme_dir=get("WPCOMPAT_THEME_DIR", ""),
        front_url=_url("WPCOMPAT_FRONT_URL", front) if (front := get("WPCOMPAT_FRONT_URL", "")) else "",
        access_log=_bool("WPCOMPAT_ACCESS_LOG", get("WPCOMPAT_ACCESS_LOG", "true")),
    )
