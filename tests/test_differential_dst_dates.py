"""REST dates inside a daylight-saving gap, as WordPress 6.1 shows them (found by diff-random.sh).

WordPress formats every stored date (local or GMT column) with mysql2date(), which reads it as a
wall-clock time of the site's zone: a value that does not exist there (the hour skipped when the
clocks go forward) comes out moved forward by the gap. tests/differential/dst_gap_dates.json holds
stored values and WordPress's REST answers for them, recorded from generated sites in two zones
(values in the gap and ordinary ones); wpcompat's formatting must give the same.
"""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import ROOT
from wpcompat.util.dates import site_timezone, to_rfc3339

CASE = json.loads((ROOT / "tests" / "differential" / "dst_gap_dates.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("value", CASE["values"], ids=lambda v: f"{v['site']}-{v['id']}-{v['column']}")
def test_rest_date_like_wordpress(value: dict[str, str]) -> None:
    assert to_rfc3339(value["stored"], ZoneInfo(value["timezone"])) == value["rest"], CASE["why"]


def test_fixed_offset_sites_never_shift() -> None:
    """A raw gmt_offset site has no gap: the stored value is shown as it is."""
    tz = site_timezone("", "5.5")
    assert to_rfc3339("2024-03-31 02:01:00", tz) == "2024-03-31T02:01:00"
    assert to_rfc3339("0000-00-00 00:00:00", tz) is None
