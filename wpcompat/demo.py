"""The demo blog: imported into an empty database so a fresh `serve` shows real content."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.storage import Storage

DEMO_WXR = Path(__file__).parent / "demo" / "ess-blog.wxr.xml"
log = logging.getLogger("wpcompat")


async def site_is_empty(storage: Storage) -> bool:
    count = await storage.db.fetch_val(sa.select(sa.func.count()).select_from(storage.tables.posts))
    return not count


async def import_demo_if_empty(storage: Storage, settings: Settings) -> bool:
    if not await site_is_empty(storage):
        return False
    from wpcompat.wxr.importer import import_files

    log.info("empty database: importing the demo blog from %s", DEMO_WXR.name)
    await import_files(storage, [DEMO_WXR], site_url=settings.site_url, progress=False)
    return True
