"""LIKE as MySQL's utf8mb4_unicode_520_ci does it (WordPress's tables): blind to case and accents.

WordPress searches with `column LIKE '%term%'` and the collation makes "economie" find
"Économie" and "ΚΑΛΗΜΈΡΑ" find "Καλημέρα". MySQL/MariaDB already compare so; elsewhere both
sides are folded first: every character to its lower-case base letter (accents and other
combining marks dropped, compatibility forms unified). SQLite gets the folding as a function
(`wp_fold`, registered on each connection); PostgreSQL through translate() with a table of the
letters that fold to another single letter, then lower() — except for LIKE itself, which on
PostgreSQL is a regular expression whose letters are classes of every letter that folds to
them: translate() with a table that long costs the length of the table for each character of
each row (45 s for 2,000 posts), a regular expression one step per character.

This module is the folding and the patterns built from it, the same for every backend; which
backend uses which in SQL is in dialect.py (`folded`, `text_like`, `text_contains`,
`text_equals`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

SQLITE_FUNCTION = "wp_fold"


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (base or ch).casefold()


class _FoldTable(dict[int, str]):
    """str.translate()'s table of fold_char, filled as characters are met: a search folds
    every post's text (SQLite calls `wp_fold` per row), and translate() walks it in C where
    a join over the characters ran a Python call for each."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


# A text with more distinct characters to fold than this goes through translate() (each
# replace() is a pass over the text).
_REPLACES = 48
# Per character met: its folding when that holds only characters that fold to themselves
# (so replacing it can never produce a character another replace() would change), else None.
_SETTLED: dict[str, str | None] = {}
_SETTLED_LIMIT = 65536


def _settled(ch: str) -> str | None:
    folded = _FOLD_TABLE[ord(ch)]
    found = folded if all(_FOLD_TABLE[ord(c)] == c for c in folded) else None
    if len(_SETTLED) < _SETTLED_LIMIT:
        _SETTLED[ch] = found
    return found


