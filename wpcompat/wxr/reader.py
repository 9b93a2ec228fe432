"""Streaming WXR reader: lxml iterparse, hardened, yielding one typed record at a time.

Memory stays flat whatever the file size: each channel-level element (author, term, item) is
turned into a record and then cleared and detached from the tree. Elements are matched by local
name inside any `http(s)://wordpress.org/export/<version>/` namespace, so WXR 1.0 to 1.2 and the
https variants all read the same, while look-alike namespaces (a hijacked `wp:` prefix) are
ignored.

Files with a DOCTYPE are refused before parsing starts, as WordPress's importer does: that
rules out entity expansion (billion laughs) and external entities (XXE) whatever the parser
settings. The parser is configured defensively anyway.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from wpcompat.wxr.spool import Spool, SpoolingSource, cleanup, is_utf8, unspool

WP_NS = re.compile(r"^https?://wordpress\.org/export/\d+(?:\.\d+)*/$")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/\d+(?:\.\d+)*/excerpt/$")
CONTENT_NS = ("http://purl.org/rss/1.0/modules/content/", "https://purl.org/rss/1.0/modules/content/")
DC_NS = ("http://purl.org/dc/elements/1.1/", "https://purl.org/dc/elements/1.1/")

# Prefixes that real exports use without declaring (WordPress.com wrote <atom:link> undeclared
# for years); declaring them on <rss> costs nothing and makes those files well-formed.
_COMMON_PREFIXES = {
    b"atom": b"http://www.w3.org/2005/Atom",
    b"dc": b"http://purl.org/dc/elements/1.1/",
    b"content": b"http://purl.org/rss/1.0/modules/content/",
    b"wfw": b"http://wellformedweb.org/CommentAPI/",
}
_PROLOGUE_LIMIT = 1 << 20


class WXRError(Exception):
    """A file that cannot be imported. `str()` is one line: file:line:column: message."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        self.path, self.line, self.column, self.message = path, line, column, message
        super().__init__(f"{path}:{line}:{column}: {message}")


def _field_values(record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in record.__slots__)


@dataclass(slots=True)
class Meta:
    key: str
    value: str

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Records cross a pipe from the reader process: a plain tuple pickles several times
        # faster than the generic slotted-dataclass state.
        return Meta, (self.key, self.value)


@dataclass(slots=True)
class Channel:
    title: str = ""
    link: str = ""
    description: str = ""
    pub_date: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass(slots=True)
class Author:
    line: int
    id: int | None = None
    login: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional arguments in field order (see Meta.__reduce__): the generic state of a
        # slotted dataclass is set back attribute by attribute, in Python, and cost the
        # importer as much CPU as all the comments of an item.
        return type(self), _field_values(self)


@dataclass(slots=True)
class Term:
    """A channel-level wp:category, wp:tag or wp:term, normalised to one shape."""

    line: int
    taxonomy: str = ""
    id: int | None = None
    element: str = "term"
    slug: str = ""
    name: str = ""
    parent_slug: str = ""
    description: str = ""
    meta: list[Meta] = field(default_factory=list)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional arguments in field order (see Meta.__reduce__): the generic state of a
        # slotted dataclass is set back attribute by attribute, in Python, and cost the
        # importer as much CPU as all the comments of an item.
        return type(self), _field_values(self)


@dataclass(slots=True)
class Comment:
    id: int | None = None
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = "comment"
    parent: int = 0
    user_id: int = 0
    meta: list[Meta] = field(default_factory=list)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return Comment, (
            self.id,
            self.author,
            self.author_email,
            self.author_url,
            self.author_ip,
            self.date,
            self.date_gmt,
            self.content,
            self.approved,
            self.type,
            self.parent,
            self.user_id,
            self.meta,
        )


@dataclass(slots=True)
class ItemTerm:
    taxonomy: str
    slug: str
    name: str

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional arguments in field order (see Meta.__reduce__): the generic state of a
        # slotted dataclass is set back attribute by attribute, in Python, and cost the
        # importer as much CPU as all the comments of an item.
        return type(self), _field_values(self)


