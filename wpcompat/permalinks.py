"""WordPress's public URLs: get_permalink (posts, pages, attachments), term and author links.

Two layers:

* pure functions (`Permastructs`, `post_link_from`, `term_link_from`, `author_link`) that build a
  URL from the rows they are given, exactly as link-template.php and WP_Rewrite do;
* `Links`, which loads what those need (parent pages, categories, authors) for a whole batch of
  posts in a few queries, memoised in the request cache, then answers synchronously.

Usage from a resource: ``links = Links.of(req)``; ``await links.prepare(rows)``;
``links.permalink(row)``; ``await links.term_link(term_id, "category")``;
``links.author_link(user_id, nicename)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from wpcompat.storage.comments import older_top_level_count
from wpcompat.storage.posts import post_columns_by_id
from wpcompat.storage.terms import category_tree, post_category_ids, term_slug
from wpcompat.storage.users import nicenames

if TYPE_CHECKING:
    from wpcompat.site import Site
    from wpcompat.storage import Storage

Row = Mapping[str, Any]

# Statuses whose posts get a pretty link for everyone (is_post_status_viewable).
_VIEWABLE_STATUSES = frozenset({"publish"})
# The columns a permalink needs: enough to follow parents without loading content.
LINK_COLUMNS = ("ID", "post_type", "post_status", "post_name", "post_date", "post_parent", "post_author")
_REWRITE_CODES = (
    "%year%", "%monthnum%", "%day%", "%hour%", "%minute%", "%second%",
    "%postname%", "%post_id%", "%category%", "%author%", "%pagename%",
)


# ---------------------------------------------------------------- permastructs


@dataclass(frozen=True)
class Permastructs:
    """WP_Rewrite's structures for one site's options."""

    home: str
    structure: str
    category_base: str = ""
    tag_base: str = ""
    show_on_front: str = "posts"
    page_on_front: int = 0
    default_category: int = 1

    @classmethod
    def of(cls, site: Site) -> Permastructs:
        return cls(
            home=site.home,
            structure=site.option("permalink_structure"),
            category_base=site.option("category_base"),
            tag_base=site.option("tag_base"),
            show_on_front=site.option("show_on_front", "posts"),
            page_on_front=site.option_int("page_on_front"),
            default_category=site.option_int("default_category", 1),
        )

    @property
    def pretty(self) -> bool:
        return bool(self.structure)

    @property
    def using_index(self) -> bool:
        # PATHINFO permalinks (`/index.php/%postname%/`): every structure lives under index.php/.
        return bool(re.match(r"^/*index\.php", self.structure))

    @property
    def front(self) -> str:
        pos = self.structure.find("%")
        return self.structure[:pos] if pos >= 0 else self.structure

    @property
    def root(self) -> str:
        return "index.php/" if self.using_index else ""

    def home_url(self, path: str = "") -> str:
        """home_url(): the home URL, then `/` and the path without its leading slashes."""
        if not path:
            return self.home
        return self.home + "/" + path.lstrip("/")

    def trailingslash(self, url: str) -> str:
        """user_trailingslashit(): follow the permalink structure's final slash."""
        if self.structure.endswith("/"):
            return url.rstrip("/") + "/"
        return url.rstrip("/")

    def extra_struct(self, taxonomy: str) -> str | None:
        """The permastruct of a taxonomy's archive (None without pretty permalinks)."""
        if not self.pretty:
            return None
        if taxonomy == "category":
            base, default = self.category_base, "category"
        elif taxonomy == "post_tag":
            base, default = self.tag_base, "tag"
        elif taxonomy == "post_format":
            base, default = "", "type"
        else:
            base, default = "", taxonomy
        slug = base or default
        with_front = not base or self.using_index
        struct = f"{slug}/%{taxonomy}%"
        return (self.front if with_front else self.root) + struct

    def author_struct(self) -> str | None:
        return self.front + "author/%author%" if self.pretty else None


# ---------------------------------------------------------------- pure builders


