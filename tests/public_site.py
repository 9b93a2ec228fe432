"""The oracle's site (../shared/oracle) in wpcompat, built in-process, for the public pages' tests.

export.wxr.xml and extras.wxr.xml are imported as the oracle's README says, then the options of
site.json are set, with the permalink structure of the recording being replayed, and the one
`_wp_old_slug` the recorded sites hold, and the users' roles (tests/oracle_public/README.md). Building takes a few
seconds; each permalink structure's site is built once per test session.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

from settings import Settings
from wpcompat.storage import Storage, open_storage
from wpcompat.storage.options import set_option
from wpcompat.wxr.importer import import_files

STRUCTURES = {
    "plain": "",
    "date": "/%year%/%monthnum%/%day%/%postname%/",
    "archives": "/archives/%post_id%",
    "cat": "/%category%/%postname%/",
}
OLD_SLUG = ("welcome-old-slug", 6)


async def _build(storage: Storage, oracle: Path, structure: str) -> None:
    await import_files(storage, [oracle / "export.wxr.xml", oracle / "extras.wxr.xml"], progress=False)
    site = json.loads((oracle / "site.json").read_text(encoding="utf-8"))
    for name, value in site["options"].items():
        if value is not None and name not in ("home", "siteurl"):
            await set_option(storage, name, value)
    await set_option(storage, "permalink_structure", structure)
    # WXR carries no roles: give each user the oracle's (site.json), as scripts/oracle_site.py does.
    from auth.accounts import set_role

    for user in site["users"]:
        if user.get("role"):
            await set_role(storage, int(user["id"]), user["role"])
    meta = storage.tables.postmeta
    await storage.db.execute(sa.insert(meta).values(post_id=OLD_SLUG[1], meta_key="_wp_old_slug",
                                                    meta_value=OLD_SLUG[0]))


def build_public_site(settings: Settings, oracle: Path, structure_name: str, db_path: Path) -> Settings:
    """Build the site into db_path; the settings to serve it with (as WordPress 6.1)."""
    url = f"sqlite:///{db_path}"
    built = replace(settings, database_url=url, wp_version="6.1", demo_import=False)

    async def main() -> None:
        storage = await open_storage(url, built.table_prefix)
        try:
            await _build(storage, oracle, STRUCTURES[structure_name])
        finally:
            await storage.db.disconnect()

    asyncio.run(main())
    return built
