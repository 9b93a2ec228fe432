"""Site-local dates around daylight-saving changes, as WordPress 6.1 shows them (mysql2date)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.dialects import mysql

from wpcompat.storage.tables import WPDateTime
from wpcompat.util.dates import gmt_from_local, rest_date_to_local, site_timezone, to_rfc3339

SYDNEY = ZoneInfo("Australia/Sydney")
PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(("stored", "tz", "shown"), [
    # the hour Sydney skips (2022-10-02 02:00 → 03:00): date_create() moves it forward
    ("2022-10-02 02:30:00", SYDNEY, "2022-10-02T03:30:00"),
    ("2022-10-02 02:00:00", SYDNEY, "2022-10-02T03:00:00"),
    ("2022-10-02 01:59:59", SYDNEY, "2022-10-02T01:59:59"),
    ("2022-10-02 03:00:00", SYDNEY, "2022-10-02T03:00:00"),
    # the hour Sydney repeats (2023-04-02 03:00 → 02:00) is a real wall time: unchanged
    ("2023-04-02 02:30:00", SYDNEY, "2023-04-02T02:30:00"),
    ("2021-03-28 02:15:00", PARIS, "2021-03-28T03:15:00"),
    ("2021-06-01 05:29:59", site_timezone("", "5.5"), "2021-06-01T05:29:59"),  # fixed offsets have no gap
    ("2022-10-02 02:30:00", None, "2022-10-02T02:30:00"),
    ("0000-00-00 00:00:00", SYDNEY, None),
])
def test_rfc3339_reads_wall_times_in_the_site_zone(stored: str, tz: dt.tzinfo | None, shown: str | None) -> None:
    assert to_rfc3339(stored, tz) == shown


def test_gmt_of_skipped_and_repeated_local_times() -> None:
    # get_gmt_from_date(): a skipped time counts with the offset before the change; a repeated
    # one is its first (daylight-saving) occurrence.
    assert gmt_from_local("2022-10-02 02:30:00", SYDNEY) == "2022-10-01 16:30:00"
    assert gmt_from_local("2023-04-02 02:30:00", SYDNEY) == "2023-04-01 15:30:00"
    assert gmt_from_local("2021-06-01 05:30:00", site_timezone("", "5.5")) == "2021-06-01 00:00:00"
    assert gmt_from_local("2021-06-01 05:30:00", site_timezone("", "-3.5")) == "2021-06-01 09:00:00"


@pytest.mark.parametrize(("value", "local"), [
    ("2022-10-01T16:00:00Z", "2022-10-02 03:00:00"),
    ("2022-10-02T02:30:00", "2022-10-02 03:30:00"),  # no offset: site time, skipped → after the gap
    ("2023-04-02T02:30:00+10:00", "2023-04-02 02:30:00"),
    ("2023-04-01T16:00:00Z", "2023-04-02 02:00:00"),
])
def test_before_after_with_offsets_compare_in_site_time(value: str, local: str) -> None:
    assert rest_date_to_local(value, SYDNEY) == local


def test_a_mysql_datetime_reads_as_wordpress_text() -> None:
    """MariaDB's driver gives a DATETIME as a datetime: read back as MySQL shows it, years
    below 1000 padded to four digits, the zero date for none."""
    column, dialect = WPDateTime(), mysql.dialect()
    assert column.process_result_value(dt.datetime(2021, 12, 20, 16, 0, 5), dialect) == "2021-12-20 16:00:05"
    assert column.process_result_value(dt.datetime(999, 1, 2, 3, 4, 5), dialect) == "0999-01-02 03:04:05"
    assert column.process_result_value(dt.datetime(2021, 1, 2, 3, 4, 5, 600), dialect) == "2021-01-02 03:04:05"
    assert column.process_result_value(None, dialect) == "0000-00-00 00:00:00"