def post_status_for_link(post: Row, parent: Row | None) -> str:
    """get_post_status(): attachments take their parent's status (or publish)."""
    status = str(post.get("post_status") or "")
    if post.get("post_type") != "attachment":
        return status
    if status == "inherit":
        parent_id = int(post.get("post_parent") or 0)
        if not parent_id or parent is None or parent_id == int(post["ID"]):
            return "publish"
        parent_status = str(parent.get("post_status") or "")
        # A trashed parent's original status lives in its meta; publish is WordPress's fallback.
        return "publish" if parent_status == "trash" else parent_status
    if status not in ("private", "trash", "auto-draft"):
        return "publish"
    return status


def force_plain(status: str, *, private_readable: bool = False, sample: bool = False) -> bool:
    """wp_force_plain_post_permalink(): only viewable posts (or readable private ones) are pretty."""
    if status in _VIEWABLE_STATUSES:
        return False
    if status == "private" and private_readable:
        return False
    return not (sample and status in ("future", "draft", "pending"))


def page_uri(page: Row, ancestors: Iterable[Row]) -> str:
    """get_page_uri(): the page's slug under its ancestors' slugs (nearest ancestor last)."""
    uri = str(page.get("post_name") or "")
    for ancestor in ancestors:
        name = ancestor.get("post_name")
        if name:
            uri = f"{name}/{uri}"
    return uri


def _post_struct_link(ps: Permastructs, post: Row, category: str, author: str, leavename: bool) -> str:
    date = re.split(r"[-: ]", str(post.get("post_date") or "0000-00-00 00:00:00"))
    date += ["00"] * (6 - len(date))
    name = str(post.get("post_name") or "")
    replace = [
        date[0], date[1], date[2], date[3], date[4], date[5],
        "%postname%" if leavename else name, str(post["ID"]), category, author,
        "%pagename%" if leavename else name,
    ]
    path = ps.structure
    for code, value in zip(_REWRITE_CODES, replace, strict=True):
        path = path.replace(code, value)
    return ps.trailingslash(ps.home_url(path))


def plain_post_link(ps: Permastructs, post: Row) -> str:
    return ps.home_url("?p=" + str(post["ID"]))


@dataclass
class LinkFacts:
    """What building one post's link may need beyond the post row."""

    ancestors: list[Row]  # for pages: parent first, then grandparent …
    parent: Row | None = None  # an attachment's parent post
    parent_link: str = ""  # the parent's own link (attachments)
    category_path: str = ""  # `%category%`: `parent/child` of the post's first category
    author_nicename: str = ""
    private_readable: bool = False


def post_link_from(ps: Permastructs, post: Row, facts: LinkFacts, *, leavename: bool = False,
                   sample: bool = False) -> str:
    """get_permalink() of a post, page or attachment, from its row and `facts`."""
    post_type = post.get("post_type")
    status = post_status_for_link(post, facts.parent)
    plain = force_plain(status, private_readable=facts.private_readable, sample=sample)
    if post_type == "page":
        if ps.show_on_front == "page" and int(post["ID"]) == ps.page_on_front:
            return ps.home_url("/")
        return _page_link(ps, post, facts, plain, leavename, sample)
    if post_type == "attachment":
        return _attachment_link(ps, post, facts, plain, leavename)
    if ps.pretty and not plain:
        return _post_struct_link(ps, post, facts.category_path, facts.author_nicename, leavename)
    return plain_post_link(ps, post)


def _page_link(ps: Permastructs, post: Row, facts: LinkFacts, plain: bool, leavename: bool,
               sample: bool) -> str:
    """_get_page_link(): `%pagename%` = the page's path; plain `?page_id=`."""
    if ps.pretty and (not plain or sample):
        struct = ps.root + "%pagename%"
        if not leavename:
            struct = struct.replace("%pagename%", page_uri(post, facts.ancestors))
        return ps.trailingslash(ps.home_url(struct))
    return ps.home_url("?page_id=" + str(post["ID"]))