@dataclass(slots=True)
class Item:
    line: int
    title: str = ""
    link: str = ""
    pub_date: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    id: int | None = None
    date: str = ""
    date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    comment_status: str = ""
    ping_status: str = ""
    name: str = ""
    status: str = ""
    parent: int = 0
    menu_order: int = 0
    type: str = ""
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: list[Meta] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # The searched texts folded for the search index (unsure, title, excerpt, content), when
    # the reader process was asked to (wpcompat.wxr.pipeline); None: folded where written.
    search: tuple[bool, str, str, str] | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional arguments in field order (see Meta.__reduce__): the generic state of a
        # slotted dataclass is set back attribute by attribute, in Python, and cost the
        # importer as much CPU as all the comments of an item.
        return type(self), _field_values(self)


Record = Channel | Author | Term | Item


def _classify(tag: str) -> tuple[str, str]:
    if tag[0] != "{":
        return "", tag
    uri, local = tag[1:].split("}", 1)
    if WP_NS.match(uri):
        return "wp", local
    if EXCERPT_NS.match(uri):
        return "excerpt", local
    if uri in CONTENT_NS:
        return "content", local
    if uri in DC_NS:
        return "dc", local
    return "other", local


# Tags repeat millions of times in a big file; classifying each one once matters for speed.
_KINDS: dict[str, tuple[str, str]] = {}
_KINDS_LIMIT = 10000


def _kind(tag: Any) -> tuple[str, str]:
    """('wp' | 'excerpt' | 'content' | 'dc' | '' | 'other', local name) of an element tag."""
    try:
        return _KINDS[tag]
    except KeyError:
        pass
    except TypeError:  # comments and processing instructions have a function as tag
        return "other", ""
    if not isinstance(tag, str):
        return "other", ""
    kind = _classify(tag)
    if len(_KINDS) < _KINDS_LIMIT:
        _KINDS[tag] = kind
    return kind


def _text(elem: Any) -> str:
    """Text of an element with XML comments inside skipped (CDATA sections are joined)."""
    if not len(elem):
        return elem.text or ""
    parts = [elem.text or ""]
    for child in elem:
        parts.append(child.tail or "")
    return "".join(parts)


_EDGE_WS = re.compile(r"^\s*\n\s*|\s*\n\s*$")
_SPACE = frozenset(" \t\r\n\f\v")


def _body(elem: Any) -> str:
    return _strip_body(_text(elem))


def _strip_body(text: str) -> str:
    # Whitespace that holds a newline at either end is indentation around the CDATA of a
    # hand-formatted file, not content; other spaces are kept as written.
    if not text or (text[0] not in _SPACE and text[-1] not in _SPACE):
        return text
    return _EDGE_WS.sub("", text)


def _int(value: str) -> int | None:
    if value.isdigit():
        return int(value)
    value = value.strip()
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    return None


def _date(value: str) -> str:
    """A WordPress date 'YYYY-MM-DD HH:MM:SS', or '' when absent or unusable."""
    if len(value) == 19 and value[4] == "-" and value[10] == " " and value[13] == ":":
        return value
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?", value)
    if not m:
        return ""
    time = m.group(2) or "00:00:00"
    if len(time) == 5:
        time += ":00"
    return f"{m.group(1)} {time}"


def _wp_fields(elem: Any, meta_name: str = "") -> tuple[dict[str, str], list[Any]]:
    """The text of the wp: children of an element by local name (first one wins), and its
    meta children as elements.

    This runs for every comment of a big file, so it stays lean: one cached lookup per tag,
    and the text of a leaf read directly.
    """
    fields: dict[str, str] = {}
    metas: list[Any] = []
    for child in elem:
        try:
            kind, local = _KINDS[child.tag]
        except (KeyError, TypeError):
            kind, local = _kind(child.tag)
        if kind != "wp":
            continue
        if local == meta_name:
            metas.append(child)
        elif local not in fields:
            fields[local] = (child.text or "") if not len(child) else _text(child)
    return fields, metas


def _meta(elem: Any) -> Meta | None:
    fields, _ = _wp_fields(elem)
    key = fields.get("meta_key")
    if key is None:
        return None
    return Meta(key.strip(), _strip_body(fields.get("meta_value", "")))


