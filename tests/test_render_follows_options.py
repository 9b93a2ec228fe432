"""The text filters' memo follows the options that change rendered text, whoever changes them."""

import asyncio

from wpcompat.render.pipelines import the_content
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import RestResponse
from wpcompat.rest.routing import Endpoint, Route
from wpcompat.storage import open_storage
from wpcompat.storage.options import set_option

from .rest_helpers import client_for


async def rendered(req: RestRequest) -> RestResponse:
    return RestResponse({"html": the_content("Merci :)")})


ROUTES = [Route("/test/v1/rendered", "test/v1", [Endpoint(("GET",), rendered)])]


def test_use_smilies_changed_elsewhere_is_seen_by_the_next_request(settings):
    async def set_smilies(value: str) -> None:
        storage = await open_storage(settings.database_url)
        try:
            await set_option(storage, "use_smilies", value)
        finally:
            await storage.db.disconnect()

    def html() -> str:
        return str(client.get("/wp-json/test/v1/rendered").json()["html"])

    with client_for(settings, ROUTES) as client:
        assert html() == "<p>Merci \N{SLIGHTLY SMILING FACE}</p>\n"  # convert_smilies: an emoji
        asyncio.run(set_smilies("0"))  # as the CLI or WordPress itself would, on its own connection
        assert html() == "<p>Merci :)</p>\n"
        asyncio.run(set_smilies("1"))
        assert html() == "<p>Merci \N{SLIGHTLY SMILING FACE}</p>\n"