def _attachment_link(ps: Permastructs, post: Row, facts: LinkFacts, plain: bool, leavename: bool) -> str:
    """get_attachment_link(): under the parent's link, at the root, or `?attachment_id=`."""
    post_id = int(post["ID"])
    parent_id = int(post.get("post_parent") or 0)
    parent = facts.parent
    parent_valid = not (
        # A revision (or other non-viewable type) as parent makes the attachment stand alone.
        parent_id and (parent_id == post_id or parent is None
                       or parent.get("post_type") not in ("post", "page", "attachment"))
    )
    link = ""
    name = str(post.get("post_name") or "")
    if plain or not parent_valid:
        link = ""
    elif ps.pretty and parent is not None:
        if name.isdigit() or "%category%" in ps.structure:
            name = "attachment/" + name
        if "?" not in facts.parent_link:
            link = ps.trailingslash(facts.parent_link.rstrip("/") + "/%postname%")
            if not leavename:
                link = link.replace("%postname%", name)
    elif ps.pretty and not leavename:
        link = ps.home_url(ps.trailingslash(name))
    return link or ps.home_url("/?attachment_id=" + str(post_id))


def term_link_from(ps: Permastructs, taxonomy: str, term_id: int, slug: str,
                   ancestor_slugs: Iterable[str] = ()) -> str:
    """get_term_link(). `ancestor_slugs`: the hierarchical term's ancestors, root first."""
    struct = ps.extra_struct(taxonomy)
    if struct is None:
        if taxonomy == "category":
            return ps.home_url("?cat=" + str(term_id))
        if taxonomy == "post_tag":
            return ps.home_url("?tag=" + slug)
        if taxonomy == "post_format":
            return ps.home_url("?post_format=" + slug.removeprefix("post-format-"))
        return ps.home_url(f"?taxonomy={taxonomy}&term={slug}")
    if taxonomy == "post_format":
        slug = slug.removeprefix("post-format-")
    path = "/".join([*ancestor_slugs, slug]) if taxonomy == "category" else slug
    return ps.home_url(ps.trailingslash(struct.replace(f"%{taxonomy}%", path)))


def author_link(ps: Permastructs, user_id: int, nicename: str) -> str:
    """get_author_posts_url()."""
    struct = ps.author_struct()
    if struct is None:
        return ps.home_url("/") + "?author=" + str(user_id)
    return ps.home_url(ps.trailingslash(struct.replace("%author%", nicename)))


# ---------------------------------------------------------------- loading what links need


class RequestState(Protocol):
    """What a request shares with its links: the site, its storage, and the per-request memo
    (a RestRequest is one; so is anything else that serves one request)."""

    site: Site
    storage: Storage
    cache: dict[Any, Any]


