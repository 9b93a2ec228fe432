"""WPCOMPAT_SMTP_URL, read: smtp://user:password@host:port, smtps:// for TLS, ?starttls=1.

Here (a leaf) so that settings.py can check the value at start and the mail transport can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str
    password: str
    tls: bool  # smtps://
    starttls: bool
    timeout: float = 20.0


def parse_smtp_url(url: str) -> SmtpConfig:
    """WPCOMPAT_SMTP_URL → SmtpConfig; ValueError with a readable message when malformed."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"must look like smtp://user:password@host:port or smtps://…, not {url!r}")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes", "on")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError as error:
        raise ValueError(f"has a bad port: {url!r}") from error
    return SmtpConfig(
        host=parts.hostname, port=port,
        username=unquote(parts.username or ""), password=unquote(parts.password or ""),
        tls=parts.scheme == "smtps", starttls=starttls,
    )
