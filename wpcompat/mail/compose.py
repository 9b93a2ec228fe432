"""Building a mail (plain text + HTML) and putting it in the outbox.

`queue()` only writes a row: called inside the transaction that stores a comment, the mail
exists exactly when the comment does. The sender (wpcompat.mail.sender) sends it afterwards.
"""

from __future__ import annotations

import logging
import time
import weakref
from dataclasses import dataclass, field
from email import charset as mime_charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, getaddresses, make_msgid
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wpcompat.storage import mail as store

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.storage import Storage

log = logging.getLogger("wpcompat.mail")

# Mails are built with the email package's classic (compat32) classes: the modern API
# (EmailMessage and its header registry) parses and refolds every header it is given, ~5x the
# CPU for the same standard MIME (2 moderation mails were most of a held comment's POST).
# Bodies in quoted-printable UTF-8 (text stays readable), headers as RFC 2047 encoded words.
_UTF8 = mime_charset.Charset("utf-8")
_UTF8.header_encoding = mime_charset.QP
_UTF8.body_encoding = mime_charset.QP
# As sent over SMTP: CRLF line ends, headers folded at 78.
_WIRE = compat32.clone(linesep="\r\n")

# The settings of the app (or command) that opened a storage, so that code paths without a
# request (moderation, the CLI) can still build signed links and From addresses.
_BOUND: weakref.WeakKeyDictionary[Any, Settings] = weakref.WeakKeyDictionary()
# Senders to wake when a mail is queued (same process), keyed like _BOUND.
_WAKERS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def bind(storage: Storage, settings: Settings, waker: Any = None) -> None:
    _BOUND[storage.db] = settings
    if waker is not None:
        _WAKERS[storage.db] = waker


def bound_settings(storage: Storage) -> Settings | None:
    return _BOUND.get(storage.db)


def site_host(settings: Settings) -> str:
    host = urlsplit(settings.site_url).hostname or "localhost"
    return host[4:] if host.startswith("www.") else host


def from_address(settings: Settings) -> str:
    """WPCOMPAT_MAIL_FROM, else WordPress's default wordpress@<site host>."""
    return settings.mail_from or f"wordpress@{site_host(settings)}"


@dataclass
class Mail:
    kind: str
    to: str
    subject: str
    lines: list[str]  # paragraphs of the plain-text body; a (label, url) tuple is a link
    from_name: str = ""
    reply_to: str = ""
    unsubscribe_url: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


def _text(mail: Mail) -> str:
    out: list[str] = []
    for line in mail.lines:
        out.append(line)
    for label, url in mail.links:
        out.append(f"{label} {url}")
    return "\r\n\r\n".join(out).replace("\r\n", "\n") + "\n"


def _html(mail: Mail, lang: str) -> str:
    body = "".join(f"<p>{escape(line).replace(chr(10), '<br>')}</p>\n" for line in mail.lines)
    body += "".join(
        f'<p><a href="{escape(url)}" style="color:#8a3b12">{escape(label.rstrip(" :"))}</a></p>\n'
        for label, url in mail.links
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(mail.subject)}</title></head>\n'
        f'<body style="font:15px/1.5 system-ui,sans-serif;color:#1d1d1f;max-width:36em">\n{body}</body></html>\n'
    )


def _one_line(value: str) -> str:
    # Names and titles come from readers: no header injection, no header the library refuses.
    return " ".join(str(value).split())


def _header(name: str, value: str) -> str | Header:
    """Unstructured header text: ASCII as is, anything else as encoded words (folded to fit
    the line after the header's name)."""
    value = _one_line(value)
    return value if value.isascii() else Header(value, _UTF8, header_name=name)


def _addresses(value: str) -> str:
    """An address header (To, Reply-To): display names encoded when not ASCII; an address
    that is not ASCII, or text that holds none, cannot be sent (ValueError: not queued)."""
    value = _one_line(value)
    found = [(name, addr) for name, addr in getaddresses([value]) if addr]
    if not found or any(not addr.isascii() or "@" not in addr for _, addr in found):
        raise ValueError(f"not an address: {value!r}")
    return value if value.isascii() else ", ".join(formataddr(pair, charset=_UTF8) for pair in found)


class _Verbatim:
    """A header value written on the header's line as it is (a URL no fold can break, which
    the classic folding would push alone onto a continuation line)."""

    def __init__(self, text: str) -> None:
        self.text = _one_line(text)

    def encode(self, linesep: str = "\n", maxlinelen: int | None = None, **_: Any) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _part(text: str, subtype: str) -> MIMEText:
    part = MIMEText("", subtype, "utf-8")
    del part["Content-Transfer-Encoding"]
    part.set_payload(text, _UTF8)
    return part


def build(mail: Mail, settings: Settings, lang: str) -> Message:
    message = MIMEMultipart("alternative")
    sender = _addresses(from_address(settings))
    name = _one_line(mail.from_name)
    message["From"] = formataddr((name, sender), charset=_UTF8) if name else sender
    message["To"] = _addresses(mail.to)
    message["Subject"] = _header("Subject", mail.subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=site_host(settings))
    if mail.reply_to:
        message["Reply-To"] = _addresses(mail.reply_to)
    if mail.unsubscribe_url:
        # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to this URL.
        message["List-Unsubscribe"] = _Verbatim(f"<{mail.unsubscribe_url}>")  # type: ignore[assignment]
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.attach(_part(_text(mail), "plain"))
    message.attach(_part(_html(mail, lang), "html"))
    return message


def wire(message: Message) -> str:
    """The mail as it goes over SMTP (and into the outbox): CRLF line ends, headers folded at
    78 columns; ASCII only (encoded words, quoted-printable parts)."""
    return message.as_string(maxheaderlen=78, policy=_WIRE)


async def queue(storage: Storage, settings: Settings, mail: Mail, lang: str) -> int:
    """Put the mail in the outbox (0 when it cannot be built: a bad address never costs the
    reader their comment, whose transaction this is)."""
    try:
        # Serialized once: the text stored is the test that the mail can be built at all.
        text = wire(build(mail, settings, lang))
    except (ValueError, TypeError, IndexError) as error:
        log.warning("mail %s to %r not queued: %s", mail.kind, mail.to, error)
        return 0
    mail_id = await store.enqueue(
        storage, kind=mail.kind, recipient=mail.to, subject=mail.subject, message=text, now=int(time.time()),
    )
    waker = _WAKERS.get(storage.db)
    if waker is not None:
        waker()
    return mail_id