class Links:
    """Permalinks for a request: batch-loads parents, categories and authors, memoised.

    The memo lives in the request cache, so embedded sub-requests reuse it.
    """

    _CACHE_KEY = "permalinks.links"

    def __init__(self, site: Site, storage: Storage, cache: dict[Any, Any],
                 private_readable: Callable[[Row], bool] | None = None) -> None:
        self.ps = Permastructs.of(site)
        self.site = site
        self.storage = storage
        self.private_readable = private_readable or (lambda row: False)
        self.posts: dict[int, Row | None] = cache.setdefault("permalinks.posts", {})
        self.categories_of: dict[int, list[int]] = cache.setdefault("permalinks.post_categories", {})
        self.nicenames: dict[int, str] = cache.setdefault("permalinks.nicenames", {})
        self.terms: dict[int, tuple[str, int, str]] = cache.setdefault("permalinks.terms", {})
        self.cache = cache

    @classmethod
    def of(cls, req: RequestState, private_readable: Callable[[Row], bool] | None = None) -> Links:
        """The request's instance, kept in its memo."""
        links = req.cache.get(cls._CACHE_KEY)
        if links is None:
            links = cls(req.site, req.storage, req.cache, private_readable)
            req.cache[cls._CACHE_KEY] = links
        elif private_readable is not None:
            links.private_readable = private_readable
        return links

    # -- loading
    async def post(self, post_id: int) -> Row | None:
        """The post's link columns (None for no such post), its links prepared."""
        if post_id not in self.posts:
            await self._load_posts({post_id})
        post = self.posts.get(post_id)
        if post is not None:
            await self.prepare([post])
        return post

    async def prepare(self, posts: Iterable[Row]) -> None:
        """Load what the links of `posts` need, in a handful of queries whatever their number."""
        rows = [p for p in posts if p is not None]
        for row in rows:
            self.posts.setdefault(int(row["ID"]), row)
        # Parents of pages (all the way up) and of attachments (and the attachments' parents'
        # own needs, e.g. a page's ancestors).
        wanted = {int(r.get("post_parent") or 0) for r in rows if r.get("post_type") in ("page", "attachment")}
        seen: set[int] = set()
        while True:
            missing = {i for i in wanted if i and i not in self.posts and i not in seen}
            if not missing:
                break
            seen |= missing
            await self._load_posts(missing)
            wanted = {
                int(self.posts[i].get("post_parent") or 0)  # type: ignore[union-attr]
                for i in missing if self.posts.get(i) is not None
            }
        everything = rows + [self.posts[int(r.get("post_parent") or 0)] for r in rows
                             if r.get("post_type") == "attachment" and self.posts.get(int(r.get("post_parent") or 0))]
        if not self.ps.pretty:
            return
        if "%category%" in self.ps.structure:
            await self._load_categories([int(r["ID"]) for r in everything if r.get("post_type") == "post"])
        if "%author%" in self.ps.structure:
            await self._load_nicenames({int(r.get("post_author") or 0) for r in everything})

    async def _load_posts(self, ids: set[int]) -> None:
        self.posts.update(await post_columns_by_id(self.storage, ids, LINK_COLUMNS))
        for i in ids:
            self.posts.setdefault(i, None)

    async def _load_categories(self, post_ids: list[int]) -> None:
        missing = [i for i in post_ids if i not in self.categories_of]
        if not missing:
            return
        for i in missing:
            self.categories_of[i] = []
        for post_id, term_id in await post_category_ids(self.storage, missing):
            self.categories_of[post_id].append(term_id)
        await self.load_category_tree()

    async def load_category_tree(self) -> None:
        """Every category's slug and parent (few per site; ancestors need the whole tree)."""
        if self.cache.get("permalinks.categories_loaded"):
            return
        for term_id, slug, parent in await category_tree(self.storage):
            self.terms[term_id] = (slug, parent, "category")
        self.cache["permalinks.categories_loaded"] = True

    async def _load_nicenames(self, user_ids: set[int]) -> None:
        missing = sorted(i for i in user_ids if i and i not in self.nicenames)
        if not missing:
            return
        self.nicenames.update(await nicenames(self.storage, missing))

    # -- answers
    def category_ancestors(self, term_id: int) -> list[str]:
        """Slugs of a category's ancestors, root first (get_ancestors, reversed)."""
        out: list[str] = []
        seen = {term_id}
        parent = self.terms.get(term_id, ("", 0, ""))[1]
        while parent and parent not in seen and parent in self.terms:
            seen.add(parent)
            slug, next_parent, _ = self.terms[parent]
            out.append(slug)
            parent = next_parent
        return list(reversed(out))

    def _category_path(self, post_id: int) -> str:
        cats = sorted(self.categories_of.get(post_id, []))
        term_id = next((c for c in cats if c in self.terms), 0)
        if not term_id:
            default = self.terms.get(self.ps.default_category)
            return default[0] if default else ""
        return "/".join([*self.category_ancestors(term_id), self.terms[term_id][0]])

    def facts(self, post: Row) -> LinkFacts:
        post_id = int(post["ID"])
        ancestors: list[Row] = []
        parent_id = int(post.get("post_parent") or 0)
        if post.get("post_type") == "page":
            seen = {post_id}
            while parent_id and parent_id not in seen:
                seen.add(parent_id)
                parent_row = self.posts.get(parent_id)
                if parent_row is None:
                    break
                ancestors.append(parent_row)
                parent_id = int(parent_row.get("post_parent") or 0)
        facts = LinkFacts(ancestors=ancestors, private_readable=self.private_readable(post))
        if post.get("post_type") == "attachment" and parent_id:
            facts.parent = self.posts.get(parent_id)
            if facts.parent is not None and parent_id != post_id:
                if facts.parent.get("post_type") == "page":
                    # Attachments ignore page_on_front: they use _get_page_link.
                    parent_facts = self.facts(facts.parent)
                    status = post_status_for_link(facts.parent, None)
                    plain = force_plain(status, private_readable=parent_facts.private_readable)
                    facts.parent_link = _page_link(self.ps, facts.parent, parent_facts, plain, False, False)
                else:
                    facts.parent_link = self.permalink(facts.parent)
        if post.get("post_type") == "post":
            facts.category_path = self._category_path(post_id) if "%category%" in self.ps.structure else ""
            facts.author_nicename = self.nicenames.get(int(post.get("post_author") or 0), "")
        return facts

    def permalink(self, post: Row, *, leavename: bool = False, sample: bool = False) -> str:
        """get_permalink(); call `prepare` first for the rows concerned."""
        return post_link_from(self.ps, post, self.facts(post), leavename=leavename, sample=sample)

    async def permalink_of(self, post: Row) -> str:
        await self.prepare([post])
        return self.permalink(post)

    async def term_link(self, term_id: int, taxonomy: str, slug: str | None = None) -> str:
        """get_term_link() for a category, tag, post format or other taxonomy term."""
        if taxonomy == "category":
            await self.load_category_tree()
            if slug is None:
                slug = self.terms.get(term_id, ("", 0, ""))[0]
            return term_link_from(self.ps, taxonomy, term_id, slug, self.category_ancestors(term_id))
        if slug is None:
            slug = await term_slug(self.storage, term_id)
        return term_link_from(self.ps, taxonomy, term_id, slug)

    def author_link(self, user_id: int, nicename: str) -> str:
        return author_link(self.ps, user_id, nicename)

    def comment_link(self, post: Row | None, comment_id: int, cpage: int | None) -> str:
        """get_comment_link(): the post's permalink, the comment page if paged (`cpage`, from
        page_of_comment()), then `#comment-ID`. The post's links must be prepared."""
        ps = self.ps
        # get_permalink() of a missing post is false, which PHP's string functions read as "".
        link = self.permalink(post) if post is not None else ""
        site = self.site
        if site.option_bool("page_comments"):
            if cpage == 1 and site.option("default_comments_page") == "oldest":
                cpage = None
            if cpage:
                if ps.pretty:
                    link = ps.trailingslash(link.rstrip("/") + "/" + f"comment-page-{cpage}")
                else:
                    link += ("&" if "?" in link else "?") + f"cpage={cpage}"
        if ps.pretty:
            # user_trailingslashit() even on a plain `?p=ID` link (drafts): WordPress writes `?p=ID/`.
            link = ps.trailingslash(link)
        return f"{link}#comment-{comment_id}"


