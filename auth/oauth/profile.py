"""The one shape every provider's profile is turned into before anything is stored or shown.

Providers answer with their own JSON; each provider module maps it to a `Commenter`. Identities
are keyed by (provider, subject), never by email: an address only counts as verified when the
provider says so, and nothing is linked through an unverified one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

# Column sizes of wpc_oauth_identities; longer values are cut rather than refused, since a
# long display name should not stop a reader from commenting.
MAX_NAME = 250
MAX_EMAIL = 100
MAX_URL = 255
MAX_SUBJECT = 191


class ProfileError(Exception):
    """The provider's answer lacks what identifies a person (no stable id)."""


@dataclass(frozen=True)
class Commenter:
    provider: str
    subject: str
    name: str
    email: str | None
    email_verified: bool
    avatar_url: str | None
    profile_url: str | None


def https_url(value: object, limit: int = MAX_URL) -> str | None:
    """`value` if it is an https URL that fits the column, else None.

    Avatars and profile links end up in pages; anything but https (javascript:, data:, plain
    http that would be mixed content) is dropped here, once, for every provider.
    """
    if not isinstance(value, str) or len(value) > limit:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.netloc or any(c in value for c in "\"'<> \t\r\n"):
        return None
    return value.strip()


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str | int):
        return ""
    text = " ".join(str(value).split())  # no control characters or line breaks in a name
    return text[:limit]


def make_commenter(
    provider: str,
    subject: object,
    name: object,
    email: object = None,
    email_verified: object = False,
    avatar_url: object = None,
    profile_url: object = None,
    fallback_name: object = None,
) -> Commenter:
    """A checked Commenter; raises ProfileError when there is no usable subject."""
    sub = _text(subject, MAX_SUBJECT + 1)
    if not sub or len(sub) > MAX_SUBJECT:
        raise ProfileError(f"{provider}: the profile has no usable user id")
    clean_email = _text(email, MAX_EMAIL + 1) or None
    if clean_email and (len(clean_email) > MAX_EMAIL or "@" not in clean_email):
        clean_email = None
    display = _text(name, MAX_NAME) or _text(fallback_name, MAX_NAME) or f"{provider} user"
    return Commenter(
        provider=provider,
        subject=sub,
        name=display,
        email=clean_email,
        # Only a literal true counts: some providers send strings or omit the claim.
        email_verified=bool(clean_email) and email_verified is True,
        avatar_url=https_url(avatar_url),
        profile_url=https_url(profile_url),
    )
