"""What makes the demo show real work: which agreements are in which currency, where the last
request of a grant stops, which grant is suspended, overspends or lags, and the amendments."""
from __future__ import annotations

import datetime
from decimal import Decimal

from ..models import AmendmentType, Grant, RequestStatus
from ..services import budgets as gb
from .clock import clock

# Agreement currencies other than USD (the rest are in US dollars).
CURRENCY = {
    "SN-STLOUIS-JOBS": "XOF", "SN-SEDHIOU-PLAN": "XOF", "SN-DIOURBEL-VALUE": "XOF",
    "MA-OUJDA-PAC": "MAD", "MA-ORIENTAL-PLATFORM": "MAD", "MA-OUJDA-DESK": "EUR",
    "KG-BARSKOON-LDP": "KGS", "KG-SUZAK-LDP": "KGS",
    "MD-CARPINENI-YOUTH": "EUR", "RS-MULTI-PEER": "EUR",
    "RS-CRM-COUNCILS": "CHF", "MD-DRB-HTA": "CHF", "JM-PIOJ-DIASPORA": "CHF",
}
# The last request that can be made on these grants stops in this state (the dashboard's work).
LAST_REQUEST = {
    "EC-MANTA-JOBS": RequestStatus.REQUESTED,
    "EC-STODGO-INCL": RequestStatus.UNDER_REVIEW,
    "MA-OUJDA-PAC": RequestStatus.RETURNED,
    "SN-STLOUIS-JOBS": RequestStatus.APPROVED,
    "PH-WV-PLAN": RequestStatus.APPROVED,
    "KG-SUZAK-LDP": RequestStatus.REJECTED,
    "RS-OPOVO-LAP": RequestStatus.WITHDRAWN,
    "RS-CRM-COUNCILS": "first_approval",
    "NP-DHANGADHI-REMIT": RequestStatus.REQUESTED,
}
DRAFTS = ("EC-MANTA-HEALTH", "KG-MLM-DATA")
SUSPENDED = {"TN-MAS-PROTECTION": "Financial audit of the 2025 accounts pending; payments resume once it is closed."}
OVERSPEND, UNDERSPEND = "PH-ILOILO-CENTRE", "BD-MOEWOE-RECRUIT"
# Budget shares by cost category.
SHARES = [("staff", Decimal("0.30")), ("training", Decimal("0.25")), ("events", Decimal("0.15")),
          ("services", Decimal("0.20")), ("monitoring", Decimal("0.10"))]
REASONS = {
    RequestStatus.RETURNED: "Please attach the bank confirmation letter for the municipality's new account "
                            "and the signed financial statement for the last period.",
    RequestStatus.REJECTED: "The previous instalment is not yet justified: spending reported covers less than half "
                            "of it. Request again with the next financial report.",
}



def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def amendments(who, today: datetime.date, stats: Counter):
    grants = {g.initiative.code: g for g in Grant.objects.filter(
        reference__in=["GA-RS-CRM-COUNCILS", "GA-MD-DRB-HTA", "GA-KG-MLM-CROWDFUND"]).select_related("initiative")}
    if "RS-CRM-COUNCILS" in grants:
        g = grants["RS-CRM-COUNCILS"]
        current = g.budget_versions.get(status="approved")
        lines = [{"category": line.category, "year": line.year, "amount": line.amount} for line in current.lines.all()]
        lines[-1]["amount"] += Decimal("60000")
        with clock(today - datetime.timedelta(days=75)):
            a = gb.amendment_create(grant=g, type=AmendmentType.TOP_UP, by=who.officer, lines=lines,
                                    reason="Sida joins with CHF 60,000 for two more municipalities' local action plans.")
        with clock(today - datetime.timedelta(days=70)):
            gb.amendment_approve(amendment=a, by=who.officer2, note="Co-funding agreement with Sida signed.")
        stats["amendments"] += 1
    if "MD-DRB-HTA" in grants:
        g = grants["MD-DRB-HTA"]
        with clock(today - datetime.timedelta(days=40)):
            a = gb.amendment_create(grant=g, type=AmendmentType.NO_COST_EXTENSION, by=who.officer2,
                                    new_end_date=_add_months(g.end_date, 6),
                                    reason="Local elections delayed the hometown associations' co-funding round.")
        with clock(today - datetime.timedelta(days=35)):
            gb.amendment_approve(amendment=a, by=who.officer, note="Six months, no new money.")
        stats["amendments"] += 1
    if "KG-MLM-CROWDFUND" in grants:
        g = grants["KG-MLM-CROWDFUND"]
        current = g.budget_versions.get(status="approved")
        lines = [{"category": line.category, "year": line.year, "amount": line.amount} for line in current.lines.all()]
        moved = (lines[0]["amount"] * Decimal("0.2")).quantize(Decimal("1"))
        lines[0]["amount"] -= moved
        lines[1]["amount"] += moved
        with clock(today - datetime.timedelta(days=5)):
            gb.amendment_create(grant=g, type=AmendmentType.BUDGET_REVISION, by=who.officer2, lines=lines,
                                reason="Move staff savings to training of diaspora crowdfunding coaches.")
        stats["amendments"] += 1
