"""PHP's reading of numbers in request values: is_numeric() and the (int) cast that never fails."""

from __future__ import annotations

import math
import re
from typing import Any

_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$", re.ASCII)


def is_numeric(value: Any) -> bool:
    """PHP's is_numeric."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return not (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))
    return isinstance(value, str) and bool(_NUMERIC.match(value))


def to_number(value: Any) -> float:
    return float(value.strip()) if isinstance(value, str) else float(value)


# PHP's integers (and BIGINT columns): 64-bit signed.
PHP_INT_MAX = 2**63 - 1
PHP_INT_MIN = -(2**63)
_INTEGER_STRING = re.compile(r"^\s*[+-]?\d+\s*$", re.ASCII)
_LEADING_NUMBER = re.compile(r"^\s*[+-]?\d+", re.ASCII)


def php_intval(value: Any) -> int:
    """PHP's (int) cast of a request or stored value, which never fails: numeric strings beyond
    64 bits saturate at PHP_INT_MAX/MIN ("1e309", INF, is 0), floats beyond wrap around, a
    leading number is kept ("12abc" is 12), anything else is 0."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return max(PHP_INT_MIN, min(PHP_INT_MAX, value))
    if isinstance(value, float):
        # A float out of range wraps around modulo 2**64 (PHP 8 on 64 bits: (int) 1e19 is
        # -8446744073709551616, (int) 1e300 is 0); INF and NAN are 0.
        if math.isnan(value) or math.isinf(value):
            return 0
        wrapped = int(value) % 2**64
        return wrapped - 2**64 if wrapped > PHP_INT_MAX else wrapped
    if isinstance(value, str):
        if _INTEGER_STRING.match(value):
            digits = value.strip().lstrip("+-").lstrip("0")
            if len(digits) > 19:
                # Beyond 64 bits whatever the digits (and Python refuses int() of very long ones).
                return PHP_INT_MIN if value.strip().startswith("-") else PHP_INT_MAX
            return max(PHP_INT_MIN, min(PHP_INT_MAX, int(value)))
        if is_numeric(value):
            # A numeric string is capped, not wrapped ((int) "1e30" is PHP_INT_MAX).
            number = to_number(value)
            if math.isnan(number) or math.isinf(number):
                return 0
            return max(PHP_INT_MIN, min(PHP_INT_MAX, int(number)))
        lead = _LEADING_NUMBER.match(value)
        return php_intval(lead.group(0)) if lead else 0
    return 0


def php_int_multiply(a: int, b: int) -> int | float:
    """PHP's `$a * $b` of two integers: a product beyond 64 bits is a float (whose later (int)
    wraps around, see php_intval())."""
    product = a * b
    return product if PHP_INT_MIN <= product <= PHP_INT_MAX else float(product)


def absint(value: Any) -> int:
    """WordPress's absint(): abs(intval()). PHP's abs(PHP_INT_MIN) is a float no id can equal;
    held at PHP_INT_MAX it matches no row either and any database can still bind it."""
    return min(abs(php_intval(value)), PHP_INT_MAX)
