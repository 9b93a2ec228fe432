"""`wpcompat commenter list|export|erase` through wpcompat.cli.main, on a temporary site."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from auth.identities import add_comment_meta, save_identity
from auth.oauth import facebook, google
from tests.fakes.oauth_providers import PROFILES
from wpcompat.cli import main
from wpcompat.storage import open_storage


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WPCOMPAT_DEMO_IMPORT", "false")
    monkeypatch.chdir(tmp_path)

    async def seed() -> None:
        storage = await open_storage(url)
        try:
            ana = await save_identity(storage, google.from_claims(PROFILES["google"]))
            await save_identity(storage, facebook.from_me(PROFILES["facebook"]))
            t = storage.tables
            post = await storage.db.execute(sa.insert(t.posts).values(post_title="P", comment_count=1))
            cid = await storage.db.execute(sa.insert(t.comments).values(
                comment_post_ID=post, comment_author=ana.name, comment_author_email=ana.email,
                comment_content="Bonjour", comment_approved="1",
            ))
            await add_comment_meta(storage, cid, ana)
        finally:
            await storage.db.disconnect()

    asyncio.run(seed())
    return url


def rows(url: str, table: str) -> list[dict]:
    async def go() -> list[dict]:
        storage = await open_storage(url)
        try:
            t = getattr(storage.tables, table)
            return [dict(r._mapping) for r in await storage.db.fetch_all(sa.select(t))]
        finally:
            await storage.db.disconnect()

    return asyncio.run(go())


def test_list_export_erase(site: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["commenter", "list"]) == 0
    out = capsys.readouterr().out
    assert "google:110248495921238986420" in out and "Ana Núñez" in out and "(verified)" in out
    assert "facebook:10158812345678901" in out

    assert main(["commenter", "export", "google:110248495921238986420"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["identity"]["name"] == "Ana Núñez" and [c["content"] for c in data["comments"]] == ["Bonjour"]
    assert main(["commenter", "export", "1", "-o", str(tmp_path / "ana.json")]) == 0
    assert json.loads((tmp_path / "ana.json").read_text())["comments"][0]["author_email"] == "ana@example.org"

    assert main(["commenter", "export", "google:nobody"]) == 1
    assert "No commenter identity" in capsys.readouterr().err
    # Without a terminal, erase wants --yes.
    assert main(["commenter", "erase", "1"]) == 1
    assert main(["commenter", "erase", "1", "--yes"]) == 0
    assert "Anonymised 1 comment(s)" in capsys.readouterr().out
    assert rows(site, "comments")[0]["comment_author"] == "[deleted]"
    assert [r["provider"] for r in rows(site, "oauth_identities")] == ["facebook"]
    assert main(["commenter", "erase", "facebook:10158812345678901", "--yes", "--mode", "delete"]) == 0
    assert rows(site, "oauth_identities") == []
