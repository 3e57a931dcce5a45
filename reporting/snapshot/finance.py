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
from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Max, Min, Sum
from django.db.models.functions import TruncDate, TruncMonth
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
    Tranche,
)

from ..periods import Period
from .data import dec, iso, ratio

_SHARE = DecimalField(max_digits=30, decimal_places=8)
TRANSACTION_LIST_LIMIT = 400
MEASURES = ("committed", "disbursed", "spent")
ZERO = Decimal(0)


class Flows:
    """The scope's three money flows, each a queryset that reaches its grant through ``grant``."""

    def __init__(self, scope, on: datetime.date, start: datetime.date | None = None):
        grant_q = {"grant__in": scope.grant_ids}
        self.versions = BudgetVersion.objects.filter(status=BudgetVersionStatus.APPROVED, **grant_q)
        self.paid = DisbursementRequest.objects.filter(status=RequestStatus.PAID, paid_date__lte=on, **grant_q)
        self.spent = Expenditure.objects.filter(status=ExpenditureStatus.OFFICIAL, period_end__lte=on, **grant_q)
        if start:
            self.paid = self.paid.filter(paid_date__gte=start)
            self.spent = self.spent.filter(period_end__gte=start)

    def rows(self, measure: str, group: dict | None = None, weight: str | None = None):
        """(group..., cur, day, total) rows of one measure; ``weight`` multiplies by a percentage."""
        group = group or {}
        if measure == "committed":
            qs, amount, day = self.versions.annotate(value_date=TruncDate("approved_at")), F("grant__committed_amount"), "value_date"
            cur = "grant__currency"
        elif measure == "disbursed":
            qs, amount, day, cur = self.paid, F("amount"), "paid_date", "currency"
        else:
            qs, amount, day, cur = self.spent, F("amount"), "period_end", "currency"
        if weight:
            amount = ExpressionWrapper(amount * F(weight) / Decimal(100), output_field=_SHARE)
        return qs.values(**group, cur=F(cur), day=F(day)).annotate(total=Sum(amount)).order_by()


def _per(rates, flows: Flows, group: dict | None = None, weight: str | None = None, keys=()) -> dict:
    """{measure: {group key: amount}} for the three measures."""
    key = (lambda row: tuple(row[k] for k in keys)) if keys else (lambda row: ())
    return {m: rates.sum_flows(flows.rows(m, group, weight), key) for m in MEASURES}


def finance_section(scope, period: Period, on: datetime.date, rates) -> dict:
    flows, in_period = Flows(scope, on), Flows(scope, on, start=period.start)
    whole = _per(rates, flows)
    now = _per(rates, in_period)
    totals = {m: whole[m].get((), ZERO) for m in MEASURES}
    totals["disbursed_in_period"] = now["disbursed"].get((), ZERO)
    totals["spent_in_period"] = now["spent"].get((), ZERO)

    countries = _per(rates, flows, {"name": F("grant__initiative__country__name")}, keys=("name",))
    by_country = []
    for (name,) in sorted({k for m in MEASURES for k in countries[m]}):
        row = {m: countries[m].get((name,), ZERO) for m in MEASURES}
        by_country.append({"name": name, **{m: dec(v) for m, v in row.items()},
                           "burn_rate": ratio(row["spent"], row["committed"])})

    donors = _per(rates, flows, {"donor": F("grant__funders__donor__name")}, weight="grant__funders__share",
                  keys=("donor",))
    by_donor = []
    for (donor,) in sorted({k for m in MEASURES for k in donors[m] if k[0] is not None}):
        row = {m: donors[m].get((donor,), ZERO) for m in MEASURES}
        by_donor.append({"name": donor, **{m: dec(v) for m, v in row.items()}})
    # Money on grants without any recorded funder (read directly: a difference would carry rounding).
    unfunded = Flows(scope, on)
    for name in ("versions", "paid", "spent"):
        setattr(unfunded, name, getattr(unfunded, name).filter(grant__funders__isnull=True))
    rest = {m: v.get((), ZERO) for m, v in _per(rates, unfunded).items()}
    if any(rest.values()):
        by_donor.append({"name": _("Not attributed to a donor"), **{m: dec(v) for m, v in rest.items()}})

    by_category = _categories(scope, flows, rates)
    return {
        "currency": rates.currency,
        "rate_date": on.isoformat(),
        "totals": {k: dec(v) for k, v in totals.items()},
        "burn_rate": ratio(totals["spent"], totals["committed"]),
        "disbursement_rate": ratio(totals["disbursed"], totals["committed"]),
        "by_country": by_country,
        "by_donor": by_donor,
        "by_category": by_category,
        "curve": _curve(scope, flows, rates, on),
        "transactions": _transaction_summary(scope, flows, in_period, rates, period.start),
    }


