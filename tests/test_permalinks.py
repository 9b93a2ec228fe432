"""get_permalink, term and author links, as link-template.php builds them."""

from __future__ import annotations

from typing import Any

from wpcompat.permalinks import (
    LinkFacts,
    Links,
    Permastructs,
    author_link,
    post_link_from,
    term_link_from,
)
from wpcompat.storage import Storage

HOME = "http://example.test"
DAY_NAME = "/%year%/%monthnum%/%day%/%postname%/"


def ps(structure: str = DAY_NAME, **kw: Any) -> Permastructs:
    return Permastructs(home=HOME, structure=structure, **kw)


def post(**kw: Any) -> dict[str, Any]:
    row = {"ID": 8, "post_type": "post", "post_status": "publish", "post_name": "hello",
           "post_date": "2019-06-21 09:15:07", "post_parent": 0, "post_author": 1}
    row.update(kw)
    return row


def link(p: Permastructs, row: dict[str, Any], **facts: Any) -> str:
    return post_link_from(p, row, LinkFacts(ancestors=facts.pop("ancestors", []), **facts))


def test_post_structures() -> None:
    assert link(ps(), post()) == f"{HOME}/2019/06/21/hello/"
    assert link(ps("/%year%/%monthnum%/%day%/%hour%/%minute%/%second%/%post_id%"), post()) == (
        f"{HOME}/2019/06/21/09/15/07/8"
    )
    assert link(ps("/%category%/%postname%/"), post(), category_path="ess/coop") == f"{HOME}/ess/coop/hello/"
    assert link(ps("/%author%/%postname%.html"), post(), author_nicename="jdupont") == (
        f"{HOME}/jdupont/hello.html"
    )
    assert link(ps("/index.php/%postname%/"), post()) == f"{HOME}/index.php/hello/"


def test_plain_and_unpublished_posts() -> None:
    assert link(ps(""), post()) == f"{HOME}/?p=8"
    for status in ("draft", "pending", "future", "trash", "auto-draft"):
        assert link(ps(), post(post_status=status)) == f"{HOME}/?p=8"
    # A private post is pretty only for someone who may read it.
    assert link(ps(), post(post_status="private")) == f"{HOME}/?p=8"
    assert link(ps(), post(post_status="private"), private_readable=True) == f"{HOME}/2019/06/21/hello/"


def test_sample_permalink_keeps_the_postname_tag() -> None:
    row = post(post_status="draft", post_name="")
    assert post_link_from(ps(), row, LinkFacts([]), leavename=True, sample=True) == (
        f"{HOME}/2019/06/21/%postname%/"
    )


def test_pages() -> None:
    about = post(ID=22, post_type="page", post_name="about")
    team = post(ID=23, post_type="page", post_name="team", post_parent=22)
    assert link(ps(), about) == f"{HOME}/about/"
    assert link(ps(), team, ancestors=[about]) == f"{HOME}/about/team/"
    assert link(ps("/%postname%"), team, ancestors=[about]) == f"{HOME}/about/team"
    assert link(ps(""), team) == f"{HOME}/?page_id=23"
    assert link(ps(), post(ID=3, post_type="page", post_status="draft")) == f"{HOME}/?page_id=3"
    front = ps(show_on_front="page", page_on_front=22)
    assert link(front, about) == f"{HOME}/"


def test_attachments() -> None:
    parent = post(ID=7, post_name="scop")
    media = post(ID=24, post_type="attachment", post_status="inherit", post_name="logo", post_parent=7)
    parent_link = f"{HOME}/2019/06/21/scop/"
    assert link(ps(), media, parent=parent, parent_link=parent_link) == f"{HOME}/2019/06/21/scop/logo/"
    # Numeric names and %category% structures use the explicit attachment/ marker.
    numeric = {**media, "post_name": "2024"}
    assert link(ps(), numeric, parent=parent, parent_link=parent_link) == f"{HOME}/2019/06/21/scop/attachment/2024/"
    alone = {**media, "post_parent": 0}
    assert link(ps(), alone) == f"{HOME}/logo/"
    assert link(ps(""), alone) == f"{HOME}/?attachment_id=24"
    # A draft parent makes the attachment's status draft: plain link.
    draft_parent = {**parent, "post_status": "draft"}
    assert link(ps(), media, parent=draft_parent, parent_link=f"{HOME}/?p=7") == f"{HOME}/?attachment_id=24"


