"""Approval turns a report's figures into the portfolio's official figures.

Called by ``report_approve`` inside its transaction (never on its own): indicator actuals are
written to ``IndicatorPeriod`` (the results framework donors read), milestone updates to
``Milestone``, and the report's draft expenditure becomes official. Rows are locked while
written; a later approved report for an overlapping period overwrites the actual (an actual is
the value to date).
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portfolio.models import IndicatorPeriod, Milestone, MilestoneStatus

from ...models import Expenditure, ExpenditureStatus, ProgressReport


def report_make_official(*, report: ProgressReport, by) -> dict:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("report_make_official runs inside the approval's transaction.")
    now = timezone.now()
    updates = {u.indicator_period_id: u for u in report.indicator_updates.all()}
    periods = list(IndicatorPeriod.objects.select_for_update().filter(pk__in=list(updates)).order_by("pk"))
    for period in periods:
        u = updates[period.pk]
        period.actual_value, period.actual_female, period.actual_male = u.value, u.female, u.male
        if u.comment:
            period.actual_comment = u.comment
        period.actual_updated_at = now
    IndicatorPeriod.objects.bulk_update(
        periods, ["actual_value", "actual_female", "actual_male", "actual_comment", "actual_updated_at"], batch_size=500
    )

    m_updates = {u.milestone_id: u for u in report.milestone_updates.all()}
    milestones = list(Milestone.objects.select_for_update().filter(pk__in=list(m_updates)).order_by("pk"))
    for milestone in milestones:
        u = m_updates[milestone.pk]
        milestone.status = u.status
        milestone.achieved_on = u.achieved_on if u.status == MilestoneStatus.ACHIEVED else None
        if u.evidence:
            milestone.evidence = u.evidence
    Milestone.objects.bulk_update(milestones, ["status", "achieved_on", "evidence"])

    spent = Expenditure.objects.filter(progress_report=report, status=ExpenditureStatus.DRAFT).update(
        status=ExpenditureStatus.OFFICIAL
    )
    return {"indicator_periods": len(periods), "milestones": len(milestones), "expenditures": spent}