async def page_of_comment(
    site: Site,
    storage: Storage,
    comment: Row,
    viewer_id: int | None,
    parent_of: Callable[[int], Awaitable[Row | None]],
    memo: dict[int, int | None],
) -> int | None:
    """get_page_of_comment() with the comments_per_page option (only used with page_comments).
    `parent_of` loads a comment by ID; `memo` keeps the pages found, by comment ID."""
    comment_id = int(comment["comment_ID"])
    if comment_id in memo:
        return memo[comment_id]
    per_page = site.option_int("comments_per_page")
    max_depth = site.option_int("thread_comments_depth") if site.option_bool("thread_comments") else -1
    page: int | None
    if per_page < 1:
        page = 1
    elif max_depth > 1 and int(comment["comment_parent"] or 0):
        # Threaded: a reply is on its top-level ancestor's page.
        parent = await parent_of(int(comment["comment_parent"]))
        page = None if parent is None else await page_of_comment(site, storage, parent, viewer_id, parent_of, memo)
    else:
        own: list[int | str] = [viewer_id] if viewer_id is not None else []
        older = await older_top_level_count(storage, comment, own)
        page = 1 if older == 0 else math.ceil((older + 1) / per_page)
    memo[comment_id] = page
    return page


def comment_link(post_link: str, comment_id: int) -> str:
    """get_comment_link() without comment paging: the post's link and the comment's anchor."""
    return f"{post_link}#comment-{comment_id}"