def _categories(scope, flows: Flows, rates) -> list[dict]:
    lines = (BudgetLine.objects.filter(version__in=flows.versions)
             .annotate(value_date=TruncDate("version__approved_at"))
             .values("category", cur=F("currency"), day=F("value_date")).annotate(total=Sum("amount")).order_by())
    budget = rates.sum_flows(lines, lambda row: row["category"])
    spent = rates.sum_flows(flows.spent.values("category", cur=F("currency"), day=F("period_end"))
                            .annotate(total=Sum("amount")).order_by(), lambda row: row["category"])
    rows = []
    for code, label in CostCategory.choices:
        if code in budget or code in spent:
            b, s = budget.get(code, ZERO), spent.get(code, ZERO)
            rows.append({"code": code, "name": str(label), "budget": dec(b), "spent": dec(s), "share_spent": ratio(s, b)})
    return rows


def _month_iter(start: datetime.date, end: datetime.date):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _curve(scope, flows: Flows, rates, on: datetime.date) -> dict:
    """Cumulative official spending by month against the plan (each year's budget lines spread evenly)."""
    span = Grant.objects.filter(pk__in=scope.grant_ids).aggregate(start=Min("start_date"), end=Max("end_date"))
    if not span["start"]:
        return {"months": [], "plan": [], "actual": []}
    end = max(span["end"], on)
    plan_year = rates.sum_flows(
        BudgetLine.objects.filter(version__in=flows.versions).annotate(value_date=TruncDate("version__approved_at"))
        .values("year", cur=F("currency"), day=F("value_date")).annotate(total=Sum("amount")).order_by(),
        lambda row: row["year"])
    spent_rows = (flows.spent.annotate(month=TruncMonth("period_end"))
                  .values("month", cur=F("currency"), day=F("period_end")).annotate(total=Sum("amount")).order_by())

    def month_key(row):
        m = row["month"]
        return (m.date() if isinstance(m, datetime.datetime) else m).replace(day=1)

    spent_month = rates.sum_flows(spent_rows, month_key)
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


def _transaction_summary(scope, flows: Flows, in_period: Flows, rates, start: datetime.date) -> list[dict]:
    whole = {m: rates.sum_flows(flows.rows(m)).get((), ZERO) for m in MEASURES}
    return [
        {"type": str(_("Commitments: current grant budgets (IATI 2)")), "count": flows.versions.count(),
         "in_period": flows.versions.filter(approved_at__date__gte=start).count(), "amount": dec(whole["committed"])},
        {"type": str(_("Disbursements paid (IATI 3)")), "count": flows.paid.count(), "in_period": in_period.paid.count(),
         "amount": dec(whole["disbursed"])},
        {"type": str(_("Expenditure reported, official (IATI 4)")), "count": flows.spent.count(),
         "in_period": in_period.spent.count(), "amount": dec(whole["spent"])},
    ]


def grant_annex(scope, period: Period, on: datetime.date, rates) -> list[dict]:
    flows = Flows(scope, on)
    disbursed = dict(flows.paid.values_list("grant_id").annotate(t=Sum("amount")).order_by())
    spent = dict(flows.spent.values_list("grant_id").annotate(t=Sum("amount")).order_by())
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

