"""Sanitizing helpers: titles/slugs, user names, text fields, e-mail addresses.

Also re-exports the escaping and tag-stripping functions so callers have one import point.
"""

from __future__ import annotations

import re

from ._php import PHP_TRIM, str_replace_seq
from .accents import remove_accents
from .entities import normalize_entities
from .escape import esc_attr, esc_html, esc_textarea, esc_url, esc_url_raw, sanitize_html_class, sanitize_url
from .kses import pre_kses_less_than
from .striptags import strip_tags, wp_strip_all_tags

__all__ = [
    "esc_attr", "esc_html", "esc_textarea", "esc_url", "esc_url_raw", "is_email", "normalize_entities",
    "remove_accents", "sanitize_email", "sanitize_html_class", "sanitize_text_field", "sanitize_title",
    "sanitize_title_with_dashes", "sanitize_url", "sanitize_user", "strip_tags", "utf8_uri_encode",
    "wp_strip_all_tags",
]  # fmt: skip


def utf8_uri_encode(text: str, length: int = 0) -> str:
    """Percent-encode non-ASCII characters (lower-case hex), cutting at ``length`` bytes of output."""
    out: list[str] = []
    used = 0
    for char in text:
        if char.isascii():
            if length and used + 1 > length:
                break
            out.append(char)
            used += 1
        else:
            encoded = "".join(f"%{b:x}" for b in char.encode("utf-8"))
            if length and used + len(encoded) > length:
                break
            out.append(encoded)
            used += len(encoded)
    return "".join(out)


_OCTET_RE = re.compile(r"%([a-fA-F0-9][a-fA-F0-9])")
_OCTET_MARK_RE = re.compile(r"---([a-fA-F0-9][a-fA-F0-9])---")
_ENTITY_RE = re.compile(r"&.+?;")
_SLUG_BAD_RE = re.compile(r"[^%a-z0-9 _-]")
_WS_RE = re.compile(r"\s+", re.ASCII)
_DASHES_RE = re.compile(r"-+")
_SAVE_TO_DASH = ("%c2%a0", "%e2%80%93", "%e2%80%94")
_SAVE_ENTITIES_TO_DASH = ("&nbsp;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;")
_SAVE_STRIP = (
    "%c2%ad", "%c2%a1", "%c2%bf", "%c2%ab", "%c2%bb", "%e2%80%b9", "%e2%80%ba", "%e2%80%98",
    "%e2%80%99", "%e2%80%9c", "%e2%80%9d", "%e2%80%9a", "%e2%80%9b", "%e2%80%9e", "%e2%80%9f",
    "%e2%80%a2", "%c2%a9", "%c2%ae", "%c2%b0", "%e2%80%a6", "%e2%84%a2", "%c2%b4", "%cb%8a",
    "%cc%81", "%cd%81", "%cc%80", "%cc%84", "%cc%8c",
    # Characters that display without a width: zero-width (non-)joiners and spaces,
    # direction marks and overrides, byte order mark, object replacement character.
    "%e2%80%8b", "%e2%80%8c", "%e2%80%8d", "%e2%80%8e", "%e2%80%8f", "%e2%80%aa", "%e2%80%ab",
    "%e2%80%ac", "%e2%80%ad", "%e2%80%ae", "%ef%bb%bf", "%ef%bf%bc",
)  # fmt: skip
# Spaces that display with a width become hyphens.
_SAVE_WIDE_SPACES = (
    "%e2%80%80", "%e2%80%81", "%e2%80%82", "%e2%80%83", "%e2%80%84", "%e2%80%85", "%e2%80%86",
    "%e2%80%87", "%e2%80%88", "%e2%80%89", "%e2%80%8a", "%e2%80%a8", "%e2%80%a9", "%e2%80%af",
)  # fmt: skip


