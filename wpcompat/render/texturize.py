"""wptexturize(): curly quotes, apostrophes, dashes, ellipsis, × and ``&`` → ``&#038;``.

Faithful to WordPress 6.1 (en_US strings): the text is split into HTML elements, comments,
registered shortcodes and plain text; only plain text outside ``pre``/``code``/``kbd``/
``style``/``script``/``tt`` elements and outside ``[code]`` is changed. Inside element tags
only bare ``&`` are encoded. Tag names are matched case-sensitively, as WordPress does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ._php import AFTER_SPACE, NOT_AFTER_SPACE, PHP_TRIM, PZ, SPACES, str_replace_seq
from .shortcodes import tags_in_text

OPENING_QUOTE = "&#8220;"
CLOSING_QUOTE = "&#8221;"
APOS = "&#8217;"
PRIME = "&#8242;"
DOUBLE_PRIME = "&#8243;"
OPENING_SINGLE_QUOTE = "&#8216;"
CLOSING_SINGLE_QUOTE = "&#8217;"
EN_DASH = "&#8211;"
EM_DASH = "&#8212;"

NO_TEXTURIZE_TAGS = ("pre", "code", "kbd", "style", "script", "tt")
NO_TEXTURIZE_SHORTCODES = ("code",)

# Placeholders: HTML comments cannot occur inside a text piece, so they are collision-free.
_OPEN_Q_FLAG = "<!--oq-->"
_OPEN_SQ_FLAG = "<!--osq-->"
_APOS_FLAG = "<!--apos-->"

_COCKNEY = (
    "'tain't",
    "'twere",
    "'twas",
    "'tis",
    "'twill",
    "'til",
    "'bout",
    "'nuff",
    "'round",
    "'cause",
    "'em",
)
_STATIC = (
    ("...", "&#8230;"),
    ("``", OPENING_QUOTE),
    ("''", CLOSING_QUOTE),
    (" (tm)", " &#8482;"),
    *((c, c.replace("'", APOS)) for c in _COCKNEY),
)

_A = re.ASCII


def _wrap_g1(before: str, after: str):  # type: ignore[no-untyped-def]
    """A replacement callable for ``before\\1after`` (callables skip template parsing)."""

    def repl(m: re.Match[str]) -> str:
        return before + m.group(1) + after

    return repl


_START = r"(?:\A|" + AFTER_SPACE + r")"
_PUNCT_AFTER = r"(?=" + PZ + r"|[.,:;!?)}\-\]]|&gt;|" + SPACES + r")"

_Repl = str | Callable[[re.Match[str]], str]
_APOS_RULES: tuple[tuple[re.Pattern[str], _Repl], ...] = (
    # '99' and '99" are taken as abbreviated years at the end of a quotation.
    (re.compile(r"'(\d\d)'" + _PUNCT_AFTER, _A), _wrap_g1(_APOS_FLAG, CLOSING_SINGLE_QUOTE)),
    (re.compile(r"'(\d\d)\"" + _PUNCT_AFTER, _A), _wrap_g1(_APOS_FLAG, CLOSING_QUOTE)),
    # '99 '99s '99's are apostrophes, but never '9 or '99% or '999 or '99.0.
    (re.compile(r"'(?=\d\d(?:" + PZ + r"|(?![%\d]|[.,]\d)))", _A), _APOS_FLAG),
    # Quoted numbers like '0.42'.
    (re.compile(_START + r"'(\d[.,\d]*)'", _A), _wrap_g1(_OPEN_SQ_FLAG, CLOSING_SINGLE_QUOTE)),
    # Opening single quote: at the start, or after ( { < [ " - or a space.
    (re.compile(r"(?:\A|(?<=[(\[{\"\-])|(?<=&lt;)|" + AFTER_SPACE + r")'", _A), _OPEN_SQ_FLAG),
    # Apostrophe inside a word.
    (
        re.compile(NOT_AFTER_SPACE + r"'(?!" + PZ + r"|[.,:;!?\"'(){}\[\]\-]|&[lg]t;|" + SPACES + r")", _A),
        _APOS_FLAG,
    ),
)
_QUOTE_RULES: tuple[tuple[re.Pattern[str], _Repl], ...] = (
    (re.compile(_START + r"\"(\d[.,\d]*)\"", _A), _wrap_g1(_OPEN_Q_FLAG, CLOSING_QUOTE)),
    (
        re.compile(r"(?:\A|(?<=[(\[{\-])|(?<=&lt;)|" + AFTER_SPACE + r")\"(?!" + SPACES + r")", _A),
        _OPEN_Q_FLAG,
    ),
)
_DASH_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"---"), EM_DASH),
    (re.compile(r"(?:^|" + AFTER_SPACE + r")--(?=$|" + SPACES + r")"), EM_DASH),
    (re.compile(r"(?<!xn)--"), EN_DASH),
    (re.compile(r"(?:^|" + AFTER_SPACE + r")-(?=$|" + SPACES + r")"), EN_DASH),
)
_TIMES_HINT_RE = re.compile(r"(?<=\d)x\d", _A)
# PHP: \b(\d(?(?<=0)[\d\.,]+|[\d\.,]*))x(\d[\d\.,]*)\b — a leading 0 needs more digits (0x9 is hex).
_TIMES_RE = re.compile(r"\b(0[\d.,]+|[1-9][\d.,]*)x(\d[\d.,]*)\b", _A)
AMP_RE = re.compile(r"&(?!#(?:\d+|x[a-f0-9]+);|[a-z1-4]{1,8};)", re.I | _A)

_COMMENT = r"!(?:-(?!->)[^\-]*+)*+(?:-->)?"
_HTML = r"<(?:(?=!--)" + _COMMENT + r"|(?!!--)[^>]*>?)"
_SPLIT_NO_SC = re.compile("(" + _HTML + ")")


def _times(m: re.Match[str]) -> str:
    return m.group(1) + "&#215;" + m.group(2)


def _shortcode_regex(tagnames: tuple[str, ...]) -> str:
    """_get_wptexturize_shortcode_regex(): a registered shortcode tag without nesting."""
    tagregexp = "(?:" + "|".join(re.escape(t) for t in tagnames) + r")(?=[\s\]\/])"
    return r"\[[\/\[]?" + tagregexp + r"(?:[^\[\]<>]+|<[^\[\]>]*>)*+\]\]?"


@lru_cache(maxsize=64)
def _split_and_match(tagnames: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    sc = _shortcode_regex(tagnames)
    return re.compile("(" + _HTML + "|" + sc + ")", _A), re.compile(sc + r"\Z", _A)


_PRIME_FLAG = "<!--wp-prime-or-quote-->"


class _PrimeRules:
    """The four patterns of wptexturize_primes() for one quote character, compiled once."""

    __slots__ = ("flag_after_digit", "flag_no_digit", "prime", "quote")

    def __init__(self, needle: str) -> None:
        self.quote = re.compile(re.escape(needle) + _PUNCT_AFTER, _A)
        self.prime = re.compile(r"(?<=\d)" + re.escape(needle), _A)
        self.flag_no_digit = re.compile(r"(?<!\d)" + re.escape(_PRIME_FLAG), _A)
        self.flag_after_digit = re.compile(r"(?<=\d)" + re.escape(_PRIME_FLAG), _A)


_PRIME_RULES = {"'": _PrimeRules("'"), '"': _PrimeRules('"')}


def _primes(haystack: str, needle: str, prime: str, open_quote: str, close_quote: str) -> str:
    """wptexturize_primes(): decide between prime marks and closing quotes, sentence by sentence."""
    flag = _PRIME_FLAG
    rules = _PRIME_RULES[needle]
    sentences = haystack.split(open_quote)
    for key, sentence in enumerate(sentences):
        if needle not in sentence:
            continue
        if key != 0 and close_quote not in sentence:
            sentence, count = rules.quote.subn(flag, sentence)
            if count > 1:
                # Several candidates: take the ones not after a digit as closing quotes.
                sentence, count2 = rules.flag_no_digit.subn(close_quote, sentence)
                if count2 == 0:
                    pos = sentence.rfind(flag + ".")
                    if pos < 0:
                        pos = sentence.rfind(flag)
                    sentence = sentence[:pos] + close_quote + sentence[pos + len(flag) :]
                sentence = rules.prime.sub(prime, sentence)
                sentence = rules.flag_after_digit.sub(prime, sentence)
                sentence = sentence.replace(flag, close_quote)
            elif count == 1:
                sentence = sentence.replace(flag, close_quote)
                sentence = rules.prime.sub(prime, sentence)
            else:
                sentence = rules.prime.sub(prime, sentence)
        else:
            sentence = rules.prime.sub(prime, sentence)
            sentence = rules.quote.sub(close_quote, sentence)
        if needle == '"' and '"' in sentence:
            sentence = sentence.replace('"', close_quote)
        sentences[key] = sentence
    return open_quote.join(sentences)


def _texturize_text(curl: str) -> str:
    if "." in curl or "`" in curl or "'" in curl or "(tm)" in curl:
        curl = str_replace_seq(curl, _STATIC)
    if "'" in curl:
        for rx, repl in _APOS_RULES:
            curl = rx.sub(repl, curl)
        curl = _primes(curl, "'", PRIME, _OPEN_SQ_FLAG, CLOSING_SINGLE_QUOTE)
        curl = curl.replace(_APOS_FLAG, APOS).replace(_OPEN_SQ_FLAG, OPENING_SINGLE_QUOTE)
    if '"' in curl:
        for rx, repl in _QUOTE_RULES:
            curl = rx.sub(repl, curl)
        curl = _primes(curl, '"', DOUBLE_PRIME, _OPEN_Q_FLAG, CLOSING_QUOTE)
        curl = curl.replace(_OPEN_Q_FLAG, OPENING_QUOTE)
    if "-" in curl:
        for rx, repl in _DASH_RULES:
            curl = rx.sub(repl, curl)
    if "x" in curl and _TIMES_HINT_RE.search(curl):
        curl = _TIMES_RE.sub(_times, curl)
    if "&" in curl:
        curl = AMP_RE.sub("&#038;", curl)
    return curl


def _pushpop(element: str, stack: list[str], disabled: tuple[str, ...]) -> None:
    """_wptexturize_pushpop_element(): track entering/leaving a no-texturize tag or shortcode."""
    if len(element) > 1 and element[1] != "/":
        opening, offset = True, 1
    elif not stack:
        return
    else:
        opening, offset = False, 2
    space = element.find(" ")
    # PHP substr($text, $offset, -1) drops the closing bracket when there is no space.
    tag = element[offset:-1] if space < 0 else element[offset:space]
    if tag in disabled:
        if opening:
            stack.append(tag)
        elif stack and stack[-1] == tag:
            stack.pop()


def wptexturize(text: str) -> str:
    if not text or text == "0":
        return text
    tagnames = tags_in_text(text, include_closing=True) if "[" in text else ()
    if tagnames:
        split_re, sc_full_re = _split_and_match(tagnames)
    else:
        split_re, sc_full_re = _SPLIT_NO_SC, None
    pieces = split_re.split(text)
    tags_stack: list[str] = []
    sc_stack: list[str] = []
    out: list[str] = []
    for curl in pieces:
        if not curl:
            continue
        first = curl[0]
        if first == "<":
            if not curl.startswith("<!--"):
                if "&" in curl:
                    curl = AMP_RE.sub("&#038;", curl)
                _pushpop(curl, tags_stack, NO_TEXTURIZE_TAGS)
        elif curl.strip(PHP_TRIM) == "":
            pass
        elif first == "[" and sc_full_re is not None and sc_full_re.match(curl):
            if not curl.startswith("[[") and not curl.endswith("]]"):
                _pushpop(curl, sc_stack, NO_TEXTURIZE_SHORTCODES)
        elif not sc_stack and not tags_stack:
            curl = _texturize_text(curl)
        out.append(curl)
    return "".join(out)
