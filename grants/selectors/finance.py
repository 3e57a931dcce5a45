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
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear
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
    kind: str  # "overspend" | "underspend"
    message: str


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
    flags = []
    over = Decimal(rules.overspend_threshold_pct) / 100
    under = Decimal(rules.underspend_threshold_pct) / 100
    if committed and spent > committed * over:
        flags.append(Flag("overspend", str(_("Spent %(pct)s%% of the committed budget.") % {
            "pct": (spent / committed * 100).quantize(Decimal("1"))})))
    for line in lines:
        if line.budget and line.spent > line.budget * over:
            flags.append(Flag("overspend", str(_("%(cat)s %(year)s: spent %(pct)s%% of the line.") % {
                "cat": line.category_label, "year": line.year, "pct": (line.spent / line.budget * 100).quantize(Decimal("1"))})))
        elif not line.budget and line.spent:
            flags.append(Flag("overspend", str(_("%(cat)s %(year)s: spending without a budget line.") % {
                "cat": line.category_label, "year": line.year})))
    plan = committed * elapsed
    if elapsed >= UNDERSPEND_AFTER and plan and spent < plan * under:
        flags.append(Flag("underspend", str(_("Spent %(pct)s%% of the %(plan)s a straight-line plan expects by now.") % {
            "pct": (spent / plan * 100).quantize(Decimal("1")), "plan": f"{currency} {plan.quantize(Decimal('1')):,}"})))
    return flags


def budget_vs_actual(*, grant: Grant) -> list[LineActual]:
    """Current budget lines against official expenditure, by cost category and year (of the period start)."""
    budget = dict(
        ((c, y), a) for c, y, a in BudgetLine.objects.filter(
            version__grant=grant, version__status=BudgetVersionStatus.APPROVED
        ).values_list("category", "year", "amount")
    )
    spent = {
        (r["category"], r["year"]): r["total"]
        for r in Expenditure.objects.filter(grant=grant, status=ExpenditureStatus.OFFICIAL)
        .annotate(year=ExtractYear("period_start")).values("category", "year")
        .annotate(total=Sum("amount")).order_by()
    }
    keys = sorted(set(budget) | set(spent), key=lambda k: (k[1], list(CostCategory.values).index(k[0])
                                                           if k[0] in CostCategory.values else 99))
    return [LineActual(c, y, budget.get((c, y), ZERO), spent.get((c, y), ZERO)) for c, y in keys]


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
