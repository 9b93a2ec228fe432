"""Hostile and malformed files are refused with file:line:column, and the database is untouched."""

from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tests.test_wxr_support import FIXTURES, MALFORMED, dump
from wpcompat.wxr.importer import import_files
from wpcompat.wxr.reader import WXRError, read_wxr

GOOD = "wordpress-importer/phpunit-data/valid-wxr-1.1.xml"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>&lol9;</title><wp:post_id>500</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status></item></channel></rss>
"""

XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment first, so the DOCTYPE is not on line 1 -->
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>secret</title><content:encoded>&xxe;</content:encoded><wp:post_id>501</wp:post_id>
<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>
"""

PLAIN_DOCTYPE = """<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://attacker.example/rss.dtd">
<rss version="2.0"><channel></channel></rss>
"""


async def _seeded(storage):
    await import_files(storage, [shared_path(*FIXTURES, GOOD)], progress=False)
    return await dump(storage)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [(BILLION_LAUGHS, 2, 1, "entity declarations"), (XXE, 3, 1, "XXE"), (PLAIN_DOCTYPE, 2, 1, "DOCTYPE")],
    ids=["billion-laughs", "xxe", "external-dtd"],
)
async def test_doctype_is_refused_and_nothing_is_written(storage, tmp_path, text, line, column, words):
    before = await _seeded(storage)
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WXRError) as caught:
        await import_files(storage, [path], progress=False)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert str(error).startswith(f"{path}:{line}:{column}: refused")
    assert words in str(error)
    assert await dump(storage) == before


def test_doctype_is_refused_before_any_parsing(tmp_path):
    path = tmp_path / "hostile.xml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(WXRError):
        next(iter(read_wxr(path)))


@pytest.mark.parametrize("name", sorted(MALFORMED))
async def test_malformed_fixture_stops_with_position_and_leaves_database_as_it_was(storage, name):
    before = await _seeded(storage)
    path = shared_path(*FIXTURES, name)
    line, column = MALFORMED[name]
    with pytest.raises(WXRError) as caught:
        await import_files(storage, [path], progress=False)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert str(caught.value).startswith(f"{path}:{line}:{column}: not well-formed XML")
    assert await dump(storage) == before


async def test_error_late_in_the_file_rolls_back_everything_before_it(storage, tmp_path):
    good = shared_path(*FIXTURES, GOOD).read_text(encoding="utf-8")
    broken = good.replace("</channel>", "<item><title>cut</title>")
    path = tmp_path / "truncated.xml"
    path.write_text(broken, encoding="utf-8")
    before = await dump(storage)
    with pytest.raises(WXRError) as caught:
        await import_files(storage, [path], progress=False)
    assert caught.value.line > 1
    assert await dump(storage) == before


async def test_not_a_wxr_file(storage, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    with pytest.raises(WXRError, match="not a WXR file"):
        await import_files(storage, [path], progress=False)


async def test_missing_file(storage, tmp_path):
    with pytest.raises(WXRError, match="cannot read"):
        await import_files(storage, [tmp_path / "nope.xml"], progress=False)
