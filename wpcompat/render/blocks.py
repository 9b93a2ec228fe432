"""Block markup: parse_blocks (WP_Block_Parser), do_blocks for static blocks, excerpt_remove_blocks.

Static blocks render as their saved HTML with the ``<!-- wp:… -->`` delimiters removed, which is
what WordPress outputs for every block without a server-side render callback. Dynamic blocks
(latest posts, navigation…) would need the database; they fall back to their saved HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN_RE = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*+)?\}\s+)?(?P<void>/)?-->",
    re.S | re.ASCII,
)


@dataclass
class Block:
    name: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    inner_blocks: list[Block] = field(default_factory=list)
    inner_html: str = ""
    # Strings are saved HTML; None marks where the next inner block is rendered.
    inner_content: list[str | None] = field(default_factory=list)


def _freeform(html: str) -> Block:
    return Block(None, {}, [], html, [html])


@dataclass
class _Frame:
    block: Block
    token_start: int
    token_length: int
    prev_offset: int
    leading_html_start: int | None


def _decode_attrs(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class _Parser:
    def __init__(self, document: str) -> None:
        self.doc = document
        self.offset = 0
        self.output: list[Block] = []
        self.stack: list[_Frame] = []

    def parse(self) -> list[Block]:
        while self._proceed():
            pass
        return self.output

    def _add_freeform(self, length: int | None = None) -> None:
        length = length if length else len(self.doc) - self.offset
        if length == 0:
            return
        self.output.append(_freeform(self.doc[self.offset : self.offset + length]))

    def _add_inner_block(
        self, block: Block, token_start: int, token_length: int, last: int | None = None
    ) -> None:
        parent = self.stack[-1]
        parent.block.inner_blocks.append(block)
        html = self.doc[parent.prev_offset : token_start]
        if html:
            parent.block.inner_html += html
            parent.block.inner_content.append(html)
        parent.block.inner_content.append(None)
        parent.prev_offset = last if last else token_start + token_length

    def _add_block_from_stack(self, end: int | None = None) -> None:
        top = self.stack.pop()
        html = self.doc[top.prev_offset : end] if end is not None else self.doc[top.prev_offset :]
        if html:
            top.block.inner_html += html
            top.block.inner_content.append(html)
        if top.leading_html_start is not None:
            self.output.append(_freeform(self.doc[top.leading_html_start : top.token_start]))
        self.output.append(top.block)

    def _proceed(self) -> bool:
        m = _TOKEN_RE.search(self.doc, self.offset)
        depth = len(self.stack)
        if not m:
            if depth == 0:
                self._add_freeform()
            else:
                while self.stack:
                    self._add_block_from_stack()
            return False
        start, length = m.start(), m.end() - m.start()
        namespace = m.group("namespace") or "core/"
        name = namespace + m.group("name")
        attrs = _decode_attrs(m.group("attrs"))
        leading = self.offset if start > self.offset else None
        if m.group("closer"):
            if depth == 0:
                self._add_freeform()
                return False
            if depth == 1:
                self._add_block_from_stack(start)
                self.offset = start + length
                return True
            top = self.stack.pop()
            html = self.doc[top.prev_offset : start]
            top.block.inner_html += html
            top.block.inner_content.append(html)
            top.prev_offset = start + length
            self._add_inner_block(top.block, top.token_start, top.token_length, start + length)
            self.offset = start + length
            return True
        if m.group("void"):
            block = Block(name, attrs)
            if depth == 0:
                if leading is not None:
                    self.output.append(_freeform(self.doc[leading:start]))
                self.output.append(block)
            else:
                self._add_inner_block(block, start, length)
            self.offset = start + length
            return True
        self.stack.append(_Frame(Block(name, attrs), start, length, start + length, leading))
        self.offset = start + length
        return True


def parse_blocks(content: str) -> list[Block]:
    return _Parser(content).parse()


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def render_block(block: Block) -> str:
    """Static rendering: the saved HTML with inner blocks rendered in place, then block supports."""
    out: list[str] = []
    inner = iter(block.inner_blocks)
    for chunk in block.inner_content:
        out.append(chunk if chunk is not None else render_block(next(inner)))
    return layout_support(block, "".join(out))


# Core blocks of 6.1 whose block.json declares layout support (__experimentalLayout), with the
# layout they use when the block has no "layout" attribute of its own.
_LAYOUT_DEFAULTS: dict[str, dict[str, Any]] = {
    "core/buttons": {"type": "flex"}, "core/columns": {"type": "flex", "flexWrap": "nowrap"},
    "core/gallery": {"type": "flex"}, "core/social-links": {"type": "flex"}, "core/navigation": {"type": "flex"},
    "core/comments-pagination": {"type": "flex"}, "core/query-pagination": {"type": "flex"},
    "core/group": {}, "core/column": {}, "core/post-content": {}, "core/post-template": {}, "core/query": {},
}  # fmt: skip
# The layout definitions of core's theme.json: the class each layout type gives its block.
_LAYOUT_CLASSES = {"default": "is-layout-flow", "constrained": "is-layout-constrained", "flex": "is-layout-flex"}
_SLUG_RE = re.compile(r"[^a-z0-9_-]+")


def _slug(value: object) -> str:
    """sanitize_title() for the plain words layout attributes hold."""
    return _SLUG_RE.sub("-", str(value).strip().lower()).strip("-")


def layout_support(block: Block, content: str) -> str:
    """wp_render_layout_support_flag() (6.1): the layout classes on the block's wrapper.

    Not done: the ``wp-container-N`` class (and its style) that WordPress adds when the layout
    generates CSS (a justification, a gap, no wrapping, a content width), and the
    ``has-global-padding`` class of themes using root padding.
    """
    name = block.name
    if name is None:
        return content
    if "/" not in name:
        name = "core/" + name
    default = _LAYOUT_DEFAULTS.get(name)
    if default is None:
        return content
    attr_layout = block.attrs.get("layout") if isinstance(block.attrs.get("layout"), dict) else None
    used: dict[str, Any] = dict(attr_layout) if attr_layout is not None else dict(default)
    if used.get("inherit") or used.get("contentSize"):
        used["type"] = "constrained"  # the legacy content width
    given = attr_layout or {}
    classes: list[str] = []
    if given.get("orientation"):
        classes.append("is-" + _slug(given["orientation"]))
    if given.get("justifyContent"):
        classes.append("is-content-justification-" + _slug(given["justifyContent"]))
    if given.get("flexWrap") == "nowrap":
        classes.append("is-nowrap")
    layout_class = _LAYOUT_CLASSES.get(str(used.get("type", "default")), "")
    if layout_class:
        classes.append(layout_class)
    # Only the first class attribute: the hook assumes one wrapper element.
    return content.replace('class="', f'class="{" ".join(classes)} ', 1)


def do_blocks(content: str) -> str:
    """Render block markup; content without blocks comes back unchanged."""
    if not has_blocks(content):
        return content
    return "".join(render_block(b) for b in parse_blocks(content))


_EXCERPT_INNER_BLOCKS: tuple[str | None, ...] = (
    None, "core/freeform", "core/heading", "core/html", "core/list", "core/media-text", "core/paragraph",
    "core/preformatted", "core/pullquote", "core/quote", "core/table", "core/verse",
)  # fmt: skip
_EXCERPT_WRAPPER_BLOCKS = ("core/columns", "core/column", "core/group")
_EXCERPT_ALLOWED = _EXCERPT_INNER_BLOCKS + _EXCERPT_WRAPPER_BLOCKS


def _excerpt_inner(block: Block) -> str:
    out: list[str] = []
    for inner in block.inner_blocks:
        if inner.name not in _EXCERPT_ALLOWED:
            continue
        out.append(render_block(inner) if not inner.inner_blocks else _excerpt_inner(inner))
    return "".join(out)


def excerpt_remove_blocks(content: str) -> str:
    """Keep only text-like blocks (paragraphs, headings, lists, quotes…) for an automatic excerpt."""
    if not has_blocks(content):
        return content
    out: list[str] = []
    for block in parse_blocks(content):
        if block.name not in _EXCERPT_ALLOWED:
            continue
        if block.inner_blocks:
            if block.name in _EXCERPT_WRAPPER_BLOCKS:
                out.append(_excerpt_inner(block))
                continue
            if any(i.name not in _EXCERPT_INNER_BLOCKS or i.inner_blocks for i in block.inner_blocks):
                continue
        out.append(render_block(block))
    return "".join(out)
