"""--rewrite-urls inside PHP-serialized values: lengths fixed, broken values left alone."""

from wpcompat.util.phpserial import dumps, loads
from wpcompat.wxr.rewrite import rewrite_meta, rewrite_text

OLD, NEW = "http://old.test", "https://www.new-site.example"


def test_lengths_are_recomputed_in_utf8_bytes():
    value = dumps({"u": f"{OLD}/é", "n": [1, 2.5, True, None, f"{OLD}/x"]})
    out = rewrite_meta(value, OLD, NEW)
    assert loads(out) == {"u": f"{NEW}/é", "n": [1, 2.5, True, None, f"{NEW}/x"]}
    assert f's:{len(f"{NEW}/é".encode())}:"{NEW}/é";' in out


def test_serialized_inside_serialized():
    inner = dumps([f"{OLD}/a"])
    out = rewrite_meta(dumps({"inner": inner}), OLD, NEW)
    assert loads(loads(out)["inner"]) == [f"{NEW}/a"]


def test_broken_serialized_value_is_left_unchanged():
    broken = f'a:1:{{i:0;s:3:"{OLD}/a";}}'
    assert rewrite_meta(broken, OLD, NEW) == broken


def test_plain_values_and_text():
    assert rewrite_meta(f"{OLD}/x", OLD, NEW) == f"{NEW}/x"
    assert rewrite_text(f"<a href='{OLD}/'>", OLD, NEW) == f"<a href='{NEW}/'>"
    assert rewrite_meta("s:3:", OLD, NEW) == "s:3:"
