"""Money across grants, in one reporting currency: per country, per donor, per SDG target.

Amounts in different currencies are never added raw: each is aggregated in the database per
(group, currency, value date), converted at the rate of its value date, then summed. The
value dates: a commitment, the day its current budget was approved; a disbursement, its paid
date; expenditure, the end of its period. Every result lists the rates it used; amounts whose
rate is missing are left out of the totals and listed in ``missing`` (the screen says so).

- country: the initiative's lead country (a multi-country initiative counts there);
- donor: the grant's funders, each credited with its share of every amount;
- SDG target: committed budget attributed by the initiative's SDG percentage shares.

``funding_totals(user=...)`` is scoped to the user; ``public_funding_totals()`` is for the public
site and open data: published initiatives only, aggregates only.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from portfolio.access import scope_queryset
from portfolio.models import Country, Initiative, Organisation
from portfolio.money import Money

from ..models import (
    BudgetVersion,
    BudgetVersionStatus,
    DisbursementRequest,
    Expenditure,
    ExpenditureStatus,
    GrantSettings,
    RequestStatus,
    commitment_value_date,
)
from .fx import RateBook, RateUsed, quantize_money

ZERO = Decimal(0)
_DEC = DecimalField(max_digits=30, decimal_places=8)
MEASURES = ("committed", "disbursed", "spent")


@dataclass
class FundingRow:
    key: object  # a Country, an Organisation (donor) or None for the total
    label: str
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def disbursed_of_committed(self) -> Decimal | None:
        return (self.disbursed / self.committed).quantize(Decimal("0.0001")) if self.committed else None

    @property
    def spent_of_disbursed(self) -> Decimal | None:
        return (self.spent / self.disbursed).quantize(Decimal("0.0001")) if self.disbursed else None


@dataclass
class Missing:
    currency: str
    on: datetime.date
    amount: Decimal
    measure: str


@dataclass
class FundingTotals:
    currency: str
    rows: list[FundingRow]
    total: FundingRow
    rates: list[RateUsed] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def rates_described(self) -> list[str]:
        return [r.describe() for r in self.rates]

    def money(self, measure: str) -> Money:
        """The total of ``measure`` ("committed", "disbursed" or "spent") as Money."""
        return Money(getattr(self.total, measure), self.currency)

    def __getitem__(self, measure: str) -> list[Money]:
        """``totals["committed"]``: the total as a one-item list of Money (one currency, never mixed)."""
        if measure not in MEASURES:
            raise KeyError(measure)
        return [self.money(measure)]


def _flows(initiatives: QuerySet[Initiative], *, group: str, weight: str | None,
           period: tuple[datetime.date | None, datetime.date | None]):
    """Three grouped queries: (group, currency, value date, amount) for each measure."""
    start, end = period
    # Budget versions, requests and expenditure all reach the grant through ``grant``.
    grant_q = {"grant__initiative__in": initiatives.values("pk")}

    def amount(expr):
        if weight:
            return Sum(ExpressionWrapper(expr * F(weight) / Decimal(100), output_field=_DEC))
        return Sum(expr)

    committed = (
        BudgetVersion.objects.filter(status=BudgetVersionStatus.APPROVED, **grant_q)
        .annotate(value_date=commitment_value_date())
        .values(key=F(group), cur=F("grant__currency"), day=F("value_date"))
        .annotate(amount=amount(F("grant__committed_amount"))).order_by()
    )
    paid = DisbursementRequest.objects.filter(status=RequestStatus.PAID, **grant_q)
    spent = Expenditure.objects.filter(status=ExpenditureStatus.OFFICIAL, **grant_q)
    if start:
        paid, spent = paid.filter(paid_date__gte=start), spent.filter(period_end__gte=start)
    if end:
        paid, spent = paid.filter(paid_date__lte=end), spent.filter(period_end__lte=end)
    disbursed = paid.values(key=F(group), cur=F("currency"), day=F("paid_date")) \
        .annotate(amount=amount(F("amount"))).order_by()
    spent = spent.values(key=F(group), cur=F("currency"), day=F("period_end")) \
        .annotate(amount=amount(F("amount"))).order_by()
    return {"committed": committed, "disbursed": disbursed, "spent": spent}


def _convert(flows: dict, currency: str, *, until=None) -> tuple[dict, RateBook, list[Missing]]:
    rows = {measure: list(qs) for measure, qs in flows.items()}
    currencies = {r["cur"] for measure_rows in rows.values() for r in measure_rows}
    book = RateBook(to_currency=currency, currencies=currencies)
    totals: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    missing: dict[tuple, Missing] = {}
    for measure, measure_rows in rows.items():
        for r in measure_rows:
            if r["amount"] is None or r["day"] is None:
                continue
            try:
                totals[r["key"]][measure] += book.convert(Decimal(r["amount"]), r["cur"], r["day"])
            except ValidationError:
                k = (r["cur"], r["day"], measure)
                if k not in missing:
                    missing[k] = Missing(r["cur"], r["day"], ZERO, measure)
                missing[k].amount += Decimal(r["amount"])
    return totals, book, sorted(missing.values(), key=lambda m: (m.currency, m.on, m.measure))


def _assemble(totals, book, missing, currency, labels: dict) -> FundingTotals:
    rows, total = [], FundingRow(key=None, label="")
    for key, measures in totals.items():
        if key is None:
            continue
        obj = labels.get(key)
        row = FundingRow(key=obj, label=str(obj) if obj else str(key))
        for measure in MEASURES:
            value = quantize_money(measures.get(measure, ZERO), currency)
            setattr(row, measure, value)
            setattr(total, measure, getattr(total, measure) + value)
        rows.append(row)
    rows.sort(key=lambda r: (-r.committed, r.label))
    return FundingTotals(currency=currency, rows=rows, total=total, rates=book.rates_used(), missing=missing)


def _reporting_currency(currency: str | None) -> str:
    return currency or GrantSettings.load().reporting_currency


def _rollup(initiatives, *, by: str, currency: str | None, period, measures=MEASURES) -> FundingTotals:
    """``measures`` leaves out the queries (and the rates) of figures nobody will show; those read 0."""
    currency = _reporting_currency(currency)
    if by == "country":
        flows = _flows(initiatives, group="grant__initiative__country_id", weight=None, period=period)
        flows = {m: qs for m, qs in flows.items() if m in measures}
        totals, book, missing = _convert(flows, currency)
        labels = Country.objects.in_bulk([k for k in totals if k is not None])
    elif by == "donor":
        flows = _flows(initiatives, group="grant__funders__donor_id",
                       weight="grant__funders__share", period=period)
        flows = {m: qs for m, qs in flows.items() if m in measures}
        totals, book, missing = _convert(flows, currency)
        labels = Organisation.objects.in_bulk([k for k in totals if k is not None])
    else:
        raise ValueError(f"unknown roll-up {by!r}")
    return _assemble(totals, book, missing, currency, labels)


def funding_rollup(*, user, by: str = "country", currency: str | None = None,
                   period_start: datetime.date | None = None, period_end: datetime.date | None = None) -> FundingTotals:
    """Committed, disbursed and spent per country or per donor, in ``currency``, within the user's scope."""
    return _rollup(scope_queryset(Initiative.objects.all(), user), by=by, currency=currency,
                   period=(period_start, period_end))


