"""Reading the mails the tests' SMTP server (tests/fakes/smtp_server.py) received."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.fakes.smtp_server import Received


def plain_links(mail: Received) -> dict[str, str]:
    """The links of the plain-text part, by their label ("Approve it:" → URL)."""
    found = {}
    for line in mail.part("plain").replace("\r", "").splitlines():
        m = re.match(r"^(.*?:) (https?://\S+)$", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def local_path(url: str) -> str:
    """An absolute link as the test client asks for it: path and query, without the site URL."""
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