def _author(elem: Any) -> Author:
    author = Author(line=elem.sourceline or 0)
    for child in elem:
        kind, local = _kind(child.tag)
        if kind != "wp":
            continue
        text = _text(child).strip()
        if local == "author_id":
            author.id = _int(text)
        elif local == "author_login":
            author.login = text
        elif local == "author_email":
            author.email = text
        elif local == "author_display_name":
            author.display_name = text
        elif local == "author_first_name":
            author.first_name = text
        elif local == "author_last_name":
            author.last_name = text
    return author


_TERM_FIELDS = {
    "category": {
        "term_id": "id",
        "category_nicename": "slug",
        "category_parent": "parent_slug",
        "cat_name": "name",
        "category_description": "description",
    },
    "tag": {"term_id": "id", "tag_slug": "slug", "tag_name": "name", "tag_description": "description"},
    "term": {
        "term_id": "id",
        "term_taxonomy": "taxonomy",
        "term_slug": "slug",
        "term_parent": "parent_slug",
        "term_name": "name",
        "term_description": "description",
    },
}
_TERM_TAXONOMY = {"category": "category", "tag": "post_tag", "term": ""}


def _term(elem: Any, local_name: str) -> Term:
    term = Term(line=elem.sourceline or 0, taxonomy=_TERM_TAXONOMY[local_name], element=local_name)
    fields = _TERM_FIELDS[local_name]
    for child in elem:
        kind, local = _kind(child.tag)
        if kind != "wp":
            continue
        if local == "termmeta":
            meta = _meta(child)
            if meta is not None:
                term.meta.append(meta)
            continue
        attr = fields.get(local)
        if attr is None:
            continue
        text = _text(child)
        if attr == "id":
            term.id = _int(text)
        elif attr == "description":
            term.description = text
        else:
            setattr(term, attr, text.strip())
    return term


def _comment(elem: Any) -> Comment:
    f, metas = _wp_fields(elem, "commentmeta")
    get = f.get
    # A missing status means an approved comment, as wp_insert_comment() defaults it;
    # an empty type is a plain comment (WordPress before 5.5 stored '').
    comment = Comment(
        _int(get("comment_id", "")),
        get("comment_author", "").strip(),
        get("comment_author_email", "").strip(),
        get("comment_author_url", "").strip(),
        get("comment_author_IP", "").strip(),
        _date(get("comment_date", "")),
        _date(get("comment_date_gmt", "")),
        _strip_body(get("comment_content", "")),
        get("comment_approved", "").strip() or "1",
        get("comment_type", "").strip() or "comment",
        _int(get("comment_parent", "")) or 0,
        _int(get("comment_user_id", "")) or 0,
        [m for m in map(_meta, metas) if m is not None],
    )
    return comment


_ITEM_WP_TEXT = {
    "post_name": "name",
    "status": "status",
    "post_type": "type",
    "comment_status": "comment_status",
    "ping_status": "ping_status",
    "post_password": "password",
    "attachment_url": "attachment_url",
}
_ITEM_WP_DATES = {
    "post_date": "date",
    "post_date_gmt": "date_gmt",
    "post_modified": "modified",
    "post_modified_gmt": "modified_gmt",
}


def _item(elem: Any) -> Item:
    item = Item(line=elem.sourceline or 0)
    for child in elem:
        kind, local = _kind(child.tag)
        if kind == "wp":
            if local == "comment":
                item.comments.append(_comment(child))
            elif local == "postmeta":
                meta = _meta(child)
                if meta is not None:
                    item.meta.append(meta)
            elif local == "post_id":
                # The first id wins when a file carries two (mixed namespace prefixes).
                if item.id is None:
                    item.id = _int(_text(child))
            elif local in _ITEM_WP_DATES:
                setattr(item, _ITEM_WP_DATES[local], _date(_text(child)))
            elif local == "post_parent":
                item.parent = _int(_text(child)) or 0
            elif local == "menu_order":
                item.menu_order = _int(_text(child)) or 0
            elif local == "is_sticky":
                item.sticky = _text(child).strip() == "1"
            elif local in _ITEM_WP_TEXT:
                text = _text(child)
                setattr(item, _ITEM_WP_TEXT[local], text if local == "post_password" else text.strip())
        elif kind == "":
            if local == "title":
                item.title = _text(child).strip()
            elif local == "link":
                item.link = _text(child).strip()
            elif local == "pubDate":
                item.pub_date = _text(child).strip()
            elif local == "guid":
                item.guid = _text(child).strip()
            elif local == "category":
                _item_term(item, child)
        elif kind == "content" and local == "encoded":
            item.content = _body(child)
        elif kind == "excerpt" and local == "encoded":
            item.excerpt = _body(child)
        elif kind == "dc" and local == "creator":
            item.creator = _text(child).strip()
    return item


