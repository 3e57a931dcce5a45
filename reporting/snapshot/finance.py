"""Finance: budget vs disbursed vs spent by country, donor and cost category; the spending curve.

Sources (grants app): budget = the grants' committed amount (their current approved budget),
by cost category from the current budget version's lines; disbursed = paid disbursement
requests with a paid date on or before the report date; spent = official expenditure whose
period ended by then. Every sum is taken per currency in the database and converted at the
report's rates (``RateBook``): never added across currencies raw. Donor figures attribute each
grant by the donor's share (``GrantFunder.share``); grants with no recorded funder show as
"not attributed". Burn rate = spent / committed budget.

Transactions are summarised (counts and totals by type) for every scope; only a per-grant
report lists its tranches and transactions one by one.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from grants.models import (
    BudgetLine,
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

_SHARE = DecimalField(max_digits=28, decimal_places=6)
TRANSACTION_LIST_LIMIT = 400


def _by(rows, key_fields: tuple[str, ...]) -> dict[tuple, dict[str, Decimal]]:
    """Rows of (*keys, currency, amount) -> {keys: {currency: amount}}."""
    out: dict[tuple, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        key = tuple(row[k] for k in key_fields)
        out[key][row["currency"]] = out[key].get(row["currency"], Decimal("0")) + Decimal(row["total"] or 0)
    return out


def _month_iter(start: datetime.date, end: datetime.date):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class FinanceData:
    """The scope's finance querysets, cut at the report date."""

    def __init__(self, scope, period: Period, on: datetime.date):
        self.scope, self.period, self.on = scope, period, on
        self.grants = Grant.objects.filter(pk__in=scope.grant_ids)
        self.paid = DisbursementRequest.objects.filter(
            grant__in=scope.grant_ids, status=RequestStatus.PAID, paid_date__lte=on)
        self.spent = Expenditure.objects.filter(
            grant__in=scope.grant_ids, status=ExpenditureStatus.OFFICIAL, period_end__lte=on)
        self.lines = BudgetLine.objects.filter(
            version__grant__in=scope.grant_ids, version__status=BudgetVersionStatus.APPROVED)


