"""What every test site builder shares: its settings, users' Application Passwords, and a way
to run storage code against it."""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass, field
from typing import Any

from settings import Settings
from wpcompat.storage import open_storage


@dataclass
class SiteBase:
    settings: Settings
    passwords: dict[str, str] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)

    def auth(self, who: str | None) -> dict[str, str]:
        """Basic credentials of a user of the site (none for an anonymous request)."""
        if who is None:
            return {}
        token = base64.b64encode(f"{who}:{self.passwords[who]}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    def run(self, coro_fn: Any) -> Any:
        """Run `coro_fn(storage)` on a storage opened for this call and closed after it."""

        async def main() -> Any:
            storage = await open_storage(self.settings.database_url, self.settings.table_prefix)
            try:
                return await coro_fn(storage)
            finally:
                await storage.db.disconnect()

        return asyncio.run(main())

    def write_directly(self, statement: Any) -> None:
        """Run `statement(tables)` on a connection of its own: a write straight into the
        tables, as WordPress or another program would make it."""

        async def write(storage: Any) -> None:
            await storage.db.execute(statement(storage.tables))

        self.run(write)
