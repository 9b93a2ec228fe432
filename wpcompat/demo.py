"""The demo blog: imported into an empty database so a fresh `serve` shows real content."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from wpcompat.storage.options import set_option
from wpcompat.storage.posts import post_row_count

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.storage import Storage

DEMO_WXR = Path(__file__).parent / "demo" / "ess-blog.wxr.xml"
log = logging.getLogger("wpcompat")


async def site_is_empty(storage: Storage) -> bool:
    return not await post_row_count(storage)


async def import_demo_if_empty(storage: Storage, settings: Settings) -> bool:
    if not await site_is_empty(storage):
        return False
    from wpcompat.wxr.importer import import_files

    log.info("empty database: importing the demo blog from %s", DEMO_WXR.name)
    await import_files(storage, [DEMO_WXR], site_url=settings.site_url, progress=False)
    # An export carries the blog's name and tagline, but importing never sets site options;
    # the demo is our users' whole site, so it takes them, and its language.
    title, description, language = _channel_identity(DEMO_WXR)
    await set_option(storage, "blogname", title)
    await set_option(storage, "blogdescription", description)
    if language.lower().startswith("fr"):
        await set_option(storage, "WPLANG", "fr_FR")
    return True


def _channel_identity(path: Path) -> tuple[str, str, str]:
    """The channel's title, description and language, read without loading the file."""
    values: dict[str, str] = {}
    for _, element in etree.iterparse(
        str(path), events=("end",), tag=("title", "description", "language"),
        resolve_entities=False, no_network=True, load_dtd=False,
    ):
        if element.getparent() is not None and element.getparent().tag == "channel":
            values.setdefault(element.tag, element.text or "")
        if len(values) == 3:
            break
    return values.get("title", ""), values.get("description", ""), values.get("language", "")