def finance_section(scope, period: Period, on: datetime.date, rates) -> dict:
    data = FinanceData(scope, period, on)
    committed = _by(data.grants.values("currency", total=F("committed_amount")), ())[()]
    disbursed = _by(data.paid.values("currency", total=F("amount")), ())[()]
    spent = _by(data.spent.values("currency", total=F("amount")), ())[()]
    disbursed_period = _by(data.paid.filter(paid_date__gte=period.start).values("currency", total=F("amount")), ())[()]
    spent_period = _by(data.spent.filter(period_end__gte=period.start).values("currency", total=F("amount")), ())[()]
    totals = {
        "committed": rates.total(committed), "disbursed": rates.total(disbursed), "spent": rates.total(spent),
        "disbursed_in_period": rates.total(disbursed_period), "spent_in_period": rates.total(spent_period),
    }

    # By country (the initiative's lead country).
    def per(qs, field, amount_field):
        return _by(qs.values(field, "currency").annotate(total=Sum(amount_field)).order_by(), (field,))

    country_field = "initiative__country__name"
    c_comm = per(data.grants, country_field, "committed_amount")
    c_disb = per(data.paid, "grant__" + country_field, "amount")
    c_spent = per(data.spent, "grant__" + country_field, "amount")
    names = sorted({k[0] for k in (*c_comm, *c_disb, *c_spent)})
    by_country = []
    for name in names:
        row = {"name": name, "committed": rates.total(c_comm.get((name,), {})),
               "disbursed": rates.total(c_disb.get((name,), {})),
               "spent": rates.total(c_spent.get((name,), {}))}
        by_country.append({**{k: dec(v) if k != "name" else v for k, v in row.items()},
                           "burn_rate": ratio(row["spent"], row["committed"])})

    # By donor: each grant attributed by the funders' shares.
    def donor_rows(qs, grant_path, amount_field):
        share = ExpressionWrapper(F(amount_field) * F(f"{grant_path}funders__share") / Decimal("100"), output_field=_SHARE)
        return _by(qs.filter(**{f"{grant_path}funders__isnull": False})
                   .values("currency", donor=F(f"{grant_path}funders__donor__name"))
                   .annotate(total=Sum(share)).order_by(), ("donor",))

    d_comm = donor_rows(data.grants, "", "committed_amount")
    d_disb = donor_rows(data.paid, "grant__", "amount")
    d_spent = donor_rows(data.spent, "grant__", "amount")
    by_donor = []
    attributed = {"committed": Decimal(0), "disbursed": Decimal(0), "spent": Decimal(0)}
    for (donor,) in sorted({*d_comm, *d_disb, *d_spent}):
        row = {"committed": rates.total(d_comm.get((donor,), {})), "disbursed": rates.total(d_disb.get((donor,), {})),
               "spent": rates.total(d_spent.get((donor,), {}))}
        for k in attributed:
            attributed[k] += row[k]
        by_donor.append({"name": donor, **{k: dec(v) for k, v in row.items()}})
    rest = {k: totals[k] - attributed[k] for k in attributed}
    if any(v > Decimal("0.5") for v in rest.values()):
        by_donor.append({"name": _("Not attributed to a donor"), **{k: dec(v) for k, v in rest.items()}})

    # By cost category: budget lines of the current version vs official expenditure.
    cat_budget = _by(data.lines.values("category", "currency").annotate(total=Sum("amount")).order_by(), ("category",))
    cat_spent = _by(data.spent.values("category", "currency").annotate(total=Sum("amount")).order_by(), ("category",))
    by_category = []
    for code, label in CostCategory.choices:
        b, s = cat_budget.get((code,), {}), cat_spent.get((code,), {})
        if b or s:
            budget, spent_c = rates.total(b), rates.total(s)
            by_category.append({"code": code, "name": str(label), "budget": dec(budget), "spent": dec(spent_c),
                                "share_spent": ratio(spent_c, budget)})

    section = {
        "currency": rates.currency,
        "rate_date": on.isoformat(),
        "totals": {k: dec(v) for k, v in totals.items()},
        "burn_rate": ratio(totals["spent"], totals["committed"]),
        "disbursement_rate": ratio(totals["disbursed"], totals["committed"]),
        "by_country": by_country,
        "by_donor": by_donor,
        "by_category": by_category,
        "curve": _curve(data, rates),
        "transactions": _transaction_summary(data, rates),
    }
    return section


def _curve(data: FinanceData, rates) -> dict:
    """Cumulative official spending by month against the budget plan (year lines spread evenly)."""
    span = data.grants.aggregate(start=Min("start_date"), end=Max("end_date"))
    if not span["start"]:
        return {"months": [], "plan": [], "actual": []}
    end = max(span["end"], data.on)
    plan_by_year = _by(data.lines.values("year", "currency").annotate(total=Sum("amount")).order_by(), ("year",))
    plan_year = {year: rates.total(v) for (year,), v in plan_by_year.items()}
    spent_month = _by(data.spent.annotate(m=TruncMonth("period_end")).values("m", "currency")
                      .annotate(total=Sum("amount")).order_by(), ("m",))
    spent_by_month = {}
    for (m,), v in spent_month.items():
        key = m.date() if isinstance(m, datetime.datetime) else m
        spent_by_month[key.replace(day=1)] = spent_by_month.get(key.replace(day=1), Decimal(0)) + rates.total(v)
    months, plan, actual = [], [], []
    cum_plan = cum_actual = Decimal("0")
    for month in _month_iter(span["start"], end):
        cum_plan += plan_year.get(month.year, Decimal(0)) / 12
        months.append(month.isoformat()[:7])
        plan.append(dec(cum_plan))
        if month <= data.on:
            cum_actual += spent_by_month.get(month, Decimal(0))
            actual.append(dec(cum_actual))
    return {"months": months, "plan": plan, "actual": actual}


