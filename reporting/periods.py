"""Reporting periods and report scopes: parsing what people type, and what a schedule means.

A period is a closed date range with a stable key: ``2026-Q3``, ``2026-H1``, ``2026`` or
``2026-02-01:2026-03-15`` (custom). ``parse_period`` accepts exactly those forms and raises
``ValueError`` with a message naming the accepted forms otherwise. ``last_complete_period``
gives the period a subscription reports on when its schedule fires (the latest one that has
ended on or before the given date), so two firings on the same day name the same period.

A scope is ``programme``, ``donor:<id>``, ``country:<ISO>`` or ``grant:<id>`` (``ScopeSpec``);
resolving it against the database is ``reporting.snapshot.scope``'s job.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    SEMI_ANNUAL = "semi_annual", _("Semi-annual")
    ANNUAL = "annual", _("Annual")
    CUSTOM = "custom", _("Custom dates")


class ScopeKind(models.TextChoices):
    PROGRAMME = "programme", _("Whole programme")
    DONOR = "donor", _("What a donor funds")
    COUNTRY = "country", _("One country")
    GRANT = "grant", _("One grant")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    type: str

    @property
    def key(self) -> str:
        if self.type == PeriodType.QUARTERLY:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.type == PeriodType.SEMI_ANNUAL:
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        if self.type == PeriodType.ANNUAL:
            return str(self.start.year)
        return f"{self.start.isoformat()}:{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """The period as a reader says it, in the active language (Q3 2026, T3 2026, ...)."""
        if self.type == PeriodType.QUARTERLY:
            return gettext("Q%(n)s %(year)s") % {"n": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        if self.type == PeriodType.SEMI_ANNUAL:
            return gettext("H%(n)s %(year)s") % {"n": 1 if self.start.month == 1 else 2, "year": self.start.year}
        if self.type == PeriodType.ANNUAL:
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def __str__(self) -> str:
        return self.key


PERIOD_FORMS = "2026-Q3, 2026-H1, 2026 or YYYY-MM-DD:YYYY-MM-DD"
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.I)
_HALF = re.compile(r"^(\d{4})-H([12])$", re.I)
_YEAR = re.compile(r"^(\d{4})$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$")


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def quarter(year: int, q: int) -> Period:
    return Period(datetime.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), PeriodType.QUARTERLY)


def half(year: int, h: int) -> Period:
    return Period(datetime.date(year, 6 * h - 5, 1), _month_end(year, 6 * h), PeriodType.SEMI_ANNUAL)


def year(y: int) -> Period:
    return Period(datetime.date(y, 1, 1), datetime.date(y, 12, 31), PeriodType.ANNUAL)


def parse_period(text: str) -> Period:
    """'2026-Q3' | '2026-H1' | '2026' | 'YYYY-MM-DD:YYYY-MM-DD' -> Period; ValueError otherwise."""
    text = (text or "").strip()
    if m := _QUARTER.match(text):
        return quarter(int(m[1]), int(m[2]))
    if m := _HALF.match(text):
        return half(int(m[1]), int(m[2]))
    if m := _YEAR.match(text):
        return year(int(m[1]))
    if m := _CUSTOM.match(text):
        try:
            start, end = datetime.date.fromisoformat(m[1]), datetime.date.fromisoformat(m[2])
        except ValueError as exc:
            raise ValueError(f"“{text}” has an impossible date ({exc}).") from None
        if end < start:
            raise ValueError(f"“{text}”: the period ends before it starts.")
        return Period(start, end, PeriodType.CUSTOM)
    raise ValueError(f"“{text}” is not a period. Use one of: {PERIOD_FORMS}.")


def period_containing(day: datetime.date, period_type: str) -> Period:
    if period_type == PeriodType.QUARTERLY:
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if period_type == PeriodType.SEMI_ANNUAL:
        return half(day.year, 1 if day.month <= 6 else 2)
    if period_type == PeriodType.ANNUAL:
        return year(day.year)
    raise ValueError(f"A schedule cannot use the period type {period_type!r}.")


def last_complete_period(period_type: str, *, today: datetime.date) -> Period:
    """The latest period of this type that ended before ``today``."""
    current = period_containing(today, period_type)
    return period_containing(current.start - datetime.timedelta(days=1), period_type)


# When a schedule fires: the months in which a period has just ended.
SCHEDULE_MONTHS = {
    PeriodType.QUARTERLY: "1,4,7,10",
    PeriodType.SEMI_ANNUAL: "1,7",
    PeriodType.ANNUAL: "1",
}


@dataclass(frozen=True)
class ScopeSpec:
    kind: str
    ref: str = ""

    @property
    def key(self) -> str:
        return self.kind if self.kind == ScopeKind.PROGRAMME else f"{self.kind}:{self.ref}"

    def __str__(self) -> str:
        return self.key


SCOPE_FORMS = "programme, donor:<id>, country:<ISO code> or grant:<id>"


def parse_scope(text: str) -> ScopeSpec:
    """'programme' | 'donor:12' | 'country:EC' | 'grant:7' -> ScopeSpec; ValueError otherwise."""
    text = (text or "").strip()
    if text.lower() == ScopeKind.PROGRAMME:
        return ScopeSpec(ScopeKind.PROGRAMME)
    kind, sep, ref = text.partition(":")
    kind, ref = kind.strip().lower(), ref.strip()
    if not sep or not ref or kind not in (ScopeKind.DONOR, ScopeKind.COUNTRY, ScopeKind.GRANT):
        raise ValueError(f"“{text}” is not a scope. Use one of: {SCOPE_FORMS}.")
    if kind in (ScopeKind.DONOR, ScopeKind.GRANT) and not ref.isdigit():
        raise ValueError(f"“{text}”: a {kind} scope takes the {kind}'s numeric id, e.g. {kind}:12.")
    if kind == ScopeKind.COUNTRY:
        if not re.fullmatch(r"[A-Za-z]{2,3}", ref):
            raise ValueError(f"“{text}”: a country scope takes an ISO code, e.g. country:EC.")
        ref = ref.upper()
    return ScopeSpec(kind, ref)
