"""Finance figures per grant: budget vs actual, burn rates, variance flags.

Everything here is in the grant's own currency (no conversion needed, none done); roll-ups
across grants, which need a reporting currency, are in ``rollups``. Figures come from
aggregate queries; Python only arranges the aggregated rows.

- spent: official expenditure (drafts from reports not yet approved do not count);
- disbursed: paid requests; obligated: approved + paid; committed: the current budget;
- burn rates: spent ÷ disbursed (how much of what was paid has been used) and
  disbursed ÷ committed (how much of the budget has been paid out);
- flags (thresholds in the "grant rules" settings): a budget line whose spending passes
  ``overspend_threshold_pct`` % of its amount; a grant whose spending passes that share of the
  committed budget; a grant that has run at least a quarter of its time and spent less than
  ``underspend_threshold_pct`` % of what a straight-line plan would have spent by today.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, IntegerField, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    BudgetLine,
    BudgetVersionStatus,
    CostCategory,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantSettings,
)

ZERO = Decimal(0)
UNDERSPEND_AFTER = Decimal("0.25")  # do not judge spending before a quarter of the grant's time


def period_year():
    """The year of ``period_start``, computed natively on SQLite too (its date functions are Python
    callbacks, slow over tens of thousands of rows): the first four characters of the ISO date."""
    return Cast(Substr(Cast("period_start", output_field=CharField()), 1, 4), output_field=IntegerField())


def _ratio(a: Decimal, b: Decimal) -> Decimal | None:
    return (a / b).quantize(Decimal("0.0001")) if b else None


@dataclass
class LineActual:
    category: str
    year: int
    budget: Decimal
    spent: Decimal

    @property
    def category_label(self) -> str:
        return str(CostCategory(self.category).label) if self.category in CostCategory.values else self.category

    @property
    def variance(self) -> Decimal:
        return self.budget - self.spent

    @property
    def used(self) -> Decimal | None:
        return _ratio(self.spent, self.budget)


@dataclass
class Flag:
    """A spending flag; its sentence is written only when shown (dashboards flag many grants)."""

    kind: str  # "overspend" | "underspend"
    code: str  # "grant_over" | "line_over" | "line_unbudgeted" | "under"
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        p = dict(self.params)
        if "category" in p:
            p["cat"] = str(CostCategory(p["category"]).label) if p["category"] in CostCategory.values else p["category"]
        if self.code == "grant_over":
            return str(_("Spent %(pct)s%% of the committed budget.") % p)
        if self.code == "line_over":
            return str(_("%(cat)s %(year)s: spent %(pct)s%% of the line.") % p)
        if self.code == "line_unbudgeted":
            return str(_("%(cat)s %(year)s: spending without a budget line.") % p)
        return str(_("Spent %(pct)s%% of the %(plan)s a straight-line plan expects by now.") % p)


@dataclass
class GrantFinance:
    grant: Grant
    currency: str
    committed: Decimal
    obligated: Decimal
    disbursed: Decimal
    spent: Decimal
    lines: list[LineActual] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.obligated

    @property
    def spent_of_disbursed(self) -> Decimal | None:
        return _ratio(self.spent, self.disbursed)

    @property
    def disbursed_of_committed(self) -> Decimal | None:
        return _ratio(self.disbursed, self.committed)


def elapsed_share(grant: Grant, today: datetime.date) -> Decimal:
    total = (grant.end_date - grant.start_date).days or 1
    done = min(max((today - grant.start_date).days, 0), total)
    return Decimal(done) / Decimal(total)


def spending_flags(*, committed: Decimal, spent: Decimal, elapsed: Decimal, currency: str,
                   rules: GrantSettings, lines=()) -> list[Flag]:
    """Over- and under-spending of a grant (and of its lines) against the thresholds of ``rules``."""
    flags = []
    over = Decimal(rules.overspend_threshold_pct) / 100
    under = Decimal(rules.underspend_threshold_pct) / 100
    if committed and spent > committed * over:
        flags.append(Flag("overspend", "grant_over", {"pct": (spent / committed * 100).quantize(Decimal("1"))}))
    for line in lines:
        if line.budget and line.spent > line.budget * over:
            flags.append(Flag("overspend", "line_over", {"category": line.category, "year": line.year,
                                                        "pct": (line.spent / line.budget * 100).quantize(Decimal("1"))}))
        elif not line.budget and line.spent:
            flags.append(Flag("overspend", "line_unbudgeted", {"category": line.category, "year": line.year}))
    plan = committed * elapsed
    if elapsed >= UNDERSPEND_AFTER and plan and spent < plan * under:
        flags.append(Flag("underspend", "under", {"pct": (spent / plan * 100).quantize(Decimal("1")),
                                                  "plan": f"{currency} {plan.quantize(Decimal('1')):,}"}))
    return flags


def budget_vs_actual_many(*, grant_ids) -> dict[int, list[LineActual]]:
    """Current budget lines against official expenditure, by cost category and year (of the
    period start), for several grants in two queries."""
    budget: dict[int, dict[tuple, Decimal]] = defaultdict(dict)
    for grant_id, c, y, a in BudgetLine.objects.filter(
        version__grant__in=grant_ids, version__status=BudgetVersionStatus.APPROVED
    ).values_list("version__grant_id", "category", "year", "amount"):
        budget[grant_id][(c, y)] = a
    spent: dict[int, dict[tuple, Decimal]] = defaultdict(dict)
    for r in (Expenditure.objects.filter(grant__in=grant_ids, status=ExpenditureStatus.OFFICIAL)
              .annotate(year=period_year()).values("grant_id", "category", "year")
              .annotate(total=Sum("amount")).order_by()):
        spent[r["grant_id"]][(r["category"], r["year"])] = r["total"]
    order = list(CostCategory.values)
    result = {}
    for grant_id in set(budget) | set(spent):
        b, s = budget.get(grant_id, {}), spent.get(grant_id, {})
        keys = sorted(set(b) | set(s), key=lambda k: (k[1], order.index(k[0]) if k[0] in order else 99))
        result[grant_id] = [LineActual(c, y, b.get((c, y), ZERO), s.get((c, y), ZERO)) for c, y in keys]
    return result


def budget_vs_actual(*, grant: Grant) -> list[LineActual]:
    """Current budget lines against official expenditure, by cost category and year (of the period start)."""
    return budget_vs_actual_many(grant_ids=[grant.pk]).get(grant.pk, [])


def grant_finance(*, grant: Grant, today: datetime.date | None = None) -> GrantFinance:
    """Committed, obligated, disbursed, spent, lines and flags for one grant (a handful of queries)."""
    today = today or timezone.localdate()
    disbursed = grant.paid_amount
    lines = budget_vs_actual(grant=grant)
    spent = sum((line.spent for line in lines), ZERO)
    finance = GrantFinance(grant=grant, currency=grant.currency, committed=grant.committed_amount,
                           obligated=grant.obligated_amount, disbursed=disbursed, spent=spent, lines=lines)
    finance.flags = spending_flags(committed=grant.committed_amount, spent=spent, elapsed=elapsed_share(grant, today),
                                   currency=grant.currency, rules=GrantSettings.load(), lines=lines)
    return finance
