"""Grant money as public transactions of the published initiatives (for the IATI export).

IATI publishes an activity's money transaction by transaction, so this is the one public read
that names single grants. It gives what a donor publishes about its own grants and nothing a
partner told the programme in confidence:

- commitments (IATI type 2): each approved budget version of a grant, as the change it made to
  the committed total (the first version commits its total; an amendment adds or withdraws the
  difference), dated the day it was approved;
- disbursements (type 3): each paid request, dated its payment date. No payment reference,
  justification or approver is given;
- expenditure (type 4): the grantee's official (reviewed) expenditure, one total per grant and
  reporting period, dated the period's end. Cost categories, notes and drafts stay internal.

Draft grants, grants of unpublished initiatives and anything dated after ``today`` are left out.
Amounts are in the grant's agreement currency, never converted.

``public_transactions(initiative_ids=..., today=...)`` answers in four queries, whatever the
number of initiatives, grants or transactions.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from portfolio.models import Initiative, Organisation

from ..models import (
    BudgetLine,
    BudgetVersionStatus,
    DisbursementRequest,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantStatus,
    RequestStatus,
    commitment_value_date,
)

COMMITMENT, DISBURSEMENT, EXPENDITURE = "2", "3", "4"
_ORDER = {COMMITMENT: 0, DISBURSEMENT: 1, EXPENDITURE: 2}


@dataclass(frozen=True)
class PublicTransaction:
    type: str  # IATI TransactionType code
    date: datetime.date
    amount: Decimal
    currency: str
    description: str
    provider: Organisation | None  # None: the programme's reporting organisation
    receiver: Organisation | None  # None: not stated (expenditure goes to many suppliers)


def _version_totals(grant_ids) -> dict[int, list[tuple[int, Decimal, datetime.date]]]:
    """Per grant, (version number, total of its lines, commitment value date) of every version
    ever approved; the date is ``commitment_value_date``, the one the roll-ups and reports use."""
    rows = (
        BudgetLine.objects.filter(
            version__grant_id__in=grant_ids,
            version__status__in=(BudgetVersionStatus.APPROVED, BudgetVersionStatus.SUPERSEDED),
        )
        .annotate(day=commitment_value_date("version__"))
        .values("version__grant_id", "version__number", "day")
        .annotate(total=Sum("amount"))
        .order_by("version__grant_id", "version__number")
    )
    totals = defaultdict(list)
    for row in rows:
        totals[row["version__grant_id"]].append((row["version__number"], row["total"], row["day"]))
    return totals


def public_transactions(*, initiative_ids, today: datetime.date) -> dict[int, list[PublicTransaction]]:
    """Per published initiative id, its grants' transactions in date order (type breaks ties)."""
    grants = {
        grant.pk: grant
        for grant in Grant.objects.filter(
            initiative_id__in=initiative_ids, initiative__in=Initiative.objects.published(),
        ).exclude(status=GrantStatus.DRAFT).select_related("grantee")
    }
    result: dict[int, list[PublicTransaction]] = defaultdict(list)
    if not grants:
        return result

    for grant_id, versions in _version_totals(list(grants)).items():
        grant = grants[grant_id]
        previous = Decimal(0)
        for number, total, on in versions:
            change, previous = total - previous, total
            if not change or on > today:
                continue
            text = (_("Grant %(ref)s: budget committed") if number == 1 or change == total
                    else _("Grant %(ref)s: amendment (budget version %(number)s)")) % {"ref": grant.reference, "number": number}
            result[grant.initiative_id].append(PublicTransaction(
                COMMITMENT, on, change, grant.currency, text, None, grant.grantee))

    paid = DisbursementRequest.objects.filter(
        grant_id__in=list(grants), status=RequestStatus.PAID, paid_date__lte=today,
    ).values_list("grant_id", "paid_date", "amount", "currency").order_by("paid_date", "pk")
    for grant_id, paid_date, amount, currency in paid:
        grant = grants[grant_id]
        result[grant.initiative_id].append(PublicTransaction(
            DISBURSEMENT, paid_date, amount, currency, _("Grant %(ref)s: disbursement") % {"ref": grant.reference},
            None, grant.grantee))

    spent = (
        Expenditure.objects.filter(grant_id__in=list(grants), status=ExpenditureStatus.OFFICIAL, period_end__lte=today)
        .values("grant_id", "period_start", "period_end", "currency")
        .annotate(total=Sum("amount"))
        .order_by("grant_id", "period_end", "period_start")
    )
    for row in spent:
        grant = grants[row["grant_id"]]
        if not row["total"]:
            continue
        text = _("Grant %(ref)s: expenditure reported for %(start)s to %(end)s") % {
            "ref": grant.reference, "start": row["period_start"].isoformat(), "end": row["period_end"].isoformat()}
        result[grant.initiative_id].append(PublicTransaction(
            EXPENDITURE, row["period_end"], row["total"], row["currency"], text, grant.grantee, None))

    for transactions in result.values():
        transactions.sort(key=lambda t: (t.date, _ORDER[t.type]))
    return result