def _item_term(item: Item, elem: Any) -> None:
    # Only <category> elements with a nicename name a term: WXR 1.0 also writes a plain
    # <category> copy of each for RSS readers, which WordPress's importer ignores too.
    slug = (elem.get("nicename") or "").strip()
    if not slug:
        return
    domain = (elem.get("domain") or "category").strip()
    if domain == "tag":
        domain = "post_tag"
    item.terms.append(ItemTerm(domain, slug, _text(elem).strip()))


_CHANNEL_TEXT = {
    ("", "title"): "title",
    ("", "link"): "link",
    ("", "description"): "description",
    ("", "pubDate"): "pub_date",
    ("", "language"): "language",
    ("wp", "wxr_version"): "wxr_version",
    ("wp", "base_site_url"): "base_site_url",
    ("wp", "base_blog_url"): "base_blog_url",
}
_WANTED_TAGS = (
    "{*}item",
    "{*}author",
    "{*}category",
    "{*}tag",
    "{*}term",
    "{*}title",
    "{*}link",
    "{*}description",
    "{*}pubDate",
    "{*}language",
    "{*}wxr_version",
    "{*}base_site_url",
    "{*}base_blog_url",
)


def _scan_prologue(head: bytes, path: str) -> None:
    """Refuse a DOCTYPE before the root element; report where it is."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            return
        if text.startswith("<?", lt):
            end = text.find("?>", lt)
        elif text.startswith("<!--", lt):
            end = text.find("-->", lt)
        elif text.startswith("<!", lt) and text[lt + 2 : lt + 9].upper() == "DOCTYPE":
            line = text.count("\n", 0, lt) + 1
            column = lt - (text.rfind("\n", 0, lt) + 1) + 1
            has_entities = "<!ENTITY" in text[lt:]
            reason = "entity declarations (billion laughs / XXE)" if has_entities else "a DOCTYPE"
            raise WXRError(
                path,
                line,
                column,
                f"refused: the file contains {reason}; a WXR export never has a DOCTYPE",
            )
        else:
            return  # the root element: no DOCTYPE can follow
        if end < 0:
            return
        pos = end + 2


class _Source:
    """A binary file whose first bytes are checked for a DOCTYPE, and whose <rss> start tag
    gets the namespace declarations that sloppy exporters forgot."""

    def __init__(self, raw: IO[bytes], path: str) -> None:
        self._raw = raw
        head = raw.read(65536)
        while b"<rss" not in head and len(head) < _PROLOGUE_LIMIT:
            more = raw.read(65536)
            if not more:
                break
            head += more
        _scan_prologue(head, path)
        self._head = self._declare_prefixes(head)
        self.head = head[:256]
        self.bytes_read = 0

    @staticmethod
    def _declare_prefixes(head: bytes) -> bytes:
        start = head.find(b"<rss")
        if start < 0:
            return head
        end = head.find(b">", start)
        if end < 0:
            return head
        tag = head[start:end]
        extra = b"".join(
            b" xmlns:" + prefix + b'="' + uri + b'"'
            for prefix, uri in _COMMON_PREFIXES.items()
            if b"xmlns:" + prefix + b"=" not in tag
        )
        if not extra:
            return head
        cut = end - 1 if head[end - 1 : end] == b"/" else end
        return head[:cut] + extra + head[cut:]

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data, self._head = self._head, b""
            self.bytes_read += len(data)
            return data
        data = self._raw.read(size if size and size > 0 else 1 << 20)
        self.bytes_read += len(data)
        return data


class WXRReader:
    """Iterate the records of one WXR file: Channel first, then authors, terms and items in
    file order. `position` is how many bytes have been read (for progress bars)."""

    def __init__(self, path: str | Path, spool: Spool | None = None, lazy: bool = False) -> None:
        self.path = str(path)
        self._lazy = lazy  # huge contents as LongText (wpcompat.wxr.spool)
        self.channel = Channel()
        self._source: _Source | None = None
        # Huge CDATA sections go to files (wpcompat.wxr.spool). A reader given a spool leaves
        # the markers in its records for the caller to expand (the reader process does, so
        # that a huge text never crosses the pipe); otherwise records come back whole.
        self._spool = spool

    @property
    def position(self) -> int:
        return self._source.bytes_read if self._source else 0

    def __iter__(self) -> Iterator[Record]:
        spool = self._spool or Spool(Path(tempfile.gettempdir()) / f"wpcompat-wxr-{secrets.token_hex(8)}")
        try:
            with open(self.path, "rb") as raw:
                self._source = _Source(raw, self.path)
                feed: Any = self._source
                if is_utf8(self._source.head):
                    feed = SpoolingSource(self._source, spool)
                for record in self._records(feed):
                    # Nothing spooled yet: no marker to put back (no walk of every field).
                    own = self._spool is None and spool.count > 0
                    yield unspool(record, spool, lazy=self._lazy) if own else record
        except OSError as error:
            raise WXRError(self.path, 0, 0, f"cannot read the file: {error.strerror or error}") from None
        finally:
            if self._spool is None:
                cleanup(spool)

    def _check(self, context: Any) -> None:
        log = context.error_log
        if len(log) == self._errors_seen:
            return
        self._errors_seen = len(log)
        entry = _first_error(log)
        if entry is not None:
            raise WXRError(
                self.path, entry.line, entry.column, f"not well-formed XML: {entry.message.strip()}"
            )

    def _records(self, feed: Any) -> Iterator[Record]:
        self._errors_seen = 0
        context = etree.iterparse(
            feed,
            events=("end",),
            tag=_WANTED_TAGS,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=True,
            remove_comments=True,
            remove_pis=True,
            strip_cdata=True,
            # Recovery only so that a namespace URI libxml2 dislikes (non-ASCII) is not fatal,
            # as it is not to other XML parsers; every real error is still raised by _check.
            recover=True,
        )
        channel_sent = False
        try:
            for _event, elem in context:
                self._check(context)
                parent = elem.getparent()
                if parent is None or _kind(parent.tag) != ("", "channel"):
                    continue
                kind, local = _kind(elem.tag)
                record: Record | None = None
                if kind == "" and local == "item":
                    record = _item(elem)
                elif kind == "wp" and local == "author":
                    record = _author(elem)
                elif kind == "wp" and local in _TERM_FIELDS:
                    record = _term(elem, local)
                elif (kind, local) in _CHANNEL_TEXT:
                    setattr(self.channel, _CHANNEL_TEXT[(kind, local)], _text(elem).strip())
                elem.clear()
                # Drop what came before, so the tree never grows with the file.
                while elem.getprevious() is not None:
                    del parent[0]
                if record is not None:
                    if not channel_sent:
                        channel_sent = True
                        yield self.channel
                    yield record
        except etree.XMLSyntaxError as error:
            line, column = error.position if error.position else (error.lineno or 0, error.offset or 0)
            message = re.sub(r", line \d+, column \d+$", "", error.msg or str(error))
            raise WXRError(self.path, line or 0, column or 0, f"not well-formed XML: {message}") from None
        self._check(context)
        root = context.root
        channel = None if root is None else next((c for c in root if _kind(c.tag) == ("", "channel")), None)
        if root is None or _kind(root.tag) != ("", "rss") or (channel is None and not channel_sent):
            name = _kind(root.tag)[1] if root is not None else "?"
            raise WXRError(self.path, 1, 1, f"not a WXR file: no <rss><channel> (root element <{name}>)")
        if not channel_sent:
            yield self.channel


_TOLERATED = frozenset({"WAR_NS_URI", "WAR_NS_URI_RELATIVE"})


def _first_error(log: Any) -> Any:
    for entry in log:
        if entry.type_name not in _TOLERATED:
            return entry
    return None


def read_wxr(path: str | Path) -> Iterator[Record]:
    return iter(WXRReader(path))
