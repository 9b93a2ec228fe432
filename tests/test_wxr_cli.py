"""`wpcompat import` and `wpcompat export`: exit codes, one-line errors, summary."""

from __future__ import annotations

import sqlite3

import pytest
from lxml import etree

from tests.conftest import shared_path
from tests.test_wxr_support import FIXTURES
from wpcompat.cli import main

GOOD = "wordpress-importer/phpunit-data/valid-wxr-1.1.xml"
BAD = "wordpress-importer/phpunit-data/malformed.xml"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("WPCOMPAT_DEMO_IMPORT", "false")
    return db


def _count(db, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_import_prints_a_summary(site, capsys):
    assert main(["import", str(shared_path(*FIXTURES, GOOD))]) == 0
    out = capsys.readouterr().out
    assert "posts created: 2" in out and "comments created: 1 (approved 1)" in out
    assert "warnings: 0" in out
    assert _count(site, "wp_posts") == 2


def test_bad_file_is_one_line_with_position_and_exit_1(site, capsys):
    assert main(["import", str(shared_path(*FIXTURES, GOOD))]) == 0
    capsys.readouterr()
    bad = shared_path(*FIXTURES, BAD)
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"wpcompat: error: {bad}:90:11: not well-formed XML")
    assert _count(site, "wp_posts") == 2


def test_missing_file_exits_non_zero(site, capsys):
    assert main(["import", "nowhere.xml"]) == 1
    assert "nowhere.xml" in capsys.readouterr().err


def test_dry_run_writes_nothing(site, capsys):
    assert main(["import", "--dry-run", str(shared_path(*FIXTURES, GOOD))]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert _count(site, "wp_posts") == 0


def test_warnings_go_to_stderr(site, capsys):
    assert main(["import", str(shared_path(*FIXTURES, "isso/wordpress.xml"))]) == 0
    captured = capsys.readouterr()
    assert "wpcompat: warning:" in captured.err and "no wp:post_type" in captured.err
    assert "warnings: 3" in captured.out


def test_rewrite_urls_option(site, capsys):
    path = shared_path(*FIXTURES, "wordpress-importer/phpunit-data/valid-wxr-1.1.xml")
    assert main(["import", str(path), "--rewrite-urls", "http://localhost/", "https://blog.example/"]) == 0
    with sqlite3.connect(site) as conn:
        guids = [r[0] for r in conn.execute("SELECT guid FROM wp_posts")]
    assert guids and all("localhost" not in g for g in guids)


def test_export_to_stdout_and_to_file(site, capsys, tmp_path):
    assert main(["import", str(shared_path(*FIXTURES, GOOD))]) == 0
    capsys.readouterr()
    assert main(["export"]) == 0
    root = etree.fromstring(capsys.readouterr().out.encode())
    assert len(root.find("channel").findall("item")) == 2
    target = tmp_path / "site.xml"
    assert main(["export", "-o", str(target)]) == 0
    assert etree.parse(str(target)).getroot().tag == "rss"


def test_export_to_an_unwritable_place(site, capsys, tmp_path):
    assert main(["export", "-o", str(tmp_path / "no" / "such" / "dir.xml")]) == 1
    assert "cannot write" in capsys.readouterr().err


async def test_progress_bar_runs_and_summary_counts(storage):
    from wpcompat.wxr.importer import import_files

    path = shared_path(*FIXTURES, "theme-test-data/themeunittestdata.wordpress.xml")
    report = await import_files(storage, [path], progress=True)
    summary = report.summary()
    assert "posts created: 186" in summary
    assert "nav_menu_item 70 (publish 70)" in summary
    assert "comments created: 33 (pending 3, approved 30)" in summary
    assert len(summary.splitlines()) <= 30
