"""Exchange rates: add one, or import a CSV file all-or-nothing.

The CSV has a header row ``base,quote,date,rate,source`` (``source`` may be left empty when a
default source is given). Every row is checked before anything is written; if any row is
wrong, nothing is imported and the errors name the row numbers (the header is row 1). A row
identical to a stored rate is skipped, so re-importing the same file changes nothing; a row
that contradicts a stored rate is an error (rates that were used must not change silently).
"""
from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio.money import ISO_4217

from ..models import ExchangeRate
from .common import FINANCE, OFFICERS, clean_currency, clean_date, require_role
from .ledger import audit_record

HEADER = ["base", "quote", "date", "rate", "source"]
MAX_ROWS = 50_000


def _clean_rate(value, *, field: str = "rate") -> Decimal:
    try:
        rate = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    if not rate.is_finite() or rate <= 0:
        raise ValidationError({field: _("A rate must be greater than zero.")})
    if rate != rate.quantize(Decimal("1e-10")) or rate >= Decimal("1e10"):
        raise ValidationError({field: _("A rate has at most 10 digits before and 10 after the decimal point.")})
    return rate


@transaction.atomic
def exchange_rate_create(*, base: str, quote: str, date, rate, source: str, by) -> ExchangeRate:
    require_role(by, OFFICERS | FINANCE, doing=_("add exchange rates"))
    base = clean_currency(base, field="base")
    quote = clean_currency(quote, field="quote")
    if base == quote:
        raise ValidationError({"quote": _("A rate converts between two different currencies.")})
    day = clean_date(date, field="date")
    value = _clean_rate(rate)
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": _("Name the source of the rate.")})
    if ExchangeRate.objects.filter(base=base, quote=quote, date=day).exists():
        raise ValidationError({"date": _("There is already a %(base)s to %(quote)s rate for %(date)s.")
                               % {"base": base, "quote": quote, "date": day.isoformat()}})
    obj = ExchangeRate.objects.create(base=base, quote=quote, date=day, rate=value, source=source[:120])
    audit_record(actor=by, action="rate.create", obj=obj,
                 data={"pair": f"{base}/{quote}", "date": day.isoformat(), "rate": str(value), "source": obj.source})
    return obj


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _row_error(n: int, message) -> str:
    return _("Row %(n)s: %(message)s") % {"n": n, "message": message}


def exchange_rates_import(*, file, by, default_source: str = "", file_name: str = "") -> ImportResult:
    """Import rates from a CSV (text or binary file object); nothing is saved unless every row is valid."""
    require_role(by, OFFICERS | FINANCE, doing=_("import exchange rates"))
    raw = file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return ImportResult(errors=[_("The file is not UTF-8 text.")])
    reader = csv.reader(io.StringIO(raw))
    rows = list(reader)
    result = ImportResult()
    if not rows:
        result.errors.append(_("The file is empty."))
        return result
    header = [h.strip().lower() for h in rows[0]]
    if header[:4] != HEADER[:4]:
        result.errors.append(_("Row 1: the header must be “%(header)s”.") % {"header": ",".join(HEADER)})
        return result
    if len(rows) - 1 > MAX_ROWS:
        result.errors.append(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
        return result
    parsed: dict[tuple[str, str, datetime.date], tuple[int, Decimal, str]] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 4:
            result.errors.append(_row_error(n, _("expected base, quote, date, rate, source.")))
            continue
        base, quote = row[0].strip().upper(), row[1].strip().upper()
        source = (row[4].strip() if len(row) > 4 else "") or default_source.strip()
        problems = []
        for label, code in (("base", base), ("quote", quote)):
            if code not in ISO_4217:
                problems.append(_("%(col)s “%(code)s” is not an ISO 4217 currency code.") % {"col": label, "code": code})
        if base == quote and base:
            problems.append(_("base and quote are the same currency."))
        try:
            day = datetime.date.fromisoformat(row[2].strip())
        except ValueError:
            day = None
            problems.append(_("date “%(value)s” is not a date (use YYYY-MM-DD).") % {"value": row[2].strip()})
        try:
            rate = _clean_rate(row[3], field="rate")
        except ValidationError as exc:
            rate = None
            problems.append(_("rate: %(msg)s") % {"msg": " ".join(exc.messages)})
        if not source:
            problems.append(_("the source is missing."))
        elif len(source) > 120:
            problems.append(_("the source has more than 120 characters."))
        if problems:
            result.errors.extend(_row_error(n, p) for p in problems)
            continue
        key = (base, quote, day)
        if key in parsed:
            result.errors.append(_row_error(n, _("%(base)s to %(quote)s on %(date)s is already on row %(other)s.")
                                            % {"base": base, "quote": quote, "date": day, "other": parsed[key][0]}))
            continue
        parsed[key] = (n, rate, source)
    if not parsed and not result.errors:
        result.errors.append(_("The file has no rates."))
    if result.errors:
        return result
    existing = {}
    dates = {k[2] for k in parsed}
    for r in ExchangeRate.objects.filter(date__in=dates, base__in={k[0] for k in parsed}, quote__in={k[1] for k in parsed}):
        existing[(r.base, r.quote, r.date)] = r
    to_create = []
    for key, (n, rate, source) in parsed.items():
        stored = existing.get(key)
        if stored is None:
            to_create.append(ExchangeRate(base=key[0], quote=key[1], date=key[2], rate=rate, source=source))
        elif stored.rate == rate:
            result.unchanged += 1
        else:
            result.errors.append(_row_error(n, _("a different rate (%(stored)s) is stored for %(base)s to %(quote)s on "
                                                 "%(date)s.") % {"stored": stored.rate.normalize(), "base": key[0],
                                                                "quote": key[1], "date": key[2]}))
    if result.errors:
        result.unchanged = 0
        return result
    with transaction.atomic():
        created = ExchangeRate.objects.bulk_create(to_create, batch_size=1000)
        result.created = len(created)
        if created:
            audit_record(actor=by, action="rate.import", obj=created[0], data={
                "file": file_name[:120], "created": len(created), "unchanged": result.unchanged,
                "pairs": sorted({f"{r.base}/{r.quote}" for r in created}),
                "from": min(r.date for r in created).isoformat(), "to": max(r.date for r in created).isoformat()})
    return result
