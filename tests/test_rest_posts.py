"""/wp/v2/posts, pages and media through the whole app, compared with WordPress 6.1's exact JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import site_db_url
from tests.posts_site import API, HOME, Site, make_site

CURIES = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = Path(tmp_path_factory.mktemp("posts")) / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def get(client: TestClient, site: Site, path: str, who: str | None = None, **params: Any) -> Any:
    return client.get(f"/wp-json{path}", params=params, headers=site.auth(who))


def post_links(post_id: int, *, revisions: int = 0, latest: int = 0, featured: int = 0) -> dict[str, Any]:
    links: dict[str, Any] = {
        "self": [{"href": f"{API}/wp/v2/posts/{post_id}"}],
        "collection": [{"href": f"{API}/wp/v2/posts"}],
        "about": [{"href": f"{API}/wp/v2/types/post"}],
        "author": [{"embeddable": True, "href": f"{API}/wp/v2/users/1"}],
        "replies": [{"embeddable": True, "href": f"{API}/wp/v2/comments?post={post_id}"}],
        "version-history": [{"count": revisions, "href": f"{API}/wp/v2/posts/{post_id}/revisions"}],
    }
    if revisions:
        links["predecessor-version"] = [{"id": latest, "href": f"{API}/wp/v2/posts/{post_id}/revisions/{latest}"}]
    if featured:
        links["wp:featuredmedia"] = [{"embeddable": True, "href": f"{API}/wp/v2/media/{featured}"}]
    links["wp:attachment"] = [{"href": f"{API}/wp/v2/media?parent={post_id}"}]
    links["wp:term"] = [
        {"taxonomy": "category", "embeddable": True, "href": f"{API}/wp/v2/categories?post={post_id}"},
        {"taxonomy": "post_tag", "embeddable": True, "href": f"{API}/wp/v2/tags?post={post_id}"},
    ]
    links["curies"] = CURIES
    return links


def test_single_post_view(client: TestClient, site: Site) -> None:
    r = get(client, site, "/wp/v2/posts/2")
    assert r.status_code == 200
    assert r.headers["Link"] == f'<{HOME}/2021/03/04/les-scop-en-2021/>; rel="alternate"; type=text/html'
    assert r.headers["Allow"] == "GET"
    assert r.json() == {
        "id": 2,
        "date": "2021-03-04T14:30:00",
        "date_gmt": "2021-03-04T13:30:00",
        "guid": {"rendered": f"{HOME}/?p=2"},
        "modified": "2021-03-04T14:30:00",
        "modified_gmt": "2021-03-04T13:30:00",
        "slug": "les-scop-en-2021",
        "status": "publish",
        "type": "post",
        "link": f"{HOME}/2021/03/04/les-scop-en-2021/",
        "title": {"rendered": "Les SCOP en 2021"},
        "content": {"rendered": "<p>Les coopératives progressent.</p>\n", "protected": False},
        "excerpt": {"rendered": "<p>Les coopératives progressent.</p>\n", "protected": False},
        "author": 1,
        "featured_media": 12,
        "comment_status": "open",
        "ping_status": "open",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": [],
        "categories": [3],
        "tags": [5],
        "_links": post_links(2, revisions=2, latest=14, featured=12),
    }


def test_list_headers_and_keys(client: TestClient, site: Site) -> None:
    r = get(client, site, "/wp/v2/posts", per_page=2, page=2)
    assert r.headers["X-WP-Total"] == "5"
    assert r.headers["X-WP-TotalPages"] == "3"
    assert r.headers["Link"] == (
        f'<{API}/wp/v2/posts?per_page=2&page=1>; rel="prev", <{API}/wp/v2/posts?per_page=2&page=3>; rel="next"'
    )
    assert [p["id"] for p in r.json()] == [5, 3]
    # Sanitized values come back in the links, as WordPress writes them.
    r = get(client, site, "/wp/v2/posts", per_page=1, exclude="4,2", sticky="false")
    assert r.headers["Link"] == f'<{API}/wp/v2/posts?per_page=1&exclude%5B0%5D=4&exclude%5B1%5D=2&sticky&page=2>; rel="next"'


def test_edit_context_fields(client: TestClient, site: Site) -> None:
    r = get(client, site, "/wp/v2/posts/8", "admin", context="edit")
    data = r.json()
    assert list(data)[:12] == ["id", "date", "date_gmt", "guid", "modified", "modified_gmt", "password", "slug",
                               "status", "type", "link", "title"]
    assert data["date_gmt"] == "2022-05-05T10:00:00"  # a draft's GMT date comes from its local one
    assert data["slug"] == "" and data["link"] == f"{HOME}/?p=8"
    assert data["title"] == {"raw": "Brouillon auteur", "rendered": "Brouillon auteur"}
    assert data["content"] == {"raw": "Premier jet.", "rendered": "<p>Premier jet.</p>\n", "protected": False,
                               "block_version": 0}
    assert data["permalink_template"] == f"{HOME}/2022/05/05/%postname%/"
    assert data["generated_slug"] == "brouillon-auteur"
    assert [k for k in data["_links"] if k.startswith("wp:action")] == [
        "wp:action-publish", "wp:action-unfiltered-html", "wp:action-sticky", "wp:action-assign-author",
        "wp:action-create-categories", "wp:action-assign-categories", "wp:action-create-tags",
        "wp:action-assign-tags",
    ]


def test_embed_context_and_fields(client: TestClient, site: Site) -> None:
    data = get(client, site, "/wp/v2/posts/4", context="embed").json()
    assert list(data) == ["id", "date", "slug", "type", "link", "title", "excerpt", "author", "featured_media",
                          "_links"]
    assert data["excerpt"] == {"rendered": "<p>Le programme.</p>\n", "protected": False}
    data = get(client, site, "/wp/v2/posts/4", _fields="title.rendered,format").json()
    assert data == {"title": {"rendered": "Rencontres coopératives"}, "format": "aside"}


def test_password_protected(client: TestClient, site: Site) -> None:
    data = get(client, site, "/wp/v2/posts/5").json()
    assert data["title"] == {"rendered": "Compte rendu"}  # no "Protected: " in REST
    assert data["content"] == {"rendered": "", "protected": True}
    assert data["excerpt"] == {"rendered": "", "protected": True}
    data = get(client, site, "/wp/v2/posts/5", password="sesame").json()
    assert data["content"] == {"rendered": "<p>Secret SCOP.</p>\n", "protected": True}
    r = get(client, site, "/wp/v2/posts/5", password="wrong")
    assert r.status_code == 403
    assert r.json() == {"code": "rest_post_incorrect_password", "message": "Incorrect post password.",
                        "data": {"status": 403}}


def test_private_title_keeps_its_prefix_in_61(client: TestClient, site: Site) -> None:
    data = get(client, site, "/wp/v2/posts/6", "admin").json()
    assert data["title"] == {"rendered": "Private: Notes internes"}


def test_pages(client: TestClient, site: Site) -> None:
    r = get(client, site, "/wp/v2/pages/11")
    data = r.json()
    assert r.headers["Link"] == f'<{HOME}/a-propos/lequipe/>; rel="alternate"; type=text/html'
    assert data["title"] == {"rendered": "L&#8217;équipe"}
    assert (data["parent"], data["menu_order"], data["comment_status"]) == (10, 2, "closed")
    assert list(data)[13:18] == ["author", "featured_media", "parent", "menu_order", "comment_status"]
    assert "sticky" not in data and "format" not in data and "categories" not in data
    assert data["_links"]["up"] == [{"embeddable": True, "href": f"{API}/wp/v2/pages/10"}]
    assert "wp:term" not in data["_links"]
    edit = get(client, site, "/wp/v2/pages/11", "admin", context="edit").json()
    assert edit["permalink_template"] == f"{HOME}/a-propos/%pagename%/"
    assert edit["generated_slug"] == "lequipe"
    assert [p["id"] for p in get(client, site, "/wp/v2/pages", parent=10).json()] == [11]


def test_media(client: TestClient, site: Site) -> None:
    r = get(client, site, "/wp/v2/media/12")
    data = r.json()
    assert r.headers["Link"] == f'<{HOME}/2021/03/04/les-scop-en-2021/logo/>; rel="alternate"; type=text/html'
    assert list(data) == [
        "id", "date", "date_gmt", "guid", "modified", "modified_gmt", "slug", "status", "type", "link", "title",
        "author", "comment_status", "ping_status", "template", "meta", "description", "caption", "alt_text",
        "media_type", "mime_type", "media_details", "post", "source_url", "_links",
    ]
    assert data["source_url"] == f"{HOME}/wp-content/uploads/2021/03/logo.png"
    assert data["media_details"]["sizes"]["full"] == {
        "file": "logo.png", "width": 400, "height": 300, "mime_type": "image/png",
        "source_url": f"{HOME}/wp-content/uploads/2021/03/logo.png",
    }
    assert data["media_details"]["sizes"]["medium"]["mime_type"] == "image/png"
    assert data["description"]["rendered"].startswith(
        f"<p class=\"attachment\"><a href='{HOME}/wp-content/uploads/2021/03/logo.png'><img width=\"300\" "
        f"height=\"225\" src=\"{HOME}/wp-content/uploads/2021/03/logo-300x225.png\" class=\"attachment-medium "
        "size-medium\" alt=\"Un logo\" decoding=\"async\" loading=\"lazy\" srcset=\""
        f"{HOME}/wp-content/uploads/2021/03/logo-300x225.png 300w, {HOME}/wp-content/uploads/2021/03/logo.png "
        "400w\" sizes=\"(max-width: 300px) 100vw, 300px\" /></a></p>\n<p>Notre logo.</p>\n"
    )
    assert (data["alt_text"], data["media_type"], data["post"]) == ("Un logo", "image", 2)
    assert list(data["_links"]) == ["self", "collection", "about", "author", "replies"]
    assert [m["id"] for m in get(client, site, "/wp/v2/media", media_type="image").json()] == [12]
    assert get(client, site, "/wp/v2/media", mime_type="image/jpeg").json() == []


def test_revisions(client: TestClient, site: Site) -> None:
    r = get(client, site, "/wp/v2/posts/2/revisions", "admin")
    assert r.headers["X-WP-Total"] == "2"
    first = r.json()[0]
    assert first == {
        "author": 1, "date": "2021-03-06T08:00:00", "date_gmt": "2021-03-06T07:00:00", "id": 14,
        "modified": "2021-03-06T08:00:00", "modified_gmt": "2021-03-06T07:00:00", "parent": 2,
        "slug": "2-revision-v2", "guid": {"rendered": f"{HOME}/?p=14"}, "title": {"rendered": "Les SCOP en 2021"},
        "content": {"rendered": "<p>Deuxième version.</p>\n"}, "excerpt": {"rendered": ""},
        "_links": {"parent": [{"href": f"{API}/wp/v2/posts/2"}]},
    }
    assert get(client, site, "/wp/v2/posts/2/revisions/13", "admin").json()["id"] == 13
    r = get(client, site, "/wp/v2/posts/2/revisions")
    assert (r.status_code, r.json()["code"]) == (401, "rest_cannot_read")
    r = get(client, site, "/wp/v2/posts/99/revisions", "admin")
    assert (r.status_code, r.json()["code"]) == (404, "rest_post_invalid_parent")
    r = get(client, site, "/wp/v2/posts/2/revisions/3", "admin")
    assert (r.status_code, r.json()["code"]) == (404, "rest_post_invalid_id")
    assert get(client, site, "/wp/v2/posts/2/revisions", "admin", per_page=1, page=3).json()["code"] == (
        "rest_revision_invalid_page_number"
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"orderby": "relevance"}, "rest_no_search_term_defined"),
        ({"orderby": "include"}, "rest_orderby_include_missing_include"),
        ({"page": 9}, "rest_post_invalid_page_number"),
        ({"after": "2020-01-01"}, "rest_invalid_param"),
        ({"per_page": 101}, "rest_invalid_param"),
    ],
)
def test_collection_errors(client: TestClient, site: Site, params: dict[str, Any], code: str) -> None:
    r = get(client, site, "/wp/v2/posts", **params)
    assert (r.status_code, r.json()["code"]) == (400, code)


def test_collection_filters(client: TestClient, site: Site) -> None:
    def listed(**params: Any) -> list[int]:
        return [p["id"] for p in get(client, site, "/wp/v2/posts", **params).json()]

    assert listed(sticky="true") == [3]
    assert listed(sticky="false") == [4, 2, 5, 1]
    assert listed(categories="4") == [4, 5, 3]
    assert listed(**{"categories[terms][0]": "2", "categories[include_children]": "true"}) == [2]
    assert listed(tags="5,6") == [4, 2, 3]  # one clause: any of the terms
    assert listed(categories="4", tags="6", tax_relation="AND") == [4, 3]
    assert listed(categories="3", tags="6", tax_relation="OR") == [4, 2, 3]
    assert listed(categories_exclude="4") == [2, 1]
    assert listed(slug="bienvenue,hello-world") == [3, 1]
    assert listed(after="2021-03-04T13:00:00Z") == [4, 2]  # 14:00 in Paris
    assert listed(include="1,3,4", orderby="include") == [1, 3, 4]
    assert listed(search="SCOP") == [2]
    assert listed(offset=3) == [3, 1]


def test_empty_collection_and_page_one(client: TestClient, site: Site) -> None:
    r = get(client, site, "/wp/v2/posts", search="zzz")
    assert (r.status_code, r.json(), r.headers["X-WP-Total"], r.headers["X-WP-TotalPages"]) == (200, [], "0", "0")


def test_embed_featured_media_and_terms(client: TestClient, site: Site) -> None:
    data = get(client, site, "/wp/v2/posts/2", _embed="1").json()
    embedded = data["_embedded"]
    assert embedded["wp:featuredmedia"][0]["id"] == 12
    assert embedded["wp:featuredmedia"][0]["source_url"] == f"{HOME}/wp-content/uploads/2021/03/logo.png"


def test_current_wordpress_differences(site: Site) -> None:
    with site.client(wp_version="7.1") as c:
        data = c.get("/wp-json/wp/v2/posts/2").json()
        assert data["meta"] == {"footnotes": ""}
        assert data["class_list"] == ["post-2", "post", "type-post", "status-publish", "format-standard",
                                      "has-post-thumbnail", "hentry", "category-cooperatives", "tag-scop"]
        assert data["_links"]["self"] == [{"href": f"{API}/wp/v2/posts/2", "targetHints": {"allow": ["GET"]}}]
        admin = c.get("/wp-json/wp/v2/posts/6", headers=site.auth("admin")).json()
        assert admin["title"] == {"rendered": "Notes internes"}  # no "Private: " since 6.7
        assert admin["_links"]["self"][0]["targetHints"] == {"allow": ["GET", "POST", "PUT", "PATCH", "DELETE"]}
        assert [p["id"] for p in c.get("/wp-json/wp/v2/posts", params={"format": "aside"}).json()] == [4]
        assert [p["id"] for p in c.get("/wp-json/wp/v2/posts", params={"format": "standard"}).json()] == [2, 5, 3, 1]
        titles = c.get("/wp-json/wp/v2/posts", params={"search": "lille", "search_columns": "post_title"}).json()
        assert titles == []


def test_current_wordpress_sticky_and_excerpt_length(site: Site) -> None:
    with site.client(wp_version="7.1") as c:
        listed = c.get("/wp-json/wp/v2/posts", params={"ignore_sticky": "false", "per_page": 2}).json()
        # The sticky post 3 is not on page 1 by date: WP_Query fetches it and puts it first.
        assert [p["id"] for p in listed] == [3, 4, 2]
        assert [p["id"] for p in c.get("/wp-json/wp/v2/posts", params={"per_page": 2}).json()] == [4, 2]
        paged = c.get("/wp-json/wp/v2/posts", params={"ignore_sticky": "false", "per_page": 2, "page": 2}).json()
        assert [p["id"] for p in paged] == [5, 3]
        short = c.get("/wp-json/wp/v2/posts/3", params={"excerpt_length": 3}).json()
        assert short["excerpt"]["rendered"] == "<p>Ce site parle [&hellip;]</p>\n"


def test_plain_permalinks(tmp_path: Path) -> None:
    """Without pretty permalinks: `?p=`, `?page_id=`, `?attachment_id=` and `?rest_route=` links."""
    from tests.posts_site import _set_option

    site = make_site(Settings(database_url=f"sqlite:///{tmp_path / 'plain.db'}", demo_import=False))

    async def plain(storage: Any) -> None:
        await _set_option(storage, "permalink_structure", "")

    site.run(plain)
    with site.client() as c:
        r = c.get("/index.php", params={"rest_route": "/wp/v2/posts/2", "_fields": "link,_links"})
        assert r.headers["Link"] == f'<{HOME}/?p=2>; rel="alternate"; type=text/html'
        assert r.json()["link"] == f"{HOME}/?p=2"
        assert r.json()["_links"]["replies"] == [
            {"embeddable": True, "href": f"{HOME}/index.php?rest_route=%2Fwp%2Fv2%2Fcomments&post=2"}
        ]
        listed = c.get("/index.php", params={"rest_route": "/wp/v2/posts", "per_page": 2, "_fields": "id"})
        assert listed.headers["Link"] == (
            f'<{HOME}/index.php?rest_route=%2Fwp%2Fv2%2Fposts&per_page=2&_fields=id&page=2>; rel="next"'
        )
        page = c.get("/index.php", params={"rest_route": "/wp/v2/pages/11", "_fields": "link"}).json()
        assert page == {"link": f"{HOME}/?page_id=11"}
        attachment = c.get("/index.php", params={"rest_route": "/wp/v2/media/12", "_fields": "link"}).json()
        assert attachment == {"link": f"{HOME}/?attachment_id=12"}


def test_the_server_calls_the_embed_primer_with_the_answer_s_rows(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_embed` priming is a hook the posts' read endpoints declare (`embed_primer`), called by
    the server with the answer's rows, only when `_embed` is asked for, once per relation that
    has an embedded link whose answer is not kept from an earlier request (rest/embedding.py)."""
    from wpcompat.rest import posts as posts_module

    original = posts_module.prime_embeds
    calls: list[tuple[str, list[int]]] = []

    async def spy(req: Any, rows: list[dict[str, Any]], relation: str) -> None:
        calls.append((relation, [int(r["ID"]) for r in rows]))
        await original(req, rows, relation)

    monkeypatch.setattr(posts_module, "prime_embeds", spy)
    with site.client(response_cache=False) as client:
        single = client.get("/wp-json/wp/v2/posts/2", params={"_embed": "author"})
        assert single.status_code == 200 and "author" in single.json()["_embedded"]
        assert calls == [("author", [2])]
        calls.clear()
        listed = client.get("/wp-json/wp/v2/posts", params={"per_page": 3, "_embed": "1"})
        assert listed.status_code == 200 and all("_embedded" in item for item in listed.json())
        ids = [item["id"] for item in listed.json()]
        assert {"author", "replies", "wp:term"} <= {relation for relation, _ in calls}
        assert all(rows == ids for _, rows in calls)
        client.get("/wp-json/wp/v2/posts", params={"per_page": 3})
        # Every embedded answer of this page is kept now: nothing to load.
        calls.clear()
        again = client.get("/wp-json/wp/v2/posts", params={"per_page": 3, "_embed": "1"})
        assert again.content == listed.content
    assert calls == []


def test_queries_do_not_grow_with_the_page(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """No N+1: a page of posts costs the same number of queries whatever its length."""
    from databases import Database

    counter = {"queries": 0}
    for name in ("fetch_all", "fetch_one", "fetch_val"):
        original = getattr(Database, name)

        def counted(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            counter["queries"] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Database, name, counted)

    def queries(path: str, **params: Any) -> int:
        counter["queries"] = 0
        assert client.get(path, params=params).status_code == 200
        return counter["queries"]

    with site.client(response_cache=False) as client:
        queries("/wp-json/wp/v2/posts")  # warm-up: the options are read once, then memoised
        # Each list's total and page of IDs are then remembered too (storage/count_memo.py).
        queries("/wp-json/wp/v2/posts", per_page=1)
        queries("/wp-json/wp/v2/posts", per_page=5)
        assert queries("/wp-json/wp/v2/posts", per_page=1) == queries("/wp-json/wp/v2/posts", per_page=5)
        # The featured image of an embedded post is read with the page: no query per image.
        single = queries("/wp-json/wp/v2/posts/2")
        assert queries("/wp-json/wp/v2/posts/2", _embed="wp:featuredmedia") == single + 2
