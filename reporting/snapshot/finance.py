"""Finance: budget vs disbursed vs spent by country, donor and cost category; the spending curve.

The conventions are those of ``grants.selectors.rollups`` (the finance screens), so the same
scope gives the same figures there and here (a test holds both to it):
- committed = the grants' committed amount (their current approved budget), dated by the day
  that budget version was approved; by cost category, that version's lines;
- disbursed = paid disbursement requests, dated by their paid date, up to the report date;
- spent = official expenditure, dated by the end of its period, up to the report date.
Each flow is summed in the database per (group, currency, value date) and converted at the rate
of its value date (``Rates``); never added across currencies raw. Donor figures credit each
funder with its share (``GrantFunder.share``); money on grants with no recorded funder shows as
"not attributed". Burn rate = spent / committed.

Transactions are summarised (counts and totals by type) for every scope; only a per-grant
report lists its tranches and transactions one by one.
"""
from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Min, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from grants.models import (
    BudgetLine,
    BudgetVersion,
    BudgetVersionStatus,
    CostCategory,
    DisbursementRequest,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantFunder,
    RequestStatus,
    commitment_value_date,
    Tranche,
)

from ..periods import Period
from .data import dec, iso, ratio

TRANSACTION_LIST_LIMIT = 400
MEASURES = ("committed", "disbursed", "spent")
ZERO = Decimal(0)
_SHARE = DecimalField(max_digits=30, decimal_places=8)


def _raw(qs) -> list[tuple]:
    """Rows of a values_list queryset as the database returns them (no per-value converters)."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _day(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


_FLOAT = decimal.Context(prec=15)
_MILLI = Decimal("0.001")  # AmountField keeps 3 decimal places


def _amount(value) -> Decimal:
    """A raw amount as Django's converter gives it (SQLite hands back floats for decimals)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _FLOAT.create_decimal_from_float(value).quantize(_MILLI)
    return Decimal(value)


@dataclass
class Flow:
    """Money of one group on one value date in one currency, converted once."""

    key: object
    currency: str
    day: datetime.date
    amount: Decimal  # in ``currency``
    value: Decimal | None  # in the report currency, unrounded; None when no rate
    count: int = 0


class Ledger:
    """The scope's money flows, summed in the database per (group, currency, value date) and
    converted once per row: a breakdown (country, donor, cost category) is one grouped query per
    measure, whose rows stay few however many transactions there are (one per group and date)."""

    def __init__(self, scope, on: datetime.date, rates):
        self.rates = rates
        grant_ids = scope.grant_ids
        self.versions = BudgetVersion.objects.filter(status=BudgetVersionStatus.APPROVED, grant__in=grant_ids)
        self.querysets = {
            "committed": (self.versions.annotate(value_date=commitment_value_date()), "grant__", "value_date",
                          "grant__committed_amount", "grant__currency"),
            "disbursed": (DisbursementRequest.objects.filter(grant__in=grant_ids, status=RequestStatus.PAID,
                                                             paid_date__lte=on), "grant__", "paid_date", "amount",
                          "currency"),
            "spent": (Expenditure.objects.filter(grant__in=grant_ids, status=ExpenditureStatus.OFFICIAL,
                                                 period_end__lte=on), "grant__", "period_end", "amount", "currency"),
        }
        self.grant_ids = grant_ids

    def flows(self, measure: str, key: str, *, weight: str | None = None, direct: bool = False) -> list[Flow]:
        """Rows of ``measure`` grouped by ``key``: a path from the grant (e.g. "initiative__country__name"),
        or with ``direct`` a field of the flow itself (e.g. an expenditure's "category"); ``weight``
        multiplies each amount by a percentage field of the grant first."""
        qs, to_grant, day, amount, currency = self.querysets[measure]
        total = F(amount)
        if weight:
            # A grant without funders joins as NULL: its money counts whole, under the key None.
            share = Coalesce(F(to_grant + weight), Value(Decimal(100)), output_field=_SHARE)
            total = ExpressionWrapper(F(amount) * share / Decimal(100), output_field=_SHARE)
        group = {"k": F(key if direct else to_grant + key)}
        rows = (qs.values(**group, cur=F(currency), d=F(day)).annotate(t=Sum(total), n=Count("pk"))
                .values_list("k", "cur", "d", "t", "n").order_by())
        out = []
        for k, cur, d, t, n in _raw(rows):
            if t is None:
                continue
            d, t = _day(d), _amount(t)
            out.append(Flow(k, cur, d, t, self.rates.value(t, cur, d), n))
        return out

    def budget_lines(self, key: str) -> list[Flow]:
        rows = (BudgetLine.objects.filter(version__in=self.versions).annotate(value_date=commitment_value_date("version__"))
                .values(k=F(key), cur=F("currency"), d=F("value_date")).annotate(t=Sum("amount"), n=Count("pk"))
                .values_list("k", "cur", "d", "t", "n").order_by())
        out = []
        for k, cur, d, t, n in _raw(rows):
            d, t = _day(d), _amount(t)
            out.append(Flow(k, cur, d, t, self.rates.value(t, cur, d), n))
        return out

    @staticmethod
    def total(flows, key=lambda f: f.key) -> dict:
        """Converted values summed per key (unconvertible rows were noted by the rates and are left out)."""
        sums: dict = defaultdict(lambda: ZERO)
        for f in flows:
            if f.value is not None:
                sums[key(f)] += f.value
        return sums


