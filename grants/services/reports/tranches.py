"""The tranche a partner asks for with a report: which ones qualify, and the request on approval.

``tranche_options(report=...)`` lists the grant's tranches that have no live request, each with
whether it will be requestable once *this* report is approved: every release condition must
already hold or be met by this report (its period is the condition's period, it marks the
milestone achieved, or its actual reaches the indicator target). The money side owns the
authoritative check: after approval, ``request_tranche_after_approval`` asks
``grants.services.tranches.tranche_conditions_status`` and creates the request through
``grants.services.disbursements.disbursement_request_create`` (so ceilings, duplicates and grant status are
enforced there, under its own locks).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from portfolio.models import MilestoneStatus

from ...models import LIVE_STATES, ConditionKind, DisbursementRequest, ProgressReport, Tranche
from ..disbursements import disbursement_request_create
from ..tranches import conditions_status_for, tranche_conditions_status


@dataclass
class TrancheOption:
    tranche: Tranche
    eligible: bool
    missing: list[str] = field(default_factory=list)


def _target_met(period, value) -> bool:
    if value is None or period.target_value is None:
        return False
    return value >= period.target_value if period.indicator.ascending else value <= period.target_value


def _met_by_this_report(status, report, achieved_here, values_here) -> bool:
    c = status.condition
    if c.kind == ConditionKind.REPORT_APPROVED:
        return report.period_start <= c.period_start and report.period_end >= c.period_end
    if c.kind == ConditionKind.MILESTONE_ACHIEVED:
        return c.milestone_id in achieved_here
    return _target_met(c.indicator_period, values_here.get(c.indicator_period_id))


def tranche_options(*, report: ProgressReport) -> list[TrancheOption]:
    live = DisbursementRequest.objects.filter(tranche=OuterRef("pk"), status__in=[s.value for s in LIVE_STATES])
    tranches = list(
        Tranche.objects.filter(grant_id=report.grant_id).annotate(taken=Exists(live)).filter(taken=False)
        .order_by("number")
    )
    if not tranches:
        return []
    statuses = conditions_status_for(tranches)
    achieved_here = set(report.milestone_updates.filter(status=MilestoneStatus.ACHIEVED).values_list("milestone_id", flat=True))
    values_here = dict(report.indicator_updates.values_list("indicator_period_id", "value"))
    options = []
    for tranche in tranches:
        missing = [str(s) for s in statuses[tranche.pk]
                   if not s.met and not _met_by_this_report(s, report, achieved_here, values_here)]
        options.append(TrancheOption(tranche, not missing, missing))
    return options


def request_tranche_after_approval(*, report: ProgressReport, by) -> tuple[object | None, str]:
    """Request the report's tranche, if any; returns (request or None, why not)."""
    if report.requested_tranche_id is None or report.disbursement_request_id is not None:
        return None, ""
    tranche = report.requested_tranche
    unmet = [s for s in tranche_conditions_status(tranche=tranche) if not s.met]
    if unmet:
        return None, "; ".join(str(s) for s in unmet)
    requester = report.submitted_by or by
    try:
        with transaction.atomic():  # a savepoint: a refusal leaves the approval intact
            request = disbursement_request_create(
                grant=report.grant, tranche=tranche, amount=tranche.amount, by=requester,
                justification=f"Progress report {report.period_start:%Y-%m-%d} – {report.period_end:%Y-%m-%d} approved.",
            )
    except (ValidationError, PermissionDenied) as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        return None, " ".join(str(m) for m in messages)
    report.disbursement_request = request
    report.save(update_fields=["disbursement_request", "updated_at"])
    return request, ""
