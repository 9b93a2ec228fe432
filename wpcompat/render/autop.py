"""wpautop(): turn double line breaks into paragraphs and single ones into ``<br />``.

A line-by-line port of WordPress 6.1's algorithm (regex for regex, in the same order), with
PHP's byte-mode ``\\s`` (ASCII whitespace only: a no-break space is *not* a space here).
``<pre>`` blocks are set aside and restored untouched; newlines inside tags and comments are
protected with a placeholder, so ``<!--more-->`` alone on a line becomes ``<p><!--more--></p>``.
"""

from __future__ import annotations

import re

from ._php import PHP_TRIM
from .htmlsplit import replace_in_html_tags

_A = re.ASCII
ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area"
    r"|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header"
    r"|footer|nav|figure|figcaption|details|menu|summary)"
)

_MULTI_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", _A)
_BLOCK_OPEN = re.compile(r"(<" + ALLBLOCKS + r"[\s/>])", _A)
_BLOCK_CLOSE = re.compile(r"(</" + ALLBLOCKS + r">)", _A)
_HR = re.compile(r"(<hr\s*?/?>)", _A)
_OPTION_BEFORE = re.compile(r"\s*<option", _A)
_OPTION_AFTER = re.compile(r"</option>\s*", _A)
_OBJECT_OPEN = re.compile(r"(<object[^>]*>)\s*", _A)
_OBJECT_CLOSE = re.compile(r"\s*</object>", _A)
_PARAM_EMBED = re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*", _A)
_MEDIA_OPEN = re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", _A)
_MEDIA_CLOSE = re.compile(r"\s*([<\[]/(?:audio|video)[>\]])", _A)
_SOURCE_TRACK = re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", _A)
_FIGCAPTION_OPEN = re.compile(r"\s*(<figcaption[^>]*>)", _A)
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>\s*", _A)
_MANY_NL = re.compile(r"\n\n+")
_PARA_SPLIT = re.compile(r"\n\s*\n", _A)
_EMPTY_P = re.compile(r"<p>\s*</p>", _A)
_UNCLOSED_P = re.compile(r"<p>([^<]+)</(div|address|form)>")
_P_WRAPPED_BLOCK = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", _A)
_P_LI = re.compile(r"<p>(<li.+?)</p>")
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.I)
_P_BEFORE_BLOCK = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)", _A)
_P_AFTER_BLOCK = re.compile(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", _A)
_PRESERVE_NL = re.compile(r"<(script|style|svg).*?</\1>", re.S)
_NL_TO_BR = re.compile(r"(?<!<br />)\s*\n", _A)
_BR_AFTER_BLOCK = re.compile(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />", _A)
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", _A)
_TRAILING_NL_P = re.compile(r"\n</p>$")


# Callables instead of "\\1" templates: CPython re-parses a template string on every sub() call.
def _g1(m: re.Match[str]) -> str:
    return m.group(1)


def _nn_g1(m: re.Match[str]) -> str:
    return "\n\n" + m.group(1)


def _g1_nn(m: re.Match[str]) -> str:
    return m.group(1) + "\n\n"


def _close_unclosed_p(m: re.Match[str]) -> str:
    return f"<p>{m.group(1)}</p></{m.group(2)}>"


def _blockquote_p(m: re.Match[str]) -> str:
    return f"<blockquote{m.group(1)}><p>"


def _preserve_newlines(m: re.Match[str]) -> str:
    return m.group(0).replace("\n", "<WPPreserveNewline />")


def _set_aside_pre(text: str) -> tuple[str, dict[str, str]]:
    """Replace each ``<pre>…</pre>`` by a numbered placeholder element."""
    pre_tags: dict[str, str] = {}
    parts = text.split("</pre>")
    last = parts.pop()
    rebuilt: list[str] = []
    i = 0
    for part in parts:
        start = part.find("<pre")
        if start < 0:
            # Malformed HTML: a </pre> without an opening tag is dropped, as WordPress does.
            rebuilt.append(part)
            continue
        name = f"<pre wp-pre-tag-{i}></pre>"
        pre_tags[name] = part[start:] + "</pre>"
        rebuilt.append(part[:start] + name)
        i += 1
    rebuilt.append(last)
    return "".join(rebuilt), pre_tags


def wpautop(text: str, br: bool = True) -> str:
    if text.strip(PHP_TRIM) == "":
        return ""
    text = text + "\n"
    pre_tags: dict[str, str] = {}
    if "<pre" in text:
        text, pre_tags = _set_aside_pre(text)

    if "<br" in text:
        text = _MULTI_BR.sub("\n\n", text)
    text = _BLOCK_OPEN.sub(_nn_g1, text)
    text = _BLOCK_CLOSE.sub(_g1_nn, text)
    if "<hr" in text:
        text = _HR.sub(_g1_nn, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = replace_in_html_tags(text, "\n", " <!-- wpnl --> ")

    if "<option" in text:
        text = _OPTION_BEFORE.sub("<option", text)
        text = _OPTION_AFTER.sub("</option>", text)
    if "</object>" in text:
        text = _OBJECT_OPEN.sub(_g1, text)
        text = _OBJECT_CLOSE.sub("</object>", text)
        text = _PARAM_EMBED.sub(_g1, text)
    if "<source" in text or "<track" in text:
        text = _MEDIA_OPEN.sub(_g1, text)
        text = _MEDIA_CLOSE.sub(_g1, text)
        text = _SOURCE_TRACK.sub(_g1, text)
    if "<figcaption" in text:
        text = _FIGCAPTION_OPEN.sub(_g1, text)
        text = _FIGCAPTION_CLOSE.sub("</figcaption>", text)

    text = _MANY_NL.sub("\n\n", text)
    paragraphs = [p for p in _PARA_SPLIT.split(text) if p != ""]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)

    text = _EMPTY_P.sub("", text)
    if "</div>" in text or "</address>" in text or "</form>" in text:
        text = _UNCLOSED_P.sub(_close_unclosed_p, text)
    text = _P_WRAPPED_BLOCK.sub(_g1, text)
    if "<li" in text:
        text = _P_LI.sub(_g1, text)
    text = _P_BLOCKQUOTE.sub(_blockquote_p, text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK.sub(_g1, text)
    text = _P_AFTER_BLOCK.sub(_g1, text)

    if br:
        if "<s" in text:  # <script, <style, <svg
            text = _PRESERVE_NL.sub(_preserve_newlines, text)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = _NL_TO_BR.sub("<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")

    text = _BR_AFTER_BLOCK.sub(_g1, text)
    text = _BR_BEFORE_BLOCK.sub(_g1, text)
    text = _TRAILING_NL_P.sub("</p>", text)

    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
    return text
