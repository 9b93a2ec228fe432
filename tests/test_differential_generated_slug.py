"""`generated_slug` (edit context) as WordPress 6.1 gives it (found by diff-random.sh).

A slug with letters outside ASCII is stored percent-encoded ("%d7%a2…"); get_sample_permalink()
hands it back through the `editable_slug` filter (urldecode, esc_textarea), so the client sees the
letters. tests/differential/generated_slug.json pairs stored slugs with WordPress's answers.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from wpcompat.rest.post_prepare import editable_slug

CASE = json.loads((ROOT / "tests" / "differential" / "generated_slug.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("pair", CASE["pairs"], ids=lambda p: f"{p['site']}-{p['id']}")
def test_generated_slug_like_wordpress(pair: dict[str, str]) -> None:
    assert editable_slug(pair["post_name"]) == pair["generated_slug"], CASE["why"]