def funding_totals(*, user, currency: str | None = None, period_start: datetime.date | None = None,
                   period_end: datetime.date | None = None, initiatives: QuerySet[Initiative] | None = None) -> FundingTotals:
    """Per country, for a user (scoped; ``initiatives`` narrows further, e.g. one donor's report)."""
    qs = scope_queryset(Initiative.objects.all(), user)
    if initiatives is not None:
        qs = qs.filter(pk__in=initiatives.values("pk"))
    return _rollup(qs, by="country", currency=currency, period=(period_start, period_end))


def public_funding_totals(*, initiatives: QuerySet[Initiative] | None = None,
                          currency: str | None = None, measures=MEASURES) -> FundingTotals:
    """Per country, published initiatives only (``initiatives`` narrows further, e.g. one country's):
    what the public site and open data may show. Aggregates only: no grant appears by itself.
    ``measures`` names the figures wanted (the others read 0 and cost nothing)."""
    unknown = set(measures) - set(MEASURES)
    if unknown:
        raise ValueError(f"unknown measures {sorted(unknown)}")
    qs = Initiative.objects.published()
    if initiatives is not None:
        qs = qs.filter(pk__in=initiatives.values("pk"))
    return _rollup(qs, by="country", currency=currency, period=(None, None), measures=tuple(measures))


@dataclass
class SdgFunding:
    currency: str
    goals: list  # portfolio.selectors.rollups.GoalRollup, each (and each target) with ``committed``
    rates: list[RateUsed]
    missing: list[Missing]


def sdg_funding_rollup(*, user, currency: str | None = None, as_of: datetime.date | None = None,
                       goal_number: int | None = None, published_only: bool = False) -> SdgFunding:
    """``portfolio``'s SDG roll-up with the committed grant budget per goal and target added.

    Each goal and target of the result gets a ``committed`` attribute (a Decimal in ``currency``):
    the grants' committed budgets attributed by the initiatives' SDG percentage shares.
    """
    from portfolio.selectors.rollups import sdg_rollup

    currency = _reporting_currency(currency)
    goals = sdg_rollup(user=user, as_of=as_of, goal_number=goal_number)
    initiatives = scope_queryset(Initiative.objects.all(), user)
    if published_only:
        initiatives = initiatives.filter(is_published=True)
    share = ExpressionWrapper(F("grant__committed_amount") * F("grant__initiative__sdg_allocations__percentage")
                              / Decimal(100), output_field=_DEC)
    versions = BudgetVersion.objects.filter(status=BudgetVersionStatus.APPROVED,
                                            grant__initiative__in=initiatives.values("pk"))
    if goal_number is not None:
        versions = versions.filter(grant__initiative__sdg_allocations__target__goal__number=goal_number)
    rows = list(
        versions.annotate(value_date=commitment_value_date())
        .values(target=F("grant__initiative__sdg_allocations__target_id"), cur=F("grant__currency"),
                day=F("value_date"))
        .annotate(amount=Sum(share)).order_by()
    )
    book = RateBook(to_currency=currency, currencies={r["cur"] for r in rows})
    per_target: dict[int, Decimal] = defaultdict(lambda: ZERO)
    missing = []
    for r in rows:
        if r["target"] is None or r["amount"] is None:
            continue
        try:
            per_target[r["target"]] += book.convert(Decimal(r["amount"]), r["cur"], r["day"])
        except ValidationError:
            missing.append(Missing(r["cur"], r["day"], Decimal(r["amount"]), "committed"))
    for goal in goals:
        goal_total = ZERO
        for target in goal.targets:
            target.committed = quantize_money(per_target.get(target.target.pk, ZERO), currency)
            goal_total += target.committed
        goal.committed = goal_total
    return SdgFunding(currency=currency, goals=goals, rates=book.rates_used(), missing=missing)