def finance_section(scope, period: Period, on: datetime.date, rates) -> dict:
    ledger = Ledger(scope, on, rates)
    by_country_flows = {m: ledger.flows(m, "initiative__country__name") for m in MEASURES}
    everything = lambda f: ()  # noqa: E731
    in_period = {m: [f for f in by_country_flows[m] if f.day >= period.start] for m in ("disbursed", "spent")}
    totals = {m: ledger.total(by_country_flows[m], everything).get((), ZERO) for m in MEASURES}
    totals["disbursed_in_period"] = ledger.total(in_period["disbursed"], everything).get((), ZERO)
    totals["spent_in_period"] = ledger.total(in_period["spent"], everything).get((), ZERO)

    countries = {m: ledger.total(by_country_flows[m]) for m in MEASURES}
    by_country = []
    for name in sorted({k for m in MEASURES for k in countries[m]}):
        row = {m: countries[m].get(name, ZERO) for m in MEASURES}
        by_country.append({"name": name, **{m: dec(v) for m, v in row.items()},
                           "burn_rate": ratio(row["spent"], row["committed"])})

    donors = {m: ledger.total(ledger.flows(m, "funders__donor__name", weight="funders__share")) for m in MEASURES}
    by_donor = [{"name": donor, **{m: dec(donors[m].get(donor, ZERO)) for m in MEASURES}}
                for donor in sorted({k for m in MEASURES for k in donors[m] if k is not None})]
    # Grants without any recorded funder group under None: their money, summed directly (no rounding residue).
    if any(donors[m].get(None) for m in MEASURES):
        by_donor.append({"name": _("Not attributed to a donor"),
                         **{m: dec(donors[m].get(None, ZERO)) for m in MEASURES}})

    budget = ledger.total(ledger.budget_lines("category"))
    spent_by_category = ledger.total(ledger.flows("spent", "category", direct=True))
    by_category = []
    for code, label in CostCategory.choices:
        if code in budget or code in spent_by_category:
            b, s = budget.get(code, ZERO), spent_by_category.get(code, ZERO)
            by_category.append({"code": code, "name": str(label), "budget": dec(b), "spent": dec(s),
                                "share_spent": ratio(s, b)})
    return {
        "currency": rates.currency,
        "rate_date": on.isoformat(),
        "totals": {k: dec(v) for k, v in totals.items()},
        "burn_rate": ratio(totals["spent"], totals["committed"]),
        "disbursement_rate": ratio(totals["disbursed"], totals["committed"]),
        "by_country": by_country,
        "by_donor": by_donor,
        "by_category": by_category,
        "curve": _curve(scope, ledger, by_country_flows["spent"], on),
        "transactions": [
            {"type": str(_("Commitments: current grant budgets (IATI 2)")),
             "count": sum(f.count for f in by_country_flows["committed"]),
             "in_period": sum(f.count for f in by_country_flows["committed"] if period.start <= f.day <= period.end),
             "amount": dec(totals["committed"])},
            {"type": str(_("Disbursements paid (IATI 3)")), "count": sum(f.count for f in by_country_flows["disbursed"]),
             "in_period": sum(f.count for f in in_period["disbursed"]), "amount": dec(totals["disbursed"])},
            {"type": str(_("Expenditure reported, official (IATI 4)")),
             "count": sum(f.count for f in by_country_flows["spent"]),
             "in_period": sum(f.count for f in in_period["spent"]), "amount": dec(totals["spent"])},
        ],
    }