def fold(text: str | None) -> str | None:
    """The text as the collation compares it (character by character, as LIKE does).

    A text that is not all ASCII is folded one distinct character at a time (replace(), a
    pass in C each): translate() looks every character up in the table from C through a
    Python dict (an int made per character), three times slower on a post in French, and
    folding 100,000 posts' texts was a fifth of the WXR reader process's CPU."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()
    out = text
    replaced = 0
    for ch in set(text):
        try:
            folded = _SETTLED[ch]
        except KeyError:
            folded = _settled(ch)
        if folded is None:
            return text.translate(_FOLD_TABLE)
        if folded != ch:
            replaced += 1
            if replaced > _REPLACES:
                return text.translate(_FOLD_TABLE)
            out = out.replace(ch, folded)
    return out


def _translate_table() -> tuple[str, str]:
    """For translate(): the characters of the scripts WordPress sites write in whose folding is
    another single character (Latin, Greek, Cyrillic, with their extended blocks)."""
    ranges = [(0x00C0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x1E00, 0x1FFF)]
    src, dst = [], []
    for lo, hi in ranges:
        for code in range(lo, hi + 1):
            ch = chr(code)
            folded = fold_char(ch)
            if len(folded) == 1 and folded != ch:
                src.append(ch)
                dst.append(folded)
    return "".join(src), "".join(dst)


# translate(text, FOLD_FROM, FOLD_TO) folds these letters in SQL (PostgreSQL).
FOLD_FROM, FOLD_TO = _translate_table()


# SQLite refuses a LIKE pattern longer than 50,000 bytes ("LIKE or GLOB pattern too complex");
# MySQL, where WordPress runs, has no such limit. Past this length (room left for escapes and
# wildcards) the same tests are written with instr()/strpos(), which have none.
LONG_PATTERN = 40_000


def is_long(text: str) -> bool:
    return len(text) > LONG_PATTERN


def _letters_folding_to() -> dict[str, frozenset[str]]:
    """Folded letter -> every letter of the translate() table's scripts that folds to it, in
    both cases."""
    groups: dict[str, set[str]] = {}
    for ch, folded_ch in zip(FOLD_FROM, FOLD_TO, strict=True):
        groups.setdefault(folded_ch, set()).add(ch)
    return {f: frozenset(members) for f, members in groups.items()}


_FOLDING_TO = _letters_folding_to()


@lru_cache(maxsize=4096)
def _regex_atom(ch: str) -> str:
    """A regular expression (PostgreSQL's ARE) matching one character of the text whose
    folding is `ch`."""
    if not ch.isalnum():
        return "\\" + ch if ch.isascii() else ch
    letters = _letter_class(ch)
    return letters[0] if len(letters) == 1 else "[" + "".join(letters) + "]"


# Past this length a pattern of letter classes is too big for the engines (SQLite refuses GLOB
# patterns over 50,000 bytes; PostgreSQL's regular expressions grow with their classes).
LONGEST_CLASS_PATTERN = 20_000


def _letter_class(ch: str) -> list[str]:
    """Every single character whose folding is `ch` (itself already folded), in both cases."""
    members = {ch, ch.upper(), ch.lower()} | _FOLDING_TO.get(ch, frozenset())
    members |= {m.upper() for m in list(members)} | {m.lower() for m in list(members)}
    return sorted(m for m in members if len(m) == 1)


def _like_tokens(pattern: str, escape: str) -> list[tuple[str, str]]:
    """The folded LIKE pattern as ("any", "%"), ("one", "_") and ("char", c) tokens."""
    tokens: list[tuple[str, str]] = []
    escaped = False
    for ch in fold(pattern) or "":
        if escaped:
            tokens.append(("char", ch))
            escaped = False
        elif ch == escape:
            escaped = True
        elif ch == "%":
            tokens.append(("any", ch))
        elif ch == "_":
            tokens.append(("one", ch))
        else:
            tokens.append(("char", ch))
    return tokens


@lru_cache(maxsize=4096)
def _glob_atom(ch: str) -> str:
    if ch.isalnum():
        letters = _letter_class(ch)
        return letters[0] if len(letters) == 1 else "[" + "".join(letters) + "]"
    return "[" + ch + "]" if ch in "*?[]" else ch


def like_glob(pattern: str, escape: str = "\\") -> str:
    """SQLite's GLOB pattern (case-sensitive, in C) that matches what `fold(text) LIKE
    fold(pattern)` does."""
    out = []
    for kind, ch in _like_tokens(pattern, escape):
        out.append("*" if kind == "any" else "?" if kind == "one" else _glob_atom(ch))
    return "".join(out)


def like_regex(pattern: str, escape: str = "\\") -> str:
    """The regular expression that matches what `fold(text) LIKE fold(pattern)` does: `%` any
    run, `_` one character, anything after `escape` literally."""
    out = ["^"]
    for kind, ch in _like_tokens(pattern, escape):
        out.append(".*" if kind == "any" else "." if kind == "one" else _regex_atom(ch))
    out.append("$")
    return "".join(out)


# The shortest folded term a trigram index can look up.
SHORTEST_INDEXED = 3


@lru_cache(maxsize=4096)
def _folds_back(ch: str) -> bool:
    """Whether every character the exact pattern accepts for the folded character `ch` folds
    to `ch` itself: then a text the pattern matches holds `ch` at that place once folded."""
    if ch in "%_\\":
        return False  # a folded wildcard or escape: the exact pattern reads it as such
    accepted = _letter_class(ch) if ch.isalnum() else [ch]
    return all(fold(member) == ch for member in accepted)


def indexable(term: str) -> bool:
    """Whether an index of the folded texts finds every text that `%term%` matches (accent-
    and case-blind): the folded term is long enough for trigrams, not too long for a
    pattern, and each of its characters is only ever matched by letters folding to it."""
    folded = fold(term) or ""
    if len(folded) < SHORTEST_INDEXED or not all(_folds_back(ch) for ch in folded):
        return False
    # Past LONGEST_CLASS_PATTERN the exact test is no longer the letter-class pattern
    # (dialect.text_like): the index would answer another question than the scan.
    pattern = "%" + folded + "%"  # no wildcard or escape inside (_folds_back)
    return max(len(like_glob(pattern).encode()), len(like_regex(pattern))) <= LONGEST_CLASS_PATTERN


# The SQLite function telling whether a post's texts hold a character of `_unsure_char`.
SQLITE_UNSURE_FUNCTION = "wp_fold_unsure"


@lru_cache(maxsize=65536)
def _unsure_char(ch: str) -> bool:
    """Whether `ch` folds to something the exact pattern of that folding does not accept back
    (ß to "ss", ﬁ to "fi", the Kelvin sign to "k", a fullwidth ％ to "%"): in a text holding
    one, the folded text may contain a term the exact pattern does not find."""
    folded = fold(ch) or ""
    if len(folded) != 1:
        return True
    return ch not in (_letter_class(folded) if folded.isalnum() else [folded])


# Characters found not to be `_unsure_char`: a text's characters less these, as a set
# difference in C, leaves none to test in most texts (one Python call per character was a
# third of the time of folding a post for the index).
_SURE_CHARS: set[str] = set()
_SURE_LIMIT = 65536


def unsure(*texts: str | None) -> int:
    """1 when one of the texts holds a character of `_unsure_char`, else 0 (an SQL function):
    the folded texts of the others contain a term exactly when the exact pattern finds it."""
    for text in texts:
        if text and not text.isascii():
            chars = set(text)
            chars -= _SURE_CHARS
            for ch in chars:
                if _unsure_char(ch):
                    return 1
                if len(_SURE_CHARS) < _SURE_LIMIT:
                    _SURE_CHARS.add(ch)
    return 0


# A post's searched texts as the search index holds them: (unsure, folded title, excerpt, content).
Folded = tuple[bool, str, str, str]


def fold_texts(title: str, excerpt: str, content: str) -> Folded:
    """What the search index needs of a post (search_index.index_folded_posts), computed
    wherever is cheapest: the WXR reader's process folds while the importer writes (folding
    was a tenth of an import's CPU)."""
    return (bool(unsure(title, excerpt, content)), fold(title) or "", fold(excerpt) or "", fold(content) or "")