def _transaction_summary(data: FinanceData, rates) -> list[dict]:
    rows = []
    for label, qs, date_field in (
        (_("Disbursements paid (IATI 3)"), data.paid, "paid_date"),
        (_("Expenditure reported, official (IATI 4)"), data.spent, "period_end"),
    ):
        per_currency = _by(qs.values("currency").annotate(total=Sum("amount")).order_by(), ())[()]
        agg = qs.aggregate(n=Count("pk"), in_period=Count("pk", filter=Q(**{f"{date_field}__gte": data.period.start})))
        rows.append({"type": str(label), "count": agg["n"], "in_period": agg["in_period"],
                     "amount": dec(rates.total(per_currency))})
    comm = _by(data.grants.values("currency", total=F("committed_amount")), ())[()]
    rows.insert(0, {"type": str(_("Commitments: grant budgets (IATI 2)")), "count": data.grants.count(),
                    "in_period": data.grants.filter(start_date__gte=data.period.start, start_date__lte=data.period.end).count(),
                    "amount": dec(rates.total(comm))})
    return rows


def grant_annex(scope, period: Period, on: datetime.date, rates) -> list[dict]:
    data = FinanceData(scope, period, on)
    disbursed = dict(data.paid.values_list("grant_id").annotate(t=Sum("amount")).order_by())
    spent = dict(data.spent.values_list("grant_id").annotate(t=Sum("amount")).order_by())
    rows = []
    for g in (data.grants.order_by("initiative__country__name", "reference")
              .values("pk", "reference", "title", "grantee__name", "currency", "status", "committed_amount",
                      "start_date", "end_date", "initiative__country__name")):
        d, s = disbursed.get(g["pk"], Decimal(0)), spent.get(g["pk"], Decimal(0))
        rows.append({
            "id": g["pk"], "reference": g["reference"], "title": g["title"], "grantee": g["grantee__name"],
            "country": g["initiative__country__name"], "status": g["status"], "currency": g["currency"],
            "start": iso(g["start_date"]), "end": iso(g["end_date"]),
            "committed": dec(g["committed_amount"]), "disbursed": dec(d), "spent": dec(s),
            "committed_converted": dec(rates.convert(g["committed_amount"], g["currency"])),
            "burn_rate": ratio(s, g["committed_amount"]),
        })
    return rows


def grant_detail(scope, period: Period, on: datetime.date) -> dict:
    """For a per-grant report: its tranches and every transaction, in the agreement currency."""
    grant = scope.grant
    paid_by_tranche = {
        r["tranche_id"]: r for r in DisbursementRequest.objects.filter(grant=grant, tranche__isnull=False)
        .exclude(status__in=[RequestStatus.REJECTED, RequestStatus.WITHDRAWN])
        .values("tranche_id", "status", "paid_date", "amount")
    }
    statuses = dict(RequestStatus.choices)
    tranches = []
    for t in Tranche.objects.filter(grant=grant).order_by("number"):
        req = paid_by_tranche.get(t.pk)
        tranches.append({
            "number": t.number, "planned_date": iso(t.planned_date), "amount": dec(t.amount), "currency": t.currency,
            "description": t.description,
            "status": str(statuses[req["status"]]) if req else str(_("Not requested")),
            "paid_date": iso(req["paid_date"]) if req else None,
        })
    transactions = []
    for r in (DisbursementRequest.objects.filter(grant=grant, status=RequestStatus.PAID, paid_date__lte=on)
              .values("paid_date", "amount", "currency", "payment_reference", "tranche__number")):
        transactions.append({"date": iso(r["paid_date"]), "type": str(_("Disbursement")),
                             "detail": (_("Tranche %(n)s") % {"n": r["tranche__number"]}) if r["tranche__number"] else r["payment_reference"],
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