def _month_iter(start: datetime.date, end: datetime.date):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _curve(scope, ledger: Ledger, spent: list[Flow], on: datetime.date) -> dict:
    """Cumulative official spending by month against the plan (each year's budget lines spread evenly)."""
    span = Grant.objects.filter(pk__in=scope.grant_ids).aggregate(start=Min("start_date"), end=Max("end_date"))
    if not span["start"]:
        return {"months": [], "plan": [], "actual": []}
    end = max(span["end"], on)
    plan_year = ledger.total(ledger.budget_lines("year"))
    spent_month = ledger.total(spent, key=lambda f: f.day.replace(day=1))
    months, plan, actual = [], [], []
    cum_plan = cum_actual = ZERO
    for month in _month_iter(span["start"], end):
        cum_plan += plan_year.get(month.year, ZERO) / 12
        months.append(month.isoformat()[:7])
        plan.append(dec(cum_plan))
        if month <= on:
            cum_actual += spent_month.get(month, ZERO)
            actual.append(dec(cum_actual))
    return {"months": months, "plan": plan, "actual": actual}


def grant_annex(scope, on: datetime.date) -> list[dict]:
    """The grants in scope with disbursed and spent to the report date, in the agreement currency."""
    disbursed = dict(DisbursementRequest.objects.filter(grant__in=scope.grant_ids, status=RequestStatus.PAID,
                                                        paid_date__lte=on)
                     .values_list("grant_id").annotate(t=Sum("amount")).order_by())
    spent = dict(Expenditure.objects.filter(grant__in=scope.grant_ids, status=ExpenditureStatus.OFFICIAL,
                                            period_end__lte=on)
                 .values_list("grant_id").annotate(t=Sum("amount")).order_by())
    rows = []
    for g in (Grant.objects.filter(pk__in=scope.grant_ids).order_by("initiative__country__name", "reference")
              .values("pk", "reference", "title", "grantee__name", "currency", "status", "committed_amount",
                      "start_date", "end_date", "initiative__country__name")):
        d, s = disbursed.get(g["pk"], ZERO), spent.get(g["pk"], ZERO)
        rows.append({
            "id": g["pk"], "reference": g["reference"], "title": g["title"], "grantee": g["grantee__name"],
            "country": g["initiative__country__name"], "status": g["status"], "currency": g["currency"],
            "start": iso(g["start_date"]), "end": iso(g["end_date"]),
            "committed": dec(g["committed_amount"]), "disbursed": dec(d), "spent": dec(s),
            "burn_rate": ratio(s, g["committed_amount"]),
        })
    return rows


def grant_detail(scope, period: Period, on: datetime.date) -> dict:
    """For a per-grant report: its tranches and every transaction, in the agreement currency."""
    grant = scope.grant
    requests = {
        r["tranche_id"]: r for r in DisbursementRequest.objects.filter(grant=grant, tranche__isnull=False)
        .exclude(status__in=[RequestStatus.REJECTED, RequestStatus.WITHDRAWN])
        .values("tranche_id", "status", "paid_date", "amount")
    }
    statuses = dict(RequestStatus.choices)
    tranches = []
    for t in Tranche.objects.filter(grant=grant).order_by("number"):
        req = requests.get(t.pk)
        tranches.append({
            "number": t.number, "planned_date": iso(t.planned_date), "amount": dec(t.amount), "currency": t.currency,
            "description": t.description,
            "status": str(statuses[req["status"]]) if req else str(_("Not requested")),
            "paid_date": iso(req["paid_date"]) if req else None,
        })
    transactions = []
    for r in (DisbursementRequest.objects.filter(grant=grant, status=RequestStatus.PAID, paid_date__lte=on)
              .values("paid_date", "amount", "currency", "payment_reference", "tranche__number")):
        detail = (_("Tranche %(n)s") % {"n": r["tranche__number"]}) if r["tranche__number"] else r["payment_reference"]
        transactions.append({"date": iso(r["paid_date"]), "type": str(_("Disbursement")), "detail": detail,
                             "amount": dec(r["amount"]), "currency": r["currency"]})
    categories = dict(CostCategory.choices)
    for e in (Expenditure.objects.filter(grant=grant, status=ExpenditureStatus.OFFICIAL, period_end__lte=on)
              .values("period_end", "amount", "currency", "category")):
        transactions.append({"date": iso(e["period_end"]), "type": str(_("Expenditure")),
                             "detail": str(categories.get(e["category"], e["category"])),
                             "amount": dec(e["amount"]), "currency": e["currency"]})
    transactions.sort(key=lambda t: (t["date"], t["type"], t["detail"]))
    funders = [{"name": f.donor.name, "share": dec(f.share)} for f in
               GrantFunder.objects.filter(grant=grant).select_related("donor").order_by("-share", "donor__name")]
    return {"tranches": tranches, "transactions": transactions[-TRANSACTION_LIST_LIMIT:],
            "transactions_total": len(transactions), "funders": funders,
            "currency": grant.currency, "reference": grant.reference}

