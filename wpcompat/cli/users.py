"""Commands of this family are registered by their own issue's work."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    return None
