"""How snapshot values are written: JSON-safe, canonical, digestable.

Decimals become strings (never floats), dates ISO strings. ``canonical_json`` sorts keys and
fixes separators so that the same data always gives the same bytes, and ``digest`` is the
SHA-256 of those bytes: the fingerprint stored with every generated report.
"""
from __future__ import annotations

import datetime
import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise

CENT = Decimal("0.01")


def dec(value, places: str = "0.01") -> str | None:
    """A Decimal (or int) as a fixed-point string; None stays None."""
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def ratio(part, whole, places: str = "0.0001") -> str | None:
    """part / whole as a decimal string, None when the whole is zero or missing."""
    if part is None or not whole:
        return None
    return str((Decimal(part) / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Promise):  # a translated label: resolved in the report's language
        return str(value)
    raise TypeError(f"{type(value).__name__} is not allowed in a report snapshot")


def canonical_json(data) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default).encode("utf-8")


def digest(data) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def plain(data):
    """The snapshot as it will read back from JSON (so stored and fresh snapshots compare equal)."""
    return json.loads(canonical_json(data))
