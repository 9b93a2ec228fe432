"""WordPress's dates: `Y-m-d H:i:s` strings in the site's time zone and in UTC."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZERO_DATE = "0000-00-00 00:00:00"
MYSQL_FORMAT = "%Y-%m-%d %H:%M:%S"
# rest_parse_date: a date and time, optional fraction, optional Z or offset.
_REST_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$"
)


@lru_cache(maxsize=64)
def site_timezone(timezone_string: str, gmt_offset: str) -> dt.tzinfo:
    """wp_timezone(): the named zone when set, else the fixed `gmt_offset` (hours, may be fractional)."""
    if timezone_string:
        try:
            return ZoneInfo(timezone_string)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        hours = float(gmt_offset or 0)
    except ValueError:
        hours = 0.0
    return dt.timezone(dt.timedelta(hours=hours))


def to_rfc3339(mysql_date: str | None, tz: dt.tzinfo | None = None) -> str | None:
    """mysql_to_rfc3339: `2021-12-20 16:00:00` → `2021-12-20T16:00:00`; the zero date → None.

    WordPress reads the value with date_create() in the site's zone (mysql2date), whatever the
    column: a wall time that zone skips (the hour lost when daylight saving starts) comes out
    moved forward by the gap, `2022-10-02 02:30` in Sydney as `03:30`. Pass the site's zone.
    """
    if not mysql_date or mysql_date.startswith("0000-00-00"):
        return None
    text = mysql_date[:10] + "T" + mysql_date[11:19]
    if isinstance(tz, ZoneInfo):
        return _normalise_wall_time(text, tz)
    return text


@lru_cache(maxsize=4096)
def _normalise_wall_time(text: str, tz: ZoneInfo) -> str:
    try:
        wall = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    # fold=0 reads a skipped time with the offset in force before the change, as PHP does;
    # the round trip through UTC then lands after the gap. Other times come back unchanged.
    real = wall.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    return real.isoformat() if real != wall else text


def parse_mysql(value: str) -> dt.datetime | None:
    if not value or value.startswith("0000-00-00"):
        return None
    return dt.datetime.strptime(value[:19], MYSQL_FORMAT)


def format_mysql(value: dt.datetime) -> str:
    return value.strftime(MYSQL_FORMAT)


def gmt_from_local(local: str, tz: dt.tzinfo) -> str:
    """get_gmt_from_date for a site-local `Y-m-d H:i:s`."""
    parsed = parse_mysql(local)
    if parsed is None:
        return ZERO_DATE
    return format_mysql(parsed.replace(tzinfo=tz).astimezone(dt.UTC).replace(tzinfo=None))


def local_from_gmt(gmt: str, tz: dt.tzinfo) -> str:
    """get_date_from_gmt for a UTC `Y-m-d H:i:s`."""
    parsed = parse_mysql(gmt)
    if parsed is None:
        return ZERO_DATE
    return format_mysql(parsed.replace(tzinfo=dt.UTC).astimezone(tz).replace(tzinfo=None))


def now_gmt() -> str:
    return format_mysql(dt.datetime.now(dt.UTC).replace(tzinfo=None))


def now_local(tz: dt.tzinfo) -> str:
    return format_mysql(dt.datetime.now(tz).replace(tzinfo=None))


def is_rest_date(value: str) -> bool:
    """Does `value` pass rest_parse_date (an RFC 3339 date-time that strtotime() reads)?

    strtotime() refuses a month past 12, a day past 31, an hour past 24, a minute past 59 or a
    second past 60, and takes the rest (month or day 00, 30 February, 24:00) by rolling over."""
    m = _REST_DATE.match(value)
    if not m:
        return False
    _, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    return mo <= 12 and d <= 31 and h <= 24 and mi <= 59 and s <= 60


def parse_rest_date(value: str, tz: dt.tzinfo) -> dt.datetime | None:
    """An RFC 3339 date-time as an aware datetime; a value without offset is read in `tz`."""
    m = _REST_DATE.match(value)
    if not m:
        return None
    y, mo, d, h, mi, s, zulu, sign, oh, om = m.groups()
    if not is_rest_date(value):
        return None
    # Out-of-range fields roll over as strtotime() does: month 00 is December before, day 00
    # the month's eve, 30 February early March, 24:00 the next midnight.
    year, month0 = divmod(int(y) * 12 + int(mo) - 1, 12)
    try:
        naive = dt.datetime(year, month0 + 1, 1) + dt.timedelta(
            days=int(d) - 1, hours=int(h), minutes=int(mi), seconds=int(s)
        )
    except (ValueError, OverflowError):
        return None
    if zulu:
        return naive.replace(tzinfo=dt.UTC)
    if sign:
        delta = dt.timedelta(hours=int(oh), minutes=int(om or 0))
        return naive.replace(tzinfo=dt.timezone(delta if sign == "+" else -delta))
    return naive.replace(tzinfo=tz)


def rest_date_to_local(value: str, tz: dt.tzinfo) -> str | None:
    """A REST date parameter as a site-local `Y-m-d H:i:s` (how WP_Date_Query compares them)."""
    parsed = parse_rest_date(value, tz)
    if parsed is None:
        return None
    # Through UTC: a time the zone skips comes out after the gap, as date_create() gives it.
    return format_mysql(parsed.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None))


def rest_date_to_gmt(value: str, tz: dt.tzinfo) -> str | None:
    parsed = parse_rest_date(value, tz)
    if parsed is None:
        return None
    return format_mysql(parsed.astimezone(dt.UTC).replace(tzinfo=None))
