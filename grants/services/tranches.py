"""Tranches (planned disbursements) and their release conditions.

A tranche is released only when all its conditions hold:

- ``report_approved``: an approved progress report of the grant covers the named period
  (its period starts on or before the condition's start and ends on or after its end);
- ``milestone_achieved``: the named milestone of the grant's initiative is achieved;
- ``indicator_target_met``: the named indicator period has an actual value at or beyond its
  target (at or above for higher-is-better indicators, at or below for lower-is-better).

``tranche_conditions_status`` says, per condition, whether it holds and, when it does not,
what is missing, in words the portal and the officers' screens show as they are.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from portfolio.models import IndicatorPeriod, Milestone, MilestoneStatus

from ..models import ConditionKind, Grant, GrantStatus, ProgressReport, ReportStatus, Tranche, TrancheCondition
from .common import OFFICERS, clean_amount, clean_date, lock_grant, money_str, require_grant_in_scope, require_role, require_within_grant
from .ledger import audit_record


@dataclass(frozen=True)
class ConditionInput:
    kind: str
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    milestone: Milestone | None = None
    indicator_period: IndicatorPeriod | None = None


@dataclass(frozen=True)
class ConditionStatus:
    condition: TrancheCondition
    kind: str
    met: bool
    label: str
    missing: str = ""

    def __str__(self):
        return self.label if self.met else f"{self.label}: {self.missing}"


def _clean_condition(grant: Grant, item, n: int) -> TrancheCondition:
    if isinstance(item, dict):
        item = ConditionInput(**item)
    prefix = _("Condition %(n)s") % {"n": n}
    if item.kind == ConditionKind.REPORT_APPROVED:
        if not item.period_start or not item.period_end:
            raise ValidationError({"conditions": _("%(c)s: name the report period (start and end).") % {"c": prefix}})
        start = clean_date(item.period_start, field="conditions")
        end = clean_date(item.period_end, field="conditions")
        if end < start:
            raise ValidationError({"conditions": _("%(c)s: the report period ends before it starts.") % {"c": prefix}})
        if start < grant.start_date or end > grant.end_date:
            raise ValidationError({"conditions": _("%(c)s: the report period is outside the grant (%(s)s to %(e)s).")
                                   % {"c": prefix, "s": grant.start_date, "e": grant.end_date}})
        return TrancheCondition(kind=item.kind, period_start=start, period_end=end)
    if item.kind == ConditionKind.MILESTONE_ACHIEVED:
        if item.milestone is None:
            raise ValidationError({"conditions": _("%(c)s: choose the milestone.") % {"c": prefix}})
        if item.milestone.initiative_id != grant.initiative_id:
            raise ValidationError({"conditions": _("%(c)s: the milestone belongs to another initiative.") % {"c": prefix}})
        return TrancheCondition(kind=item.kind, milestone=item.milestone)
    if item.kind == ConditionKind.INDICATOR_TARGET_MET:
        period = item.indicator_period
        if period is None:
            raise ValidationError({"conditions": _("%(c)s: choose the indicator period.") % {"c": prefix}})
        if period.indicator.result.initiative_id != grant.initiative_id:
            raise ValidationError({"conditions": _("%(c)s: the indicator belongs to another initiative.") % {"c": prefix}})
        if period.target_value is None:
            raise ValidationError({"conditions": _("%(c)s: the indicator period has no target.") % {"c": prefix}})
        return TrancheCondition(kind=item.kind, indicator_period=period)
    raise ValidationError({"conditions": _("%(c)s: “%(kind)s” is not a kind of condition.") % {"c": prefix, "kind": item.kind}})


@transaction.atomic
def tranche_create(
    *, grant: Grant, amount, planned_date, by, description: str = "", conditions=(), number: int | None = None,
) -> Tranche:
    """Plan a tranche of the grant with its release conditions; tranches stay within the committed budget."""
    require_role(by, OFFICERS, doing=_("plan tranches"))
    grant = lock_grant(grant)
    require_grant_in_scope(by, grant)
    if grant.status == GrantStatus.CLOSED:
        raise ValidationError(_("A closed grant gets no new tranches."), code="invalid_state")
    amount = clean_amount(amount, grant.currency)
    day = clean_date(planned_date, field="planned_date")
    require_within_grant(grant, day, field="planned_date")
    planned = grant.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if planned + amount > grant.committed_amount:
        raise ValidationError({"amount": _("Tranches would total %(total)s, more than the committed budget %(budget)s.")
                               % {"total": money_str(planned + amount, grant.currency),
                                  "budget": money_str(grant.committed_amount, grant.currency)}})
    if number is None:
        number = (grant.tranches.aggregate(n=Max("number"))["n"] or 0) + 1
    elif grant.tranches.filter(number=number).exists():
        raise ValidationError({"number": _("Tranche %(n)s already exists.") % {"n": number}})
    cleaned = [_clean_condition(grant, item, i) for i, item in enumerate(conditions, start=1)]
    tranche = Tranche.objects.create(grant=grant, number=number, amount=amount, currency=grant.currency,
                                     planned_date=day, description=(description or "")[:255])
    for condition in cleaned:
        condition.tranche = tranche
    TrancheCondition.objects.bulk_create(cleaned)
    audit_record(actor=by, action="tranche.create", obj=tranche, amount=amount, currency=grant.currency,
                 data={"planned_date": day.isoformat(), "conditions": [_describe(c) for c in cleaned]})
    return tranche


@transaction.atomic
def tranche_condition_add(*, tranche: Tranche, condition: ConditionInput, by) -> TrancheCondition:
    require_role(by, OFFICERS, doing=_("set release conditions"))
    grant = lock_grant(tranche.grant_id)
    require_grant_in_scope(by, grant)
    if tranche.requests.filter(status__in=["approved", "paid"]).exists():
        raise ValidationError(_("The tranche is already approved or paid: its conditions are final."), code="invalid_state")
    obj = _clean_condition(grant, condition, tranche.conditions.count() + 1)
    obj.tranche = tranche
    obj.save()
    audit_record(actor=by, action="tranche.condition_add", obj=tranche, grant_id=grant.pk, data={"condition": _describe(obj)})
    return obj


def _describe(c: TrancheCondition) -> str:
    if c.kind == ConditionKind.REPORT_APPROVED:
        return _("Progress report for %(start)s to %(end)s approved") % {
            "start": c.period_start.isoformat(), "end": c.period_end.isoformat()}
    if c.kind == ConditionKind.MILESTONE_ACHIEVED:
        return _("Milestone “%(title)s” achieved") % {"title": c.milestone.title}
    period = c.indicator_period
    comparison = "≥" if period.indicator.ascending else "≤"
    return _("Indicator “%(title)s” %(start)s to %(end)s: actual %(cmp)s target %(target)s") % {
        "title": period.indicator.title, "start": period.period_start.isoformat(),
        "end": period.period_end.isoformat(), "cmp": comparison, "target": _num(period.target_value)}


def _num(value) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")


def conditions_status_for(tranches) -> dict[int, list[ConditionStatus]]:
    """Condition status for many tranches at once (a fixed handful of queries)."""
    tranches = list(tranches)
    ids = [t.pk for t in tranches]
    conditions = list(
        TrancheCondition.objects.filter(tranche_id__in=ids)
        .select_related("tranche", "milestone", "indicator_period__indicator").order_by("tranche_id", "pk")
    )
    grant_ids = {c.tranche.grant_id for c in conditions if c.kind == ConditionKind.REPORT_APPROVED}
    reports: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    pending: dict[int, list[tuple[datetime.date, datetime.date, str]]] = defaultdict(list)
    if grant_ids:
        for grant_id, start, end, status in ProgressReport.objects.filter(grant_id__in=grant_ids).values_list(
            "grant_id", "period_start", "period_end", "status"
        ):
            if status == ReportStatus.APPROVED:
                reports[grant_id].append((start, end))
            else:
                pending[grant_id].append((start, end, status))
    result: dict[int, list[ConditionStatus]] = {pk: [] for pk in ids}
    for c in conditions:
        label = _describe(c)
        if c.kind == ConditionKind.REPORT_APPROVED:
            met = any(s <= c.period_start and e >= c.period_end for s, e in reports[c.tranche.grant_id])
            missing = ""
            if not met:
                states = [ReportStatus(st).label for s, e, st in pending[c.tranche.grant_id]
                          if s <= c.period_start and e >= c.period_end]
                missing = (_("the report for this period is %(status)s, not yet approved") % {"status": states[0].lower()}
                           if states else _("no progress report for this period has been submitted"))
        elif c.kind == ConditionKind.MILESTONE_ACHIEVED:
            met = c.milestone.status == MilestoneStatus.ACHIEVED
            missing = "" if met else _("the milestone is %(status)s") % {
                "status": MilestoneStatus(c.milestone.status).label.lower()}
        else:
            p = c.indicator_period
            if p.actual_value is None:
                met, missing = False, _("no actual value has been reported yet")
            elif p.target_value is None:
                met, missing = False, _("the period has no target")
            else:
                met = p.actual_value >= p.target_value if p.indicator.ascending else p.actual_value <= p.target_value
                missing = "" if met else _("the actual value is %(actual)s") % {"actual": _num(p.actual_value)}
        result[c.tranche_id].append(ConditionStatus(condition=c, kind=c.kind, met=met, label=label, missing=missing))
    return result


def tranche_conditions_status(*, tranche: Tranche) -> list[ConditionStatus]:
    """Each release condition of ``tranche``: whether it holds, and what is missing if not."""
    return conditions_status_for([tranche])[tranche.pk]


def require_conditions_met(tranche: Tranche, *, field: str = "tranche") -> list[ConditionStatus]:
    statuses = tranche_conditions_status(tranche=tranche)
    unmet = [s for s in statuses if not s.met]
    if unmet:
        raise ValidationError({field: _("Tranche %(n)s cannot be released yet. Missing: %(missing)s.") % {
            "n": tranche.number, "missing": "; ".join(str(s) for s in unmet)}}, code="conditions_unmet")
    return statuses
