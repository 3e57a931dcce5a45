"""Frozen report data: ``build_snapshot`` assembles everything a donor report shows.

Contract: ``build_snapshot(spec=..., period=..., as_of=..., currency=..., language=...)`` returns
a plain dict (strings, ints, lists, dicts; Decimals as strings, dates as ISO strings) that is
JSON-serialisable and digestable (``digest``). The PDF renderer and the HTML preview read only
this dict, so both show the same numbers, and a stored snapshot re-renders to the same PDF.

The report's effective date is the earlier of the period's end and the as-of time: figures are
cumulative to that date, "in period" figures run from the period's start to it. Reads run in a
system context that sees the whole portfolio, restricted explicitly to the scope
(``reporting.snapshot.scope``). ``progress`` (optional) is called with a percentage as
sections complete.
"""
from __future__ import annotations

import datetime
from typing import Callable

from django.conf import settings
from django.utils import timezone, translation

from ..periods import Period, ScopeSpec
from . import alignment, finance, overview, results
from .data import canonical_json, dec, digest, plain  # noqa: F401
from .fx import Rates
from .scope import Scope, ScopeError, resolve_scope  # noqa: F401

SCHEMA = 1


def report_currency(scope: Scope, requested: str | None = None) -> str:
    if requested:
        return requested
    if scope.programme and scope.programme.currency:
        return scope.programme.currency
    return getattr(settings, "PROGRAMME_CURRENCY", "USD")


def scope_currencies(scope: Scope) -> set[str]:
    """Every currency the scope's money is recorded in (the rate book loads their rates at once)."""
    grant_currencies = set(scope.grants.values_list("currency", flat=True).distinct())
    planned = set(scope.initiatives.values_list("planned_budget_currency", flat=True).distinct())
    return {c for c in grant_currencies | planned if c}


def build_snapshot(
    *, spec: ScopeSpec, period: Period, as_of: datetime.datetime | None = None, currency: str | None = None,
    language: str = "en", progress: Callable[[int], None] | None = None,
) -> dict:
    as_of = as_of or timezone.now()
    if timezone.is_naive(as_of):
        as_of = timezone.make_aware(as_of)
    as_of = as_of.replace(microsecond=0)
    on = min(period.end, timezone.localtime(as_of).date())
    step = progress or (lambda pct: None)
    with translation.override(language):
        scope = resolve_scope(spec)
        currency = report_currency(scope, currency)
        rates = Rates(currency=currency, on=on, currencies=scope_currencies(scope))
        snapshot = {
            "schema": SCHEMA,
            "meta": {
                "scope": {"kind": spec.kind, "ref": spec.ref, "key": spec.key, "label": scope.label},
                "period": {"key": period.key, "label": period.label, "type": period.type,
                           "start": period.start.isoformat(), "end": period.end.isoformat()},
                "as_of": as_of.isoformat(),
                "effective_date": on.isoformat(),
                "currency": currency,
                "language": language,
            },
        }
        snapshot["basics"] = overview.basics_section(scope, rates)
        snapshot["empty"] = snapshot["basics"]["initiatives"] == 0 and snapshot["basics"]["grants"] == 0
        step(10)
        if snapshot["empty"]:
            snapshot["finance"] = None
            snapshot["meta"]["rates"] = rates.rates_listing()
            snapshot["meta"]["missing_rates"] = rates.missing_listing()
            return plain(snapshot)
        snapshot["results"] = results.results_section(scope, period, on)
        indicator_counts = snapshot["results"]["counts"]
        step(25)
        milestones = overview.milestones_section(scope, period, on)
        snapshot["milestones"] = milestones
        snapshot["summary"] = {
            "indicators": indicator_counts,
            "initiatives_by_status": overview.status_counts(scope),
            "people_trained": overview.people_trained(scope, period, on),
        }
        snapshot["alignment"] = alignment.sdg_section(scope, rates)
        snapshot["coherence"] = alignment.coherence_section(scope)
        step(40)
        snapshot["finance"] = finance.finance_section(scope, period, on, rates)
        step(55)
        by_country = {r["country"]: {k: r[k] for k in results.STATUSES} for r in snapshot["results"]["by_country"]}
        cards = overview.countries_section(scope, rates, by_country, milestones)
        money = {r["name"]: r for r in snapshot["finance"]["by_country"]}
        for card in cards:
            row = money.get(card["country"], {})
            card["finance"] = {k: row.get(k) for k in ("committed", "disbursed", "spent", "burn_rate")}
        snapshot["countries"] = cards
        snapshot["lessons"] = overview.lessons_section(scope, period)
        snapshot["annex"] = {
            "initiatives": overview.initiative_annex(scope, rates),
            "grants": finance.grant_annex(scope, on),
            "grant_detail": finance.grant_detail(scope, period, on) if scope.grant is not None else None,
        }
        snapshot["meta"]["rates"] = rates.rates_listing()
        snapshot["meta"]["missing_rates"] = rates.missing_listing()
        step(70)
        return plain(snapshot)
