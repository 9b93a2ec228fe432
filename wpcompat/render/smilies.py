"""convert_smilies(): text smileys → emoji, with WordPress 6.1's exact table (smilies_init).

Every entry but ``:mrgreen:`` maps to an emoji character, which is output as is (WordPress's
translate_smiley() only builds an ``<img>`` for entries that name an image file). A smiley must
stand alone: preceded by a space (or line start) and followed by a space (or line end). Text
inside ``code``/``pre``/``style``/``script``/``textarea`` and inside tags is left alone.
"""

from __future__ import annotations

import re

from .escape import esc_attr, esc_url

SMILIES: dict[str, str] = {
    ":mrgreen:": "mrgreen.png",
    ":neutral:": "\U0001f610",
    ":twisted:": "\U0001f608",
    ":arrow:": "\u27a1",
    ":shock:": "\U0001f62f",
    ":smile:": "\U0001f642",
    ":???:": "\U0001f615",
    ":cool:": "\U0001f60e",
    ":evil:": "\U0001f47f",
    ":grin:": "\U0001f600",
    ":idea:": "\U0001f4a1",
    ":oops:": "\U0001f633",
    ":razz:": "\U0001f61b",
    ":roll:": "\U0001f644",
    ":wink:": "\U0001f609",
    ":cry:": "\U0001f625",
    ":eek:": "\U0001f62e",
    ":lol:": "\U0001f606",
    ":mad:": "\U0001f621",
    ":sad:": "\U0001f641",
    "8-)": "\U0001f60e",
    "8-O": "\U0001f62f",
    ":-(": "\U0001f641",
    ":-)": "\U0001f642",
    ":-?": "\U0001f615",
    ":-D": "\U0001f600",
    ":-P": "\U0001f61b",
    ":-o": "\U0001f62e",
    ":-x": "\U0001f621",
    ":-|": "\U0001f610",
    ";-)": "\U0001f609",
    "8O": "\U0001f62f",
    ":(": "\U0001f641",
    ":)": "\U0001f642",
    ":?": "\U0001f615",
    ":D": "\U0001f600",
    ":P": "\U0001f61b",
    ":o": "\U0001f62e",
    ":x": "\U0001f621",
    ":|": "\U0001f610",
    ";)": "\U0001f609",
    ":!:": "\u2757",
    ":?:": "\u2753",
}

_IMAGE_EXTS = frozenset({"jpg", "jpeg", "jpe", "gif", "png", "webp"})
_SP = r"(?:[\r\n\t ]|\u00a0|&nbsp;)"
_BEFORE = r"(?:(?<=[\r\n\t \u00a0])|(?<=&nbsp;)|^)"


def _build_search(table: dict[str, str]) -> re.Pattern[str]:
    """smilies_init(): one alternation per first character, keys in reverse order (longest first)."""
    groups: list[str] = []
    current = ""
    alts: list[str] = []
    for smiley in sorted(table, reverse=True):
        first, rest = smiley[0], smiley[1:]
        if first != current:
            if current:
                groups.append(re.escape(current) + "(?:" + "|".join(alts) + ")")
            current, alts = first, []
        alts.append(re.escape(rest))
    groups.append(re.escape(current) + "(?:" + "|".join(alts) + ")")
    return re.compile("|".join(_BEFORE + g + r"(?=" + _SP + r"|$)" for g in groups), re.M)


_SEARCH = _build_search(SMILIES)
# Cheap pre-check: no smiley text anywhere means nothing to do (most posts and comments).
_ANY_SMILEY = re.compile("|".join(re.escape(s) for s in sorted(SMILIES, key=len, reverse=True)))
_TAG_SPLIT = re.compile(r"(<.*?>)")
_IGNORE_OPEN = re.compile(r"^<(code|pre|style|script|textarea)[^>]*>")
DEFAULT_SMILIES_URL = "/wp-includes/images/smilies/"


def _translate(m: re.Match[str], smilies_url: str) -> str:
    smiley = m.group(0).strip(" \t\n\r\0\x0b")
    img = SMILIES[smiley]
    ext = img.rsplit(".", 1)[-1].lower() if "." in img else ""
    if ext not in _IMAGE_EXTS:
        return img
    src = esc_url(smilies_url + img)
    return (
        f'<img src="{src}" alt="{esc_attr(smiley)}" class="wp-smiley" '
        'style="height: 1em; max-height: 1em;" />'
    )


def convert_smilies(text: str, *, smilies_url: str = DEFAULT_SMILIES_URL) -> str:
    """``smilies_url`` is includes_url('images/smilies/') (only used by ``:mrgreen:``)."""
    if not _ANY_SMILEY.search(text):
        return text
    out: list[str] = []
    ignore = ""
    for content in _TAG_SPLIT.split(text):
        if not ignore:
            m = _IGNORE_OPEN.match(content)
            if m:
                ignore = m.group(1)
        if not ignore and content and content[0] != "<":
            content = _SEARCH.sub(lambda mm: _translate(mm, smilies_url), content)
        if ignore and content == f"</{ignore}>":
            ignore = ""
        out.append(content)
    return "".join(out)
