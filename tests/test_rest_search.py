"""/wp/v2/search: posts and pages, terms, post formats; paging and links."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from settings import Settings
from tests.conftest import site_db_url
from tests.posts_site import API, HOME, Site, make_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    db = Path(tmp_path_factory.mktemp("search")) / "site.db"
    return make_site(Settings(database_url=site_db_url(db.parent, db.name), demo_import=False))


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with site.client() as c:
        yield c


def search(client: TestClient, **params: Any) -> Any:
    return client.get("/wp-json/wp/v2/search", params=params)


def test_post_results(client: TestClient) -> None:
    r = search(client, search="coopératives")
    assert r.headers["X-WP-Total"] == "2"
    assert r.json() == [
        {
            "id": 4,
            "title": "Rencontres coopératives",
            "url": f"{HOME}/2021/06/01/rencontres/",
            "type": "post",
            "subtype": "post",
            "_links": {
                "self": [{"embeddable": True, "href": f"{API}/wp/v2/posts/4"}],
                "about": [{"href": f"{API}/wp/v2/types/post"}],
                "collection": [{"href": f"{API}/wp/v2/search"}],
            },
        },
        {
            "id": 2,
            "title": "Les SCOP en 2021",
            "url": f"{HOME}/2021/03/04/les-scop-en-2021/",
            "type": "post",
            "subtype": "post",
            "_links": {
                "self": [{"embeddable": True, "href": f"{API}/wp/v2/posts/2"}],
                "about": [{"href": f"{API}/wp/v2/types/post"}],
                "collection": [{"href": f"{API}/wp/v2/search"}],
            },
        },
    ]


def test_title_matches_come_first(client: TestClient) -> None:
    # "site" is in post 3's content only, "Bienvenue" in a title: relevance, then date.
    assert [i["id"] for i in search(client, search="scop").json()] == [2]
    assert [i["id"] for i in search(client, search="e").json()] == [4, 2, 3, 11, 1, 10]


def test_pages_and_subtypes(client: TestClient) -> None:
    assert [(i["id"], i["subtype"]) for i in search(client, search="équipe").json()] == [(11, "page")]
    assert [(i["id"], i["subtype"]) for i in search(client, search="Camille", subtype="page").json()] == [
        (11, "page")
    ]
    assert search(client, search="Camille", subtype="post").json() == []


def test_terms_in_61(client: TestClient) -> None:
    r = search(client, search="coop", type="term")
    assert r.json() == [{
        "id": 3,
        "title": "Coopératives",
        "url": f"{HOME}/category/economie-sociale/cooperatives/",
        "type": "category",
        "_links": {
            "self": [{"embeddable": True, "href": f"{API}/wp/v2/categories/3"}],
            "about": [{"href": f"{API}/wp/v2/taxonomies/category"}],
            "collection": [{"href": f"{API}/wp/v2/search"}],
        },
    }]


def test_terms_without_a_term_subtype_search_every_taxonomy(client: TestClient) -> None:
    # subtype= (or only post types) leaves the term handler no taxonomy: WP_Term_Query then
    # searches them all, post formats included, which have no REST route and so no self link
    # (checked on the oracle: /wp/v2/search?type=term&subtype=&search=aside).
    for subtype in ("", "post"):
        found = search(client, search="as", type="term", subtype=subtype).json()
        aside = [item for item in found if item["type"] == "post_format"]
        assert aside == [{
            "id": aside[0]["id"],
            "title": "Aside",
            "url": f"{HOME}/type/aside/",
            "type": "post_format",
            "_links": {
                "about": [{"href": f"{API}/wp/v2/taxonomies/post_format"}],
                "collection": [{"href": f"{API}/wp/v2/search"}],
            },
        }], subtype
        every = {item["type"] for item in search(client, type="term", subtype=subtype, per_page=100).json()}
        assert {"category", "post_tag", "post_format"} <= every, subtype


def test_paging_links_keep_the_kept_subtypes_keys(client: TestClient) -> None:
    # array_intersect() keeps keys: WordPress 6.1's next link for subtype=category,post,page
    # (searching posts) says subtype[1]=post&subtype[2]=page (checked on the oracle).
    cases = {
        "category,post,page": "subtype%5B1%5D=post&subtype%5B2%5D=page",
        "post,category,page": "subtype%5B0%5D=post&subtype%5B2%5D=page",
        "post,page": "subtype%5B0%5D=post&subtype%5B1%5D=page",
    }
    for subtype, expected in cases.items():
        r = search(client, subtype=subtype, per_page=1)
        assert r.status_code == 200 and len(r.json()) == 1, subtype
        assert f"/wp/v2/search?{expected}&per_page=1&page=2>" in r.headers["link"], (subtype, r.headers["link"])


def test_post_formats(client: TestClient) -> None:
    # A format's id is its slug (WordPress 6.1: tests/differential/golden/search_post_format.json).
    assert search(client, search="as", type="post-format").json() == [{
        "id": "aside",
        "title": "Aside",
        "url": f"{HOME}/type/aside/",
        "type": "post-format",
        "_links": {"collection": [{"href": f"{API}/wp/v2/search"}]},
    }]


def test_paging(client: TestClient) -> None:
    r = search(client, search="e", per_page=2, page=2)
    # Four posts (not the protected one: anonymous searches skip them) and two pages.
    assert (r.headers["X-WP-Total"], r.headers["X-WP-TotalPages"]) == ("6", "3")
    assert [i["id"] for i in r.json()] == [3, 11]
    assert r.headers["Link"] == (
        f'<{API}/wp/v2/search?search=e&per_page=2&page=1>; rel="prev", '
        f'<{API}/wp/v2/search?search=e&per_page=2&page=3>; rel="next"'
    )
    # Past the last page WP_Query's found_posts stays 0 and the post handler does not count
    # again: an empty 200 with a total of 0 (WordPress 6.1 answers so; the term handler, which
    # counts apart, gives rest_search_invalid_page_number).
    r = search(client, search="e", page=9)
    assert (r.status_code, r.json(), r.headers["X-WP-Total"]) == (200, [], "0")
    r = search(client, search="e", type="term", page=9)
    assert (r.status_code, r.json()["code"]) == (400, "rest_search_invalid_page_number")
    r = search(client, search="zzz")
    assert (r.json(), r.headers["X-WP-Total"], r.headers["X-WP-TotalPages"]) == ([], "0", "0")


def test_embed_self(client: TestClient) -> None:
    item = search(client, search="Bienvenue", _embed="1").json()[0]
    assert item["_embedded"]["self"][0]["id"] == 3
    assert list(item["_embedded"]["self"][0])[:4] == ["id", "date", "slug", "type"]


def test_invalid_type(client: TestClient) -> None:
    r = search(client, search="x", type="nope")
    assert (r.status_code, r.json()["code"]) == (400, "rest_invalid_param")
