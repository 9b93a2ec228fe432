"""WXR authors become users, as WordPress's importer creates them (no password, default role)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from wpcompat.storage.bulk import insert_rows
from wpcompat.storage.options import get_option
from wpcompat.storage.users import user_ids_by_login
from wpcompat.util.phpserial import dumps
from wpcompat.wxr.reader import Author

if TYPE_CHECKING:
    from wpcompat.storage import Storage
    from wpcompat.wxr.report import ImportReport

USER_LEVELS = {"administrator": 10, "editor": 7, "author": 2, "contributor": 1, "subscriber": 0}


def nicename(login: str) -> str:
    """A URL-safe slug of a login, as WordPress's sanitize_title() makes user_nicename."""
    text = unicodedata.normalize("NFKD", login).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"<[^>]*>", "", text)
    text = re.sub(r"[\s.]+", "-", text)
    text = re.sub(r"[^a-z0-9_@-]", "", text)
    text = re.sub(r"-+", "-", text).strip("-")
    return text[:50]


class Accounts:
    """Users of the site seen by one import: existing ones by login, new ones created once."""

    def __init__(self, storage: Storage, report: ImportReport) -> None:
        self.storage = storage
        self.report = report
        self.by_login: dict[str, int] = {}
        self.ids: set[int] = set()
        # Old author id in the file -> user id on the site, where they differ.
        self.remap: dict[int, int] = {}
        self.role = "subscriber"

    async def load(self) -> None:
        for user_id, login in await user_ids_by_login(self.storage):
            self.by_login.setdefault(login.lower(), user_id)
            self.ids.add(user_id)
        self.role = (await get_option(self.storage, "default_role")) or "subscriber"
        if self.role not in USER_LEVELS:
            self.role = "subscriber"

    def user_id(self, old_id: int) -> int:
        """A user id from the file (comment_user_id) mapped to the site's."""
        return self.remap.get(old_id, old_id)

    async def author(self, author: Author) -> None:
        if not author.login:
            self.report.warn(f"line {author.line}: wp:author without a login skipped")
            return
        await self._ensure(author)

    async def for_login(self, login: str) -> int:
        """The user id of a post's dc:creator; unknown logins become users (as WXR 1.0 needs)."""
        if not login:
            return 0
        found = self.by_login.get(login.lower())
        if found is not None:
            return found
        return await self._ensure(Author(line=0, login=login))

    async def _ensure(self, author: Author) -> int:
        key = author.login.lower()
        existing = self.by_login.get(key)
        if existing is not None:
            self.report.users_existing += 1
            if author.id and author.id != existing:
                self.remap[author.id] = existing
            return existing
        user_id = author.id if author.id and author.id > 0 and author.id not in self.ids else self._next_id()
        if author.id and author.id != user_id:
            self.remap[author.id] = user_id
        self.ids.add(user_id)
        self.by_login[key] = user_id
        await self._insert(user_id, author)
        self.report.users_created += 1
        return user_id

    def _next_id(self) -> int:
        return max(self.ids, default=0) + 1

    async def _insert(self, user_id: int, author: Author) -> None:
        t = self.storage.tables
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        await insert_rows(
            self.storage,
            t.users,
            [
                {
                    "ID": user_id,
                    "user_login": author.login[:60],
                    "user_pass": "",
                    "user_nicename": nicename(author.login),
                    "user_email": author.email[:100],
                    "user_url": "",
                    "user_registered": now,
                    "user_activation_key": "",
                    "user_status": 0,
                    "display_name": (author.display_name or author.login)[:250],
                }
            ],
        )
        prefix = t.prefix
        meta = {
            "nickname": author.login,
            "first_name": author.first_name,
            "last_name": author.last_name,
            "description": "",
            "rich_editing": "true",
            "syntax_highlighting": "true",
            "comment_shortcuts": "false",
            "admin_color": "fresh",
            "use_ssl": "0",
            "show_admin_bar_front": "true",
            "locale": "",
            f"{prefix}capabilities": dumps({self.role: True}),
            f"{prefix}user_level": str(USER_LEVELS[self.role]),
            "dismissed_wp_pointers": "",
        }
        await insert_rows(
            self.storage,
            t.usermeta,
            [{"user_id": user_id, "meta_key": k, "meta_value": v} for k, v in meta.items()],
        )