def sanitize_title_with_dashes(title: str, context: str = "display") -> str:
    title = strip_tags(title)
    # Keep escaped octets, drop other percent signs.
    title = _OCTET_RE.sub(r"---\1---", title).replace("%", "")
    title = _OCTET_MARK_RE.sub(r"%\1", title)
    # Valid UTF-8 (always true for str) is lower-cased and cut to 200 bytes of encoded output.
    title = utf8_uri_encode(title.lower(), 200)
    title = title.lower()
    if context == "save":
        title = str_replace_seq(title, ((s, "-") for s in _SAVE_TO_DASH))
        title = str_replace_seq(title, ((s, "-") for s in _SAVE_ENTITIES_TO_DASH))
        title = title.replace("/", "-")
        title = str_replace_seq(title, ((s, "") for s in _SAVE_STRIP))
        title = str_replace_seq(title, ((s, "-") for s in _SAVE_WIDE_SPACES))
        title = title.replace("%c3%97", "x")
    title = _ENTITY_RE.sub("", title)
    title = title.replace(".", "-")
    title = _SLUG_BAD_RE.sub("", title)
    title = _WS_RE.sub("-", title)
    title = _DASHES_RE.sub("-", title)
    return title.strip("-")


def sanitize_title(title: str, fallback: str = "", context: str = "save") -> str:
    """The slug WordPress derives from a title ("La vie du secteur ESS" → "la-vie-du-secteur-ess")."""
    if context == "save":
        title = remove_accents(title)
    title = sanitize_title_with_dashes(title, context)
    return title if title != "" else fallback


_USER_STRICT_RE = re.compile(r"[^a-z0-9 _.\-@]", re.I)


def sanitize_user(username: str, strict: bool = False) -> str:
    username = wp_strip_all_tags(username)
    username = remove_accents(username)
    username = _OCTET_RE.sub("", username)
    username = _ENTITY_RE.sub("", username)
    if strict:
        username = _USER_STRICT_RE.sub("", username)
    username = username.strip(PHP_TRIM)
    return _WS_RE.sub(" ", username)


_TEXT_WS_RE = re.compile(r"[\r\n\t ]+")
_PCT_OCTET_RE = re.compile(r"%[a-f0-9]{2}", re.I)
_SPACES_RE = re.compile(r" +")


def sanitize_text_field(text: str, keep_newlines: bool = False) -> str:
    """Strip tags, collapse whitespace, drop percent-encoded octets, trim."""
    filtered = text
    if "<" in filtered:
        filtered = pre_kses_less_than(filtered)
        filtered = wp_strip_all_tags(filtered, False)
        # Keep a later newline-stripping step from rebuilding a tag.
        filtered = filtered.replace("<\n", "&lt;\n")
    if not keep_newlines:
        filtered = _TEXT_WS_RE.sub(" ", filtered)
    filtered = filtered.strip(PHP_TRIM)
    found = False
    while True:
        m = _PCT_OCTET_RE.search(filtered)
        if not m:
            break
        filtered = filtered.replace(m.group(0), "")
        found = True
    if found:
        filtered = _SPACES_RE.sub(" ", filtered).strip(PHP_TRIM)
    return filtered


_EMAIL_LOCAL_BAD_RE = re.compile(r"[^a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]")
_EMAIL_LOCAL_OK_RE = re.compile(r"^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_DOTS_RE = re.compile(r"\.{2,}")
_SUB_BAD_RE = re.compile(r"[^a-z0-9-]+", re.I)
_SUB_OK_RE = re.compile(r"^[a-z0-9-]+$", re.I)


def sanitize_email(email: str) -> str:
    if len(email.encode("utf-8")) < 6 or email.find("@", 1) < 0:
        return ""
    local, domain = email.split("@", 1)
    local = _EMAIL_LOCAL_BAD_RE.sub("", local)
    if local == "":
        return ""
    domain = _DOTS_RE.sub("", domain)
    domain = domain.strip(PHP_TRIM + ".")
    if domain == "":
        return ""
    subs = domain.split(".")
    if len(subs) < 2:
        return ""
    new_subs = [s for s in (_SUB_BAD_RE.sub("", sub.strip(PHP_TRIM + "-")) for sub in subs) if s != ""]
    if len(new_subs) < 2:
        return ""
    return local + "@" + ".".join(new_subs)


def is_email(email: str) -> str | bool:
    """The address itself when WordPress accepts it, else False."""
    if len(email.encode("utf-8")) < 6 or email.find("@", 1) < 0:
        return False
    local, domain = email.split("@", 1)
    if not _EMAIL_LOCAL_OK_RE.match(local):
        return False
    if _DOTS_RE.search(domain) or domain.strip(PHP_TRIM + ".") != domain:
        return False
    subs = domain.split(".")
    if len(subs) < 2:
        return False
    for sub in subs:
        if sub.strip(PHP_TRIM + "-") != sub or not _SUB_OK_RE.match(sub):
            return False
    return email
