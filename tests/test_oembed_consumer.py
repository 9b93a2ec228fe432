"""A real oEmbed consumer (oembedpy) gets a post's card from wpcompat the way link previews do:
it fetches the post's page, discovers the `<link rel="alternate" type="application/json+oembed">`
in its head, asks that endpoint, and gets a `rich` card whose iframe is the post's embeddable
view, which itself answers 200. Both JSON and XML discovery links are followed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from settings import load_settings
from tests.conftest import shared_path
from tests.fakes.oauth_providers import loopback_socket, serve
from tests.public_site import build_public_site
from wpcompat.app import create_app

oembedpy = pytest.importorskip("oembedpy")
from oembedpy import consumer, discovery  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    sock = loopback_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    base = load_settings(None, {"WPCOMPAT_SITE_URL": url, "WPCOMPAT_SECRET_KEY": "oembed-test-secret-0123456789"})
    db = tmp_path_factory.mktemp("oembed") / "site.db"
    with ThreadPoolExecutor(1) as pool:  # build_public_site runs its own event loop
        settings = pool.submit(build_public_site, base, shared_path("oracle"), "date", db).result()
    with serve(create_app(settings), sock):
        yield url


def test_consumer_discovers_the_card_from_a_post_page(site: str) -> None:
    post = site + "/2019/06/21/la-vie-du-secteur-ess-du-pcf/"
    endpoint, params = discovery.find_from_content(post)
    assert endpoint == site + "/wp-json/oembed/1.0/embed"
    assert params.url == post
    card = consumer.fetch_content(endpoint, params)
    assert card.type == "rich"
    assert card.title == "La vie du secteur ESS du PCF"
    assert card.provider_name == "Secteur ESS" and card.provider_url == site
    assert card.author_name == "Camille Martin" and card.author_url == site + "/author/admin/"
    assert (card.width, card.height) == (600, 338)
    iframe = re.search(r'<iframe[^>]* src="([^"#]+)#\?secret=([A-Za-z0-9]{10})"', card.html)
    assert iframe is not None and iframe.group(1) == post + "embed/"
    assert f'<blockquote class="wp-embedded-content" data-secret="{iframe.group(2)}">' in card.html
    embed = httpx.get(iframe.group(1))
    assert embed.status_code == 200 and "La vie du secteur ESS du PCF" in embed.text
    assert f'<link rel="canonical" href="{post}" />' in embed.text


def test_consumer_reads_the_xml_card_and_maxwidth(site: str) -> None:
    post = site + "/a-propos/lequipe/"
    params = consumer.RequestParameters(url=post, max_width=300, format="xml")
    card = consumer.fetch_content(site + "/wp-json/oembed/1.0/embed", params)
    assert card.type == "rich" and (int(card.width), int(card.height)) == (300, 200)
    assert card.title == "L’équipe"
