"""`wpcompat comment …`: listing and moderating from the command line, counts kept right."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from wpcompat.cli import main

from .discussion_site import make_site


@pytest.fixture
def site(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    built = make_site(replace(settings, database_url=f"sqlite:///{tmp_path / 'cli.db'}"))
    monkeypatch.setenv("DATABASE_URL", built.settings.database_url)
    monkeypatch.setenv("WPCOMPAT_DEMO_IMPORT", "false")
    monkeypatch.chdir(tmp_path)
    return built


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_list_and_moderate(site, capsys):
    held = site.add_comment("open", comment_approved="0", comment_content="En attente de modération")
    approved = site.add_comment("open", comment_author="Autre", comment_content="Publié")
    code, out = run(capsys, "comment", "list", "--status", "hold")
    assert code == 0 and str(held) in out and "Publié" not in out and "unapproved" in out
    code, out = run(capsys, "comment", "list", "--post", str(site.posts["open"]))
    assert "Publié" in out and "En attente" in out
    assert site.comment_count("open") == 1

    assert run(capsys, "comment", "approve", str(held)) == (0, f"Success: Approved comment {held}.\n")
    assert site.comment_count("open") == 2
    code, out = run(capsys, "comment", "approve", str(held), "999")
    assert code == 1 and "Could not find the comment with ID 999" in out
    assert run(capsys, "comment", "unapprove", str(held))[0] == 0
    assert run(capsys, "comment", "spam", str(approved))[0] == 0
    assert site.comment_count("open") == 0
    code, out = run(capsys, "comment", "list", "--status", "spam")
    assert str(approved) in out
    assert run(capsys, "comment", "unspam", str(approved))[0] == 0
    assert site.comment_count("open") == 1
    assert run(capsys, "comment", "trash", str(approved))[0] == 0
    assert site.comment_count("open") == 0
    assert run(capsys, "comment", "delete", str(held)) == (0, f"Success: Trashed comment {held}.\n")
    assert run(capsys, "comment", "delete", str(held), str(approved), "--force")[0] == 0
    assert site.comments() == []
    assert run(capsys, "comment", "delete", "4242")[0] == 1


def test_update_sets_the_user_agent_wxr_leaves_out(site, capsys):
    comment_id = site.add_comment("open", comment_content="Bonjour")
    assert run(capsys, "comment", "update", str(comment_id), "--agent", "wp-oracle/1.0") == (
        0, f"Success: Updated comment {comment_id}.\n"
    )
    (row,) = [c for c in site.comments() if int(c["comment_ID"]) == comment_id]
    assert row["comment_agent"] == "wp-oracle/1.0"
    assert row["comment_content"] == "Bonjour"
    assert run(capsys, "comment", "update", "4242", "--agent", "x")[0] == 1
    assert run(capsys, "comment", "update", str(comment_id))[0] == 1