def test_term_links() -> None:
    assert term_link_from(ps(), "category", 3, "coop", ["ess"]) == f"{HOME}/category/ess/coop/"
    assert term_link_from(ps(), "post_tag", 5, "scop") == f"{HOME}/tag/scop/"
    assert term_link_from(ps(category_base="/topics"), "category", 3, "coop") == f"{HOME}/topics/coop/"
    assert term_link_from(ps(tag_base="mots"), "post_tag", 5, "scop") == f"{HOME}/mots/scop/"
    assert term_link_from(ps("/blog/%postname%/"), "category", 3, "coop") == f"{HOME}/blog/category/coop/"
    assert term_link_from(ps(""), "category", 3, "coop") == f"{HOME}/?cat=3"
    assert term_link_from(ps(""), "post_tag", 5, "scop") == f"{HOME}/?tag=scop"
    assert term_link_from(ps(), "post_format", 9, "post-format-aside") == f"{HOME}/type/aside/"
    assert term_link_from(ps(""), "post_format", 9, "post-format-aside") == f"{HOME}/?post_format=aside"


def test_author_links() -> None:
    assert author_link(ps(), 2, "jdupont") == f"{HOME}/author/jdupont/"
    assert author_link(ps("/blog/%postname%"), 2, "jdupont") == f"{HOME}/blog/author/jdupont"
    assert author_link(ps(""), 2, "jdupont") == f"{HOME}/?author=2"


class _Req:
    def __init__(self, site: Any, storage: Storage) -> None:
        self.site = site
        self.storage = storage
        self.cache: dict[Any, Any] = {}


async def test_links_loads_parents_categories_and_authors(storage: Storage, settings: Any) -> None:
    from wpcompat.site import load_site

    t = storage.tables
    db = storage.db
    await db.execute(t.options.update().where(t.options.c.option_name == "permalink_structure")
                     .values(option_value="/%category%/%author%/%postname%/"))
    await db.execute(t.users.insert().values(ID=2, user_login="jd", user_nicename="jdupont"))
    for term_id, slug, parent in ((2, "ess", 0), (3, "coop", 2)):
        await db.execute(t.terms.insert().values(term_id=term_id, name=slug, slug=slug))
        await db.execute(t.term_taxonomy.insert().values(term_taxonomy_id=term_id, term_id=term_id,
                                                         taxonomy="category", parent=parent))
    await db.execute(t.term_relationships.insert().values(object_id=8, term_taxonomy_id=3))
    rows = [
        post(ID=8, post_author=2),
        post(ID=22, post_type="page", post_name="about"),
        post(ID=23, post_type="page", post_name="team", post_parent=22),
        post(ID=24, post_type="attachment", post_status="inherit", post_name="logo", post_parent=8),
    ]
    for row in rows:
        await db.execute(t.posts.insert().values(**row))
    site = await load_site(storage, settings)
    req = _Req(site, storage)
    links = Links.of(req)
    await links.prepare([rows[1 + 2], rows[2]])  # the attachment and the child page
    assert links.permalink(rows[2]) == f"{HOME}/about/team/"
    assert links.permalink(rows[3]) == f"{HOME}/ess/coop/jdupont/hello/attachment/logo/"
    assert await links.term_link(3, "category") == f"{HOME}/category/ess/coop/"
    assert await links.term_link(3, "category", "coop") == f"{HOME}/category/ess/coop/"
    assert Links.of(req) is links
